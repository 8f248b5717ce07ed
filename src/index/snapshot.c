/* snapshot.c - writes and reads the index snapshot file (fast start).
 *
 * Byte format, all integers little-endian, floats IEEE-754 binary32:
 *   magic "DJIX" | u32 version (3) | u64 stamp (version 1: absent, 0)
 *   config: f32 k1 | f32 weight[3] | f32 b[3] | f32 bigram_weight |
 *           i32 analyze_flags | u32 max_query_terms | i32 store_forward
 *   u32 nterms | u32 ndocs | u32 nlive | u64 total_len[3] | u32 ninds |
 *   u64 strings_len | u64 fwd_len
 *   ninds x (u32 len | bytes)                     interned industries
 *   strings_len bytes                             term strings, each NUL-ended
 *   nterms x (u32 off | u32 len | u32 df | u32 last_doc | u32 nlast |
 *             u16 maxtf[3] | u32 nskips | u32 data_len |
 *             nskips x (u32 last | u32 end) | data_len bytes)
 *   ndocs x (i64 id | u32 len[3] | u32 region | u32 industry | u32 modes |
 *            u64 fwd_off | u32 fwd_len | u8 side | u8 kind | u8 status | u8 deleted |
 *            u64 tag (version 1: absent, 0))
 *   fwd_len bytes                                 forward lists
 *   u64 checksum of every byte before it (dj__sum; versions 1, 2: absent)
 *   magic "XIJD"
 * Loading checks every count, offset and posting against the rest of the
 * file (each posting list is decoded once), so a truncated or corrupt file is
 * DJ_EPARSE, never an out-of-bounds read later; total_len must be the sum
 * of the live documents' lengths; and the checksum catches what stays
 * consistent (a term's bytes swapped for others, a flipped length) - the
 * index would answer wrongly, not crash. Hash tables are rebuilt. */
#include "duijie/dj_index.h"

#include "index/binfile.h"
#include "index/index_int.h"
#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

int dj_index_save(const dj_index *idx, const char *path, dj_diag *diag)
{
    dj__wr w;
    int rc = dj__wr_open(&w, path, diag);
    if (rc < 0)
        return rc;
    const dj_index_config *c = &idx->cfg;
    dj__put(&w, "DJIX", 4);
    dj__put_u32(&w, 3);
    dj__put_u64(&w, idx->stamp);
    dj__put_f32(&w, c->k1);
    for (int f = 0; f < DJ_NFIELDS; f++)
        dj__put_f32(&w, c->weight[f]);
    for (int f = 0; f < DJ_NFIELDS; f++)
        dj__put_f32(&w, c->b[f]);
    dj__put_f32(&w, c->bigram_weight);
    dj__put_u32(&w, (uint32_t)c->analyze_flags);
    dj__put_u32(&w, c->max_query_terms);
    dj__put_u32(&w, (uint32_t)c->store_forward);
    dj__put_u32(&w, idx->nterms);
    dj__put_u32(&w, idx->ndocs);
    dj__put_u32(&w, idx->nlive);
    for (int f = 0; f < DJ_NFIELDS; f++)
        dj__put_u64(&w, idx->total_len[f]);
    dj__put_u32(&w, idx->ninds);
    dj__put_u64(&w, idx->strlen_);
    dj__put_u64(&w, idx->fwdlen);
    for (uint32_t i = 0; i < idx->ninds; i++) {
        dj__put_u32(&w, idx->indlens[i]);
        dj__put(&w, idx->inds[i], idx->indlens[i]);
    }
    dj__put(&w, idx->strs, idx->strlen_);
    for (uint32_t i = 0; i < idx->nterms; i++) {
        const dj__term *t = &idx->terms[i];
        const dj__plist *pl = &t->pl;
        dj__put_u32(&w, t->off);
        dj__put_u32(&w, t->len);
        dj__put_u32(&w, pl->df);
        dj__put_u32(&w, pl->last_doc);
        dj__put_u32(&w, pl->nlast);
        for (int f = 0; f < DJ_NFIELDS; f++)
            dj__put_u16(&w, pl->maxtf[f]);
        dj__put_u32(&w, pl->nskips);
        dj__put_u32(&w, pl->len);
        for (uint32_t s = 0; s < pl->nskips; s++) {
            dj__put_u32(&w, pl->skips[s].last);
            dj__put_u32(&w, pl->skips[s].end);
        }
        dj__put(&w, pl->data, pl->len);
    }
    for (uint32_t i = 0; i < idx->ndocs; i++) {
        const dj__doc *d = &idx->docs[i];
        dj__put_u64(&w, (uint64_t)d->id);
        for (int f = 0; f < DJ_NFIELDS; f++)
            dj__put_u32(&w, d->len[f]);
        dj__put_u32(&w, d->region);
        dj__put_u32(&w, d->industry);
        dj__put_u32(&w, d->modes);
        dj__put_u64(&w, d->fwd_off);
        dj__put_u32(&w, d->fwd_len);
        dj__put_u8(&w, d->side);
        dj__put_u8(&w, d->kind);
        dj__put_u8(&w, d->status);
        dj__put_u8(&w, d->deleted);
        dj__put_u64(&w, d->tag);
    }
    dj__put(&w, idx->fwd, (size_t)idx->fwdlen);
    dj__put_u64(&w, dj__sum_value(&w.sum));
    dj__put(&w, "XIJD", 4);
    return dj__wr_close(&w, path, diag);
}

