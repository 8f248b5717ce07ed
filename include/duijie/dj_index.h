/* dj_index.h - in-memory inverted index with BM25F ranking over three fields
 * (title, keywords, body), structured filters, incremental add/update/delete,
 * top-k search with MaxScore early termination and a snapshot file.
 *
 * Text goes through the analyser of dj_text.h (words, search-mode sub-words
 * and CJK bigrams; bigrams are kept as separate terms so that a query can
 * weigh them apart from words). docs/index.md describes the postings layout,
 * the snapshot byte format and the scoring formula.
 *
 * Thread-safety: a dj_index may be searched from many threads at once as long
 * as no thread mutates it (put, delete, compact) at the same time; the caller
 * provides the read/write lock. */
#ifndef DJ_INDEX_H
#define DJ_INDEX_H

#include "duijie/dj_error.h"
#include "duijie/dj_text.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dj_index dj_index; /* opaque */

/* A term longer than this (in bytes, normalised) is neither indexed nor
 * searched: a 300-letter run is no word anyone types. */
#define DJ_INDEX_TERM_MAX 254

enum dj_index_field {
    DJ_FIELD_TITLE = 0,
    DJ_FIELD_KEYWORDS = 1,
    DJ_FIELD_BODY = 2,
    DJ_NFIELDS = 3
};

/* Same shape as dj_text_analyze, so that tests can feed terms directly. */
typedef int (*dj_index_analyzer)(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx);

typedef struct dj_index_config {
    float k1;                  /* BM25 saturation (default 1.2) */
    float weight[DJ_NFIELDS];  /* BM25F field weights (default 2.5, 2.0, 1.0) */
    float b[DJ_NFIELDS];       /* BM25F length normalisation (default 0.5, 0.3, 0.75) */
    float bigram_weight;       /* query weight of a CJK bigram relative to a word (default 0.6) */
    int analyze_flags;         /* flags for indexing and queries (default DJ_ANALYZE_ALL) */
    dj_index_analyzer analyze; /* NULL: dj_text_analyze (needs dj_text_init first) */
    unsigned max_query_terms;  /* long queries keep the N best terms by idf x weight (default 48) */
    int store_forward;         /* 1: keep a per-document term list for feedback (default 1) */
} dj_index_config;

/* Fills c with the defaults above. */
void dj_index_config_default(dj_index_config *c);

/* One document. Strings are borrowed for the duration of the call; lengths
 * in bytes; NULL with length 0 means empty. side/kind/status are small codes
 * (0..31) that filters select by bit mask; dj_match.h gives them names. */
typedef struct dj_index_doc {
    int64_t id;
    const char *title;
    size_t title_len;
    const char *keywords;
    size_t keywords_len;
    const char *body;
    size_t body_len;
    const char *industry; /* exact-match filter value, NULL = none */
    size_t industry_len;
    uint32_t region; /* GB/T 2260 6-digit code as a number, 0 = unknown */
    uint32_t modes;  /* cooperation modes bit set */
    uint8_t side, kind, status;
    uint64_t tag; /* the caller's, kept and saved with the document (duijie: a
                     hash of the listing, to tell which changed since a save) */
} dj_index_doc;

/* Which documents a search may return. Zero-initialise for "everything". */
typedef struct dj_index_filter {
    uint32_t side_mask;     /* bit (1u << side) allowed; 0 = any */
    uint32_t kind_mask;     /* bit (1u << kind); 0 = any */
    uint32_t status_mask;   /* bit (1u << status); 0 = any */
    uint32_t region_prefix; /* e.g. 45 or 4502 or 450203 */
    int region_digits;      /* digits in region_prefix: 2, 4 or 6; 0 = any */
    const char *industry;   /* NULL = any; else a code and every code below it (C: C39, C391) */
    size_t industry_len;
    uint32_t modes_any; /* nonzero: the document must share at least one bit */
    int has_exclude;    /* 1: never return exclude_id */
    int64_t exclude_id;
} dj_index_filter;

typedef struct dj_index_hit {
    int64_t id;
    float score;
} dj_index_hit;

