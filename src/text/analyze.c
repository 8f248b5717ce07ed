/* analyze.c - dj_text_analyze and dj_text_segment: normalise, segment, and
 * report terms with byte offsets into the original text.
 *
 * The input is processed in chunks of at most CHUNK bytes, cut at a newline
 * or another normalisation-safe boundary (dj__text_chunk_end), so that the
 * per-call buffers stay small and cache-resident whatever the text size;
 * they are allocated once per call and reused for every chunk.
 *
 * Order of terms: by start offset. For each word [k, e) (in code points of
 * the chunk) the analyser walks c = k..e-1 and emits, at c: the word itself
 * (c == k), the dictionary sub-words starting at c (search mode), and the
 * CJK bigram [c, c + 2) when both code points are Han (bigrams run across
 * word boundaries, inside a Han run). Punctuation and spaces are not terms
 * of the analyser; dj_text_segment reports punctuation as words.
 *
 * Speed: search-mode sub-words come from the dictionary walks the segmenter
 * already made (the DAG lists of dj__text_scratch) unless a user dictionary
 * is loaded; stop words are packed integers looked up in a small hash table;
 * dj_text_analyze_buf keeps the per-call buffers in a caller's dj_text_buf
 * (bulk indexing called malloc/realloc/free ~25 times per field). */
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <string.h>

#define CHUNK ((size_t)64 * 1024)

/* Built-in stop words (normalised), sorted by bytes for binary search. */
static const char *const stop_words[] = {
    "a",    "an",   "and",  "are",  "as",   "at",   "be",   "by",   "for",  "from", "in",   "is",
    "it",   "of",   "on",   "or",   "that", "the",  "this", "to",   "was",  "were", "with", "一个",
    "一些", "一种", "上",   "下",   "不",   "与",   "且",   "中",   "为",   "之",   "之一", "之前",
    "之后", "之间", "也",   "了",   "于",   "从",   "从而", "他",   "他们", "以",   "以上", "以下",
    "以便", "以及", "以来", "会",   "但",   "但是", "你",   "你们", "关于", "其",   "其中", "其他",
    "则",   "又",   "及",   "及其", "可以", "可能", "各",   "向",   "吗",   "吧",   "呀",   "呢",
    "和",   "哦",   "啊",   "嘛",   "因为", "因此", "在",   "她",   "她们", "如",   "如果", "它",
    "它们", "对",   "对于", "将",   "就",   "左右", "已",   "已经", "并",   "并且", "很",   "我",
    "我们", "或",   "所以", "把",   "是",   "更",   "最",   "某",   "此",   "此外", "每",   "没",
    "没有", "然而", "由",   "的",   "着",   "等",   "约",   "给",   "而",   "而且", "能",   "自己",
    "若",   "虽然", "被",   "要",   "让",   "该",   "过",   "还",   "这",   "这个", "这些", "这种",
    "进行", "通过", "那",   "那个", "那些", "都"};

#define NSTOP (sizeof stop_words / sizeof stop_words[0])

/* The stop words as keys (stop_key) in an open-addressing table (linear
 * probing, 0 = empty: a key is never 0, its top byte is the length), built by
 * dj_text_init. A probe is a multiply and usually one compare (a binary
 * search over the sorted keys was ~8 % of analysis time: one unpredictable
 * branch per step for every term). */
#define STOP_TAB 512 /* power of two, > 4 x NSTOP */
static uint64_t stop_tab[STOP_TAB];
static int stop_ready;

/* A word of <= 6 bytes as one integer: its bytes, then its length. */
static uint64_t stop_key(const char *w, size_t len)
{
    uint64_t k = (uint64_t)len << 56;
    for (size_t i = 0; i < len; i++)
        k |= (uint64_t)(unsigned char)w[i] << (8 * i);
    return k;
}

static uint32_t stop_slot(uint64_t k)
{
    return (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 55) & (STOP_TAB - 1);
}

uint64_t dj__text_stop_hash(void)
{
    uint64_t h = NSTOP;
    for (size_t i = 0; i < NSTOP; i++)
        h = dj_hash64(stop_words[i], strlen(stop_words[i]) + 1, h);
    return h;
}

void dj__text_stop_init(void)
{
    if (stop_ready)
        return;
    for (size_t i = 0; i < NSTOP; i++) {
        uint64_t k = stop_key(stop_words[i], strlen(stop_words[i]));
        uint32_t j = stop_slot(k);
        while (stop_tab[j] && stop_tab[j] != k)
            j = (j + 1) & (STOP_TAB - 1);
        stop_tab[j] = k;
    }
    stop_ready = 1;
}

static int is_stop(const char *w, size_t len)
{
    uint64_t k;

    if (len > 6 || len == 0)
        return 0;
    k = stop_key(w, len);
    for (uint32_t j = stop_slot(k); stop_tab[j]; j = (j + 1) & (STOP_TAB - 1))
        if (stop_tab[j] == k)
            return 1;
    return 0;
}

