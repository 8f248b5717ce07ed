/* utf8.h - UTF-8 validation and decoding.
 *
 * Text is validated once at the boundary (files, CLI args, DB rows). Inside
 * the core it is assumed valid, yet dj_utf8_next never reads past len and
 * decodes a bad sequence as U+FFFD consuming one byte. */
#ifndef DJ_UTF8_H
#define DJ_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF). On false, *bad_offset (if non-NULL) is the
 * byte offset of the first bad sequence. */
bool dj_utf8_valid(const void *s, size_t len, size_t *bad_offset);

/* Decodes the code point at s[*i] and advances *i (by at least 1 when
 * *i < len). Returns U+FFFD for malformed input. */
uint32_t dj_utf8_next(const char *s, size_t len, size_t *i);

/* Encodes cp into out (4 bytes room); returns the byte count (1..4). */
size_t dj_utf8_put(char *out, uint32_t cp);

/* The 1-based line holding byte off of s (the line breaks before it, plus
 * 1; a break is LF, CR LF or a lone CR): how errors name the line of a bad
 * byte. */
long dj_line_at(const char *s, size_t off);

/* Terminal display width of the NUL-terminated UTF-8 text s: two columns
 * for a character of three or four bytes (CJK and the like), one for the
 * others; for lining up columns of mixed Chinese and Latin text. */
int dj_utf8_width(const char *s);

/* The length of the longest prefix of s[0..n) that does not end inside a
 * UTF-8 sequence: n, or where a last sequence too short for its lead byte
 * starts. Reads only s[0..n), so it serves text already cut by snprintf. */
size_t dj_utf8_floor(const char *s, size_t n);

/* Copies s[0..len) into out with the full-width forms of ASCII (U+FF01..
 * U+FF5E: １２３，Ａ) as ASCII and the ideographic space U+3000 as a space,
 * as a full-width input method types numbers and codes; other bytes are
 * copied. Returns the length (out is not NUL-terminated), or SIZE_MAX when
 * it does not fit in cap. */
size_t dj_utf8_halfwidth(char *out, size_t cap, const char *s, size_t len);

/* Number of code points in s[0..len). */
size_t dj_utf8_nchars(const char *s, size_t len);

/* True for CJK unified ideographs (incl. extension A and compatibility). */
bool dj_is_cjk(uint32_t cp);

#endif
