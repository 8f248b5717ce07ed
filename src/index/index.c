/* index.c - the index object: term dictionary, document table, external id
 * map, and the mutations (put = add or replace, delete, compact).
 *
 * Invariants (besides those of index_int.h):
 *  - thash is an open-addressing table over terms[] keyed by the term bytes;
 *    it is at most half full.
 *  - idhash maps an external id to the docno of its live document; slots of
 *    deleted documents stay occupied until the table is rebuilt on growth,
 *    and a lookup only answers for a live document with the same id.
 *  - total_len[f] sums len[f] over live documents; nlive counts them.
 *  - dj_index_put changes nothing visible unless it returns DJ_OK: posting
 *    lists it appended to are truncated back on failure. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void dj_index_config_default(dj_index_config *c)
{
    memset(c, 0, sizeof *c);
    c->k1 = 1.2f;
    c->weight[DJ_FIELD_TITLE] = 2.5f;
    c->weight[DJ_FIELD_KEYWORDS] = 2.0f;
    c->weight[DJ_FIELD_BODY] = 1.0f;
    c->b[DJ_FIELD_TITLE] = 0.5f;
    c->b[DJ_FIELD_KEYWORDS] = 0.3f;
    c->b[DJ_FIELD_BODY] = 0.75f;
    c->bigram_weight = 0.6f;
    c->analyze_flags = DJ_ANALYZE_ALL;
    c->analyze = NULL;
    c->max_query_terms = 48;
    c->store_forward = 1;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static uint64_t hash_id(int64_t id)
{
    uint64_t x = (uint64_t)id;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

int dj__index_alloc_empty(dj_index **out, const dj_index_config *cfg)
{
    dj_index *idx;
    *out = NULL;
    idx = dj_calloc(1, sizeof *idx);
    if (!idx)
        return DJ_ENOMEM;
    if (cfg)
        idx->cfg = *cfg;
    else
        dj_index_config_default(&idx->cfg);
    *out = idx;
    return DJ_OK;
}

int dj_index_new(dj_index **out, const dj_index_config *cfg)
{
    int rc;
    dj_index *idx;
    *out = NULL;
    if (cfg && (cfg->k1 < 0 || cfg->bigram_weight < 0 || cfg->analyze_flags == 0))
        return DJ_EINVAL;
    for (int f = 0; cfg && f < DJ_NFIELDS; f++)
        if (cfg->b[f] < 0 || cfg->b[f] > 1 || cfg->weight[f] < 0)
            return DJ_EINVAL;
    if ((rc = dj__index_alloc_empty(&idx, cfg)) < 0)
        return rc;
    *out = idx;
    return DJ_OK;
}

void dj_index_free(dj_index *idx)
{
    if (!idx)
        return;
    for (uint32_t i = 0; i < idx->nterms; i++)
        dj__plist_fini(&idx->terms[i].pl);
    for (uint32_t i = 0; i < idx->ninds; i++)
        dj_free(idx->inds[i]);
    dj_free(idx->inds);
    dj_free(idx->indlens);
    dj_free(idx->terms);
    dj_free(idx->thash);
    dj_free(idx->strs);
    dj_free(idx->docs);
    dj_free(idx->idhash);
    dj_free(idx->fwd);
    dj_free(idx);
}

const dj_index_config *dj_index_get_config(const dj_index *idx)
{
    return &idx->cfg;
}

size_t dj_index_count(const dj_index *idx)
{
    return idx->nlive;
}

size_t dj_index_memory(const dj_index *idx)
{
    size_t m = sizeof *idx;
    for (uint32_t i = 0; i < idx->nterms; i++)
        m += dj__plist_memory(&idx->terms[i].pl);
    m += (size_t)idx->termcap * sizeof(dj__term) + (size_t)idx->thcap * sizeof(uint64_t);
    m += idx->strcap + (size_t)idx->doccap * sizeof(dj__doc);
    m += (size_t)idx->idcap * sizeof(uint32_t) + idx->fwdcap;
    return m;
}

/* ---- dictionary ---- */

const char *dj__term_str(const dj_index *idx, uint32_t id)
{
    return idx->strs + idx->terms[id].off;
}

