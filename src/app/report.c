/* report.c - park reports over the store: runs dj_report_compute on the
 * rows report_load.c loads, for a request given by natural keys (park
 * name, event code), and renders JSON, text (bulletin + figure table) or
 * XLSX.
 *
 * Invariants: money is int64 fen throughout; the figure table prints exact
 * yuan ("5262000000.00") next to the bulletin form ("52.62亿元"), the
 * workbook exact 万元 decimals as text - never a binary float. */
#include "app/app_report.h"

#include "app/app_int.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

/* ---- the request --------------------------------------------------------- */

struct query {
    dj_report_query q;
    char from[11], to[11], as_of[11];
    char park_name[256];
};

static int opt_fail(dj_diag *diag, const char *opt, const char *fmt, const char *arg)
{
    if (diag)
        snprintf(diag->field, sizeof diag->field, "%s", opt);
    return dj_diag_set(diag, DJ_EINVAL, fmt, arg);
}

static int opt_date(char out[11], const char *s, const char *opt, const char **dst, dj_diag *diag)
{
    if (!s)
        return DJ_OK;
    if (dj_date_parse(out, s, strlen(s)) < 0)
        return opt_fail(diag, opt, "not a date (YYYY-MM-DD): '%s'", s);
    *dst = out;
    return DJ_OK;
}

static int park_name_cb(const dj_row *row, void *ctx)
{
    dj_buf *b = ctx;
    dj_buf_printf(b, "%s%s", dj_buf_len(b) ? "、" : "", dj_row_text(row, "name"));
    return dj_buf_rc(b);
}

/* An unknown --park: names the parks that hold the text given (南宁高新 ->
 * 南宁高新区), else the first parks there are, so the user can pick one. */
static int unknown_park(dj_app *app, const char *park, dj_diag *diag)
{
    dj_field w[2] = {{"kind", dj_v_text("park")}, {"name", dj_v_text(park)}};
    unsigned char ops[2] = {DJ_WHERE_EQ, DJ_WHERE_CONTAINS};
    dj_buf b;
    int rc;

    dj_buf_init(&b, 0);
    rc = dj_store_each_ops(app->st, "orgs", w, ops, 2, "name", 5, 0, park_name_cb, &b, NULL);
    if (rc == DJ_OK && dj_buf_len(&b) == 0)
        rc = dj_store_each_ops(app->st, "orgs", w, ops, 1, "name", 5, 0, park_name_cb, &b, NULL);
    if (diag)
        snprintf(diag->field, sizeof diag->field, "park");
    if (rc == DJ_OK && dj_buf_len(&b))
        rc =
            dj_diag_set(diag, DJ_EINVAL,
                        "unknown park '%s' (no organisation of kind park has this name; parks: %s)",
                        park, dj_buf_cstr(&b));
    else
        rc = dj_diag_set(diag, DJ_EINVAL,
                         "unknown park '%s' (no organisation of kind park has this name)", park);
    dj_buf_fini(&b);
    return rc;
}

static int build_query(dj_app *app, struct query *x, const dj_app_report_req *r, dj_diag *diag)
{
    int rc;

    memset(x, 0, sizeof *x);
    if ((rc = opt_date(x->from, r->from, "from", &x->q.from, diag)) < 0 ||
        (rc = opt_date(x->to, r->to, "to", &x->q.to, diag)) < 0 ||
        (rc = opt_date(x->as_of, r->as_of, "as-of", &x->q.as_of, diag)) < 0)
        return rc;
    if (x->q.from && x->q.to && strcmp(x->q.from, x->q.to) > 0)
        return opt_fail(diag, "from", "the period starts after it ends (%s)", x->q.from);
    /* the cohort is the projects signed in the period: measuring it before
     * the period starts would count nothing */
    if (x->q.as_of && x->q.from && strcmp(x->q.as_of, x->q.from) < 0)
        return opt_fail(diag, "as-of", "--as-of is before the period starts (--from %s)",
                        x->q.from);
    if (r->park && *r->park) {
        /* only an organisation of kind park is a park (a university is not) */
        dj_field w[2] = {{"name", dj_v_text(r->park)}, {"kind", dj_v_text("park")}};
        rc = dj_store_find_id(app->st, "orgs", w, 2, &x->q.park_id, diag);
        if (rc == DJ_ENOTFOUND)
            return unknown_park(app, r->park, diag);
        if (rc < 0)
            return rc;
        snprintf(x->park_name, sizeof x->park_name, "%s", r->park);
        x->q.park_name = x->park_name;
    }
    if (r->event && *r->event) {
        dj_field w = {"code", dj_v_text(r->event)};
        rc = dj_store_find_id(app->st, "events", &w, 1, &x->q.event_id, diag);
        if (rc == DJ_ENOTFOUND)
            return opt_fail(diag, "event", "unknown event '%s'", r->event);
        if (rc < 0)
            return rc;
    }
    if (r->industry && *r->industry)
        x->q.industry = r->industry;
    return DJ_OK;
}

