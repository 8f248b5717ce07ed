/* render.c - the figures as JSON and as the Chinese bulletin paragraph.
 *
 * JSON: money is integer fen (keys end in _fen), land an exact decimal
 * number of 亩, percentages exact strings with two decimals ("24.26") or
 * null when undefined. The bulletin follows the style of park bulletins
 * ("2024年1-5月，兰州高新区新签约招商引资项目13个、总投资额52.62亿元"): amounts
 * through dj_money_format_cn with no space, percentages with two decimals,
 * and every clause whose figure is zero or undefined is left out. Both
 * renderers only append to a dj_buf; its sticky error is returned. */
#include "duijie/dj_report.h"

#include "report/report_int.h"
#include "util/buf.h"
#include "util/money.h"

#include <string.h>

/* ---- JSON ---------------------------------------------------------------- */

static void jkey(dj_buf *b, const char *k)
{
    dj_buf_json_str(b, k, strlen(k));
    dj_buf_putc(b, ':');
}

static void jint(dj_buf *b, const char *k, int64_t v, int comma)
{
    jkey(b, k);
    dj_buf_printf(b, "%lld%s", (long long)v, comma ? "," : "");
}

static void jstr(dj_buf *b, const char *k, const char *s, int comma)
{
    jkey(b, k);
    if (s && *s)
        dj_buf_json_str(b, s, strlen(s));
    else
        dj_buf_puts(b, "null");
    if (comma)
        dj_buf_putc(b, ',');
}

static void jpct(dj_buf *b, const char *k, const dj_report_pct *p, int comma)
{
    char t[32];
    jkey(b, k);
    if (p->defined) {
        dj_report_pct_format(t, p->v);
        dj_buf_printf(b, "\"%s\"", t);
    } else {
        dj_buf_puts(b, "null");
    }
    if (comma)
        dj_buf_putc(b, ',');
}

static void jcontracts(dj_buf *b, const char *k, const dj_report_contracts *c, int comma)
{
    jkey(b, k);
    dj_buf_printf(b, "{\"count\":%lld,\"amount_fen\":%lld,\"unpriced\":%lld,\"parties\":%lld}%s",
                  (long long)c->count, (long long)c->amount, (long long)c->unpriced,
                  (long long)c->parties, comma ? "," : "");
}

static void jperiod(dj_buf *b, const dj_report_period *o)
{
    char land[32];
    int i;

    dj_decimal_format(land, o->signed_land_mu, 2);
    dj_buf_putc(b, '{');
    jstr(b, "from", o->from, 1);
    jstr(b, "to", o->to, 1);
    jstr(b, "as_of", o->as_of, 1);
    jkey(b, "projects");
    dj_buf_putc(b, '{');
    jint(b, "signed", o->signed_count, 1);
    jint(b, "signed_investment_fen", o->signed_investment, 1);
    jint(b, "signed_unpriced", o->signed_unpriced, 1);
    jint(b, "signed_undated", o->signed_undated, 1);
    jkey(b, "signed_land_mu");
    dj_buf_printf(b, "%s,", land);
    jint(b, "signed_jobs", o->signed_jobs, 1);
    jint(b, "signed_annual_output_fen", o->signed_annual_output, 1);
    jint(b, "increases", o->increase_count, 1);
    jint(b, "increase_amount_fen", o->increase_amount, 1);
    jint(b, "new_investment_fen", o->new_investment, 1);
    jint(b, "started", o->started_count, 1);
    jint(b, "producing", o->producing_count, 1);
    jint(b, "terminated", o->terminated_count, 1);
    jint(b, "completed_in_period_fen", o->completed_in_period, 1);
    jint(b, "completed_total_fen", o->completed_total, 0);
    dj_buf_puts(b, "},");
    jkey(b, "cohort");
    dj_buf_putc(b, '{');
    jint(b, "signed", o->signed_count, 1);
    jint(b, "started", o->cohort_started, 1);
    jint(b, "producing", o->cohort_producing, 1);
    jint(b, "terminated", o->cohort_terminated, 1);
    jint(b, "late", o->cohort_late, 1);
    jint(b, "performing", o->cohort_performing, 1);
    jint(b, "investment_fen", o->cohort_investment, 1);
    jint(b, "completed_fen", o->cohort_completed, 1);
    jpct(b, "funds_rate", &o->funds_rate, 1);
    jpct(b, "start_rate", &o->start_rate, 1);
    jpct(b, "production_rate", &o->production_rate, 1);
    jpct(b, "performance_rate", &o->performance_rate, 0);
    dj_buf_puts(b, "},");
    jkey(b, "contracts");
    dj_buf_putc(b, '{');
    for (i = 0; i < DJ_DEAL_TYPE_COUNT; i++)
        jcontracts(b, dj_report_deal_type_name(i), &o->contracts[i], 1);
    jcontracts(b, "tech", &o->tech, 1);
    jcontracts(b, "all", &o->all, 0);
    dj_buf_puts(b, "}}");
}

