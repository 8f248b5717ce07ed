/* helper_ws.h - a whitespace analyser for index tests: every run of
 * non-space bytes is one WORD term; a token "=xy" is emitted as the BIGRAM
 * "xy"; the token "stop" is marked as a stop word. */
#ifndef DJ_TEST_HELPER_WS_H
#define DJ_TEST_HELPER_WS_H

#include "duijie/dj_index.h"

int test_ws_analyze(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx);
/* A dj_index with the whitespace analyser and default weights. */
dj_index *test_ws_index(void);

#endif
