/* dj_match.h - counterpart ranking for supply/demand listings, with an
 * explanation for every result.
 *
 * The app layer (src/app/match.c) loads listings (001_core.sql) into plain
 * dj_match_listing structs and feeds them to a dj_match engine, which keeps a
 * copy of each and a dj_index over their text. dj_match_rank() finds the best
 * counterparts of a listing: text relevance (BM25F, normalised to the best
 * candidate) plus tag/keyword overlap, industry, region, maturity (TRL),
 * budget/price and cooperation-mode fit, combined with the weights of one
 * dj_match_weights struct (docs/index.md gives the formula). Each result
 * carries each factor's contribution and the matched terms with byte offsets
 * into the candidate's title/keywords/body for highlighting.
 *
 * Thread-safety: as dj_index (many readers or one writer). */
#ifndef DJ_MATCH_H
#define DJ_MATCH_H

#include "duijie/dj_error.h"
#include "duijie/dj_index.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

/* Codes follow the CHECK lists of 001_core.sql (0 = unknown). */
enum dj_match_side { DJ_SIDE_SUPPLY = 1, DJ_SIDE_DEMAND = 2 };
enum dj_match_kind {
    DJ_KIND_TECHNOLOGY = 1,
    DJ_KIND_PATENT,
    DJ_KIND_PRODUCT,
    DJ_KIND_SOLUTION,
    DJ_KIND_CAPABILITY,
    DJ_KIND_SCENARIO,
    DJ_KIND_INVESTMENT,
    DJ_KIND_TALENT
};
enum dj_match_status { DJ_STATUS_DRAFT = 1, DJ_STATUS_PUBLISHED = 2, DJ_STATUS_CLOSED = 3 };

/* Maps "supply"/"technology"/"published"... to the codes above; 0 when unknown. */
int dj_match_side_code(const char *s, size_t len);
int dj_match_kind_code(const char *s, size_t len);
int dj_match_status_code(const char *s, size_t len);

/* A listing as stored (strings borrowed for the call; the engine copies). */
typedef struct dj_match_listing {
    int64_t id;
    int side, kind, status; /* codes above */
    const char *title;
    size_t title_len;
    const char *body;
    size_t body_len;
    const char *keywords; /* ';'-separated */
    size_t keywords_len;
    const char *industry; /* NULL/empty = unknown */
    size_t industry_len;
    const char *tags; /* ';'-separated */
    size_t tags_len;
    int trl;                      /* 1..9, 0 = unknown */
    uint32_t modes;               /* cooperation modes bit set, 0 = unknown */
    int64_t price_min, price_max; /* fen; < 0 = unknown */
    uint32_t region;              /* 6-digit code, 0 = unknown */
} dj_match_listing;

enum dj_match_factor {
    DJ_FACTOR_TEXT = 0,
    DJ_FACTOR_TAGS,
    DJ_FACTOR_INDUSTRY,
    DJ_FACTOR_REGION,
    DJ_FACTOR_MATURITY,
    DJ_FACTOR_BUDGET,
    DJ_FACTOR_MODES,
    DJ_NFACTORS
};

/* Names used in JSON ("text", "tags", ...). */
const char *dj_match_factor_name(int factor);
/* Chinese labels for people ("文本", "标签", ...). */
const char *dj_match_factor_label(int factor);

/* All weights in one place. Defaults (dj_match_weights_default):
 * text .55, tags .15, industry .10, region .05, maturity .05, budget .05,
 * modes .05; candidates 200; opposite_side 1; published_only 1. */
typedef struct dj_match_weights {
    float w[DJ_NFACTORS];
    size_t candidates;  /* text retrieval depth before re-ranking */
    int opposite_side;  /* 1: only listings of the other side */
    int published_only; /* 1: only published listings */
    unsigned prf_docs;  /* pseudo-relevance feedback documents (0 = off) */
    float semantic;     /* with a learned model (dj_match_learn): the text value is
                           (1 - semantic) x BM25F / best + semantic x max(0, cosine)
                           of latent semantic vectors (default 0.5; 0 = BM25F only) */
} dj_match_weights;

void dj_match_weights_default(dj_match_weights *w);