int dj__term_find(const dj_index *idx, const char *s, size_t len, uint32_t *id_out)
{
    if (!idx->thcap)
        return DJ_ENOTFOUND;
    uint32_t mask = idx->thcap - 1;
    uint32_t hv = (uint32_t)hash_bytes(s, len);
    for (uint32_t h = hv & mask;; h = (h + 1) & mask) {
        uint64_t v = idx->thash[h];
        if (!v)
            return DJ_ENOTFOUND;
        if ((uint32_t)(v >> 32) != hv)
            continue;
        const dj__term *t = &idx->terms[(uint32_t)v - 1];
        if (t->len == len && memcmp(idx->strs + t->off, s, len) == 0) {
            *id_out = (uint32_t)v - 1;
            return DJ_OK;
        }
    }
}

static int thash_grow(dj_index *idx)
{
    uint32_t nc = idx->thcap ? idx->thcap * 2 : 1024;
    uint64_t *h = dj_calloc(nc, sizeof *h);
    if (!h)
        return DJ_ENOMEM;
    dj_free(idx->thash);
    idx->thash = h;
    idx->thcap = nc;
    for (uint32_t i = 0; i < idx->nterms; i++)
        dj__term_insert_hash(idx, i);
    return DJ_OK;
}

void dj__term_insert_hash(dj_index *idx, uint32_t id)
{
    const dj__term *t = &idx->terms[id];
    uint32_t mask = idx->thcap - 1;
    uint32_t hv = (uint32_t)hash_bytes(idx->strs + t->off, t->len);
    uint32_t h = hv & mask;
    while (idx->thash[h])
        h = (h + 1) & mask;
    idx->thash[h] = (uint64_t)hv << 32 | (uint64_t)(id + 1);
}

int dj__term_intern(dj_index *idx, const char *s, size_t len, uint32_t *id_out)
{
    if (dj__term_find(idx, s, len, id_out) == DJ_OK)
        return DJ_OK;
    if (idx->nterms >= UINT32_MAX / 4 || idx->strlen_ + len + 1 > UINT32_MAX)
        return DJ_ELIMIT;
    if ((idx->nterms + 1) * 2 > idx->thcap) {
        int rc = thash_grow(idx);
        if (rc < 0)
            return rc;
    }
    if (idx->nterms == idx->termcap) {
        uint32_t nc = idx->termcap ? idx->termcap * 2 : 1024;
        dj__term *t = dj_realloc(idx->terms, (size_t)nc * sizeof *t);
        if (!t)
            return DJ_ENOMEM;
        idx->terms = t;
        idx->termcap = nc;
    }
    if (idx->strlen_ + len + 1 > idx->strcap) {
        size_t nc = idx->strcap ? idx->strcap * 2 : 65536;
        while (nc < idx->strlen_ + len + 1)
            nc *= 2;
        char *p = dj_realloc(idx->strs, nc);
        if (!p)
            return DJ_ENOMEM;
        idx->strs = p;
        idx->strcap = nc;
    }
    dj__term *t = &idx->terms[idx->nterms];
    memset(t, 0, sizeof *t);
    t->off = (uint32_t)idx->strlen_;
    t->len = (uint32_t)len;
    memcpy(idx->strs + idx->strlen_, s, len);
    idx->strs[idx->strlen_ + len] = '\0';
    idx->strlen_ += len + 1;
    dj__term_insert_hash(idx, idx->nterms);
    *id_out = idx->nterms++;
    return DJ_OK;
}

float dj__idf(const dj_index *idx, uint32_t df)
{
    double n = idx->nlive;
    double d = df < idx->nlive ? df : idx->nlive;
    return (float)log(1.0 + (n - d + 0.5) / (d + 0.5));
}

/* ---- external id map ---- */

int dj__id_find(const dj_index *idx, int64_t id, uint32_t *docno_out)
{
    if (!idx->idcap)
        return DJ_ENOTFOUND;
    uint32_t mask = idx->idcap - 1;
    for (uint32_t h = (uint32_t)hash_id(id) & mask;; h = (h + 1) & mask) {
        uint32_t v = idx->idhash[h];
        if (!v)
            return DJ_ENOTFOUND;
        const dj__doc *d = &idx->docs[v - 1];
        if (d->id == id && !d->deleted) {
            *docno_out = v - 1;
            return DJ_OK;
        }
    }
}

