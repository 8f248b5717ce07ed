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
 *    lists it appended to are truncated back on failure (terms it added to
 *    the dictionary stay, with empty lists).
 *
 * Speed of put (bulk indexing): the analyser's terms are first counted in a
 * small per-document table (idx->build), so each distinct term touches the
 * global dictionary once; the dictionary probes, term records and posting
 * list tails, which miss the cache at scale, are prefetched a few terms
 * ahead; the scratch (and the default analyser's buffers) is kept between
 * puts; the dictionary tables are advised as huge pages. Term ids are
 * assigned in order of first occurrence, as a per-occurrence intern would,
 * so an index (and its snapshot) is the same byte for byte. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <assert.h>
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
    c->bigram_weight = 0.5f; /* bench/match: title MRR@10 0.9672 at 0.6; 0.5 chosen in every fold of
                                a 5-fold split */
    c->analyze_flags = DJ_ANALYZE_ALL;
    c->analyze = NULL;
    c->max_query_terms = 48;
    c->store_forward = 1;
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
    dj_free(idx->terms_mem ? idx->terms_mem : (void *)idx->terms);
    dj_free(idx->thash);
    dj_free(idx->strs);
    dj_free(idx->docs);
    dj_free(idx->blen);
    dj_free(idx->dead);
    dj_free(idx->idhash);
    dj_free(idx->fwd);
    dj__build_free(idx->build);
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

size_t dj_index_docnos(const dj_index *idx)
{
    return idx->ndocs;
}

size_t dj_index_memory(const dj_index *idx)
{
    size_t m = sizeof *idx;
    for (uint32_t i = 0; i < idx->nterms; i++)
        m += dj__plist_memory(&idx->terms[i].pl);
    m += (size_t)idx->termcap * sizeof(dj__term) + (size_t)idx->thcap * sizeof(dj__tslot);
    m += idx->strcap + (size_t)idx->doccap * (sizeof(dj__doc) + sizeof(uint32_t));
    m += idx->doccap ? DJ__DEAD_WORDS(idx->doccap) * sizeof(uint64_t) : 0;
    m += (size_t)idx->idcap * sizeof(uint32_t) + idx->fwdcap;
    return m;
}

/* ---- dictionary ---- */

const char *dj__term_str(const dj_index *idx, uint32_t id)
{
    return idx->strs + idx->terms[id].off;
}

#define SEED_WORD   0x9E3779B97F4A7C15ull
#define SEED_BIGRAM 0xC2B2AE3D27D4EB4Full

/* 64-bit hash of a term key. A key starting with the bigram mark hashes
 * as its text under another seed, so that the put path can hash the
 * analyser's text in place. Only used in memory: snapshots store none. */
uint64_t dj__term_hash(const char *s, size_t len)
{
    if (len && s[0] == DJ__BIGRAM_MARK)
        return dj_hash64(s + 1, len - 1, SEED_BIGRAM);
    return dj_hash64(s, len, SEED_WORD);
}

static uint32_t term_tag(uint64_t h, size_t len)
{
    return ((uint32_t)(h >> 32) & ~(uint32_t)0xff) | (uint32_t)len;
}

static void term_prefix(uint8_t pk[DJ__TKEY], const char *s, size_t len)
{
    memset(pk, 0, DJ__TKEY);
    memcpy(pk, s, len < DJ__TKEY ? len : DJ__TKEY);
}

/* Probes for key s (hash h, len <= DJ__MAX_TERM_LEN): DJ_OK and *id_out, or
 * DJ_ENOTFOUND and *slot_out = the empty slot ending the probe. */
static int term_probe(const dj_index *idx, const char *s, size_t len, uint64_t h, uint32_t *id_out,
                      uint32_t *slot_out)
{
    uint32_t mask = idx->thcap - 1, tag = term_tag(h, len);
    uint8_t pk[DJ__TKEY];
    term_prefix(pk, s, len);
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        const dj__tslot *sl = &idx->thash[i];
        if (!sl->id1) {
            *slot_out = i;
            return DJ_ENOTFOUND;
        }
        if (sl->tag != tag || memcmp(sl->key, pk, DJ__TKEY) != 0)
            continue;
        if (len > DJ__TKEY) {
            const dj__term *t = &idx->terms[sl->id1 - 1];
            if (memcmp(idx->strs + t->off + DJ__TKEY, s + DJ__TKEY, len - DJ__TKEY) != 0)
                continue;
        }
        *id_out = sl->id1 - 1;
        return DJ_OK;
    }
}

