/* quant.c - Chinese quantity parser (see include/duijie/dj_quant.h).
 *
 * The text is first decoded into an array of `qch` (code point simplified and
 * half-width, byte offset of the original character); a sentinel entry at
 * index n carries the input length, so every span maps back to bytes.
 * One numeral grammar serves the three scanners:
 *
 *   numeral  := [负|-] ( 半 UNIT | group+ [点 cdigit+] [BIG] ) [打]
 *   group    := cdigit | 零 | arabic (only before a unit, or last after a
 *               unit/零) | SMALL (十 百 千) | BIG (万 亿 兆) | filler UNIT
 *   fraction := [numeral 又] numeral 分之 numeral
 *
 * Combination rule: a SMALL unit multiplies the pending digit (1 when none)
 * into the current section; a BIG unit multiplies everything accumulated
 * below its level (and, right after another BIG unit, that one too:
 * 四万万 = 4e8, 四万亿 = 4e12). A trailing digit right after a unit >= 百
 * with no 零 between is elliptical (一百五 = 150, 九万四 = 94000). Two
 * adjacent digits, or two adjacent SMALL units, end the numeral.
 *
 * Values are kept as exact decimals (int64 mantissa, power of ten) with a
 * parallel double; the decimal is dropped (exact = 0) on overflow, fractions
 * and powers. Invariants: scanners never read past n; every emitted span
 * satisfies start <= num_start < num_end <= end <= len. */
#include "duijie/dj_quant.h"

#include "util/alloc.h"
#include "util/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define QUANT_MAX_RESULTS ((size_t)1 << 20)

typedef struct qch {
    uint32_t c; /* simplified, half-width, lower-case */
    size_t b;   /* byte offset of this character in the input */
} qch;

typedef struct qv {
    int64_t m;
    int e;
    int exact;
    double d;
} qv;

/* ---------------------------------------------------------------- values */

static double pow10d(int e)
{
    static const double tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (e >= 0 && e <= 22)
        return tab[e];
    return pow(10.0, e);
}

static double qv_exact_double(int64_t m, int e)
{
    if (e >= 0)
        return (double)m * pow10d(e);
    return (double)m / pow10d(-e);
}

static qv qv_int(int64_t v)
{
    qv r;
    r.m = v;
    r.e = 0;
    r.exact = 1;
    r.d = (double)v;
    return r;
}

static qv qv_double(double d)
{
    qv r;
    r.m = 0;
    r.e = 0;
    r.exact = 0;
    r.d = d;
    return r;
}

static void qv_norm(qv *a)
{
    if (!a->exact)
        return;
    if (a->m == 0) {
        a->e = 0;
    } else {
        while (a->m % 10 == 0) {
            a->m /= 10;
            a->e++;
        }
    }
    a->d = qv_exact_double(a->m, a->e);
}

static int mul_pow10(int64_t *m, int k)
{
    while (k-- > 0) {
        if (__builtin_mul_overflow(*m, (int64_t)10, m))
            return -1;
    }
    return 0;
}

static void qv_add(qv *a, qv b)
{
    double d = a->d + b.d;
    if (a->exact && b.exact) {
        int e = a->e < b.e ? a->e : b.e;
        int64_t am = a->m, bm = b.m, s;
        if (mul_pow10(&am, a->e - e) == 0 && mul_pow10(&bm, b.e - e) == 0 &&
            !__builtin_add_overflow(am, bm, &s)) {
            a->m = s;
            a->e = e;
            qv_norm(a);
            return;
        }
    }
    a->exact = 0;
    a->d = d;
}

static void qv_scale10(qv *a, int k)
{
    a->e += k;
    a->d *= pow10d(k);
    if (a->exact) {
        if (a->e > 18 || a->e < -40)
            a->exact = 0;
        else
            qv_norm(a);
    }
}

static void qv_mul_int(qv *a, int64_t k)
{
    a->d *= (double)k;
    if (a->exact && __builtin_mul_overflow(a->m, k, &a->m))
        a->exact = 0;
    qv_norm(a);
}

static void qv_neg(qv *a)
{
    a->m = -a->m;
    a->d = -a->d;
}

static int qv_is_zero(qv a)
{
    return a.exact ? a.m == 0 : a.d == 0.0;
}

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

static int decode(qch **out, size_t *n_out, const char *s, size_t len)
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

/* ------------------------------------------------------- character kinds */

static int is_adigit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(uint32_t c)
{
    return c >= 'a' && c <= 'z';
}

/* Chinese digit value 0..9, or -1. 零 is 0. */
static int cdigit(uint32_t c)
{
    switch (c) {
    case 0x96F6:
    case 0x3007:
        return 0; /* 零 〇 */
    case 0x4E00:
    case 0x58F9:
        return 1; /* 一 壹 */
    case 0x4E8C:
    case 0x8D30:
    case 0x4E24:
    case 0x4FE9:
        return 2; /* 二 贰 两 俩 */
    case 0x4E09:
    case 0x53C1:
    case 0x4EE8:
        return 3; /* 三 叁 仨 */
    case 0x56DB:
    case 0x8086:
        return 4; /* 四 肆 */
    case 0x4E94:
    case 0x4F0D:
        return 5; /* 五 伍 */
    case 0x516D:
    case 0x9646:
        return 6; /* 六 陆 */
    case 0x4E03:
    case 0x67D2:
        return 7; /* 七 柒 */
    case 0x516B:
    case 0x634C:
        return 8; /* 八 捌 */
    case 0x4E5D:
    case 0x7396:
        return 9; /* 九 玖 */
    default:
        return -1;
    }
}

static int is_zero_char(uint32_t c)
{
    return c == 0x96F6 || c == 0x3007;
}

/* digits allowed after 点: no 两/俩/仨 (一点两小时 is two numbers) */
static int frac_digit(uint32_t c)
{
    if (c == 0x4E24 || c == 0x4FE9 || c == 0x4EE8)
        return -1;
    return cdigit(c);
}

/* 十 百 千 -> 1 2 3, else 0 */
static int small_unit(uint32_t c)
{
    switch (c) {
    case 0x5341:
    case 0x62FE:
        return 1; /* 十 拾 */
    case 0x767E:
    case 0x4F70:
        return 2; /* 百 佰 */
    case 0x5343:
    case 0x4EDF:
        return 3; /* 千 仟 */
    default:
        return 0;
    }
}

/* 万 亿 兆 -> 4 8 12, else 0 */
static int big_unit(uint32_t c)
{
    switch (c) {
    case 0x4E07:
        return 4;
    case 0x4EBF:
        return 8;
    case 0x5146:
        return 12;
    default:
        return 0;
    }
}

static int is_filler(uint32_t c)
{
    return c == 0x591A || c == 0x51E0 || c == 0x4F59; /* 多 几 余 */
}

static int is_point(uint32_t c)
{
    return c == 0x70B9 || c == '.'; /* 点 . */
}

static int is_numeral_char(uint32_t c)
{
    return cdigit(c) >= 0 || small_unit(c) || big_unit(c) || is_adigit(c);
}

static int is_space(uint32_t c)
{
    return c == ' ';
}

static size_t skip_sp(const qch *t, size_t n, size_t i)
{
    while (i < n && is_space(t[i].c))
        i++;
    return i;
}

/* Does the UTF-8 word w occur at t[i..]? Returns its length in chars or 0. */
static size_t match_at(const qch *t, size_t n, size_t i, const char *w)
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
static size_t match_before(const qch *t, size_t i, const char *w)
{
    size_t nch = dj_utf8_nchars(w, strlen(w));
    if (nch == 0 || nch > i)
        return 0;
    return match_at(t, i, i - nch, w) == nch ? nch : 0;
}