/* ---- reading ---- */

/* Bounds-checked varint for validation. */
static int vget(const uint8_t **p, const uint8_t *e, uint32_t *v)
{
    uint32_t x = 0;
    for (unsigned i = 0; i < 5; i++) {
        if (*p >= e)
            return -1;
        uint8_t b = *(*p)++;
        x |= (uint32_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

static int check_plist(const dj__plist *pl, uint32_t ndocs)
{
    uint32_t nblocks = pl->nskips + (pl->nlast ? 1 : 0);
    uint32_t doc = 0, count = 0, prev_end = 0;
    uint16_t mx[DJ_NFIELDS] = {0, 0, 0};
    if (pl->nlast > DJ__BLOCK || (pl->nskips && pl->nlast == 0 && pl->df != pl->nskips * DJ__BLOCK))
        return -1;
    for (uint32_t b = 0; b < nblocks; b++) {
        uint32_t end = b < pl->nskips ? pl->skips[b].end : pl->len;
        uint32_t want = b < pl->nskips ? DJ__BLOCK : pl->nlast;
        if (end < prev_end || end > pl->len)
            return -1;
        const uint8_t *p = pl->data + prev_end, *e = pl->data + end;
        for (uint32_t i = 0; i < want; i++) {
            uint32_t v, tf;
            if (vget(&p, e, &v) < 0)
                return -1;
            if ((count > 0 && (v >> 1) == 0) || (uint64_t)doc + (v >> 1) >= ndocs)
                return -1;
            doc += v >> 1;
            for (int f = 0; f < ((v & 1) ? 3 : 1); f++) {
                int field = f == 0 ? DJ_FIELD_BODY : f == 1 ? DJ_FIELD_TITLE : DJ_FIELD_KEYWORDS;
                if (vget(&p, e, &tf) < 0 || tf > UINT16_MAX)
                    return -1;
                if (tf > mx[field])
                    mx[field] = (uint16_t)tf;
            }
            count++;
        }
        if (p != e)
            return -1;
        if (b < pl->nskips && pl->skips[b].last != doc)
            return -1;
        prev_end = end;
    }
    if (count != pl->df || (count && doc != pl->last_doc) || prev_end != pl->len)
        return -1;
    for (int f = 0; f < DJ_NFIELDS; f++)
        if (mx[f] > pl->maxtf[f])
            return -1;
    return 0;
}

/* parse()'s steps return DJ_OK, a negative error, or SNAP_BAD: the bytes
 * are truncated or inconsistent (reported with the offset by parse). */
#define SNAP_BAD 1

/* The counts of the file's sections, from its header. */
typedef struct snap_counts {
    uint32_t version;
    uint32_t nterms, ndocs, nlive, ninds;
    uint64_t slen, flen; /* term strings and forward lists, bytes */
} snap_counts;

/* Magic, version, configuration and counts. */
static int parse_header(dj_index *idx, dj__rd *r, snap_counts *n, dj_diag *diag)
{
    dj_index_config *c = &idx->cfg;
    const uint8_t *m = dj__take(r, 4);
    int f;

    if (!m || memcmp(m, "DJIX", 4) != 0 || (n->version = dj__get_u32(r)) < 1 || n->version > 3)
        return dj_diag_set(diag, DJ_EPARSE, "not a duijie index snapshot (version 1 to 3)");
    idx->stamp = n->version >= 2 ? dj__get_u64(r) : 0;
    c->k1 = dj__get_f32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        c->weight[f] = dj__get_f32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        c->b[f] = dj__get_f32(r);
    c->bigram_weight = dj__get_f32(r);
    c->analyze_flags = (int)dj__get_u32(r);
    c->max_query_terms = dj__get_u32(r);
    c->store_forward = (int)dj__get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        if (!(c->b[f] >= 0 && c->b[f] <= 1 && c->weight[f] >= 0))
            return SNAP_BAD;
    if (!(c->k1 >= 0 && c->bigram_weight >= 0) || c->analyze_flags == 0)
        return SNAP_BAD;
    n->nterms = dj__get_u32(r);
    n->ndocs = dj__get_u32(r);
    n->nlive = dj__get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        idx->total_len[f] = dj__get_u64(r);
    n->ninds = dj__get_u32(r);
    n->slen = dj__get_u64(r);
    n->flen = dj__get_u64(r);
    if (r->bad || n->slen > r->len || n->flen > r->len || n->ndocs > r->len / 40 ||
        n->nterms > r->len / 34 || n->ninds > r->len / 4 || n->nlive > n->ndocs ||
        n->ndocs >= (1u << 31))
        return SNAP_BAD;
    return DJ_OK;
}

/* The industry names, then the term strings. */
static int parse_strings(dj_index *idx, dj__rd *r, const snap_counts *n)
{
    uint32_t i;

    if (n->ninds) {
        idx->inds = dj_calloc(n->ninds, sizeof *idx->inds);
        idx->indlens = dj_calloc(n->ninds, sizeof *idx->indlens);
        if (!idx->inds || !idx->indlens)
            return DJ_ENOMEM;
        idx->indcap = n->ninds;
    }
    for (i = 0; i < n->ninds; i++) {
        uint32_t l = dj__get_u32(r);
        const uint8_t *s = dj__take(r, l);
        if (!s || l == 0)
            return SNAP_BAD;
        if (!(idx->inds[i] = dj_strndup((const char *)s, l)))
            return DJ_ENOMEM;
        idx->indlens[i] = l;
        idx->ninds++;
    }
    if (r->bad || n->slen > r->len - r->off)
        return SNAP_BAD;
    idx->strs = dj_malloc(n->slen ? (size_t)n->slen : 1);
    if (!idx->strs)
        return DJ_ENOMEM;
    if (dj__take_into(r, idx->strs, (size_t)n->slen) < 0 ||
        (n->slen && idx->strs[n->slen - 1] != '\0'))
        return SNAP_BAD;
    idx->strlen_ = idx->strcap = (size_t)n->slen;
    return DJ_OK;
}

/* One term: its string, posting-list header, skips and compressed data. */
static int parse_term(dj_index *idx, dj__rd *r, const snap_counts *n, uint32_t i, dj_diag *diag)
{
    dj__term *t = &idx->terms[i];
    dj__plist *pl = &t->pl;
    uint32_t nsk, dlen, k;
    int f;

    t->off = dj__get_u32(r);
    t->len = dj__get_u32(r);
    pl->df = dj__get_u32(r);
    pl->last_doc = dj__get_u32(r);
    pl->nlast = dj__get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        pl->maxtf[f] = dj__get_u16(r);
    nsk = dj__get_u32(r);
    dlen = dj__get_u32(r);
    if (r->bad || (uint64_t)t->off + t->len >= n->slen || idx->strs[t->off + t->len] != '\0' ||
        nsk > (r->len - r->off) / 8)
        return SNAP_BAD;
    idx->nterms = i + 1; /* so that dj_index_free releases what is loaded */
    if (nsk) {
        pl->skips = dj_malloc((size_t)nsk * sizeof *pl->skips);
        if (!pl->skips)
            return DJ_ENOMEM;
        pl->skipcap = nsk;
    }
    for (k = 0; k < nsk; k++) {
        pl->skips[k].last = dj__get_u32(r);
        pl->skips[k].end = dj__get_u32(r);
    }
    pl->nskips = nsk;
    if (r->bad || dlen > r->len - r->off)
        return SNAP_BAD;
    pl->data = dj_malloc(dlen ? dlen : 1);
    if (!pl->data)
        return DJ_ENOMEM;
    if (dj__take_into(r, pl->data, dlen) < 0)
        return SNAP_BAD;
    pl->len = pl->cap = dlen;
    if (check_plist(pl, n->ndocs) < 0)
        return dj_diag_set(diag, DJ_EPARSE, "corrupt posting list of term %u", i);
    return DJ_OK;
}

static int parse_terms(dj_index *idx, dj__rd *r, const snap_counts *n, dj_diag *diag)
{
    uint32_t i;
    int rc;

    if (n->nterms) {
        idx->terms = dj_calloc(n->nterms, sizeof *idx->terms);
        if (!idx->terms)
            return DJ_ENOMEM;
        idx->termcap = n->nterms;
    }
    for (i = 0; i < n->nterms; i++)
        if ((rc = parse_term(idx, r, n, i, diag)) != DJ_OK)
            return rc;
    return DJ_OK;
}

/* The documents' fixed records; their live count must match the header. */
static int parse_docs(dj_index *idx, dj__rd *r, const snap_counts *n)
{
    uint32_t i, live = 0;
    uint64_t sum[DJ_NFIELDS] = {0};
    int f;

    if (n->ndocs) {
        idx->docs = dj_malloc((size_t)n->ndocs * sizeof *idx->docs);
        idx->blen = dj_malloc((size_t)n->ndocs * sizeof *idx->blen);
        idx->dead = dj_calloc(DJ__DEAD_WORDS(n->ndocs), sizeof *idx->dead);
        if (!idx->docs || !idx->blen || !idx->dead)
            return DJ_ENOMEM;
        idx->doccap = n->ndocs;
    }
    for (i = 0; i < n->ndocs; i++) {
        dj__doc *d = &idx->docs[i];
        memset(d, 0, sizeof *d);
        d->id = (int64_t)dj__get_u64(r);
        for (f = 0; f < DJ_NFIELDS; f++)
            d->len[f] = dj__get_u32(r);
        d->region = dj__get_u32(r);
        d->industry = dj__get_u32(r);
        d->modes = dj__get_u32(r);
        d->fwd_off = dj__get_u64(r);
        d->fwd_len = dj__get_u32(r);
        d->side = dj__get_u8(r);
        d->kind = dj__get_u8(r);
        d->status = dj__get_u8(r);
        d->deleted = dj__get_u8(r);
        d->tag = n->version >= 2 ? dj__get_u64(r) : 0;
        if (r->bad || d->industry > n->ninds || d->fwd_off > n->flen ||
            d->fwd_len > n->flen - d->fwd_off || d->deleted > 1)
            return SNAP_BAD;
        live += !d->deleted;
        for (f = 0; f < DJ_NFIELDS && !d->deleted; f++)
            sum[f] += d->len[f];
        idx->blen[i] = d->len[DJ_FIELD_BODY];
        idx->dead[i >> 6] |= (uint64_t)d->deleted << (i & 63);
    }
    idx->ndocs = n->ndocs;
    if (live != n->nlive)
        return SNAP_BAD;
    for (f = 0; f < DJ_NFIELDS; f++)
        if (sum[f] != idx->total_len[f])
            return SNAP_BAD;
    idx->nlive = n->nlive;
    return DJ_OK;
}

/* The forward lists (term ids in range), then the end mark. */
static int parse_forward(dj_index *idx, dj__rd *r, const snap_counts *n)
{
    const uint8_t *end;
    uint32_t i;

    if (r->bad || n->flen > r->len - r->off)
        return SNAP_BAD;
    idx->fwd = dj_malloc(n->flen ? (size_t)n->flen : 1);
    if (!idx->fwd)
        return DJ_ENOMEM;
    idx->fwdcap = n->flen;
    if (dj__take_into(r, idx->fwd, (size_t)n->flen) < 0)
        return SNAP_BAD;
    if (n->version >= 3) {
        uint64_t want = dj__sum_value(&r->sum);
        if (dj__get_u64(r) != want)
            return SNAP_BAD;
    }
    end = dj__take(r, 4);
    if (!end || memcmp(end, "XIJD", 4) != 0 || r->off != r->len)
        return SNAP_BAD;
    idx->fwdlen = n->flen;
    for (i = 0; i < n->ndocs; i++) {
        const uint8_t *p = idx->fwd + idx->docs[i].fwd_off, *e = p + idx->docs[i].fwd_len;
        uint64_t term = 0;
        uint32_t v;
        while (p < e) {
            if (vget(&p, e, &v) < 0)
                return SNAP_BAD;
            term += v;
            if (term >= n->nterms || vget(&p, e, &v) < 0)
                return SNAP_BAD;
        }
    }
    return DJ_OK;
}

/* The term hash table (no duplicate terms) and the id map. */
static int build_tables(dj_index *idx, const snap_counts *n)
{
    uint32_t cap = 1024, i;
    int rc;

    while ((uint64_t)n->nterms * 2 >= cap)
        cap *= 2;
    idx->thash = dj_calloc(cap, sizeof *idx->thash);
    if (!idx->thash)
        return DJ_ENOMEM;
    idx->thcap = cap;
    for (i = 0; i < n->nterms; i++) {
        const dj__term *t = &idx->terms[i];
        uint32_t h;
        if (t->len > DJ__MAX_TERM_LEN ||
            dj__term_find(idx, idx->strs + t->off, t->len, &h) == DJ_OK)
            return SNAP_BAD; /* duplicate term */
        dj__term_insert_hash(idx, i);
    }
    cap = 1024;
    while ((uint64_t)(n->nlive + 1) * 4 > cap)
        cap *= 2;
    rc = dj__idmap_rebuild(idx, cap);
    return rc == DJ_EINVAL ? SNAP_BAD : rc; /* two live documents with one id */
}

static int parse(dj_index *idx, dj__rd *r, dj_diag *diag)
{
    snap_counts n;
    int rc;

    memset(&n, 0, sizeof n);
    if ((rc = parse_header(idx, r, &n, diag)) == DJ_OK &&
        (rc = parse_strings(idx, r, &n)) == DJ_OK &&
        (rc = parse_terms(idx, r, &n, diag)) == DJ_OK && (rc = parse_docs(idx, r, &n)) == DJ_OK &&
        (rc = parse_forward(idx, r, &n)) == DJ_OK)
        rc = build_tables(idx, &n);
    if (rc != SNAP_BAD)
        return rc;
    if (r->nomem)
        return DJ_ENOMEM;
    return dj_diag_set(diag, DJ_EPARSE, "truncated or corrupt snapshot near byte %zu", r->off);
}

int dj_index_load(dj_index **out, const char *path, dj_index_analyzer analyze, dj_diag *diag)
{
    dj_index *idx = NULL;
    dj__rd r;
    int rc;

    *out = NULL;
    if ((rc = dj__rd_open(&r, path, diag)) < 0)
        return rc;
    if ((rc = dj__index_alloc_empty(&idx, NULL)) == DJ_OK && (rc = parse(idx, &r, diag)) == DJ_OK) {
        idx->cfg.analyze = analyze;
        *out = idx;
        idx = NULL;
    }
    dj_index_free(idx);
    return dj__rd_close(&r, rc, path, diag);
}