int dj__term_find(const dj_index *idx, const char *s, size_t len, uint32_t *id_out)
{
    uint32_t slot;
    if (!idx->thcap || len > DJ__MAX_TERM_LEN)
        return DJ_ENOTFOUND;
    return term_probe(idx, s, len, dj__term_hash(s, len), id_out, &slot);
}

static void slot_fill(dj__tslot *sl, const char *s, size_t len, uint64_t h, uint32_t id)
{
    sl->tag = term_tag(h, len);
    sl->id1 = id + 1;
    term_prefix(sl->key, s, len);
}

void dj__term_insert_hash(dj_index *idx, uint32_t id)
{
    const dj__term *t = &idx->terms[id];
    const char *s = idx->strs + t->off;
    uint32_t mask = idx->thcap - 1;
    uint64_t h = dj__term_hash(s, t->len);
    uint32_t i = (uint32_t)h & mask;
    while (idx->thash[i].id1)
        i = (i + 1) & mask;
    slot_fill(&idx->thash[i], s, t->len, h, id);
}

/* Makes room for nnew more terms of nbytes key bytes in total (the hash
 * table stays at most half full). */
static int term_reserve(dj_index *idx, size_t nnew, size_t nbytes)
{
    if (idx->nterms + nnew >= UINT32_MAX / 4 || idx->strlen_ + nbytes + nnew > UINT32_MAX)
        return DJ_ELIMIT;
    if ((idx->nterms + nnew) * 2 > idx->thcap) {
        uint32_t nc = idx->thcap ? idx->thcap : 1024;
        while ((idx->nterms + nnew) * 2 > nc)
            nc *= 2;
        dj__tslot *h = dj_calloc(nc, sizeof *h);
        if (!h)
            return DJ_ENOMEM;
        dj_advise_huge(h, (size_t)nc * sizeof *h); /* probed at random by every put */
        dj_free(idx->thash);
        idx->thash = h;
        idx->thcap = nc;
        for (uint32_t i = 0; i < idx->nterms; i++)
            dj__term_insert_hash(idx, i);
    }
    if (idx->nterms + nnew > idx->termcap) {
        uint32_t nc = idx->termcap ? idx->termcap : 1024;
        while (idx->nterms + nnew > nc)
            nc *= 2;
        /* 64-byte aligned (a record is one cache line, not two: one miss
         * less per distinct term of a put); terms_mem is the allocation */
        char *mem = dj_malloc((size_t)nc * sizeof(dj__term) + 64);
        if (!mem)
            return DJ_ENOMEM;
        dj_advise_huge(mem, (size_t)nc * sizeof(dj__term) + 64); /* read at random too */
        dj__term *t = (dj__term *)(void *)(mem + ((64 - ((uintptr_t)mem & 63)) & 63));
        if (idx->nterms)
            memcpy(t, idx->terms, (size_t)idx->nterms * sizeof *t);
        dj_free(idx->terms_mem ? idx->terms_mem : (void *)idx->terms);
        idx->terms_mem = mem;
        idx->terms = t;
        idx->termcap = nc;
    }
    if (idx->strlen_ + nbytes + nnew > idx->strcap) {
        size_t nc = idx->strcap ? idx->strcap * 2 : 65536;
        while (nc < idx->strlen_ + nbytes + nnew)
            nc *= 2;
        char *p = dj_realloc(idx->strs, nc);
        if (!p)
            return DJ_ENOMEM;
        idx->strs = p;
        idx->strcap = nc;
    }
    return DJ_OK;
}

/* Appends a new term (room reserved, key absent, slot from term_probe). */
static uint32_t term_add(dj_index *idx, const char *s, size_t len, uint64_t h, uint32_t slot)
{
    dj__term *t = &idx->terms[idx->nterms];
    memset(t, 0, sizeof *t);
    t->off = (uint32_t)idx->strlen_;
    t->len = (uint32_t)len;
    memcpy(idx->strs + idx->strlen_, s, len);
    idx->strs[idx->strlen_ + len] = '\0';
    idx->strlen_ += len + 1;
    slot_fill(&idx->thash[slot], s, len, h, idx->nterms);
    return idx->nterms++;
}

