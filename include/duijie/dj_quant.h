/* dj_quant.h - Chinese quantity parsing: numbers, percentages, money, areas,
 * counts with their measure word, rates, and (reported apart) dates and
 * ordinals.
 *
 * Contract:
 *  - Input is valid UTF-8 (validated at the boundary); the scanners never read
 *    past len and treat bad bytes as U+FFFD.
 *  - Spans are byte offsets [start, end) into the input.
 *  - Values are exact decimals where the text is (mant * 10^exp10, exact=1:
 *    "46.2 亿元" is 4620000000 yuan exactly); fractions and powers fall back to
 *    binary floating point (exact=0). `value` always holds the double.
 *  - Pure and thread-safe: no globals beyond read-only tables.
 * Three scanners share one numeral grammar:
 *  - dj_quant_numbers: every number (the Microsoft Recognizers-Text Chinese
 *    NumberModel conventions: 两百 = 200, 一百五 = 150, 十余万 = 100000,
 *    五分之一 = 0.2, 40k = 40000, a lone 一 only before a measure word).
 *  - dj_quant_percents: percentages (PercentModel: 24.26%, 百分之五, 九成,
 *    七五折, 六个百分点, 千分之一 = 0.1 %).
 *  - dj_quant_extract: quantities as they appear in bulletins: number with
 *    approximation (约, 近, 余, 多, 上百, 逾, 超, 以上, 左右), unit normalised
 *    (money to 元, 万平方米 to 平方米, measure words, rates 吨/年), and dates,
 *    years, months, ordinals (第三十届) reported with kind DATE/ORDINAL. */
#ifndef DJ_QUANT_H
#define DJ_QUANT_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

enum dj_quant_kind {
    DJ_QUANT_NUMBER = 1,  /* a number without a unit */
    DJ_QUANT_PERCENT = 2, /* value in percent: 24.26 for 24.26% */
    DJ_QUANT_MONEY = 3,   /* value in the currency of unit (元: yuan) */
    DJ_QUANT_AREA = 4,    /* 亩, 平方米, 平方公里, 公顷 */
    DJ_QUANT_COUNT = 5,   /* unit is the measure word (个, 家, 项 ...) */
    DJ_QUANT_MEASURE = 6, /* physical or time unit (吨, 千瓦, 年 as duration) */
    DJ_QUANT_RATE = 7,    /* unit per time: 罐/小时, 吨/年 */
    DJ_QUANT_DATE = 8,    /* a year, month or day: not a quantity */
    DJ_QUANT_ORDINAL = 9  /* 第三十届: not a quantity */
};

enum dj_quant_approx {
    DJ_APPROX_NONE = 0,
    DJ_APPROX_ABOUT = 1, /* 约, 大约, 左右, 上百 */
    DJ_APPROX_OVER = 2,  /* 余, 多, 逾, 超, 以上, 几 */
    DJ_APPROX_UNDER = 3  /* 近, 将近, 不到, 不足 */
};

typedef struct dj_quant {
    int kind;     /* enum dj_quant_kind */
    int approx;   /* enum dj_quant_approx */
    double value; /* the value (percent for PERCENT, yuan for 元) */
    int64_t mant; /* value == mant * 10^exp10 when exact */
    int exp10;
    int exact;     /* 1 when mant/exp10 hold the exact decimal value */
    char unit[32]; /* normalised unit, UTF-8, NUL-terminated; "" for none */
    size_t start;  /* byte span of the whole quantity, markers included */
    size_t end;
    size_t num_start; /* byte span of the numeral alone */
    size_t num_end;
} dj_quant;

/* A growable list filled by the scanners; caller-provided storage. */
typedef struct dj_quant_list {
    dj_quant *items; /* n items, owned by the list */
    size_t n;
    size_t cap; /* private */
} dj_quant_list;

void dj_quant_list_init(dj_quant_list *l);
void dj_quant_list_fini(dj_quant_list *l); /* frees items; safe twice */

/* Appends every number of s[0..len) to out, in text order (NumberModel
 * conventions). Returns DJ_OK, DJ_ENOMEM or DJ_ELIMIT (more than 1<<20
 * results). On error out keeps what was appended so far. */
int dj_quant_numbers(dj_quant_list *out, const char *s, size_t len);

/* Appends every percentage of s[0..len) (kind PERCENT, value in percent). */
int dj_quant_percents(dj_quant_list *out, const char *s, size_t len);

/* Appends the quantities, dates and ordinals of bulletin text s[0..len). */
int dj_quant_extract(dj_quant_list *out, const char *s, size_t len);

/* Writes q's value as a plain decimal ("4620000000", "18.6", "0.55579";
 * %.15g when not exact) into out (cap >= 48 recommended). Returns the length
 * written (truncated to cap-1). */
size_t dj_quant_format_value(char *out, size_t cap, const dj_quant *q);

/* For a MONEY quantity in 元: the amount in fen. Returns DJ_OK, DJ_EINVAL
 * (not yuan money, or not a whole number of fen) or DJ_ELIMIT (overflow). */
int dj_quant_money_fen(int64_t *fen_out, const dj_quant *q);

/* Name of a kind ("number", "percent", "money", "area", "count", "measure",
 * "rate", "date", "ordinal"); never NULL. */
const char *dj_quant_kind_name(int kind);

#endif
