/* news_int.h - declarations shared by the files of src/news/.
 *
 * A `ncp` array is a decoded view of a UTF-8 string: code point and byte
 * offset per character, with a sentinel entry at index n whose offset is the
 * string length. */
#ifndef DJ_NEWS_INT_H
#define DJ_NEWS_INT_H

#include <stddef.h>
#include <stdint.h>

typedef struct dj__news_cp {
    uint32_t c;
    size_t b;
} dj__news_cp;

/* Decodes s into *out (n entries + sentinel; dj_free). DJ_OK or DJ_ENOMEM. */
int dj__news_decode(dj__news_cp **out, size_t *n_out, const char *s, size_t len);

/* Character classes used by cleanup and extraction. */
int dj__news_is_cjk_text(uint32_t c); /* ideograph or CJK/full-width punctuation */
int dj__news_is_final_punct(uint32_t c);
int dj__news_is_clause_punct(uint32_t c);
int dj__news_is_ascii_alnum(uint32_t c);

/* True when the UTF-8 word w occurs in cps at index i. */
int dj__news_match(const dj__news_cp *t, size_t n, size_t i, const char *w);

/* Names: true when s[0..len) is a list of 1..6 personal names (2-4 CJK
 * characters starting with a common surname) separated by spaces or 、,
 * optionally after 记者/通讯员/本报记者. Writes the names, NUL-separated,
 * into names (cap bytes) and their count into *count. */
int dj__news_byline(const char *s, size_t len, char *names, size_t cap, size_t *count);

#endif
