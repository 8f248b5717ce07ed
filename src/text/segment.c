/* segment.c - dictionary word segmentation of normalised text.
 *
 * The chunk's code points are classified (space, Han, digit, letter, other)
 * and grouped: a Latin/number run ("5g", "3.6", "1,000", "17%", "c++"), a
 * run of one repeated punctuation mark ("——", "……") and a whitespace run are
 * atomic (no word may start or end inside them). Over that, as in jieba, the
 * segmentation is the maximum-probability path through the DAG of all
 * dictionary words (built-in trie and user trie), computed right to left:
 *     route[k] = max over words w = [k, e) of logp(w) + route[e]
 * with extra candidate words that no dictionary holds:
 *  - an unknown Han character alone, at logp = ln(1 / total) (jieba's freq 1);
 *  - a whole Latin/number run (forced: it is the only way to cover it);
 *  - a number with a date/time unit: Arabic digits followed by
 *    年 月 日 号 时 分 秒 ("2001年", "12月");
 *  - a run of two or more Chinese numerals ("三十一", "二○○○").
 * Ties prefer the longer word (jieba does the same).
 *
 * The dictionary walks from every start are done first, all together one
 * code point per round (dag_build), so that the trie look-ups of a round,
 * which miss the cache, overlap; their words are kept (doff/dn/dend/dlp)
 * for the right-to-left pass and for the analyser's search mode, which
 * would otherwise walk the same paths again.
 *
 * dag_build also leaves the log-probability of each Han code point alone in
 * route[k], where the right-to-left pass reads it before writing route[k].
 *
 * Invariants: only reads s->norm[0..norm_len); fills cps/noff/cls/route/nxt/
 * wkind and the DAG lists for nchars code points; nxt[] from 0 chains to
 * nchars. No allocation except growing the scratch arrays. */
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <math.h>
#include <string.h>
#include <unicode/uchar.h>

#define INSIDE 0x80 /* cls flag: no word boundary before this code point */

/* A Latin/number run counts like a word of frequency ~200; a number with
 * a unit or a numeral run like one of ~1000, enough to beat its pieces. */
#define LATIN_LP  (-12.7)
#define NUMBER_LP (-11.0)

int dj__text_scratch_chars(dj__text_scratch *s, size_t n)
{
    size_t c = s->char_cap ? s->char_cap : 256;
    void *p;

    if (n + 1 <= s->char_cap)
        return DJ_OK;
    while (c < n + 1)
        c *= 2;
#define GROW(field)                                            \
    do {                                                       \
        if (!(p = dj_realloc(s->field, c * sizeof *s->field))) \
            return DJ_ENOMEM;                                  \
        s->field = p;                                          \
    } while (0)
    GROW(cps);
    GROW(noff);
    GROW(cls);
    GROW(route);
    GROW(nxt);
    GROW(wkind);
    GROW(doff);
    GROW(dn);
    GROW(wk);
    GROW(wnode);
#undef GROW
    s->char_cap = c;
    return DJ_OK;
}

int dj__text_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9')
            return DJ__C_DIGIT;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return DJ__C_ALPHA;
        if (cp <= 0x20 || cp == 0x7F)
            return DJ__C_SPACE;
        return DJ__C_PUNCT;
    }
    if (dj_is_cjk(cp) || cp == 0x3007 || cp == 0x25CB)
        return DJ__C_HAN;
    if (cp == 0x85 || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
        cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0xFEFF)
        return DJ__C_SPACE;
    if (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp) || u_getCombiningClass((UChar32)cp))
        return DJ__C_ALPHA;
    return DJ__C_PUNCT;
}