int dj__idmap_rebuild(dj_index *idx, uint32_t cap)
{
    uint32_t *h = dj_calloc(cap, sizeof *h);
    if (!h)
        return DJ_ENOMEM;
    uint32_t used = 0;
    for (uint32_t i = 0; i < idx->ndocs; i++) {
        if (idx->docs[i].deleted)
            continue;
        uint32_t s = (uint32_t)hash_id(idx->docs[i].id) & (cap - 1);
        while (h[s])
            s = (s + 1) & (cap - 1);
        h[s] = i + 1;
        used++;
    }
    dj_free(idx->idhash);
    idx->idhash = h;
    idx->idcap = cap;
    idx->idused = used;
    return DJ_OK;
}

/* Slot for id: the slot of a (live or deleted) document with this id, else
 * the empty slot ending the probe. */
static uint32_t id_slot(const dj_index *idx, int64_t id)
{
    uint32_t mask = idx->idcap - 1;
    uint32_t h = (uint32_t)hash_id(id) & mask;
    while (idx->idhash[h] && idx->docs[idx->idhash[h] - 1].id != id)
        h = (h + 1) & mask;
    return h;
}

int dj_index_contains(const dj_index *idx, int64_t id)
{
    uint32_t d;
    return dj__id_find(idx, id, &d) == DJ_OK;
}

/* ---- industries ---- */

static int industry_find(const dj_index *idx, const char *s, size_t len, uint32_t *out)
{
    for (uint32_t i = 0; i < idx->ninds; i++) {
        if (idx->indlens[i] == len && memcmp(idx->inds[i], s, len) == 0) {
            *out = i + 1;
            return DJ_OK;
        }
    }
    return DJ_ENOTFOUND;
}

static int industry_intern(dj_index *idx, const char *s, size_t len, uint32_t *out)
{
    if (!s || !len) {
        *out = 0;
        return DJ_OK;
    }
    if (industry_find(idx, s, len, out) == DJ_OK)
        return DJ_OK;
    if (len > UINT32_MAX)
        return DJ_ELIMIT;
    if (idx->ninds == idx->indcap) {
        uint32_t nc = idx->indcap ? idx->indcap * 2 : 16;
        char **p = dj_realloc(idx->inds, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        idx->inds = p;
        uint32_t *l = dj_realloc(idx->indlens, nc * sizeof *l);
        if (!l)
            return DJ_ENOMEM;
        idx->indlens = l;
        idx->indcap = nc;
    }
    char *c = dj_strndup(s, len);
    if (!c)
        return DJ_ENOMEM;
    idx->inds[idx->ninds] = c;
    idx->indlens[idx->ninds] = (uint32_t)len;
    *out = ++idx->ninds;
    return DJ_OK;
}

int dj__industry_lookup(const dj_index *idx, const char *s, size_t len, uint32_t *out)
{
    return industry_find(idx, s, len, out);
}

/* ---- put / delete ---- */

typedef struct collect {
    dj_index *idx;
    uint64_t *v; /* term id << 2 | field */
    size_t n, cap;
    int field;
    uint32_t count[DJ_NFIELDS];
} collect;

static int collect_cb(const dj_term *t, void *ctx)
{
    collect *c = ctx;
    char key[DJ__MAX_TERM_LEN + 1];
    size_t klen = 0;
    uint32_t id;
    int rc;

    if (t->is_stop || t->len == 0 || t->len > DJ__MAX_TERM_LEN - 1)
        return 0;
    if (t->kind == DJ_TERM_BIGRAM)
        key[klen++] = DJ__BIGRAM_MARK;
    memcpy(key + klen, t->text, t->len);
    klen += t->len;
    if ((rc = dj__term_intern(c->idx, key, klen, &id)) < 0)
        return rc;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        uint64_t *p = dj_realloc(c->v, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        c->v = p;
        c->cap = nc;
    }
    c->v[c->n++] = ((uint64_t)id << 2) | (uint64_t)c->field;
    c->count[c->field]++;
    return 0;
}

/* LSD radix sort of v[0..n) by 11-bit digits, using tmp[n]; keys < 2^bits. */
static void radix_sort(uint64_t *v, uint64_t *tmp, size_t n, unsigned bits)
{
    size_t count[2048];
    for (unsigned shift = 0; shift < bits; shift += 11) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(v[i] >> shift) & 2047]++;
        size_t sum = 0;
        for (size_t d = 0; d < 2048; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 2047]++] = v[i];
        uint64_t *t = v;
        v = tmp;
        tmp = t;
    }
    if (((bits + 10) / 11) % 2) /* odd number of passes: result is in tmp */
        memcpy(tmp, v, n * sizeof *v);
}