/* --------------------------------------------------------------- numerals */

enum { PM_NUMBER = 1, PM_NEWS = 2 };
enum { TK_NONE, TK_DIGIT, TK_ARABIC, TK_ZERO, TK_SMALL, TK_BIG };

typedef struct numres {
    qv val;
    size_t start, end; /* char indices [start, end) */
    int approx;        /* a filler 多/几/余 was inside */
    int single;        /* one Chinese digit character, nothing else */
    int has_digit;     /* a digit (not a bare unit) was seen */
    int arabic_only;   /* an Arabic numeral with no Chinese part */
    int stop_num;      /* ended because the next char illegally continues it */
    int last_small;    /* the last token was a SMALL unit */
    int has_big;       /* a BIG unit was used */
} numres;

/* Arabic numeral at i: digits with ',' groups, '.' decimals, and (number
 * mode) exponents e/^ and k/m/g/t multipliers. Returns the end index or i. */
static size_t parse_arabic(const qch *t, size_t n, size_t i, int mode, qv *out, int *is_dec)
{
    size_t j = i, int_end;
    int64_t m = 0;
    int e = 0, exact = 1;
    double d = 0;

    *is_dec = 0;
    while (j < n && is_adigit(t[j].c)) {
        int dv = (int)(t[j].c - '0');
        d = d * 10 + dv;
        if (__builtin_mul_overflow(m, (int64_t)10, &m) || __builtin_add_overflow(m, dv, &m))
            exact = 0;
        j++;
        /* thousands groups: ",ddd" not followed by another digit */
        if (j + 3 < n + 1 && j < n && (t[j].c == ',' || t[j].c == 0xFF0C) && j + 3 <= n &&
            is_adigit(t[j + 1].c) && is_adigit(t[j + 2].c) && is_adigit(t[j + 3].c) &&
            (j + 4 >= n || !is_adigit(t[j + 4].c)) && j > i)
            j++;
    }
    int_end = j;
    /* decimals; "1.2.3" and a run after "d." are not decimals */
    if (j + 1 < n && t[j].c == '.' && is_adigit(t[j + 1].c) &&
        !(i >= 2 && t[i - 1].c == '.' && is_adigit(t[i - 2].c))) {
        size_t k = j + 1;
        int64_t m2 = m;
        double d2 = d;
        int e2 = 0, exact2 = exact;
        while (k < n && is_adigit(t[k].c)) {
            int dv = (int)(t[k].c - '0');
            if (__builtin_mul_overflow(m2, (int64_t)10, &m2) || __builtin_add_overflow(m2, dv, &m2))
                exact2 = 0;
            d2 += dv * pow10d(-(int)(k - j));
            e2--;
            k++;
        }
        if (!(k + 1 < n && t[k].c == '.' && is_adigit(t[k + 1].c))) {
            j = k;
            m = m2;
            e = e2;
            d = d2;
            exact = exact2;
            *is_dec = 1;
        }
    }
    if (j == i || (j == int_end && int_end == i))
        return i;
    out->m = m;
    out->e = e;
    out->exact = exact;
    out->d = exact ? qv_exact_double(m, e) : d;
    qv_norm(out);
    if (!(mode & PM_NUMBER))
        return j;
    /* exponent: e[+-]*digits, or ^[+-]*digits */
    if (j < n && (t[j].c == 'e' || t[j].c == '^')) {
        size_t k = j + 1;
        int neg = 0, ex = 0, nd = 0;
        while (k < n && (t[k].c == '-' || t[k].c == '+')) {
            neg ^= t[k].c == '-';
            k++;
        }
        while (k < n && is_adigit(t[k].c) && nd < 4) {
            ex = ex * 10 + (int)(t[k].c - '0');
            k++;
            nd++;
        }
        if (nd > 0 && !(k < n && is_alpha(t[k].c))) {
            if (t[j].c == 'e') {
                qv_scale10(out, neg ? -ex : ex);
            } else {
                *out = qv_double(pow(out->d, neg ? -ex : ex));
            }
            return k;
        }
    }
    {
        size_t k = skip_sp(t, n, j);
        if (k < n && (t[k].c == 'k' || t[k].c == 'm' || t[k].c == 'g' || t[k].c == 't') &&
            !(k + 1 < n && is_alpha(t[k + 1].c)) && !(i > 0 && is_alpha(t[i - 1].c))) {
            int s = t[k].c == 'k' ? 3 : t[k].c == 'm' ? 6 : t[k].c == 'g' ? 9 : 12;
            qv_scale10(out, s);
            return k + 1;
        }
    }
    return j;
}

/* Is there (after spaces and one filler) a SMALL or BIG unit at k? */
static int unit_follows(const qch *t, size_t n, size_t k)
{
    k = skip_sp(t, n, k);
    if (k < n && is_filler(t[k].c))
        k = skip_sp(t, n, k + 1);
    return k < n && (small_unit(t[k].c) || big_unit(t[k].c));
}

typedef struct part {
    qv v;
    int level;
} part;

