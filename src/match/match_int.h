/* match_int.h - private interface between match.c (the catalog and the
 * ranking), fit.c (structured factors) and explain.c (matched terms and
 * highlights). */
#ifndef DJ_MATCH_INT_H
#define DJ_MATCH_INT_H

#include "duijie/dj_index.h"
#include "duijie/dj_match.h"

#include <stddef.h>

typedef struct dj__span {
    const char *p;
    size_t len;
} dj__span;

#define DJ__MAX_TAGS 64

/* Tag and keyword items of a listing (split on ; , ；，, trimmed, ASCII
 * case folded, duplicates dropped), folded into one buffer. */
typedef struct dj__tagset {
    dj__span item[DJ__MAX_TAGS];
    size_t n;
    char *fold;
} dj__tagset;

/* DJ_OK or DJ_ENOMEM; dj__tagset_fini frees (also after a failure). */
int dj__tagset_init(dj__tagset *t, const dj_match_listing *l);
void dj__tagset_fini(dj__tagset *t);

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
