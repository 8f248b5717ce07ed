/* quant_int.h - declarations shared by the quantity parser's files (not public).
 *
 *   quant_lex.c      decoding into `qch` and the character kinds
 *   quant_numeral.c  exact decimal values (`qv`) and the numeral grammar
 *   quant.c          result list, NumberModel, PercentModel, helpers
 *   quant_bulletin.c bulletin mode (dj_quant_extract)
 *
 * A `qch` array is the decoded text: n entries plus a sentinel at index n
 * whose byte offset is the input length, so every span maps back to bytes.
 * Scanners take (t, n, i) and never read past index n. */
#ifndef DJ_QUANT_INT_H
#define DJ_QUANT_INT_H

#include "duijie/dj_quant.h"

#include <stddef.h>
#include <stdint.h>

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

/* Numeral grammar modes: the NumberModel spec, or bulletin/percent text. */
enum { PM_NUMBER = 1, PM_NEWS = 2 };

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

/* quant_lex.c: decodes s into *out (n entries + sentinel; dj_free).
 * DJ_OK or DJ_ENOMEM. */
int dj__quant_decode(qch **out, size_t *n_out, const char *s, size_t len);

/* Character kinds of simplified code points: static inline, the scanners
 * call them for every character. */
static inline int dj__quant_is_adigit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static inline int dj__quant_is_alpha(uint32_t c)
{
    return c >= 'a' && c <= 'z';
}

/* Chinese digit value 0..9, or -1. 零 is 0. */
static inline int dj__quant_cdigit(uint32_t c)
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

static inline int dj__quant_is_zero_char(uint32_t c)
{
    return c == 0x96F6 || c == 0x3007;
}

/* digits allowed after 点: no 两/俩/仨 (一点两小时 is two numbers) */
static inline int dj__quant_frac_digit(uint32_t c)
{
    if (c == 0x4E24 || c == 0x4FE9 || c == 0x4EE8)
        return -1;
    return dj__quant_cdigit(c);
}

/* 十 百 千 -> 1 2 3, else 0 */
static inline int dj__quant_small_unit(uint32_t c)
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
static inline int dj__quant_big_unit(uint32_t c)
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

static inline int dj__quant_is_filler(uint32_t c)
{
    return c == 0x591A || c == 0x51E0 || c == 0x4F59; /* 多 几 余 */
}

static inline int dj__quant_is_point(uint32_t c)
{
    return c == 0x70B9 || c == '.'; /* 点 . */
}

static inline int dj__quant_is_numeral_char(uint32_t c)
{
    return dj__quant_cdigit(c) >= 0 || dj__quant_small_unit(c) || dj__quant_big_unit(c) ||
           dj__quant_is_adigit(c);
}

static inline int dj__quant_is_space(uint32_t c)
{
    return c == ' ';
}

/* quant_lex.c: the index of the first non-space at or after i. */
size_t dj__quant_skip_sp(const qch *t, size_t n, size_t i);
/* quant_lex.c: does the UTF-8 word w occur at t[i..]? Its length in chars or 0. */
size_t dj__quant_match_at(const qch *t, size_t n, size_t i, const char *w);
/* quant_lex.c: does w end exactly at index i (exclusive)? Its length or 0. */
size_t dj__quant_match_before(const qch *t, size_t i, const char *w);

/* quant_numeral.c: values. */
qv dj__quant_qv_int(int64_t v);
void dj__quant_qv_scale10(qv *a, int k);

/* quant_numeral.c: sign, 半, the numeral core and 打 at i. */
int dj__quant_parse_number(const qch *t, size_t n, size_t i, int mode, numres *r);
/* quant_numeral.c: a number with its fraction forms (X分之Y, A又X分之Y, a b/c). */
int dj__quant_parse_full(const qch *t, size_t n, size_t i, int mode, numres *r);
/* quant_numeral.c: is a number with result r acceptable where it stands? */
int dj__quant_number_ok(const qch *t, size_t n, const numres *r);
/* quant_numeral.c: power of ten of a bare unit denominator before 分之, or 0. */
int dj__quant_bare_denominator(const qch *t, size_t i, size_t end);
/* quant_numeral.c: after k, [spaces] 分 [spaces] 之 [spaces]; the index after or 0. */
size_t dj__quant_fen_zhi(const qch *t, size_t n, size_t k);

/* quant.c: appends *q; DJ_OK, DJ_ELIMIT or DJ_ENOMEM. */
int dj__quant_list_push(dj_quant_list *l, const dj_quant *q);
/* quant.c: fills *q from char spans [s, e) and number span [ns, ne). */
void dj__quant_fill(dj_quant *q, const qch *t, int kind, const qv *v, size_t s, size_t e, size_t ns,
                    size_t ne, const char *unit);
/* quant.c: one scanning step at i (no URL starts there): pushes what it
 * finds to out (*rc: DJ_OK or an error) and returns where to go on (> i). */
typedef size_t (*dj__quant_step)(dj_quant_list *out, const qch *t, size_t n, size_t i, int *rc);
/* quant.c: decodes s and runs step over it, skipping URLs; DJ_OK or an error. */
int dj__quant_scan(dj_quant_list *out, const char *s, size_t len, dj__quant_step step);
/* quant.c: the index after a URL starting at i, or i when none starts here. */
size_t dj__quant_skip_url(const qch *t, size_t n, size_t i);
/* quant.c: 1 and *v, *end set when a percentage starts at i, else 0;
 * news is 1 in bulletin mode. */
int dj__quant_percent_at(const qch *t, size_t n, size_t i, int news, qv *v, size_t *end);

#endif
