/* lsa_file.c - writes and reads a semantic model (dj_index_lsa) next to
 * the index it was learned from, so that a process can start with it
 * instead of learning it again.
 *
 * Byte format, all integers little-endian, floats IEEE-754 binary32:
 *   magic "DJLS" | u32 version (2) | u64 stamp
 *   config: u32 dim | u32 oversample | u32 power_iters | u64 seed |
 *           u32 max_docs | u32 max_vocab | u32 min_df | f32 max_df_share |
 *           i32 bigrams | f32 sv_power | i32 method | u32 ppmi_min_count |
 *           f32 ppmi_shift
 *   u32 dim | u32 nblk | u32 bdim[2] | u32 nvocab | u32 ncol_terms |
 *   u32 ndocs | u64 docs digest
 *   ncol_terms x u32 col | nvocab x f32 idf | nvocab x dim f32 term vectors |
 *   ndocs x dim i8 document vectors (absent when dim is 0)
 *   u64 checksum of every byte before it (dj__sum; version 1: absent)
 *   magic "SLJD"
 * A model refers to its index by term id and document number, so it fits
 * only that index: the docs digest (ids, deleted flags and forward lists of
 * the first ndocs documents, in order) must match the index it is loaded
 * for, ncol_terms
 * and ndocs must not exceed the index's; every count, column, float and
 * document vector is checked (idf in [0, 1e3], term vectors within 1e6,
 * document vectors 0 or of length 127 up to rounding), so a damaged file is
 * DJ_EPARSE, never a bad read or an overflowing projection later. */
#include "duijie/dj_index.h"

#include "index/binfile.h"
#include "index/index_int.h"
#include "index/lsa.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <string.h>

#define LSA_MAX_DIM 512

/* Ids, deleted flags and forward lists (term ids and counts) of idx's
 * first ndocs documents, in order: what the model's vectors were made of. */
static uint64_t docs_digest(const dj_index *idx, uint32_t ndocs)
{
    uint64_t h = ndocs;
    for (uint32_t d = 0; d < ndocs; d++) {
        const dj__doc *doc = &idx->docs[d];
        int64_t v[2] = {doc->id, doc->deleted};
        h = dj_hash64(v, sizeof v, h);
        if (doc->fwd_len)
            h = dj_hash64(idx->fwd + doc->fwd_off, doc->fwd_len, h);
    }
    return h;
}

int dj_index_lsa_save(const dj_index_lsa *l, const dj_index *idx, uint64_t stamp, const char *path,
                      dj_diag *diag)
{
    const dj_index_lsa_config *c = &l->cfg;
    dj__wr w;
    int rc;

    if (l->ndocs > idx->ndocs || l->ncol_terms > idx->nterms)
        return dj_diag_set(diag, DJ_EINVAL, "the model does not belong to this index");
    if ((rc = dj__wr_open(&w, path, diag)) < 0)
        return rc;
    dj__put(&w, "DJLS", 4);
    dj__put_u32(&w, 2);
    dj__put_u64(&w, stamp);
    dj__put_u32(&w, c->dim);
    dj__put_u32(&w, c->oversample);
    dj__put_u32(&w, c->power_iters);
    dj__put_u64(&w, c->seed);
    dj__put_u32(&w, c->max_docs);
    dj__put_u32(&w, c->max_vocab);
    dj__put_u32(&w, c->min_df);
    dj__put_f32(&w, c->max_df_share);
    dj__put_u32(&w, (uint32_t)c->bigrams);
    dj__put_f32(&w, c->sv_power);
    dj__put_u32(&w, (uint32_t)c->method);
    dj__put_u32(&w, c->ppmi_min_count);
    dj__put_f32(&w, c->ppmi_shift);
    dj__put_u32(&w, l->dim);
    dj__put_u32(&w, l->nblk);
    dj__put_u32(&w, l->bdim[0]);
    dj__put_u32(&w, l->bdim[1]);
    dj__put_u32(&w, l->nvocab);
    dj__put_u32(&w, l->ncol_terms);
    dj__put_u32(&w, l->ndocs);
    dj__put_u64(&w, docs_digest(idx, l->ndocs));
    dj__put_32s(&w, l->col, l->ncol_terms);
    dj__put_32s(&w, l->idf, l->nvocab);
    dj__put_32s(&w, l->tvec, (size_t)l->nvocab * l->dim);
    if (l->dim)
        dj__put(&w, l->dvec, (size_t)l->ndocs * l->dim);
    dj__put_u64(&w, dj__sum_value(&w.sum));
    dj__put(&w, "SLJD", 4);
    return dj__wr_close(&w, path, diag);
}

/* parse()'s steps return DJ_OK, a negative error, or LSA_BAD (the bytes are
 * truncated or inconsistent). */
#define LSA_BAD 1

/* Bounds that keep every projection finite: a learned model's idf is a
 * log of a document count and its term vectors (V S^(p - 1)) stay far
 * inside; a file outside them is damaged (or costs one re-learning). */
#define LSA_MAX_IDF  1e3f
#define LSA_MAX_TVEC 1e6f

static int all_within(const float *v, size_t n, float lo, float hi)
{
    for (size_t i = 0; i < n; i++)
        if (!(v[i] >= lo && v[i] <= hi)) /* NaN fails too */
            return 0;
    return 1;
}

/* Every document vector is 0 or a quantised unit vector (x 127): its
 * squared length within rounding of 127^2. */
static int unit_rows(const int8_t *dv, uint32_t ndocs, unsigned dim)
{
    for (uint32_t d = 0; d < ndocs; d++) {
        long ss = 0;
        for (unsigned j = 0; j < dim; j++)
            ss += (long)dv[(size_t)d * dim + j] * dv[(size_t)d * dim + j];
        if (ss && (ss < 127L * 127 * 3 / 4 || ss > 127L * 127 * 13 / 10))
            return 0;
    }
    return 1;
}

