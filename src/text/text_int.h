/* text_int.h - declarations shared by the files of src/text/ (not public).
 *
 * The module's global state is read-only after dj_text_init(): the built-in
 * trie (generated arrays, see dict_data.h), the user dictionary trie, the ICU
 * normaliser, the OpenCC converter and the bitmap of code points that t2s
 * may change. Per-call memory lives in a dj__text_scratch owned by the call. */
#ifndef DJ_TEXT_INT_H
#define DJ_TEXT_INT_H

#include "duijie/dj_text.h"
#include "text/dict_data.h"

#include <stddef.h>
#include <stdint.h>

/* doff[k] of a code point where no dictionary walk started. */
#define DJ__NO_DAG UINT32_MAX

/* Not-a-word marker in log-probabilities. */
#define DJ__TEXT_NOT_WORD 1.0f

/* Character classes of the segmenter. */
enum {
    DJ__C_SPACE = 0,
    DJ__C_HAN = 1,   /* CJK ideograph (also 〇 and ○ used as zero) */
    DJ__C_DIGIT = 2, /* ASCII 0-9 (after NFKC, full-width digits are ASCII) */
    DJ__C_ALPHA = 3, /* letters: ASCII after folding, and other alphabets */
    DJ__C_PUNCT = 4  /* everything else: punctuation, symbols */
};

/* Per-call buffers, grown with dj_realloc and freed by dj__text_scratch_fini.
 * norm/map hold the normalised text of the current chunk and, for each of
 * its bytes (plus one past the end), the original byte offset. */
typedef struct dj__text_scratch {
    char *norm;
    size_t *map;
    size_t norm_len, norm_cap;
    char *tmp; /* second buffer for t2s */
    size_t *tmap;
    size_t tmp_cap;
    uint32_t *cps;  /* code points of the chunk */
    uint32_t *noff; /* byte offset in norm of each code point, n + 1 */
    uint8_t *cls;   /* DJ__C_* of each code point */
    double *route;  /* best log-probability from char k to the end */
    uint32_t *nxt;  /* end of the best first word from char k */
    uint8_t *wkind; /* kind of that word (segment.c) */
    /* The DAG kept for search mode: ends of the built-in dictionary words of
     * >= 2 code points starting at k are dend[doff[k] .. doff[k] + dn[k]),
     * ascending; doff[k] = DJ__NO_DAG when no walk started at k. */
    uint32_t *doff, *dn;
    uint32_t *dend;
    float *dlp; /* log-probability of each dend word */
    size_t dend_len, dend_cap;
    /* Walk state of segment.c: active walks (start, node) and the raw
     * (start, end, node) results in walk order, before grouping by start. */
    uint32_t *wk, *wnode;
    uint32_t *rk, *rend, *rnode;
    size_t raw_cap;
    size_t nchars, char_cap;
} dj__text_scratch;

void dj__text_scratch_fini(dj__text_scratch *s);
int dj__text_scratch_chars(dj__text_scratch *s, size_t n);

/* dict.c: the state and the trie walks. */
int dj__text_is_ready(void);
/* Edge table of the built-in trie below the root, built by dj_text_init
 * (dict.c; NULL when it could not be, then children are searched): open
 * addressing, linear probing, at most half full; an entry is
 * parent << 42 | cp << 21 | child, 0 = empty (the root is never a parent
 * here). Only used when every node number is < 2^21. */
extern uint64_t *dj__text_edges;
extern uint32_t dj__text_edge_mask;
/* Filter of the edge table (one hash bit per edge, DJ__EDGE_FILTER_BITS
 * bits, ~1/9 set; non-NULL exactly when dj__text_edges is): a clear bit
 * proves that node has no child for cp without touching the 8 MB table,
 * which most failing look-ups (the end of every dictionary walk) miss. */
extern uint64_t *dj__text_edge_filter;
#define DJ__EDGE_FILTER_BITS 22
static inline uint64_t dj__text_edge_hash(uint32_t node, uint32_t cp)
{
    return ((uint64_t)node << 21 | cp) * 0x9E3779B97F4A7C15ull;
}
static inline uint32_t dj__text_edge_slot(uint32_t node, uint32_t cp)
{
    return (uint32_t)(dj__text_edge_hash(node, cp) >> 32);
}
/* 0 when the built-in node (not the root) surely has no child for cp;
 * only valid when dj__text_edge_filter is non-NULL. */
static inline int dj__text_edge_maybe(uint32_t node, uint32_t cp)
{
    uint32_t b = (uint32_t)(dj__text_edge_hash(node, cp) >> (64 - DJ__EDGE_FILTER_BITS));
    return (int)(dj__text_edge_filter[b >> 6] >> (b & 63) & 1);
}
/* Child of builtin node for cp, 0 when none (inline: the segmenter's
 * innermost loop). */