/* Reads a spec such as "text=0.4,地区=0.2,semantic=0.3" on top of *w: each
 * item NAME=VALUE, NAME a factor's name or Chinese label or semantic/语义,
 * VALUE a plain decimal (factors 0..100, semantic 0..1), items separated by
 * commas, semicolons or spaces (full-width too); names not given keep
 * their value. At least one factor weight must stay above 0. On error
 * (DJ_EINVAL; diag names the item and why) *w is unchanged. */
int dj_match_weights_parse(dj_match_weights *w, const char *spec, dj_diag *diag);

/* Appends the canonical spec of w ("text=0.55,tags=0.15,...,semantic=0.5",
 * every factor, English names) to out; parsing it gives w's weights back. */
int dj_match_weights_write(struct dj_buf *out, const dj_match_weights *w);

typedef struct dj_match_span {
    int field;         /* enum dj_index_field */
    size_t start, end; /* byte offsets into that field of the candidate */
} dj_match_span;

typedef struct dj_match_result {
    int64_t id;
    float score;               /* sum of factor[], rounded to 6 decimals (ties go by id) */
    float factor[DJ_NFACTORS]; /* weight x value of each factor */
    float value[DJ_NFACTORS];  /* each factor's value in [0, 1] */
    float text_raw;            /* BM25F score */
    dj_match_span *spans;      /* merged highlight spans, by field then start */
    size_t nspans;
    char **terms; /* matched query terms, distinct, as analysed (case folded): words and
                     Latin/number tokens before CJK bigrams, heaviest first within each (query
                     weight x idf x saturated occurrences in the candidate; UTF-8) */
    size_t nterms;
} dj_match_result;

typedef struct dj_match_results {
    dj_match_result *v;
    size_t n;
    int has_weights; /* set by dj_match_rank: the weights it used */
    float w[DJ_NFACTORS];
} dj_match_results;

void dj_match_results_fini(dj_match_results *r); /* frees everything; NULL-safe */

typedef struct dj_match dj_match; /* opaque */

/* Creates an engine; icfg NULL = index defaults. On DJ_OK *out is owned by
 * the caller (dj_match_free). Returns DJ_OK, DJ_ENOMEM or DJ_EINVAL. */
int dj_match_new(dj_match **out, const dj_index_config *icfg);
void dj_match_free(dj_match *m); /* NULL is a no-op */

/* Adds or replaces a listing (copied). Returns DJ_OK, DJ_EINVAL (trl outside
 * 0..9, side/kind/status outside their codes), DJ_ENOMEM or an analyser
 * error. Atomic. */
int dj_match_put(dj_match *m, const dj_match_listing *l);
/* Returns DJ_OK or DJ_ENOTFOUND. */
int dj_match_delete(dj_match *m, int64_t id);
size_t dj_match_count(const dj_match *m);
/* The listing with this id (borrowed until the next mutation), or NULL. */
const dj_match_listing *dj_match_get(const dj_match *m, int64_t id);
/* The underlying index (borrowed), e.g. to save a snapshot. */
const dj_index *dj_match_index(const dj_match *m);

/* Bulk load with a saved index (fast start). dj_match_stage copies a
 * listing like dj_match_put but does not index it yet; it needs an engine
 * whose index holds nothing, and ids not held yet (else DJ_EINVAL). Until
 * dj_match_finish_load succeeds, put, delete, rank, search and learn return
 * DJ_EINVAL. */
int dj_match_stage(dj_match *m, const dj_match_listing *l);

/* How a saved file was used (dj_match_finish_load: the index;
 * dj_match_learn_saved: the semantic model). */
enum dj_match_load_outcome {
    DJ_MATCH_BUILT = 1, /* built, no file asked for (or none can fit) */
    DJ_MATCH_LOADED,    /* the saved file fitted and was used as it is */
    DJ_MATCH_SAVED,     /* built and saved (the file was missing, damaged or unfit) */
    DJ_MATCH_NOT_SAVED, /* built or updated; saving failed (diag says why) */
    DJ_MATCH_UPDATED    /* the saved index of an earlier catalog, brought up to this one
                           (only the changed listings indexed) and saved again */
};

