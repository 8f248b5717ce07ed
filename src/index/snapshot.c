/* snapshot.c - writes and reads the index snapshot file (fast start).
 *
 * Byte format, all integers little-endian, floats IEEE-754 binary32:
 *   magic "DJIX" | u32 version (2) | u64 stamp (absent in version 1: 0)
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
 *            u64 fwd_off | u32 fwd_len | u8 side | u8 kind | u8 status | u8 deleted)
 *   fwd_len bytes                                 forward lists
 *   magic "XIJD"
 * Loading checks every count, offset and posting against the rest of the
 * file (each posting list is decoded once), so a truncated or corrupt file is
 * DJ_EPARSE, never an out-of-bounds read later. Hash tables are rebuilt. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "util/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct wr {
    FILE *fp;
    int err;
} wr;

static void put(wr *w, const void *p, size_t n)
{
    if (!w->err && n && fwrite(p, 1, n, w->fp) != n)
        w->err = 1;
}

static void put_u8(wr *w, uint8_t v)
{
    put(w, &v, 1);
}

static void put_u16(wr *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(w, b, 2);
}

static void put_u32(wr *w, uint32_t v)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, 4);
}

static void put_u64(wr *w, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, 8);
}

static void put_f32(wr *w, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(w, v);
}

int dj_index_save(const dj_index *idx, const char *path, dj_diag *diag)
{
    /* path.tmp.PID: two processes saving one path never share a file */
    size_t tlen = strlen(path) + 32;
    char *tmp = dj_malloc(tlen);
    wr w = {0};
    if (!tmp)
        return DJ_ENOMEM;
    snprintf(tmp, tlen, "%s.tmp.%ld", path, (long)getpid());
    w.fp = fopen(tmp, "wb");
    if (!w.fp) {
        int rc = dj_diag_set(diag, DJ_EIO, "cannot create %s: %s", tmp, strerror(errno));
        dj_free(tmp);
        return rc;
    }
    const dj_index_config *c = &idx->cfg;
    put(&w, "DJIX", 4);
    put_u32(&w, 2);
    put_u64(&w, idx->stamp);
    put_f32(&w, c->k1);
    for (int f = 0; f < DJ_NFIELDS; f++)
        put_f32(&w, c->weight[f]);
    for (int f = 0; f < DJ_NFIELDS; f++)
        put_f32(&w, c->b[f]);
    put_f32(&w, c->bigram_weight);
    put_u32(&w, (uint32_t)c->analyze_flags);
    put_u32(&w, c->max_query_terms);
    put_u32(&w, (uint32_t)c->store_forward);
    put_u32(&w, idx->nterms);
    put_u32(&w, idx->ndocs);
    put_u32(&w, idx->nlive);
    for (int f = 0; f < DJ_NFIELDS; f++)
        put_u64(&w, idx->total_len[f]);
    put_u32(&w, idx->ninds);
    put_u64(&w, idx->strlen_);
    put_u64(&w, idx->fwdlen);
    for (uint32_t i = 0; i < idx->ninds; i++) {
        put_u32(&w, idx->indlens[i]);
        put(&w, idx->inds[i], idx->indlens[i]);
    }
    put(&w, idx->strs, idx->strlen_);
    for (uint32_t i = 0; i < idx->nterms; i++) {
        const dj__term *t = &idx->terms[i];
        const dj__plist *pl = &t->pl;
        put_u32(&w, t->off);
        put_u32(&w, t->len);
        put_u32(&w, pl->df);
        put_u32(&w, pl->last_doc);
        put_u32(&w, pl->nlast);
        for (int f = 0; f < DJ_NFIELDS; f++)
            put_u16(&w, pl->maxtf[f]);
        put_u32(&w, pl->nskips);
        put_u32(&w, pl->len);
        for (uint32_t s = 0; s < pl->nskips; s++) {
            put_u32(&w, pl->skips[s].last);
            put_u32(&w, pl->skips[s].end);
        }
        put(&w, pl->data, pl->len);
    }
    for (uint32_t i = 0; i < idx->ndocs; i++) {
        const dj__doc *d = &idx->docs[i];
        put_u64(&w, (uint64_t)d->id);
        for (int f = 0; f < DJ_NFIELDS; f++)
            put_u32(&w, d->len[f]);
        put_u32(&w, d->region);
        put_u32(&w, d->industry);
        put_u32(&w, d->modes);
        put_u64(&w, d->fwd_off);
        put_u32(&w, d->fwd_len);
        put_u8(&w, d->side);
        put_u8(&w, d->kind);
        put_u8(&w, d->status);
        put_u8(&w, d->deleted);
    }
    put(&w, idx->fwd, (size_t)idx->fwdlen);
    put(&w, "XIJD", 4);
    if (fclose(w.fp) != 0)
        w.err = 1;
    if (w.err || rename(tmp, path) != 0) {
        int rc = dj_diag_set(diag, DJ_EIO, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        dj_free(tmp);
        return rc;
    }
    dj_free(tmp);
    return DJ_OK;
}

