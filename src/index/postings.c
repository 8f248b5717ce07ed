/* postings.c - compressed posting lists: varint-delta blocks with a skip
 * table, appended in increasing docno order and read through cursors.
 *
 * Layout (see index_int.h for the invariants): blocks of DJ__BLOCK postings,
 * each posting varint(delta << 1 | has_tk) varint(tf_body) [varint(tf_title)
 * varint(tf_keywords)]. A cursor decodes one block at a time into arrays and
 * skips whole blocks by their last docno without decoding them. */
#include "index/index_int.h"

#include "util/alloc.h"

#include <string.h>

size_t dj__varint_put(uint8_t *out, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

uint32_t dj__varint_get(const uint8_t **p)
{
    const uint8_t *s = *p;
    uint32_t v = 0;
    unsigned shift = 0;
    size_t i = 0;
    do {
        v |= (uint32_t)(s[i] & 0x7f) << shift;
        shift += 7;
    } while ((s[i++] & 0x80) && i < 5);
    *p = s + i;
    return v;
}

static uint16_t max16(uint16_t a, uint16_t b)
{
    return a > b ? a : b;
}

/* Bytes of varint(v). */
static inline size_t varint_len(uint32_t v)
{
    return v < (1u << 7) ? 1 : v < (1u << 14) ? 2 : v < (1u << 21) ? 3 : v < (1u << 28) ? 4 : 5;
}

/* Writes varint(v) at out (inline: the bulk-indexing inner loop). */
static inline uint8_t *varint_write(uint8_t *out, uint32_t v)
{
    while (v >= 0x80) {
        *out++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *out++ = (uint8_t)v;
    return out;
}

int dj__plist_append(dj__plist *pl, uint32_t docno, const uint16_t tf[DJ_NFIELDS])
{
    size_t n;
    uint32_t base, v;
    int has_tk = tf[DJ_FIELD_TITLE] || tf[DJ_FIELD_KEYWORDS];
    int sealed = 0;
    uint8_t *out;

    if (pl->nlast == DJ__BLOCK) { /* seal the open block */
        if (pl->nskips == pl->skipcap) {
            uint32_t nc = pl->skipcap ? pl->skipcap * 2 : 2;
            dj__skip *s = dj_realloc(pl->skips, nc * sizeof *s);
            if (!s)
                return DJ_ENOMEM;
            pl->skips = s;
            pl->skipcap = nc;
        }
        pl->skips[pl->nskips].last = pl->last_doc;
        pl->skips[pl->nskips].end = pl->len;
        pl->nskips++;
        pl->nlast = 0;
        sealed = 1;
    }
    if (pl->nlast == 0)
        base = pl->nskips ? pl->skips[pl->nskips - 1].last : 0;
    else
        base = pl->last_doc;
    /* size first, then encode in place (no staging copy) */
    v = ((docno - base) << 1) | (uint32_t)has_tk;
    n = varint_len(v) + varint_len(tf[DJ_FIELD_BODY]);
    if (has_tk)
        n += varint_len(tf[DJ_FIELD_TITLE]) + varint_len(tf[DJ_FIELD_KEYWORDS]);
    if (pl->len + n > pl->cap) {
        /* small lists: 24, 56, 120, 248 bytes, each filling a whole glibc
         * chunk (16k - 8 usable bytes; 8 and 16 took the 24-byte minimum
         * anyway), so fewer reallocs for no more memory; then 1.5x, 1.25x */
        uint32_t nc = pl->cap ? pl->cap : 24;
        while (nc < pl->len + n)
            nc = nc < 248 ? nc * 2 + 8 : nc < (1u << 20) ? nc + (nc >> 1) : nc + (nc >> 2);
        uint8_t *d = dj_realloc(pl->data, nc);
        if (!d) {
            if (sealed) { /* undo the seal so the list is unchanged */
                pl->nskips--;
                pl->nlast = DJ__BLOCK;
            }
            return DJ_ENOMEM;
        }
        pl->data = d;
        pl->cap = nc;
    }
    out = varint_write(pl->data + pl->len, v);
    out = varint_write(out, tf[DJ_FIELD_BODY]);
    if (has_tk) {
        out = varint_write(out, tf[DJ_FIELD_TITLE]);
        varint_write(out, tf[DJ_FIELD_KEYWORDS]);
    }
    pl->len += (uint32_t)n;
    pl->last_doc = docno;
    pl->nlast++;
    pl->df++;
    for (int f = 0; f < DJ_NFIELDS; f++)
        pl->maxtf[f] = max16(pl->maxtf[f], tf[f]);
    return DJ_OK;
}

void dj__plist_fini(dj__plist *pl)
{
    dj_free(pl->data);
    dj_free(pl->skips);
    memset(pl, 0, sizeof *pl);
}

size_t dj__plist_memory(const dj__plist *pl)
{
    return pl->cap + (size_t)pl->skipcap * sizeof(dj__skip);
}

static void decode_block(dj__cursor *c)
{
    const dj__plist *pl = c->pl;
    uint32_t b = c->block;
    uint32_t start = b ? pl->skips[b - 1].end : 0;
    uint32_t end = b < pl->nskips ? pl->skips[b].end : pl->len;
    uint32_t doc = b ? pl->skips[b - 1].last : 0;
    const uint8_t *p = pl->data + start, *e = pl->data + end;
    uint32_t n = 0;

    while (p < e && n < DJ__BLOCK) {
        uint32_t v = dj__varint_get(&p);
        doc += v >> 1;
        c->doc[n] = doc;
        c->tf[DJ_FIELD_BODY][n] = (uint16_t)dj__varint_get(&p);
        if (v & 1) {
            c->tf[DJ_FIELD_TITLE][n] = (uint16_t)dj__varint_get(&p);
            c->tf[DJ_FIELD_KEYWORDS][n] = (uint16_t)dj__varint_get(&p);
        } else {
            c->tf[DJ_FIELD_TITLE][n] = 0;
            c->tf[DJ_FIELD_KEYWORDS][n] = 0;
        }
        n++;
    }
    c->n = n;
    c->pos = 0;
    c->decoded += n;
    c->cur = n ? c->doc[0] : DJ__END;
}

void dj__cursor_init(dj__cursor *c, const dj__plist *pl)
{
    c->pl = pl;
    c->block = 0;
    c->nblocks = pl->nskips + (pl->nlast > 0 ? 1 : 0);
    c->n = c->pos = 0;
    c->decoded = 0;
    if (c->nblocks == 0) {
        c->cur = DJ__END;
        return;
    }
    decode_block(c);
}

void dj__cursor_next(dj__cursor *c)
{
    if (c->cur == DJ__END)
        return;
    if (++c->pos < c->n) {
        c->cur = c->doc[c->pos];
        return;
    }
    if (++c->block >= c->nblocks) {
        c->cur = DJ__END;
        return;
    }
    decode_block(c);
}

void dj__cursor_seek(dj__cursor *c, uint32_t target)
{
    if (c->cur == DJ__END || c->cur >= target)
        return;
    /* past the current block? skip whole blocks by their last docno */
    if (c->doc[c->n - 1] < target) {
        const dj__plist *pl = c->pl;
        uint32_t b = c->block + 1;
        while (b < pl->nskips && pl->skips[b].last < target)
            b++;
        if (b >= c->nblocks || (b == pl->nskips && pl->last_doc < target)) {
            c->block = c->nblocks;
            c->cur = DJ__END;
            return;
        }
        c->block = b;
        decode_block(c);
    }
    while (c->pos < c->n && c->doc[c->pos] < target)
        c->pos++;
    c->cur = c->pos < c->n ? c->doc[c->pos] : DJ__END; /* END only for a corrupt list */
}
