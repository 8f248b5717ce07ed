/* match.c - counterpart ranking: text retrieval through dj_index, then
 * re-ranking by structured fit, with explanations.
 *
 * Score of candidate c for query listing q (each value in [0, 1]):
 *   S = sum_i w_i * v_i, v = text (BM25F / best BM25F among candidates),
 *   tags (Jaccard of tag+keyword sets), industry (equal), region (same
 *   district 1, city .75, province .5, else 0; unknown .25), maturity (TRL of
 *   the supply side vs the demand: 1 when supply >= demand, minus .25 per level
 *   short; unknown .5), budget (price ranges overlap 1, else decays with the
 *   relative gap; unknown .5), modes (share a mode 1, none 0; unknown .5).
 * Invariants: every stored listing owns its strings; `map` is an
 * open-addressing table of slots into `items` (0 empty, UINT32_MAX deleted),
 * at most half full; the index holds exactly the listings in `items`,
 * except while nstaged > 0 (a bulk load: every listing held is staged and
 * the index holds none of them).
 * A saved index (dj_match_finish_load) is keyed by a digest of the
 * listings; each document's tag is its listing's hash (which covers the
 * default analyser's dictionaries), so a saved index of an earlier catalog
 * can be brought up to date listing by listing. Before either use, a
 * sample of unchanged listings is re-analysed (catches analyser code). */
#include "duijie/dj_match.h"

#include "duijie/dj_text.h"
#include "match/match_int.h"

#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct stored {
    dj_match_listing l; /* strings point into `mem` */
    char *mem;
    dj__tagset tags; /* keys in `mem` after the strings, pointing into them */
    uint64_t hash;   /* listing_hash: the index tag, and the catalog key's part */
} stored;

struct dj_match {
    dj_index *idx;
    dj_index_lsa *lsa; /* NULL until dj_match_learn; covers every docno of idx */
    stored **items;    /* slot -> listing; NULL = free */
    uint32_t nitems, cap;
    uint32_t *map;
    uint32_t mapcap, mapused;
    uint32_t *freelist;
    uint32_t nfree;
    size_t count;
    uint32_t nstaged; /* listings held but not indexed yet (dj_match_stage) */
};

static const char *const factor_names[DJ_NFACTORS] = {"text",     "tags",   "industry", "region",
                                                      "maturity", "budget", "modes"};

const char *dj_match_factor_name(int f)
{
    return f >= 0 && f < DJ_NFACTORS ? factor_names[f] : "?";
}

static int code_of(const char *s, size_t len, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i + 1;
    return 0;
}

/* The stored names of the side, kind and status codes (code = index + 1). */
static const char *const side_names[] = {"supply", "demand"};
static const char *const kind_names[] = {"technology", "patent",   "product",    "solution",
                                         "capability", "scenario", "investment", "talent"};
static const char *const status_names[] = {"draft", "published", "closed"};

int dj_match_side_code(const char *s, size_t len)
{
    return code_of(s, len, side_names, 2);
}

int dj_match_kind_code(const char *s, size_t len)
{
    return code_of(s, len, kind_names, 8);
}

int dj_match_status_code(const char *s, size_t len)
{
    return code_of(s, len, status_names, 3);
}

/* The JSON string of code (1-based) among n names, or null. */
static void name_json(struct dj_buf *b, const char *key, int code, const char *const *names, int n)
{
    dj_buf_printf(b, ",\"%s\":", key);
    if (code >= 1 && code <= n)
        dj_buf_printf(b, "\"%s\"", names[code - 1]);
    else
        dj_buf_puts(b, "null");
}

static int same_lsa_config(const dj_index_lsa_config *a, const dj_index_lsa_config *b)
{
    return a->dim == b->dim && a->oversample == b->oversample && a->power_iters == b->power_iters &&
           a->seed == b->seed && a->max_docs == b->max_docs && a->max_vocab == b->max_vocab &&
           a->min_df == b->min_df && a->max_df_share == b->max_df_share &&
           a->bigrams == b->bigrams && a->sv_power == b->sv_power && a->method == b->method &&
           a->ppmi_min_count == b->ppmi_min_count && a->ppmi_shift == b->ppmi_shift;
}