static void jgrowth(dj_buf *b, const char *k, int has, const dj_report_growth *g, int comma)
{
    jkey(b, k);
    if (!has) {
        dj_buf_puts(b, comma ? "null," : "null");
        return;
    }
    dj_buf_putc(b, '{');
    jpct(b, "signed_count", &g->signed_count, 1);
    jpct(b, "signed_investment", &g->signed_investment, 1);
    jpct(b, "new_investment", &g->new_investment, 1);
    jpct(b, "completed_in_period", &g->completed_in_period, 1);
    jpct(b, "contracts_count", &g->contracts_count, 1);
    jpct(b, "contracts_amount", &g->contracts_amount, 1);
    jpct(b, "tech_count", &g->tech_count, 1);
    jpct(b, "tech_amount", &g->tech_amount, 0);
    dj_buf_puts(b, comma ? "}," : "}");
}

int dj_report_render_json(dj_buf *b, const dj_report_figures *f, const dj_report_query *q)
{
    size_t i;

    dj_buf_puts(b, "{\"query\":{");
    jkey(b, "park_id");
    if (q->park_id)
        dj_buf_printf(b, "%lld,", (long long)q->park_id);
    else
        dj_buf_puts(b, "null,");
    jstr(b, "park_name", q->park_name, 1);
    jstr(b, "industry", q->industry, 1);
    jkey(b, "event_id");
    if (q->event_id)
        dj_buf_printf(b, "%lld},", (long long)q->event_id);
    else
        dj_buf_puts(b, "null},");
    jkey(b, "current");
    jperiod(b, &f->cur);
    dj_buf_putc(b, ',');
    jkey(b, "yoy");
    if (f->has_yoy)
        jperiod(b, &f->yoy);
    else
        dj_buf_puts(b, "null");
    dj_buf_putc(b, ',');
    jkey(b, "pop");
    if (f->has_pop)
        jperiod(b, &f->pop);
    else
        dj_buf_puts(b, "null");
    dj_buf_puts(b, ",\"growth\":{");
    jgrowth(b, "yoy", f->has_yoy, &f->yoy_growth, 1);
    jgrowth(b, "pop", f->has_pop, &f->pop_growth, 0);
    dj_buf_puts(b, "},\"events\":[");
    for (i = 0; i < f->nevents; i++) {
        const dj_report_event_outcome *e = &f->events[i];
        if (i)
            dj_buf_putc(b, ',');
        dj_buf_putc(b, '{');
        jint(b, "event_id", e->event_id, 1);
        jstr(b, "name", e->name, 1);
        jstr(b, "start_date", e->start_date, 1);
        jint(b, "participants", e->participants, 1);
        jint(b, "checked_in", e->checked_in, 1);
        jint(b, "requests", e->requests, 1);
        jint(b, "accepted", e->accepted, 1);
        jint(b, "scheduled", e->scheduled, 1);
        jint(b, "held", e->held, 1);
        jint(b, "no_shows", e->no_shows, 1);
        jint(b, "cancelled", e->cancelled, 1);
        jint(b, "agreements", e->agreements, 1);
        jint(b, "agreements_amount_fen", e->agreements_amount, 1);
        jint(b, "projects", e->projects, 1);
        jint(b, "projects_investment_fen", e->projects_investment, 0);
        dj_buf_putc(b, '}');
    }
    dj_buf_puts(b, "]}");
    return dj_buf_rc(b);
}

