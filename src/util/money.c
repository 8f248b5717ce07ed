/* money.c - exact decimal parsing and Chinese-style money formatting. */
#include "util/money.h"

#include "duijie/dj_error.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_ABS 100000000000000000LL /* 10^17 */

static int parse_scaled(int64_t *out, const char *s, size_t len, int scale, int allow_commas)
{
    size_t i = 0;
    int neg = 0, digits = 0, frac = -1;
    int group = -1; /* digits since the last thousands comma; -1 before one */
    int lead = 0;   /* integer digits before the first comma */
    int64_t v = 0;

    while (i < len && s[i] == ' ')
        i++;
    while (len > i && s[len - 1] == ' ')
        len--;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (frac >= 0) {
                if (frac == scale) {
                    if (c != '0')
                        return DJ_EINVAL; /* finer than the unit allows */
                    continue;
                }
                frac++;
            }
            if (v > (MAX_ABS - 9) / 10)
                return DJ_ELIMIT;
            v = v * 10 + (c - '0');
            digits++;
            if (frac < 0 && group >= 0)
                group++;
            else if (frac < 0)
                lead++;
        } else if (c == '.' && frac < 0) {
            if (group >= 0 && group != 3)
                return DJ_EINVAL;
            frac = 0;
        } else if (c == ',' && allow_commas && frac < 0) {
            /* thousands separators only: 1,234,567 (not 1,5 or ,5) */
            if ((group < 0 && (lead < 1 || lead > 3)) || (group >= 0 && group != 3))
                return DJ_EINVAL;
            group = 0;
        } else {
            return DJ_EINVAL;
        }
    }
    if (!digits || (frac < 0 && group >= 0 && group != 3))
        return DJ_EINVAL;
    if (frac < 0)
        frac = 0;
    for (; frac < scale; frac++) {
        if (v > MAX_ABS / 10)
            return DJ_ELIMIT;
        v *= 10;
    }
    *out = neg ? -v : v;
    return DJ_OK;
}

int dj_decimal_parse(int64_t *out, const char *s, size_t len, int scale)
{
    return parse_scaled(out, s, len, scale, 0);
}

static int ends_with(const char *s, size_t len, const char *suf, size_t *rest)
{
    size_t n = strlen(suf);
    if (len >= n && memcmp(s + len - n, suf, n) == 0) {
        *rest = len - n;
        return 1;
    }
    return 0;
}

/* Money as people type it: full-width digits and punctuation (an IME's
 * full-width mode) as ASCII, and a leading ¥ or ￥ dropped, into out.
 * Returns the length, or SIZE_MAX when it does not fit (then s is parsed as
 * it is). */
static size_t ascii_money(char *out, size_t cap, const char *s, size_t len)
{
    size_t n = dj_utf8_halfwidth(out, cap, s, len), i = 0;
    if (n == SIZE_MAX)
        return n;
    while (i < n && out[i] == ' ')
        i++;
    if (n - i >= 2 && !memcmp(out + i, "\xc2\xa5", 2)) /* ¥ U+00A5 */
        i += 2;
    else if (n - i >= 3 && !memcmp(out + i, "\xef\xbf\xa5", 3)) /* ￥ U+FFE5 */
        i += 3;
    memmove(out, out + i, n - i);
    return n - i;
}

int dj_money_parse(int64_t *fen_out, const char *s, size_t len)
{
    int scale = 2; /* fen per yuan = 10^2 */
    size_t rest;
    char ascii[96];
    size_t n = ascii_money(ascii, sizeof ascii, s, len);

    if (n != SIZE_MAX)
        s = ascii, len = n;

    while (len && s[len - 1] == ' ')
        len--;
    if (ends_with(s, len, "元", &rest))
        len = rest;
    while (len && s[len - 1] == ' ')
        len--;
    if (ends_with(s, len, "万", &rest))
        len = rest, scale = 6;
    else if (ends_with(s, len, "亿", &rest))
        len = rest, scale = 10;
    return parse_scaled(fen_out, s, len, scale, 1);
}

size_t dj_decimal_format(char *out, int64_t v, int scale)
{
    int64_t p = 1, ip, fp;
    int i, n;
    const char *sign = "";

    if (v < 0)
        sign = "-", v = -v;
    for (i = 0; i < scale; i++)
        p *= 10;
    ip = v / p;
    fp = v % p;
    n = snprintf(out, 32, "%s%lld", sign, (long long)ip);
    if (fp) {
        int w = scale;
        while (fp % 10 == 0)
            fp /= 10, w--;
        n += snprintf(out + n, 32 - (size_t)n, ".%0*lld", w, (long long)fp);
    }
    return (size_t)n;
}

size_t dj_money_format_yuan(char *out, int64_t fen)
{
    return dj_decimal_format(out, fen, 2);
}

/* Rounds v / div half away from zero. */
static int64_t round_div(int64_t v, int64_t div)
{
    if (v >= 0)
        return (v + div / 2) / div;
    return -((-v + div / 2) / div);
}

size_t dj_money_format_cn(char *out, int64_t fen, const char *sep)
{
    int64_t a = fen < 0 ? -fen : fen;
    int64_t wan_h = round_div(fen, 10000); /* hundredths of 万 = 100 元 */
    size_t n;

    if (a < 10000) { /* under 100 元 */
        n = dj_money_format_yuan(out, fen);
        return n + (size_t)snprintf(out + n, 48 - n, "%s元", sep);
    }
    if (wan_h < 1000000 && wan_h > -1000000) { /* under 10000.00 万 */
        n = dj_decimal_format(out, wan_h, 2);
        return n + (size_t)snprintf(out + n, 48 - n, "%s万元", sep);
    }
    n = dj_decimal_format(out, round_div(fen, 100000000), 2); /* hundredths of 亿 */
    return n + (size_t)snprintf(out + n, 48 - n, "%s亿元", sep);
}