/* The integer/decimal numeral grammar, without sign, fraction or 打. */
static int parse_core(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    part parts[16];
    int np = 0, last = TK_NONE, last_exp = 0, zero_since_unit = 0;
    int has_pending = 0, pending_cn = 0, pend_after_exp = 0, pend_zero = 0, ntok = 0;
    int terminal = 0, k_i;
    qv section = qv_int(0), pending = qv_int(0);
    size_t j = i, end = i;

    memset(r, 0, sizeof *r);
    r->start = i;
    while (j < n && !terminal) {
        size_t k = j;
        uint32_t c;
        int dv, su, bu;

        if (ntok > 0)
            k = skip_sp(t, n, j);
        if (k >= n)
            break;
        c = t[k].c;
        dv = cdigit(c);
        su = small_unit(c);
        bu = big_unit(c);
        if (dv > 0 || (dv == 0 && !is_zero_char(c))) {
            if (has_pending || last == TK_ARABIC) {
                r->stop_num = 1;
                break;
            }
            pending = qv_int(dv);
            has_pending = 1;
            pending_cn = 1;
            pend_after_exp = (last == TK_SMALL || last == TK_BIG) ? last_exp : 0;
            pend_zero = zero_since_unit;
            last = TK_DIGIT;
            r->has_digit = 1;
        } else if (dv == 0) { /* 零 */
            if (has_pending) {
                r->stop_num = 1;
                break;
            }
            if (ntok == 0) {
                pending = qv_int(0);
                has_pending = 1;
                pending_cn = 1;
                r->has_digit = 1;
            }
            zero_since_unit = 1;
            last = TK_ZERO;
        } else if (is_adigit(c) || (c == '.' && k + 1 < n && is_adigit(t[k + 1].c))) {
            qv av;
            int is_dec;
            size_t k2;
            if (has_pending || last == TK_ARABIC) {
                r->stop_num = 1;
                break;
            }
            if (c == '.' && k > 0 && (is_adigit(t[k - 1].c) || t[k - 1].c == '.'))
                break;
            k2 = parse_arabic(t, n, k, ntok == 0 ? mode : (mode & ~PM_NUMBER), &av, &is_dec);
            if (k2 == k)
                break;
            if (unit_follows(t, n, k2) && !(k2 > 0 && is_alpha(t[k2 - 1].c))) {
                pending = av;
                has_pending = 1;
                pending_cn = 0;
                last = TK_ARABIC;
                r->has_digit = 1;
            } else if (ntok > 0 && k == j &&
                       (last == TK_SMALL || last == TK_BIG || last == TK_ZERO) && !is_dec) {
                pending = av;
                has_pending = 1;
                pending_cn = 0;
                last = TK_ARABIC;
                terminal = 1;
            } else if (ntok == 0) {
                r->val = av;
                r->end = k2;
                r->has_digit = 1;
                r->arabic_only = 1;
                return 1;
            } else {
                break;
            }
            j = k2;
            end = j;
            ntok++;
            continue;
        } else if (is_filler(c) && ntok > 0 &&
                   (has_pending || last == TK_SMALL || last == TK_ZERO)) {
            size_t k2 = skip_sp(t, n, k + 1);
            if (!(k2 < n && (small_unit(t[k2].c) || big_unit(t[k2].c))))
                break;
            if (small_unit(t[k2].c) && last == TK_SMALL)
                break;
            r->approx = 1;
            j = k + 1;
            continue;
        } else if (su) {
            qv mult = has_pending ? pending : qv_int(1);
            if (last == TK_SMALL)
                break;
            if (has_pending && qv_is_zero(pending))
                mult = qv_int(1);
            if (su == 1 && !has_pending && last == TK_DIGIT)
                break;
            qv_scale10(&mult, su);
            qv_add(&section, mult);
            has_pending = 0;
            last = TK_SMALL;
            last_exp = su;
            zero_since_unit = 0;
        } else if (bu) {
            qv s = section;
            int immediate = last == TK_BIG, lvl = bu, q, w;
            if (has_pending)
                qv_add(&s, pending);
            if (!r->has_digit && ntok == 0)
                break; /* a lone 万 is no number */
            if (!r->has_digit && last != TK_SMALL && !immediate)
                break;
            if (immediate && np > 0)
                lvl = parts[np - 1].level + bu;
            for (q = 0, w = 0; q < np; q++) {
                if (parts[q].level < bu || (immediate && q == np - 1))
                    qv_add(&s, parts[q].v);
                else
                    parts[w++] = parts[q];
            }
            np = w;
            qv_scale10(&s, bu);
            if (np < 16) {
                parts[np].v = s;
                parts[np].level = lvl;
                np++;
            }
            section = qv_int(0);
            has_pending = 0;
            last = TK_BIG;
            last_exp = bu;
            zero_since_unit = 0;
            r->has_big = 1;
        } else {
            break;
        }
        j = k + 1;
        end = j;
        ntok++;
    }
    if (ntok == 0 || end == i)
        return 0;
    r->end = end;
    r->last_small = last == TK_SMALL;
    r->single = ntok == 1 && pending_cn && has_pending;
    /* elliptical trailing digit: 一百五 = 150, 九万四 = 94000 */
    if (has_pending && pending_cn && last == TK_DIGIT && pend_after_exp >= 2 && !pend_zero)
        qv_scale10(&pending, pend_after_exp - 1);
    r->val = section;
    if (has_pending)
        qv_add(&r->val, pending);
    for (k_i = 0; k_i < np; k_i++)
        qv_add(&r->val, parts[k_i].v);
    /* decimals after 点: 一百三十九点八七, 两千万点五五四四 */
    {
        size_t k = skip_sp(t, n, end);
        if (k < n && is_point(t[k].c)) {
            size_t f = skip_sp(t, n, k + 1);
            if (f < n && frac_digit(t[f].c) >= 0 && !(t[k].c == '.' && r->arabic_only)) {
                qv fr = qv_int(0);
                int nd = 0;
                size_t fe = f;
                while (f < n && frac_digit(t[f].c) >= 0) {
                    qv dgt = qv_int(frac_digit(t[f].c));
                    nd++;
                    qv_scale10(&dgt, -nd);
                    qv_add(&fr, dgt);
                    fe = f + 1;
                    f = skip_sp(t, n, fe);
                    if (f < n && frac_digit(t[f].c) < 0)
                        break;
                }
                qv_add(&r->val, fr);
                r->end = fe;
                r->single = 0;
                /* 三点五亿 (bulletins): a scale after the decimals */
                if ((mode & PM_NEWS) && fe < n && big_unit(t[fe].c)) {
                    int bu = big_unit(t[fe].c);
                    qv_scale10(&r->val, bu);
                    r->end = fe + 1;
                    if (r->end < n && big_unit(t[r->end].c)) {
                        qv_scale10(&r->val, big_unit(t[r->end].c));
                        r->end++;
                    }
                }
            }
        }
    }
    return 1;
}

/* Sign, 半, the core, and 打 (dozen). */
static int parse_number(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    size_t k = i;
    int neg = 0;

    if (k < n && t[k].c == 0x8D1F) { /* 负 */
        neg = 1;
        k = skip_sp(t, n, k + 1);
    } else if (k < n && t[k].c == '-' && (mode & PM_NUMBER) &&
               !(k > 0 &&
                 (is_adigit(t[k - 1].c) || t[k - 1].c == '-' || is_numeral_char(t[k - 1].c)))) {
        size_t k2 = skip_sp(t, n, k + 1);
        if (k2 < n &&
            (is_adigit(t[k2].c) || (t[k2].c == '.' && k2 + 1 < n && is_adigit(t[k2 + 1].c)))) {
            neg = 1;
            k = k2;
        }
    }
    if (k < n && t[k].c == 0x534A) { /* 半 */
        size_t k2 = k + 1;
        int u = k2 < n ? small_unit(t[k2].c) + big_unit(t[k2].c) : 0;
        if (u && (mode & PM_NUMBER)) {
            memset(r, 0, sizeof *r);
            r->val = qv_int(5);
            qv_scale10(&r->val, u - 1);
            r->start = i;
            r->end = k2 + 1;
            r->has_digit = 1;
            if (neg)
                qv_neg(&r->val);
            return 1;
        }
        if (k2 < n && t[k2].c == 0x6253 && (mode & PM_NUMBER)) { /* 半打 */
            memset(r, 0, sizeof *r);
            r->val = qv_int(6);
            r->start = i;
            r->end = k2 + 1;
            r->has_digit = 1;
            return 1;
        }
        return 0;
    }
    if (!parse_core(t, n, k, mode, r))
        return 0;
    r->start = i;
    if (neg) {
        qv_neg(&r->val);
        r->single = 0;
    }
    /* 打 = dozen, unless another numeral or a verb follows (打造, 打通) */
    if (!r->arabic_only && r->end < n && t[r->end].c == 0x6253) {
        size_t a = r->end + 1;
        static const char *const verbs[] = {"造", "通", "开", "破", "击", "算", "响", "印", "卡",
                                            "工", "包", "假", "折", "对", "好", "下", "入"};
        int verb = 0;
        size_t v;
        for (v = 0; v < sizeof verbs / sizeof verbs[0]; v++)
            verb |= match_at(t, n, a, verbs[v]) > 0;
        if (!verb && !(a < n && is_numeral_char(t[a].c))) {
            qv_mul_int(&r->val, 12);
            r->end = a;
            r->single = 0;
        }
    }
    return 1;
}

/* Characters after which a lone Chinese digit is a number (measure words,
 * particles, punctuation); anything else (一切, 四川, 一美元) is not. */