/* A weighted query term, as produced by dj_index_query_terms. text is the
 * normalised term (bigrams carry a leading 0x01 byte). */
typedef struct dj_index_qterm {
    const char *text; /* borrowed from the index: valid until its next mutation */
    size_t len;
    float weight; /* query-side weight (term frequency, bigram weight, feedback) */
    float idf;
    /* The part of the term the query asked for, for explanations: a query of
     * one character (钢) is searched through the bigrams holding it (钢结), and
     * the character is its reason. DJ_FOCUS_FIRST / _SECOND: that character
     * of a bigram; 0: the whole term. */
    unsigned char focus;
} dj_index_qterm;

#define DJ_FOCUS_FIRST  1
#define DJ_FOCUS_SECOND 2

typedef struct dj_index_query {
    const char *text; /* query text (valid UTF-8) */
    size_t len;
    const dj_index_filter *filter; /* NULL = no filter */
    size_t k;                      /* hits wanted (>= 1) */
    unsigned max_terms;            /* 0 = config max_query_terms */
    unsigned prf_docs;  /* pseudo-relevance feedback: expand from the top N hits; 0 = off */
    unsigned prf_terms; /* terms added by feedback (default 20 when 0 and prf_docs > 0) */
    float prf_weight;   /* weight of the expansion relative to the query (default 0.5 when 0) */
    int exhaustive;     /* 1: score every candidate (no early termination), for testing */
    int strategy; /* DJ_INDEX_STRATEGY_*; 0 = automatic (docs/index.md); results are the same */
} dj_index_query;

/* Top-k strategies (dj_index_query.strategy). Every strategy returns the
 * same hits and scores; forcing one is for tests and benchmarks. */
enum {
    DJ_INDEX_STRATEGY_AUTO = 0,     /* chosen by query length, k and posting volume */
    DJ_INDEX_STRATEGY_MAXSCORE = 1, /* document-at-a-time with MaxScore early termination */
    DJ_INDEX_STRATEGY_TAAT = 2      /* term-at-a-time accumulation (falls back to MaxScore
                                       beyond its memory limits) */
};

/* Work counters of one search, for tests and benchmarks. */
typedef struct dj_index_stats {
    size_t terms;    /* query terms used */
    size_t postings; /* postings decoded */
    size_t scored;   /* documents fully scored */
} dj_index_stats;

/* Creates an empty index with config cfg (NULL = defaults; copied). On DJ_OK
 * *out is owned by the caller (dj_index_free). Returns DJ_OK, DJ_ENOMEM or
 * DJ_EINVAL (bad config). */
int dj_index_new(dj_index **out, const dj_index_config *cfg);
void dj_index_free(dj_index *idx); /* NULL is a no-op */

/* Adds doc, replacing any document with the same id (update). Atomic: on
 * failure the index is unchanged apart from unused dictionary entries.
 * Returns DJ_OK, DJ_ENOMEM, DJ_ELIMIT (more than 2^31 documents ever added)
 * or what the analyser returned. */
int dj_index_put(dj_index *idx, const dj_index_doc *doc);

/* Puts docs[0..n) as n calls of dj_index_put in that order would, giving
 * the same index byte for byte, with up to threads - 1 more threads
 * analysing documents ahead while the calling thread adds them (bulk
 * loads: analysis is about half of a put). threads <= 1 uses the calling
 * thread only. A cfg.analyze callback is then called from several threads
 * at once and must allow that. The docs must stay unchanged during the
 * call. *nput (may be NULL) = documents put: all n on DJ_OK; on an error
 * (what dj_index_put returns) docs[0..*nput) are in and document *nput
 * failed, with the index as that dj_index_put left it. */
int dj_index_put_batch(dj_index *idx, const dj_index_doc *docs, size_t n, unsigned threads,
                       size_t *nput);

/* The threads a bulk load should use here: the processors online, at most
 * 4 (the adding thread is then the bottleneck), at least 1. */
unsigned dj_index_default_threads(void);