typedef struct undo {
    uint32_t term;
    uint32_t len, nskips, df, last_doc, nlast;
    uint16_t maxtf[DJ_NFIELDS];
} undo;

static void tombstone(dj_index *idx, uint32_t docno)
{
    dj__doc *d = &idx->docs[docno];
    if (d->deleted)
        return;
    d->deleted = 1;
    idx->nlive--;
    for (int f = 0; f < DJ_NFIELDS; f++)
        idx->total_len[f] -= d->len[f];
}

int dj_index_put(dj_index *idx, const dj_index_doc *doc)
{
    collect c = {0};
    undo *u = NULL;
    size_t nu = 0, nuniq = 0;
    uint32_t ind = 0, old = 0;
    int rc;
    const char *ftext[DJ_NFIELDS] = {doc->title, doc->keywords, doc->body};
    size_t flen[DJ_NFIELDS] = {doc->title_len, doc->keywords_len, doc->body_len};
    dj_index_analyzer an = idx->cfg.analyze ? idx->cfg.analyze : dj_text_analyze;
    int has_old = dj__id_find(idx, doc->id, &old) == DJ_OK;

    if (idx->ndocs >= (1u << 31))
        return DJ_ELIMIT;
    c.idx = idx;
    for (int f = 0; f < DJ_NFIELDS; f++) {
        if (!ftext[f] || !flen[f])
            continue;
        c.field = f;
        if ((rc = an(ftext[f], flen[f], idx->cfg.analyze_flags, collect_cb, &c)) < 0)
            goto done;
    }
    if ((rc = industry_intern(idx, doc->industry, doc->industry_len, &ind)) < 0)
        goto done;
    if (c.n > 1) {
        unsigned bits = 2;
        while (bits < 64 && (idx->nterms >> (bits - 2)))
            bits++;
        uint64_t *tmp = dj_malloc(c.n * sizeof *tmp);
        if (!tmp) {
            rc = DJ_ENOMEM;
            goto done;
        }
        radix_sort(c.v, tmp, c.n, bits);
        dj_free(tmp);
    }
    for (size_t i = 0; i < c.n; i++)
        if (i == 0 || (c.v[i] >> 2) != (c.v[i - 1] >> 2))
            nuniq++;

    /* reserve everything that can fail before touching posting lists */
    if (idx->ndocs == idx->doccap) {
        uint32_t nc = idx->doccap ? idx->doccap * 2 : 1024;
        dj__doc *d = dj_realloc(idx->docs, (size_t)nc * sizeof *d);
        if (!d) {
            rc = DJ_ENOMEM;
            goto done;
        }
        idx->docs = d;
        idx->doccap = nc;
    }
    if ((idx->idused + 1) * 2 > idx->idcap) {
        uint32_t nc = 1024;
        while ((uint64_t)(idx->nlive + 1) * 4 > nc)
            nc *= 2;
        if ((rc = dj__idmap_rebuild(idx, nc)) < 0)
            goto done;
    }
    size_t fwd_need = idx->cfg.store_forward ? nuniq * 10 : 0;
    if (idx->fwdlen + fwd_need > idx->fwdcap) {
        uint64_t nc = idx->fwdcap ? idx->fwdcap : 65536;
        while (nc < idx->fwdlen + fwd_need)
            nc = nc < ((uint64_t)1 << 28) ? nc * 2 : nc + (nc >> 2);
        uint8_t *p = dj_realloc(idx->fwd, (size_t)nc);
        if (!p) {
            rc = DJ_ENOMEM;
            goto done;
        }
        idx->fwd = p;
        idx->fwdcap = nc;
    }
    u = dj_malloc((nuniq ? nuniq : 1) * sizeof *u);
    if (!u) {
        rc = DJ_ENOMEM;
        goto done;
    }

    uint32_t docno = idx->ndocs;
    uint64_t fwd_start = idx->fwdlen, fwd_at = idx->fwdlen;
    uint32_t prev_term = 0;
    for (size_t i = 0; i < c.n;) {
        uint32_t term = (uint32_t)(c.v[i] >> 2);
        uint16_t tf[DJ_NFIELDS] = {0, 0, 0};
        uint32_t sum = 0;
        for (; i < c.n && (uint32_t)(c.v[i] >> 2) == term; i++) {
            int f = (int)(c.v[i] & 3);
            if (tf[f] < UINT16_MAX)
                tf[f]++;
            sum++;
        }
        dj__plist *pl = &idx->terms[term].pl;
        undo *x = &u[nu];
        x->term = term;
        x->len = pl->len;
        x->nskips = pl->nskips;
        x->df = pl->df;
        x->last_doc = pl->last_doc;
        x->nlast = pl->nlast;
        memcpy(x->maxtf, pl->maxtf, sizeof x->maxtf);
        if ((rc = dj__plist_append(pl, docno, tf)) < 0)
            goto rollback;
        nu++;
        if (idx->cfg.store_forward) {
            fwd_at += dj__varint_put(idx->fwd + fwd_at, term - prev_term);
            fwd_at += dj__varint_put(idx->fwd + fwd_at, sum);
            prev_term = term;
        }
    }

    /* commit */
    if (has_old)
        tombstone(idx, old);
    dj__doc *d = &idx->docs[docno];
    memset(d, 0, sizeof *d);
    d->id = doc->id;
    for (int f = 0; f < DJ_NFIELDS; f++) {
        d->len[f] = c.count[f];
        idx->total_len[f] += c.count[f];
    }
    d->region = doc->region;
    d->industry = ind;
    d->modes = doc->modes;
    d->side = doc->side;
    d->kind = doc->kind;
    d->status = doc->status;
    d->fwd_off = fwd_start;
    d->fwd_len = (uint32_t)(fwd_at - fwd_start);
    idx->fwdlen = fwd_at;
    idx->ndocs++;
    idx->nlive++;
    uint32_t slot = id_slot(idx, doc->id);
    if (!idx->idhash[slot])
        idx->idused++;
    idx->idhash[slot] = docno + 1;
    rc = DJ_OK;
    goto done;

rollback:
    while (nu > 0) {
        undo *x = &u[--nu];
        dj__plist *pl = &idx->terms[x->term].pl;
        pl->len = x->len;
        pl->nskips = x->nskips;
        pl->df = x->df;
        pl->last_doc = x->last_doc;
        pl->nlast = x->nlast;
        memcpy(pl->maxtf, x->maxtf, sizeof x->maxtf);
    }
done:
    dj_free(u);
    dj_free(c.v);
    return rc;
}

