/* index_terms.c - the term dictionary (terms[], their key bytes in strs,
 * the hash table thash: find, intern, reserve, add, idf) and the table of
 * interned industries. The slot probe itself is in index_int.h, inline, as
 * the put runs it once per distinct term.
 *
 * Invariants (besides those of index_int.h):
 *  - thash is an open-addressing table over terms[] keyed by the term bytes;
 *    it is at most half full.
 *  - A term id is its position in terms[] and stays: a term is never
 *    removed (a failed put leaves the terms it added, with empty lists).
 *  - An industry code is 1 + its position in inds[] (0 = none), never
 *    reused. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <math.h>
#include <string.h>

/* ---- dictionary ---- */

const char *dj__term_str(const dj_index *idx, uint32_t id)
{
    return idx->strs + idx->terms[id].off;
}

/* 64-bit hash of a term key. A key starting with the bigram mark hashes
 * as its text under another seed, so that the put path can hash the
 * analyser's text in place. Only used in memory: snapshots store none. */
uint64_t dj__term_hash(const char *s, size_t len)
{
    if (len && s[0] == DJ__BIGRAM_MARK)
        return dj_hash64(s + 1, len - 1, DJ__SEED_BIGRAM);
    return dj_hash64(s, len, DJ__SEED_WORD);
}

int dj__term_find(const dj_index *idx, const char *s, size_t len, uint32_t *id_out)
{
    uint32_t slot;
    if (!idx->thcap || len > DJ__MAX_TERM_LEN)
        return DJ_ENOTFOUND;
    return dj__term_probe(idx, s, len, dj__term_hash(s, len), id_out, &slot);
}

static void slot_fill(dj__tslot *sl, const char *s, size_t len, uint64_t h, uint32_t id)
{
    sl->tag = dj__term_tag(h, len);
    sl->id1 = id + 1;
    dj__term_prefix(sl->key, s, len);
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
int dj__term_reserve(dj_index *idx, size_t nnew, size_t nbytes)
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

/* Appends a new term (room reserved, key absent, slot from dj__term_probe). */
uint32_t dj__term_add(dj_index *idx, const char *s, size_t len, uint64_t h, uint32_t slot)
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
    if ((rc = dj__term_reserve(idx, 1, len)) < 0)
        return rc;
    h = dj__term_hash(s, len);
    if (dj__term_probe(idx, s, len, h, id_out, &slot) == DJ_OK)
        return DJ_OK;
    *id_out = dj__term_add(idx, s, len, h, slot);
    return DJ_OK;
}

float dj__idf(const dj_index *idx, uint32_t df)
{
    double n = idx->nlive;
    double d = df < idx->nlive ? df : idx->nlive;
    return (float)log(1.0 + (n - d + 0.5) / (d + 0.5));
}

/* ---- industries ---- */

int dj__industry_find(const dj_index *idx, const char *s, size_t len, uint32_t *out)
{
    for (uint32_t i = 0; i < idx->ninds; i++) {
        if (idx->indlens[i] == len && memcmp(idx->inds[i], s, len) == 0) {
            *out = i + 1;
            return DJ_OK;
        }
    }
    return DJ_ENOTFOUND;
}

int dj__industry_intern(dj_index *idx, const char *s, size_t len, uint32_t *out)
{
    if (!s || !len) {
        *out = 0;
        return DJ_OK;
    }
    if (dj__industry_find(idx, s, len, out) == DJ_OK)
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
