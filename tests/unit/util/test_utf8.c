/* test_utf8.c - the text positions and widths that error messages and
 * column layouts rely on. */
#include "duijie/dj_error.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

Test(utf8, line_at_counts_the_newlines_before_the_byte)
{
    const char *s = "a\nbc\n\n展位\n";
    cr_assert_eq(dj_line_at(s, 0), 1);
    cr_assert_eq(dj_line_at(s, 1), 1); /* the newline itself ends line 1 */
    cr_assert_eq(dj_line_at(s, 2), 2);
    cr_assert_eq(dj_line_at(s, 6), 4);
    cr_assert_eq(dj_line_at(s, strlen(s)), 5);
}

Test(utf8, line_at_counts_cr_lf_once_and_a_lone_cr)
{
    const char *crlf = "a\r\nb\r\nc", *cr = "a\rb\rc";
    cr_assert_eq(dj_line_at(crlf, 3), 2);
    cr_assert_eq(dj_line_at(crlf, 6), 3);
    cr_assert_eq(dj_line_at(cr, 2), 2);
    cr_assert_eq(dj_line_at(cr, 4), 3);
}

Test(utf8, width_counts_cjk_as_two_columns)
{
    cr_assert_eq(dj_utf8_width(""), 0);
    cr_assert_eq(dj_utf8_width("T12"), 3);
    cr_assert_eq(dj_utf8_width("本方展位"), 8);
    cr_assert_eq(dj_utf8_width("é"), 1);           /* two bytes, one column */
    cr_assert_eq(dj_utf8_width("400G光模块"), 10); /* mixed */
}

Test(utf8, floor_never_ends_inside_a_character)
{
    const char *s = "ab长😀"; /* 1 + 1 + 3 + 4 bytes */
    static const size_t want[] = {0, 1, 2, 2, 2, 5, 5, 5, 5, 9};
    for (size_t n = 0; n <= strlen(s); n++)
        cr_assert_eq(dj_utf8_floor(s, n), want[n], "n = %zu", n);
    cr_assert_eq(dj_utf8_floor("\x80\x80\x80\x80\x80", 5), 5, "no lead byte: left as it is");
}

Test(utf8, a_long_error_message_is_cut_at_a_character)
{
    char text[1200] = "";
    dj_diag d;
    for (int i = 0; i < 300; i++)
        strcat(text, "长");
    for (int pad = 0; pad < 3; pad++) { /* the cut falls at each byte of a character */
        dj_diag_set(&d, DJ_EINVAL, "%.*s%s", pad, "xx", text);
        cr_assert(dj_utf8_valid(d.message, strlen(d.message), NULL), "pad %d", pad);
        cr_assert_geq(strlen(d.message), sizeof d.message - 3);
    }
}

Test(utf8, halfwidth_maps_full_width_ascii_and_keeps_the_rest)
{
    char out[64];
    const char *s = "２０２４年Ａ～！　x";
    size_t n = dj_utf8_halfwidth(out, sizeof out, s, strlen(s));
    cr_assert_eq(n, strlen("2024年A~! x"));
    cr_assert(memcmp(out, "2024年A~! x", n) == 0);
    cr_assert_eq(dj_utf8_halfwidth(out, 4, s, strlen(s)), SIZE_MAX, "does not fit");
    cr_assert_eq(dj_utf8_halfwidth(out, sizeof out, "", 0), 0);
}