/* Deletes the document with this id. Returns DJ_OK or DJ_ENOTFOUND. Its
 * postings stay until dj_index_compact (searches skip them). */
int dj_index_delete(dj_index *idx, int64_t id);

/* Rewrites posting lists without deleted documents. DJ_OK or DJ_ENOMEM (the
 * index is then still valid and unchanged in content). */
int dj_index_compact(dj_index *idx);

/* Live documents. */
size_t dj_index_count(const dj_index *idx);
/* Document numbers used, live and deleted (an update uses a new one; the
 * deleted keep theirs until the index is rebuilt). */
size_t dj_index_docnos(const dj_index *idx);
/* Bytes of heap held by the index (postings, dictionary, doc table). */
size_t dj_index_memory(const dj_index *idx);
/* True (1) when a live document has this id. */
int dj_index_contains(const dj_index *idx, int64_t id);
/* The config in use (borrowed). */
const dj_index_config *dj_index_get_config(const dj_index *idx);

/* Analyses q->text into weighted terms known to the index, sorted by
 * decreasing idf x weight and cut to the query's term budget. *terms_out is
 * dj_malloc'd (caller frees with dj_free); texts are borrowed from idx.
 * Returns DJ_OK, DJ_ENOMEM or what the analyser returned. */
int dj_index_query_terms(dj_index_qterm **terms_out, size_t *nterms_out, const dj_index *idx,
                         const char *text, size_t len, unsigned max_terms);
/* As dj_index_query_terms, for a search with filter f (NULL = none): a term
 * that only f's excluded document holds is left out before the cut, since
 * it can match nothing (a listing's own part numbers, matched against the
 * others, would take the places of the words it shares with them).
 * *nbest_out (may be NULL) gets how many of the first terms a BM25F search
 * uses - the config's max_query_terms, or more for a one-character query -
 * for a caller that asks for all of them (max_terms UINT32_MAX). */
int dj_index_query_terms_for(dj_index_qterm **terms_out, size_t *nterms_out, const dj_index *idx,
                             const char *text, size_t len, unsigned max_terms,
                             const dj_index_filter *f, size_t *nbest_out);

/* Ranks documents for q: the k best live documents passing the filter, by
 * decreasing score (ties by increasing id). *hits_out is dj_malloc'd (caller
 * frees with dj_free), *nhits_out <= k. stats may be NULL. Returns DJ_OK,
 * DJ_EINVAL (k == 0), DJ_ENOMEM or what the analyser returned. */
int dj_index_search(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                    const dj_index_query *q, dj_index_stats *stats);

/* Same, with the weighted terms given (from dj_index_query_terms, possibly
 * edited); q->text is ignored and feedback applies as in dj_index_search. */
int dj_index_search_terms(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                          const dj_index_qterm *terms, size_t nterms, const dj_index_query *q,
                          dj_index_stats *stats);

/* Writes a snapshot of idx to path (via path.tmp and rename). Returns DJ_OK,
 * DJ_EIO (diag names the file) or DJ_ENOMEM. */
int dj_index_save(const dj_index *idx, const char *path, dj_diag *diag);

/* Loads a snapshot. The analyser is not stored: analyze (may be NULL for
 * dj_text_analyze) is installed into the loaded config. On DJ_OK *out is owned
 * by the caller. Returns DJ_OK, DJ_EIO, DJ_EPARSE (bad or truncated file; diag
 * gives the offset) or DJ_ENOMEM. */
int dj_index_load(dj_index **out, const char *path, dj_index_analyzer analyze, dj_diag *diag);

/* A caller-defined value saved and loaded with the snapshot, naming the
 * data the index was built from (duijie keys its saved catalog index by a
 * digest of the listings). 0 in a new index and in a version-1 snapshot;
 * dj_index_put and dj_index_delete set it back to 0. */
void dj_index_set_stamp(dj_index *idx, uint64_t stamp);
uint64_t dj_index_stamp(const dj_index *idx);

