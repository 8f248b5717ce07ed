/* explain.c - why a candidate matched: the query terms it contains, each
 * once, words before bigrams and heaviest first within each, and highlight
 * spans in its fields (byte offsets), found by analysing the candidate again
 * and merging overlapping spans. A bigram counts only where it lies inside
 * one word of the candidate (judge_bigrams); for a query of one character,
 * searched through the bigrams holding it, the reason and the highlight are
 * that character (dj_index_qterm.focus). Each candidate term is looked up among the
 * query's by a hash of (kind, text) built per call. */
#include "match/match_int.h"

#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct hlctx {
    const dj_index_qterm *qt;
    size_t nqt;
    int field;
    const char *text; /* the field being analysed */
    size_t textlen;
    dj_match_span *sp;
    size_t nsp, capsp;
    uint16_t *used; /* per query term: occurrences in the candidate (saturating) */
    uint16_t *weak; /* per query bigram: occurrences across a word boundary */
    struct where {
        int field;
        size_t start, end;
    } * first;     /* per query term: its first occurrence in the candidate (field order) */
    uint8_t *cut;  /* bit per byte of the field: a word of the candidate starts or ends there */
    size_t cutlen; /* bytes the bitmap covers (the longest field's length + 1) */
    struct span {
        size_t qi, start, end;
    } * pend; /* the field's bigram matches, judged once its words are known */
    size_t npend, cappend;
    size_t word_start, word_end; /* the field's latest outermost word, edges not marked yet */
    size_t *order;               /* the matched query terms, heaviest first */
    uint32_t *slot; /* open addressing: hash of (kind, text) -> query term + 1; 0 = empty */
    size_t mask;    /* slot count - 1, a power of two over twice nqt */
    int err;
} hlctx;

/* A term's key: its text, seeded by whether it is a bigram (query bigrams
 * carry a \x01 before the text). */
static size_t term_slot(const hlctx *h, int bigram, const char *text, size_t len)
{
    return (size_t)dj_hash64(text, len, bigram ? 0x9e3779b97f4a7c15ull : 0) & h->mask;
}

static int qterm_bigram(const dj_index_qterm *q)
{
    return q->len > 0 && q->text[0] == '\x01';
}

/* Fills the slot table with the query terms; the first of equal ones wins. */
static void index_qterms(hlctx *h)
{
    for (size_t i = 0; i < h->nqt; i++) {
        const dj_index_qterm *q = &h->qt[i];
        int qb = qterm_bigram(q);
        size_t s = term_slot(h, qb, q->text + qb, q->len - (size_t)qb);
        for (; h->slot[s]; s = (s + 1) & h->mask) {
            const dj_index_qterm *o = &h->qt[h->slot[s] - 1];
            if (o->len == q->len && memcmp(o->text, q->text, q->len) == 0)
                break;
        }
        if (!h->slot[s])
            h->slot[s] = (uint32_t)i + 1;
    }
}

/* What a matched term adds, as BM25 sees it without field weights and
 * length normalisation: query weight x idf x saturated occurrences. */
static float term_rank(const dj_index_qterm *q, unsigned occurrences, float k1)
{
    return q->weight * q->idf * (float)occurrences / ((float)occurrences + k1);
}

/* The query term t is, or SIZE_MAX. */
static size_t find_qterm(const hlctx *h, const dj_term *t)
{
    int bigram = t->kind == DJ_TERM_BIGRAM;
    for (size_t s = term_slot(h, bigram, t->text, t->len); h->slot[s]; s = (s + 1) & h->mask) {
        const dj_index_qterm *q = &h->qt[h->slot[s] - 1];
        int qb = qterm_bigram(q);
        if (qb == bigram && q->len - (size_t)qb == t->len &&
            memcmp(q->text + qb, t->text, t->len) == 0)
            return h->slot[s] - 1;
    }
    return SIZE_MAX;
}

static void mark_cut(hlctx *h, size_t at)
{
    if (at < h->cutlen)
        h->cut[at >> 3] |= (uint8_t)(1u << (at & 7));
}

static void flush_word(hlctx *h)
{
    if (h->word_end) {
        mark_cut(h, h->word_start);
        mark_cut(h, h->word_end);
    }
    h->word_start = h->word_end = 0;
}

/* Terms come in order of start offset. The edges marked are those of the
 * words inside no other word: the segmentation's own, not the search-mode
 * sub-words within them (结构 of 钢结构), so a bigram inside one word (钢结)
 * stays inside it. A word is marked once no longer word can start with it. */