/* ---- bulletin text ------------------------------------------------------- */

static void money(dj_buf *b, int64_t fen)
{
    char t[64];
    dj_money_format_cn(t, fen, "");
    dj_buf_puts(b, t);
}

static void pct(dj_buf *b, int64_t v)
{
    char t[32];
    dj_report_pct_format(t, v);
    dj_buf_puts(b, t);
    dj_buf_putc(b, '%');
}

/* "，同比增长24.26%" / "，同比下降3.10%" / "，与上年同期持平"; nothing when undefined. */
static void growth_clause(dj_buf *b, int has, const dj_report_pct *g)
{
    if (!has || !g->defined)
        return;
    if (g->v > 0) {
        dj_buf_puts(b, "，同比增长");
        pct(b, g->v);
    } else if (g->v < 0) {
        dj_buf_puts(b, "，同比下降");
        pct(b, -g->v);
    } else {
        dj_buf_puts(b, "，与上年同期持平");
    }
}

static void ymd_cn(dj_buf *b, int d, int with_year)
{
    if (with_year)
        dj_buf_printf(b, "%d年", d / 10000);
    dj_buf_printf(b, "%d月%d日", d / 100 % 100, d % 100);
}

/* "2024年", "2024年5月", "2024年1-5月", "2023年12月至2024年2月",
 * "2024年3月2日至5月20日", "2024年6月10日", "截至2024年5月31日",
 * "2024年3月1日以来", "". */
static void period_phrase(dj_buf *b, const dj_report_period *o)
{
    int lo, hi;

    (void)dj__report_date_parse(&lo, o->from[0] ? o->from : NULL);
    (void)dj__report_date_parse(&hi, o->to[0] ? o->to : NULL);
    if (lo && hi) {
        int ly = lo / 10000, lm = lo / 100 % 100, hy = hi / 10000, hm = hi / 100 % 100;
        int months = lo % 100 == 1 && hi % 100 == dj__report_days_in_month(hy, hm);
        if (months && ly == hy && lm == 1 && hm == 12)
            dj_buf_printf(b, "%d年", ly);
        else if (months && ly == hy && lm == hm)
            dj_buf_printf(b, "%d年%d月", ly, lm);
        else if (months && ly == hy)
            dj_buf_printf(b, "%d年%d-%d月", ly, lm, hm);
        else if (months)
            dj_buf_printf(b, "%d年%d月至%d年%d月", ly, lm, hy, hm);
        else if (lo == hi) {
            ymd_cn(b, lo, 1); /* one day: "2024年6月10日" */
        } else {
            ymd_cn(b, lo, 1);
            dj_buf_puts(b, "至");
            ymd_cn(b, hi, ly != hy);
        }
    } else if (hi) {
        dj_buf_puts(b, "截至");
        ymd_cn(b, hi, 1);
    } else if (lo) {
        ymd_cn(b, lo, 1);
        dj_buf_puts(b, "以来");
    }
}

/* Appends sep before every clause but the first of a sentence. */
typedef struct sentence {
    dj_buf *b;
    int n;
} sentence;

static void clause(sentence *s)
{
    if (s->n++)
        dj_buf_puts(s->b, "，");
}

static void end_sentence(sentence *s)
{
    if (s->n)
        dj_buf_puts(s->b, "。");
    s->n = 0;
}

