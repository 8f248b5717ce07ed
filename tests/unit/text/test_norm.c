/* test_norm.c - dj_text_normalize: NFKC (full-width -> half-width,
 * ligatures, composition), case folding, traditional -> simplified, and the
 * offset map back to the original bytes; OOM loop. */
#include "duijie/dj_text.h"
#include "helper_text.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <string.h>

static char *out;
static size_t out_len, *map;

static void norm(const char *in)
{
    out = NULL;
    map = NULL;
    cr_assert_eq(dj_text_normalize(&out, &out_len, &map, in, strlen(in)), DJ_OK);
    cr_assert_eq(map[out_len], strlen(in), "map ends at the input length");
}

static void done(void)
{
    dj_free(out);
    dj_free(map);
}

TestSuite(norm, .init = dj_test_text_setup, .fini = dj_test_text_teardown);

Test(norm, full_width_to_half_width)
{
    size_t i;
    norm("ＡＢＣ１２３，（）");
    cr_assert_eq(out_len, 9);
    cr_assert_eq(memcmp(out, "abc123,()", 9), 0, "got %.*s", (int)out_len, out);
    for (i = 0; i < 9; i++)
        cr_assert_eq(map[i], 3 * i, "byte %zu maps to %zu", i, map[i]);
    done();
}

Test(norm, ascii_fast_path_folds_case)
{
    size_t i;
    norm("Hello, World 5G");
    cr_assert_str_eq(out, "hello, world 5g");
    for (i = 0; i < out_len; i++)
        cr_assert_eq(map[i], i);
    done();
}

Test(norm, traditional_to_simplified)
{
    norm("臺灣的電腦產業");
    cr_assert_str_eq(out, "台湾的电脑产业");
    cr_assert_eq(map[3], 3);
    cr_assert_eq(map[12], 12);
    done();
}

Test(norm, t2s_keeps_phrase_context)
{
    /* 乾 alone converts to 干, but the phrase 乾隆 keeps it: the window
     * handed to OpenCC must include the neighbours. */
    norm("Ａ乾隆年间很乾燥，著名");
    cr_assert_str_eq(out, "a乾隆年间很干燥,著名");
    cr_assert_eq(map[1], 3);
    cr_assert_eq(map[16], 18);
    done();
}

Test(norm, simplified_and_plain_text_unchanged)
{
    norm("科技成果转化，促进发展。");
    cr_assert_str_eq(out, "科技成果转化,促进发展。");
    done();
}

Test(norm, expansions_map_to_their_source)
{
    /* ß folds to ss; the ligature ﬁ becomes fi; both bytes of each map to
     * the start of the character that produced them. */
    norm("Straße ﬁx");
    cr_assert_str_eq(out, "strasse fix");
    cr_assert_eq(map[4], 4);
    cr_assert_eq(map[5], 4);
    cr_assert_eq(map[8], 8); /* f of the ligature, which starts at byte 8 */
    cr_assert_eq(map[9], 8);
    cr_assert_eq(map[10], 11);
    done();
}

Test(norm, combining_marks_compose_across_ascii)
{
    norm("Cafe\xcc\x81!"); /* e + U+0301 */
    cr_assert_str_eq(out, "caf\xc3\xa9!");
    cr_assert_eq(map[3], 3);
    cr_assert_eq(map[5], 6);
    done();
}

Test(norm, compatibility_forms)
{
    norm("①号㎡");
    cr_assert_str_eq(out, "1号m2");
    done();
}

Test(norm, empty_input_and_no_map)
{
    norm("");
    cr_assert_eq(out_len, 0);
    cr_assert_eq(map[0], 0);
    done();
    out = NULL;
    cr_assert_eq(dj_text_normalize(&out, &out_len, NULL, "ＡＢ", 6), DJ_OK);
    cr_assert_str_eq(out, "ab");
    dj_free(out);
}

Test(norm, survives_every_allocation_failure)
{
    const char *in = "臺灣ＡＢＣ Straße 電腦１２３";
    long n;
    for (n = 1;; n++) {
        int rc;
        long attempts;
        dj_test_fail_alloc_after(n);
        out = NULL;
        map = NULL;
        rc = dj_text_normalize(&out, &out_len, &map, in, strlen(in));
        attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK) {
            cr_assert_str_eq(out, "台湾abc strasse 电脑123");
            done();
            if (attempts < n)
                break;
            continue;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(out);
    }
    cr_assert_gt(n, 1);
}
