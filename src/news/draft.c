/* draft.c - extracted articles -> draft events, deals and projects.
 *
 * Rules (docs/news.md): an article naming an event (对接会, 路演, 洽谈会 ...)
 * proposes one event with the article's place, first date and counts; each
 * money fact labelled as a contract/signing amount proposes a deal; each
 * money fact labelled as an investment total proposes a project, with the
 * land (亩), jobs, capacity and output facts of the same sentence. Drafts
 * are proposals only: nothing here stores anything.
 * Invariants: every draft's [start, end) lies within its article's text;
 * strings are NUL-terminated and truncated on character boundaries. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

static const char *const event_words[] = {"对接会", "对接活动", "路演",   "洽谈会", "推介会",
                                          "交流会", "签约仪式", "签约会", "招商会", "博览会",
                                          "展览会", "论坛",     "峰会",   "大会",   "沙龙"};

/* Copies s[0..len) into out (cap bytes) without splitting a character. */
static void copy_cut(char *out, size_t cap, const char *s, size_t len)
{
    if (len >= cap) {
        len = cap - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = 0;
}

/* True when the UTF-8 word w occurs in s[0..len). */
static int has_bytes(const char *s, size_t len, const char *w)
{
    size_t wl = strlen(w), i;
    for (i = 0; i + wl <= len; i++) {
        if (memcmp(s + i, w, wl) == 0)
            return 1;
    }
    return 0;
}

static int contains(const char *s, const char *w)
{
    return strstr(s, w) != NULL;
}

/* Sentence bounds (bytes) around offset p: after the previous 。 and up to
 * the next one. */
static void sentence_of(const dj_news_article *a, size_t p, size_t *s_out, size_t *e_out)
{
    size_t s = p, e = p;
    while (s > 0 && !(s >= 3 && memcmp(a->text + s - 3, "。", 3) == 0) && a->text[s - 1] != '\n')
        s--;
    while (e < a->text_len && !(e + 3 <= a->text_len && memcmp(a->text + e, "。", 3) == 0) &&
           a->text[e] != '\n')
        e++;
    *s_out = s;
    *e_out = e;
}

static void add_count(dj_news_draft *d, const dj_news_fact *f)
{
    if (d->ncounts >= sizeof d->counts / sizeof d->counts[0])
        return;
    copy_cut(d->counts[d->ncounts].label, sizeof d->counts[0].label, f->label, strlen(f->label));
    copy_cut(d->counts[d->ncounts].unit, sizeof d->counts[0].unit, f->q.unit, strlen(f->q.unit));
    d->counts[d->ncounts].value = f->q.value;
    d->ncounts++;
}

static void init_draft(dj_news_draft *d, int kind, const dj_news_doc *doc, size_t ai)
{
    const dj_news_article *a = &doc->articles[ai];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->amount_fen = -1;
    d->completed_fen = -1;
    d->land_mu = -1;
    d->article = ai;
    copy_cut(d->place, sizeof d->place, a->place, strlen(a->place));
    if (a->ndates > 0)
        copy_cut(d->date, sizeof d->date, a->text + a->dates[0].start,
                 a->dates[0].end - a->dates[0].start);
}

/* The event name: from after 举办/召开/举行 (or the clause start) to the end
 * of the event word at byte offset w (length wl). */
static void event_name(const dj_news_article *a, size_t w, size_t wl, size_t *s_out)
{
    static const char *const verbs[] = {"举办", "召开", "举行", "开展", "组织", "参加", "承办"};
    size_t s = w, lim = w > 120 ? w - 120 : 0, v;
    while (s > lim) {
        size_t p = s;
        /* step back one character */
        p--;
        while (p > 0 && ((unsigned char)a->text[p] & 0xC0) == 0x80)
            p--;
        if (memcmp(a->text + p, "，", 3) == 0 || memcmp(a->text + p, "。", 3) == 0 ||
            a->text[p] == '\n')
            break;
        for (v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
            if (p >= 3 && memcmp(a->text + p - 3, verbs[v], 6) == 0 && p + 3 <= w) {
                *s_out = p + 3;
                return;
            }
        }
        s = p;
    }
    *s_out = s;
    (void)wl;
}

static int push(dj_news_draft **v, size_t *n, size_t *cap, const dj_news_draft *d)
{
    int rc;
    DJ_ARRAY_GROW(rc, *v, *cap, *n);
    if (rc < 0)
        return rc;
    (*v)[(*n)++] = *d;
    return DJ_OK;
}

/* The event of article ai: its first event word, extended over a compound
 * name (路演暨校企对接会), with the name before it, and its counts.
 * Returns 0 when the article names no event. */
static int event_draft(dj_news_draft *d, const dj_news_doc *doc, size_t ai)
{
    const dj_news_article *a = &doc->articles[ai];
    const char *best = NULL;
    size_t best_at = 0, w, k, ws, wl, ns;

    for (w = 0; w < sizeof event_words / sizeof event_words[0]; w++) {
        const char *p = strstr(a->text, event_words[w]);
        if (p && (!best || p < best)) {
            best = p;
            best_at = w;
        }
    }
    if (!best)
        return 0;
    ws = (size_t)(best - a->text);
    wl = strlen(event_words[best_at]);
    for (w = 0; w < sizeof event_words / sizeof event_words[0]; w++) {
        const char *p = strstr(best + wl, event_words[w]);
        size_t gap = p ? (size_t)(p - (best + wl)) : 0;
        if (p && gap <= 24 && !memchr(best + wl, '\n', gap) && !has_bytes(best + wl, gap, "，") &&
            !has_bytes(best + wl, gap, "。"))
            wl = (size_t)(p - best) + strlen(event_words[w]);
    }
    event_name(a, ws, wl, &ns);
    init_draft(d, DJ_DRAFT_EVENT, doc, ai);
    copy_cut(d->name, sizeof d->name, a->text + ns, ws + wl - ns);
    d->start = ns;
    d->end = ws + wl;
    for (k = 0; k < a->nfacts; k++)
        if (a->facts[k].q.kind == DJ_QUANT_COUNT)
            add_count(d, &a->facts[k]);
    return 1;
}

/* A deal: a contract/signing amount (fact k, fen) with the counts of its
 * sentence. */
static void deal_draft(dj_news_draft *d, const dj_news_doc *doc, size_t ai, size_t k, int64_t fen)
{
    const dj_news_article *a = &doc->articles[ai];
    const dj_news_fact *f = &a->facts[k];
    size_t ss, se, j;

    init_draft(d, DJ_DRAFT_DEAL, doc, ai);
    d->amount_fen = fen;
    snprintf(d->name, sizeof d->name, "%s%s%s", a->title[0] ? a->title : a->place,
             a->title[0] || a->place[0] ? " " : "", f->label);
    sentence_of(a, f->q.start, &ss, &se);
    d->start = ss;
    d->end = se;
    for (j = 0; j < a->nfacts; j++)
        if (a->facts[j].q.kind == DJ_QUANT_COUNT &&
            (contains(a->facts[j].label, "签约") || a->facts[j].q.start >= ss) &&
            a->facts[j].q.end <= se)
            add_count(d, &a->facts[j]);
}

/* The project's name: the nearest "…项目" of the sentence [ss, ..) before
 * the amount at `at`, back to the previous ， 。 or 、; else the article's
 * title or place. */
static void project_name(dj_news_draft *d, const dj_news_article *a, size_t ss, size_t at)
{
    const char *proj = NULL, *p = a->text + ss;
    size_t pe, ps;

    while ((p = strstr(p, "项目")) && (size_t)(p - a->text) < at) {
        proj = p;
        p += 6;
    }
    if (!proj) {
        snprintf(d->name, sizeof d->name, "%s", a->title[0] ? a->title : a->place);
        return;
    }
    pe = (size_t)(proj - a->text) + 6;
    ps = pe - 6;
    while (ps > ss) {
        size_t q = ps - 1;
        while (q > ss && ((unsigned char)a->text[q] & 0xC0) == 0x80)
            q--;
        if (memcmp(a->text + q, "，", 3) == 0 || memcmp(a->text + q, "。", 3) == 0 ||
            memcmp(a->text + q, "、", 3) == 0)
            break;
        ps = q;
    }
    copy_cut(d->name, sizeof d->name, a->text + ps, pe - ps);
}

/* A project: a total investment (fact k, fen), named, with the land, the
 * completed investment and the counts of its sentence. */
static void project_draft(dj_news_draft *d, const dj_news_doc *doc, size_t ai, size_t k,
                          int64_t fen)
{
    const dj_news_article *a = &doc->articles[ai];
    size_t ss, se, j;

    init_draft(d, DJ_DRAFT_PROJECT, doc, ai);
    d->amount_fen = fen;
    sentence_of(a, a->facts[k].q.start, &ss, &se);
    d->start = ss;
    d->end = se;
    project_name(d, a, ss, a->facts[k].q.start);
    for (j = 0; j < a->nfacts; j++) {
        const dj_news_fact *g = &a->facts[j];
        int64_t gf;
        if (j == k || g->q.start < ss || g->q.end > se)
            continue;
        if (g->q.kind == DJ_QUANT_AREA && strcmp(g->q.unit, "亩") == 0)
            d->land_mu = g->q.value;
        else if (g->q.kind == DJ_QUANT_MONEY && contains(g->label, "完成") &&
                 dj_quant_money_fen(&gf, &g->q) == DJ_OK)
            d->completed_fen = gf;
        else if (g->q.kind != DJ_QUANT_PERCENT)
            add_count(d, g);
    }
}

int dj_news_drafts(dj_news_draft **out, size_t *n_out, const dj_news_doc *doc)
{
    dj_news_draft *v = NULL, d;
    size_t n = 0, cap = 0, ai, k;
    int rc = DJ_OK;

    *out = NULL;
    *n_out = 0;
    for (ai = 0; ai < doc->narticles && rc == DJ_OK; ai++) {
        const dj_news_article *a = &doc->articles[ai];
        if (event_draft(&d, doc, ai))
            rc = push(&v, &n, &cap, &d);
        for (k = 0; k < a->nfacts && rc == DJ_OK; k++) {
            const dj_news_fact *f = &a->facts[k];
            int64_t fen;
            if (f->q.kind != DJ_QUANT_MONEY || dj_quant_money_fen(&fen, &f->q) != DJ_OK)
                continue;
            if (contains(f->label, "合同") || contains(f->label, "签约") ||
                contains(f->label, "协议") || contains(f->label, "成交") ||
                contains(f->label, "交易")) {
                deal_draft(&d, doc, ai, k, fen);
                rc = push(&v, &n, &cap, &d);
            } else if (contains(f->label, "总投资") || contains(f->label, "投资总额")) {
                project_draft(&d, doc, ai, k, fen);
                rc = push(&v, &n, &cap, &d);
            }
        }
    }
    if (rc < 0) {
        dj_free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return DJ_OK;
}

const char *dj_news_draft_kind_name(int kind)
{
    switch (kind) {
    case DJ_DRAFT_EVENT:
        return "event";
    case DJ_DRAFT_DEAL:
        return "deal";
    case DJ_DRAFT_PROJECT:
        return "project";
    default:
        return "unknown";
    }
}

int dj_news_drafts_json(dj_buf *b, const dj_news_draft *drafts, size_t n)
{
    size_t i, k;
    dj_buf_puts(b, "{\"status\": \"draft\", \"note\": \"proposed records, not stored; "
                   "review and accept to create them\", \"drafts\": [");
    for (i = 0; i < n; i++) {
        const dj_news_draft *d = &drafts[i];
        dj_buf_puts(b, i ? ",\n  {" : "\n  {");
        dj_buf_printf(b, "\"kind\": \"%s\", \"status\": \"draft\", \"name\": ",
                      dj_news_draft_kind_name(d->kind));
        dj_buf_json_str(b, d->name, strlen(d->name));
        dj_buf_puts(b, ", \"place\": ");
        dj_buf_json_str(b, d->place, strlen(d->place));
        if (d->amount_fen >= 0)
            dj_buf_printf(b, ", \"amount_fen\": %lld", (long long)d->amount_fen);
        else
            dj_buf_puts(b, ", \"amount_fen\": null");
        if (d->completed_fen >= 0)
            dj_buf_printf(b, ", \"completed_fen\": %lld", (long long)d->completed_fen);
        else
            dj_buf_puts(b, ", \"completed_fen\": null");
        if (d->land_mu >= 0)
            dj_buf_printf(b, ", \"land_mu\": %.15g", d->land_mu);
        else
            dj_buf_puts(b, ", \"land_mu\": null");
        dj_buf_puts(b, ", \"counts\": [");
        for (k = 0; k < d->ncounts; k++) {
            dj_buf_puts(b, k ? ", {\"label\": " : "{\"label\": ");
            dj_buf_json_str(b, d->counts[k].label, strlen(d->counts[k].label));
            dj_buf_printf(b, ", \"value\": %.15g, \"unit\": ", d->counts[k].value);
            dj_buf_json_str(b, d->counts[k].unit, strlen(d->counts[k].unit));
            dj_buf_putc(b, '}');
        }
        dj_buf_puts(b, "], \"dates\": [");
        if (d->date[0])
            dj_buf_json_str(b, d->date, strlen(d->date));
        dj_buf_printf(b, "], \"article\": %zu, \"start\": %zu, \"end\": %zu}", d->article, d->start,
                      d->end);
    }
    dj_buf_puts(b, "\n]}\n");
    return dj_buf_rc(b);
}