/* Chinese numerals that may start a number (几 may only continue one). */
static int is_numeral(uint32_t cp, int start)
{
    switch (cp) {
    case 0x3007: /* 〇 */
    case 0x25CB: /* ○ */
    case 0x96F6: /* 零 */
    case 0x4E00: /* 一 */
    case 0x4E8C: /* 二 */
    case 0x4E09: /* 三 */
    case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */
    case 0x516D: /* 六 */
    case 0x4E03: /* 七 */
    case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */
    case 0x5341: /* 十 */
    case 0x767E: /* 百 */
    case 0x5343: /* 千 */
    case 0x4E07: /* 万 */
    case 0x4EBF: /* 亿 */
    case 0x4E24: /* 两 */
        return 1;
    case 0x51E0: /* 几 */
        return !start;
    default:
        return 0;
    }
}

static int is_time_unit(uint32_t cp)
{
    return cp == 0x5E74 /* 年 */ || cp == 0x6708 /* 月 */ || cp == 0x65E5 /* 日 */ ||
           cp == 0x53F7 /* 号 */ || cp == 0x65F6 /* 时 */ || cp == 0x5206 /* 分 */ ||
           cp == 0x79D2 /* 秒 */;
}

/* 百 千 万 亿 after Arabic digits belong to the number: 3.6亿, 5万. */
static int is_magnitude(uint32_t cp)
{
    return cp == 0x767E || cp == 0x5343 || cp == 0x4E07 || cp == 0x4EBF;
}

static int alnum(uint8_t c)
{
    c &= (uint8_t)~INSIDE;
    return c == DJ__C_DIGIT || c == DJ__C_ALPHA;
}

/* Marks atomic runs with INSIDE on every code point but the first. */
static void mark_runs(dj__text_scratch *s)
{
    size_t n = s->nchars, k = 0, e, m;
    const uint32_t *cp = s->cps;
    uint8_t *cls = s->cls;

    while (k < n) {
        uint8_t c = cls[k];
        e = k + 1;
        if (c == DJ__C_DIGIT || c == DJ__C_ALPHA) {
            for (;;) {
                if (e < n && alnum(cls[e])) {
                    e++;
                } else if (e + 1 < n && cp[e] == '.' && cls[e - 1] == DJ__C_DIGIT &&
                           cls[e + 1] == DJ__C_DIGIT) {
                    e += 2;
                } else if (e + 3 < n + 0 && cp[e] == ',' && cls[e - 1] == DJ__C_DIGIT &&
                           cls[e + 1] == DJ__C_DIGIT && cls[e + 2] == DJ__C_DIGIT &&
                           cls[e + 3] == DJ__C_DIGIT && (e + 4 == n || cls[e + 4] != DJ__C_DIGIT)) {
                    e += 4;
                } else {
                    break;
                }
            }
            if (e < n && cp[e] == '%' && cls[e - 1] == DJ__C_DIGIT) {
                e++;
            } else if (cls[e - 1] == DJ__C_ALPHA) {
                /* c++, c#: at most two trailing marks not followed by alnum */
                size_t t = e;
                while (t < n && t - e < 2 && (cp[t] == '+' || cp[t] == '#'))
                    t++;
                if (t > e && (t == n || !alnum(cls[t])))
                    e = t;
            }
        } else if (c == DJ__C_PUNCT) {
            while (e < n && cp[e] == cp[k])
                e++;
        } else if (c == DJ__C_SPACE) {
            while (e < n && cls[e] == DJ__C_SPACE)
                e++;
        }
        for (m = k + 1; m < e; m++)
            cls[m] |= INSIDE;
        k = e;
    }
}

static size_t run_end(const dj__text_scratch *s, size_t k)
{
    size_t e = k + 1;
    while (e < s->nchars && (s->cls[e] & INSIDE))
        e++;
    return e;
}

static int cut_ok(const dj__text_scratch *s, size_t e)
{
    return e >= s->nchars || !(s->cls[e] & INSIDE);
}

static int is_number_run(const dj__text_scratch *s, size_t k, size_t e)
{
    size_t i;
    for (i = k; i < e; i++) {
        if ((s->cls[i] & ~INSIDE) == DJ__C_ALPHA)
            return 0;
    }
    return 1;
}

