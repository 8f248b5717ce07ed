/* draft.c - extracted articles -> draft events, deals and projects.
 *
 * Rules (docs/news.md): an article naming an event (对接会, 路演, 洽谈会 ...)
 * proposes one event with the article's place, first date and counts; each
 * money fact labelled as a contract/signing amount proposes a deal; each
 * money fact labelled as an investment total proposes a project, with the
 * land (亩), jobs, capacity and output facts of the same sentence. Drafts
 * are proposals only: nothing here stores anything.
 * Batches: a total whose sentence counts N >= 2 projects (集中签约项目8个，
 * 总投资46.2亿元) is a batch; amounts of the same kind named in the
 * enumeration after it (其中/包括/分别 later in its sentence, or opening the
 * next sentence, even across a paragraph break, up to the end of that sentence)
 * are its parts, each a draft of its own, and the batch draft keeps only
 * the rest (total minus parts, N minus parts items), so that accepting any
 * set of drafts counts no money twice. A batch whose every item is a part
 * proposes no rest draft.
 * Invariants: every draft's [start, end) lies within its article's text;
 * strings are NUL-terminated and truncated on character boundaries; a
 * part's part_of is the index of an earlier rest draft of the same kind and
 * article, or -1; a rest's amount_fen is its total minus its parts'. */
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
 * the next one, clipped to [lo, hi) (a batch and its parts share a
 * sentence). */
static void sentence_of(const dj_news_article *a, size_t p, size_t lo, size_t hi, size_t *s_out,
                        size_t *e_out)
{
    size_t s = p, e = p;
    while (s > lo && !(s >= 3 && memcmp(a->text + s - 3, "。", 3) == 0) && a->text[s - 1] != '\n')
        s--;
    while (e < a->text_len && e < hi &&
           !(e + 3 <= a->text_len && memcmp(a->text + e, "。", 3) == 0) && a->text[e] != '\n')
        e++;
    *s_out = s;
    *e_out = e;
}

/* Byte offset of the first occurrence of w in s[from, to), or to. */
static size_t find_in(const char *s, size_t from, size_t to, const char *w)
{
    size_t wl = strlen(w), i;
    for (i = from; i + wl <= to; i++) {
        if (memcmp(s + i, w, wl) == 0)
            return i;
    }
    return to;
}

/* Words that open the enumeration of a batch's items. */
static const char *const batch_markers[] = {"其中", "包括", "分别"};

