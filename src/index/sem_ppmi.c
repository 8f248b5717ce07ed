/* sem_ppmi.c - positive pointwise mutual information of terms co-occurring
 * in documents: the context x word matrix whose truncated SVD gives the word
 * vectors of the PPMI semantic method (DJ_INDEX_SEM_PPMI, lsa.c).
 *
 * Co-occurrence is per document and binary: n(w,c) = number of sampled
 * documents holding both w and c (w != c); m(x) = sum_y n(x,y). With the
 * context distribution smoothed by the power 0.75 (Levy, Goldberg and Dagan
 * 2015) and the PMI shifted by ln k (Levy and Goldberg 2014: what word2vec's
 * skip-gram with k negative samples factorises; only pairs well above chance
 * keep a weight), SPPMI(w,c) = max(0, ln(n(w,c) Z / (m(w) m(c)^0.75)) - ln k),
 * Z = sum_c m(c)^0.75; pairs with n(w,c) < min_count count as 0 (the usual minimum
 * co-occurrence count: one shared document is mostly chance, and the matrix
 * is 3.5x smaller on CSL: 5.8M entries instead of 20.4M).
 *
 * Invariants: every row's columns are strictly increasing; values > 0;
 * the result depends only on A's pattern (deterministic, one thread). Cost:
 * the sum over documents of (distinct terms)^2 increments; O(nvocab + nnz(A))
 * scratch plus the result. */
#include "index/lsa.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ent {
    uint32_t col;
    float val;
} ent;

static int cmp_ent_col(const void *a, const void *b)
{
    const ent *x = a, *y = b;
    return x->col < y->col ? -1 : x->col > y->col;
}

int dj__csr_reserve(dj__csr *m, size_t need)
{
    if (need <= m->cap)
        return DJ_OK;
    size_t nc = m->cap ? m->cap : 4096;
    while (nc < need)
        nc *= 2;
    uint32_t *c = dj_realloc(m->colv, nc * sizeof *c);
    if (!c)
        return DJ_ENOMEM;
    m->colv = c;
    float *v = dj_realloc(m->val, nc * sizeof *v);
    if (!v)
        return DJ_ENOMEM;
    m->val = v;
    m->cap = nc;
    return DJ_OK;
}

int dj__ppmi_matrix(dj__csr *out, const dj__csr *A, uint32_t nvocab, unsigned min_count,
                    double shift)
{
    dj__csr M = {0};
    size_t *cptr = NULL;
    uint32_t *cdoc = NULL, *cnt = NULL, *touched = NULL;
    double *marg = NULL, *cmarg = NULL;
    ent *row = NULL;
    int rc = DJ_ENOMEM;

    memset(out, 0, sizeof *out);
    size_t nv = nvocab ? nvocab : 1;
    M.ptr = dj_malloc((nv + 1) * sizeof *M.ptr);
    cptr = dj_calloc(nv + 1, sizeof *cptr);
    cdoc = dj_malloc((A->nnz ? A->nnz : 1) * sizeof *cdoc);
    cnt = dj_calloc(nv, sizeof *cnt);
    touched = dj_malloc(nv * sizeof *touched);
    marg = dj_calloc(nv, sizeof *marg);
    cmarg = dj_calloc(nv, sizeof *cmarg);
    row = dj_malloc(nv * sizeof *row);
    if (!M.ptr || !cptr || !cdoc || !cnt || !touched || !marg || !cmarg || !row)
        goto done;

    /* columns of A: the documents holding each term (counting sort) */
    for (size_t i = 0; i < A->nnz; i++)
        cptr[A->colv[i] + 1]++;
    for (size_t c = 0; c < nvocab; c++)
        cptr[c + 1] += cptr[c];
    for (size_t r = 0; r < A->nrows; r++)
        for (size_t i = A->ptr[r]; i < A->ptr[r + 1]; i++)
            cdoc[cptr[A->colv[i]] + cnt[A->colv[i]]++] = (uint32_t)r;
    memset(cnt, 0, nv * sizeof *cnt);

    /* marginals: sum_c n(w,c) = sum over documents holding w of (n_d - 1) */
    for (size_t r = 0; r < A->nrows; r++) {
        double nd = (double)(A->ptr[r + 1] - A->ptr[r]);
        if (nd < 2)
            continue;
        for (size_t i = A->ptr[r]; i < A->ptr[r + 1]; i++)
            marg[A->colv[i]] += nd - 1;
    }
    double ctot = 0;
    for (size_t c = 0; c < nvocab; c++) {
        cmarg[c] = marg[c] > 0 ? pow(marg[c], 0.75) : 0;
        ctot += cmarg[c];
    }

    M.ptr[0] = 0;
    for (uint32_t c = 0; c < nvocab; c++) {
        size_t nt = 0;
        /* n(w, c) for every w sharing a document with c */
        for (size_t k = cptr[c]; k < cptr[c + 1]; k++) {
            size_t r = cdoc[k];
            for (size_t i = A->ptr[r]; i < A->ptr[r + 1]; i++) {
                uint32_t w = A->colv[i];
                if (w == c)
                    continue;
                if (!cnt[w]++)
                    touched[nt++] = w;
            }
        }
        size_t nr = 0;
        for (size_t i = 0; i < nt; i++) {
            uint32_t w = touched[i];
            double pmi =
                cnt[w] >= min_count ? log((double)cnt[w] * ctot / (marg[w] * cmarg[c])) - shift : 0;
            cnt[w] = 0;
            if (pmi > 0) {
                row[nr].col = w;
                row[nr].val = (float)pmi;
                nr++;
            }
        }
        if (nr > 1)
            qsort(row, nr, sizeof *row, cmp_ent_col);
        if ((rc = dj__csr_reserve(&M, M.nnz + nr)) < 0)
            goto done;
        for (size_t i = 0; i < nr; i++) {
            M.colv[M.nnz + i] = row[i].col;
            M.val[M.nnz + i] = row[i].val;
        }
        M.nnz += nr;
        M.ptr[++M.nrows] = M.nnz;
    }
    *out = M;
    memset(&M, 0, sizeof M);
    rc = DJ_OK;
done:
    dj__csr_fini(&M);
    dj_free(cptr);
    dj_free(cdoc);
    dj_free(cnt);
    dj_free(touched);
    dj_free(marg);
    dj_free(cmarg);
    dj_free(row);
    return rc;
}
