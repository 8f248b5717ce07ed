/* lsa.c - latent semantic vectors learned from the indexed documents
 * (dj_index_lsa_learn, _update: learning and folding documents in); the
 * queries against them are in lsa_search.c.
 *
 * Learning (dj_index_lsa_learn), for A = the sampled documents x vocabulary
 * matrix, a(d,t) = (1 + ln tf) * ln(N / df), rows scaled to unit length:
 *   Omega = random +-1 (vocab x l), l = dim + oversample
 *   Y = orth(A Omega); power_iters times: Z = orth(A^T Y), Y = orth(A Z)
 *   Z = A^T Y (= B^T, vocab x l); C = Z^T Z = B B^T = W diag(s^2) W^T
 *   term vectors V = Z W diag(1/s), first dim columns, scaled by s^(p-1)
 *   with p = sv_power, so that the fold-in a_d V equals U_d S^p.
 * orth() is Cholesky QR done twice; columns that turn out linearly dependent
 * are zeroed (small corpora). The eigenproblem is cyclic Jacobi. Everything
 * runs in double in one thread; the result depends only on the documents
 * (in docno order), the config and the seed.
 * Method PPMI (DJ_INDEX_SEM_PPMI) runs the same SVD on the vocab x vocab
 * positive PMI matrix of A's co-occurrences (sem_ppmi.c) instead of A: the
 * term vectors are then word vectors V S^(p-1); documents are folded in with
 * the same tf-idf rows. With both methods each term has two blocks of dim
 * values side by side (svd_terms once per method, add_block), and every
 * document or query vector is normalised block by block before the whole is
 * quantised, so that its cosine is the mean of the blocks' cosines.
 *
 * Invariants: col[t] is the vocabulary column of index term t + 1 (0 = not
 * in the vocabulary) for t < ncol_terms; idf[c] is frozen at learning;
 * dvec holds one int8 unit vector (x 127) per docno < ndocs, all zero for a
 * deleted or empty document; tvec is vocab x dim floats, the nblk blocks'
 * columns side by side (bdim[] sum to dim). */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "index/lsa.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void dj_index_lsa_config_default(dj_index_lsa_config *c)
{
    memset(c, 0, sizeof *c);
    c->dim = 128;
    c->oversample = 16;
    c->power_iters = 2;
    c->seed = 1;
    c->max_docs = 50000;
    c->max_vocab = 200000;
    c->min_df = 2;
    c->max_df_share = 0.5f;
    c->bigrams = 0;
    c->sv_power = 1.0f;
    c->method = DJ_INDEX_SEM_LSA;
    c->ppmi_min_count = 2;
    c->ppmi_shift = 5.0f;
}

void dj_index_lsa_free(dj_index_lsa *l)
{
    if (!l)
        return;
    dj_free(l->col);
    dj_free(l->idf);
    dj_free(l->tvec);
    dj_free(l->dvec);
    dj_free(l);
}

size_t dj_index_lsa_memory(const dj_index_lsa *l)
{
    if (!l)
        return 0;
    return sizeof *l + (size_t)l->ncol_terms * sizeof *l->col + (size_t)l->nvocab * sizeof(float) +
           (size_t)l->nvocab * l->dim * sizeof(float) + (size_t)l->doccap * l->dim;
}

unsigned dj_index_lsa_dim(const dj_index_lsa *l)
{
    return l ? l->dim : 0;
}

const dj_index_lsa_config *dj_index_lsa_get_config(const dj_index_lsa *l)
{
    return &l->cfg;
}

/* ---- sparse rows of documents ---- */

typedef dj__csr csr;

void dj__csr_fini(dj__csr *m)
{
    dj_free(m->ptr);
    dj_free(m->colv);
    dj_free(m->val);
}

/* v[0..n) *= target / sqrt(ss) (ss: their sum of squares; 0 leaves them):
 * in float, unless that factor overflows a float - a vector of tiny
 * components, which only a damaged model file gives - then in double, so
 * the result is still the unit vector (x target) and never inf or NaN. */
static void scale_to(float *v, size_t n, double ss, double target)
{
    double f = ss > 0 ? target / sqrt(ss) : 0;
    float ff = (float)f;
    for (size_t i = 0; i < n; i++)
        v[i] = isfinite(ff) ? v[i] * ff : (float)(v[i] * f);
}

