/* uscc.c - 统一社会信用代码 check character (GB 32100-2015).
 *
 * 18 characters over the alphabet 0-9 A-H J-N P-R T U W X Y (31 symbols,
 * no I O Z S V). The 18th is the check: C18 = 31 - (sum(Ci * Wi) mod 31),
 * with 31 mapped to 0, and Wi = 3^(i-1) mod 31 for i = 1..17. */
#include "duijie/dj_model.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int value_of(char c)
{
    const char *p;
    if (c == '\0')
        return -1;
    p = strchr(alphabet, c);
    return p ? (int)(p - alphabet) : -1;
}

char dj_uscc_check_char(const char *s17)
{
    int i, sum = 0, v;
    for (i = 0; i < 17; i++) {
        if ((v = value_of(s17[i])) < 0)
            return '\0';
        sum += v * weights[i];
    }
    v = 31 - sum % 31;
    return alphabet[v == 31 ? 0 : v];
}

int dj_uscc_check(const char *s, size_t len, dj_diag *diag)
{
    size_t i;
    char want;

    if (len != 18)
        return dj_diag_set(diag, DJ_EINVAL, "统一社会信用代码 must be 18 characters, got %zu bytes",
                           len);
    for (i = 0; i < 18; i++)
        if (value_of(s[i]) < 0)
            return dj_diag_set(diag, DJ_EINVAL,
                               "统一社会信用代码 character %zu ('%c') is not allowed", i + 1,
                               s[i] > ' ' && s[i] < 127 ? s[i] : '?');
    want = dj_uscc_check_char(s);
    if (s[17] != want)
        return dj_diag_set(
            diag, DJ_EINVAL,
            "统一社会信用代码 checksum mismatch: check character is '%c', expected '%c'", s[17],
            want);
    return DJ_OK;
}