typedef struct emitter {
    dj__text_scratch *s;
    dj_term_cb cb;
    void *ctx;
} emitter;

/* Reports the term [k, e) (code points of the chunk). Its original span
 * covers whole original characters: a term that ends inside what one
 * character became (㍿ -> 株式会社; the term 式会) ends where that character
 * ends, not where it starts. */
static int emit(const emitter *em, size_t k, size_t e, int kind, int pos, int stop)
{
    const dj__text_scratch *s = em->s;
    size_t j = s->noff[e];
    dj_term t;

    t.text = s->norm + s->noff[k];
    t.len = s->noff[e] - s->noff[k];
    t.start = s->map[s->noff[k]];
    if (e < s->nchars && j > 0 && s->map[j] == s->map[j - 1])
        while (j < s->noff[s->nchars] && s->map[j] == s->map[s->noff[e] - 1])
            j++;
    t.end = s->map[j];
    t.kind = kind;
    t.pos = pos;
    t.is_stop = stop;
    return em->cb(&t, em->ctx);
}

/* Dictionary sub-words of the word [k, e) that start at c (search mode). */
static int emit_subwords(const emitter *em, size_t k, size_t c, size_t e, int pos)
{
    const dj__text_scratch *s = em->s;
    uint32_t node = 0, unode = 0;
    size_t f;
    int rc;

    /* Without a user dictionary the segmenter's walk from c (it stops at the
     * same missing trie node, and [k, e) holds only code points it walks
     * through) already listed the words: reuse it. */
    if (!dj__text_has_user() && s->doff[c] != DJ__NO_DAG) {
        const uint32_t *d = s->dn[c] ? s->dend + s->doff[c] : NULL; /* dend may be NULL */
        for (uint32_t i = 0; i < s->dn[c] && d[i] <= e; i++) {
            if (c == k && d[i] == e)
                continue;
            const char *w = s->norm + s->noff[c];
            size_t wl = s->noff[d[i]] - s->noff[c];
            if ((rc = emit(em, c, d[i], DJ_TERM_WORD, pos, is_stop(w, wl))) < 0)
                return rc;
        }
        return DJ_OK;
    }
    for (f = c; f < e; f++) {
        int word = 0;
        if (node && !(node = dj__text_dict_child(node, s->cps[f])))
            node = 0;
        else if (f == c)
            node = dj__text_dict_child(0, s->cps[f]);
        if (unode || f == c)
            unode = dj__text_user_child(unode, s->cps[f]);
        if (!node && !unode)
            break;
        word =
            (node && dj__text_builtin_logp(node) <= 0) || (unode && dj__text_user_logp(unode) <= 0);
        if (word && f > c && !(c == k && f + 1 == e)) {
            const char *w = s->norm + s->noff[c];
            size_t wl = s->noff[f + 1] - s->noff[c];
            if ((rc = emit(em, c, f + 1, DJ_TERM_WORD, pos, is_stop(w, wl))) < 0)
                return rc;
        }
    }
    return DJ_OK;
}

static int latin(const dj__text_scratch *s, size_t c)
{
    int cl = s->cls[c] & 0x7F;
    return cl == DJ__C_DIGIT || cl == DJ__C_ALPHA;
}

/* Search mode, a word [k, e) mixing Han and Latin/digits (a dictionary word
 * such as 5G专网 or X光): the Latin/number run starting at c, as it would be
 * on its own ("5g"), so that searching it finds the word's text. */
static int emit_latin_run(const emitter *em, size_t k, size_t c, size_t e, int pos)
{
    const dj__text_scratch *s = em->s;
    size_t r = c;
    int alpha = 0;

    if (!latin(s, c) || (c > k && latin(s, c - 1)))
        return DJ_OK;
    for (; r < e && latin(s, r); r++)
        alpha |= (s->cls[r] & 0x7F) == DJ__C_ALPHA;
    if (c == k && r == e) /* the whole word is the run: already emitted */
        return DJ_OK;
    return emit(em, c, r, alpha ? DJ_TERM_LATIN : DJ_TERM_NUMBER, pos,
                is_stop(s->norm + s->noff[c], s->noff[r] - s->noff[c]));
}