/* The model saved at path when it was learned with cfg for m's index as
 * it is now; else NULL. */
static dj_index_lsa *saved_model(const dj_match *m, const dj_index_lsa_config *cfg,
                                 const char *path)
{
    dj_index_lsa *l = NULL;
    dj_diag ignored; /* a missing, damaged or foreign file only means learning */
    uint64_t stamp = 0;

    dj_diag_clear(&ignored);
    if (dj_index_lsa_load(&l, &stamp, m->idx, path, &ignored) != DJ_OK)
        return NULL;
    if (stamp != dj_index_stamp(m->idx) || !same_lsa_config(dj_index_lsa_get_config(l), cfg) ||
        dj_index_lsa_update(l, m->idx) < 0) {
        dj_index_lsa_free(l);
        return NULL;
    }
    return l;
}

int dj_match_learn_saved(dj_match *m, const dj_index_lsa_config *cfg, const char *path,
                         int *outcome, dj_diag *diag)
{
    dj_index_lsa_config dc;
    uint64_t stamp = dj_index_stamp(m->idx);
    int rc, done = DJ_MATCH_BUILT;

    if (m->nstaged)
        return DJ_EINVAL;
    if (!cfg) {
        dj_index_lsa_config_default(&dc);
        cfg = &dc;
    }
    if (path && stamp) {
        dj_index_lsa *l = saved_model(m, cfg, path);
        if (l) {
            dj_index_lsa_free(m->lsa);
            m->lsa = l;
            done = DJ_MATCH_LOADED;
        }
    }
    if (done != DJ_MATCH_LOADED) {
        if ((rc = dj_match_learn(m, cfg)) < 0)
            return rc;
        if (path && stamp)
            done = dj_index_lsa_save(m->lsa, m->idx, stamp, path, diag) == DJ_OK
                       ? DJ_MATCH_SAVED
                       : DJ_MATCH_NOT_SAVED;
    }
    if (outcome)
        *outcome = done;
    return DJ_OK;
}

int dj_match_learn(dj_match *m, const dj_index_lsa_config *cfg)
{
    dj_index_lsa *l = NULL;
    int rc = m->nstaged ? DJ_EINVAL : dj_index_lsa_learn(&l, m->idx, cfg);
    if (rc < 0)
        return rc;
    dj_index_lsa_free(m->lsa);
    m->lsa = l;
    return DJ_OK;
}

const dj_index_lsa *dj_match_lsa(const dj_match *m)
{
    return m->lsa;
}

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

static const stored *stored_get(const dj_match *m, int64_t id)
{
    uint32_t h = map_find(m, id);
    return h == UINT32_MAX ? NULL : m->items[m->map[h] - 1];
}

