/* index_int.h - private declarations shared by the files of src/index/.
 *
 * Invariants:
 *  - Internal document numbers (docno) are dense, assigned in insertion order
 *    and never reused; an update adds a new docno and tombstones the old one.
 *    Posting lists are therefore appended in increasing docno order.
 *  - A posting list is a sequence of blocks of DJ__BLOCK postings (the last
 *    one may be shorter, "open"). skips[i] = {last docno, end byte offset}
 *    of sealed block i; block i starts at skips[i-1].end (0 for i = 0) and
 *    its first delta is relative to skips[i-1].last (0 for block 0).
 *  - A posting is varint(delta << 1 | has_tk) varint(tf_body) and, when
 *    has_tk, varint(tf_title) varint(tf_keywords).
 *  - maxtf[f] is >= every tf of field f in the list (never lowered on delete),
 *    so score bounds computed from it stay valid.
 *  - The term table thash is open addressing (linear probing, power-of-two
 *    size, at most half full). A slot holds the term id + 1 (0 = empty), a tag
 *    (24 high hash bits << 8 | key length) and the first DJ__TKEY key bytes,
 *    zero-padded, so that a look-up of a key of <= DJ__TKEY bytes touches
 *    one slot and nothing else. */
#ifndef DJ_INDEX_INT_H
#define DJ_INDEX_INT_H

#include "duijie/dj_index.h"
#include "duijie/dj_text.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DJ__BLOCK        128
#define DJ__END          UINT32_MAX
#define DJ__BIGRAM_MARK  '\x01'
#define DJ__MAX_TERM_LEN (DJ_INDEX_TERM_MAX + 1) /* a key: a term and its bigram mark */

typedef struct dj__skip {
    uint32_t last; /* last docno of the block */
    uint32_t end;  /* byte offset just past the block */
} dj__skip;

typedef struct dj__plist {
    uint8_t *data;
    uint32_t len, cap;
    dj__skip *skips;
    uint32_t nskips, skipcap;
    uint32_t df;       /* postings (live or tombstoned) */
    uint32_t last_doc; /* last docno appended (valid when df > 0) */
    uint32_t nlast;    /* postings in the open block */
    uint16_t maxtf[DJ_NFIELDS];
} dj__plist;

typedef struct dj__term {
    uint32_t off; /* into idx->strs */
    uint32_t len;
    dj__plist pl;
} dj__term;

#define DJ__TKEY 16

/* A term record fills one 64-byte cache line when the array is aligned. */
_Static_assert(sizeof(dj__term) == 64, "dj__term is one cache line");

typedef struct dj__tslot {
    uint32_t tag; /* (hash >> 32) & ~0xff | key length */
    uint32_t id1; /* term id + 1; 0 = empty */
    uint8_t key[DJ__TKEY];
} dj__tslot;

/* Per-put scratch of dj_index_put, kept between calls (index_put.c): one
 * document's distinct terms, their per-field counts, and the vectors the
 * put needs. */
typedef struct dj__build dj__build;

dj__build *dj__build_new(void); /* NULL on ENOMEM */
void dj__build_free(dj__build *b);
void dj__build_reset(dj__build *b);
/* The two halves of dj_index_put. dj__index_analyse fills b from doc's
 * fields (tb: the default analyser's buffers, unused with cfg.analyze); it
 * reads only idx->cfg, so several threads may analyse into their own builds
 * while one thread applies. dj__index_apply adds the document b holds (or
 * returns rc_analyse when that is an error) and resets b. */
int dj__index_analyse(const dj_index *idx, dj__build *b, dj_text_buf *tb, const dj_index_doc *doc);
int dj__index_apply(dj_index *idx, dj__build *b, const dj_index_doc *doc, int rc_analyse);

typedef struct dj__doc {
    int64_t id;
    uint32_t len[DJ_NFIELDS];
    uint32_t region;
    uint32_t industry; /* interned index + 1; 0 = none */
    uint32_t modes;
    uint64_t fwd_off; /* forward list in idx->fwd: varint(term delta) varint(tf) pairs */
    uint32_t fwd_len;
    uint8_t side, kind, status, deleted;
    uint64_t tag; /* dj_index_doc.tag */
} dj__doc;

struct dj_index {
    dj_index_config cfg;
    uint64_t stamp; /* dj_index_set_stamp's; 0 after a put or delete */
    /* dictionary */
    dj__term *terms;
    void *terms_mem; /* allocation holding terms when aligned by term_reserve, else NULL */
    uint32_t nterms, termcap;
    dj__tslot *thash; /* see the invariants above */
    uint32_t thcap;   /* power of two */
    char *strs;
    size_t strlen_, strcap;
    /* documents */
    dj__doc *docs;
    uint32_t ndocs, doccap;
    uint32_t nlive;
    uint64_t total_len[DJ_NFIELDS]; /* over live documents */
    /* hot copies for term-at-a-time scoring (capacity doccap, entries ndocs):
     * blen[d] == docs[d].len[DJ_FIELD_BODY]; bit d of dead == docs[d].deleted
     * (words past ndocs / 64 are zero) - contiguous, so that a search touches
     * 4 bytes and a bit per document instead of a 48-byte record */
    uint32_t *blen;
    uint64_t *dead;
    uint32_t *idhash; /* docno + 1, 0 = empty; keyed by external id (live docs only) */
    uint32_t idcap;
    uint32_t idused; /* slots used (incl. deleted markers) */
    /* forward lists */
    uint8_t *fwd;
    uint64_t fwdlen, fwdcap;
    /* interned industries */
    char **inds;
    uint32_t *indlens;
    uint32_t ninds, indcap;
    /* dj_index_put scratch (NULL until the first put) */
    dj__build *build;
};

