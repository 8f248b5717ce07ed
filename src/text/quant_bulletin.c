/* quant_bulletin.c - dj_quant_extract: quantities as bulletins write them
 * (see include/duijie/dj_quant.h).
 *
 * Over the numeral grammar of quant_numeral.c this adds approximation words
 * (约, 近, 逾 ...), units normalised through the `units` table (money to 元,
 * measure words, percentage points) with rates per time unit (吨/年), and
 * dates, years and ordinals reported with kind DATE/ORDINAL.
 * Invariants: the scan never reads past n; every emitted span satisfies
 * start <= num_start < num_end <= end <= len. */
#include "text/quant_int.h"

#include "util/alloc.h"
#include "util/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* -------------------------------------------------------- bulletin mode */

/* Appends *q unless its value overflowed a double (9亿亿…亿元, a 400-digit
 * amount): no figure is that large, and inf is no JSON number. DJ_OK,
 * DJ_ELIMIT or DJ_ENOMEM. */
static int push(dj_quant_list *out, const dj_quant *q)
{
    if (!isfinite(q->value))
        return DJ_OK;
    return dj__quant_list_push(out, q);
}

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
        size_t l = dj__quant_match_at(t, n, k, units[u].text);
        if (l) {
            *len_out = l;
            return &units[u];
        }
    }
    return NULL;
}

/* Words ending in 约 or 近 that are no approximation: 签约15个项目 is
 * exact, 最近3年 too. */
static int approx_in_word(const qch *t, size_t i)
{
    static const char *const words[] = {
        "签约", "合约", "预约", "制约", "节约", "契约", "违约", "履约", "特约", "公约",
        "条约", "相约", "邀约", "守约", "解约", "续约", "缔约", "赴约", "失约", "集约",
        "租约", "立约", "最近", "附近", "临近", "就近", "邻近", "靠近", "亲近", "贴近"};
    size_t w;
    for (w = 0; w < sizeof words / sizeof words[0]; w++) {
        if (dj__quant_match_before(t, i, words[w]))
            return 1;
    }
    return 0;
}

/* Approximation word ending at i (约, 近, 逾 ...); sets *kind, returns its
 * length in chars. */
static size_t approx_word(const qch *t, size_t i, int *kind)
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
        size_t l = dj__quant_match_before(t, i, pre[p].w);
        if (l && pre[p].kind != DJ_APPROX_NONE && !(l == 1 && approx_in_word(t, i))) {
            /* 近日/附近 are not approximations: only when a numeral follows */
            *kind = pre[p].kind;
            return l;
        }
    }
    return 0;
}

/* The approximation word before a number at i, directly or with 为/合/达
 * between (约为, 约合, 大约为, 近达); sets *kind, returns the length in
 * chars up to i. */
static size_t approx_before(const qch *t, size_t i, int *kind)
{
    size_t l = approx_word(t, i, kind);
    if (l || i == 0)
        return l;
    if (t[i - 1].c == 0x4E3A || t[i - 1].c == 0x5408 || t[i - 1].c == 0x8FBE) { /* 为 合 达 */
        l = approx_word(t, i - 1, kind);
        return l ? l + 1 : 0;
    }
    return 0;
}

static int push_date(dj_quant_list *out, const qch *t, int kind, size_t s, size_t e,
                     const numres *r)
{
    dj_quant q;
    dj__quant_fill(&q, t, kind, &r->val, s, e, r->start, r->end, "");
    return push(out, &q);
}

/* Date forms after a parsed numeral r: 2023年, 6月, 30日, 1-9月, 2026年6月.
 * Returns the end index when it is a date, else 0. */