/* Indexes the staged listings, or starts from the index saved at path:
 *  - used as it is when its stamp is the key of the staged listings (a
 *    digest of every field the engine reads, mixed with dj_text_fingerprint
 *    for the default analyser) and it holds exactly them (each document's
 *    tag is its listing's hash);
 *  - else brought up to them: the listings added or changed since the save
 *    are indexed, the ones gone deleted, the lists compacted (scores are
 *    those of a fresh index), unless half the catalog changed or a quarter
 *    of its document numbers would be dead (then it is rebuilt);
 * either way only with the engine's index config, and only when 32
 * unchanged listings spread over the catalog analyse as it recorded them
 * (dj_index_doc_agrees: another analyser or dictionary means a rebuild).
 * Otherwise the listings are indexed. The index is saved to path with the
 * key unless it was used as it is; a missing, damaged or unfit file only
 * costs the indexing, and a failed save (read-only directory) is not an
 * error. path NULL: index only. *outcome (may be NULL) says which.
 * Returns DJ_OK, DJ_EINVAL (nothing staged that way), DJ_ENOMEM or an
 * analyser error (then call it again or free the engine). */
int dj_match_finish_load(dj_match *m, const char *path, int *outcome, dj_diag *diag);

/* dj_match_learn, keeping the model in the file at path: a model saved
 * there for this very index (the index's stamp, which dj_match_finish_load
 * set, is the file's; the index's documents are those the model was
 * learned from; the same config) is loaded and used; otherwise the model is
 * learned and saved with the index's stamp (a failed save is not an
 * error). An index with no stamp (built without a file, or changed since)
 * only learns. *outcome as for dj_match_finish_load. Returns what
 * dj_match_learn returns. */
int dj_match_learn_saved(dj_match *m, const dj_index_lsa_config *cfg, const char *path,
                         int *outcome, dj_diag *diag);

/* Learns latent semantic vectors (dj_index_lsa_learn) from the listings in
 * the engine (cfg NULL = defaults) and keeps them: later puts fold the new
 * listings in; rank and search then blend cosine into the text factor
 * (weights.semantic). Learn again after large changes (docs/index.md).
 * Returns DJ_OK, DJ_ENOMEM or DJ_EINVAL; on failure the previous model, if
 * any, stays. A put that finds no memory for the new listing's vector still
 * succeeds but drops the model (ranking is then BM25F only until the next
 * learn). */
int dj_match_learn(dj_match *m, const dj_index_lsa_config *cfg);
/* The learned model (borrowed), or NULL. */
const dj_index_lsa *dj_match_lsa(const dj_match *m);

/* A score in millionths, the 6 decimals results carry and show: a result's
 * score is dj_match_score_micro(factor sum) / 1e6, and thresholds compare
 * in these units (a float 0.63749999 is the 0.6375 a user typed). */
int64_t dj_match_score_micro(double score);

/* Best counterparts of q (which need not be in the engine; its own id is
 * excluded), at most k, by decreasing score. w NULL = defaults. *out is
 * filled (caller calls dj_match_results_fini). Returns DJ_OK, DJ_EINVAL,
 * DJ_ENOMEM or an analyser error. */
int dj_match_rank(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                  const dj_match_weights *w, size_t k, dj_diag *diag);

/* As dj_match_rank without the explanations (terms and spans left empty):
 * for callers that rank many listings and explain the few results they
 * keep with dj_match_explain - re-analysing each candidate is most of a
 * rank's time. */
int dj_match_rank_unexplained(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                              const dj_match_weights *w, size_t k, dj_diag *diag);

/* Fills r's terms and spans as dj_match_rank would for candidate r->id
 * (in the engine) and query listing q; what r held before is freed.
 * Returns DJ_OK, DJ_EINVAL (r->id not in the engine), DJ_ENOMEM (r left
 * without explanation) or an analyser error. */
int dj_match_explain(dj_match_result *r, const dj_match *m, const dj_match_listing *q);

/* Frees r's terms and spans and leaves them empty. */
void dj_match_result_unexplain(dj_match_result *r);

/* Plain text search over the listings (the `duijie search` command): only
 * the text factor is non-zero; filter may be NULL. */
int dj_match_search(dj_match_results *out, const dj_match *m, const char *text, size_t len,
                    const dj_index_filter *filter, size_t k, dj_diag *diag);

/* Appends {"results":[{"id","score","title","factors":{...},"values":{...},
 * "text_raw","terms":[...],"highlights":[{"field","start","end","text"}]}]}
 * to b (offsets are bytes into the field). Returns the buffer's sticky code:
 * DJ_OK, DJ_ENOMEM or DJ_ELIMIT. */
int dj_match_results_json(struct dj_buf *b, const dj_match *m, const dj_match_results *r);

#endif
