/* news_int.h - declarations shared by the files of src/news/.
 *
 * A `ncp` array is a decoded view of a UTF-8 string: code point and byte
 * offset per character, with a sentinel entry at index n whose offset is the
 * string length. */
#ifndef DJ_NEWS_INT_H
#define DJ_NEWS_INT_H

#include "duijie/dj_news.h"

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
/* The names of an opening byline in parentheses at the start of an
 * article's text or after its dateline: （记者 王五 通讯员 赵六） (本报讯 is cut
 * from the text), 新华社南宁12月1日电（记者王五）. Role words
 * (记者, 通讯员, 实习生 ...) separate the names; the rest as dj__news_byline. */
int dj__news_lead_byline(const char *s, size_t len, char *names, size_t cap, size_t *count);
/* The same for a byline in parentheses that ends the text: ……签约。（记者 周敏） */
int dj__news_tail_byline(const char *s, size_t len, char *names, size_t cap, size_t *count);

/* news_items.c: bulletin text as items (stages 1-2 of dj_news_extract). */
enum { IT_PARA = 1, IT_HEAD = 2, IT_BYLINE = 3 };

typedef struct item {
    int kind;
    char *text; /* cleaned text (names NUL-separated for bylines) */
    size_t len;
    size_t nnames;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

/* Splits s[0..len) into *out (caller-initialised to zeros, released with
 * dj__news_items_free even on error). DJ_OK or a negative dj_err. */
int dj__news_build_items(items *out, const char *s, size_t len);
void dj__news_items_free(items *it);
/* Does a paragraph starting s open an article: always (本报讯 ...), or after
 * a byline or heading (also 近日, 日前)? */
int dj__news_opens_always(const char *s, size_t len);
int dj__news_opens_after_break(const char *s, size_t len);

/* news_facts.c: article fields (stage 5 of dj_news_extract). */
char *dj__news_dupstr(const char *s, size_t len); /* NULL on OOM; dj_free */
/* *out: the place named in text (dj_free). DJ_OK or a negative dj_err. */
int dj__news_find_place(char **out, const char *text, size_t len);
/* Sets a->orgs/a->norgs from a->text. DJ_OK or a negative dj_err. */
int dj__news_find_orgs(dj_news_article *a);
/* Sets a->facts and a->dates from a->text. DJ_OK or a negative dj_err. */
int dj__news_extract_facts(dj_news_article *a);
/* True when s[0..len) is a short place name (a headline-block kicker). */
int dj__news_is_place_line(const char *s, size_t len);

#endif