/* Appends the weighted, unit-length row of document docno (may be empty). */
static int csr_add_doc(csr *m, const dj_index_lsa *l, const dj_index *idx, uint32_t docno)
{
    const dj__doc *d = &idx->docs[docno];
    const uint8_t *p = idx->fwd + d->fwd_off, *e = p + d->fwd_len;
    uint32_t term = 0;
    size_t start = m->nnz;
    double ss = 0;
    while (p < e) {
        term += dj__varint_get(&p);
        uint32_t tf = dj__varint_get(&p);
        if (term >= l->ncol_terms || !l->col[term] || !tf)
            continue;
        if (dj__csr_reserve(m, m->nnz + 1) < 0)
            return DJ_ENOMEM;
        uint32_t c = l->col[term] - 1;
        float w = (float)(1.0 + log((double)tf)) * l->idf[c];
        m->colv[m->nnz] = c;
        m->val[m->nnz] = w;
        m->nnz++;
        ss += (double)w * w;
    }
    if (ss > 0) /* else the row is empty (m->val may still be NULL) or all zero */
        scale_to(m->val + start, m->nnz - start, ss, 1.0);
    /* by column (insertion sort: rows are short), so sums over a row run in
     * the same order whatever the term ids */
    for (size_t i = start + 1; i < m->nnz; i++) {
        uint32_t c = m->colv[i];
        float v = m->val[i];
        size_t j = i;
        for (; j > start && m->colv[j - 1] > c; j--) {
            m->colv[j] = m->colv[j - 1];
            m->val[j] = m->val[j - 1];
        }
        m->colv[j] = c;
        m->val[j] = v;
    }
    m->ptr[++m->nrows] = m->nnz;
    return DJ_OK;
}

/* ---- dense helpers ---- */

/* Y (rows x l, row-major) := Y R^-1 where R^T R = Y^T Y; dependent columns
 * become zero. Twice for accuracy. */
static int orth(double *Y, size_t rows, size_t l)
{
    double *G = dj_malloc(l * l * sizeof *G);
    double *R = dj_malloc(l * l * sizeof *R);
    double *tmp = dj_malloc(l * sizeof *tmp);
    uint8_t *dead = dj_malloc(l);
    if (!G || !R || !tmp || !dead) {
        dj_free(G);
        dj_free(R);
        dj_free(tmp);
        dj_free(dead);
        return DJ_ENOMEM;
    }
    for (int pass = 0; pass < 2; pass++) {
        memset(G, 0, l * l * sizeof *G);
        for (size_t r = 0; r < rows; r++) {
            const double *y = Y + r * l;
            for (size_t i = 0; i < l; i++) {
                double yi = y[i];
                if (yi == 0)
                    continue;
                double *g = G + i * l;
                for (size_t j = i; j < l; j++)
                    g[j] += yi * y[j];
            }
        }
        double maxd = 0;
        for (size_t i = 0; i < l; i++)
            if (G[i * l + i] > maxd)
                maxd = G[i * l + i];
        /* Cholesky G = R^T R, R upper triangular; dead columns are skipped */
        memset(R, 0, l * l * sizeof *R);
        for (size_t j = 0; j < l; j++) {
            double s = G[j * l + j];
            for (size_t k = 0; k < j; k++)
                s -= R[k * l + j] * R[k * l + j];
            dead[j] = !(s > maxd * 1e-12) || maxd == 0;
            if (dead[j])
                continue;
            double rjj = sqrt(s);
            R[j * l + j] = rjj;
            for (size_t i = j + 1; i < l; i++) {
                double t = G[j * l + i];
                for (size_t k = 0; k < j; k++)
                    t -= R[k * l + j] * R[k * l + i];
                R[j * l + i] = t / rjj;
            }
        }
        /* each row: solve x R = y (forward substitution over columns) */
        for (size_t r = 0; r < rows; r++) {
            double *y = Y + r * l;
            for (size_t j = 0; j < l; j++) {
                if (dead[j]) {
                    tmp[j] = 0;
                    continue;
                }
                double s = y[j];
                for (size_t k = 0; k < j; k++)
                    s -= tmp[k] * R[k * l + j];
                tmp[j] = s / R[j * l + j];
            }
            memcpy(y, tmp, l * sizeof *y);
        }
    }
    dj_free(G);
    dj_free(R);
    dj_free(tmp);
    dj_free(dead);
    return DJ_OK;
}