/* Grows the raw walk-result arrays to hold need entries. */
static int raw_reserve(dj__text_scratch *s, size_t need)
{
    size_t c = s->raw_cap ? s->raw_cap : 1024;
    void *p;

    if (need <= s->raw_cap)
        return DJ_OK;
    while (c < need)
        c *= 2;
    if (!(p = dj_realloc(s->rk, c * sizeof *s->rk)))
        return DJ_ENOMEM;
    s->rk = p;
    if (!(p = dj_realloc(s->rend, c * sizeof *s->rend)))
        return DJ_ENOMEM;
    s->rend = p;
    if (!(p = dj_realloc(s->rnode, c * sizeof *s->rnode)))
        return DJ_ENOMEM;
    s->rnode = p;
    s->raw_cap = c;
    return DJ_OK;
}

static int walkable(uint8_t c)
{
    c &= (uint8_t)~INSIDE;
    return c == DJ__C_HAN || c == DJ__C_ALPHA || c == DJ__C_DIGIT;
}

/* The DAG: for every code point k where a word may start (not INSIDE;
 * Han, letter or digit) the built-in dictionary words [k, e) of >= 2 code
 * points, walking the trie while code points are Han, letters or digits.
 * All walks advance together, one code point per round, so that the
 * trie look-ups of a round (cache misses) are issued back to back. */
static int dag_build(dj__text_scratch *s)
{
    size_t n = s->nchars, na = 0, nr = 0, k, r, a, i, tot;
    const double unknown = dj__text_unknown_logp();
    const uint32_t *cp = s->cps;
    const uint8_t *cls = s->cls;
    int rc;

    for (k = 0; k < n; k++) {
        uint32_t node;
        s->doff[k] = DJ__NO_DAG;
        s->dn[k] = 0;
        if ((cls[k] & INSIDE) || !walkable(cls[k]))
            continue;
        s->doff[k] = 0;
        node = dj__text_dict_child(0, cp[k]);
        if (cls[k] == DJ__C_HAN) {
            /* the single character's candidate, kept in route[k] until the
             * right-to-left pass reads it (route[k] is written at step k) */
            float lp = dj__text_builtin_logp(node);
            s->route[k] = lp <= 0 ? (double)lp : unknown;
        }
        if (node != 0) {
            s->wk[na] = (uint32_t)k;
            s->wnode[na++] = node;
        }
    }
    for (r = 1; na; r++) {
        size_t m = 0;
        if (dj__text_edges) {
            /* drop the walks the filter proves ended, prefetch the others */
            for (a = 0; a < na; a++) {
                size_t e = s->wk[a] + r;
                if (e < n && walkable(cls[e]) && dj__text_edge_maybe(s->wnode[a], cp[e])) {
                    __builtin_prefetch(&dj__text_edges[dj__text_edge_slot(s->wnode[a], cp[e]) &
                                                       dj__text_edge_mask]);
                    s->wk[m] = s->wk[a];
                    s->wnode[m++] = s->wnode[a];
                }
            }
            na = m;
            m = 0;
        }
        if ((rc = raw_reserve(s, nr + na)) < 0)
            return rc;
        for (a = 0; a < na; a++) {
            size_t e = s->wk[a] + r;
            uint32_t node;
            if (e >= n || !walkable(cls[e]) || !(node = dj__text_dict_child(s->wnode[a], cp[e])))
                continue;
            __builtin_prefetch(&dj__text_dict_logp[node]);
            s->rk[nr] = s->wk[a];
            s->rend[nr] = (uint32_t)(e + 1);
            s->rnode[nr++] = node;
            s->wk[m] = s->wk[a];
            s->wnode[m++] = node;
        }
        na = m;
    }
    /* keep the words (logp <= 0), grouped by start, ends ascending */
    for (i = 0; i < nr; i++) {
        if (dj__text_builtin_logp(s->rnode[i]) <= 0)
            s->dn[s->rk[i]]++;
        else
            s->rnode[i] = 0; /* not a word */
    }
    for (k = 0, tot = 0; k < n; k++) {
        if (s->doff[k] == DJ__NO_DAG)
            continue;
        s->doff[k] = (uint32_t)tot;
        tot += s->dn[k];
        s->dn[k] = 0;
    }
    if (tot > s->dend_cap) {
        size_t c = s->dend_cap ? s->dend_cap : 1024;
        void *p;
        while (c < tot)
            c *= 2;
        if (!(p = dj_realloc(s->dend, c * sizeof *s->dend)))
            return DJ_ENOMEM;
        s->dend = p;
        if (!(p = dj_realloc(s->dlp, c * sizeof *s->dlp)))
            return DJ_ENOMEM;
        s->dlp = p;
        s->dend_cap = c;
    }
    for (i = 0; i < nr; i++) {
        uint32_t at;
        if (!s->rnode[i])
            continue;
        at = s->doff[s->rk[i]] + s->dn[s->rk[i]]++;
        s->dend[at] = s->rend[i];
        s->dlp[at] = dj__text_builtin_logp(s->rnode[i]);
    }
    s->dend_len = tot;
    return DJ_OK;
}

