/* match_int.h - private interface between the files of src/match/: match.c
 * (the engine and its catalog), match_load.c (a saved index and semantic
 * model), match_rank.c (ranking and JSON), fit.c (structured factors) and
 * explain.c (matched terms and highlights).
 *
 * Invariants of struct dj_match: every stored listing owns its strings;
 * `map` is an open-addressing table of slots into `items` (0 empty,
 * UINT32_MAX deleted), at most half full; the index holds exactly the
 * listings in `items`, except while nstaged > 0 (a bulk load: every
 * listing held is staged and the index holds none of them); each index
 * document's tag is its listing's hash. */
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

/* A listing the engine holds (match.c). */
typedef struct stored {
    dj_match_listing l; /* strings point into `mem` */
    char *mem;
    dj__tagset tags; /* keys in `mem` after the strings, pointing into them */
    uint64_t hash;   /* listing_hash: the index tag, and the catalog key's part */
} stored;

struct dj_match {
    dj_index *idx;
    dj_index_lsa *lsa; /* NULL until dj_match_learn; covers every docno of idx */
    stored **items;    /* slot -> listing; NULL = free */
    uint32_t nitems, cap;
    uint32_t *map;
    uint32_t mapcap, mapused;
    uint32_t *freelist;
    uint32_t nfree;
    size_t count;
    uint32_t nstaged; /* listings held but not indexed yet (dj_match_stage) */
};

/* The listing m holds with id, or NULL (match.c). */
const stored *dj__match_stored_get(const dj_match *m, int64_t id);

/* The index document of s, its tag s's hash; strings borrowed from s
 * (match.c). */
dj_index_doc dj__match_to_doc(const stored *s);

#endif