/* Cyclic Jacobi: C (n x n symmetric) -> eigenvalues ev, eigenvectors as the
 * columns of W (row-major). C is destroyed. */
static void jacobi(double *C, double *W, double *ev, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            W[i * n + j] = i == j;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0, tot = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double v = C[i * n + j] * C[i * n + j];
                tot += v;
                if (i != j)
                    off += v;
            }
        if (off <= tot * 1e-24 || off == 0)
            break;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++) {
                double apq = C[p * n + q];
                if (fabs(apq) < 1e-300)
                    continue;
                double app = C[p * n + p], aqq = C[q * n + q];
                double theta = (aqq - app) / (2 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; k++) { /* columns p, q */
                    double akp = C[k * n + p], akq = C[k * n + q];
                    C[k * n + p] = c * akp - s * akq;
                    C[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; k++) { /* rows p, q */
                    double apk = C[p * n + k], aqk = C[q * n + k];
                    C[p * n + k] = c * apk - s * aqk;
                    C[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; k++) {
                    double wkp = W[k * n + p], wkq = W[k * n + q];
                    W[k * n + p] = c * wkp - s * wkq;
                    W[k * n + q] = s * wkp + c * wkq;
                }
            }
    }
    for (size_t i = 0; i < n; i++)
        ev[i] = C[i * n + i];
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Y (rows x l) = A X (X: vocab x l) */
static void mul_ax(double *Y, const csr *A, const double *X, size_t l)
{
    memset(Y, 0, A->nrows * l * sizeof *Y);
    for (size_t r = 0; r < A->nrows; r++) {
        double *y = Y + r * l;
        for (size_t i = A->ptr[r]; i < A->ptr[r + 1]; i++) {
            const double *x = X + (size_t)A->colv[i] * l;
            double v = A->val[i];
            for (size_t j = 0; j < l; j++)
                y[j] += v * x[j];
        }
    }
}

/* Z (vocab x l) = A^T Y */
static void mul_aty(double *Z, size_t nvocab, const csr *A, const double *Y, size_t l)
{
    memset(Z, 0, nvocab * l * sizeof *Z);
    for (size_t r = 0; r < A->nrows; r++) {
        const double *y = Y + r * l;
        for (size_t i = A->ptr[r]; i < A->ptr[r + 1]; i++) {
            double *z = Z + (size_t)A->colv[i] * l;
            double v = A->val[i];
            for (size_t j = 0; j < l; j++)
                z[j] += v * y[j];
        }
    }
}

typedef struct dfcol {
    uint32_t term, df;
    const char *text; /* the term's bytes and length, the tie-break */
    uint32_t len;
} dfcol;

/* By document frequency, then by the term's bytes: the vocabulary order,
 * and so everything learned, does not depend on term ids, which follow the
 * order the index first met each term. */
static int cmp_dfcol(const void *a, const void *b)
{
    const dfcol *x = a, *y = b;
    int c;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    if ((c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len)) != 0)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

void dj__lsa_blocks_unit(const dj_index_lsa *l, float *acc)
{
    if (l->nblk < 2)
        return;
    unsigned off = 0;
    for (unsigned b = 0; b < l->nblk; b++) {
        double ss = 0;
        for (unsigned j = off; j < off + l->bdim[b]; j++)
            ss += (double)acc[j] * acc[j];
        scale_to(acc + off, l->bdim[b], ss, 1.0);
        off += l->bdim[b];
    }
}

void dj__lsa_quantise(int8_t *q, const float *v, unsigned dim)
{
    double ss = 0;
    for (unsigned j = 0; j < dim; j++)
        ss += (double)v[j] * v[j];
    double f = ss > 0 ? 127.0 / sqrt(ss) : 0;
    float sc = (float)f;
    for (unsigned j = 0; j < dim; j++) {
        float x = isfinite(sc) ? v[j] * sc : (float)(v[j] * f); /* scale_to */
        q[j] = (int8_t)(x >= 0 ? (int)(x + 0.5f) : -(int)(-x + 0.5f));
    }
}

/* Quantised unit vector of one document from its sparse row. */
static void doc_vector(int8_t *out, const dj_index_lsa *l, const csr *A, size_t row, float *acc)
{
    unsigned dim = l->dim;
    memset(acc, 0, dim * sizeof *acc);
    for (size_t i = A->ptr[row]; i < A->ptr[row + 1]; i++) {
        const float *t = l->tvec + (size_t)A->colv[i] * dim;
        float v = A->val[i];
        for (unsigned j = 0; j < dim; j++)
            acc[j] += v * t[j];
    }
    dj__lsa_blocks_unit(l, acc);
    dj__lsa_quantise(out, acc, dim);
}

/* Computes vectors for docnos [l->ndocs, idx->ndocs); dvec has room. */
static int fold_in(dj_index_lsa *l, const dj_index *idx)
{
    csr A = {0};
    float *acc = NULL;
    int rc = DJ_OK;
    if (!l->dim) {
        l->ndocs = idx->ndocs;
        return DJ_OK;
    }
    A.ptr = dj_malloc(2 * sizeof *A.ptr);
    acc = dj_malloc(l->dim * sizeof *acc);
    if (!A.ptr || !acc) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (uint32_t d = l->ndocs; d < idx->ndocs; d++) {
        int8_t *out = l->dvec + (size_t)d * l->dim;
        A.nrows = 0;
        A.nnz = 0;
        A.ptr[0] = 0;
        if (idx->docs[d].deleted) {
            memset(out, 0, l->dim);
            continue;
        }
        if ((rc = csr_add_doc(&A, l, idx, d)) < 0)
            goto done;
        doc_vector(out, l, &A, 0, acc);
    }
    l->ndocs = idx->ndocs;
done:
    dj__csr_fini(&A);
    dj_free(acc);
    return rc;
}

static int reserve_docs(dj_index_lsa *l, uint32_t n)
{
    if (n <= l->doccap || !l->dim)
        return DJ_OK;
    uint32_t nc = l->doccap ? l->doccap : 1024;
    while (nc < n)
        nc = nc < (1u << 30) ? nc * 2 : n;
    int8_t *p = dj_realloc(l->dvec, (size_t)nc * l->dim);
    if (!p)
        return DJ_ENOMEM;
    l->dvec = p;
    l->doccap = nc;
    return DJ_OK;
}

int dj_index_lsa_update(dj_index_lsa *l, const dj_index *idx)
{
    int rc;
    if (idx->ndocs <= l->ndocs)
        return DJ_OK;
    if ((rc = reserve_docs(l, idx->ndocs)) < 0)
        return rc;
    uint32_t before = l->ndocs;
    if ((rc = fold_in(l, idx)) < 0)
        l->ndocs = before;
    return rc;
}

/* Appends a block of bd dimensions (tv: nvocab x bd) to the term vectors. */
static int add_block(dj_index_lsa *l, const float *tv, unsigned bd)
{
    size_t nc = l->nvocab, nd = (size_t)l->dim + bd;
    float *nt = dj_malloc((nc ? nc : 1) * nd * sizeof *nt);
    if (!nt)
        return DJ_ENOMEM;
    for (size_t t = 0; t < nc; t++) {
        if (l->dim)
            memcpy(nt + t * nd, l->tvec + t * l->dim, l->dim * sizeof *nt);
        memcpy(nt + t * nd + l->dim, tv + t * bd, bd * sizeof *nt);
    }
    dj_free(l->tvec);
    l->tvec = nt;
    l->bdim[l->nblk++] = bd;
    l->dim = (unsigned)nd;
    return DJ_OK;
}

/* Truncated SVD of S (rows x nc) by the randomised range finder: on DJ_OK
 * *tv_out (nc x *dim_out floats, caller frees) holds the column vectors
 * V S^(p - 1), p = cfg->sv_power, of at most want dimensions (fewer when S
 * has lower rank; *dim_out = 0 and *tv_out = NULL for none). */
static int svd_terms(float **tv_out, unsigned *dim_out, const csr *S, uint32_t nc, unsigned want,
                     const dj_index_lsa_config *cfg)
{
    double *Om = NULL, *Y = NULL, *C = NULL, *W = NULL, *ev = NULL;
    uint32_t *ord = NULL;
    float *tv = NULL;
    int rc = DJ_ENOMEM;

    *tv_out = NULL;
    *dim_out = 0;
    size_t lcols = (size_t)want + cfg->oversample;
    if (lcols > S->nrows)
        lcols = S->nrows;
    if (lcols > nc)
        lcols = nc;
    unsigned dim = want < lcols ? want : (unsigned)lcols;
    if (dim == 0 || S->nnz == 0)
        return DJ_OK;
    Om = dj_malloc((size_t)nc * lcols * sizeof *Om);
    Y = dj_malloc(S->nrows * lcols * sizeof *Y);
    C = dj_malloc(lcols * lcols * sizeof *C);
    W = dj_malloc(lcols * lcols * sizeof *W);
    ev = dj_malloc(lcols * sizeof *ev);
    ord = dj_malloc(lcols * sizeof *ord);
    if (!Om || !Y || !C || !W || !ev || !ord)
        goto done;
    uint64_t s = cfg->seed;
    for (size_t i = 0; i < (size_t)nc * lcols; i++)
        Om[i] = (splitmix(&s) >> 63) ? 1.0 : -1.0;
    mul_ax(Y, S, Om, lcols);
    if ((rc = orth(Y, S->nrows, lcols)) < 0)
        goto done;
    for (unsigned it = 0; it < cfg->power_iters; it++) {
        mul_aty(Om, nc, S, Y, lcols);
        if ((rc = orth(Om, nc, lcols)) < 0)
            goto done;
        mul_ax(Y, S, Om, lcols);
        if ((rc = orth(Y, S->nrows, lcols)) < 0)
            goto done;
    }
    mul_aty(Om, nc, S, Y, lcols); /* Om := Z = B^T */
    DJ_FREE(Y);
    memset(C, 0, lcols * lcols * sizeof *C);
    for (size_t t = 0; t < nc; t++) {
        const double *z = Om + t * lcols;
        for (size_t i = 0; i < lcols; i++) {
            if (z[i] == 0)
                continue;
            for (size_t j = i; j < lcols; j++)
                C[i * lcols + j] += z[i] * z[j];
        }
    }
    for (size_t i = 0; i < lcols; i++)
        for (size_t j = 0; j < i; j++)
            C[i * lcols + j] = C[j * lcols + i];
    jacobi(C, W, ev, lcols);
    for (uint32_t i = 0; i < lcols; i++)
        ord[i] = i;
    for (size_t i = 1; i < lcols; i++) { /* insertion sort by decreasing eigenvalue */
        uint32_t v = ord[i];
        size_t j = i;
        while (j > 0 && ev[ord[j - 1]] < ev[v]) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
    double top = ev[ord[0]];
    while (dim > 0 && !(ev[ord[dim - 1]] > top * 1e-10))
        dim--;
    if (!dim) {
        rc = DJ_OK;
        goto done;
    }
    tv = dj_malloc((size_t)nc * dim * sizeof *tv);
    if (!tv) {
        rc = DJ_ENOMEM;
        goto done;
    }
    /* V = Z W diag(s^(p - 2)): column i of W scaled; s = sqrt(ev) */
    for (unsigned i = 0; i < dim; i++) {
        double sv = sqrt(ev[ord[i]]);
        double f = pow(sv, (double)cfg->sv_power - 2.0);
        for (size_t j = 0; j < lcols; j++)
            C[j * lcols + i] = W[j * lcols + ord[i]] * f; /* C reused as scaled W */
    }
    for (size_t t = 0; t < nc; t++) {
        const double *z = Om + t * lcols;
        float *o = tv + t * dim;
        for (unsigned i = 0; i < dim; i++) {
            double acc = 0;
            for (size_t j = 0; j < lcols; j++)
                acc += z[j] * C[j * lcols + i];
            o[i] = (float)acc;
        }
    }
    *tv_out = tv;
    *dim_out = dim;
    rc = DJ_OK;
done:
    dj_free(Om);
    dj_free(Y);
    dj_free(C);
    dj_free(W);
    dj_free(ev);
    dj_free(ord);
    return rc;
}

/* The configuration is usable: methods, dimensions, iterations, shares. */
int dj__lsa_config_ok(const dj_index_lsa_config *c)
{
    unsigned meth = c->method > 0 ? (unsigned)c->method : DJ_INDEX_SEM_LSA;
    unsigned nblocks = meth == (DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI) ? 2 : 1;
    return c->method >= 0 && c->method <= (DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI) && c->dim > 0 &&
           c->dim <= 512 / nblocks && c->oversample <= 512 && c->power_iters <= 20 &&
           c->max_df_share > 0 && c->sv_power >= -2 && c->sv_power <= 2 && c->ppmi_shift >= 1 &&
           c->ppmi_shift <= 1e6;
}

/* The vocabulary: terms by df among live documents' postings (df counts
 * tombstoned postings too; close enough for a choice of columns), within
 * [min_df, max_df_share x live], CJK bigrams only when asked, at most
 * max_vocab of the most frequent; their idf. dc is scratch of nterms. */
/* Document frequencies over the live documents only (a posting list's df
 * still counts documents deleted or replaced since it was built), from the
 * forward lists. */
static int live_df(uint32_t **out, const dj_index *idx)
{
    uint32_t *df = dj_calloc(idx->nterms ? idx->nterms : 1, sizeof *df);
    if (!df)
        return DJ_ENOMEM;
    for (uint32_t d = 0; d < idx->ndocs; d++) {
        const dj__doc *doc = &idx->docs[d];
        const uint8_t *p = idx->fwd + doc->fwd_off, *e = p + doc->fwd_len;
        uint32_t term = 0;
        if (doc->deleted)
            continue;
        while (p < e) {
            term += dj__varint_get(&p);
            if (dj__varint_get(&p) && term < idx->nterms)
                df[term]++;
        }
    }
    *out = df;
    return DJ_OK;
}

static int choose_vocabulary(dj_index_lsa *l, const dj_index *idx, dfcol *dc)
{
    uint32_t nlive = idx->nlive, nc = 0, *live = NULL;
    double maxdf = (double)l->cfg.max_df_share * nlive;
    int rc;

    if ((rc = live_df(&live, idx)) < 0)
        return rc;
    for (uint32_t t = 0; t < idx->nterms; t++) {
        uint32_t df = live[t];
        if (df < (l->cfg.min_df ? l->cfg.min_df : 1) || (double)df > maxdf)
            continue;
        if (!l->cfg.bigrams && idx->terms[t].len && dj__term_str(idx, t)[0] == DJ__BIGRAM_MARK)
            continue;
        dc[nc].term = t;
        dc[nc].df = df;
        dc[nc].text = dj__term_str(idx, t);
        dc[nc].len = idx->terms[t].len;
        nc++;
    }
    dj_free(live);
    if (nc > 1)
        qsort(dc, nc, sizeof *dc, cmp_dfcol);
    if (l->cfg.max_vocab && nc > l->cfg.max_vocab)
        nc = l->cfg.max_vocab;
    l->nvocab = nc;
    l->idf = dj_malloc((nc ? nc : 1) * sizeof *l->idf);
    if (!l->idf)
        return DJ_ENOMEM;
    for (uint32_t i = 0; i < nc; i++) {
        double df = dc[i].df < nlive ? dc[i].df : nlive;
        l->col[dc[i].term] = i + 1;
        l->idf[i] = (float)log((double)(nlive + 1) / (df + 0.5));
    }
    return DJ_OK;
}

typedef struct byid {
    int64_t id;
    uint32_t docno;
} byid;

static int cmp_byid(const void *a, const void *b)
{
    const byid *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The document x term matrix A of a sample of live documents (at most
 * max_docs, evenly spaced), in order of external id: which documents are
 * sampled, and the order of the rows, do not depend on the order documents
 * were put in (an index refreshed in place learns what a fresh one does). */
static int sample_documents(csr *A, dj_index_lsa *l, const dj_index *idx)
{
    uint32_t nlive = idx->nlive, n = 0;
    uint32_t want = l->cfg.max_docs && nlive > l->cfg.max_docs ? l->cfg.max_docs : nlive;
    uint64_t taken = 0;
    byid *order;
    int rc = DJ_OK;

    A->ptr = dj_malloc(((size_t)want + 1) * sizeof *A->ptr);
    order = dj_malloc((nlive ? nlive : 1) * sizeof *order);
    if (!A->ptr || !order) {
        dj_free(order);
        return DJ_ENOMEM;
    }
    A->ptr[0] = 0;
    for (uint32_t d = 0; d < idx->ndocs && n < nlive; d++)
        if (!idx->docs[d].deleted)
            order[n++] = (byid){idx->docs[d].id, d};
    qsort(order, n, sizeof *order, cmp_byid);
    for (uint64_t seen = 0; seen < n && taken < want; seen++) {
        /* live document number `seen` is taken when it crosses a sample point */
        if ((seen + 1) * want / nlive > seen * want / nlive) {
            if ((rc = csr_add_doc(A, l, idx, order[seen].docno)) < 0)
                break;
            taken++;
        }
    }
    dj_free(order);
    return rc;
}

/* One block of term vectors per method, side by side in tvec: LSA from A
 * itself, PPMI from the term x term matrix of A's co-occurrences. */
static int learn_blocks(dj_index_lsa *l, const csr *A)
{
    unsigned meth = l->cfg.method > 0 ? (unsigned)l->cfg.method : DJ_INDEX_SEM_LSA;
    csr P = {0};
    int rc;

    for (unsigned bit = DJ_INDEX_SEM_LSA; bit <= DJ_INDEX_SEM_PPMI; bit <<= 1) {
        const csr *S = A;
        float *tv = NULL;
        unsigned bd = 0;
        if (!(meth & bit))
            continue;
        if (bit == DJ_INDEX_SEM_PPMI) {
            if ((rc = dj__ppmi_matrix(&P, A, l->nvocab, l->cfg.ppmi_min_count,
                                      log((double)l->cfg.ppmi_shift))) < 0)
                return rc;
            S = &P;
        }
        rc = svd_terms(&tv, &bd, S, l->nvocab, l->cfg.dim, &l->cfg);
        dj__csr_fini(&P);
        memset(&P, 0, sizeof P);
        if (rc >= 0 && bd)
            rc = add_block(l, tv, bd);
        dj_free(tv);
        if (rc < 0)
            return rc;
    }
    return DJ_OK;
}

int dj_index_lsa_learn(dj_index_lsa **out, const dj_index *idx, const dj_index_lsa_config *cfg)
{
    dj_index_lsa *l = NULL;
    dfcol *dc = NULL;
    csr A = {0};
    int rc;

    *out = NULL;
    if (!idx->cfg.store_forward)
        return DJ_EINVAL;
    l = dj_calloc(1, sizeof *l);
    if (!l)
        return DJ_ENOMEM;
    if (cfg)
        l->cfg = *cfg;
    else
        dj_index_lsa_config_default(&l->cfg);
    if (!dj__lsa_config_ok(&l->cfg)) {
        dj_free(l);
        return DJ_EINVAL;
    }
    l->ncol_terms = idx->nterms;
    l->col = dj_calloc(idx->nterms ? idx->nterms : 1, sizeof *l->col);
    dc = dj_malloc((idx->nterms ? idx->nterms : 1) * sizeof *dc);
    if (!l->col || !dc) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if ((rc = choose_vocabulary(l, idx, dc)) < 0 || (rc = sample_documents(&A, l, idx)) < 0 ||
        (rc = learn_blocks(l, &A)) < 0)
        goto done;
    /* the learning scratch goes before the document vectors come (peak memory) */
    dj__csr_fini(&A);
    memset(&A, 0, sizeof A);
    if (!l->dim) /* nothing to learn from */
        l->ndocs = idx->ndocs;
    else if ((rc = reserve_docs(l, idx->ndocs)) < 0 || (rc = fold_in(l, idx)) < 0)
        goto done;
    *out = l;
    l = NULL;
    rc = DJ_OK;
done:
    dj_index_lsa_free(l);
    dj_free(dc);
    dj__csr_fini(&A);
    return rc;
}