static void see_word(hlctx *h, size_t start, size_t end)
{
    if (h->word_end && start == h->word_start) {
        if (end > h->word_end)
            h->word_end = end;
        return;
    }
    if (h->word_end && end <= h->word_end)
        return; /* inside the current word */
    flush_word(h);
    h->word_start = start;
    h->word_end = end;
}

static int push_span(struct span **v, size_t *n, size_t *cap, struct span x)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct span *p = dj_realloc(*v, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        *v = p;
        *cap = nc;
    }
    (*v)[(*n)++] = x;
    return 0;
}

/* Whether a word of the candidate starts or ends strictly inside [start, end). */
static int crosses_word(const hlctx *h, size_t start, size_t end)
{
    for (size_t at = start + 1; at < end && at < h->cutlen; at++)
        if (h->cut[at >> 3] & (1u << (at & 7)))
            return 1;
    return 0;
}

static int add_span(hlctx *h, size_t start, size_t end)
{
    if (h->nsp == h->capsp) { /* every one: a stored body is at most 20,000 characters */
        size_t nc = h->capsp ? h->capsp * 2 : 16;
        dj_match_span *p = dj_realloc(h->sp, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        h->sp = p;
        h->capsp = nc;
    }
    h->sp[h->nsp].field = h->field;
    h->sp[h->nsp].start = start;
    h->sp[h->nsp].end = end;
    h->nsp++;
    return 0;
}

static void count(uint16_t *n)
{
    if (*n < UINT16_MAX)
        (*n)++;
}

/* Counts an occurrence of query term i at [start, end) of the current
 * field, keeping the first one (the text a reason shows as written). */
static void seen_at(hlctx *h, uint16_t *n, size_t i, size_t start, size_t end)
{
    if (!h->used[i] && !h->weak[i])
        h->first[i] = (struct where){h->field, start, end};
    count(n);
}

static int hl_cb(const dj_term *t, void *ctx)
{
    hlctx *h = ctx;
    size_t i;
    if (t->kind != DJ_TERM_BIGRAM) /* stop words too: their edges are word edges */
        see_word(h, t->start, t->end);
    if ((i = find_qterm(h, t)) == SIZE_MAX)
        return 0;
    if (h->qt[i].focus) { /* the character a one-character query asked for */
        size_t mid = t->start;
        dj_utf8_next(h->text, t->end < h->textlen ? t->end : h->textlen, &mid);
        size_t start = h->qt[i].focus == DJ_FOCUS_FIRST ? t->start : mid;
        size_t end = h->qt[i].focus == DJ_FOCUS_FIRST ? mid : t->end;
        seen_at(h, &h->used[i], i, start, end);
        return add_span(h, start, end);
    }
    if (t->kind == DJ_TERM_BIGRAM) /* judged when the field's words are all known */
        return push_span(&h->pend, &h->npend, &h->cappend, (struct span){i, t->start, t->end});
    seen_at(h, &h->used[i], i, t->start, t->end);
    return add_span(h, t->start, t->end);
}

/* A bigram inside one word of the candidate (人工 of 人工成本) is a reason and
 * is highlighted; one across two (测误 of 检测误报) only made the text score,
 * and is listed only when nothing else matched (weak). */
static int judge_bigrams(hlctx *h)
{
    int rc = 0;
    flush_word(h);
    for (size_t k = 0; k < h->npend && rc == 0; k++) {
        const struct span *p = &h->pend[k];
        if (crosses_word(h, p->start, p->end)) {
            seen_at(h, &h->weak[p->qi], p->qi, p->start, p->end);
        } else {
            seen_at(h, &h->used[p->qi], p->qi, p->start, p->end);
            rc = add_span(h, p->start, p->end);
        }
    }
    h->npend = 0;
    return rc;
}

static int cmp_span(const void *a, const void *b)
{
    const dj_match_span *x = a, *y = b;
    if (x->field != y->field)
        return x->field - y->field;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

int dj__match_explain(dj_match_result *r, const dj_index *idx, const dj_match_listing *c,
                      const dj_index_qterm *qt, size_t nqt)
{
    hlctx h;
    int rc = DJ_OK;
    const char *text[DJ_NFIELDS] = {c->title, c->keywords, c->body};
    size_t len[DJ_NFIELDS] = {c->title_len, c->keywords_len, c->body_len};
    const dj_index_config *cfg = dj_index_get_config(idx);
    dj_index_analyzer an = cfg->analyze ? cfg->analyze : dj_text_analyze;

    memset(&h, 0, sizeof h);
    h.qt = qt;
    h.nqt = nqt;
    for (h.mask = 15; h.mask < 2 * nqt; h.mask = h.mask * 2 + 1)
        ;
    size_t maxlen = 0;
    for (int f = 0; f < DJ_NFIELDS; f++)
        if (len[f] > maxlen)
            maxlen = len[f];
    h.cutlen = maxlen + 1;
    h.used = dj_calloc(nqt ? nqt : 1, sizeof *h.used);
    h.weak = dj_calloc(nqt ? nqt : 1, sizeof *h.weak);
    h.first = dj_calloc(nqt ? nqt : 1, sizeof *h.first);
    h.order = dj_calloc(nqt ? nqt : 1, sizeof *h.order);
    h.slot = dj_calloc(h.mask + 1, sizeof *h.slot);
    h.cut = dj_calloc(h.cutlen / 8 + 1, 1);
    if (!h.used || !h.weak || !h.first || !h.order || !h.slot || !h.cut) {
        rc = DJ_ENOMEM;
        goto done;
    }
    index_qterms(&h);
    for (int f = 0; f < DJ_NFIELDS; f++) {
        h.field = f;
        h.text = text[f];
        h.textlen = len[f];
        memset(h.cut, 0, h.cutlen / 8 + 1);
        if (len[f] && ((rc = an(text[f], len[f], cfg->analyze_flags, hl_cb, &h)) < 0 ||
                       (rc = judge_bigrams(&h)) < 0))
            goto done;
    }
    if (h.nsp > 1)
        qsort(h.sp, h.nsp, sizeof *h.sp, cmp_span);
    size_t n = 0;
    for (size_t i = 0; i < h.nsp; i++) { /* merge overlapping spans */
        if (n && h.sp[n - 1].field == h.sp[i].field && h.sp[i].start <= h.sp[n - 1].end) {
            if (h.sp[i].end > h.sp[n - 1].end)
                h.sp[n - 1].end = h.sp[i].end;
        } else {
            h.sp[n++] = h.sp[i];
        }
    }
    size_t nt = 0;
    for (size_t i = 0; i < nqt; i++)
        if (h.used[i])
            h.order[nt++] = i;
    if (!nt) /* only bigrams across words matched: they are the reason */
        for (size_t i = 0; i < nqt; i++)
            if ((h.used[i] = h.weak[i]))
                h.order[nt++] = i;
    /* words and Latin/number tokens, then bigrams (there for recall: one
     * across a word boundary, 烯散 of 石墨烯散热膜, explains nothing), each
     * heaviest first (insertion sort: a few dozen terms) */
    for (size_t i = 1; i < nt; i++) {
        size_t x = h.order[i], j = i;
        int bx = qterm_bigram(&qt[x]);
        float rx = term_rank(&qt[x], h.used[x], cfg->k1);
        for (; j > 0; j--) {
            size_t y = h.order[j - 1];
            int by = qterm_bigram(&qt[y]);
            if (bx > by || (bx == by && rx <= term_rank(&qt[y], h.used[y], cfg->k1)))
                break;
            h.order[j] = y;
        }
        h.order[j] = x;
    }
    r->terms = dj_calloc(nt ? nt : 1, sizeof *r->terms);
    if (!r->terms) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < nt; k++) { /* each as the candidate writes it: 乾 not 干, AOI not aoi */
        const struct where *w = &h.first[h.order[k]];
        const char *at = text[w->field] + w->start;
        size_t tl = w->end - w->start;
        int seen = 0;
        for (size_t j = 0; j < r->nterms && !seen; j++) /* a word and its bigram: once */
            seen = strlen(r->terms[j]) == tl && memcmp(r->terms[j], at, tl) == 0;
        if (seen)
            continue;
        char *s = dj_strndup(at, tl);
        if (!s) {
            rc = DJ_ENOMEM;
            goto done;
        }
        r->terms[r->nterms++] = s;
    }
    r->spans = h.sp;
    r->nspans = n;
    h.sp = NULL;
done:
    dj_free(h.sp);
    dj_free(h.used);
    dj_free(h.weak);
    dj_free(h.first);
    dj_free(h.order);
    dj_free(h.slot);
    dj_free(h.cut);
    dj_free(h.pend);
    return rc;
}