int dj__term_intern(dj_index *idx, const char *s, size_t len, uint32_t *id_out)
{
    uint32_t slot;
    uint64_t h;
    int rc;
    if (len > DJ__MAX_TERM_LEN)
        return DJ_ELIMIT;
    if (dj__term_find(idx, s, len, id_out) == DJ_OK)
        return DJ_OK;
    if ((rc = term_reserve(idx, 1, len)) < 0)
        return rc;
    h = dj__term_hash(s, len);
    if (term_probe(idx, s, len, h, id_out, &slot) == DJ_OK)
        return DJ_OK;
    *id_out = term_add(idx, s, len, h, slot);
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
        while (h[s]) {
            if (idx->docs[h[s] - 1].id == idx->docs[i].id) {
                dj_free(h); /* two live documents with one id: a corrupt snapshot */
                return DJ_EINVAL;
            }
            s = (s + 1) & (cap - 1);
        }
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
    for (uint32_t i = 0; i < idx->ninds; i++) {
        if (idx->indlens[i] >= len && memcmp(idx->inds[i], s, len) == 0) {
            *out = i + 1;
            return DJ_OK;
        }
    }
    return DJ_ENOTFOUND;
}

/* ---- put / delete ---- */

/* Prefetch distance (distinct terms) of the put loops. */
#define PF_DIST 32

/* Every cache line of a term record: one when the array is 64-byte aligned
 * (term_reserve), two when it straddles (an array from dj_index_load). */
static void prefetch_term(const dj_index *idx, uint32_t id)
{
    const char *p = (const char *)&idx->terms[id];
    __builtin_prefetch(p);
    if (((uintptr_t)p & 63) + sizeof(dj__term) > 64)
        __builtin_prefetch(p + sizeof(dj__term) - 1);
}

/* The end of a term's posting list, where the next posting goes. */
static void prefetch_tail(const dj_index *idx, uint32_t id)
{
    const dj__plist *pl = &idx->terms[id].pl;
    if (pl->data)
        __builtin_prefetch(pl->data + pl->len, 1);
}

/* Every cache line of a dictionary slot (24 bytes: a quarter of them
 * straddle two lines, and term_probe reads the whole slot). */
static void prefetch_slot(const dj_index *idx, uint64_t h)
{
    const char *p = (const char *)&idx->thash[(uint32_t)h & (idx->thcap - 1)];
    __builtin_prefetch(p);
    if (((uintptr_t)p & 63) + sizeof(dj__tslot) > 64)
        __builtin_prefetch(p + sizeof(dj__tslot) - 1);
}

/* One distinct term of the document being put. */
typedef struct lterm {
    uint64_t h;              /* dj__term_hash of the key */
    uint32_t koff, len;      /* key in build->keys */
    uint32_t id;             /* global term id, once resolved */
    uint32_t slot;           /* its slot in build->slots */
    uint32_t sum;            /* occurrences over all fields */
    uint16_t tf[DJ_NFIELDS]; /* saturating per-field counts */
} lterm;

typedef struct undo {
    uint32_t term;
    uint32_t len, nskips, df, last_doc, nlast;
    uint16_t maxtf[DJ_NFIELDS];
} undo;

/* Scratch of dj_index_put, kept in the index so that a put allocates
 * nothing in the steady state. Between puts: n == 0, klen == 0, every slot 0.
 * slots is a small open-addressing table (entry index + 1) over e[], so each
 * distinct term of a document is looked up in the global dictionary once. */
struct dj__build {
    uint32_t *slots;
    uint32_t scap; /* power of two, >= 2 * n */
    lterm *e;
    uint32_t n, ecap;
    char *keys;
    size_t klen, kcap;
    uint64_t *sv, *stmp; /* sort keys: id << lb | entry */
    undo *u;
    size_t vcap;                /* capacity of sv, stmp, u */
    uint32_t count[DJ_NFIELDS]; /* the document's terms per field */
    dj_text_buf *tb;            /* dj_index_put's analyser buffers (default analyser only) */
};

void dj__build_free(dj__build *b)
{
    if (!b)
        return;
    dj_free(b->slots);
    dj_free(b->e);
    dj_free(b->keys);
    dj_free(b->sv);
    dj_free(b->stmp);
    dj_free(b->u);
    dj_text_buf_free(b->tb);
    dj_free(b);
}