static int single_ok_after(const qch *t, size_t n, size_t k)
{
    static const char ok[] = "个只件条张本位名人家所项次年月日号天点分元角块斤两吨克米里度双对打套"
                             "台辆架艘座栋间层户份批种"
                             "类道门部场届级期代章节页篇句字倍票亩顷方厘毫升桶箱包袋瓶杯碗盘根支枝"
                             "株棵颗粒片朵头匹尾群队组"
                             "集轮回遍趟周岁世秒时刻小的和与及或到以至加减乘除等些国省市县区州路站"
                             "口首行排下起手季笔样声把"
                             "员床辈眼拳股针场环重层楼款机处码磅寸尺丈亿万千百十";
    static const char punct[] = "。，、（）“”‘’；：！？,.;:!?()\"'";
    static const char *const is_words[] = {"是",   "这是", "那是", "不是", "也是",
                                           "还是", "而是", "却是", "更是", "但是"};
    size_t w, oi = 0, ol;
    uint32_t c;

    if (k >= n || is_space(t[k].c))
        return 1;
    c = t[k].c;
    if (cdigit(c) >= 0)
        return 0;
    ol = sizeof ok - 1;
    while (oi < ol) {
        if (dj_utf8_next(ok, ol, &oi) == c)
            return 1;
    }
    oi = 0;
    ol = sizeof punct - 1;
    while (oi < ol) {
        if (dj_utf8_next(punct, ol, &oi) == c)
            return 1;
    }
    for (w = 0; w < sizeof is_words / sizeof is_words[0]; w++) {
        if (match_at(t, n, k, is_words[w]))
            return 1;
    }
    return 0;
}

/* Words in which a numeral character is not a number (十足, 队伍, 收拾). */
static int ambiguous_word(const qch *t, size_t n, size_t i)
{
    static const char *const words[] = {"十足", "队伍",     "入伍", "退伍", "伍仁",     "放肆",
                                        "肆意", "肆无忌惮", "大陆", "陆地", "登陆",     "海陆",
                                        "拾取", "拾起",     "收拾", "拾到", "朝花夕拾", "陆续",
                                        "着陆", "一切",     "一些"};
    size_t w;
    for (w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t len = dj_utf8_nchars(words[w], strlen(words[w]));
        size_t from = i + 1 >= len ? i + 1 - len : 0, s;
        for (s = from; s <= i; s++) {
            if (match_at(t, n, s, words[w]) == len)
                return 1;
        }
    }
    return 0;
}

/* Is a number with result r acceptable where it stands? */
static int number_ok(const qch *t, size_t n, const numres *r)
{
    if (r->single) {
        if (r->start > 0 && cdigit(t[r->start - 1].c) >= 0)
            return 0;
        if (!single_ok_after(t, n, r->end))
            return 0;
        return !ambiguous_word(t, n, r->start);
    }
    if (r->end - r->start == 1 && small_unit(t[r->start].c) == 1)
        return !ambiguous_word(t, n, r->start);
    return 1;
}

/* A bare unit denominator (百, 千, 万, 百万 ...) before 分之: a percentage
 * or permille construct, not a fraction. Returns its power of ten or 0. */
static int bare_denominator(const qch *t, size_t i, size_t end)
{
    int e = 0;
    size_t k;
    for (k = i; k < end; k++) {
        int u = small_unit(t[k].c) + big_unit(t[k].c);
        if (is_space(t[k].c))
            continue;
        if (!u)
            return 0;
        e += u;
    }
    return e;
}

/* After k: [spaces] 分 [spaces] 之 [spaces]; returns the index after or 0. */
static size_t fen_zhi(const qch *t, size_t n, size_t k)
{
    k = skip_sp(t, n, k);
    if (!(k < n && t[k].c == 0x5206)) /* 分 */
        return 0;
    k = skip_sp(t, n, k + 1);
    if (!(k < n && t[k].c == 0x4E4B)) /* 之 */
        return 0;
    return skip_sp(t, n, k + 1);
}

/* Arabic "a b/c" and "b/c". */
static int parse_slash_fraction(const qch *t, size_t n, size_t i, numres *r)
{
    size_t k = i, k2, k3;
    int neg = 0, is_dec;
    qv a, b, c;

    if (t[k].c == '-' && !(k > 0 && (is_adigit(t[k - 1].c) || t[k - 1].c == '-'))) {
        neg = 1;
        k++;
    }
    if (!(k < n && is_adigit(t[k].c)) || (i > 0 && (is_adigit(t[i - 1].c) || t[i - 1].c == '/')))
        return 0;
    k2 = parse_arabic(t, n, k, 0, &a, &is_dec);
    if (k2 == k || is_dec)
        return 0;
    if (k2 < n && t[k2].c == '/') {
        k3 = parse_arabic(t, n, k2 + 1, 0, &b, &is_dec);
        if (k3 == k2 + 1 || is_dec || qv_is_zero(b))
            return 0;
        memset(r, 0, sizeof *r);
        r->val = qv_double((neg ? -a.d : a.d) / b.d);
        r->start = i;
        r->end = k3;
        r->has_digit = 1;
        return 1;
    }
    if (k2 < n && is_space(t[k2].c)) {
        size_t s = skip_sp(t, n, k2), s2, s3;
        if (!(s < n && is_adigit(t[s].c)))
            return 0;
        s2 = parse_arabic(t, n, s, 0, &b, &is_dec);
        if (s2 == s || is_dec || !(s2 < n && t[s2].c == '/'))
            return 0;
        s3 = parse_arabic(t, n, s2 + 1, 0, &c, &is_dec);
        if (s3 == s2 + 1 || is_dec || qv_is_zero(c))
            return 0;
        memset(r, 0, sizeof *r);
        r->val = qv_double(a.d + b.d / c.d);
        if (neg)
            r->val.d = -r->val.d;
        r->start = i;
        r->end = s3;
        r->has_digit = 1;
        return 1;
    }
    return 0;
}

/* A number with its fraction forms (X分之Y, A又X分之Y, a b/c). Sets
 * *skip_to when a bare percentage denominator (百分之) should be stepped
 * over by a number scanner. */
static int parse_full(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    numres a, den, num;
    size_t k;

    if (parse_slash_fraction(t, n, i, r))
        return 1;
    if (!parse_number(t, n, i, mode, &a))
        return 0;
    k = skip_sp(t, n, a.end);
    if (k < n && t[k].c == 0x53C8) { /* 又 */
        size_t d0 = skip_sp(t, n, k + 1), nz;
        if (parse_number(t, n, d0, mode, &den) && den.has_digit && (nz = fen_zhi(t, n, den.end)) &&
            parse_number(t, n, nz, mode, &num)) {
            double whole = a.val.d < 0 ? -a.val.d : a.val.d;
            double f = num.val.d / den.val.d;
            double v = whole + (f < 0 ? -f : f);
            *r = a;
            r->val = qv_double(a.val.d < 0 ? -v : v);
            r->end = num.end;
            r->single = 0;
            return 1;
        }
    }
    {
        size_t nz = fen_zhi(t, n, a.end);
        if (nz && a.has_digit && parse_number(t, n, nz, mode, &num) && !qv_is_zero(a.val)) {
            *r = a;
            if (num.val.exact && a.val.exact && a.val.e == 0 && a.val.m == 1) {
                r->val = num.val;
            } else {
                r->val = qv_double(num.val.d / a.val.d);
            }
            r->end = num.end;
            r->single = 0;
            return 1;
        }
    }
    *r = a;
    return 1;
}

/* ------------------------------------------------------------------ list */

void dj_quant_list_init(dj_quant_list *l)
{
    l->items = NULL;
    l->n = 0;
    l->cap = 0;
}

void dj_quant_list_fini(dj_quant_list *l)
{
    DJ_FREE(l->items);
    l->n = 0;
    l->cap = 0;
}

static int list_push(dj_quant_list *l, const dj_quant *q)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        dj_quant *p;
        if (l->n >= QUANT_MAX_RESULTS)
            return DJ_ELIMIT;
        p = dj_realloc(l->items, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        l->items = p;
        l->cap = nc;
    }
    l->items[l->n++] = *q;
    return DJ_OK;
}

