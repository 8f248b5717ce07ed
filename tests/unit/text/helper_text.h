/* helper_text.h - shared helpers of the text unit tests: a term collector
 * and the fixture that loads the dictionary. */
#ifndef DJ_TEST_HELPER_TEXT_H
#define DJ_TEST_HELPER_TEXT_H

#include "duijie/dj_text.h"

#include <stddef.h>

#define DJ_TEST_MAX_TERMS 4096

typedef struct collected {
    char text[DJ_TEST_MAX_TERMS][64];
    size_t start[DJ_TEST_MAX_TERMS], end[DJ_TEST_MAX_TERMS];
    int kind[DJ_TEST_MAX_TERMS], pos[DJ_TEST_MAX_TERMS], stop[DJ_TEST_MAX_TERMS];
    size_t n;
} collected;

/* dj_term_cb that appends to a collected (fails the test on overflow). */
int dj_test_collect(const dj_term *t, void *ctx);
/* Index of the first term with this text (and kind when kind != 0), or -1. */
long dj_test_find(const collected *c, const char *text, int kind);
void dj_test_text_setup(void);
void dj_test_text_teardown(void);

#endif