/* varint */
size_t dj__varint_put(uint8_t *out, uint32_t v);
uint32_t dj__varint_get(const uint8_t **p);

/* posting lists */
int dj__plist_append(dj__plist *pl, uint32_t docno, const uint16_t tf[DJ_NFIELDS]);
void dj__plist_fini(dj__plist *pl);
size_t dj__plist_memory(const dj__plist *pl);

typedef struct dj__cursor {
    const dj__plist *pl;
    uint32_t block, nblocks;
    uint32_t n, pos;
    uint32_t cur; /* current docno or DJ__END */
    uint32_t doc[DJ__BLOCK];
    uint16_t tf[DJ_NFIELDS][DJ__BLOCK];
    size_t decoded; /* postings decoded so far */
} dj__cursor;

void dj__cursor_init(dj__cursor *c, const dj__plist *pl);
void dj__cursor_next(dj__cursor *c);
/* Moves to the first posting with docno >= target. */
void dj__cursor_seek(dj__cursor *c, uint32_t target);

/* dictionary (index_terms.c) */
int dj__term_find(const dj_index *idx, const char *s, size_t len, uint32_t *id_out);
void dj__term_insert_hash(dj_index *idx, uint32_t id); /* room must exist */
uint64_t dj__term_hash(const char *s, size_t len);
int dj__term_intern(dj_index *idx, const char *s, size_t len, uint32_t *id_out);
const char *dj__term_str(const dj_index *idx, uint32_t id);
/* Makes room for nnew more terms of nbytes key bytes in total (the hash
 * table stays at most half full). */
int dj__term_reserve(dj_index *idx, size_t nnew, size_t nbytes);
/* Appends a new term (room reserved, key absent, slot from dj__term_probe). */
uint32_t dj__term_add(dj_index *idx, const char *s, size_t len, uint64_t h, uint32_t slot);
/* *out = 1 + the first interned industry that starts with s[0..len) (the
 * filter then takes every code below it), or DJ_ENOTFOUND. */
int dj__industry_lookup(const dj_index *idx, const char *s, size_t len, uint32_t *out);
/* *out = 1 + the interned industry equal to s[0..len), or DJ_ENOTFOUND. */
int dj__industry_find(const dj_index *idx, const char *s, size_t len, uint32_t *out);
/* *out = 1 + s[0..len) interned (added if new), or 0 for no industry. */
int dj__industry_intern(dj_index *idx, const char *s, size_t len, uint32_t *out);
float dj__idf(const dj_index *idx, uint32_t df);

/* The slot probe of thash, shared by the dictionary (index_terms.c) and the
 * put (index_put.c, once per distinct term of every document): static
 * inline, so that both inline it. The seeds are dj__term_hash's (a word key;
 * a bigram key's text after its mark), which the put also uses in place. */
#define DJ__SEED_WORD   0x9E3779B97F4A7C15ull
#define DJ__SEED_BIGRAM 0xC2B2AE3D27D4EB4Full

static inline uint32_t dj__term_tag(uint64_t h, size_t len)
{
    return ((uint32_t)(h >> 32) & ~(uint32_t)0xff) | (uint32_t)len;
}

static inline void dj__term_prefix(uint8_t pk[DJ__TKEY], const char *s, size_t len)
{
    memset(pk, 0, DJ__TKEY);
    memcpy(pk, s, len < DJ__TKEY ? len : DJ__TKEY);
}

/* Probes for key s (hash h, len <= DJ__MAX_TERM_LEN): DJ_OK and *id_out, or
 * DJ_ENOTFOUND and *slot_out = the empty slot ending the probe. */
static inline int dj__term_probe(const dj_index *idx, const char *s, size_t len, uint64_t h,
                                 uint32_t *id_out, uint32_t *slot_out)
{
    uint32_t mask = idx->thcap - 1, tag = dj__term_tag(h, len);
    uint8_t pk[DJ__TKEY];
    dj__term_prefix(pk, s, len);
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

/* id map */
int dj__id_find(const dj_index *idx, int64_t id, uint32_t *docno_out);
/* Slot for id: the slot of a (live or deleted) document with this id, else
 * the empty slot ending the probe. */
uint32_t dj__id_slot(const dj_index *idx, int64_t id);
/* Rebuilds the id map of the live documents with cap slots (a power of
 * two). DJ_OK, DJ_ENOMEM, or DJ_EINVAL when two live documents share an id
 * (only a corrupt snapshot has that); the old map stays on error. */
int dj__idmap_rebuild(dj_index *idx, uint32_t cap);
int dj__index_alloc_empty(dj_index **out, const dj_index_config *cfg);
/* Marks docno deleted (a no-op if it already is): its dead bit, nlive, total_len. */
void dj__doc_tombstone(dj_index *idx, uint32_t docno);
/* Words of the dead bit set for cap document numbers. */
#define DJ__DEAD_WORDS(cap) ((size_t)(cap) / 64 + 1)

#endif