static void fill(dj_quant *q, const qch *t, int kind, const qv *v, size_t s, size_t e, size_t ns,
                 size_t ne, const char *unit)
{
    memset(q, 0, sizeof *q);
    q->kind = kind;
    q->value = v->d;
    q->exact = v->exact;
    q->mant = v->exact ? v->m : 0;
    q->exp10 = v->exact ? v->e : 0;
    q->start = t[s].b;
    q->end = t[e].b;
    q->num_start = t[ns].b;
    q->num_end = t[ne].b;
    if (unit)
        snprintf(q->unit, sizeof q->unit, "%s", unit);
}

/* Skips a URL (http://..., www....) starting at i; returns the index after
 * it, or i when none starts here. */
static size_t skip_url(const qch *t, size_t n, size_t i)
{
    if (match_at(t, n, i, "http://") || match_at(t, n, i, "https://") ||
        match_at(t, n, i, "www.")) {
        while (i < n && t[i].c > ' ' && t[i].c < 0x80)
            i++;
    }
    return i;
}

/* ----------------------------------------------------------- NumberModel */

int dj_quant_numbers(dj_quant_list *out, const char *s, size_t len)
{
    qch *t = NULL;
    size_t n, i = 0;
    int rc;

    if ((rc = decode(&t, &n, s, len)) < 0)
        return rc;
    while (i < n && rc == DJ_OK) {
        numres r;
        size_t u = skip_url(t, n, i);
        if (u != i) {
            i = u;
            continue;
        }
        if (i > 0 && is_adigit(t[i].c) && (is_adigit(t[i - 1].c) || is_alpha(t[i - 1].c))) {
            i++;
            continue;
        }
        if (parse_full(t, n, i, PM_NUMBER, &r)) {
            size_t nz = fen_zhi(t, n, r.end);
            if (!r.has_digit && nz && bare_denominator(t, i, r.end)) {
                i = nz; /* 百分之五十: the number is what follows */
                continue;
            }
            if (r.has_digit || (r.end - r.start >= 1 && !r.single)) {
                if (number_ok(t, n, &r) && (r.has_digit || small_unit(t[r.start].c) == 1)) {
                    dj_quant q;
                    fill(&q, t, DJ_QUANT_NUMBER, &r.val, r.start, r.end, r.start, r.end, "");
                    rc = list_push(out, &q);
                    i = r.end;
                    continue;
                }
            }
        }
        i++;
    }
    dj_free(t);
    return rc;
}

/* ----------------------------------------------------------- PercentModel */

/* 折 and 成 values: one digit d is d*10, two digits "d e" or "d.e" are de. */
static int fold_digits(const qch *t, size_t n, size_t i, int *val, size_t *end, int allow_ten)
{
    size_t k = i;
    int d1, d2;

    if (k >= n)
        return 0;
    if (allow_ten &&
        (small_unit(t[k].c) == 1 || (t[k].c == '1' && k + 1 < n && t[k + 1].c == '0'))) {
        *val = 100;
        *end = k + (small_unit(t[k].c) == 1 ? 1 : 2);
        return 1;
    }
    d1 = is_adigit(t[k].c) ? (int)(t[k].c - '0') : cdigit(t[k].c);
    if (d1 < 0)
        return 0;
    k++;
    {
        size_t k2 = skip_sp(t, n, k);
        if (k2 < n && is_point(t[k2].c))
            k2 = skip_sp(t, n, k2 + 1);
        d2 = k2 < n ? (is_adigit(t[k2].c) ? (int)(t[k2].c - '0') : frac_digit(t[k2].c)) : -1;
        if (d2 >= 0) {
            *val = d1 * 10 + d2;
            *end = k2 + 1;
            return 1;
        }
    }
    *val = d1 * 10;
    *end = k;
    return 1;
}

static int percent_at(const qch *t, size_t n, size_t i, int news, qv *v, size_t *end)
{
    numres r;
    size_t k;

    /* 百分之X, 千分之X, 万分之X, 百万分之X ... */
    if (small_unit(t[i].c) >= 2 || big_unit(t[i].c)) {
        size_t d = i, nz;
        int e = 0;
        while (d < n && (small_unit(t[d].c) >= 2 || big_unit(t[d].c) || is_space(t[d].c))) {
            if (!is_space(t[d].c))
                e += small_unit(t[d].c) + big_unit(t[d].c);
            d++;
        }
        nz = fen_zhi(t, n, d);
        if (nz && e >= 2 && !(i > 0 && cdigit(t[i - 1].c) >= 0) &&
            !(i > 0 && (small_unit(t[i - 1].c) || big_unit(t[i - 1].c)))) {
            if (parse_number(t, n, nz, news ? PM_NEWS : PM_NUMBER, &r) &&
                (r.has_digit || small_unit(t[nz].c) == 2) && !r.stop_num &&
                !(r.end < n &&
                  (is_adigit(t[r.end].c) || cdigit(t[r.end].c) >= 0 || big_unit(t[r.end].c) ||
                   (small_unit(t[r.end].c) && !r.last_small)))) {
                *v = r.val;
                qv_scale10(v, 2 - e);
                *end = r.end;
                return 1;
            }
            return -1;
        }
    }
    /* 半成, 半折, 打对折 */
    if (t[i].c == 0x534A) {
        k = skip_sp(t, n, i + 1);
        if (k < n && (t[k].c == 0x6210 || t[k].c == 0x6298)) {
            *v = qv_int(t[k].c == 0x6210 ? 5 : 50);
            *end = k + 1;
            return 1;
        }
    }
    if (t[i].c == 0x5BF9 && i > 0 && t[i - 1].c == 0x6253) {
        k = skip_sp(t, n, i + 1);
        if (k < n && t[k].c == 0x6298) {
            *v = qv_int(50);
            *end = k + 1;
            return 1;
        }
    }
    if (i > 0 && (is_adigit(t[i - 1].c) || cdigit(t[i - 1].c) >= 0 || t[i - 1].c == '.'))
        return 0;
    /* N成 [半|d], N折 */
    {
        int fv;
        size_t fe;
        if (fold_digits(t, n, i, &fv, &fe, 1)) {
            size_t c = skip_sp(t, n, fe);
            if (c < n && t[c].c == 0x6210) { /* 成 */
                size_t a = skip_sp(t, n, c + 1);
                int extra = -1;
                if (fv % 10 == 0 && fv < 100 && a < n) {
                    if (t[a].c == 0x534A)
                        extra = 5;
                    else if (is_adigit(t[a].c))
                        extra = (int)(t[a].c - '0');
                    else if (frac_digit(t[a].c) > 0)
                        extra = frac_digit(t[a].c);
                }
                *v = qv_int(fv + (extra > 0 ? extra : 0));
                *end = extra > 0 ? a + 1 : c + 1;
                return 1;
            }
            if (c < n && t[c].c == 0x6298 && fv < 100) { /* 折 */
                *v = qv_int(fv);
                *end = c + 1;
                return 1;
            }
        }
    }
    /* N个百分点 */
    if (parse_number(t, n, i, news ? PM_NEWS : PM_NUMBER, &r) && r.has_digit) {
        size_t g = skip_sp(t, n, r.end), e2 = 0;
        if (g < n && t[g].c == 0x4E2A) {
            size_t h = skip_sp(t, n, g + 1);
            if (h < n && t[h].c == 0x767E) {
                h = skip_sp(t, n, h + 1);
                if (h < n && t[h].c == 0x5206) {
                    h = skip_sp(t, n, h + 1);
                    if (h < n && t[h].c == 0x70B9)
                        e2 = h + 1;
                }
            }
        }
        if (e2) {
            *v = r.val;
            *end = e2;
            return 1;
        }
        /* N% */
        if (r.arabic_only || (t[i].c == 0x8D1F && r.has_digit)) {
            size_t p = skip_sp(t, n, r.end);
            if (p < n && t[p].c == '%' && !(p + 1 < n && is_adigit(t[p + 1].c))) {
                *v = r.val;
                *end = p + 1;
                return 1;
            }
        }
    }
    if (t[i].c == '-' && i + 1 < n && is_adigit(t[i + 1].c) &&
        !(i > 0 && (is_adigit(t[i - 1].c) || t[i - 1].c == '-' || t[i - 1].c == '%'))) {
        if (parse_number(t, n, i, PM_NUMBER, &r) && r.arabic_only) {
            size_t p = skip_sp(t, n, r.end);
            if (p < n && t[p].c == '%') {
                *v = r.val;
                *end = p + 1;
                return 1;
            }
        }
    }
    return 0;
}

