/* lsa.h - private declarations between lsa.c (learning latent semantic
 * vectors), lsa_search.c (scoring queries with them) and sem_ppmi.c (the
 * PPMI matrix). */
#ifndef DJ_INDEX_LSA_H
#define DJ_INDEX_LSA_H

#include "duijie/dj_index.h"

#include <stdint.h>

/* The learned model (lsa.c describes it; invariants there). */
struct dj_index_lsa {
    dj_index_lsa_config cfg;
    unsigned dim;
    uint32_t nvocab;
    uint32_t ncol_terms; /* index terms known when learned */
    uint32_t *col;       /* term id -> column + 1 */
    float *idf;          /* per column */
    float *tvec;         /* nvocab x dim: the blocks' columns side by side */
    unsigned nblk;       /* blocks (one per method), each normalised on its own */
    unsigned bdim[2];    /* dimensions of each block; they sum to dim */
    int8_t *dvec;        /* ndocs x dim */
    uint32_t ndocs, doccap;
};

/* Whether a config is one dj_index_lsa_learn accepts. lsa.c. */
int dj__lsa_config_ok(const dj_index_lsa_config *c);
/* Scales every block of acc (l->dim floats) to unit length (no-op for one
 * block: the caller normalises the whole vector). lsa.c. */
void dj__lsa_blocks_unit(const dj_index_lsa *l, float *acc);
/* Quantises the unit vector of v (dim floats) into q: int8, x 127. lsa.c. */
void dj__lsa_quantise(int8_t *q, const float *v, unsigned dim);

/* Sparse rows (lsa.c, sem_ppmi.c): row r is colv/val[ptr[r] .. ptr[r+1]). */
typedef struct dj__csr {
    size_t *ptr; /* nrows + 1 */
    uint32_t *colv;
    float *val;
    size_t nrows, nnz, cap;
} dj__csr;

void dj__csr_fini(dj__csr *m);
/* Room for at least `need` entries (capacity doubles from 4096); DJ_OK or
 * DJ_ENOMEM (m unchanged but for what was already grown). sem_ppmi.c. */
int dj__csr_reserve(dj__csr *m, size_t need);

/* Context x word matrix of shifted positive pointwise mutual information
 * learned from the document rows of A (nvocab columns; co-occurrence = both
 * terms in one document; pairs seen in fewer than min_count documents count
 * as none). Row c (context), column w (word):
 * max(0, ln(P(w,c) / (P(w) P_0.75(c))) - shift), the contexts' probabilities
 * smoothed by the power 0.75; shift = ln k >= 0. On DJ_OK *out is an
 * nvocab x nvocab matrix owned by the caller (dj__csr_fini); else
 * DJ_ENOMEM. sem_ppmi.c. */
int dj__ppmi_matrix(dj__csr *out, const dj__csr *A, uint32_t nvocab, unsigned min_count,
                    double shift);

#endif
