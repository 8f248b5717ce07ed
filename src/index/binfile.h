/* binfile.h - the little-endian binary files of src/index/ (the index
 * snapshot, snapshot.c; the semantic model, lsa_file.c): a writer that
 * never leaves a half-written file at its path, and a buffered reader whose
 * every read is checked against the file's size.
 *
 * Writer: dj__wr_open creates path.tmp.PID (two processes saving one path
 * never share a file); dj__put* record the first error; dj__wr_close
 * renames the file over path only when every write succeeded, and then
 * removes the path.tmp.PID files of writers no longer running (killed
 * while saving).
 * Reader: a read past the end (or a read error) sets `bad` and returns
 * zeros, so a parser checks `bad` once per record instead of per field.
 * Both keep a checksum of every byte so far (dj__sum: the same value
 * however the bytes were split into puts or reads), which a format can
 * store and check so that a flipped byte is not read as data. */
#ifndef DJ_INDEX_BINFILE_H
#define DJ_INDEX_BINFILE_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A running checksum: 64-byte blocks mixed in 4 independent lanes (a
 * multiply chain per lane, so ~4 bytes a cycle), the partial block kept. */
#define DJ__SUM_BLOCK 64
typedef struct dj__sum {
    uint64_t lane[4];
    uint64_t total;
    uint8_t blk[DJ__SUM_BLOCK];
    size_t n;
} dj__sum;

void dj__sum_init(dj__sum *s);
void dj__sum_add(dj__sum *s, const void *p, size_t n);
/* The checksum of the bytes added so far (s is unchanged). */
uint64_t dj__sum_value(const dj__sum *s);

typedef struct dj__wr {
    FILE *fp;
    int err;
    char *tmp;
    dj__sum sum;
} dj__wr;

/* DJ_OK, DJ_ENOMEM or DJ_EIO (diag names the file). */
int dj__wr_open(dj__wr *w, const char *path, dj_diag *diag);
/* Closes and renames over path: DJ_OK, or DJ_EIO (the temporary file is
 * removed). Always releases w. */
int dj__wr_close(dj__wr *w, const char *path, dj_diag *diag);
void dj__put(dj__wr *w, const void *p, size_t n);
void dj__put_u8(dj__wr *w, uint8_t v);
void dj__put_u16(dj__wr *w, uint16_t v);
void dj__put_u32(dj__wr *w, uint32_t v);
void dj__put_u64(dj__wr *w, uint64_t v);
void dj__put_f32(dj__wr *w, float f);
/* n 32-bit values (uint32_t or float) as one little-endian array. */
void dj__put_32s(dj__wr *w, const void *v, size_t n);

/* buf[pos..fill) holds the next unread bytes, file bytes [off, off + fill -
 * pos). Small fields go through the buffer (dj__take); bulk arrays go
 * straight into their final allocation (dj__take_into), so a load never
 * holds the whole file in memory. */
typedef struct dj__rd {
    FILE *fp;
    uint8_t *buf;
    size_t cap, pos, fill;
    size_t len, off; /* file size, bytes consumed */
    int bad;
    int nomem;
    dj__sum sum; /* of the bytes taken so far */
} dj__rd;

/* DJ_OK, DJ_ENOMEM or DJ_EIO (diag names the file). */
int dj__rd_open(dj__rd *r, const char *path, dj_diag *diag);
/* Ends a load that returned rc: a DJ_EPARSE gets the file and the offset
 * in diag, or becomes DJ_EIO when the file could not be read. Releases r;
 * returns the final code. */
int dj__rd_close(dj__rd *r, int rc, const char *path, dj_diag *diag);
/* n bytes (valid until the next read), or NULL with bad set. */
const uint8_t *dj__take(dj__rd *r, size_t n);
/* Reads n bytes into dst: 0, or -1 with bad set. */
int dj__take_into(dj__rd *r, void *dst, size_t n);
uint8_t dj__get_u8(dj__rd *r);
uint16_t dj__get_u16(dj__rd *r);
uint32_t dj__get_u32(dj__rd *r);
uint64_t dj__get_u64(dj__rd *r);
float dj__get_f32(dj__rd *r);
/* Reads an array written by dj__put_32s into dst: 0, or -1 with bad set. */
int dj__take_32s(dj__rd *r, void *dst, size_t n);

#endif
