/* match.c - the matching engine and its catalog: a copy of every listing
 * (its strings and tag set in one block, and its hash), found by id through
 * an open-addressing map, put, staged or deleted in step with the index.
 * Loading a saved index and the semantic model are in match_load.c, ranking
 * and output in match_rank.c.
 *
 * Invariants: those of struct dj_match (match_int.h), kept by every change
 * of the catalog here: a listing is held only once the index has it (put),
 * or staged with no listing indexed at all (stage); a listing replaced or
 * deleted is freed with its strings. */
#include "duijie/dj_match.h"

#include "duijie/dj_text.h"
#include "match/match_int.h"

#include "util/alloc.h"
#include "util/hash.h"

#include <string.h>

int dj_match_new(dj_match **out, const dj_index_config *icfg)
{
    dj_match *m;
    int rc;
    *out = NULL;
    m = dj_calloc(1, sizeof *m);
    if (!m)
        return DJ_ENOMEM;
    if ((rc = dj_index_new(&m->idx, icfg)) < 0) {
        dj_free(m);
        return rc;
    }
    *out = m;
    return DJ_OK;
}

static void stored_free(stored *s)
{
    if (!s)
        return;
    dj_free(s->mem);
    dj_free(s);
}

void dj_match_free(dj_match *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nitems; i++)
        stored_free(m->items[i]);
    dj_free(m->items);
    dj_free(m->map);
    dj_free(m->freelist);
    dj_index_lsa_free(m->lsa);
    dj_index_free(m->idx);
    dj_free(m);
}

static uint32_t hid(int64_t id)
{
    uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(x >> 32);
}

/* Slot in map holding id, or UINT32_MAX. */
static uint32_t map_find(const dj_match *m, int64_t id)
{
    if (!m->mapcap)
        return UINT32_MAX;
    uint32_t mask = m->mapcap - 1;
    for (uint32_t h = hid(id) & mask;; h = (h + 1) & mask) {
        uint32_t v = m->map[h];
        if (v == 0)
            return UINT32_MAX;
        if (v != UINT32_MAX && m->items[v - 1]->l.id == id)
            return h;
    }
}

static int map_rebuild(dj_match *m, uint32_t cap)
{
    uint32_t *nm = dj_calloc(cap, sizeof *nm);
    if (!nm)
        return DJ_ENOMEM;
    for (uint32_t i = 0; i < m->nitems; i++) {
        if (!m->items[i])
            continue;
        uint32_t h = hid(m->items[i]->l.id) & (cap - 1);
        while (nm[h])
            h = (h + 1) & (cap - 1);
        nm[h] = i + 1;
    }
    dj_free(m->map);
    m->map = nm;
    m->mapcap = cap;
    m->mapused = (uint32_t)m->count;
    return DJ_OK;
}

const stored *dj__match_stored_get(const dj_match *m, int64_t id)
{
    uint32_t h = map_find(m, id);
    return h == UINT32_MAX ? NULL : m->items[m->map[h] - 1];
}

const dj_match_listing *dj_match_get(const dj_match *m, int64_t id)
{
    const stored *s = dj__match_stored_get(m, id);
    return s ? &s->l : NULL;
}

size_t dj_match_count(const dj_match *m)
{
    return m->count;
}

const dj_index *dj_match_index(const dj_match *m)
{
    return m->idx;
}

/* Hash of everything the engine reads from a listing, and of the
 * dictionaries the default analyser reads it with (dj_text_fingerprint;
 * a custom analyser's changes only the sampled re-analysis can see): so a
 * saved index whose document tags all match was made from these listings
 * as analysed now, and a dictionary change (a domain term added, a new
 * built-in dictionary) changes every tag and rebuilds the index. */
static uint64_t listing_hash(const dj_match *m, const dj_match_listing *l)
{
    int64_t num[] = {l->id,        l->side,      l->kind,
                     l->status,    l->trl,       (int64_t)l->modes,
                     l->price_min, l->price_max, (int64_t)l->region};
    const char *str[] = {l->title, l->body, l->keywords, l->industry, l->tags};
    size_t len[] = {l->title_len, l->body_len, l->keywords_len, l->industry_len, l->tags_len};
    uint64_t seed =
        dj_index_get_config(m->idx)->analyze ? 0x6a09e667f3bcc908ull : dj_text_fingerprint();
    uint64_t h = dj_hash64(num, sizeof num, seed);
    for (int i = 0; i < 5; i++)
        h = dj_hash64(str[i], len[i], h);
    return h;
}

/* The listing's strings, then its tag set (computed once here: ranking
 * reads it for every candidate), in one block. */