/* The tag of the live document with this id: DJ_OK or DJ_ENOTFOUND. */
int dj_index_doc_tag(const dj_index *idx, int64_t id, uint64_t *tag_out);
/* Calls cb(id, tag, ctx) for every live document in insertion order and
 * stops at the first non-zero return, which it returns (else 0). cb must
 * not change the index. */
typedef int (*dj_index_doc_cb)(int64_t id, uint64_t tag, void *ctx);
int dj_index_each_live(const dj_index *idx, dj_index_doc_cb cb, void *ctx);

/* Whether the live document with doc->id is what indexing doc now would
 * give: the same attributes, the same analysed length of every field and
 * (with store_forward) the same terms with the same counts. Detects an
 * index built by another analyser, dictionary or text. Returns 1 (agrees),
 * 0 (differs, or no live document has the id), DJ_ENOMEM or what the
 * analyser returned. Uses the put scratch: not concurrent with a put. */
int dj_index_doc_agrees(dj_index *idx, const dj_index_doc *doc);

/* Parses a region code prefix ("45", "4502", "450203") into a filter; a
 * code ending in 00 pairs names its province or city (450000 = 45, 450200
 * = 4502, GB/T 2260). Returns DJ_OK or DJ_EINVAL. */
int dj_index_filter_region(dj_index_filter *f, const char *code, size_t len);

/* ---- latent semantic vectors (src/index/lsa.c) ----
 *
 * A dj_index_lsa is learned from the documents of one index: truncated SVD
 * (randomised range finder with power iterations, deterministic for a seed)
 * of the document x term matrix with sublinear tf x idf weights and unit
 * rows (LSA), and/or of the term x term PPMI matrix of co-occurrence in
 * documents (word vectors; method below). Every term of the vocabulary gets a
 * dim-float vector (per method); every document
 * gets the unit vector of its weighted terms projected on them, stored as
 * int8. Documents added later get vectors by folding in
 * (dj_index_lsa_update) with the learned term vectors and idf; terms first
 * seen after learning are ignored. docs/index.md says when to re-learn.
 * The model refers to the index by internal document number: it belongs to
 * that one index and must be updated (or re-learned) after mutations. */
typedef struct dj_index_lsa dj_index_lsa; /* opaque */

/* Methods (bits of dj_index_lsa_config.method). With both, every term gets
 * one block of dim values from each, side by side; a document's or query's
 * vector is normalised block by block, so that its cosine is the mean of the
 * two blocks' cosines (fusion of the two representations). */
enum {
    DJ_INDEX_SEM_LSA = 1, /* SVD of the document x term tf-idf matrix (also what 0 means) */
    DJ_INDEX_SEM_PPMI = 2 /* SVD of the term x term positive PMI of co-occurrence in documents
                             (word vectors; documents folded in with the same tf-idf weights) */
};

typedef struct dj_index_lsa_config {
    unsigned dim;            /* dimensions kept per method (default 128, at most 512 in all) */
    unsigned oversample;     /* extra range-finder columns (default 16) */
    unsigned power_iters;    /* power iterations (default 2) */
    uint64_t seed;           /* random projection seed (default 1) */
    unsigned max_docs;       /* learn from at most this many live documents, evenly
                                spaced (default 50000; the rest are folded in) */
    unsigned max_vocab;      /* keep the N terms of highest df (default 200000) */
    unsigned min_df;         /* ignore rarer terms (default 2) */
    float max_df_share;      /* ignore terms in more than this share of documents (default 0.5) */
    int bigrams;             /* 1: CJK bigram terms take part (default 0) */
    float sv_power;          /* document vector = U x S^sv_power (default 1: plain projection);
                                PPMI word vectors are V x S^(sv_power - 1) */
    int method;              /* DJ_INDEX_SEM_* bits (default DJ_INDEX_SEM_LSA); dim per method */
    unsigned ppmi_min_count; /* PPMI: pairs seen in fewer documents count as 0 (default 2) */
    float ppmi_shift;        /* PPMI: k of the shifted PMI, max(0, PMI - ln k) (Levy and
                                Goldberg 2014; k negative samples in word2vec terms);
                                1 = plain PPMI (default 5, word2vec's usual k) */
} dj_index_lsa_config;

