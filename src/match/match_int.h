/* match_int.h - private interface between match.c (the catalog and the
 * ranking), fit.c (structured factors) and explain.c (matched terms and
 * highlights). */
#ifndef DJ_MATCH_INT_H
#define DJ_MATCH_INT_H

#include "duijie/dj_index.h"
#include "duijie/dj_match.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dj__span {
    const char *p;
    size_t len;
} dj__span;

/* Items a tag set holds: more than a stored listing can have. Tags and
 * keywords are list cells of at most 1000 characters each (src/model,
 * LIST_MAX_CHARS), items joined by ';', so each has at most 500 items of
 * one character: 1000 in all. An array of them is 24 KB, on the stack of
 * the two callers (once per listing stored, once per ranked query; the
 * stored sets are allocated at their exact size). A listing handed to the
 * engine directly with more distinct items counts only the first ones. */
#define DJ__MAX_TAGS 1000

/* One item of a listing's tags or keywords: its bytes in the listing's own
 * strings (not folded) and the hash of their ASCII case fold. */
typedef struct dj__tagkey {
    uint64_t h;
    const char *p;
    uint32_t len;
} dj__tagkey;

/* A listing's tag set: dj__tagset_keys' keys. */
typedef struct dj__tagset {
    const dj__tagkey *key;
    size_t n;
} dj__tagset;

/* The tag set of l: its tags, then its keywords, split on ; , ；，, trimmed,
 * ASCII case folded, each item once (also when it is in both fields), at
 * most DJ__MAX_TAGS (never reached by stored listings), sorted (hash, then
 * folded bytes). The keys point into
 * l's strings. Returns their count. */
size_t dj__tagset_keys(dj__tagkey out[DJ__MAX_TAGS], const dj_match_listing *l);

/* Sets value[] of every factor but DJ_FACTOR_TEXT for candidate c of query
 * listing q (their tag sets given). */
void dj__match_fit(float value[DJ_NFACTORS], const dj_match_listing *q, const dj__tagset *qtags,
                   const dj_match_listing *c, const dj__tagset *ctags);

/* Fills r->terms (the query terms qt[0..nqt) that c contains, heaviest
 * first, a word and its bigram once) and r->spans (merged highlight spans
 * in c's fields), analysing c with idx's analyser. DJ_OK or DJ_ENOMEM. */
int dj__match_explain(dj_match_result *r, const dj_index *idx, const dj_match_listing *c,
                      const dj_index_qterm *qt, size_t nqt);

#endif