static inline uint32_t dj__text_dict_child(uint32_t node, uint32_t cp)
{
    uint32_t lo, hi;

    if (node == 0 && cp < 65536)
        return dj__text_dict_root_bmp[cp];
    if (node != 0 && dj__text_edges) {
        uint64_t key = (uint64_t)node << 21 | cp;
        for (uint32_t i = dj__text_edge_slot(node, cp) & dj__text_edge_mask;;
             i = (i + 1) & dj__text_edge_mask) {
            uint64_t v = dj__text_edges[i];
            if (!v)
                return 0;
            if (v >> 21 == key)
                return (uint32_t)(v & 0x1FFFFF);
        }
    }
    lo = dj__text_dict_first[node];
    hi = dj__text_dict_first[node + 1];
    /* Interpolation search: children are sorted code points, and Han code
     * points spread fairly evenly, so a guess lands within a few slots. */
    while (hi - lo > 16) {
        uint32_t a = dj__text_dict_cp[lo], b = dj__text_dict_cp[hi - 1], mid;
        if (cp < a || cp > b)
            return 0;
        mid = lo + (uint32_t)((uint64_t)(cp - a) * (hi - 1 - lo) / (b - a + 1));
        if (dj__text_dict_cp[mid] == cp)
            return mid;
        if (dj__text_dict_cp[mid] < cp) {
            lo = mid + 1;
            if (lo + 8 < hi && dj__text_dict_cp[lo + 8] > cp)
                hi = lo + 8;
        } else {
            hi = mid;
            if (hi > lo + 8 && dj__text_dict_cp[hi - 8] < cp)
                lo = hi - 8;
        }
    }
    for (; lo < hi; lo++) {
        if (dj__text_dict_cp[lo] >= cp)
            return dj__text_dict_cp[lo] == cp ? lo : 0;
    }
    return 0;
}
static inline float dj__text_builtin_logp(uint32_t node)
{
    return dj__text_dict_logp[node];
}
/* True when a user dictionary is loaded. */
int dj__text_has_user(void);
/* Same on the user trie (node 0 = its root); 0 when none or no user dict. */
uint32_t dj__text_user_child(uint32_t node, uint32_t cp);
float dj__text_user_logp(uint32_t node);
/* Log-probability of a word that is not in any dictionary (freq 1). */
double dj__text_unknown_logp(void);
int dj__text_dict_load_user(const char *path, dj_diag *diag);
/* The same from len bytes of text; source names it in diag. Lines are at
 * most DJ__USER_LINE_MAX - 1 bytes, NUL bytes are refused. */
int dj__text_dict_load_user_text(const char *text, size_t len, const char *source, dj_diag *diag);
#define DJ__USER_LINE_MAX 4096
#define DJ__USER_FILE_MAX ((size_t)64 << 20)
/* Builds / frees dj__text_edges (failure only leaves it NULL). */
void dj__text_edges_build(void);
void dj__text_edges_free(void);
/* analyze.c: builds the stop word key table (idempotent). */
void dj__text_stop_init(void);
/* A hash of the built-in stop word list (part of dj_text_fingerprint). */
uint64_t dj__text_stop_hash(void);
/* Part of dj_text_fingerprint: raise it whenever dj_text_analyze gives other
 * terms for the same text and dictionaries (segmentation, normalisation,
 * bigram or sub-word rules), so that data analysed before (a saved index)
 * is seen to be stale. The stop words and dictionaries are hashed anyway. */
#define DJ__TEXT_ANALYSER_VERSION 2
void dj__text_dict_free_user(void);

/* norm.c: ICU NFKC_Casefold + OpenCC t2s. */
int dj__text_norm_open(dj_diag *diag);
void dj__text_norm_close(void);
/* Normalises text[0..len) into s->norm/s->map (map values are base + the
 * offset in text); sets s->norm_len. Returns DJ_OK or DJ_ENOMEM. */
int dj__text_norm_chunk(dj__text_scratch *s, const char *text, size_t len, size_t base);

/* segment.c: splits s->norm into classified code points and runs the
 * max-probability path; words are then read as nxt[] links from 0. */
int dj__text_seg_chunk(dj__text_scratch *s);
/* Word kinds stored in wkind: the dj_term_kind, or this for punctuation. */
#define DJ__KIND_PUNCT 16
#define DJ__KIND_SPACE 17
/* Picks the end of the next chunk of text[start..len) (<= about limit bytes,
 * cut at a normalisation-safe boundary). */
size_t dj__text_chunk_end(const char *text, size_t len, size_t start, size_t limit);
/* Character class of a normalised code point. */
int dj__text_class(uint32_t cp);

#endif
