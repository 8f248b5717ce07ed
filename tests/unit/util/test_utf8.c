/* test_utf8.c - the text positions and widths that error messages and
 * column layouts rely on. */
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

Test(utf8, width_counts_cjk_as_two_columns)
{
    cr_assert_eq(dj_utf8_width(""), 0);
    cr_assert_eq(dj_utf8_width("T12"), 3);
    cr_assert_eq(dj_utf8_width("本方展位"), 8);
    cr_assert_eq(dj_utf8_width("é"), 1);           /* two bytes, one column */
    cr_assert_eq(dj_utf8_width("400G光模块"), 10); /* mixed */
}
