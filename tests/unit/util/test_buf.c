/* test_buf.c - JSON string literals: escapes, and valid JSON whatever the
 * bytes (an argument echoed in an error may be any bytes). */
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static void json_is(const char *in, size_t len, const char *want)
{
    dj_buf b;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_buf_json_str(&b, in, len), 0);
    cr_assert_str_eq(dj_buf_cstr(&b), want);
    dj_buf_fini(&b);
}

Test(buf, json_escapes_quotes_backslashes_and_controls)
{
    json_is("a\"b\\c\n\t\x01", 8, "\"a\\\"b\\\\c\\n\\t\\u0001\"");
    json_is("", 0, "\"\"");
}

Test(buf, json_keeps_well_formed_utf8)
{
    json_is("展位 ＡＩ 😀 \xef\xbf\xbd", strlen("展位 ＡＩ 😀 \xef\xbf\xbd"),
            "\"展位 ＡＩ 😀 \xef\xbf\xbd\"");
}

Test(buf, json_replaces_each_malformed_byte)
{
    json_is("k\xff\xfe", 3, "\"k\\ufffd\\ufffd\"");
    json_is("\xe5\xb1", 2, "\"\\ufffd\\ufffd\"");            /* cut short */
    json_is("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* a surrogate */
    json_is("\xc0\xaf"
            "a",
            3, "\"\\ufffd\\ufffda\"");                         /* overlong */
    json_is("\xe5\xb1\x95\x80", 4, "\"\xe5\xb1\x95\\ufffd\""); /* stray continuation */
}