static void projects_sentence(sentence *s, const dj_report_figures *f)
{
    const dj_report_period *o = &f->cur;
    dj_buf *b = s->b;

    if (o->signed_count) {
        clause(s);
        dj_buf_printf(b, "新签约招商引资项目%lld个", (long long)o->signed_count);
        if (o->signed_investment > 0) {
            dj_buf_puts(b, "、总投资额");
            money(b, o->signed_investment);
            growth_clause(b, f->has_yoy, &f->yoy_growth.signed_investment);
        }
        if (o->signed_land_mu > 0) {
            char t[32];
            dj_decimal_format(t, o->signed_land_mu, 2);
            clause(s);
            dj_buf_printf(b, "计划用地%s亩", t);
        }
        if (o->signed_jobs > 0) {
            clause(s);
            dj_buf_printf(b, "可新增就业岗位%lld个", (long long)o->signed_jobs);
        }
    }
    if (o->increase_count) {
        clause(s);
        dj_buf_printf(b, "增资项目%lld个", (long long)o->increase_count);
        if (o->increase_amount > 0) {
            dj_buf_puts(b, "、新增投资额");
            money(b, o->increase_amount);
        }
    }
    if (o->completed_in_period > 0) {
        clause(s);
        dj_buf_puts(b, o->from[0] ? "完成投资额" : "已完成投资额");
        money(b, o->completed_in_period);
        growth_clause(b, f->has_yoy, &f->yoy_growth.completed_in_period);
    }
    /* The cohort's rates, once it has anything to show: a fresh cohort with
     * no start, production, payment, lateness or termination says nothing. */
    if (o->signed_count && (o->cohort_started || o->cohort_producing || o->cohort_completed ||
                            o->cohort_late || o->cohort_terminated)) {
        const dj_report_pct *r[4] = {&o->start_rate, &o->production_rate, &o->funds_rate,
                                     &o->performance_rate};
        static const char *const name[4] = {"开工率", "投产率", "资金到位率", "履约率"};
        int i, first = 1;
        for (i = 0; i < 4; i++) {
            if (!r[i]->defined || !r[i]->v) /* a zero rate is left out like any zero */
                continue;
            if (first) {
                clause(s);
                dj_buf_puts(b, "新签约项目");
                first = 0;
            } else {
                dj_buf_puts(b, "、");
            }
            dj_buf_puts(b, name[i]);
            pct(b, r[i]->v);
        }
    }
}

static void contract_list(dj_buf *b, const dj_report_period *o, int from, int to, const char *unit)
{
    int i, first = 1;
    for (i = from; i <= to; i++) {
        const dj_report_contracts *k = &o->contracts[i];
        if (!k->count)
            continue;
        if (!first)
            dj_buf_puts(b, "；");
        first = 0;
        dj_buf_printf(b, "%s%lld%s", dj_report_deal_type_name_cn(i), (long long)k->count, unit);
        if (k->amount > 0) {
            dj_buf_puts(b, "、");
            money(b, k->amount);
        }
    }
}

static void contracts_sentence(sentence *s, const dj_report_figures *f)
{
    const dj_report_period *o = &f->cur;
    dj_buf *b = s->b;
    int i, ntypes = 0, last = 0;
    int64_t other = 0;

    for (i = DJ_DEAL_TECH_DEVELOPMENT; i <= DJ_DEAL_TECH_SERVICE; i++)
        if (o->contracts[i].count)
            ntypes++, last = i;
    if (o->tech.count) {
        clause(s);
        dj_buf_printf(b, "签订%s%lld项",
                      ntypes == 1 ? dj_report_deal_type_name_cn(last) : "技术合同",
                      (long long)o->tech.count);
        if (o->tech.amount > 0) {
            dj_buf_puts(b, "、合同金额");
            money(b, o->tech.amount);
        }
        if (ntypes > 1) {
            dj_buf_puts(b, "（其中");
            contract_list(b, o, DJ_DEAL_TECH_DEVELOPMENT, DJ_DEAL_TECH_SERVICE, "项");
            dj_buf_puts(b, "）");
        }
        growth_clause(b, f->has_yoy, &f->yoy_growth.tech_amount);
    }
    for (i = DJ_DEAL_INVESTMENT; i < DJ_DEAL_TYPE_COUNT; i++) {
        other += o->contracts[i].count;
    }
    if (other) {
        clause(s);
        dj_buf_puts(b, "签订");
        contract_list(b, o, DJ_DEAL_INVESTMENT, DJ_DEAL_TYPE_COUNT - 1, "份");
    }
}

