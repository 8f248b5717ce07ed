/* match_load.c - bringing the engine up to date from saved files: the
 * index of a bulk load (dj_match_finish_load) and the semantic model
 * (dj_match_learn_saved, dj_match_learn).
 *
 * Invariants: a saved index (dj_match_finish_load) is keyed by a digest of
 * the listings (catalog_key); each document's tag is its listing's hash
 * (which covers the default analyser's dictionaries), so a saved index of an
 * earlier catalog can be brought up to date listing by listing. Before
 * either use, a sample of unchanged listings is re-analysed (catches
 * analyser code). A saved model is used only when it was learned with the
 * same configuration for the index as it is now (the index's stamp);
 * anything else missing, damaged or foreign means building or learning. */
#include "duijie/dj_match.h"

#include "match/match_int.h"

#include "util/alloc.h"
#include "util/array.h"
#include "util/hash.h"

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
            docs[n++] = dj__match_to_doc(m->items[i]);
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
        dj_index_doc d = dj__match_to_doc(s);
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
        dj_index_doc d = dj__match_to_doc(m->items[i]);
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