const dj_match_listing *dj_match_get(const dj_match *m, int64_t id)
{
    const stored *s = stored_get(m, id);
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

static dj_index_doc to_doc(const stored *s)
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
    dj_index_doc d = to_doc(s);
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

/* Indexes every held listing (all are staged: dj_match_stage needs an
 * empty index), in chunks of dj_index_put_batch with the analysis spread
 * over the machine's processors. Again after a failure re-puts the ones
 * already in. */
static int index_staged(dj_match *m)
{
    enum { CHUNK = 1024 };
    dj_index_doc *docs = dj_malloc(CHUNK * sizeof *docs);
    unsigned threads = dj_index_default_threads();
    size_t n = 0;
    int rc = DJ_OK;

    if (!docs)
        return DJ_ENOMEM;
    for (uint32_t i = 0; i < m->nitems && rc >= 0; i++) {
        if (m->items[i])
            docs[n++] = to_doc(m->items[i]);
        if (n == CHUNK || (n && i + 1 == m->nitems)) {
            rc = dj_index_put_batch(m->idx, docs, n, threads, NULL);
            n = 0;
        }
    }
    dj_free(docs);
    if (rc < 0)
        return rc;
    m->nstaged = 0;
    return DJ_OK;
}

static int same_config(const dj_index_config *a, const dj_index_config *b)
{
    int same = a->k1 == b->k1 && a->bigram_weight == b->bigram_weight && a->analyze == b->analyze &&
               a->analyze_flags == b->analyze_flags && a->max_query_terms == b->max_query_terms &&
               a->store_forward == b->store_forward;
    for (int f = 0; f < DJ_NFIELDS; f++)
        same = same && a->weight[f] == b->weight[f] && a->b[f] == b->b[f];
    return same;
}

/* Listings re-analysed to check a saved index against the analyser. */
#define CHECKS 32

/* Whether idx holds the staged listing l as it is (same tag). */
static int unchanged_in(const dj_index *idx, const stored *s)
{
    uint64_t tag;
    return dj_index_doc_tag(idx, s->l.id, &tag) == DJ_OK && tag == s->hash;
}

/* Re-analyses up to CHECKS unchanged staged listings spread evenly over the
 * catalog: 1 when idx recorded each as the analyser reads it now, 0 when
 * not (another analyser or dictionary), or an error. */
static int sample_agrees(const dj_match *m, dj_index *idx)
{
    size_t check = CHECKS < m->nitems ? CHECKS : m->nitems;
    for (size_t j = 0; j < check; j++) {
        const stored *s = m->items[(j * 2 + 1) * (uint64_t)m->nitems / (check * 2)];
        if (!s || !unchanged_in(idx, s))
            continue;
        dj_index_doc d = to_doc(s);
        int rc = dj_index_doc_agrees(idx, &d);
        if (rc <= 0)
            return rc;
    }
    return 1;
}

/* Makes idx the engine's index (the staged listings are in it). */
static void install(dj_match *m, dj_index *idx)
{
    dj_index_free(m->idx);
    m->idx = idx;
    m->nstaged = 0;
}

/* Installs idx when it holds exactly the staged listings (dj_match_finish_load):
 * 1, 0 (it does not fit) or an error. */
static int adopt_index(dj_match *m, dj_index *idx)
{
    int rc;
    if (dj_index_count(idx) != m->count)
        return 0;
    for (uint32_t i = 0; i < m->nitems; i++)
        if (m->items[i] && !unchanged_in(idx, m->items[i]))
            return 0;
    if ((rc = sample_agrees(m, idx)) <= 0)
        return rc;
    install(m, idx);
    return 1;
}

typedef struct stale_ids {
    const dj_match *m;
    int64_t *v;
    size_t n, cap;
} stale_ids;

/* Collects the ids of idx that the engine does not hold. */
static int collect_stale(int64_t id, uint64_t tag, void *ctx)
{
    stale_ids *st = ctx;
    int rc;
    (void)tag;
    if (dj_match_get(st->m, id))
        return 0;
    DJ_ARRAY_GROW(rc, st->v, st->cap, st->n);
    if (rc < 0)
        return rc;
    st->v[st->n++] = id;
    return 0;
}

/* Brings idx, a saved index of an earlier catalog, up to the staged
 * listings: re-indexes the listings added or changed since (their tag
 * differs), deletes the ones gone, and compacts, so that every score is
 * what a fresh index gives. 1 (installed), 0 (a rebuild is the better
 * choice: half of the catalog changed, a quarter or more of the document
 * numbers would be dead, or the analyser reads the unchanged ones
 * differently) or an error (idx is then half updated: free it). */
static int refresh_index(dj_match *m, dj_index *idx)
{
    stale_ids st = {m, NULL, 0, 0};
    size_t changed = 0, dead;
    int rc;

    for (uint32_t i = 0; i < m->nitems; i++)
        changed += m->items[i] && !unchanged_in(idx, m->items[i]);
    if ((rc = dj_index_each_live(idx, collect_stale, &st)) != 0)
        goto done;
    dead = dj_index_docnos(idx) - dj_index_count(idx) + st.n + changed; /* at most, after */
    rc = 0;
    if (changed * 2 > m->count || dead * 4 > dj_index_docnos(idx) + changed ||
        (rc = sample_agrees(m, idx)) <= 0)
        goto done;
    for (uint32_t i = 0; i < m->nitems; i++) {
        if (!m->items[i] || unchanged_in(idx, m->items[i]))
            continue;
        dj_index_doc d = to_doc(m->items[i]);
        if ((rc = dj_index_put(idx, &d)) < 0)
            goto done;
    }
    for (size_t i = 0; i < st.n; i++)
        (void)dj_index_delete(idx, st.v[i]);
    if ((changed || st.n) && (rc = dj_index_compact(idx)) < 0)
        goto done;
    install(m, idx);
    rc = 1;
done:
    dj_free(st.v);
    return rc;
}

/* The key of a saved index of the listings held: their hashes (which
 * cover the dictionaries) summed, so independent of order, and the count. */
static uint64_t catalog_key(const dj_match *m)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < m->nitems; i++)
        if (m->items[i])
            sum += m->items[i]->hash;
    return dj_hash64(&sum, sizeof sum, m->count);
}