static int parse_head(dj_index_lsa *l, dj__rd *r, const dj_index *idx, uint32_t *version,
                      uint64_t *stamp, uint64_t *digest)
{
    dj_index_lsa_config *c = &l->cfg;
    const uint8_t *m = dj__take(r, 4);

    if (!m || memcmp(m, "DJLS", 4) != 0 || (*version = dj__get_u32(r)) < 1 || *version > 2)
        return LSA_BAD;
    *stamp = dj__get_u64(r);
    c->dim = dj__get_u32(r);
    c->oversample = dj__get_u32(r);
    c->power_iters = dj__get_u32(r);
    c->seed = dj__get_u64(r);
    c->max_docs = dj__get_u32(r);
    c->max_vocab = dj__get_u32(r);
    c->min_df = dj__get_u32(r);
    c->max_df_share = dj__get_f32(r);
    c->bigrams = (int)dj__get_u32(r);
    c->sv_power = dj__get_f32(r);
    c->method = (int)dj__get_u32(r);
    c->ppmi_min_count = dj__get_u32(r);
    c->ppmi_shift = dj__get_f32(r);
    l->dim = dj__get_u32(r);
    l->nblk = dj__get_u32(r);
    l->bdim[0] = dj__get_u32(r);
    l->bdim[1] = dj__get_u32(r);
    l->nvocab = dj__get_u32(r);
    l->ncol_terms = dj__get_u32(r);
    l->ndocs = dj__get_u32(r);
    *digest = dj__get_u64(r);
    if (r->bad || !dj__lsa_config_ok(c) || l->nblk > 2 || l->dim > LSA_MAX_DIM ||
        (l->nblk < 1 && l->bdim[0]) || (l->nblk < 2 && l->bdim[1]) ||
        l->bdim[0] + l->bdim[1] != l->dim || (l->dim && !l->bdim[0]) ||
        l->nvocab > (r->len - r->off) / 4 || l->ncol_terms > (r->len - r->off) / 4)
        return LSA_BAD;
    if (l->ncol_terms > idx->nterms || l->ndocs > idx->ndocs)
        return DJ_EINVAL;
    return DJ_OK;
}

/* The arrays, the checksum (version 2), then the end mark. */
static int parse_arrays(dj_index_lsa *l, dj__rd *r, uint32_t version)
{
    size_t nt = (size_t)l->nvocab * l->dim, nd = (size_t)l->ndocs * l->dim;
    const uint8_t *end;

    if (nt > (r->len - r->off) / 4 || nd > r->len - r->off) /* before any allocation */
        return LSA_BAD;
    l->col = dj_malloc((l->ncol_terms ? l->ncol_terms : 1) * sizeof *l->col);
    l->idf = dj_malloc((l->nvocab ? l->nvocab : 1) * sizeof *l->idf);
    l->tvec = dj_malloc((nt ? nt : 1) * sizeof *l->tvec);
    if (!l->col || !l->idf || !l->tvec)
        return DJ_ENOMEM;
    if (dj__take_32s(r, l->col, l->ncol_terms) < 0 || dj__take_32s(r, l->idf, l->nvocab) < 0 ||
        dj__take_32s(r, l->tvec, nt) < 0)
        return LSA_BAD;
    for (uint32_t t = 0; t < l->ncol_terms; t++)
        if (l->col[t] > l->nvocab)
            return LSA_BAD;
    if (!all_within(l->idf, l->nvocab, 0, LSA_MAX_IDF) ||
        !all_within(l->tvec, nt, -LSA_MAX_TVEC, LSA_MAX_TVEC))
        return LSA_BAD;
    if (l->dim) {
        if (!(l->dvec = dj_malloc(nd ? nd : 1)))
            return DJ_ENOMEM;
        l->doccap = l->ndocs;
        if (dj__take_into(r, l->dvec, nd) < 0 || !unit_rows(l->dvec, l->ndocs, l->dim))
            return LSA_BAD;
    }
    if (version >= 2) {
        uint64_t want = dj__sum_value(&r->sum);
        if (dj__get_u64(r) != want)
            return LSA_BAD;
    }
    end = dj__take(r, 4);
    if (!end || memcmp(end, "SLJD", 4) != 0 || r->off != r->len)
        return LSA_BAD;
    return DJ_OK;
}

int dj_index_lsa_load(dj_index_lsa **out, uint64_t *stamp_out, const dj_index *idx,
                      const char *path, dj_diag *diag)
{
    dj_index_lsa *l;
    uint64_t digest = 0;
    uint32_t version = 0;
    dj__rd r;
    int rc;

    *out = NULL;
    if ((rc = dj__rd_open(&r, path, diag)) < 0)
        return rc;
    if (!(l = dj_calloc(1, sizeof *l)))
        return dj__rd_close(&r, DJ_ENOMEM, path, diag);
    rc = parse_head(l, &r, idx, &version, stamp_out, &digest);
    if (rc == DJ_OK && digest != docs_digest(idx, l->ndocs))
        rc = DJ_EINVAL;
    if (rc == DJ_OK)
        rc = parse_arrays(l, &r, version);
    if (rc == DJ_EINVAL)
        rc = dj_diag_set(diag, DJ_EINVAL, "%s: the model was learned from another index", path);
    else if (rc == LSA_BAD)
        rc = r.nomem
                 ? DJ_ENOMEM
                 : dj_diag_set(diag, DJ_EPARSE, "truncated or corrupt model near byte %zu", r.off);
    if (rc == DJ_OK) {
        *out = l;
        l = NULL;
    }
    dj_index_lsa_free(l);
    return dj__rd_close(&r, rc, path, diag);
}
