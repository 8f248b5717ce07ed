/* binfile.c - writer and reader of the index's binary files (binfile.h). */
#include "index/binfile.h"

#include "util/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- checksum ---- */

#define SUM_M 0xbf58476d1ce4e5b9ull

void dj__sum_init(dj__sum *s)
{
    memset(s, 0, sizeof *s);
    s->lane[0] = 0x9e3779b97f4a7c15ull;
    s->lane[1] = 0xc2b2ae3d27d4eb4full;
    s->lane[2] = 0x165667b19e3779f9ull;
    s->lane[3] = 0xd6e8feb86659fd93ull;
}

static inline uint64_t sum_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * SUM_M;
    return h ^ (h >> 31);
}

/* Mixes whole 64-byte blocks at p into the lanes. */
static void sum_blocks(dj__sum *s, const uint8_t *p, size_t nblocks)
{
    uint64_t a = s->lane[0], b = s->lane[1], c = s->lane[2], d = s->lane[3], w[8];
    for (size_t i = 0; i < nblocks; i++, p += DJ__SUM_BLOCK) {
        memcpy(w, p, sizeof w);
        a = sum_mix(sum_mix(a, w[0]), w[4]);
        b = sum_mix(sum_mix(b, w[1]), w[5]);
        c = sum_mix(sum_mix(c, w[2]), w[6]);
        d = sum_mix(sum_mix(d, w[3]), w[7]);
    }
    s->lane[0] = a, s->lane[1] = b, s->lane[2] = c, s->lane[3] = d;
}

void dj__sum_add(dj__sum *s, const void *p, size_t n)
{
    const uint8_t *b = p;
    if (!n)
        return;
    s->total += n;
    if (s->n) { /* complete the partial block first */
        size_t k = DJ__SUM_BLOCK - s->n < n ? DJ__SUM_BLOCK - s->n : n;
        memcpy(s->blk + s->n, b, k);
        s->n += k, b += k, n -= k;
        if (s->n < DJ__SUM_BLOCK)
            return;
        sum_blocks(s, s->blk, 1);
        s->n = 0;
    }
    sum_blocks(s, b, n / DJ__SUM_BLOCK);
    b += n / DJ__SUM_BLOCK * DJ__SUM_BLOCK;
    n %= DJ__SUM_BLOCK;
    memcpy(s->blk, b, n);
    s->n = n;
}

uint64_t dj__sum_value(const dj__sum *s)
{
    uint8_t last[DJ__SUM_BLOCK] = {0};
    dj__sum t = *s;
    memcpy(last, s->blk, s->n); /* the partial block, zero-padded; total tells the length */
    sum_blocks(&t, last, 1);
    return sum_mix(
        sum_mix(sum_mix(sum_mix(sum_mix(t.total, t.lane[0]), t.lane[1]), t.lane[2]), t.lane[3]),
        s->n);
}

/* ---- writing ---- */

int dj__wr_open(dj__wr *w, const char *path, dj_diag *diag)
{
    size_t tlen = strlen(path) + 32;

    memset(w, 0, sizeof *w);
    dj__sum_init(&w->sum);
    if (!(w->tmp = dj_malloc(tlen)))
        return DJ_ENOMEM;
    snprintf(w->tmp, tlen, "%s.tmp.%ld", path, (long)getpid());
    if (!(w->fp = fopen(w->tmp, "wb"))) {
        int rc = dj_diag_set(diag, DJ_EIO, "cannot create %s: %s", w->tmp, strerror(errno));
        dj_free(w->tmp);
        w->tmp = NULL;
        return rc;
    }
    return DJ_OK;
}

/* Removes PATH.tmp.PID files whose writer PID no longer runs: left by a
 * process killed while saving (they hold a whole index). A PID reused by
 * another process keeps its file until the next save after it ends. */
static void remove_orphans(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    char dir[4096], full[4096 + 256];
    struct dirent *e;
    DIR *d;

    if (dlen >= sizeof dir)
        return;
    if (!slash) /* "x.index": the working directory */
        dlen = 1, path = ".";
    else if (dlen == 0) /* "/x.index" */
        dlen = 1;
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
    if (!(d = opendir(dir)))
        return;
    while ((e = readdir(d))) {
        char *end;
        long pid;
        if (strncmp(e->d_name, base, blen) != 0 || strncmp(e->d_name + blen, ".tmp.", 5) != 0)
            continue;
        pid = strtol(e->d_name + blen + 5, &end, 10);
        if (*end || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, e->d_name) < sizeof full)
            remove(full);
    }
    closedir(d);
}

int dj__wr_close(dj__wr *w, const char *path, dj_diag *diag)
{
    int rc = DJ_OK;
    if (fclose(w->fp) != 0)
        w->err = 1;
    if (w->err || rename(w->tmp, path) != 0) {
        rc = dj_diag_set(diag, DJ_EIO, "cannot write %s: %s", path, strerror(errno));
        remove(w->tmp);
    } else {
        remove_orphans(path);
    }
    dj_free(w->tmp);
    memset(w, 0, sizeof *w);
    return rc;
}

void dj__put(dj__wr *w, const void *p, size_t n)
{
    if (!w->err && n && fwrite(p, 1, n, w->fp) != n)
        w->err = 1;
    dj__sum_add(&w->sum, p, n);
}

void dj__put_u8(dj__wr *w, uint8_t v)
{
    dj__put(w, &v, 1);
}

void dj__put_u16(dj__wr *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    dj__put(w, b, 2);
}

void dj__put_u32(dj__wr *w, uint32_t v)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    dj__put(w, b, 4);
}

void dj__put_u64(dj__wr *w, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    dj__put(w, b, 8);
}