/* Uses the index saved at path when it fits the staged listings (*done =
 * DJ_MATCH_LOADED) or can be brought up to them (DJ_MATCH_UPDATED): 1;
 * else 0 (build instead) or an error. */
static int try_saved(dj_match *m, const char *path, uint64_t key, int *done)
{
    dj_index *saved = NULL;
    dj_diag ignored; /* a missing or damaged file only means a rebuild */
    int rc;

    dj_diag_clear(&ignored);
    if (dj_index_load(&saved, path, dj_index_get_config(m->idx)->analyze, &ignored) != DJ_OK)
        return 0;
    rc = 0;
    if (same_config(dj_index_get_config(saved), dj_index_get_config(m->idx))) {
        *done = dj_index_stamp(saved) == key ? DJ_MATCH_LOADED : DJ_MATCH_UPDATED;
        rc = *done == DJ_MATCH_LOADED ? adopt_index(m, saved) : refresh_index(m, saved);
    }
    if (rc <= 0)
        dj_index_free(saved);
    return rc;
}

int dj_match_finish_load(dj_match *m, const char *path, int *outcome, dj_diag *diag)
{
    uint64_t key = 0;
    int rc, done = DJ_MATCH_BUILT;

    if (m->nstaged != m->count || dj_index_count(m->idx))
        return DJ_EINVAL;
    if (path) {
        key = catalog_key(m);
        if ((rc = try_saved(m, path, key, &done)) < 0)
            return rc;
        if (rc == 0) { /* nothing saved fits: index */
            if ((rc = index_staged(m)) < 0)
                return rc;
            done = DJ_MATCH_SAVED;
        }
        if (done != DJ_MATCH_LOADED) { /* saved, or brought up to date */
            dj_index_set_stamp(m->idx, key);
            if (dj_index_save(m->idx, path, diag) != DJ_OK)
                done = DJ_MATCH_NOT_SAVED;
        }
    } else if ((rc = index_staged(m)) < 0) {
        return rc;
    }
    if (outcome)
        *outcome = done;
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

static void result_fini(dj_match_result *r)
{
    for (size_t i = 0; i < r->nterms; i++)
        dj_free(r->terms[i]);
    dj_free(r->terms);
    dj_free(r->spans);
}

void dj_match_result_unexplain(dj_match_result *r)
{
    result_fini(r);
    r->terms = NULL;
    r->nterms = 0;
    r->spans = NULL;
    r->nspans = 0;
}

void dj_match_results_fini(dj_match_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        result_fini(&r->v[i]);
    dj_free(r->v);
    r->v = NULL;
    r->n = 0;
}

static int cmp_result(const void *a, const void *b)
{
    const dj_match_result *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int64_t dj_match_score_micro(double score)
{
    return (int64_t)floor(score * 1e6 + 0.5);
}

/* Query text of a listing: title, keywords and body. */
static char *query_text(const dj_match_listing *q, size_t *len)
{
    size_t n = q->title_len + q->keywords_len + q->body_len + 3;
    char *s = dj_malloc(n);
    size_t at = 0;
    if (!s)
        return NULL;
    const char *parts[3] = {q->title, q->keywords, q->body};
    size_t lens[3] = {q->title_len, q->keywords_len, q->body_len};
    for (int i = 0; i < 3; i++) {
        if (lens[i])
            memcpy(s + at, parts[i], lens[i]);
        at += lens[i];
        s[at++] = '\n';
    }
    *len = at;
    return s;
}

/* The terms of a query text: every one (*nall, heaviest first, for the
 * semantic vector) and how many of the best BM25F ranks and explains with
 * (*nbest: the index's max_query_terms, more for one character). */
static int query_terms(dj_index_qterm **qt, size_t *nall, size_t *nbest, const dj_match *m,
                       const char *text, size_t len, const dj_index_filter *filter)
{
    int rc = dj_index_query_terms_for(qt, nall, m->idx, text, len, UINT32_MAX, filter, nbest);
    if (rc < 0)
        *nall = *nbest = 0;
    return rc;
}

static int rank_common(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                       const char *text, size_t len, const dj_index_filter *filter,
                       const dj_match_weights *w, size_t k, int explain)
{
    dj_index_qterm *qt = NULL;
    size_t nqt = 0, nh = 0;
    dj_index_hit *hits = NULL;
    dj_match_result *res = NULL;
    float *cosv = NULL;
    dj__tagkey qkeys[DJ__MAX_TAGS];
    dj__tagset qtags = {qkeys, q ? dj__tagset_keys(qkeys, q) : 0};
    int rc;

    out->v = NULL;
    out->has_weights = 0;
    out->n = 0;
    if (!k || m->nstaged)
        return DJ_EINVAL;
    size_t nall;
    if ((rc = query_terms(&qt, &nall, &nqt, m, text, len, filter)) < 0)
        goto done;
    dj_index_query iq;
    memset(&iq, 0, sizeof iq);
    iq.filter = filter;
    iq.k = w->candidates > k ? w->candidates : k;
    iq.prf_docs = w->prf_docs;
    if ((rc = dj_index_search_terms(&hits, &nh, m->idx, qt, nqt, &iq, NULL)) < 0)
        goto done;
    res = dj_calloc(nh ? nh : 1, sizeof *res);
    if (!res) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (m->lsa && w->semantic > 0 && nh) {
        int64_t *ids = dj_malloc(nh * sizeof *ids);
        cosv = dj_malloc(nh * sizeof *cosv);
        if (!ids || !cosv) {
            dj_free(ids);
            rc = DJ_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < nh; i++)
            ids[i] = hits[i].id;
        rc = dj_index_lsa_cosines(cosv, m->lsa, m->idx, qt, nall, ids, nh);
        dj_free(ids);
        if (rc < 0)
            goto done;
    }
    float sw = cosv ? (w->semantic < 1 ? w->semantic : 1) : 0;
    float best = nh ? hits[0].score : 1;
    for (size_t i = 0; i < nh; i++) {
        const stored *c = stored_get(m, hits[i].id);
        dj_match_result *r = &res[i];
        r->id = hits[i].id;
        r->text_raw = hits[i].score;
        r->value[DJ_FACTOR_TEXT] = best > 0 ? hits[i].score / best : 0;
        if (cosv)
            r->value[DJ_FACTOR_TEXT] =
                (1 - sw) * r->value[DJ_FACTOR_TEXT] + sw * (cosv[i] > 0 ? cosv[i] : 0);
        if (q && c)
            dj__match_fit(r->value, q, &qtags, &c->l, &c->tags);
        double sum = 0;
        for (int f = 0; f < DJ_NFACTORS; f++) {
            r->factor[f] = w->w[f] * r->value[f];
            sum += r->factor[f];
        }
        /* to 6 decimals, as shown: sums equal but for the float rounding of
         * their terms tie, and ties go by id */
        r->score = (float)((double)dj_match_score_micro(sum) / 1e6);
    }
    if (nh > 1)
        qsort(res, nh, sizeof *res, cmp_result);
    if (nh > k)
        nh = k;
    for (size_t i = 0; i < nh && explain; i++) {
        const dj_match_listing *c = dj_match_get(m, res[i].id);
        if (c && (rc = dj__match_explain(&res[i], m->idx, c, qt, nqt)) < 0) {
            out->v = res;
            out->n = i + 1;
            dj_match_results_fini(out);
            res = NULL;
            goto done;
        }
    }
    out->v = res;
    out->n = nh;
    res = NULL;
    rc = DJ_OK;
done:
    dj_free(cosv);
    dj_free(res);
    dj_free(hits);
    dj_free(qt);
    return rc;
}

static int rank_listing(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                        const dj_match_weights *w, size_t k, int explain, dj_diag *diag)
{
    dj_match_weights dw;
    dj_index_filter f;
    size_t len;
    char *text;
    int rc;

    out->v = NULL;
    out->has_weights = 0;
    out->n = 0;
    if (!w) {
        dj_match_weights_default(&dw);
        w = &dw;
    }
    for (int i = 0; i < DJ_NFACTORS; i++)
        if (!(w->w[i] >= 0))
            return dj_diag_set(diag, DJ_EINVAL, "weight of %s is negative", factor_names[i]);
    { /* only ratios matter: the weights used (and reported) sum to 1, so a
         score lies in [0, 1] and a threshold (event recommend --min-score)
         means the same for text=55,... as for text=0.55,... */
        float sum = 0;
        for (int i = 0; i < DJ_NFACTORS; i++)
            sum += w->w[i];
        if (sum > 0 && sum != 1) {
            if (w != &dw)
                dw = *w;
            for (int i = 0; i < DJ_NFACTORS; i++)
                dw.w[i] /= sum;
            w = &dw;
        }
    }
    memset(&f, 0, sizeof f);
    if (w->opposite_side && q->side)
        f.side_mask = 1u << (q->side == DJ_SIDE_SUPPLY ? DJ_SIDE_DEMAND : DJ_SIDE_SUPPLY);
    if (w->published_only)
        f.status_mask = 1u << DJ_STATUS_PUBLISHED;
    f.has_exclude = 1;
    f.exclude_id = q->id;
    if (!(text = query_text(q, &len)))
        return DJ_ENOMEM;
    rc = rank_common(out, m, q, text, len, &f, w, k, explain);
    dj_free(text);
    if (rc == DJ_OK) {
        out->has_weights = 1;
        memcpy(out->w, w->w, sizeof out->w);
    }
    return rc;
}

int dj_match_rank(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                  const dj_match_weights *w, size_t k, dj_diag *diag)
{
    return rank_listing(out, m, q, w, k, 1, diag);
}

int dj_match_rank_unexplained(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                              const dj_match_weights *w, size_t k, dj_diag *diag)
{
    return rank_listing(out, m, q, w, k, 0, diag);
}

int dj_match_explain(dj_match_result *r, const dj_match *m, const dj_match_listing *q)
{
    const dj_match_listing *c = dj_match_get(m, r->id);
    dj_index_qterm *qt = NULL;
    dj_index_filter f;
    size_t nall = 0, nqt = 0, len;
    char *text;
    int rc;

    dj_match_result_unexplain(r);
    if (!c || m->nstaged)
        return DJ_EINVAL;
    if (!(text = query_text(q, &len)))
        return DJ_ENOMEM;
    memset(&f, 0, sizeof f); /* the terms rank_listing ranked with */
    f.has_exclude = 1;
    f.exclude_id = q->id;
    rc = query_terms(&qt, &nall, &nqt, m, text, len, &f);
    dj_free(text);
    if (rc == DJ_OK)
        rc = dj__match_explain(r, m->idx, c, qt, nqt);
    if (rc < 0)
        dj_match_result_unexplain(r);
    dj_free(qt);
    return rc;
}

int dj_match_search(dj_match_results *out, const dj_match *m, const char *text, size_t len,
                    const dj_index_filter *filter, size_t k, dj_diag *diag)
{
    dj_match_weights w;
    (void)diag;
    dj_match_weights_default(&w);
    for (int i = 1; i < DJ_NFACTORS; i++)
        w.w[i] = 0;
    w.w[DJ_FACTOR_TEXT] = 1;
    w.candidates = k;
    return rank_common(out, m, NULL, text, len, filter, &w, k, 1);
}

int dj_match_results_json(struct dj_buf *b, const dj_match *m, const dj_match_results *r)
{
    static const char *const fname[DJ_NFIELDS] = {"title", "keywords", "body"};
    dj_buf_putc(b, '{');
    if (r->has_weights) {
        dj_buf_puts(b, "\"weights\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%g", f ? "," : "", factor_names[f], (double)r->w[f]);
        dj_buf_puts(b, "},");
    }
    dj_buf_puts(b, "\"results\":[");
    for (size_t i = 0; i < r->n; i++) {
        const dj_match_result *x = &r->v[i];
        const dj_match_listing *l = dj_match_get(m, x->id);
        if (i)
            dj_buf_putc(b, ',');
        dj_buf_printf(b, "{\"id\":%lld,\"score\":%.6g,\"title\":", (long long)x->id,
                      (double)x->score);
        if (l)
            dj_buf_json_str(b, l->title, l->title_len);
        else
            dj_buf_puts(b, "null");
        name_json(b, "side", l ? l->side : 0, side_names, 2);
        name_json(b, "kind", l ? l->kind : 0, kind_names, 8);
        name_json(b, "status", l ? l->status : 0, status_names, 3);
        dj_buf_puts(b, ",\"factors\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%.6g", f ? "," : "", factor_names[f], (double)x->factor[f]);
        dj_buf_puts(b, "},\"values\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%.6g", f ? "," : "", factor_names[f], (double)x->value[f]);
        dj_buf_printf(b, "},\"text_raw\":%.6g,\"terms\":[", (double)x->text_raw);
        for (size_t t = 0; t < x->nterms; t++) {
            if (t)
                dj_buf_putc(b, ',');
            dj_buf_json_str(b, x->terms[t], strlen(x->terms[t]));
        }
        dj_buf_puts(b, "],\"highlights\":[");
        for (size_t s = 0; s < x->nspans; s++) {
            const dj_match_span *sp = &x->spans[s];
            dj_buf_printf(b,
                          "%s{\"field\":\"%s\",\"start\":%zu,\"end\":%zu,\"text\":", s ? "," : "",
                          fname[sp->field], sp->start, sp->end);
            const char *ft = !l                               ? NULL
                             : sp->field == DJ_FIELD_TITLE    ? l->title
                             : sp->field == DJ_FIELD_KEYWORDS ? l->keywords
                                                              : l->body;
            size_t fl = !l                               ? 0
                        : sp->field == DJ_FIELD_TITLE    ? l->title_len
                        : sp->field == DJ_FIELD_KEYWORDS ? l->keywords_len
                                                         : l->body_len;
            if (ft && sp->end <= fl) /* the listing may have changed since ranking */
                dj_buf_json_str(b, ft + sp->start, sp->end - sp->start);
            else
                dj_buf_puts(b, "null");
            dj_buf_putc(b, '}');
        }
        dj_buf_puts(b, "]}");
    }
    dj_buf_puts(b, "]}");
    return dj_buf_rc(b);
}
