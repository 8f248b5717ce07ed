/* quant.c - Chinese quantity parser (see include/duijie/dj_quant.h): the
 * result list, the NumberModel and PercentModel scanners, and the value
 * helpers of the public API.
 *
 * The parser's files (declarations shared through quant_int.h):
 *   quant_lex.c       decoding into `qch` and the character kinds
 *   quant_numeral.c   exact decimal values and the numeral grammar
 *   quant.c           this file
 *   quant_bulletin.c  bulletin mode (dj_quant_extract)
 *
 * Invariants: scanners never read past n; every emitted span satisfies
 * start <= num_start < num_end <= end <= len; a list holds at most
 * QUANT_MAX_RESULTS items. */
#include "text/quant_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

#define QUANT_MAX_RESULTS ((size_t)1 << 20)

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

int dj__quant_list_push(dj_quant_list *l, const dj_quant *q)
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

void dj__quant_fill(dj_quant *q, const qch *t, int kind, const qv *v, size_t s, size_t e, size_t ns,
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
size_t dj__quant_skip_url(const qch *t, size_t n, size_t i)
{
    if (dj__quant_match_at(t, n, i, "http://") || dj__quant_match_at(t, n, i, "https://") ||
        dj__quant_match_at(t, n, i, "www.")) {
        while (i < n && t[i].c > ' ' && t[i].c < 0x80)
            i++;
    }
    return i;
}

/* ----------------------------------------------------------- NumberModel */

int dj__quant_scan(dj_quant_list *out, const char *s, size_t len, dj__quant_step step)
{
    qch *t = NULL;
    size_t n, i = 0;
    int rc;

    if ((rc = dj__quant_decode(&t, &n, s, len)) < 0)
        return rc;
    while (i < n && rc == DJ_OK) {
        size_t u = dj__quant_skip_url(t, n, i);
        i = u != i ? u : step(out, t, n, i, &rc);
    }
    dj_free(t);
    return rc;
}

/* NumberModel at i: digits after Latin letters or digits are part of a
 * name; 百分之五十 gives the number after 之. */
static size_t number_step(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc)
{
    numres r;
    size_t nz;
    dj_quant q;

    if (i > 0 && dj__quant_is_adigit(t[i].c) &&
        (dj__quant_is_adigit(t[i - 1].c) || dj__quant_is_alpha(t[i - 1].c)))
        return i + 1;
    if (!dj__quant_parse_full(t, n, i, PM_NUMBER, &r))
        return i + 1;
    nz = dj__quant_fen_zhi(t, n, r.end);
    if (!r.has_digit && nz && dj__quant_bare_denominator(t, i, r.end))
        return nz; /* 百分之五十: the number is what follows */
    if ((r.has_digit || (r.end - r.start >= 1 && !r.single)) && dj__quant_number_ok(t, n, &r) &&
        (r.has_digit || dj__quant_small_unit(t[r.start].c) == 1)) {
        dj__quant_fill(&q, t, DJ_QUANT_NUMBER, &r.val, r.start, r.end, r.start, r.end, "");
        *rc = dj__quant_list_push(out, &q);
        return r.end;
    }
    return i + 1;
}

int dj_quant_numbers(dj_quant_list *out, const char *s, size_t len)
{
    return dj__quant_scan(out, s, len, number_step);
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
        (dj__quant_small_unit(t[k].c) == 1 || (t[k].c == '1' && k + 1 < n && t[k + 1].c == '0'))) {
        *val = 100;
        *end = k + (dj__quant_small_unit(t[k].c) == 1 ? 1 : 2);
        return 1;
    }
    d1 = dj__quant_is_adigit(t[k].c) ? (int)(t[k].c - '0') : dj__quant_cdigit(t[k].c);
    if (d1 < 0)
        return 0;
    k++;
    {
        size_t k2 = dj__quant_skip_sp(t, n, k);
        if (k2 < n && dj__quant_is_point(t[k2].c))
            k2 = dj__quant_skip_sp(t, n, k2 + 1);
        d2 = k2 < n ? (dj__quant_is_adigit(t[k2].c) ? (int)(t[k2].c - '0')
                                                    : dj__quant_frac_digit(t[k2].c))
                    : -1;
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

/* The percent forms below return 1 with *v and *end set, 0 when the form
 * is not at i, and (the fraction form) -1 when it is there but broken. */

/* 百分之X, 千分之X, 万分之X, 百万分之X ... */
static int fraction_at(const qch *t, size_t n, size_t i, int news, qv *v, size_t *end)
{
    numres r;
    size_t d = i, nz;
    int e = 0;

    if (!(dj__quant_small_unit(t[i].c) >= 2 || dj__quant_big_unit(t[i].c)))
        return 0;
    while (d < n && (dj__quant_small_unit(t[d].c) >= 2 || dj__quant_big_unit(t[d].c) ||
                     dj__quant_is_space(t[d].c))) {
        if (!dj__quant_is_space(t[d].c))
            e += dj__quant_small_unit(t[d].c) + dj__quant_big_unit(t[d].c);
        d++;
    }
    nz = dj__quant_fen_zhi(t, n, d);
    if (!nz || e < 2 || (i > 0 && dj__quant_cdigit(t[i - 1].c) >= 0) ||
        (i > 0 && (dj__quant_small_unit(t[i - 1].c) || dj__quant_big_unit(t[i - 1].c))))
        return 0;
    if (dj__quant_parse_number(t, n, nz, news ? PM_NEWS : PM_NUMBER, &r) &&
        (r.has_digit || dj__quant_small_unit(t[nz].c) == 2) && !r.stop_num &&
        !(r.end < n && (dj__quant_is_adigit(t[r.end].c) || dj__quant_cdigit(t[r.end].c) >= 0 ||
                        dj__quant_big_unit(t[r.end].c) ||
                        (dj__quant_small_unit(t[r.end].c) && !r.last_small)))) {
        *v = r.val;
        dj__quant_qv_scale10(v, 2 - e);
        *end = r.end;
        return 1;
    }
    return -1;
}

/* 半成 (5 %), 半折 and 打对折 (50 %). */
static int half_at(const qch *t, size_t n, size_t i, qv *v, size_t *end)
{
    size_t k;
    if (t[i].c == 0x534A) {
        k = dj__quant_skip_sp(t, n, i + 1);
        if (k < n && (t[k].c == 0x6210 || t[k].c == 0x6298)) {
            *v = dj__quant_qv_int(t[k].c == 0x6210 ? 5 : 50);
            *end = k + 1;
            return 1;
        }
    }
    if (t[i].c == 0x5BF9 && i > 0 && t[i - 1].c == 0x6253) {
        k = dj__quant_skip_sp(t, n, i + 1);
        if (k < n && t[k].c == 0x6298) {
            *v = dj__quant_qv_int(50);
            *end = k + 1;
            return 1;
        }
    }
    return 0;
}

/* N成 [半|d] (tenths), N折 (a discount to N %). */
static int cheng_zhe_at(const qch *t, size_t n, size_t i, qv *v, size_t *end)
{
    int fv;
    size_t fe, c;

    if (!fold_digits(t, n, i, &fv, &fe, 1))
        return 0;
    c = dj__quant_skip_sp(t, n, fe);
    if (c < n && t[c].c == 0x6210) { /* 成 */
        size_t a = dj__quant_skip_sp(t, n, c + 1);
        int extra = -1;
        if (fv % 10 == 0 && fv < 100 && a < n) {
            if (t[a].c == 0x534A)
                extra = 5;
            else if (dj__quant_is_adigit(t[a].c))
                extra = (int)(t[a].c - '0');
            else if (dj__quant_frac_digit(t[a].c) > 0)
                extra = dj__quant_frac_digit(t[a].c);
        }
        *v = dj__quant_qv_int(fv + (extra > 0 ? extra : 0));
        *end = extra > 0 ? a + 1 : c + 1;
        return 1;
    }
    if (c < n && t[c].c == 0x6298 && fv < 100) { /* 折 */
        *v = dj__quant_qv_int(fv);
        *end = c + 1;
        return 1;
    }
    return 0;
}

/* N个百分点, and N% (Arabic digits, or after 负). */
static int points_or_sign_at(const qch *t, size_t n, size_t i, int news, qv *v, size_t *end)
{
    numres r;
    size_t g, p, h;

    if (!(dj__quant_parse_number(t, n, i, news ? PM_NEWS : PM_NUMBER, &r) && r.has_digit))
        return 0;
    g = dj__quant_skip_sp(t, n, r.end);
    if (g < n && t[g].c == 0x4E2A) { /* 个 百 分 点 */
        h = dj__quant_skip_sp(t, n, g + 1);
        if (h < n && t[h].c == 0x767E) {
            h = dj__quant_skip_sp(t, n, h + 1);
            if (h < n && t[h].c == 0x5206) {
                h = dj__quant_skip_sp(t, n, h + 1);
                if (h < n && t[h].c == 0x70B9) {
                    *v = r.val;
                    *end = h + 1;
                    return 1;
                }
            }
        }
    }
    if (r.arabic_only || (t[i].c == 0x8D1F && r.has_digit)) {
        p = dj__quant_skip_sp(t, n, r.end);
        if (p < n && t[p].c == '%' && !(p + 1 < n && dj__quant_is_adigit(t[p + 1].c))) {
            *v = r.val;
            *end = p + 1;
            return 1;
        }
    }
    return 0;
}

/* -N%: a minus sign not inside a range or after another figure. */
static int minus_percent_at(const qch *t, size_t n, size_t i, qv *v, size_t *end)
{
    numres r;
    size_t p;

    if (!(t[i].c == '-' && i + 1 < n && dj__quant_is_adigit(t[i + 1].c)) ||
        (i > 0 && (dj__quant_is_adigit(t[i - 1].c) || t[i - 1].c == '-' || t[i - 1].c == '%')))
        return 0;
    if (dj__quant_parse_number(t, n, i, PM_NUMBER, &r) && r.arabic_only) {
        p = dj__quant_skip_sp(t, n, r.end);
        if (p < n && t[p].c == '%') {
            *v = r.val;
            *end = p + 1;
            return 1;
        }
    }
    return 0;
}

int dj__quant_percent_at(const qch *t, size_t n, size_t i, int news, qv *v, size_t *end)
{
    int rc;

    if ((rc = fraction_at(t, n, i, news, v, end)) != 0 || (rc = half_at(t, n, i, v, end)) != 0)
        return rc;
    if (i > 0 &&
        (dj__quant_is_adigit(t[i - 1].c) || dj__quant_cdigit(t[i - 1].c) >= 0 || t[i - 1].c == '.'))
        return 0; /* inside a number */
    if ((rc = cheng_zhe_at(t, n, i, v, end)) != 0 ||
        (rc = points_or_sign_at(t, n, i, news, v, end)) != 0)
        return rc;
    return minus_percent_at(t, n, i, v, end);
}

/* PercentModel at i (not inside a number or a name). */
static size_t percent_step(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc)
{
    qv v;
    size_t e;
    dj_quant q;

    if (i > 0 && dj__quant_is_adigit(t[i].c) &&
        (dj__quant_is_adigit(t[i - 1].c) || t[i - 1].c == '.' || t[i - 1].c == '%' ||
         dj__quant_is_alpha(t[i - 1].c)))
        return i + 1;
    if (dj__quant_percent_at(t, n, i, 0, &v, &e) <= 0)
        return i + 1;
    dj__quant_fill(&q, t, DJ_QUANT_PERCENT, &v, i, e, i, e, "%");
    *rc = dj__quant_list_push(out, &q);
    return e;
}

int dj_quant_percents(dj_quant_list *out, const char *s, size_t len)
{
    return dj__quant_scan(out, s, len, percent_step);
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
