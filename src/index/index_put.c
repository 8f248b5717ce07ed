/* index_put.c - put, from analysis to postings: the document's terms are
 * counted into a per-put build table (dj__index_analyse), then applied
 * (dj__index_apply): term ids resolved in the dictionary, sorted, postings
 * appended, the forward list written and the document record committed.
 * dj_index_put is the two in a row; put_batch.c runs the analyses on other
 * threads. dj_index_doc_agrees compares a document's analysis with the
 * stored one through the same table.
 *
 * Invariants (besides those of index_int.h):
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
#include <string.h>

/* Prefetch distance (distinct terms) of the put loops. */
#define PF_DIST 32

/* Every cache line of a term record: one when the array is 64-byte aligned
 * (dj__term_reserve), two when it straddles (an array from dj_index_load). */
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
 * straddle two lines, and dj__term_probe reads the whole slot). */
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
        h = dj_hash64(t->text, t->len, DJ__SEED_BIGRAM);
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
        if (dj__term_probe(idx, k, e->len, e->h, &e->id, &slot) != DJ_OK)
            e->id = dj__term_add(idx, k, e->len, e->h, slot);
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
        dj__doc_tombstone(idx, old);
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
    slot = dj__id_slot(idx, doc->id);
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
    if ((rc = dj__industry_intern(idx, doc->industry, doc->industry_len, &ind)) < 0 ||
        (rc = build_reserve_vec(b, nuniq)) < 0 || (rc = dj__term_reserve(idx, nuniq, b->klen)) < 0)
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
    if (doc->industry_len && dj__industry_find(idx, doc->industry, doc->industry_len, &ind) < 0)
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