static int analyze_chunk(const emitter *em, int flags, int *pos)
{
    const dj__text_scratch *s = em->s;
    size_t k = 0, n = s->nchars, c;
    int rc;

    while (k < n) {
        size_t e = s->nxt[k];
        int kind = s->wkind[k], han = 0;

        if (kind == DJ__KIND_SPACE || kind == DJ__KIND_PUNCT) {
            k = e;
            continue;
        }
        for (c = k; c < e && !han; c++) /* Han anywhere: a dictionary word (5G专网 too) */
            han = (s->cls[c] & 0x7F) == DJ__C_HAN;
        for (c = k; c < e; c++) {
            if (c == k && (flags & DJ_ANALYZE_WORDS)) {
                const char *w = s->norm + s->noff[k];
                if ((rc = emit(em, k, e, kind, *pos, is_stop(w, s->noff[e] - s->noff[k]))) < 0)
                    return rc;
            }
            if ((flags & DJ_ANALYZE_SEARCH) && han && e - k >= 3 &&
                (rc = emit_subwords(em, k, c, e, *pos)) < 0)
                return rc;
            if ((flags & DJ_ANALYZE_SEARCH) && han && (rc = emit_latin_run(em, k, c, e, *pos)) < 0)
                return rc;
            /* the bigram of a two-character stop word (以上) is one too; the same
             * characters across words (以 上海) or inside one (可能性) are not */
            if ((flags & DJ_ANALYZE_BIGRAMS) && c + 1 < n && (s->cls[c] & 0x7F) == DJ__C_HAN &&
                (s->cls[c + 1] & 0x7F) == DJ__C_HAN &&
                (rc = emit(em, c, c + 2, DJ_TERM_BIGRAM, *pos,
                           c == k && e == k + 2 &&
                               is_stop(s->norm + s->noff[k], s->noff[e] - s->noff[k]))) < 0)
                return rc;
        }
        (*pos)++;
        k = e;
    }
    return DJ_OK;
}

static int segment_chunk(const emitter *em, int *pos)
{
    const dj__text_scratch *s = em->s;
    size_t k = 0, n = s->nchars, held = (size_t)-1;
    int rc;

    while (k < n) {
        size_t e = s->nxt[k], k0 = held != (size_t)-1 ? held : k;
        int kind = s->wkind[k];

        if (kind == DJ__KIND_SPACE) {
            k = e;
            continue;
        }
        if (e < n && s->map[s->noff[e] - 1] == s->map[s->noff[e]]) {
            /* The boundary falls inside what one original character became
             * (an NFKC expansion: ﷺ is four words): join with the next word.
             * (Asking whether the word *starts* in that character missed 9ﷺ,
             * whose first word 9صلى starts before it: words overlapped.) */
            held = k0;
            k = e;
            continue;
        }
        held = (size_t)-1;
        if ((rc = emit(em, k0, e, kind == DJ__KIND_PUNCT ? DJ_TERM_WORD : kind, *pos, 0)) < 0)
            return rc;
        (*pos)++;
        k = e;
    }
    return DJ_OK;
}

/* Analyses (or segments) text with the buffers of s, which it leaves
 * allocated for the caller to reuse or free. */
static int run(dj__text_scratch *s, const char *text, size_t len, int flags, int segment,
               dj_term_cb cb, void *ctx)
{
    emitter em;
    size_t start = 0;
    int pos = 0, rc = DJ_OK;

    if (!dj__text_is_ready())
        return DJ_EINVAL;
    em.s = s;
    em.cb = cb;
    em.ctx = ctx;
    while (start < len) {
        size_t end = dj__text_chunk_end(text, len, start, CHUNK);
        if ((rc = dj__text_norm_chunk(s, text + start, end - start, start)) < 0)
            break;
        if ((rc = dj__text_seg_chunk(s)) < 0)
            break;
        rc = segment ? segment_chunk(&em, &pos) : analyze_chunk(&em, flags, &pos);
        if (rc < 0)
            break;
        start = end;
    }
    return rc;
}

/* run() with a scratch of its own, freed on return. */
static int run_once(const char *text, size_t len, int flags, int segment, dj_term_cb cb, void *ctx)
{
    dj__text_scratch s;
    int rc;

    memset(&s, 0, sizeof s);
    rc = run(&s, text, len, flags, segment, cb, ctx);
    dj__text_scratch_fini(&s);
    return rc;
}

int dj_text_analyze(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx)
{
    return run_once(text, len, flags, 0, cb, ctx);
}

int dj_text_segment(const char *text, size_t len, dj_term_cb cb, void *ctx)
{
    return run_once(text, len, 0, 1, cb, ctx);
}

/* A dj_text_buf: the scratch of one call at a time, kept between calls. */
struct dj_text_buf {
    dj__text_scratch s;
};

/* Code points (and normalised bytes) of scratch a buffer keeps after a call;
 * a longer text's buffers are freed (up to ~60 bytes per code point). */
#define BUF_KEEP 4096

int dj_text_buf_new(dj_text_buf **out)
{
    *out = dj_calloc(1, sizeof **out);
    return *out ? DJ_OK : DJ_ENOMEM;
}

void dj_text_buf_free(dj_text_buf *buf)
{
    if (!buf)
        return;
    dj__text_scratch_fini(&buf->s);
    dj_free(buf);
}

int dj_text_analyze_buf(dj_text_buf *buf, const char *text, size_t len, int flags, dj_term_cb cb,
                        void *ctx)
{
    int rc = run(&buf->s, text, len, flags, 0, cb, ctx);
    if (buf->s.char_cap > BUF_KEEP || buf->s.norm_cap > 4 * BUF_KEEP ||
        buf->s.tmp_cap > 4 * BUF_KEEP || buf->s.raw_cap > 4 * BUF_KEEP ||
        buf->s.dend_cap > 4 * BUF_KEEP)
        dj__text_scratch_fini(&buf->s);
    return rc;
}