/* Loads and computes; on DJ_OK the caller finis both. */
static int compute(dj_app *app, const dj_app_report_req *r, struct query *x, dj_app_report_data *d,
                   dj_report_figures *f, dj_diag *diag)
{
    int rc;

    memset(f, 0, sizeof *f);
    memset(d, 0, sizeof *d);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read reports");
    if ((rc = build_query(app, x, r, diag)) < 0)
        return rc;
    if ((rc = dj_app_report_load(app, d, 0, diag)) < 0)
        return rc;
    return dj_report_compute(f, &d->in, &x->q, diag);
}

/* ---- the figure table (text and XLSX) ------------------------------------ */

enum fig_kind { FIG_COUNT, FIG_MONEY, FIG_PCT, FIG_MU, FIG_TEXT };

typedef struct fig {
    const char *group; /* section (pooled or static) */
    const char *label;
    int kind;
    int64_t v;
    int defined;      /* FIG_PCT */
    const char *text; /* FIG_TEXT */
} fig;

typedef struct figs {
    fig *v;
    size_t n, cap;
    int rc;
} figs;

static void put(figs *t, const char *group, const char *label, int kind, int64_t v)
{
    fig *f;
    if (t->rc < 0)
        return;
    DJ_ARRAY_GROW(t->rc, t->v, t->cap, t->n);
    if (t->rc < 0)
        return;
    f = &t->v[t->n++];
    memset(f, 0, sizeof *f);
    f->group = group;
    f->label = label;
    f->kind = kind;
    f->v = v;
    f->defined = 1;
}

static void put_pct(figs *t, const char *group, const char *label, const dj_report_pct *p)
{
    put(t, group, label, FIG_PCT, p->v);
    if (t->rc == DJ_OK)
        t->v[t->n - 1].defined = p->defined;
}

static void put_text(figs *t, const char *group, const char *label, const char *text)
{
    put(t, group, label, FIG_TEXT, 0);
    if (t->rc == DJ_OK)
        t->v[t->n - 1].text = text;
}

static const char *const contract_labels[DJ_DEAL_TYPE_COUNT][2] = {
    {"技术开发合同（份）", "技术开发合同金额"}, {"技术转让合同（份）", "技术转让合同金额"},
    {"技术许可合同（份）", "技术许可合同金额"}, {"技术咨询合同（份）", "技术咨询合同金额"},
    {"技术服务合同（份）", "技术服务合同金额"}, {"投资协议（份）", "投资协议金额"},
    {"框架协议（份）", "框架协议金额"},         {"合作意向（份）", "合作意向金额"},
};