/* Relaxes route[k] with the candidate word [k, e). */
#define CAND(e_, lp_, kind_)                            \
    do {                                                \
        double v_ = (lp_) + s->route[(e_)];             \
        if (v_ > best || (v_ == best && (e_) > bend)) { \
            best = v_;                                  \
            bend = (e_);                                \
            bkind = (kind_);                            \
        }                                               \
    } while (0)

int dj__text_seg_chunk(dj__text_scratch *s)
{
    size_t i = 0, n = 0, k;
    const int user = dj__text_has_user();
    int rc;

    if ((rc = dj__text_scratch_chars(s, s->norm_len)) < 0)
        return rc;
    while (i < s->norm_len) {
        const unsigned char *b = (const unsigned char *)s->norm + i;
        uint32_t cp;
        s->noff[n] = (uint32_t)i;
        /* fast paths (same results as dj_utf8_next and dj__text_class):
         * ASCII, and well-formed 3-byte sequences of the CJK block */
        if (b[0] < 0x80) {
            cp = b[0];
            i++;
            s->cls[n] = (uint8_t)dj__text_class(cp);
        } else if (b[0] >= 0xE4 && b[0] <= 0xE9 && i + 2 < s->norm_len && (b[1] & 0xC0) == 0x80 &&
                   (b[2] & 0xC0) == 0x80) {
            cp = (uint32_t)(b[0] & 0x0F) << 12 | (uint32_t)(b[1] & 0x3F) << 6 | (b[2] & 0x3F);
            i += 3;
            s->cls[n] = (uint8_t)(cp >= 0x4E00 ? DJ__C_HAN : dj__text_class(cp));
        } else {
            cp = dj_utf8_next(s->norm, s->norm_len, &i);
            s->cls[n] = (uint8_t)dj__text_class(cp);
        }
        s->cps[n] = cp;
        n++;
    }
    s->noff[n] = (uint32_t)s->norm_len;
    s->nchars = n;
    mark_runs(s);
    s->route[n] = 0;
    s->nxt[n] = (uint32_t)n;
    s->wkind[n] = 0;
    if ((rc = dag_build(s)) < 0)
        return rc;
    for (k = n; k-- > 0;) {
        uint8_t c = s->cls[k];
        double best = -HUGE_VAL;
        size_t bend = k + 1, e;
        int bkind = DJ_TERM_WORD;

        if (c & INSIDE) {
            s->route[k] = -HUGE_VAL;
            s->nxt[k] = (uint32_t)(k + 1);
            s->wkind[k] = 0;
            continue;
        }
        if (c == DJ__C_SPACE || c == DJ__C_PUNCT) {
            e = run_end(s, k);
            CAND(e, 0.0, c == DJ__C_SPACE ? DJ__KIND_SPACE : DJ__KIND_PUNCT);
        } else {
            uint32_t unode = 0;
            if (c == DJ__C_HAN) {
                CAND(k + 1, s->route[k], DJ_TERM_WORD); /* set by dag_build */
            } else {
                int num;
                e = run_end(s, k);
                num = is_number_run(s, k, e);
                CAND(e, LATIN_LP, num ? DJ_TERM_NUMBER : DJ_TERM_LATIN);
                if (num && e < n && is_time_unit(s->cps[e]))
                    CAND(e + 1, NUMBER_LP, DJ_TERM_WORD);
                if (num && e < n && is_magnitude(s->cps[e])) {
                    size_t m = e + 1;
                    while (m < n && is_magnitude(s->cps[m]))
                        m++;
                    CAND(m, NUMBER_LP, DJ_TERM_NUMBER);
                }
            }
            /* Dictionary words starting at k (the DAG, ends ascending). */
            for (uint32_t d = 0; d < s->dn[k]; d++) {
                e = s->dend[s->doff[k] + d];
                if (cut_ok(s, e))
                    CAND(e, (double)s->dlp[s->doff[k] + d], DJ_TERM_WORD);
            }
            for (e = k; user && e < n; e++) {
                float lp;
                if (!(unode = dj__text_user_child(unode, s->cps[e])))
                    break;
                lp = dj__text_user_logp(unode);
                if (lp <= 0 && cut_ok(s, e + 1))
                    CAND(e + 1, (double)lp, DJ_TERM_WORD);
            }
            if (c == DJ__C_HAN && is_numeral(s->cps[k], 1) &&
                (k == 0 || !is_numeral(s->cps[k - 1], 0))) {
                size_t r = k + 1;
                while (r < n && is_numeral(s->cps[r], 0))
                    r++;
                if (r - k >= 2) {
                    CAND(r, NUMBER_LP, DJ_TERM_WORD);
                    if (r < n && is_time_unit(s->cps[r]))
                        CAND(r + 1, NUMBER_LP, DJ_TERM_WORD);
                }
            }
        }
        s->route[k] = best;
        s->nxt[k] = (uint32_t)bend;
        s->wkind[k] = (uint8_t)bkind;
    }
    return DJ_OK;
}

