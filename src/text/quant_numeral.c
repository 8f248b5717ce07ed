/* quant_numeral.c - exact decimal values and the Chinese numeral grammar
 * shared by the three quantity scanners (see include/duijie/dj_quant.h).
 *
 * The grammar, over the decoded `qch` text (quant_lex.c):
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
 * and powers. Invariant: the parsers never read past n. */
#include "text/quant_int.h"

#include "util/utf8.h"

#include <math.h>
#include <string.h>

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

qv dj__quant_qv_int(int64_t v)
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

void dj__quant_qv_scale10(qv *a, int k)
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

/* --------------------------------------------------------------- numerals */

enum { TK_NONE, TK_DIGIT, TK_ARABIC, TK_ZERO, TK_SMALL, TK_BIG };

/* Arabic numeral at i: digits with ',' groups, '.' decimals, and (number
 * mode) exponents e/^ and k/m/g/t multipliers. Returns the end index or i. */
static size_t parse_arabic(const qch *t, size_t n, size_t i, int mode, qv *out, int *is_dec)
{
    size_t j = i, int_end;
    int64_t m = 0;
    int e = 0, exact = 1;
    double d = 0;

    *is_dec = 0;
    while (j < n && dj__quant_is_adigit(t[j].c)) {
        int dv = (int)(t[j].c - '0');
        d = d * 10 + dv;
        if (__builtin_mul_overflow(m, (int64_t)10, &m) || __builtin_add_overflow(m, dv, &m))
            exact = 0;
        j++;
        /* thousands groups: ",ddd" not followed by another digit */
        if (j + 3 < n + 1 && j < n && (t[j].c == ',' || t[j].c == 0xFF0C) && j + 3 <= n &&
            dj__quant_is_adigit(t[j + 1].c) && dj__quant_is_adigit(t[j + 2].c) &&
            dj__quant_is_adigit(t[j + 3].c) && (j + 4 >= n || !dj__quant_is_adigit(t[j + 4].c)) &&
            j > i)
            j++;
    }
    int_end = j;
    /* decimals; "1.2.3" and a run after "d." are not decimals */
    if (j + 1 < n && t[j].c == '.' && dj__quant_is_adigit(t[j + 1].c) &&
        !(i >= 2 && t[i - 1].c == '.' && dj__quant_is_adigit(t[i - 2].c))) {
        size_t k = j + 1;
        int64_t m2 = m;
        double d2 = d;
        int e2 = 0, exact2 = exact;
        while (k < n && dj__quant_is_adigit(t[k].c)) {
            int dv = (int)(t[k].c - '0');
            if (__builtin_mul_overflow(m2, (int64_t)10, &m2) || __builtin_add_overflow(m2, dv, &m2))
                exact2 = 0;
            d2 += dv * pow10d(-(int)(k - j));
            e2--;
            k++;
        }
        if (!(k + 1 < n && t[k].c == '.' && dj__quant_is_adigit(t[k + 1].c))) {
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
        while (k < n && dj__quant_is_adigit(t[k].c) && nd < 4) {
            ex = ex * 10 + (int)(t[k].c - '0');
            k++;
            nd++;
        }
        if (nd > 0 && !(k < n && dj__quant_is_alpha(t[k].c))) {
            if (t[j].c == 'e') {
                dj__quant_qv_scale10(out, neg ? -ex : ex);
            } else {
                *out = qv_double(pow(out->d, neg ? -ex : ex));
            }
            return k;
        }
    }
    {
        size_t k = dj__quant_skip_sp(t, n, j);
        if (k < n && (t[k].c == 'k' || t[k].c == 'm' || t[k].c == 'g' || t[k].c == 't') &&
            !(k + 1 < n && dj__quant_is_alpha(t[k + 1].c)) &&
            !(i > 0 && dj__quant_is_alpha(t[i - 1].c))) {
            int s = t[k].c == 'k' ? 3 : t[k].c == 'm' ? 6 : t[k].c == 'g' ? 9 : 12;
            dj__quant_qv_scale10(out, s);
            return k + 1;
        }
    }
    return j;
}

/* Is there (after spaces and one filler) a SMALL or BIG unit at k? */
static int unit_follows(const qch *t, size_t n, size_t k)
{
    k = dj__quant_skip_sp(t, n, k);
    if (k < n && dj__quant_is_filler(t[k].c))
        k = dj__quant_skip_sp(t, n, k + 1);
    return k < n && (dj__quant_small_unit(t[k].c) || dj__quant_big_unit(t[k].c));
}

typedef struct part {
    qv v;
    int level;
} part;

/* The state of the Chinese numeral being read by parse_core: the sections
 * closed by a big unit (万, 亿) in parts[], the running section below the
 * last big unit, and a pending digit not yet multiplied by a unit. */
typedef struct core {
    part parts[16];
    int np;
    int last;     /* TK_* of the last token */
    int last_exp; /* exponent of the last unit (十 1 ... 亿 8) */
    int zero_since_unit;
    int has_pending, pending_cn, pend_after_exp, pend_zero;
    qv section, pending;
} core;

/* What a token step tells the reading loop: the token belongs to the
 * numeral (OK; LAST: and ends it), or the numeral ends before it (END;
 * STOP_NUM: and what follows is no number either), or the token alone is
 * the whole number (WHOLE, r filled). */
enum { STEP_OK, STEP_LAST, STEP_END, STEP_STOP_NUM, STEP_WHOLE };

/* A Chinese digit 1-9 (or a digit-like character other than 零). */
static int core_digit(core *c, numres *r, int dv)
{
    if (c->has_pending || c->last == TK_ARABIC)
        return STEP_STOP_NUM;
    c->pending = dj__quant_qv_int(dv);
    c->has_pending = 1;
    c->pending_cn = 1;
    c->pend_after_exp = (c->last == TK_SMALL || c->last == TK_BIG) ? c->last_exp : 0;
    c->pend_zero = c->zero_since_unit;
    c->last = TK_DIGIT;
    r->has_digit = 1;
    return STEP_OK;
}

/* 零: a placeholder, or the number zero when it comes first. */
static int core_zero(core *c, numres *r, int ntok)
{
    if (c->has_pending)
        return STEP_STOP_NUM;
    if (ntok == 0) {
        c->pending = dj__quant_qv_int(0);
        c->has_pending = 1;
        c->pending_cn = 1;
        r->has_digit = 1;
    }
    c->zero_since_unit = 1;
    c->last = TK_ZERO;
    return STEP_OK;
}

/* A small unit (十 百 千) of exponent su. */
static int core_small_unit(core *c, int su)
{
    qv mult = c->has_pending ? c->pending : dj__quant_qv_int(1);
    if (c->last == TK_SMALL)
        return STEP_END;
    if (c->has_pending && qv_is_zero(c->pending))
        mult = dj__quant_qv_int(1);
    if (su == 1 && !c->has_pending && c->last == TK_DIGIT)
        return STEP_END;
    dj__quant_qv_scale10(&mult, su);
    qv_add(&c->section, mult);
    c->has_pending = 0;
    c->last = TK_SMALL;
    c->last_exp = su;
    c->zero_since_unit = 0;
    return STEP_OK;
}

/* A big unit (万 亿) of exponent bu: closes the section, and folds the
 * parts below its level into it (万亿: the levels add up). */
static int core_big_unit(core *c, numres *r, int bu, int ntok)
{
    qv s = c->section;
    int immediate = c->last == TK_BIG, lvl = bu, q, w;
    if (c->has_pending)
        qv_add(&s, c->pending);
    if (!r->has_digit && ntok == 0)
        return STEP_END; /* a lone 万 is no number */
    if (!r->has_digit && c->last != TK_SMALL && !immediate)
        return STEP_END;
    if (immediate && c->np > 0)
        lvl = c->parts[c->np - 1].level + bu;
    for (q = 0, w = 0; q < c->np; q++) {
        if (c->parts[q].level < bu || (immediate && q == c->np - 1))
            qv_add(&s, c->parts[q].v);
        else
            c->parts[w++] = c->parts[q];
    }
    c->np = w;
    dj__quant_qv_scale10(&s, bu);
    if (c->np < 16) {
        c->parts[c->np].v = s;
        c->parts[c->np].level = lvl;
        c->np++;
    }
    c->section = dj__quant_qv_int(0);
    c->has_pending = 0;
    c->last = TK_BIG;
    c->last_exp = bu;
    c->zero_since_unit = 0;
    r->has_big = 1;
    return STEP_OK;
}

/* Arabic digits at k (j: where the previous token ended). Sets *k2 to the
 * end of the digits. */
static int core_arabic(core *c, numres *r, const qch *t, size_t n, size_t j, size_t k, int mode,
                       int ntok, size_t *k2)
{
    qv av;
    int is_dec;
    if (c->has_pending || c->last == TK_ARABIC)
        return STEP_STOP_NUM;
    if (t[k].c == '.' && k > 0 && (dj__quant_is_adigit(t[k - 1].c) || t[k - 1].c == '.'))
        return STEP_END;
    *k2 = parse_arabic(t, n, k, ntok == 0 ? mode : (mode & ~PM_NUMBER), &av, &is_dec);
    if (*k2 == k)
        return STEP_END;
    if (unit_follows(t, n, *k2) && !(*k2 > 0 && dj__quant_is_alpha(t[*k2 - 1].c))) {
        c->pending = av; /* 3万, 1.5亿: digits multiplied by the units after them */
        c->has_pending = 1;
        c->pending_cn = 0;
        c->last = TK_ARABIC;
        r->has_digit = 1;
        return STEP_OK;
    }
    if (ntok > 0 && k == j && (c->last == TK_SMALL || c->last == TK_BIG || c->last == TK_ZERO) &&
        !is_dec) {
        c->pending = av; /* 一百零5: the last token */
        c->has_pending = 1;
        c->pending_cn = 0;
        c->last = TK_ARABIC;
        return STEP_LAST;
    }
    if (ntok == 0) {
        r->val = av;
        r->end = *k2;
        r->has_digit = 1;
        r->arabic_only = 1;
        return STEP_WHOLE;
    }
    return STEP_END;
}

/* A filler (多 余 几) between a number and a unit marks an approximation;
 * returns STEP_OK when the filler at k belongs to the numeral. */
static int core_filler(const core *c, numres *r, const qch *t, size_t n, size_t k)
{
    size_t k2 = dj__quant_skip_sp(t, n, k + 1);
    if (!(k2 < n && (dj__quant_small_unit(t[k2].c) || dj__quant_big_unit(t[k2].c))))
        return STEP_END;
    if (dj__quant_small_unit(t[k2].c) && c->last == TK_SMALL)
        return STEP_END;
    r->approx = 1;
    return STEP_OK;
}

/* The value of the numeral read so far into r->val. */
static void core_value(core *c, numres *r, int ntok)
{
    int q;
    r->last_small = c->last == TK_SMALL;
    r->single = ntok == 1 && c->pending_cn && c->has_pending;
    /* elliptical trailing digit: 一百五 = 150, 九万四 = 94000 */
    if (c->has_pending && c->pending_cn && c->last == TK_DIGIT && c->pend_after_exp >= 2 &&
        !c->pend_zero)
        dj__quant_qv_scale10(&c->pending, c->pend_after_exp - 1);
    r->val = c->section;
    if (c->has_pending)
        qv_add(&r->val, c->pending);
    for (q = 0; q < c->np; q++)
        qv_add(&r->val, c->parts[q].v);
}

/* Decimals after 点 (or '.') at end: 一百三十九点八七, 两千万点五五四四; in
 * bulletins also a scale after them (三点五亿). */
static void core_decimals(const qch *t, size_t n, size_t end, int mode, numres *r)
{
    size_t k = dj__quant_skip_sp(t, n, end), f, fe;
    qv fr = dj__quant_qv_int(0);
    int nd = 0;

    if (!(k < n && dj__quant_is_point(t[k].c)))
        return;
    f = dj__quant_skip_sp(t, n, k + 1);
    if (!(f < n && dj__quant_frac_digit(t[f].c) >= 0 && !(t[k].c == '.' && r->arabic_only)))
        return;
    fe = f;
    while (f < n && dj__quant_frac_digit(t[f].c) >= 0) {
        qv dgt = dj__quant_qv_int(dj__quant_frac_digit(t[f].c));
        nd++;
        dj__quant_qv_scale10(&dgt, -nd);
        qv_add(&fr, dgt);
        fe = f + 1;
        f = dj__quant_skip_sp(t, n, fe);
        if (f < n && dj__quant_frac_digit(t[f].c) < 0)
            break;
    }
    qv_add(&r->val, fr);
    r->end = fe;
    r->single = 0;
    if ((mode & PM_NEWS) && fe < n && dj__quant_big_unit(t[fe].c)) {
        dj__quant_qv_scale10(&r->val, dj__quant_big_unit(t[fe].c));
        r->end = fe + 1;
        if (r->end < n && dj__quant_big_unit(t[r->end].c)) {
            dj__quant_qv_scale10(&r->val, dj__quant_big_unit(t[r->end].c));
            r->end++;
        }
    }
}

/* The integer/decimal numeral grammar, without sign, fraction or 打: reads
 * tokens (digits, 零, units, fillers, Arabic digits) from i while they
 * form one numeral; returns 1 with r filled, 0 when there is none. */
static int parse_core(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    core c;
    int ntok = 0, terminal = 0, step;
    size_t j = i, end = i;

    memset(&c, 0, sizeof c);
    c.last = TK_NONE;
    c.section = c.pending = dj__quant_qv_int(0);
    memset(r, 0, sizeof *r);
    r->start = i;
    while (j < n && !terminal) {
        size_t k = ntok > 0 ? dj__quant_skip_sp(t, n, j) : j, k2 = 0;
        uint32_t ch;
        int dv;

        if (k >= n)
            break;
        ch = t[k].c;
        dv = dj__quant_cdigit(ch);
        if (dv > 0 || (dv == 0 && !dj__quant_is_zero_char(ch)))
            step = core_digit(&c, r, dv);
        else if (dv == 0)
            step = core_zero(&c, r, ntok);
        else if (dj__quant_is_adigit(ch) ||
                 (ch == '.' && k + 1 < n && dj__quant_is_adigit(t[k + 1].c))) {
            step = core_arabic(&c, r, t, n, j, k, mode, ntok, &k2);
            if (step == STEP_WHOLE)
                return 1;
            if (step == STEP_OK || step == STEP_LAST) {
                terminal = step == STEP_LAST;
                j = end = k2;
                ntok++;
                continue;
            }
        } else if (dj__quant_is_filler(ch) && ntok > 0 &&
                   (c.has_pending || c.last == TK_SMALL || c.last == TK_ZERO)) {
            if ((step = core_filler(&c, r, t, n, k)) == STEP_OK) {
                j = k + 1; /* not a token: end stays before it */
                continue;
            }
        } else if (dj__quant_small_unit(ch))
            step = core_small_unit(&c, dj__quant_small_unit(ch));
        else if (dj__quant_big_unit(ch))
            step = core_big_unit(&c, r, dj__quant_big_unit(ch), ntok);
        else
            step = STEP_END;
        if (step == STEP_STOP_NUM)
            r->stop_num = 1;
        if (step != STEP_OK)
            break;
        j = k + 1;
        end = j;
        ntok++;
    }
    if (ntok == 0 || end == i)
        return 0;
    r->end = end;
    core_value(&c, r, ntok);
    core_decimals(t, n, end, mode, r);
    return 1;
}

/* Sign, 半, the core, and 打 (dozen). */
int dj__quant_parse_number(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    size_t k = i;
    int neg = 0;

    if (k < n && t[k].c == 0x8D1F) { /* 负 */
        neg = 1;
        k = dj__quant_skip_sp(t, n, k + 1);
    } else if (k < n && t[k].c == '-' && (mode & PM_NUMBER) &&
               !(k > 0 && (dj__quant_is_adigit(t[k - 1].c) || t[k - 1].c == '-' ||
                           dj__quant_is_numeral_char(t[k - 1].c)))) {
        size_t k2 = dj__quant_skip_sp(t, n, k + 1);
        if (k2 < n && (dj__quant_is_adigit(t[k2].c) ||
                       (t[k2].c == '.' && k2 + 1 < n && dj__quant_is_adigit(t[k2 + 1].c)))) {
            neg = 1;
            k = k2;
        }
    }
    if (k < n && t[k].c == 0x534A) { /* 半 */
        size_t k2 = k + 1;
        int u = k2 < n ? dj__quant_small_unit(t[k2].c) + dj__quant_big_unit(t[k2].c) : 0;
        if (u && (mode & PM_NUMBER)) {
            memset(r, 0, sizeof *r);
            r->val = dj__quant_qv_int(5);
            dj__quant_qv_scale10(&r->val, u - 1);
            r->start = i;
            r->end = k2 + 1;
            r->has_digit = 1;
            if (neg)
                qv_neg(&r->val);
            return 1;
        }
        if (k2 < n && t[k2].c == 0x6253 && (mode & PM_NUMBER)) { /* 半打 */
            memset(r, 0, sizeof *r);
            r->val = dj__quant_qv_int(6);
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
            verb |= dj__quant_match_at(t, n, a, verbs[v]) > 0;
        if (!verb && !(a < n && dj__quant_is_numeral_char(t[a].c))) {
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

    if (k >= n || dj__quant_is_space(t[k].c))
        return 1;
    c = t[k].c;
    if (dj__quant_cdigit(c) >= 0)
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
        if (dj__quant_match_at(t, n, k, is_words[w]))
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
            if (dj__quant_match_at(t, n, s, words[w]) == len)
                return 1;
        }
    }
    return 0;
}

/* Is a number with result r acceptable where it stands? */
int dj__quant_number_ok(const qch *t, size_t n, const numres *r)
{
    if (r->single) {
        if (r->start > 0 && dj__quant_cdigit(t[r->start - 1].c) >= 0)
            return 0;
        if (!single_ok_after(t, n, r->end))
            return 0;
        return !ambiguous_word(t, n, r->start);
    }
    if (r->end - r->start == 1 && dj__quant_small_unit(t[r->start].c) == 1)
        return !ambiguous_word(t, n, r->start);
    return 1;
}

/* A bare unit denominator (百, 千, 万, 百万 ...) before 分之: a percentage
 * or permille construct, not a fraction. Returns its power of ten or 0. */
int dj__quant_bare_denominator(const qch *t, size_t i, size_t end)
{
    int e = 0;
    size_t k;
    for (k = i; k < end; k++) {
        int u = dj__quant_small_unit(t[k].c) + dj__quant_big_unit(t[k].c);
        if (dj__quant_is_space(t[k].c))
            continue;
        if (!u)
            return 0;
        e += u;
    }
    return e;
}

/* After k: [spaces] 分 [spaces] 之 [spaces]; returns the index after or 0. */
size_t dj__quant_fen_zhi(const qch *t, size_t n, size_t k)
{
    k = dj__quant_skip_sp(t, n, k);
    if (!(k < n && t[k].c == 0x5206)) /* 分 */
        return 0;
    k = dj__quant_skip_sp(t, n, k + 1);
    if (!(k < n && t[k].c == 0x4E4B)) /* 之 */
        return 0;
    return dj__quant_skip_sp(t, n, k + 1);
}

/* Arabic "a b/c" and "b/c". */
static int parse_slash_fraction(const qch *t, size_t n, size_t i, numres *r)
{
    size_t k = i, k2, k3;
    int neg = 0, is_dec;
    qv a, b, c;

    if (t[k].c == '-' && !(k > 0 && (dj__quant_is_adigit(t[k - 1].c) || t[k - 1].c == '-'))) {
        neg = 1;
        k++;
    }
    if (!(k < n && dj__quant_is_adigit(t[k].c)) ||
        (i > 0 && (dj__quant_is_adigit(t[i - 1].c) || t[i - 1].c == '/')))
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
    if (k2 < n && dj__quant_is_space(t[k2].c)) {
        size_t s = dj__quant_skip_sp(t, n, k2), s2, s3;
        if (!(s < n && dj__quant_is_adigit(t[s].c)))
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
int dj__quant_parse_full(const qch *t, size_t n, size_t i, int mode, numres *r)
{
    numres a, den, num;
    size_t k;

    if (parse_slash_fraction(t, n, i, r))
        return 1;
    if (!dj__quant_parse_number(t, n, i, mode, &a))
        return 0;
    k = dj__quant_skip_sp(t, n, a.end);
    if (k < n && t[k].c == 0x53C8) { /* 又 */
        size_t d0 = dj__quant_skip_sp(t, n, k + 1), nz;
        if (dj__quant_parse_number(t, n, d0, mode, &den) && den.has_digit &&
            (nz = dj__quant_fen_zhi(t, n, den.end)) &&
            dj__quant_parse_number(t, n, nz, mode, &num)) {
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
        size_t nz = dj__quant_fen_zhi(t, n, a.end);
        if (nz && a.has_digit && dj__quant_parse_number(t, n, nz, mode, &num) &&
            !qv_is_zero(a.val)) {
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