static void period_figs(figs *t, const char *g, const dj_report_period *o, char *range)
{
    int i;

    put_text(t, g, "统计期间", range);
    put_text(t, g, "统计截至日", o->as_of[0] ? o->as_of : "—");
    put(t, g, "新签约项目（个）", FIG_COUNT, o->signed_count);
    put(t, g, "新签约项目总投资额", FIG_MONEY, o->signed_investment);
    if (o->signed_unpriced)
        put(t, g, "其中未披露投资额的项目（个）", FIG_COUNT, o->signed_unpriced);
    if (o->signed_undated) /* at 签约 or later with no date: in no period's count */
        put(t, g, "已签约但未注明签约日期、未计入的项目（个）", FIG_COUNT, o->signed_undated);
    put(t, g, "计划用地", FIG_MU, o->signed_land_mu);
    put(t, g, "就业岗位（个）", FIG_COUNT, o->signed_jobs);
    put(t, g, "预计年产值", FIG_MONEY, o->signed_annual_output);
    put(t, g, "增资（次）", FIG_COUNT, o->increase_count);
    put(t, g, "增资额", FIG_MONEY, o->increase_amount);
    put(t, g, "新增投资额", FIG_MONEY, o->new_investment);
    put(t, g, "开工项目（个）", FIG_COUNT, o->started_count);
    put(t, g, "投产项目（个）", FIG_COUNT, o->producing_count);
    put(t, g, "终止项目（个）", FIG_COUNT, o->terminated_count);
    put(t, g, "完成投资额", FIG_MONEY, o->completed_in_period);
    put(t, g, "累计完成投资额", FIG_MONEY, o->completed_total);
    put_pct(t, g, "开工率", &o->start_rate);
    put_pct(t, g, "投产率", &o->production_rate);
    put_pct(t, g, "资金到位率", &o->funds_rate);
    put_pct(t, g, "履约率", &o->performance_rate);
    put(t, g, "逾期项目（个）", FIG_COUNT, o->cohort_late);
    for (i = 0; i < DJ_DEAL_TYPE_COUNT; i++) {
        if (!o->contracts[i].count)
            continue;
        put(t, g, contract_labels[i][0], FIG_COUNT, o->contracts[i].count);
        put(t, g, contract_labels[i][1], FIG_MONEY, o->contracts[i].amount);
    }
    put(t, g, "技术合同（份）", FIG_COUNT, o->tech.count);
    put(t, g, "技术合同金额", FIG_MONEY, o->tech.amount);
    put(t, g, "技术合同签约方（家）", FIG_COUNT, o->tech.parties);
    put(t, g, "全部合同协议（份）", FIG_COUNT, o->all.count);
    put(t, g, "全部合同协议金额", FIG_MONEY, o->all.amount);
    if (o->all.unpriced)
        put(t, g, "其中未披露金额（份）", FIG_COUNT, o->all.unpriced);
}

static void growth_figs(figs *t, const char *g, const dj_report_growth *w)
{
    put_pct(t, g, "新签约项目数增长", &w->signed_count);
    put_pct(t, g, "新签约总投资额增长", &w->signed_investment);
    put_pct(t, g, "新增投资额增长", &w->new_investment);
    put_pct(t, g, "完成投资额增长", &w->completed_in_period);
    put_pct(t, g, "合同协议数增长", &w->contracts_count);
    put_pct(t, g, "合同协议金额增长", &w->contracts_amount);
    put_pct(t, g, "技术合同数增长", &w->tech_count);
    put_pct(t, g, "技术合同金额增长", &w->tech_amount);
}

/* Period ranges and event group names are pooled. */
static const char *range_text(struct dj__app_pool **pool, const dj_report_period *o)
{
    char s[64];
    int n =
        snprintf(s, sizeof s, "%s 至 %s", o->from[0] ? o->from : "不限", o->to[0] ? o->to : "不限");
    return dj__app_pool_dup(pool, s, (size_t)n);
}

