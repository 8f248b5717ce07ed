/* money.h - exact money: int64 fen (分), parsed from and printed as decimals.
 *
 * Never binary floating point. Parsing accepts "1234.56", "1,234.56",
 * "103.9万", "103.9万元", "11亿元", "52.62 亿", "500元" and an optional
 * leading '-' (callers decide whether negatives are allowed). Amounts are
 * limited to |x| < 10^17 fen. */
#ifndef DJ_MONEY_H
#define DJ_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses s[0..len) into fen. Returns DJ_OK, or DJ_EINVAL when it is not a
 * decimal amount or has more precision than a fen after scaling, or
 * DJ_ELIMIT when it is too large. */
int dj_money_parse(int64_t *fen_out, const char *s, size_t len);

/* Writes fen as a plain yuan decimal ("1234.5", "-0.01", "0") into out
 * (at least 32 bytes). Returns the length. */
size_t dj_money_format_yuan(char *out, int64_t fen);

/* Writes fen the way Chinese bulletins do: 万元 below 1 亿元 (from 100 元
 * up), 亿元 from 1 亿元, rounded half-up to two decimals with trailing
 * zeros dropped ("103.9 万元", "139.87 亿元", "1 亿元", "0.5 万元");
 * amounts under 100 元 print in 元. sep (may be "") goes between number and
 * unit. out needs at least 48 bytes. Returns the length. */
size_t dj_money_format_cn(char *out, int64_t fen, const char *sep);

/* Formats a non-negative scaled integer `v / 10^scale` with at most
 * `scale` decimals and trailing zeros dropped. out: at least 32 bytes. */
size_t dj_decimal_format(char *out, int64_t v, int scale);

/* Parses a decimal "12.34" into v * 10^scale exactly; DJ_EINVAL on excess
 * precision or garbage, DJ_ELIMIT on overflow. */
int dj_decimal_parse(int64_t *out, const char *s, size_t len, int scale);

#endif