/* single: one chosen event, named before as "在{活动}上"; lead: nothing but
 * that phrase precedes, so "本次活动" needs a comma after "上". */
static void events_sentence(sentence *s, const dj_report_figures *f, int single, int lead)
{
    dj_report_event_outcome t;
    dj_buf *b = s->b;
    size_t i;
    int glued = single; /* the first item follows "本次活动" without a comma */

    memset(&t, 0, sizeof t);
    for (i = 0; i < f->nevents; i++) {
        const dj_report_event_outcome *e = &f->events[i];
        t.participants += e->participants;
        t.checked_in += e->checked_in;
        t.requests += e->requests;
        t.accepted += e->accepted;
        t.answered += e->answered;
        t.scheduled += e->scheduled;
        t.held += e->held;
        t.no_shows += e->no_shows;
        t.agreements += e->agreements;
        t.agreements_amount += e->agreements_amount;
    }
    if (!f->nevents || (single && !t.participants && !t.requests && !t.scheduled && !t.agreements))
        return;
    clause(s);
    if (single)
        dj_buf_puts(b, lead ? "，本次活动" : "本次活动");
    else
        dj_buf_printf(b, "举办对接活动%zu场", f->nevents);
#define ITEM()         \
    do {               \
        if (glued)     \
            glued = 0; \
        else           \
            clause(s); \
    } while (0)
    if (t.participants) {
        ITEM();
        dj_buf_printf(b, "参会单位%lld家", (long long)t.participants);
        if (t.checked_in)
            dj_buf_printf(b, "（签到%lld家）", (long long)t.checked_in);
    }
    if (t.requests) {
        ITEM();
        dj_buf_printf(b, "提出洽谈需求%lld个", (long long)t.requests);
        if (t.answered) /* where nobody records answers, 接受0个 would be false */
            dj_buf_printf(b, "、接受%lld个", (long long)t.accepted);
    }
    if (t.scheduled) {
        ITEM();
        dj_buf_printf(b, "安排洽谈%lld场、实际洽谈%lld场", (long long)t.scheduled,
                      (long long)t.held);
        if (t.no_shows)
            dj_buf_printf(b, "、缺席%lld场", (long long)t.no_shows);
    }
    if (t.agreements) {
        ITEM();
        dj_buf_printf(b, "达成协议%lld项", (long long)t.agreements);
        if (t.agreements_amount > 0) {
            dj_buf_puts(b, "、金额");
            money(b, t.agreements_amount);
        }
    }
#undef ITEM
}

int dj_report_render_text(dj_buf *b, const dj_report_figures *f, const dj_report_query *q)
{
    sentence s = {b, 0};
    size_t base = dj_buf_len(b), start;
    const char *event_name = NULL;

    if (q->event_id && f->nevents == 1)
        event_name = f->events[0].name;
    period_phrase(b, &f->cur);
    if (dj_buf_len(b) > base)
        dj_buf_puts(b, "，");
    else if (!q->park_name && !event_name)
        dj_buf_puts(b, "累计");
    if (q->park_name)
        dj_buf_puts(b, q->park_name);
    if (q->industry && *q->industry) /* the projects and contracts are the industry's */
        dj_buf_printf(b, "%s行业", q->industry);
    if (event_name)
        dj_buf_printf(b, "在%s上", event_name);
    start = dj_buf_len(b);
    projects_sentence(&s, f);
    end_sentence(&s);
    contracts_sentence(&s, f);
    end_sentence(&s);
    if (!q->industry || !*q->industry) /* an event's outcome is every industry's */
        events_sentence(&s, f, event_name != NULL, dj_buf_len(b) == start);
    end_sentence(&s);
    if (dj_buf_len(b) == start)
        dj_buf_puts(b, q->industry && *q->industry ? "暂无签约项目和合同记录。"
                                                   : "暂无签约项目、合同和对接活动记录。");
    return dj_buf_rc(b);
}