void dj__build_reset(dj__build *b)
{
    for (uint32_t i = 0; i < b->n; i++)
        b->slots[b->e[i].slot] = 0;
    b->n = 0;
    b->klen = 0;
    memset(b->count, 0, sizeof b->count);
}

static int build_grow_slots(dj__build *b)
{
    uint32_t nc = b->scap ? b->scap * 2 : 1024;
    uint32_t *s = dj_calloc(nc, sizeof *s);
    if (!s)
        return DJ_ENOMEM;
    for (uint32_t i = 0; i < b->n; i++) {
        uint32_t j = (uint32_t)b->e[i].h & (nc - 1);
        while (s[j])
            j = (j + 1) & (nc - 1);
        s[j] = i + 1;
        b->e[i].slot = j;
    }
    dj_free(b->slots);
    b->slots = s;
    b->scap = nc;
    return DJ_OK;
}

typedef struct collect {
    dj__build *b;
    int field;
} collect;

static int collect_cb(const dj_term *t, void *ctx)
{
    collect *c = ctx;
    dj__build *b = c->b;
    int big = t->kind == DJ_TERM_BIGRAM;
    size_t klen = t->len + (size_t)big;
    uint64_t h;
    uint32_t mask, j;

    if (t->is_stop || t->len == 0 || t->len > DJ_INDEX_TERM_MAX)
        return 0;
    /* h = dj__term_hash of the key (mark + text for a bigram), in place */
    if (big)
        h = dj_hash64(t->text, t->len, SEED_BIGRAM);
    else
        h = dj__term_hash(t->text, t->len);
    if ((b->n + 1) * 2 > b->scap && build_grow_slots(b) < 0)
        return DJ_ENOMEM;
    mask = b->scap - 1;
    for (j = (uint32_t)h & mask; b->slots[j]; j = (j + 1) & mask) {
        lterm *e = &b->e[b->slots[j] - 1];
        const char *k = b->keys + e->koff;
        if (e->h == h && e->len == klen &&
            (big ? k[0] == DJ__BIGRAM_MARK && memcmp(k + 1, t->text, t->len) == 0
                 : memcmp(k, t->text, t->len) == 0)) {
            if (e->tf[c->field] < UINT16_MAX)
                e->tf[c->field]++;
            e->sum++;
            b->count[c->field]++;
            return 0;
        }
    }
    if (b->n == b->ecap) {
        uint32_t nc = b->ecap ? b->ecap * 2 : 512;
        lterm *p = dj_realloc(b->e, (size_t)nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        b->e = p;
        b->ecap = nc;
    }
    if (b->klen + klen > b->kcap) {
        size_t nc = b->kcap ? b->kcap * 2 : 8192;
        while (nc < b->klen + klen)
            nc *= 2;
        char *p = dj_realloc(b->keys, nc);
        if (!p)
            return DJ_ENOMEM;
        b->keys = p;
        b->kcap = nc;
    }
    lterm *e = &b->e[b->n];
    memset(e, 0, sizeof *e);
    e->h = h;
    e->koff = (uint32_t)b->klen;
    e->len = (uint32_t)klen;
    e->slot = j;
    e->tf[c->field] = 1;
    e->sum = 1;
    if (big)
        b->keys[b->klen] = DJ__BIGRAM_MARK;
    memcpy(b->keys + b->klen + big, t->text, t->len);
    b->klen += klen;
    b->slots[j] = ++b->n;
    b->count[c->field]++;
    return 0;
}

/* Sorts v[0..n) by the bits [lo, lo + bits) of each key (LSD radix sort,
 * 8-bit digits, the histograms of every digit counted in one pass), using
 * tmp[n]; returns the sorted array (v or tmp). The keys of dj_index_put are
 * id << lo | entry with distinct ids, so the entry bits need no pass. */
static uint64_t *radix_sort(uint64_t *v, uint64_t *tmp, size_t n, unsigned lo, unsigned bits)
{
    enum { MAXD = 4 }; /* ids < 2^30 */
    uint32_t count[MAXD][256];
    unsigned nd = (bits + 7) / 8;
    assert(nd <= MAXD);
    memset(count, 0, nd * sizeof count[0]);
    for (size_t i = 0; i < n; i++)
        for (unsigned d = 0; d < nd; d++)
            count[d][(v[i] >> (lo + 8 * d)) & 255]++;
    for (unsigned d = 0; d < nd; d++) {
        uint32_t sum = 0, *c = count[d];
        unsigned shift = lo + 8 * d;
        if (c[(v[0] >> shift) & 255] == n) /* one digit value: already in order */
            continue;
        for (unsigned x = 0; x < 256; x++) {
            uint32_t k = c[x];
            c[x] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            tmp[c[(v[i] >> shift) & 255]++] = v[i];
        uint64_t *t = v;
        v = tmp;
        tmp = t;
    }
    return v;
}

static unsigned bit_width(uint64_t x)
{
    unsigned b = 0;
    while (x) {
        b++;
        x >>= 1;
    }
    return b;
}

static void tombstone(dj_index *idx, uint32_t docno)
{
    dj__doc *d = &idx->docs[docno];
    if (d->deleted)
        return;
    d->deleted = 1;
    idx->dead[docno >> 6] |= (uint64_t)1 << (docno & 63);
    idx->nlive--;
    for (int f = 0; f < DJ_NFIELDS; f++)
        idx->total_len[f] -= d->len[f];
}

/* Reserves the per-distinct-term arrays of the scratch for n terms. */
static int build_reserve_vec(dj__build *b, size_t n)
{
    if (n <= b->vcap)
        return DJ_OK;
    size_t nc = b->vcap ? b->vcap : 512;
    while (nc < n)
        nc *= 2;
    uint64_t *v = dj_realloc(b->sv, nc * sizeof *v);
    if (!v)
        return DJ_ENOMEM;
    b->sv = v;
    v = dj_realloc(b->stmp, nc * sizeof *v);
    if (!v)
        return DJ_ENOMEM;
    b->stmp = v;
    undo *u = dj_realloc(b->u, nc * sizeof *u);
    if (!u)
        return DJ_ENOMEM;
    b->u = u;
    b->vcap = nc;
    return DJ_OK;
}

/* Analyses the document's fields into b's distinct terms and counts; tb
 * holds the default analyser's buffers (unused with cfg.analyze). Reads
 * idx->cfg only, so builds may be filled on several threads at once. */
int dj__index_analyse(const dj_index *idx, dj__build *b, dj_text_buf *tb, const dj_index_doc *doc)
{
    const char *ftext[DJ_NFIELDS] = {doc->title, doc->keywords, doc->body};
    size_t flen[DJ_NFIELDS] = {doc->title_len, doc->keywords_len, doc->body_len};
    collect c = {b, 0};
    int rc;

    for (int f = 0; f < DJ_NFIELDS; f++) {
        if (!ftext[f] || !flen[f])
            continue;
        c.field = f;
        if (idx->cfg.analyze)
            rc = idx->cfg.analyze(ftext[f], flen[f], idx->cfg.analyze_flags, collect_cb, &c);
        else /* dj_text_analyze, keeping its buffers between puts */
            rc = dj_text_analyze_buf(tb, ftext[f], flen[f], idx->cfg.analyze_flags, collect_cb, &c);
        if (rc < 0)
            return rc;
    }
    return DJ_OK;
}

dj__build *dj__build_new(void)
{
    return dj_calloc(1, sizeof(dj__build));
}

/* The put scratch (made on first use) holding doc's distinct terms; the
 * caller calls dj__build_reset(idx->build) when done with them. */
static int analyse_doc(dj_index *idx, const dj_index_doc *doc)
{
    dj__build *b = idx->build;
    int rc;

    if (!b && !(b = idx->build = dj__build_new()))
        return DJ_ENOMEM;
    if (!idx->cfg.analyze && !b->tb && (rc = dj_text_buf_new(&b->tb)) < 0)
        return rc;
    return dj__index_analyse(idx, b, b->tb, doc);
}

/* Resolves the distinct terms to term ids, adding new terms (their room
 * was reserved by the caller, so nothing here fails): prefetch the slots,
 * then probe. */
static void resolve_terms(dj_index *idx, dj__build *b, uint32_t nuniq)
{
    for (uint32_t i = 0; i < nuniq && i < PF_DIST; i++)
        prefetch_slot(idx, b->e[i].h);
    for (uint32_t i = 0; i < nuniq; i++) {
        lterm *e = &b->e[i];
        const char *k = b->keys + e->koff;
        uint32_t slot;
        if (i + PF_DIST < nuniq)
            prefetch_slot(idx, b->e[i + PF_DIST].h);
        if (term_probe(idx, k, e->len, e->h, &e->id, &slot) != DJ_OK)
            e->id = term_add(idx, k, e->len, e->h, slot);
        /* start the term record's miss now, and the list tail's once the
         * record has had PF_DIST terms of time to arrive */
        prefetch_term(idx, e->id);
        if (i >= PF_DIST)
            prefetch_tail(idx, b->e[i - PF_DIST].id);
    }
    for (uint32_t i = nuniq > PF_DIST ? nuniq - PF_DIST : 0; i < nuniq; i++)
        prefetch_tail(idx, b->e[i].id);
}

/* The build's first nuniq distinct terms (ids resolved, vectors reserved)
 * by increasing term id, as id << *lbits | entry. */
static const uint64_t *by_term_id(const dj_index *idx, dj__build *b, size_t nuniq, unsigned *lbits)
{
    *lbits = bit_width(nuniq);
    if (!nuniq)
        return b->sv;
    for (uint32_t i = 0; i < nuniq; i++)
        b->sv[i] = (uint64_t)b->e[i].id << *lbits | i;
    return radix_sort(b->sv, b->stmp, nuniq, *lbits, bit_width(idx->nterms));
}

/* Room for one more document: its record, the id map and nuniq terms of
 * forward list - everything that can fail before posting lists change. */
static int reserve_doc(dj_index *idx, size_t nuniq)
{
    size_t fwd_need = idx->cfg.store_forward ? nuniq * 10 : 0;
    int rc;

    if (idx->ndocs == idx->doccap) {
        uint32_t nc = idx->doccap ? idx->doccap * 2 : 1024;
        size_t ow = idx->doccap ? DJ__DEAD_WORDS(idx->doccap) : 0, nw = DJ__DEAD_WORDS(nc);
        dj__doc *d = dj_realloc(idx->docs, (size_t)nc * sizeof *d);
        uint32_t *bl;
        uint64_t *dd;
        if (!d)
            return DJ_ENOMEM;
        idx->docs = d;
        if (!(bl = dj_realloc(idx->blen, (size_t)nc * sizeof *bl)))
            return DJ_ENOMEM;
        idx->blen = bl;
        if (!(dd = dj_realloc(idx->dead, nw * sizeof *dd)))
            return DJ_ENOMEM;
        memset(dd + ow, 0, (nw - ow) * sizeof *dd);
        idx->dead = dd;
        idx->doccap = nc;
    }
    if ((idx->idused + 1) * 2 > idx->idcap) {
        uint32_t nc = 1024;
        while ((uint64_t)(idx->nlive + 1) * 4 > nc)
            nc *= 2;
        if ((rc = dj__idmap_rebuild(idx, nc)) < 0)
            return rc;
    }
    if (idx->fwdlen + fwd_need > idx->fwdcap) {
        uint64_t nc = idx->fwdcap ? idx->fwdcap : 65536;
        uint8_t *p;
        while (nc < idx->fwdlen + fwd_need)
            nc = nc < ((uint64_t)1 << 28) ? nc * 2 : nc + (nc >> 2);
        if (!(p = dj_realloc(idx->fwd, (size_t)nc)))
            return DJ_ENOMEM;
        idx->fwd = p;
        idx->fwdcap = nc;
    }
    return DJ_OK;
}

/* Undoes the first nu appends of a failed put. */
static void rollback(dj_index *idx, dj__build *b, size_t nu)
{
    while (nu > 0) {
        undo *x = &b->u[--nu];
        dj__plist *pl = &idx->terms[x->term].pl;
        pl->len = x->len;
        pl->nskips = x->nskips;
        pl->df = x->df;
        pl->last_doc = x->last_doc;
        pl->nlast = x->nlast;
        memcpy(pl->maxtf, x->maxtf, sizeof x->maxtf);
    }
}

/* Appends docno to the posting list of every distinct term, in term-id
 * order (order[i] = id << lbits | entry), and writes the forward list from
 * *fwd_at. On failure the appends are undone. */
static int append_postings(dj_index *idx, dj__build *b, const uint64_t *order, unsigned lbits,
                           size_t nuniq, uint32_t docno, uint64_t *fwd_at)
{
    uint64_t lmask = ((uint64_t)1 << lbits) - 1;
    uint32_t prev_term = 0;
    size_t nu = 0;
    int rc;

    /* software pipeline: the term record 2 * PF_DIST ahead, the tail of
     * the posting list PF_DIST ahead (its record arrived meanwhile) */
    for (size_t i = 0; i < nuniq && i < 2 * PF_DIST; i++)
        prefetch_term(idx, (uint32_t)(order[i] >> lbits));
    for (size_t i = 0; i < nuniq; i++) {
        const lterm *e = &b->e[(uint32_t)(order[i] & lmask)];
        uint32_t term = e->id;
        dj__plist *pl = &idx->terms[term].pl;
        undo *x = &b->u[nu];
        if (i + 2 * PF_DIST < nuniq)
            prefetch_term(idx, (uint32_t)(order[i + 2 * PF_DIST] >> lbits));
        if (i + PF_DIST < nuniq)
            prefetch_tail(idx, (uint32_t)(order[i + PF_DIST] >> lbits));
        x->term = term;
        x->len = pl->len;
        x->nskips = pl->nskips;
        x->df = pl->df;
        x->last_doc = pl->last_doc;
        x->nlast = pl->nlast;
        memcpy(x->maxtf, pl->maxtf, sizeof x->maxtf);
        if ((rc = dj__plist_append(pl, docno, e->tf)) < 0) {
            rollback(idx, b, nu);
            return rc;
        }
        nu++;
        if (idx->cfg.store_forward) {
            *fwd_at += dj__varint_put(idx->fwd + *fwd_at, term - prev_term);
            *fwd_at += dj__varint_put(idx->fwd + *fwd_at, e->sum);
            prev_term = term;
        }
    }
    return DJ_OK;
}

/* The document's record, lengths and id; the old version (if any) dies. */
static void commit_doc(dj_index *idx, const dj_index_doc *doc, const dj__build *b, uint32_t ind,
                       uint64_t fwd_start, uint64_t fwd_at, int has_old, uint32_t old)
{
    uint32_t docno = idx->ndocs, slot;
    dj__doc *d = &idx->docs[docno];

    if (has_old)
        tombstone(idx, old);
    memset(d, 0, sizeof *d);
    d->id = doc->id;
    for (int f = 0; f < DJ_NFIELDS; f++) {
        d->len[f] = b->count[f];
        idx->total_len[f] += b->count[f];
    }
    idx->blen[docno] = b->count[DJ_FIELD_BODY];
    d->region = doc->region;
    d->industry = ind;
    d->modes = doc->modes;
    d->side = doc->side;
    d->kind = doc->kind;
    d->status = doc->status;
    d->tag = doc->tag;
    d->fwd_off = fwd_start;
    d->fwd_len = (uint32_t)(fwd_at - fwd_start);
    idx->fwdlen = fwd_at;
    idx->ndocs++;
    idx->nlive++;
    idx->stamp = 0;
    slot = id_slot(idx, doc->id);
    if (!idx->idhash[slot])
        idx->idused++;
    idx->idhash[slot] = docno + 1;
}

/* Adds the document b holds (filled by dj__index_analyse, or rc_analyse,
 * its failure) as dj_index_put does; resets b. */
int dj__index_apply(dj_index *idx, dj__build *b, const dj_index_doc *doc, int rc_analyse)
{
    size_t nuniq = b->n;
    uint32_t ind = 0, old = 0;
    unsigned lbits;
    const uint64_t *order;
    uint64_t fwd_at;
    int rc = rc_analyse, has_old = dj__id_find(idx, doc->id, &old) == DJ_OK;

    if (rc < 0)
        goto done;
    if (idx->ndocs >= (1u << 31)) {
        rc = DJ_ELIMIT;
        goto done;
    }
    if ((rc = industry_intern(idx, doc->industry, doc->industry_len, &ind)) < 0 ||
        (rc = build_reserve_vec(b, nuniq)) < 0 || (rc = term_reserve(idx, nuniq, b->klen)) < 0)
        goto done;
    resolve_terms(idx, b, (uint32_t)nuniq);
    order = by_term_id(idx, b, nuniq, &lbits);
    if ((rc = reserve_doc(idx, nuniq)) < 0)
        goto done;
    fwd_at = idx->fwdlen;
    if ((rc = append_postings(idx, b, order, lbits, nuniq, idx->ndocs, &fwd_at)) < 0)
        goto done;
    commit_doc(idx, doc, b, ind, idx->fwdlen, fwd_at, has_old, old);
done:
    dj__build_reset(b);
    return rc;
}

int dj_index_put(dj_index *idx, const dj_index_doc *doc)
{
    int rc = analyse_doc(idx, doc);
    if (!idx->build)
        return rc;
    return dj__index_apply(idx, idx->build, doc, rc);
}

int dj_index_delete(dj_index *idx, int64_t id)
{
    uint32_t docno;
    if (dj__id_find(idx, id, &docno) < 0)
        return DJ_ENOTFOUND;
    tombstone(idx, docno);
    idx->stamp = 0;
    return DJ_OK;
}

void dj_index_set_stamp(dj_index *idx, uint64_t stamp)
{
    idx->stamp = stamp;
}

uint64_t dj_index_stamp(const dj_index *idx)
{
    return idx->stamp;
}

int dj_index_doc_tag(const dj_index *idx, int64_t id, uint64_t *tag_out)
{
    uint32_t docno;
    if (dj__id_find(idx, id, &docno) < 0)
        return DJ_ENOTFOUND;
    *tag_out = idx->docs[docno].tag;
    return DJ_OK;
}

int dj_index_each_live(const dj_index *idx, dj_index_doc_cb cb, void *ctx)
{
    for (uint32_t d = 0; d < idx->ndocs; d++) {
        int rc;
        if (!idx->docs[d].deleted && (rc = cb(idx->docs[d].id, idx->docs[d].tag, ctx)) != 0)
            return rc;
    }
    return 0;
}

/* The analysed terms of the build (its first nuniq entries, every one
 * known to the dictionary) against docno's forward list: same term ids,
 * same counts. */
static int forward_agrees(const dj_index *idx, dj__build *b, size_t nuniq, uint32_t docno)
{
    const dj__doc *d = &idx->docs[docno];
    const uint8_t *p = idx->fwd + d->fwd_off, *end = p + d->fwd_len;
    unsigned lbits;
    const uint64_t *order = by_term_id(idx, b, nuniq, &lbits);
    uint64_t lmask = ((uint64_t)1 << lbits) - 1;
    uint32_t term = 0;

    for (size_t i = 0; i < nuniq; i++) {
        const lterm *e = &b->e[(uint32_t)(order[i] & lmask)];
        if (p >= end)
            return 0;
        term += dj__varint_get(&p);
        if (p >= end || term != e->id || dj__varint_get(&p) != e->sum)
            return 0;
    }
    return p == end;
}

int dj_index_doc_agrees(dj_index *idx, const dj_index_doc *doc)
{
    dj__build *b;
    const dj__doc *d;
    uint32_t docno, ind = 0;
    int rc, same;

    if (dj__id_find(idx, doc->id, &docno) < 0)
        return 0;
    d = &idx->docs[docno];
    if (doc->industry_len && industry_find(idx, doc->industry, doc->industry_len, &ind) < 0)
        return 0;
    if (d->region != doc->region || d->industry != ind || d->modes != doc->modes ||
        d->side != doc->side || d->kind != doc->kind || d->status != doc->status)
        return 0;
    rc = analyse_doc(idx, doc);
    if (!(b = idx->build))
        return rc;
    if (rc < 0)
        goto done;
    same = 1;
    for (int f = 0; f < DJ_NFIELDS; f++)
        same = same && d->len[f] == b->count[f];
    for (uint32_t i = 0; same && i < b->n; i++)
        same = dj__term_find(idx, b->keys + b->e[i].koff, b->e[i].len, &b->e[i].id) == DJ_OK;
    if (same && idx->cfg.store_forward) {
        if ((rc = build_reserve_vec(b, b->n)) < 0)
            goto done;
        same = forward_agrees(idx, b, b->n, docno);
    }
    rc = same;
done:
    dj__build_reset(b);
    return rc;
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
    /* GB/T 2260: 440000 is the province (all of 44), 440300 the city (4403) */
    while (len > 2 && v % 100 == 0) {
        v /= 100;
        len -= 2;
    }
    f->region_prefix = v;
    f->region_digits = (int)len;
    return DJ_OK;
}