void dj_index_lsa_config_default(dj_index_lsa_config *c);

/* Learns a model from the live documents of idx (which must keep forward
 * lists: config store_forward = 1). cfg NULL = defaults. On DJ_OK *out is
 * owned by the caller (dj_index_lsa_free). Returns DJ_OK, DJ_ENOMEM or
 * DJ_EINVAL (bad config, no forward lists). An empty index gives a model
 * with no dimensions (every similarity 0). */
int dj_index_lsa_learn(dj_index_lsa **out, const dj_index *idx, const dj_index_lsa_config *cfg);

/* Writes the model l of index idx to path (via path.tmp.PID and rename)
 * with a caller-defined stamp (duijie: the index's stamp) and a digest of
 * idx's documents, which ties the file to that index. Returns DJ_OK, DJ_EIO
 * (diag names the file), DJ_ENOMEM, or DJ_EINVAL (l is not idx's). */
int dj_index_lsa_save(const dj_index_lsa *l, const dj_index *idx, uint64_t stamp, const char *path,
                      dj_diag *diag);
/* Loads a model saved for idx: on DJ_OK *out is the caller's and *stamp_out
 * its stamp; documents idx gained since are not in it (dj_index_lsa_update
 * folds them in). Returns DJ_EIO, DJ_EPARSE (truncated or damaged: diag
 * gives the offset), DJ_EINVAL (learned from another index: other
 * documents, or more terms or documents than idx has) or DJ_ENOMEM. */
int dj_index_lsa_load(dj_index_lsa **out, uint64_t *stamp_out, const dj_index *idx,
                      const char *path, dj_diag *diag);

/* Folds in the documents added to idx since the model was learned or last
 * updated. Returns DJ_OK or DJ_ENOMEM (the model is then unchanged). */
int dj_index_lsa_update(dj_index_lsa *lsa, const dj_index *idx);

void dj_index_lsa_free(dj_index_lsa *lsa); /* NULL is a no-op */
size_t dj_index_lsa_memory(const dj_index_lsa *lsa);
unsigned dj_index_lsa_dim(const dj_index_lsa *lsa);
/* The config the model was learned with (borrowed). */
const dj_index_lsa_config *dj_index_lsa_get_config(const dj_index_lsa *lsa);

/* Cosine similarity (in [-1, 1], quantised) of two documents by external
 * id; 0 when either has no vector. */
float dj_index_lsa_similarity(const dj_index_lsa *lsa, const dj_index *idx, int64_t a, int64_t b);

/* out[i] = cosine between the weighted terms (as from dj_index_query_terms,
 * projected like a document) and the document with external id ids[i]; 0
 * for a document without a vector. Returns DJ_OK or DJ_ENOMEM. */
int dj_index_lsa_cosines(float *out, const dj_index_lsa *lsa, const dj_index *idx,
                         const dj_index_qterm *terms, size_t nterms, const int64_t *ids, size_t n);

/* Semantic re-ranking of a search (dj_index_search_sem). */
typedef struct dj_index_sem {
    const dj_index_lsa *lsa; /* NULL: plain dj_index_search */
    unsigned pool;           /* BM25 candidates re-ranked (default 1000 when 0) */
    float alpha;      /* score = alpha * bm25 / best bm25 + (1 - alpha) * cosine (default 0.3) */
    unsigned fb_docs; /* vector feedback: add the mean vector of the top N (0 = off) */
    float fb_weight;  /* weight of that mean against the query vector (default 1 when 0) */
    int all_docs;     /* 1: score every live document by cosine, not only the pool
                         (O(documents x dim) per query: meant for up to ~100k) */
} dj_index_sem;

/* dj_index_search, then re-ranks by the blend above: the query's terms
 * (all of them, not only the max_terms kept for BM25) are projected like a
 * document. Same contract as dj_index_search (hits by decreasing blended
 * score; ties by increasing id). */
int dj_index_search_sem(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                        const dj_index_query *q, const dj_index_sem *sem, dj_index_stats *stats);

#endif
