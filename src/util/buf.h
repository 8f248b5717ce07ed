/* buf.h - growable, capped, always NUL-terminated byte buffer (curl's dynbuf).
 *
 * Invariants: ptr is NULL or holds len bytes plus a NUL; len < limit.
 * Appending past the cap returns DJ_ELIMIT and leaves the buffer unchanged.
 * Errors are sticky in `rc`: after a failure every append is a no-op, so an
 * emitter may append freely and check once at the end. */
#ifndef DJ_BUF_H
#define DJ_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct dj_buf {
    char *ptr;    /* private */
    size_t len;   /* private: bytes used, excluding the NUL */
    size_t alloc; /* private */
    size_t limit; /* private: hard cap in bytes */
    int rc;       /* private: sticky error */
} dj_buf;

#define DJ_BUF_DEFAULT_LIMIT ((size_t)1 << 30)

void dj_buf_init(dj_buf *b, size_t limit); /* limit 0 = DJ_BUF_DEFAULT_LIMIT */
void dj_buf_fini(dj_buf *b);
void dj_buf_reset(dj_buf *b); /* len = 0, keeps memory, clears rc */
int dj_buf_append(dj_buf *b, const void *p, size_t len);
int dj_buf_puts(dj_buf *b, const char *s);
int dj_buf_putc(dj_buf *b, char c);
int dj_buf_printf(dj_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int dj_buf_vprintf(dj_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal (quotes included); a byte that is not
 * part of well-formed UTF-8 becomes \ufffd, so the output is valid JSON
 * whatever s holds (e.g. a user's argument echoed in an error). */
int dj_buf_json_str(dj_buf *b, const char *s, size_t len);
/* Borrowed pointer to the contents ("" when empty); valid until the next call. */
const char *dj_buf_cstr(const dj_buf *b);
size_t dj_buf_len(const dj_buf *b);
int dj_buf_rc(const dj_buf *b);
/* Moves the contents out; the caller owns the result (dj_free). NULL on OOM. */
char *dj_buf_detach(dj_buf *b);

#endif