/* ---- reading ---- */

/* Buffered reader over the snapshot file: buf[pos..fill) holds the next
 * unread bytes, file bytes [off, off + fill - pos). Small fields are read
 * through the buffer (take); bulk arrays go straight into their final
 * allocation (take_into), so a load never holds the whole file in memory. */
typedef struct rd {
    FILE *fp;
    uint8_t *buf;
    size_t cap, pos, fill;
    size_t len, off; /* file size, bytes consumed */
    int bad;
    int nomem;
} rd;

#define RD_BUF ((size_t)1 << 16)

/* Makes n (<= len - off) bytes available at buf + pos. */
static int rd_fill(rd *r, size_t n)
{
    size_t have = r->fill - r->pos, want;
    if (have >= n)
        return 0;
    memmove(r->buf, r->buf + r->pos, have);
    r->pos = 0;
    r->fill = have;
    if (n > r->cap) {
        uint8_t *b = dj_realloc(r->buf, n);
        if (!b) {
            r->bad = r->nomem = 1;
            return -1;
        }
        r->buf = b;
        r->cap = n;
    }
    want = r->cap - r->fill;
    if (want > r->len - r->off - have)
        want = r->len - r->off - have;
    r->fill += fread(r->buf + r->fill, 1, want, r->fp);
    if (r->fill < n) { /* read error or the file shrank */
        r->bad = 1;
        return -1;
    }
    return 0;
}

static const uint8_t *take(rd *r, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return NULL;
    }
    if (rd_fill(r, n) < 0)
        return NULL;
    const uint8_t *p = r->buf + r->pos;
    r->pos += n;
    r->off += n;
    return p;
}

/* Reads n bytes into dst (the caller checked n <= len - off). */
static int take_into(rd *r, void *dst, size_t n)
{
    size_t have = r->fill - r->pos, c = have < n ? have : n;
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return -1;
    }
    if (c)
        memcpy(dst, r->buf + r->pos, c);
    r->pos += c;
    r->off += c;
    if (c < n) { /* the window is empty: the file is at off */
        size_t got = fread((uint8_t *)dst + c, 1, n - c, r->fp);
        r->off += got;
        if (got != n - c) {
            r->bad = 1;
            return -1;
        }
    }
    return 0;
}

static uint32_t get_u32(rd *r)
{
    const uint8_t *b = take(r, 4);
    if (!b)
        return 0;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint16_t get_u16(rd *r)
{
    const uint8_t *b = take(r, 2);
    return b ? (uint16_t)(b[0] | b[1] << 8) : 0;
}

static uint8_t get_u8(rd *r)
{
    const uint8_t *b = take(r, 1);
    return b ? b[0] : 0;
}

static uint64_t get_u64(rd *r)
{
    uint64_t lo = get_u32(r);
    uint64_t hi = get_u32(r);
    return lo | hi << 32;
}

static float get_f32(rd *r)
{
    uint32_t v = get_u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

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
    uint32_t nterms, ndocs, nlive, ninds;
    uint64_t slen, flen; /* term strings and forward lists, bytes */
} snap_counts;

/* Magic, version, configuration and counts. */
static int parse_header(dj_index *idx, rd *r, snap_counts *n, dj_diag *diag)
{
    dj_index_config *c = &idx->cfg;
    const uint8_t *m = take(r, 4);
    uint32_t version;
    int f;

    if (!m || memcmp(m, "DJIX", 4) != 0 || ((version = get_u32(r)) != 1 && version != 2))
        return dj_diag_set(diag, DJ_EPARSE, "not a duijie index snapshot (version 1 or 2)");
    idx->stamp = version >= 2 ? get_u64(r) : 0;
    c->k1 = get_f32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        c->weight[f] = get_f32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        c->b[f] = get_f32(r);
    c->bigram_weight = get_f32(r);
    c->analyze_flags = (int)get_u32(r);
    c->max_query_terms = get_u32(r);
    c->store_forward = (int)get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        if (!(c->b[f] >= 0 && c->b[f] <= 1 && c->weight[f] >= 0))
            return SNAP_BAD;
    if (!(c->k1 >= 0 && c->bigram_weight >= 0) || c->analyze_flags == 0)
        return SNAP_BAD;
    n->nterms = get_u32(r);
    n->ndocs = get_u32(r);
    n->nlive = get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        idx->total_len[f] = get_u64(r);
    n->ninds = get_u32(r);
    n->slen = get_u64(r);
    n->flen = get_u64(r);
    if (r->bad || n->slen > r->len || n->flen > r->len || n->ndocs > r->len / 40 ||
        n->nterms > r->len / 34 || n->ninds > r->len / 4 || n->nlive > n->ndocs ||
        n->ndocs >= (1u << 31))
        return SNAP_BAD;
    return DJ_OK;
}

/* The industry names, then the term strings. */
static int parse_strings(dj_index *idx, rd *r, const snap_counts *n)
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
        uint32_t l = get_u32(r);
        const uint8_t *s = take(r, l);
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
    if (take_into(r, idx->strs, (size_t)n->slen) < 0 || (n->slen && idx->strs[n->slen - 1] != '\0'))
        return SNAP_BAD;
    idx->strlen_ = idx->strcap = (size_t)n->slen;
    return DJ_OK;
}