/* Byte offset of the first batch marker in text[from, to), or to. */
static size_t marker_in(const dj_news_article *a, size_t from, size_t to)
{
    size_t m, best = to;
    for (m = 0; m < sizeof batch_markers / sizeof batch_markers[0]; m++) {
        size_t at = find_in(a->text, from, best, batch_markers[m]);
        if (at < best)
            best = at;
    }
    return best;
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
    d->batch_total_fen = -1;
    d->part_of = -1;
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
 * sentence within [lo, hi). */
static void deal_draft(dj_news_draft *d, const dj_news_doc *doc, size_t ai, size_t k, int64_t fen,
                       size_t lo, size_t hi)
{
    const dj_news_article *a = &doc->articles[ai];
    const dj_news_fact *f = &a->facts[k];
    size_t ss, se, j;

    init_draft(d, DJ_DRAFT_DEAL, doc, ai);
    d->amount_fen = fen;
    snprintf(d->name, sizeof d->name, "%s%s%s", a->title[0] ? a->title : a->place,
             a->title[0] || a->place[0] ? " " : "", f->label);
    sentence_of(a, f->q.start, lo, hi, &ss, &se);
    d->start = ss;
    d->end = se;
    for (j = 0; j < a->nfacts; j++)
        if (a->facts[j].q.kind == DJ_QUANT_COUNT &&
            (contains(a->facts[j].label, "签约") || a->facts[j].q.start >= ss) &&
            a->facts[j].q.end <= se)
            add_count(d, &a->facts[j]);
}

/* Start of the clause holding byte offset p: after the previous ， 。 、 or
 * ；, not before ss. */
static size_t clause_start(const dj_news_article *a, size_t ss, size_t p)
{
    while (p > ss) {
        size_t q = p - 1;
        while (q > ss && ((unsigned char)a->text[q] & 0xC0) == 0x80)
            q--;
        if (memcmp(a->text + q, "，", 3) == 0 || memcmp(a->text + q, "。", 3) == 0 ||
            memcmp(a->text + q, "、", 3) == 0 || memcmp(a->text + q, "；", 3) == 0)
            break;
        p = q;
    }
    return p;
}

/* The nearest "…项目" of [ss, at): *ps_out and *pe_out get its bytes, back
 * to the start of its clause. Returns 0 when there is none. */
static int project_words(size_t *ps_out, size_t *pe_out, const dj_news_article *a, size_t ss,
                         size_t at)
{
    size_t p = ss, proj = at, m;

    while ((p = find_in(a->text, p, at, "项目")) < at) {
        proj = p;
        p += 6;
    }
    if (proj == at)
        return 0;
    *pe_out = proj + 6;
    *ps_out = clause_start(a, ss, proj);
    /* an enumeration's word is no part of the name: 其中某碳纤维项目 */
    for (m = 0; m < sizeof batch_markers / sizeof batch_markers[0]; m++) {
        size_t ml = strlen(batch_markers[m]);
        if (*ps_out + ml < proj && memcmp(a->text + *ps_out, batch_markers[m], ml) == 0) {
            *ps_out += ml;
            if (*ps_out + 3 < proj && (memcmp(a->text + *ps_out, "为", 3) == 0 ||
                                       memcmp(a->text + *ps_out, "是", 3) == 0 ||
                                       memcmp(a->text + *ps_out, "：", 3) == 0))
                *ps_out += 3;
            break;
        }
    }
    return 1;
}

/* The project's name: the nearest "…项目" of the sentence [ss, ..) before
 * the amount at `at`, back to the previous ， 。 、 or ；; else the
 * article's title or place. */
static void project_name(dj_news_draft *d, const dj_news_article *a, size_t ss, size_t at)
{
    size_t ps, pe;

    if (!project_words(&ps, &pe, a, ss, at)) {
        snprintf(d->name, sizeof d->name, "%s", a->title[0] ? a->title : a->place);
        return;
    }
    copy_cut(d->name, sizeof d->name, a->text + ps, pe - ps);
}

/* A project: a total investment (fact k, fen), named, with the land, the
 * completed investment and the counts of its sentence within [lo, hi). */
static void project_draft(dj_news_draft *d, const dj_news_doc *doc, size_t ai, size_t k,
                          int64_t fen, size_t lo, size_t hi)
{
    const dj_news_article *a = &doc->articles[ai];
    size_t ss, se, j;

    init_draft(d, DJ_DRAFT_PROJECT, doc, ai);
    d->amount_fen = fen;
    sentence_of(a, a->facts[k].q.start, lo, hi, &ss, &se);
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

/* N when the money fact k totals a batch: the nearest project count before
 * it in its sentence (项目8个, 签约项目8项) is N >= 2, and no batch marker
 * comes before the amount in that sentence (总投资分别为5亿元、3亿元 gives
 * single amounts). 0 otherwise. */
static long batch_items(const dj_news_article *a, size_t k)
{
    const dj_news_fact *f = &a->facts[k];
    size_t ss, se, j;

    sentence_of(a, f->q.start, 0, a->text_len, &ss, &se);
    if (marker_in(a, ss, f->q.start) < f->q.start)
        return 0;
    for (j = k; j-- > 0 && a->facts[j].q.start >= ss;) {
        const dj_news_fact *g = &a->facts[j];
        if (g->q.kind != DJ_QUANT_COUNT || !contains(g->label, "项目") ||
            (strcmp(g->q.unit, "个") != 0 && strcmp(g->q.unit, "项") != 0))
            continue;
        if (g->q.value >= 2 && g->q.value < 1e6 && (double)(long)g->q.value == g->q.value)
            return (long)g->q.value;
        return 0;
    }
    return 0;
}

/* The enumeration of the batch whose total is fact k: from a marker later
 * in its sentence, or one opening the next sentence of the paragraph, to
 * the end of the marker's sentence. Returns 0 when there is none. */
static int batch_enum(const dj_news_article *a, size_t k, size_t *lo_out, size_t *hi_out)
{
    size_t ss, se, m, i;

    sentence_of(a, a->facts[k].q.start, 0, a->text_len, &ss, &se);
    m = marker_in(a, a->facts[k].q.end, se);
    if (m == se) {
        if (se + 3 > a->text_len || memcmp(a->text + se, "。", 3) != 0)
            return 0;
        m = se + 3;
        while (m < a->text_len && a->text[m] == '\n') /* the PDF line ended the paragraph */
            m++;
        for (i = 0; i < sizeof batch_markers / sizeof batch_markers[0]; i++) {
            if (m + strlen(batch_markers[i]) <= a->text_len &&
                memcmp(a->text + m, batch_markers[i], strlen(batch_markers[i])) == 0)
                break;
        }
        if (i == sizeof batch_markers / sizeof batch_markers[0])
            return 0;
    }
    sentence_of(a, m, m, a->text_len, &ss, &se);
    *lo_out = m;
    *hi_out = se;
    return 1;
}

/* The span of the part at fact k inside an enumeration [lo, hi): from the
 * clause naming its …项目 to the clause naming the next one. */
static void part_span(const dj_news_article *a, size_t k, size_t lo, size_t hi, size_t *plo,
                      size_t *phi)
{
    size_t ps, pe, next;

    *plo = lo;
    *phi = hi;
    if (project_words(&ps, &pe, a, lo, a->facts[k].q.start))
        *plo = ps;
    next = find_in(a->text, a->facts[k].q.end, hi, "项目");
    if (next < hi)
        *phi = clause_start(a, a->facts[k].q.end, next);
}

static int ends_with(const char *s, const char *w)
{
    size_t sl = strlen(s), wl = strlen(w);
    return sl >= wl && memcmp(s + sl - wl, w, wl) == 0;
}

/* Appends （共N个，其余M个） (or （共N个）) to a rest draft's name, cutting the
 * name on a character boundary when both do not fit. */
static void name_rest(dj_news_draft *d)
{
    char suffix[96], base[sizeof d->name];
    size_t sl, bl;

    if (d->batch_parts > 0)
        snprintf(suffix, sizeof suffix, "（共%ld个，其余%ld个）", d->batch_items,
                 d->batch_items - d->batch_parts);
    else
        snprintf(suffix, sizeof suffix, "（共%ld个）", d->batch_items);
    sl = strlen(suffix);
    copy_cut(base, sizeof base - sl, d->name, strlen(d->name));
    bl = strlen(base);
    memcpy(d->name, base, bl);
    memcpy(d->name + bl, suffix, sl + 1);
}

/* Drops the rest drafts that every item of their batch left empty (all
 * are parts) and renumbers part_of. */
static size_t drop_empty_rests(dj_news_draft *v, size_t n)
{
    size_t i, m = 0, k;

    for (i = 0; i < n; i++) {
        if (v[i].batch == DJ_BATCH_REST && v[i].batch_parts >= v[i].batch_items) {
            for (k = i + 1; k < n; k++)
                if (v[k].part_of == (long)i)
                    v[k].part_of = -1;
            continue;
        }
        for (k = i + 1; k < n; k++)
            if (v[k].part_of == (long)i)
                v[k].part_of = (long)m;
        v[m++] = v[i];
    }
    return m;
}

/* The money drafts of article ai, batches linked (see the file comment). */
static int money_drafts(dj_news_draft **v, size_t *n, size_t *cap, const dj_news_doc *doc,
                        size_t ai)
{
    const dj_news_article *a = &doc->articles[ai];
    long rest = -1; /* the open batch: its rest draft, enumeration [elo, ehi) */
    size_t elo = 0, ehi = 0, k, first = *n;
    dj_news_draft d;
    int rc = DJ_OK;

    for (k = 0; k < a->nfacts && rc == DJ_OK; k++) {
        const dj_news_fact *f = &a->facts[k];
        size_t lo = 0, hi = a->text_len, ps, pe;
        long nitems = 0;
        int64_t fen;
        int kind = 0, part = 0;

        if (f->q.kind != DJ_QUANT_MONEY || dj_quant_money_fen(&fen, &f->q) != DJ_OK)
            continue;
        if (contains(f->label, "合同") || contains(f->label, "签约") ||
            contains(f->label, "协议") || contains(f->label, "成交") || contains(f->label, "交易"))
            kind = DJ_DRAFT_DEAL;
        else if (contains(f->label, "总投资") || contains(f->label, "投资总额"))
            kind = DJ_DRAFT_PROJECT;
        if (rest >= 0 && f->q.start >= elo && f->q.start < ehi) {
            const dj_news_draft *r = &(*v)[rest];
            /* a project of a project batch may be labelled by its name
             * (其中，某光伏组件项目投资12亿元) */
            int k2 = kind ? kind : ends_with(f->label, "项目") ? DJ_DRAFT_PROJECT : 0;
            part = k2 == r->kind && fen <= r->amount_fen && r->batch_parts < r->batch_items;
            if (part)
                kind = k2;
        }
        if (!kind)
            continue;
        if (part) {
            part_span(a, k, elo, ehi, &lo, &hi);
        } else if ((nitems = batch_items(a, k)) > 0) {
            if (batch_enum(a, k, &elo, &ehi))
                hi = elo; /* the rest's own figures stop where its items start */
            else
                elo = ehi = 0;
        }
        if (kind == DJ_DRAFT_DEAL) {
            deal_draft(&d, doc, ai, k, fen, lo, hi);
            if (part && project_words(&ps, &pe, a, lo, f->q.start)) {
                /* a part deal is named by its project: 某光伏组件项目 签约金额 */
                char nm[sizeof d.name + sizeof f->label + 1];
                size_t pl = pe - ps < sizeof d.name ? pe - ps : sizeof d.name;
                copy_cut(nm, pl + 1, a->text + ps, pe - ps);
                snprintf(nm + strlen(nm), sizeof nm - strlen(nm), " %s", f->label);
                copy_cut(d.name, sizeof d.name, nm, strlen(nm));
            }
        } else {
            project_draft(&d, doc, ai, k, fen, lo, hi);
        }
        if (part) {
            dj_news_draft *r = &(*v)[rest];
            d.batch = DJ_BATCH_PART;
            d.batch_items = r->batch_items;
            d.batch_total_fen = r->batch_total_fen;
            d.part_of = rest;
            r->amount_fen -= fen;
            r->batch_parts++;
        } else if (nitems > 0) {
            d.batch = DJ_BATCH_REST;
            d.batch_items = nitems;
            d.batch_total_fen = fen;
            rest = ehi > elo ? (long)*n : -1;
        }
        while (d.end >= d.start + 3 && (memcmp(a->text + d.end - 3, "，", 3) == 0 ||
                                        memcmp(a->text + d.end - 3, "；", 3) == 0 ||
                                        memcmp(a->text + d.end - 3, "、", 3) == 0))
            d.end -= 3; /* a span cut before the next item ends without its comma */
        rc = push(v, n, cap, &d);
    }
    for (k = first; k < *n && rc == DJ_OK; k++)
        if ((*v)[k].batch == DJ_BATCH_REST)
            name_rest(&(*v)[k]);
    return rc;
}

int dj_news_drafts(dj_news_draft **out, size_t *n_out, const dj_news_doc *doc)
{
    dj_news_draft *v = NULL, d;
    size_t n = 0, cap = 0, ai;
    int rc = DJ_OK;

    *out = NULL;
    *n_out = 0;
    for (ai = 0; ai < doc->narticles && rc == DJ_OK; ai++) {
        if (event_draft(&d, doc, ai))
            rc = push(&v, &n, &cap, &d);
        if (rc == DJ_OK)
            rc = money_drafts(&v, &n, &cap, doc, ai);
    }
    if (rc < 0) {
        dj_free(v);
        return rc;
    }
    *out = v;
    *n_out = drop_empty_rests(v, n);
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
        dj_buf_printf(b,
                      "], \"article\": %zu, \"start\": %zu, \"end\": %zu, \"batch\": ", d->article,
                      d->start, d->end);
        if (d->batch == DJ_BATCH_REST)
            dj_buf_printf(
                b, "{\"role\": \"rest\", \"items\": %ld, \"parts\": %ld, \"total_fen\": %lld}}",
                d->batch_items, d->batch_parts, (long long)d->batch_total_fen);
        else if (d->batch == DJ_BATCH_PART && d->part_of >= 0)
            dj_buf_printf(b,
                          "{\"role\": \"part\", \"items\": %ld, \"total_fen\": %lld, \"of\": %ld}}",
                          d->batch_items, (long long)d->batch_total_fen, d->part_of);
        else if (d->batch == DJ_BATCH_PART)
            dj_buf_printf(
                b, "{\"role\": \"part\", \"items\": %ld, \"total_fen\": %lld, \"of\": null}}",
                d->batch_items, (long long)d->batch_total_fen);
        else
            dj_buf_puts(b, "null}");
    }
    dj_buf_puts(b, "\n]}\n");
    return dj_buf_rc(b);
}