static int build_figs(figs *t, const dj_report_figures *f, struct dj__app_pool **pool)
{
    size_t i;
    char *r;

    if (!(r = (char *)range_text(pool, &f->cur)))
        return DJ_ENOMEM;
    period_figs(t, "本期", &f->cur, r);
    if (f->has_yoy) {
        if (!(r = (char *)range_text(pool, &f->yoy)))
            return DJ_ENOMEM;
        put_text(t, "同比", "上年同期", r);
        put(t, "同比", "上年同期新签约项目（个）", FIG_COUNT, f->yoy.signed_count);
        put(t, "同比", "上年同期新签约总投资额", FIG_MONEY, f->yoy.signed_investment);
        put(t, "同比", "上年同期合同协议（份）", FIG_COUNT, f->yoy.all.count);
        growth_figs(t, "同比", &f->yoy_growth);
    }
    if (f->has_pop) {
        if (!(r = (char *)range_text(pool, &f->pop)))
            return DJ_ENOMEM;
        put_text(t, "环比", "上期", r);
        put(t, "环比", "上期新签约项目（个）", FIG_COUNT, f->pop.signed_count);
        put(t, "环比", "上期新签约总投资额", FIG_MONEY, f->pop.signed_investment);
        put(t, "环比", "上期合同协议（份）", FIG_COUNT, f->pop.all.count);
        growth_figs(t, "环比", &f->pop_growth);
    }
    for (i = 0; i < f->nevents; i++) {
        const dj_report_event_outcome *e = &f->events[i];
        char g[320];
        int n = snprintf(g, sizeof g, "活动：%s", e->name ? e->name : "?");
        const char *gp = dj__app_pool_dup(pool, g, n < (int)sizeof g ? (size_t)n : sizeof g - 1);
        if (!gp)
            return DJ_ENOMEM;
        put_text(t, gp, "开始日期", e->start_date);
        put(t, gp, "参会机构（家）", FIG_COUNT, e->participants);
        put(t, gp, "签到（家）", FIG_COUNT, e->checked_in);
        put(t, gp, "对接需求（条）", FIG_COUNT, e->requests);
        put(t, gp, "接受的需求（条）", FIG_COUNT, e->accepted);
        put(t, gp, "安排洽谈（场）", FIG_COUNT, e->scheduled);
        put(t, gp, "已洽谈（场）", FIG_COUNT, e->held);
        put(t, gp, "缺席（场）", FIG_COUNT, e->no_shows);
        put(t, gp, "取消（场）", FIG_COUNT, e->cancelled);
        put(t, gp, "签约合同协议（份）", FIG_COUNT, e->agreements);
        put(t, gp, "合同协议金额", FIG_MONEY, e->agreements_amount);
        put(t, gp, "签约项目（个）", FIG_COUNT, e->projects);
        put(t, gp, "签约项目投资额", FIG_MONEY, e->projects_investment);
    }
    return t->rc;
}

/* Exact yuan with two decimals: "5262000000.00", "-0.05". */
static void yuan2(char out[40], int64_t fen)
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(out, 40, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}

static void render_table(dj_buf *b, const figs *t)
{
    const char *group = NULL;
    size_t i;

    for (i = 0; i < t->n; i++) {
        const fig *f = &t->v[i];
        char s[64], y[40];
        if (!group || strcmp(group, f->group)) {
            dj_buf_printf(b, "%s[%s]\n", group ? "\n" : "", f->group);
            group = f->group;
        }
        dj_buf_printf(b, "  %s：", f->label);
        switch (f->kind) {
        case FIG_COUNT:
            dj_buf_printf(b, "%lld\n", (long long)f->v);
            break;
        case FIG_MONEY:
            dj_money_format_cn(s, f->v, " ");
            yuan2(y, f->v);
            dj_buf_printf(b, "%s（%s 元）\n", s, y);
            break;
        case FIG_PCT:
            if (f->defined) {
                dj_report_pct_format(s, f->v);
                dj_buf_printf(b, "%s%%\n", s);
            } else {
                dj_buf_puts(b, "—\n");
            }
            break;
        case FIG_MU:
            dj_decimal_format(s, f->v, 2);
            dj_buf_printf(b, "%s 亩\n", s);
            break;
        default:
            dj_buf_printf(b, "%s\n", f->text ? f->text : "");
        }
    }
}

int dj_app_report(dj_app *app, const dj_app_report_req *req, int format, dj_buf *out, dj_diag *diag)
{
    struct query x;
    dj_app_report_data d;
    dj_report_figures f;
    struct dj__app_pool *pool = NULL;
    figs t = {NULL, 0, 0, 0};
    int rc;

    if ((rc = compute(app, req, &x, &d, &f, diag)) < 0)
        goto done;
    if (format == DJ_APP_REPORT_JSON) {
        rc = dj_report_render_json(out, &f, &x.q);
        dj_buf_putc(out, '\n');
    } else {
        dj_report_render_text(out, &f, &x.q);
        dj_buf_puts(out, "\n\n");
        if ((rc = build_figs(&t, &f, &pool)) < 0)
            goto done;
        render_table(out, &t);
    }
    rc = dj_buf_rc(out);
done:
    dj_free(t.v);
    dj__app_pool_free(pool);
    dj_report_figures_fini(&f);
    dj_app_report_data_fini(&d);
    return rc;
}

