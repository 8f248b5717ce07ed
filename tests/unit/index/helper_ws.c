/* helper_ws.c - whitespace analyser for the index tests (see helper_ws.h). */
#include "helper_ws.h"

#include <criterion/criterion.h>
#include <string.h>

int test_ws_analyze(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx)
{
    size_t i = 0;
    int pos = 0;
    (void)flags;
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        size_t s = i;
        while (i < len && text[i] != ' ')
            i++;
        if (i == s)
            break;
        dj_term t = {0};
        t.text = text + s;
        t.len = i - s;
        t.start = s;
        t.end = i;
        t.kind = DJ_TERM_WORD;
        t.pos = pos++;
        if (t.len > 1 && t.text[0] == '=') {
            t.text++;
            t.len--;
            t.kind = DJ_TERM_BIGRAM;
        }
        t.is_stop = t.len == 4 && memcmp(t.text, "stop", 4) == 0;
        int rc = cb(&t, ctx);
        if (rc < 0)
            return rc;
    }
    return 0;
}

dj_index *test_ws_index(void)
{
    dj_index_config c;
    dj_index *idx = NULL;
    dj_index_config_default(&c);
    c.analyze = test_ws_analyze;
    cr_assert_eq(dj_index_new(&idx, &c), DJ_OK);
    return idx;
}