int dj_quant_percents(dj_quant_list *out, const char *s, size_t len)
{
    qch *t = NULL;
    size_t n, i = 0;
    int rc;

    if ((rc = decode(&t, &n, s, len)) < 0)
        return rc;
    while (i < n && rc == DJ_OK) {
        qv v;
        size_t e, u = skip_url(t, n, i);
        int p;
        if (u != i) {
            i = u;
            continue;
        }
        if (i > 0 && is_adigit(t[i].c) &&
            (is_adigit(t[i - 1].c) || t[i - 1].c == '.' || t[i - 1].c == '%' ||
             is_alpha(t[i - 1].c))) {
            i++;
            continue;
        }
        p = percent_at(t, n, i, 0, &v, &e);
        if (p > 0) {
            dj_quant q;
            fill(&q, t, DJ_QUANT_PERCENT, &v, i, e, i, e, "%");
            rc = list_push(out, &q);
            i = e;
            continue;
        }
        i++;
    }
    dj_free(t);
    return rc;
}

/* -------------------------------------------------------- bulletin mode */

typedef struct unit_def {
    const char *text;
    int kind;
    const char *canon;
} unit_def;

/* Longest first where one is a prefix of another. */
static const unit_def units[] = {
    {"个百分点", DJ_QUANT_PERCENT, "个百分点"},
    {"百分点", DJ_QUANT_PERCENT, "个百分点"},
    {"%", DJ_QUANT_PERCENT, "%"},
    {"美元", DJ_QUANT_MONEY, "美元"},
    {"欧元", DJ_QUANT_MONEY, "欧元"},
    {"港元", DJ_QUANT_MONEY, "港元"},
    {"港币", DJ_QUANT_MONEY, "港元"},
    {"日元", DJ_QUANT_MONEY, "日元"},
    {"英镑", DJ_QUANT_MONEY, "英镑"},
    {"人民币", DJ_QUANT_MONEY, "元"},
    {"元", DJ_QUANT_MONEY, "元"},
    {"块钱", DJ_QUANT_MONEY, "元"},
    {"平方公里", DJ_QUANT_AREA, "平方公里"},
    {"平方千米", DJ_QUANT_AREA, "平方公里"},
    {"平方米", DJ_QUANT_AREA, "平方米"},
    {"平米", DJ_QUANT_AREA, "平方米"},
    {"㎡", DJ_QUANT_AREA, "平方米"},
    {"m²", DJ_QUANT_AREA, "平方米"},
    {"亩", DJ_QUANT_AREA, "亩"},
    {"公顷", DJ_QUANT_AREA, "公顷"},
    {"千瓦时", DJ_QUANT_MEASURE, "千瓦时"},
    {"千瓦", DJ_QUANT_MEASURE, "千瓦"},
    {"兆瓦", DJ_QUANT_MEASURE, "兆瓦"},
    {"吉瓦", DJ_QUANT_MEASURE, "吉瓦"},
    {"吨", DJ_QUANT_MEASURE, "吨"},
    {"千克", DJ_QUANT_MEASURE, "千克"},
    {"公斤", DJ_QUANT_MEASURE, "千克"},
    {"公里", DJ_QUANT_MEASURE, "公里"},
    {"千米", DJ_QUANT_MEASURE, "公里"},
    {"立方米", DJ_QUANT_MEASURE, "立方米"},
    {"米", DJ_QUANT_MEASURE, "米"},
    {"升", DJ_QUANT_MEASURE, "升"},
    {"小时", DJ_QUANT_MEASURE, "小时"},
    {"分钟", DJ_QUANT_MEASURE, "分钟"},
    {"个月", DJ_QUANT_MEASURE, "个月"},
    {"天", DJ_QUANT_MEASURE, "天"},
    {"周", DJ_QUANT_MEASURE, "周"},
    {"年", DJ_QUANT_MEASURE, "年"},
    {"倍", DJ_QUANT_MEASURE, "倍"},
    {"人次", DJ_QUANT_COUNT, "人次"},
    {"家次", DJ_QUANT_COUNT, "家次"},
    {"个", DJ_QUANT_COUNT, "个"},
    {"家", DJ_QUANT_COUNT, "家"},
    {"项", DJ_QUANT_COUNT, "项"},
    {"所", DJ_QUANT_COUNT, "所"},
    {"位", DJ_QUANT_COUNT, "位"},
    {"辆", DJ_QUANT_COUNT, "辆"},
    {"人", DJ_QUANT_COUNT, "人"},
    {"款", DJ_QUANT_COUNT, "款"},
    {"栋", DJ_QUANT_COUNT, "栋"},
    {"幢", DJ_QUANT_COUNT, "栋"},
    {"套", DJ_QUANT_COUNT, "套"},
    {"箱", DJ_QUANT_COUNT, "箱"},
    {"名", DJ_QUANT_COUNT, "名"},
    {"台", DJ_QUANT_COUNT, "台"},
    {"件", DJ_QUANT_COUNT, "件"},
    {"次", DJ_QUANT_COUNT, "次"},
    {"场", DJ_QUANT_COUNT, "场"},
    {"批", DJ_QUANT_COUNT, "批"},
    {"份", DJ_QUANT_COUNT, "份"},
    {"条", DJ_QUANT_COUNT, "条"},
    {"座", DJ_QUANT_COUNT, "座"},
    {"部", DJ_QUANT_COUNT, "部"},
    {"支", DJ_QUANT_COUNT, "支"},
    {"只", DJ_QUANT_COUNT, "只"},
    {"张", DJ_QUANT_COUNT, "张"},
    {"架", DJ_QUANT_COUNT, "架"},
    {"艘", DJ_QUANT_COUNT, "艘"},
    {"颗", DJ_QUANT_COUNT, "颗"},
    {"株", DJ_QUANT_COUNT, "株"},
    {"间", DJ_QUANT_COUNT, "间"},
    {"户", DJ_QUANT_COUNT, "户"},
    {"篇", DJ_QUANT_COUNT, "篇"},
    {"种", DJ_QUANT_COUNT, "种"},
    {"类", DJ_QUANT_COUNT, "类"},
    {"枚", DJ_QUANT_COUNT, "枚"},
    {"罐", DJ_QUANT_COUNT, "罐"},
    {"瓶", DJ_QUANT_COUNT, "瓶"},
    {"处", DJ_QUANT_COUNT, "处"},
    {"组", DJ_QUANT_COUNT, "组"},
    {"支", DJ_QUANT_COUNT, "支"},
    {"片", DJ_QUANT_COUNT, "片"},
    {"块", DJ_QUANT_COUNT, "块"},
    {"层", DJ_QUANT_COUNT, "层"},
    {"届", DJ_QUANT_COUNT, "届"},
    {"期", DJ_QUANT_COUNT, "期"},
};