/* ---- XLSX ---------------------------------------------------------------- */

static int xlsx_figs(lxw_worksheet *ws, const figs *t, lxw_format *head)
{
    static const char *const cols[] = {"分组", "指标", "数值", "单位", "简报写法"};
    lxw_row_t row = 1;
    size_t i;
    int c;

    for (c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], head);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, 2, 22, NULL);
    worksheet_set_column(ws, 4, 4, 16, NULL);
    for (i = 0; i < t->n; i++, row++) {
        const fig *f = &t->v[i];
        char s[64];
        worksheet_write_string(ws, row, 0, f->group, NULL);
        worksheet_write_string(ws, row, 1, f->label, NULL);
        switch (f->kind) {
        case FIG_COUNT: /* integers below 2^53 are exact doubles */
            if (f->v < ((int64_t)1 << 53) && f->v > -((int64_t)1 << 53))
                worksheet_write_number(ws, row, 2, (double)f->v, NULL);
            else {
                snprintf(s, sizeof s, "%lld", (long long)f->v);
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            break;
        case FIG_MONEY: /* exact 万元 as text: 1 fen = 0.000001 万元 */
            dj_decimal_format(s, f->v < 0 ? -f->v : f->v, 6);
            if (f->v < 0) {
                char neg[72];
                snprintf(neg, sizeof neg, "-%s", s);
                worksheet_write_string(ws, row, 2, neg, NULL);
            } else {
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            worksheet_write_string(ws, row, 3, "万元", NULL);
            dj_money_format_cn(s, f->v, "");
            worksheet_write_string(ws, row, 4, s, NULL);
            break;
        case FIG_PCT:
            if (f->defined) {
                dj_report_pct_format(s, f->v);
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            worksheet_write_string(ws, row, 3, "%", NULL);
            break;
        case FIG_MU:
            dj_decimal_format(s, f->v, 2);
            worksheet_write_string(ws, row, 2, s, NULL);
            worksheet_write_string(ws, row, 3, "亩", NULL);
            break;
        default:
            worksheet_write_string(ws, row, 2, f->text ? f->text : "", NULL);
        }
    }
    return DJ_OK;
}

int dj_app_report_xlsx(dj_app *app, const dj_app_report_req *req, const char *path, dj_diag *diag)
{
    struct query x;
    dj_app_report_data d;
    dj_report_figures f;
    struct dj__app_pool *pool = NULL;
    figs t = {NULL, 0, 0, 0};
    lxw_workbook *wb = NULL;
    lxw_worksheet *ws, *ws2;
    lxw_format *head;
    dj_buf text;
    char tmp[4096];
    int rc;

    dj_buf_init(&text, 0);
    if ((rc = compute(app, req, &x, &d, &f, diag)) < 0)
        goto done;
    if ((rc = build_figs(&t, &f, &pool)) < 0 || (rc = dj_report_render_text(&text, &f, &x.q)) < 0)
        goto done;
    if ((rc = dj__app_xlsx_new(&wb, tmp, sizeof tmp, path, diag)) < 0)
        goto done;
    if (!(ws = workbook_add_worksheet(wb, "报表")) || !(ws2 = workbook_add_worksheet(wb, "简报")) ||
        !(head = workbook_add_format(wb))) {
        rc = dj_diag_set(diag, DJ_ENOMEM, "cannot write %s: out of memory", path);
        goto done;
    }
    format_set_bold(head);
    xlsx_figs(ws, &t, head);
    worksheet_write_string(ws2, 0, 0, dj_buf_cstr(&text), NULL);
    worksheet_set_column(ws2, 0, 0, 120, NULL);
done:
    if (wb) /* the file at path only when complete */
        rc = dj__app_xlsx_close(wb, rc, tmp, path, diag);
    dj_buf_fini(&text);
    dj_free(t.v);
    dj__app_pool_free(pool);
    dj_report_figures_fini(&f);
    dj_app_report_data_fini(&d);
    return rc;
}
