/* quant_lex.c - the quantity parser's view of text: decoding, spaces and
 * fixed words (the character kinds are static inline in quant_int.h).
 *
 * dj__quant_decode() turns UTF-8 into a `qch` array: each code point
 * simplified (full-width to half-width, upper to lower case, white space to
 * ' ', traditional forms of numeral and unit characters to simplified) with
 * the byte offset of the original character, and a sentinel entry at
 * index n carrying the input length.
 * Invariants: the matchers compare simplified code points and never read
 * past n. */
#include "text/quant_int.h"

#include "util/alloc.h"
#include "util/utf8.h"

#include <string.h>

/* -------------------------------------------------------------- decoding */

static uint32_t simplify(uint32_t c)
{
    if (c >= 0xFF10 && c <= 0xFF19)
        return c - 0xFF10 + '0';
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c - 0xFF21 + 'a';
    if (c >= 0xFF41 && c <= 0xFF5A)
        return c - 0xFF41 + 'a';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    switch (c) {
    case 0xFF0E:
        return '.';
    case 0xFF05:
        return '%';
    case 0xFF0D:
        return '-';
    case 0x2212:
        return '-';
    case 0xFF0F:
        return '/';
    case 0xFF0B:
        return '+';
    case 0xFF3E:
        return '^';
    case 0x3000:
        return ' ';
    case '\t':
    case '\r':
    case '\n':
    case 0xA0:
        return ' ';
    case 0x842C:
        return 0x4E07; /* 萬 万 */
    case 0x5104:
        return 0x4EBF; /* 億 亿 */
    case 0x5169:
        return 0x4E24; /* 兩 两 */
    case 0x5006:
        return 0x4FE9; /* 倆 俩 */
    case 0x9EDE:
        return 0x70B9; /* 點 点 */
    case 0x8CA0:
        return 0x8D1F; /* 負 负 */
    case 0x5E7E:
        return 0x51E0; /* 幾 几 */
    case 0x500B:
        return 0x4E2A; /* 個 个 */
    case 0x5C0D:
        return 0x5BF9; /* 對 对 */
    case 0x96D9:
        return 0x53CC; /* 雙 双 */
    case 0x8CB3:
        return 0x8D30; /* 貳 贰 */
    case 0x9678:
        return 0x9646; /* 陸 陆 */
    case 0x9918:
        return 0x4F59; /* 餘 余 */
    case 0x5143:
        return 0x5143;
    case 0x6642:
        return 0x65F6; /* 時 时 */
    case 0x584A:
        return 0x5757; /* 塊 块 */
    case 0x9805:
        return 0x9879; /* 項 项 */
    case 0x8F1B:
        return 0x8F86; /* 輛 辆 */
    case 0x755D:
        return 0x4EA9; /* 畝 亩 */
    case 0x5678:
        return 0x5428; /* 噸 吨 */
    case 0x65B7:
        return 0x65AD;
    case 0x9019:
        return 0x8FD9; /* 這 这 */
    case 0x9084:
        return 0x8FD8; /* 還 还 */
    case 0x537B:
        return 0x5374;
    case 0x81FA:
        return 0x53F0; /* 臺 台 */
    case 0x9EBC:
        return 0x4E48;
    default:
        return c;
    }
}

int dj__quant_decode(qch **out, size_t *n_out, const char *s, size_t len)
{
    qch *t = dj_malloc((len + 1) * sizeof *t);
    size_t i = 0, n = 0;

    if (!t)
        return DJ_ENOMEM;
    while (i < len) {
        size_t b = i;
        uint32_t c = dj_utf8_next(s, len, &i);
        t[n].c = simplify(c);
        t[n].b = b;
        n++;
    }
    t[n].c = 0;
    t[n].b = len;
    *out = t;
    *n_out = n;
    return DJ_OK;
}

/* ------------------------------------------------- spaces and fixed words */

size_t dj__quant_skip_sp(const qch *t, size_t n, size_t i)
{
    while (i < n && dj__quant_is_space(t[i].c))
        i++;
    return i;
}

/* Does the UTF-8 word w occur at t[i..]? Returns its length in chars or 0. */
size_t dj__quant_match_at(const qch *t, size_t n, size_t i, const char *w)
{
    size_t wl = strlen(w), wi = 0, k = i;
    while (wi < wl) {
        uint32_t c = dj_utf8_next(w, wl, &wi);
        if (k >= n || t[k].c != simplify(c))
            return 0;
        k++;
    }
    return k - i;
}

/* Does w end exactly at index i (exclusive)? Returns its length or 0. */
size_t dj__quant_match_before(const qch *t, size_t i, const char *w)
{
    size_t nch = dj_utf8_nchars(w, strlen(w));
    if (nch == 0 || nch > i)
        return 0;
    return dj__quant_match_at(t, i, i - nch, w) == nch ? nch : 0;
}