/* Whether code point c ends a word wherever it stands: CJK and full-width
 * punctuation, general punctuation, arrows and symbols, emoji. A chunk may
 * end right after one. */
static int breaks_words(uint32_t c)
{
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x2190 && c <= 0x2BFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
           (c >= 0x1F000 && c <= 0x1FAFF);
}

/* The chunk ends, in order of preference, after a newline, at ASCII
 * punctuation or space, after a character that breaks words (breaks_words),
 * before a Han character or one beyond U+FFFF (CJK Ext-B, emoji: may split
 * a word, in 32 KiB of them without any punctuation), at any character. Each but the last looks
 * only in the second half of the limit. */
size_t dj__text_chunk_end(const char *text, size_t len, size_t start, size_t limit)
{
    size_t end = start + limit, i;

    if (len - start <= limit)
        return len;
    for (i = end; i > start + limit / 2; i--) {
        if (text[i - 1] == '\n')
            return i;
    }
    for (i = end; i > start + limit / 2; i--) {
        unsigned char b = (unsigned char)text[i];
        if (b < 0x80 &&
            !((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')))
            return i;
    }
    for (i = end; i > start + limit / 2; i--) {
        size_t at = i - 1, j;
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue; /* not a character boundary */
        while (at > start && ((unsigned char)text[at] & 0xC0) == 0x80)
            at--; /* the start of the character before i */
        j = at;
        if (breaks_words(dj_utf8_next(text, i, &j)) && j == i)
            return i;
    }
    for (i = end; i > start + limit / 2; i--) {
        unsigned char b = (unsigned char)text[i];
        if ((b >= 0xE4 && b <= 0xE9) || b >= 0xF0) /* U+4E00..U+9FFF, or beyond U+FFFF */
            return i;
    }
    for (i = end; i > start; i--) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            return i;
    }
    return len;
}