static const char *const per_units[] = {"小时", "分钟", "年", "天", "日", "月", "周", "秒", "班"};

static const unit_def *unit_at(const qch *t, size_t n, size_t k, size_t *len_out)
{
    size_t u;
    for (u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t l = match_at(t, n, k, units[u].text);
        if (l) {
            *len_out = l;
            return &units[u];
        }
    }
    return NULL;
}

/* Approximation word ending at i (约, 近, 逾 ...); sets *kind, returns its
 * length in chars. */
static size_t approx_before(const qch *t, size_t i, int *kind)
{
    static const struct {
        const char *w;
        int kind;
    } pre[] = {{"大约", DJ_APPROX_ABOUT}, {"约", DJ_APPROX_ABOUT},  {"将近", DJ_APPROX_UNDER},
               {"接近", DJ_APPROX_UNDER}, {"近", DJ_APPROX_UNDER},  {"不到", DJ_APPROX_UNDER},
               {"不足", DJ_APPROX_UNDER}, {"逾", DJ_APPROX_OVER},   {"超过", DJ_APPROX_OVER},
               {"超", DJ_APPROX_OVER},    {"多达", DJ_APPROX_OVER}, {"达到", DJ_APPROX_NONE}};
    size_t p;
    for (p = 0; p < sizeof pre / sizeof pre[0]; p++) {
        size_t l = match_before(t, i, pre[p].w);
        if (l && pre[p].kind != DJ_APPROX_NONE) {
            /* 近日/附近 are not approximations: only when a numeral follows */
            *kind = pre[p].kind;
            return l;
        }
    }
    return 0;
}

static int push_date(dj_quant_list *out, const qch *t, int kind, size_t s, size_t e,
                     const numres *r)
{
    dj_quant q;
    fill(&q, t, kind, &r->val, s, e, r->start, r->end, "");
    return list_push(out, &q);
}

/* Date forms after a parsed numeral r: 2023年, 6月, 30日, 1-9月, 2026年6月.
 * Returns the end index when it is a date, else 0. */
static size_t date_end(const qch *t, size_t n, const numres *r)
{
    size_t k = skip_sp(t, n, r->end), e = 0;
    double v = r->val.d;
    int year_digits = r->arabic_only && r->end - r->start == 4;

    if (k < n && t[k].c == 0x5E74 && year_digits && v >= 1900 && v <= 2100) /* 年 */
        e = k + 1;
    else if (k < n && t[k].c == 0x6708 && v >= 1 && v <= 12 && v == (int)v) /* 月 */
        e = k + 1;
    else if (k < n && (t[k].c == 0x65E5 || t[k].c == 0x53F7) && v >= 1 && v <= 31 && v == (int)v &&
             r->start > 0 && t[r->start - 1].c == 0x6708) /* 日 号 after 月 */
        e = k + 1;
    else if (k < n && (t[k].c == '-' || t[k].c == 0x2014 || t[k].c == 0x2013 || t[k].c == '~' ||
                       t[k].c == 0xFF5E || t[k].c == 0x81F3 || t[k].c == 0x5230)) {
        numres r2;
        size_t k2 = skip_sp(t, n, k + 1);
        if (parse_number(t, n, k2, PM_NEWS, &r2) && r2.has_digit) {
            size_t e2 = date_end(t, n, &r2);
            if (e2)
                return e2;
        }
        return 0;
    }
    if (!e)
        return 0;
    /* 2026年6月, 6月30日: one continuation */
    {
        size_t k2 = skip_sp(t, n, e);
        numres r2;
        if (k2 < n && (is_adigit(t[k2].c) || cdigit(t[k2].c) >= 0 || small_unit(t[k2].c)) &&
            parse_number(t, n, k2, PM_NEWS, &r2) && r2.has_digit) {
            size_t k3 = skip_sp(t, n, r2.end);
            double v2 = r2.val.d;
            if (t[e - 1].c == 0x5E74 && k3 < n && t[k3].c == 0x6708 && v2 >= 1 && v2 <= 12)
                e = k3 + 1;
            if (t[e - 1].c == 0x6708 && k3 < n && (t[k3].c == 0x65E5 || t[k3].c == 0x53F7) &&
                v2 >= 1 && v2 <= 31) {
                e = k3 + 1;
            } else if (t[e - 1].c == 0x6708) {
                numres r3;
                size_t k4 = skip_sp(t, n, e);
                if (parse_number(t, n, k4, PM_NEWS, &r3) && r3.has_digit) {
                    size_t k5 = skip_sp(t, n, r3.end);
                    if (k5 < n && (t[k5].c == 0x65E5 || t[k5].c == 0x53F7) && r3.val.d >= 1 &&
                        r3.val.d <= 31)
                        e = k5 + 1;
                }
            }
        }
    }
    return e;
}

/* A run of Chinese digits read digit by digit before 年: 二〇二三年. */
static size_t cn_year_end(const qch *t, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && cdigit(t[k].c) >= 0 && k - i < 4)
        k++;
    if (k - i == 4 && k < n && t[k].c == 0x5E74 && !(i > 0 && cdigit(t[i - 1].c) >= 0))
        return k + 1;
    return 0;
}