/* One term: its string, posting-list header, skips and compressed data. */
static int parse_term(dj_index *idx, rd *r, const snap_counts *n, uint32_t i, dj_diag *diag)
{
    dj__term *t = &idx->terms[i];
    dj__plist *pl = &t->pl;
    uint32_t nsk, dlen, k;
    int f;

    t->off = get_u32(r);
    t->len = get_u32(r);
    pl->df = get_u32(r);
    pl->last_doc = get_u32(r);
    pl->nlast = get_u32(r);
    for (f = 0; f < DJ_NFIELDS; f++)
        pl->maxtf[f] = get_u16(r);
    nsk = get_u32(r);
    dlen = get_u32(r);
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
        pl->skips[k].last = get_u32(r);
        pl->skips[k].end = get_u32(r);
    }
    pl->nskips = nsk;
    if (r->bad || dlen > r->len - r->off)
        return SNAP_BAD;
    pl->data = dj_malloc(dlen ? dlen : 1);
    if (!pl->data)
        return DJ_ENOMEM;
    if (take_into(r, pl->data, dlen) < 0)
        return SNAP_BAD;
    pl->len = pl->cap = dlen;
    if (check_plist(pl, n->ndocs) < 0)
        return dj_diag_set(diag, DJ_EPARSE, "corrupt posting list of term %u", i);
    return DJ_OK;
}

static int parse_terms(dj_index *idx, rd *r, const snap_counts *n, dj_diag *diag)
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
static int parse_docs(dj_index *idx, rd *r, const snap_counts *n)
{
    uint32_t i, live = 0;
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
        d->id = (int64_t)get_u64(r);
        for (f = 0; f < DJ_NFIELDS; f++)
            d->len[f] = get_u32(r);
        d->region = get_u32(r);
        d->industry = get_u32(r);
        d->modes = get_u32(r);
        d->fwd_off = get_u64(r);
        d->fwd_len = get_u32(r);
        d->side = get_u8(r);
        d->kind = get_u8(r);
        d->status = get_u8(r);
        d->deleted = get_u8(r);
        if (r->bad || d->industry > n->ninds || d->fwd_off > n->flen ||
            d->fwd_len > n->flen - d->fwd_off || d->deleted > 1)
            return SNAP_BAD;
        live += !d->deleted;
        idx->blen[i] = d->len[DJ_FIELD_BODY];
        idx->dead[i >> 6] |= (uint64_t)d->deleted << (i & 63);
    }
    idx->ndocs = n->ndocs;
    if (live != n->nlive)
        return SNAP_BAD;
    idx->nlive = n->nlive;
    return DJ_OK;
}

/* The forward lists (term ids in range), then the end mark. */
static int parse_forward(dj_index *idx, rd *r, const snap_counts *n)
{
    const uint8_t *end;
    uint32_t i;

    if (r->bad || n->flen > r->len - r->off)
        return SNAP_BAD;
    idx->fwd = dj_malloc(n->flen ? (size_t)n->flen : 1);
    if (!idx->fwd)
        return DJ_ENOMEM;
    idx->fwdcap = n->flen;
    if (take_into(r, idx->fwd, (size_t)n->flen) < 0)
        return SNAP_BAD;
    end = take(r, 4);
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

static int parse(dj_index *idx, rd *r, dj_diag *diag)
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
    FILE *fp;
    dj_index *idx = NULL;
    long sz;
    rd r = {0};
    int rc;

    *out = NULL;
    fp = fopen(path, "rb");
    if (!fp)
        return dj_diag_set(diag, DJ_EIO, "cannot open %s: %s", path, strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return dj_diag_set(diag, DJ_EIO, "cannot read %s", path);
    }
    r.fp = fp;
    r.len = (size_t)sz;
    r.cap = RD_BUF;
    r.buf = dj_malloc(r.cap);
    if (!r.buf) {
        fclose(fp);
        return DJ_ENOMEM;
    }
    if ((rc = dj__index_alloc_empty(&idx, NULL)) < 0)
        goto done;
    if ((rc = parse(idx, &r, diag)) < 0)
        goto done;
    idx->cfg.analyze = analyze;
    *out = idx;
    idx = NULL;
done:
    if (diag && rc == DJ_EPARSE) {
        size_t n = strlen(path);
        if (n >= sizeof diag->file)
            n = sizeof diag->file - 1;
        memcpy(diag->file, path, n);
        diag->file[n] = '\0';
        diag->offset = r.off;
    }
    if (rc == DJ_EPARSE && ferror(fp))
        rc = dj_diag_set(diag, DJ_EIO, "cannot read %s", path);
    fclose(fp);
    dj_index_free(idx);
    dj_free(r.buf);
    return rc;
}
