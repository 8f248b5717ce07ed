/* helper_text.c - see helper_text.h. */
#include "helper_text.h"

#include <criterion/criterion.h>
#include <string.h>

int dj_test_collect(const dj_term *t, void *ctx)
{
    collected *c = ctx;
    size_t n = t->len < 63 ? t->len : 63;

    cr_assert_lt(c->n, (size_t)DJ_TEST_MAX_TERMS, "too many terms");
    memcpy(c->text[c->n], t->text, n);
    c->text[c->n][n] = '\0';
    c->start[c->n] = t->start;
    c->end[c->n] = t->end;
    c->kind[c->n] = t->kind;
    c->pos[c->n] = t->pos;
    c->stop[c->n] = t->is_stop;
    c->n++;
    return 0;
}

long dj_test_find(const collected *c, const char *text, int kind)
{
    size_t i;
    for (i = 0; i < c->n; i++) {
        if (strcmp(c->text[i], text) == 0 && (kind == 0 || c->kind[i] == kind))
            return (long)i;
    }
    return -1;
}

void dj_test_text_setup(void)
{
    dj_diag d;
    dj_diag_clear(&d);
    cr_assert_eq(dj_text_init(NULL, &d), DJ_OK, "dj_text_init: %s", d.message);
}

void dj_test_text_teardown(void)
{
    dj_text_shutdown();
}