int dj_quant_extract(dj_quant_list *out, const char *s, size_t len)
{
    qch *t = NULL;
    size_t n, i = 0;
    int rc;

    if ((rc = decode(&t, &n, s, len)) < 0)
        return rc;
    while (i < n && rc == DJ_OK) {
        numres r;
        qv pv;
        size_t pe, u = skip_url(t, n, i), ye, start, k, ulen = 0;
        int approx = DJ_APPROX_NONE, p;
        const unit_def *ud;
        char unit[32];
        dj_quant q;

        if (u != i) {
            i = u;
            continue;
        }
        /* Latin-digit tokens (5G, G20, iPhone15) are names, not numbers */
        if (is_adigit(t[i].c) && i > 0 && (is_alpha(t[i - 1].c) || is_adigit(t[i - 1].c))) {
            while (i < n && (is_adigit(t[i].c) || is_alpha(t[i].c)))
                i++;
            continue;
        }
        if (!is_numeral_char(t[i].c) && t[i].c != 0x8D1F && t[i].c != 0x534A && t[i].c != 0x7B2C &&
            t[i].c != 0x4E0A && t[i].c != 0x6570) {
            i++;
            continue;
        }
        if ((ye = cn_year_end(t, n, i))) {
            numres yr;
            memset(&yr, 0, sizeof yr);
            yr.val = qv_int(0);
            yr.start = i;
            yr.end = ye - 1;
            rc = push_date(out, t, DJ_QUANT_DATE, i, ye, &yr);
            i = ye;
            continue;
        }
        /* 第三十届: an ordinal */
        if (t[i].c == 0x7B2C) {
            if (i + 1 < n && parse_number(t, n, i + 1, PM_NEWS, &r) && r.has_digit) {
                size_t e = r.end;
                if (e < n && dj_is_cjk(t[e].c) && !is_numeral_char(t[e].c))
                    e++;
                rc = push_date(out, t, DJ_QUANT_ORDINAL, i, e, &r);
                i = e;
                continue;
            }
            i++;
            continue;
        }
        /* percentages first: 百分之五, 九成, 24.26% */
        p = percent_at(t, n, i, 1, &pv, &pe);
        if (p > 0 && !(pe > i && t[pe - 1].c == 0x6298)) { /* 折 (discounts) are not facts */
            size_t a = approx_before(t, i, &approx);
            start = a ? i - a : i;
            fill(&q, t, DJ_QUANT_PERCENT, &pv, start, pe, i, pe, "%");
            q.approx = approx;
            rc = list_push(out, &q);
            i = pe;
            continue;
        }
        /* 上百, 上千, 上万: an approximate round number */
        if (t[i].c == 0x4E0A && i + 1 < n &&
            (small_unit(t[i + 1].c) >= 2 || big_unit(t[i + 1].c))) {
            if (!parse_number(t, n, i + 1, PM_NEWS, &r)) {
                i++;
                continue;
            }
            approx = DJ_APPROX_ABOUT;
            start = i;
            r.has_digit = 1;
        } else if (!parse_full(t, n, i, PM_NEWS, &r) || !r.has_digit) {
            i++;
            continue;
        } else {
            size_t a = approx_before(t, i, &approx);
            start = a ? i - a : i;
        }
        /* a lone Chinese digit is a number only before a unit; 一 almost
         * never is a figure (一家企业, 一批) */
        if (r.single) {
            size_t l2;
            if (cdigit(t[r.start].c) <= 1 || !unit_at(t, n, r.end, &l2) || !number_ok(t, n, &r) ||
                (r.start > 0 && dj_is_cjk(t[r.start - 1].c) && cdigit(t[r.start - 1].c) >= 0)) {
                i = r.end;
                continue;
            }
        }
        if (r.end < n && is_alpha(t[r.end].c)) { /* 5G, 3D: a name */
            i = r.end;
            while (i < n && (is_alpha(t[i].c) || is_adigit(t[i].c)))
                i++;
            continue;
        }
        if ((ye = date_end(t, n, &r))) {
            rc = push_date(out, t, DJ_QUANT_DATE, r.start, ye, &r);
            i = ye;
            continue;
        }
        if (r.approx)
            approx = DJ_APPROX_OVER;
        k = skip_sp(t, n, r.end);
        if (k < n && is_filler(t[k].c) && !(k + 1 < n && is_filler(t[k + 1].c))) {
            approx = DJ_APPROX_OVER;
            k = skip_sp(t, n, k + 1);
        }
        ud = unit_at(t, n, k, &ulen);
        if (ud && ud->kind == DJ_QUANT_MEASURE && match_at(t, n, k, "年") &&
            (match_at(t, n, k + 1, "产") || match_at(t, n, k + 1, "均") ||
             match_at(t, n, k + 1, "度")))
            ud = NULL; /* 年产/年均: a qualifier of what follows */
        if (!ud && r.single) {
            i = r.end;
            continue;
        }
        if (ud) {
            size_t e = k + ulen;
            int kind = ud->kind;
            snprintf(unit, sizeof unit, "%s", ud->canon);
            /* rates: 罐/小时, 吨/年, 吨每年 */
            if (e < n && (t[e].c == '/' || t[e].c == 0x6BCF) && kind != DJ_QUANT_PERCENT) {
                size_t pu;
                for (pu = 0; pu < sizeof per_units / sizeof per_units[0]; pu++) {
                    size_t l = match_at(t, n, e + 1, per_units[pu]);
                    if (l) {
                        size_t ul = strlen(unit);
                        snprintf(unit + ul, sizeof unit - ul, "/%s", per_units[pu]);
                        kind = DJ_QUANT_RATE;
                        e = e + 1 + l;
                        break;
                    }
                }
            }
            /* 以上, 左右, 多 after the unit */
            {
                size_t a2 = skip_sp(t, n, e), l;
                if ((l = match_at(t, n, a2, "以上")) || (l = match_at(t, n, a2, "多"))) {
                    if (approx == DJ_APPROX_NONE)
                        approx = DJ_APPROX_OVER;
                    e = a2 + l;
                } else if ((l = match_at(t, n, a2, "左右"))) {
                    approx = DJ_APPROX_ABOUT;
                    e = a2 + l;
                }
            }
            fill(&q, t, kind, &r.val, start, e, r.start, r.end, unit);
            q.approx = approx;
            rc = list_push(out, &q);
            i = e;
            continue;
        }
        fill(&q, t, DJ_QUANT_NUMBER, &r.val, start, r.end, r.start, r.end, "");
        q.approx = approx;
        rc = list_push(out, &q);
        i = r.end;
    }
    dj_free(t);
    return rc;
}

/* ------------------------------------------------------------- helpers */

size_t dj_quant_format_value(char *out, size_t cap, const dj_quant *q)
{
    char tmp[64];
    int n;

    if (cap == 0)
        return 0;
    if (q->exact && q->exp10 >= 0 && q->exp10 <= 18) {
        int64_t m = q->mant;
        int e = q->exp10, ok = 1;
        while (e-- > 0 && ok)
            ok = !__builtin_mul_overflow(m, (int64_t)10, &m);
        if (ok)
            n = snprintf(tmp, sizeof tmp, "%lld", (long long)m);
        else
            n = snprintf(tmp, sizeof tmp, "%.15g", q->value);
    } else if (q->exact && q->exp10 < 0 && q->exp10 > -30) {
        uint64_t am = q->mant < 0 ? (uint64_t)0 - (uint64_t)q->mant : (uint64_t)q->mant;
        char digits[32];
        int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)am);
        int sc = -q->exp10, pos = 0;
        if (q->mant < 0)
            tmp[pos++] = '-';
        if (nd <= sc) {
            tmp[pos++] = '0';
            tmp[pos++] = '.';
            while (nd < sc--)
                tmp[pos++] = '0';
            memcpy(tmp + pos, digits, (size_t)nd);
            pos += nd;
        } else {
            memcpy(tmp + pos, digits, (size_t)(nd - sc));
            pos += nd - sc;
            tmp[pos++] = '.';
            memcpy(tmp + pos, digits + nd - sc, (size_t)sc);
            pos += sc;
        }
        tmp[pos] = 0;
        n = pos;
    } else {
        n = snprintf(tmp, sizeof tmp, "%.15g", q->value);
    }
    if (n < 0)
        n = 0;
    if ((size_t)n >= cap)
        n = (int)cap - 1;
    memcpy(out, tmp, (size_t)n);
    out[n] = 0;
    return (size_t)n;
}

int dj_quant_money_fen(int64_t *fen_out, const dj_quant *q)
{
    int64_t m;
    int e;

    if (q->kind != DJ_QUANT_MONEY || strcmp(q->unit, "元") != 0 || !q->exact)
        return DJ_EINVAL;
    m = q->mant;
    e = q->exp10 + 2;
    if (e < 0)
        return DJ_EINVAL;
    while (e-- > 0) {
        if (__builtin_mul_overflow(m, (int64_t)10, &m))
            return DJ_ELIMIT;
    }
    *fen_out = m;
    return DJ_OK;
}

const char *dj_quant_kind_name(int kind)
{
    switch (kind) {
    case DJ_QUANT_NUMBER:
        return "number";
    case DJ_QUANT_PERCENT:
        return "percent";
    case DJ_QUANT_MONEY:
        return "money";
    case DJ_QUANT_AREA:
        return "area";
    case DJ_QUANT_COUNT:
        return "count";
    case DJ_QUANT_MEASURE:
        return "measure";
    case DJ_QUANT_RATE:
        return "rate";
    case DJ_QUANT_DATE:
        return "date";
    case DJ_QUANT_ORDINAL:
        return "ordinal";
    default:
        return "unknown";
    }
}
