/* utf8.c - strict UTF-8 validation (RFC 3629) and a forgiving decoder. */
#include "util/utf8.h"

static size_t seq_len(const unsigned char *p, size_t avail, uint32_t *cp_out)
{
    unsigned char c = p[0];
    uint32_t cp;
    size_t n, k;

    if (c < 0x80) {
        *cp_out = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (avail < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *cp_out = cp;
    return n;
}

bool dj_utf8_valid(const void *s, size_t len, size_t *bad_offset)
{
    const unsigned char *p = s;
    size_t i = 0;
    uint32_t cp;

    while (i < len) {
        size_t n;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        n = seq_len(p + i, len - i, &cp);
        if (!n) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

uint32_t dj_utf8_next(const char *s, size_t len, size_t *i)
{
    uint32_t cp;
    size_t n;

    if (*i >= len)
        return 0;
    n = seq_len((const unsigned char *)s + *i, len - *i, &cp);
    if (!n) {
        (*i)++;
        return 0xFFFD;
    }
    *i += n;
    return cp;
}

size_t dj_utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long dj_line_at(const char *s, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++) /* LF, or a CR not followed by LF */
        line += s[i] == '\n' || (s[i] == '\r' && (i + 1 == off || s[i + 1] != '\n'));
    return line;
}

int dj_utf8_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80) /* not a continuation byte */
            w += (unsigned char)*s >= 0xe0 ? 2 : 1;
    return w;
}

size_t dj_utf8_floor(const char *s, size_t n)
{
    size_t k = n, need;
    unsigned char lead;

    while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--; /* back over the last sequence's continuation bytes */
    if (k == 0 || (lead = (unsigned char)s[k - 1]) < 0xC0)
        return n; /* ASCII last, or no lead byte within reach: nothing to cut */
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return k - 1 + need > n ? k - 1 : n;
}

size_t dj_utf8_nchars(const char *s, size_t len)
{
    size_t i = 0, n = 0;

    while (i < len) {
        dj_utf8_next(s, len, &i);
        n++;
    }
    return n;
}

bool dj_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

size_t dj_utf8_halfwidth(char *out, size_t cap, const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = dj_utf8_next(s, len, &i);
        if (n + 4 > cap)
            return SIZE_MAX;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            out[n++] = (char)(cp - 0xFF01 + 0x21);
        else if (cp == 0x3000)
            out[n++] = ' ';
        else
            while (at < i)
                out[n++] = s[at++];
    }
    return n;
}
