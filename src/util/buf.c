/* buf.c - dj_buf implementation; see buf.h for the invariants. */
#include "util/buf.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

void dj_buf_init(dj_buf *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit ? limit : DJ_BUF_DEFAULT_LIMIT;
}

void dj_buf_fini(dj_buf *b)
{
    DJ_FREE(b->ptr);
    b->len = b->alloc = 0;
}

void dj_buf_reset(dj_buf *b)
{
    b->len = 0;
    b->rc = DJ_OK;
    if (b->ptr)
        b->ptr[0] = '\0';
}

static int grow(dj_buf *b, size_t need)
{
    size_t n;
    char *p;

    if (need >= b->limit)
        return b->rc = DJ_ELIMIT;
    if (need < b->alloc)
        return DJ_OK;
    n = b->alloc ? b->alloc : 64;
    while (n <= need)
        n *= 2;
    if (n > b->limit)
        n = b->limit;
    p = dj_realloc(b->ptr, n);
    if (!p)
        return b->rc = DJ_ENOMEM;
    b->ptr = p;
    b->alloc = n;
    return DJ_OK;
}

int dj_buf_append(dj_buf *b, const void *p, size_t len)
{
    if (b->rc)
        return b->rc;
    if (len > b->limit || grow(b, b->len + len) < 0)
        return b->rc ? b->rc : (b->rc = DJ_ELIMIT);
    if (len)
        memcpy(b->ptr + b->len, p, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return DJ_OK;
}

int dj_buf_puts(dj_buf *b, const char *s)
{
    return dj_buf_append(b, s, strlen(s));
}

int dj_buf_putc(dj_buf *b, char c)
{
    return dj_buf_append(b, &c, 1);
}

int dj_buf_vprintf(dj_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    if (b->rc)
        return b->rc;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return b->rc = DJ_EINVAL;
    if (grow(b, b->len + (size_t)n) < 0)
        return b->rc;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return DJ_OK;
}

int dj_buf_printf(dj_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = dj_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int dj_buf_json_str(dj_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    dj_buf_putc(b, '"');
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];

        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
            u[4] = hex[c >> 4], u[5] = hex[c & 15];
        } else if (c >= 0x80) {
            size_t j = i;
            if (dj_utf8_next(s, len, &j) != 0xFFFD || j - i > 1) {
                i = j - 1; /* a well-formed sequence (U+FFFD itself included) */
                continue;
            }
            esc = "\\ufffd"; /* a malformed byte: JSON text is UTF-8 */
        } else
            continue;
        dj_buf_append(b, s + run, i - run);
        if (esc)
            dj_buf_puts(b, esc);
        else
            dj_buf_append(b, u, 6);
        run = i + 1;
    }
    dj_buf_append(b, s + run, len - run);
    return dj_buf_putc(b, '"');
}

const char *dj_buf_cstr(const dj_buf *b)
{
    return b->ptr ? b->ptr : "";
}

size_t dj_buf_len(const dj_buf *b)
{
    return b->len;
}

int dj_buf_rc(const dj_buf *b)
{
    return b->rc;
}

char *dj_buf_detach(dj_buf *b)
{
    char *p = b->ptr;

    if (!p)
        p = dj_strndup("", 0);
    b->ptr = NULL;
    b->len = b->alloc = 0;
    return p;
}