void dj__put_f32(dj__wr *w, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    dj__put_u32(w, v);
}

#define HOST_LE (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

void dj__put_32s(dj__wr *w, const void *v, size_t n)
{
    const uint32_t *u = v;
    if (HOST_LE) {
        dj__put(w, v, n * 4);
        return;
    }
    for (size_t i = 0; i < n; i++)
        dj__put_u32(w, u[i]);
}

/* ---- reading ---- */

#define RD_BUF ((size_t)1 << 16)

/* Makes n (<= len - off) bytes available at buf + pos. */
static int rd_fill(dj__rd *r, size_t n)
{
    size_t have = r->fill - r->pos, want;
    if (have >= n)
        return 0;
    memmove(r->buf, r->buf + r->pos, have);
    r->pos = 0;
    r->fill = have;
    if (n > r->cap) {
        uint8_t *b = dj_realloc(r->buf, n);
        if (!b) {
            r->bad = r->nomem = 1;
            return -1;
        }
        r->buf = b;
        r->cap = n;
    }
    want = r->cap - r->fill;
    if (want > r->len - r->off - have)
        want = r->len - r->off - have;
    r->fill += fread(r->buf + r->fill, 1, want, r->fp);
    if (r->fill < n) { /* read error or the file shrank */
        r->bad = 1;
        return -1;
    }
    return 0;
}

const uint8_t *dj__take(dj__rd *r, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return NULL;
    }
    if (rd_fill(r, n) < 0)
        return NULL;
    const uint8_t *p = r->buf + r->pos;
    r->pos += n;
    r->off += n;
    dj__sum_add(&r->sum, p, n);
    return p;
}

/* Reads n bytes into dst (the caller checked n <= len - off). */
int dj__take_into(dj__rd *r, void *dst, size_t n)
{
    size_t have = r->fill - r->pos, c = have < n ? have : n;
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return -1;
    }
    if (c)
        memcpy(dst, r->buf + r->pos, c);
    r->pos += c;
    r->off += c;
    if (c < n) { /* the window is empty: the file is at off */
        size_t got = fread((uint8_t *)dst + c, 1, n - c, r->fp);
        r->off += got;
        if (got != n - c) {
            r->bad = 1;
            return -1;
        }
    }
    dj__sum_add(&r->sum, dst, n);
    return 0;
}

uint32_t dj__get_u32(dj__rd *r)
{
    const uint8_t *b = dj__take(r, 4);
    if (!b)
        return 0;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint16_t dj__get_u16(dj__rd *r)
{
    const uint8_t *b = dj__take(r, 2);
    return b ? (uint16_t)(b[0] | b[1] << 8) : 0;
}

uint8_t dj__get_u8(dj__rd *r)
{
    const uint8_t *b = dj__take(r, 1);
    return b ? b[0] : 0;
}

uint64_t dj__get_u64(dj__rd *r)
{
    uint64_t lo = dj__get_u32(r);
    uint64_t hi = dj__get_u32(r);
    return lo | hi << 32;
}

float dj__get_f32(dj__rd *r)
{
    uint32_t v = dj__get_u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

/* Opens path for reading only if it is a regular file: a FIFO or a device
 * in the index's place would block or stream forever. O_NONBLOCK keeps the
 * open itself from waiting for a FIFO's writer. */
static FILE *open_regular(const char *path, dj_diag *diag, int *rc)
{
    struct stat st;
    FILE *fp;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        *rc = dj_diag_set(diag, DJ_EIO, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *rc = dj_diag_set(diag, DJ_EIO, "cannot read %s: not a regular file", path);
        return NULL;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(fp = fdopen(fd, "rb"))) {
        close(fd);
        *rc = dj_diag_set(diag, DJ_EIO, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    return fp;
}

int dj__rd_open(dj__rd *r, const char *path, dj_diag *diag)
{
    long sz;
    int rc = DJ_OK;

    memset(r, 0, sizeof *r);
    dj__sum_init(&r->sum);
    if (!(r->fp = open_regular(path, diag, &rc)))
        return rc;
    if (fseek(r->fp, 0, SEEK_END) != 0 || (sz = ftell(r->fp)) < 0 ||
        fseek(r->fp, 0, SEEK_SET) != 0) {
        fclose(r->fp);
        return dj_diag_set(diag, DJ_EIO, "cannot read %s", path);
    }
    r->len = (size_t)sz;
    r->cap = RD_BUF;
    if (!(r->buf = dj_malloc(r->cap))) {
        fclose(r->fp);
        return DJ_ENOMEM;
    }
    return DJ_OK;
}

int dj__rd_close(dj__rd *r, int rc, const char *path, dj_diag *diag)
{
    if (diag && rc == DJ_EPARSE) {
        size_t n = strlen(path);
        if (n >= sizeof diag->file)
            n = sizeof diag->file - 1;
        memcpy(diag->file, path, n);
        diag->file[n] = '\0';
        diag->offset = r->off;
    }
    if (rc == DJ_EPARSE && ferror(r->fp))
        rc = dj_diag_set(diag, DJ_EIO, "cannot read %s", path);
    fclose(r->fp);
    dj_free(r->buf);
    memset(r, 0, sizeof *r);
    return rc;
}

int dj__take_32s(dj__rd *r, void *dst, size_t n)
{
    uint32_t *u = dst;
    if (n > (r->len - r->off) / 4) {
        r->bad = 1;
        return -1;
    }
    if (dj__take_into(r, dst, n * 4) < 0)
        return -1;
    if (!HOST_LE) {
        for (size_t i = 0; i < n; i++) {
            const uint8_t *b = (const uint8_t *)&u[i];
            u[i] =
                (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        }
    }
    return 0;
}