static size_t date_end(const qch *t, size_t n, const numres *r)
{
    size_t k = dj__quant_skip_sp(t, n, r->end), e = 0;
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
        size_t k2 = dj__quant_skip_sp(t, n, k + 1);
        if (dj__quant_parse_number(t, n, k2, PM_NEWS, &r2) && r2.has_digit) {
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
        size_t k2 = dj__quant_skip_sp(t, n, e);
        numres r2;
        if (k2 < n &&
            (dj__quant_is_adigit(t[k2].c) || dj__quant_cdigit(t[k2].c) >= 0 ||
             dj__quant_small_unit(t[k2].c)) &&
            dj__quant_parse_number(t, n, k2, PM_NEWS, &r2) && r2.has_digit) {
            size_t k3 = dj__quant_skip_sp(t, n, r2.end);
            double v2 = r2.val.d;
            if (t[e - 1].c == 0x5E74 && k3 < n && t[k3].c == 0x6708 && v2 >= 1 && v2 <= 12)
                e = k3 + 1;
            if (t[e - 1].c == 0x6708 && k3 < n && (t[k3].c == 0x65E5 || t[k3].c == 0x53F7) &&
                v2 >= 1 && v2 <= 31) {
                e = k3 + 1;
            } else if (t[e - 1].c == 0x6708) {
                numres r3;
                size_t k4 = dj__quant_skip_sp(t, n, e);
                if (dj__quant_parse_number(t, n, k4, PM_NEWS, &r3) && r3.has_digit) {
                    size_t k5 = dj__quant_skip_sp(t, n, r3.end);
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
    while (k < n && dj__quant_cdigit(t[k].c) >= 0 && k - i < 4)
        k++;
    if (k - i == 4 && k < n && t[k].c == 0x5E74 && !(i > 0 && dj__quant_cdigit(t[i - 1].c) >= 0))
        return k + 1;
    return 0;
}

/* Where scanning goes on from i when no quantity can start there
 * (Latin-digit names such as 5G, G20, iPhone15, characters that start no
 * numeral); i itself when one may. */
static size_t skip_non_number(const qch *t, size_t n, size_t i)
{
    if (dj__quant_is_adigit(t[i].c) && i > 0 &&
        (dj__quant_is_alpha(t[i - 1].c) || dj__quant_is_adigit(t[i - 1].c))) {
        while (i < n && (dj__quant_is_adigit(t[i].c) || dj__quant_is_alpha(t[i].c)))
            i++;
        return i;
    }
    if (!dj__quant_is_numeral_char(t[i].c) && t[i].c != 0x8D1F && t[i].c != 0x534A &&
        t[i].c != 0x7B2C && t[i].c != 0x4E0A && t[i].c != 0x6570)
        return i + 1; /* none of 负 半 第 上 数 either */
    return i;
}

/* A numeral with no digit character, made of units only (十, 百余, 千万,
 * 十亿): the multiplier 1 is implied (十家 = 10 家). */
static int bare_units(const qch *t, const numres *r)
{
    return !r->has_digit && r->end > r->start && dj__quant_small_unit(t[r->start].c);
}

/* Is the digit-less numeral r a quantity where it stands? Only before a
 * money unit or a measure word (十家企业, 百亿元, 十余家, 千万元), never
 * inside a word (十分, 百姓, 千万不要, 万千家庭) or a set phrase whose
 * measure word is no count (千家万户, 千人计划, 百年, 千亩: durations,
 * lengths and areas are left out, as 百年老店, 百米, 千亩园区 are epithets). */
static int bare_units_ok(const qch *t, size_t n, const numres *r)
{
    static const char *const phrases[] = {"千家万户", "百家争鸣", "百家姓",   "百家号",
                                          "千人计划", "百人计划", "千人一面", "千篇一律",
                                          "十项全能", "百人会"};
    const unit_def *ud;
    size_t k, l, p;

    if (!bare_units(t, r) || !dj__quant_number_ok(t, n, r))
        return 0;
    if (r->start > 0 && dj__quant_is_numeral_char(t[r->start - 1].c))
        return 0;
    for (p = 0; p < sizeof phrases / sizeof phrases[0]; p++) {
        if (dj__quant_match_at(t, n, r->start, phrases[p]))
            return 0;
    }
    k = dj__quant_skip_sp(t, n, r->end);
    if (k < n && dj__quant_is_filler(t[k].c))
        k = dj__quant_skip_sp(t, n, k + 1);
    ud = unit_at(t, n, k, &l);
    return ud && (ud->kind == DJ_QUANT_MONEY || ud->kind == DJ_QUANT_COUNT);
}

/* 第三十届 at i: an ordinal. */
static size_t ordinal_at(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc)
{
    numres r;
    size_t e;
    if (!(i + 1 < n && dj__quant_parse_number(t, n, i + 1, PM_NEWS, &r) &&
          (r.has_digit || bare_units(t, &r))))
        return i + 1;
    e = r.end;
    if (e < n && dj_is_cjk(t[e].c) && !dj__quant_is_numeral_char(t[e].c))
        e++;
    *rc = push_date(out, t, DJ_QUANT_ORDINAL, i, e, &r);
    return e;
}

/* After a unit ending at e: a rate (罐/小时, 吨/年, 吨每年) appended to
 * unit and *kind, then 以上, 多 or 左右 into *approx; returns the new end. */
static size_t unit_suffix(const qch *t, size_t n, size_t e, char *unit, size_t unit_size, int *kind,
                          int *approx)
{
    size_t a2, l;
    if (e < n && (t[e].c == '/' || t[e].c == 0x6BCF) && *kind != DJ_QUANT_PERCENT) {
        size_t pu;
        for (pu = 0; pu < sizeof per_units / sizeof per_units[0]; pu++) {
            if ((l = dj__quant_match_at(t, n, e + 1, per_units[pu]))) {
                size_t ul = strlen(unit);
                snprintf(unit + ul, unit_size - ul, "/%s", per_units[pu]);
                *kind = DJ_QUANT_RATE;
                e = e + 1 + l;
                break;
            }
        }
    }
    a2 = dj__quant_skip_sp(t, n, e);
    if ((l = dj__quant_match_at(t, n, a2, "以上")) || (l = dj__quant_match_at(t, n, a2, "多"))) {
        if (*approx == DJ_APPROX_NONE)
            *approx = DJ_APPROX_OVER;
        e = a2 + l;
    } else if ((l = dj__quant_match_at(t, n, a2, "左右"))) {
        *approx = DJ_APPROX_ABOUT;
        e = a2 + l;
    }
    return e;
}

/* 至 到 - – — ~ ～ between the two ends of a range. */
static int is_range_dash(uint32_t c)
{
    return c == 0x81F3 || c == 0x5230 || c == '-' || c == 0x2013 || c == 0x2014 || c == '~' ||
           c == 0xFF5E;
}

/* A number parsed into r (start: with the approximation word before it):
 * a date, a measure or rate with its unit, or a bare number. Returns where
 * scanning goes on. */
static size_t number_at(dj_quant_list *out, const qch *t, size_t n, numres *r, size_t start,
                        int approx, int *rc)
{
    size_t k, ulen = 0, ye, e;
    const unit_def *ud;
    char unit[32];
    int kind;
    dj_quant q;

    /* a lone Chinese digit is a number only before a unit; 一 almost
     * never is a figure (一家企业, 一批) */
    if (r->single) {
        size_t l2;
        if (dj__quant_cdigit(t[r->start].c) <= 1 || !unit_at(t, n, r->end, &l2) ||
            !dj__quant_number_ok(t, n, r) ||
            (r->start > 0 && dj_is_cjk(t[r->start - 1].c) &&
             dj__quant_cdigit(t[r->start - 1].c) >= 0))
            return r->end;
    }
    if (r->end < n && dj__quant_is_alpha(t[r->end].c)) { /* 5G, 3D: a name */
        size_t i = r->end;
        while (i < n && (dj__quant_is_alpha(t[i].c) || dj__quant_is_adigit(t[i].c)))
            i++;
        return i;
    }
    if ((ye = date_end(t, n, r))) {
        *rc = push_date(out, t, DJ_QUANT_DATE, r->start, ye, r);
        return ye;
    }
    if (r->approx)
        approx = DJ_APPROX_OVER;
    k = dj__quant_skip_sp(t, n, r->end);
    if (k < n && dj__quant_is_filler(t[k].c) && !(k + 1 < n && dj__quant_is_filler(t[k + 1].c))) {
        approx = DJ_APPROX_OVER;
        k = dj__quant_skip_sp(t, n, k + 1);
    }
    ud = unit_at(t, n, k, &ulen);
    if (ud && ud->kind == DJ_QUANT_MEASURE && dj__quant_match_at(t, n, k, "年") &&
        (dj__quant_match_at(t, n, k + 1, "产") || dj__quant_match_at(t, n, k + 1, "均") ||
         dj__quant_match_at(t, n, k + 1, "度")))
        ud = NULL; /* 年产/年均: a qualifier of what follows */
    if (!ud && r->single)
        return r->end;
    if (!ud && k < n && is_range_dash(t[k].c)) {
        /* 3亿至5亿元, 10-15亿元: a range whose unit comes at its end is one
         * approximate quantity with the upper value, spanning both */
        numres r2;
        size_t k2 = dj__quant_skip_sp(t, n, k + 1), l2, k3;
        if (dj__quant_parse_full(t, n, k2, PM_NEWS, &r2) && r2.has_digit && !r2.single &&
            !date_end(t, n, &r2)) {
            k3 = dj__quant_skip_sp(t, n, r2.end);
            if (k3 < n && dj__quant_is_filler(t[k3].c))
                k3 = dj__quant_skip_sp(t, n, k3 + 1);
            if (unit_at(t, n, k3, &l2))
                return number_at(out, t, n, &r2, start,
                                 approx == DJ_APPROX_NONE ? DJ_APPROX_ABOUT : approx, rc);
        }
    }
    if (!ud) {
        dj__quant_fill(&q, t, DJ_QUANT_NUMBER, &r->val, start, r->end, r->start, r->end, "");
        q.approx = approx;
        *rc = push(out, &q);
        return r->end;
    }
    kind = ud->kind;
    snprintf(unit, sizeof unit, "%s", ud->canon);
    e = unit_suffix(t, n, k + ulen, unit, sizeof unit, &kind, &approx);
    dj__quant_fill(&q, t, kind, &r->val, start, e, r->start, r->end, unit);
    q.approx = approx;
    *rc = push(out, &q);
    return e;
}

/* The quantity that may start at i, pushed to out; returns where scanning
 * goes on (> i). */
static size_t quantity_at(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc)
{
    numres r;
    qv pv;
    size_t pe, ye, start, a;
    int approx = DJ_APPROX_NONE, p;
    dj_quant q;

    if ((ye = cn_year_end(t, n, i))) {
        numres yr;
        memset(&yr, 0, sizeof yr);
        yr.val = dj__quant_qv_int(0);
        yr.start = i;
        yr.end = ye - 1;
        *rc = push_date(out, t, DJ_QUANT_DATE, i, ye, &yr);
        return ye;
    }
    if (t[i].c == 0x7B2C) /* 第 */
        return ordinal_at(out, t, n, i, rc);
    /* percentages first: 百分之五, 九成, 24.26% */
    p = dj__quant_percent_at(t, n, i, 1, &pv, &pe);
    if (p > 0 && !(pe > i && t[pe - 1].c == 0x6298)) { /* 折 (discounts) are not facts */
        a = approx_before(t, i, &approx);
        dj__quant_fill(&q, t, DJ_QUANT_PERCENT, &pv, a ? i - a : i, pe, i, pe, "%");
        q.approx = approx;
        *rc = push(out, &q);
        return pe;
    }
    /* 上百, 上千, 上万: an approximate round number */
    if (t[i].c == 0x4E0A && i + 1 < n &&
        (dj__quant_small_unit(t[i + 1].c) >= 2 || dj__quant_big_unit(t[i + 1].c))) {
        if (!dj__quant_parse_number(t, n, i + 1, PM_NEWS, &r))
            return i + 1;
        approx = DJ_APPROX_ABOUT;
        start = i;
        r.has_digit = 1;
    } else if (!dj__quant_parse_full(t, n, i, PM_NEWS, &r) ||
               (!r.has_digit && !bare_units_ok(t, n, &r))) {
        return i + 1;
    } else {
        a = approx_before(t, i, &approx);
        start = a ? i - a : i;
        if (!a && !r.has_digit && i > 0 && (t[i - 1].c == 0x6570 || t[i - 1].c == 0x51E0)) {
            approx = DJ_APPROX_ABOUT; /* 数十家, 几百名: some tens, some hundreds */
            start = i - 1;
        }
    }
    return number_at(out, t, n, &r, start, approx, rc);
}

/* Bulletin mode at i. */
static size_t bulletin_step(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc)
{
    size_t next = skip_non_number(t, n, i);
    return next != i ? next : quantity_at(out, t, n, i, rc);
}

int dj_quant_extract(dj_quant_list *out, const char *s, size_t len)
{
    return dj__quant_scan(out, s, len, bulletin_step);
}