static stored *copy_listing(const dj_match *m, const dj_match_listing *l)
{
    size_t total = l->title_len + l->body_len + l->keywords_len + l->industry_len + l->tags_len + 5;
    size_t at = (total + _Alignof(dj__tagkey) - 1) / _Alignof(dj__tagkey) * _Alignof(dj__tagkey);
    dj__tagkey keys[DJ__MAX_TAGS];
    size_t ntags = dj__tagset_keys(keys, l);
    stored *s = dj_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->mem = dj_malloc(at + ntags * sizeof(dj__tagkey));
    if (!s->mem) {
        dj_free(s);
        return NULL;
    }
    s->l = *l;
    s->hash = listing_hash(m, l);
    char *p = s->mem;
#define DJ_COPY(f)                       \
    do {                                 \
        if (l->f##_len)                  \
            memcpy(p, l->f, l->f##_len); \
        p[l->f##_len] = '\0';            \
        s->l.f = p;                      \
        p += l->f##_len + 1;             \
    } while (0)
    DJ_COPY(title);
    DJ_COPY(body);
    DJ_COPY(keywords);
    DJ_COPY(industry);
    DJ_COPY(tags);
#undef DJ_COPY
    /* the same keys again, now pointing into mem */
    s->tags.key = (dj__tagkey *)(void *)(s->mem + at);
    s->tags.n = dj__tagset_keys((dj__tagkey *)(void *)(s->mem + at), &s->l);
    return s;
}

dj_index_doc dj__match_to_doc(const stored *s)
{
    const dj_match_listing *l = &s->l;
    dj_index_doc d;
    memset(&d, 0, sizeof d);
    d.id = l->id;
    d.title = l->title;
    d.title_len = l->title_len;
    d.keywords = l->keywords;
    d.keywords_len = l->keywords_len;
    d.body = l->body;
    d.body_len = l->body_len;
    d.industry = l->industry;
    d.industry_len = l->industry_len;
    d.region = l->region;
    d.modes = l->modes;
    d.side = (uint8_t)l->side;
    d.kind = (uint8_t)l->kind;
    d.status = (uint8_t)l->status;
    d.tag = s->hash;
    return d;
}

static int valid_listing(const dj_match_listing *l)
{
    return l->trl >= 0 && l->trl <= 9 && l->side >= 0 && l->side <= 2 && l->kind >= 0 &&
           l->kind <= 8 && l->status >= 0 && l->status <= 3;
}

/* Room in items, freelist and map for one more listing. */
static int reserve_item(dj_match *m)
{
    if (m->nfree == 0 && m->nitems == m->cap) {
        uint32_t nc = m->cap ? m->cap * 2 : 64;
        stored **it = dj_realloc(m->items, (size_t)nc * sizeof *it);
        uint32_t *fl = it ? dj_realloc(m->freelist, (size_t)nc * sizeof *fl) : NULL;
        if (it)
            m->items = it;
        if (!it || !fl)
            return DJ_ENOMEM;
        m->freelist = fl;
        m->cap = nc;
    }
    if ((m->mapused + 1) * 2 > m->mapcap) {
        uint32_t nc = 64;
        while ((uint64_t)(m->count + 1) * 4 > nc)
            nc *= 2;
        return map_rebuild(m, nc);
    }
    return DJ_OK;
}

/* Keeps s (room reserved), replacing the listing with its id if any. */
static void hold(dj_match *m, stored *s)
{
    uint32_t h = map_find(m, s->l.id);
    if (h != UINT32_MAX) { /* replace in place */
        uint32_t slot = m->map[h] - 1;
        stored_free(m->items[slot]);
        m->items[slot] = s;
        return;
    }
    uint32_t slot = m->nfree ? m->freelist[--m->nfree] : m->nitems++;
    m->items[slot] = s;
    uint32_t mask = m->mapcap - 1;
    h = hid(s->l.id) & mask;
    while (m->map[h] && m->map[h] != UINT32_MAX)
        h = (h + 1) & mask;
    if (!m->map[h])
        m->mapused++;
    m->map[h] = slot + 1;
    m->count++;
}

/* A copy of l with room reserved to hold it, or NULL (*rc says why). */
static stored *copy_with_room(dj_match *m, const dj_match_listing *l, int *rc)
{
    stored *s = copy_listing(m, l);
    *rc = s ? reserve_item(m) : DJ_ENOMEM;
    if (*rc < 0) {
        stored_free(s);
        return NULL;
    }
    return s;
}

int dj_match_put(dj_match *m, const dj_match_listing *l)
{
    stored *s;
    int rc;
    if (!valid_listing(l) || m->nstaged)
        return DJ_EINVAL;
    if (!(s = copy_with_room(m, l, &rc)))
        return rc;
    dj_index_doc d = dj__match_to_doc(s);
    if ((rc = dj_index_put(m->idx, &d)) < 0) {
        stored_free(s);
        return rc;
    }
    if (m->lsa && dj_index_lsa_update(m->lsa, m->idx) < 0) {
        /* the listing is indexed; without memory for its vector the model
         * is dropped rather than left stale (rank falls back to BM25F) */
        dj_index_lsa_free(m->lsa);
        m->lsa = NULL;
    }
    hold(m, s);
    return DJ_OK;
}

int dj_match_stage(dj_match *m, const dj_match_listing *l)
{
    stored *s;
    int rc;
    if (!valid_listing(l) || m->lsa || dj_index_count(m->idx) || dj_match_get(m, l->id))
        return DJ_EINVAL;
    if (!(s = copy_with_room(m, l, &rc)))
        return rc;
    hold(m, s);
    m->nstaged++;
    return DJ_OK;
}

int dj_match_delete(dj_match *m, int64_t id)
{
    uint32_t h = map_find(m, id);
    if (m->nstaged)
        return DJ_EINVAL;
    if (h == UINT32_MAX)
        return DJ_ENOTFOUND;
    uint32_t slot = m->map[h] - 1;
    (void)dj_index_delete(m->idx, id);
    stored_free(m->items[slot]);
    m->items[slot] = NULL;
    m->freelist[m->nfree++] = slot;
    m->map[h] = UINT32_MAX;
    m->count--;
    return DJ_OK;
}