int dj_index_delete(dj_index *idx, int64_t id)
{
    uint32_t docno;
    if (dj__id_find(idx, id, &docno) < 0)
        return DJ_ENOTFOUND;
    tombstone(idx, docno);
    return DJ_OK;
}

int dj_index_compact(dj_index *idx)
{
    dj__cursor *c = dj_malloc(sizeof *c);
    if (!c)
        return DJ_ENOMEM;
    for (uint32_t t = 0; t < idx->nterms; t++) {
        dj__plist *pl = &idx->terms[t].pl;
        dj__plist np;
        memset(&np, 0, sizeof np);
        int dirty = 0;
        for (dj__cursor_init(c, pl); c->cur != DJ__END; dj__cursor_next(c)) {
            if (idx->docs[c->cur].deleted) {
                dirty = 1;
                break;
            }
        }
        if (!dirty)
            continue;
        for (dj__cursor_init(c, pl); c->cur != DJ__END; dj__cursor_next(c)) {
            if (idx->docs[c->cur].deleted)
                continue;
            uint16_t tf[DJ_NFIELDS];
            for (int f = 0; f < DJ_NFIELDS; f++)
                tf[f] = c->tf[f][c->pos];
            if (dj__plist_append(&np, c->cur, tf) < 0) {
                dj__plist_fini(&np);
                dj_free(c);
                return DJ_ENOMEM;
            }
        }
        dj__plist_fini(pl);
        *pl = np;
    }
    dj_free(c);
    return DJ_OK;
}

int dj_index_filter_region(dj_index_filter *f, const char *code, size_t len)
{
    uint32_t v = 0;
    if (len != 2 && len != 4 && len != 6)
        return DJ_EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)code[i];
        if (ch < '0' || ch > '9')
            return DJ_EINVAL;
        v = v * 10 + (ch - '0');
    }
    f->region_prefix = v;
    f->region_digits = (int)len;
    return DJ_OK;
}
