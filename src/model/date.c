/* date.c - calendar dates as people write them (2024-03-05, 2024/3/5,
 * 2024.3.5, 2024年3月5日, 20240305, and a spreadsheet's date cell with its
 * midnight time, 2024/3/5 0:00), normalised to YYYY-MM-DD. */
#include "duijie/dj_model.h"

#include <stdio.h>
#include <string.h>

static int read_num(const char *s, size_t len, size_t *i, int maxdigits, int *out)
{
    int n = 0, d = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9' && d < maxdigits) {
        n = n * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    *out = n;
    return d;
}

static int eat(const char *s, size_t len, size_t *i, const char *lit)
{
    size_t n = strlen(lit);
    if (*i + n <= len && memcmp(s + *i, lit, n) == 0) {
        *i += n;
        return 1;
    }
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mdays[m - 1] + (m == 2 && leap);
}

/* Past a midnight time after the date, as a spreadsheet writes a date cell
 * (2024/3/5 0:00, 2024-03-05 00:00:00, 2024-03-05T00:00): 1 when s[*i..len)
 * is one, else 0 (another time of day is no date). */
static int midnight(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    int h, mi, sec;
    if (!eat(s, len, &k, " ") && !eat(s, len, &k, "T"))
        return 0;
    if (read_num(s, len, &k, 2, &h) < 1 || h != 0 || !eat(s, len, &k, ":") ||
        read_num(s, len, &k, 2, &mi) != 2 || mi != 0)
        return 0;
    if (eat(s, len, &k, ":") && (read_num(s, len, &k, 2, &sec) != 2 || sec != 0))
        return 0;
    if (k != len)
        return 0;
    *i = k;
    return 1;
}

int dj_date_parse(char *out, const char *s, size_t len)
{
    size_t i = 0;
    int y, m, d, cn = 0;

    if (len == 8 && read_num(s, len, &i, 8, &y) == 8) { /* 20240305 */
        m = y / 100 % 100;
        d = y % 100;
        y /= 10000;
        goto check;
    }
    i = 0;
    if (read_num(s, len, &i, 4, &y) != 4)
        return DJ_EINVAL;
    if (eat(s, len, &i, "年"))
        cn = 1;
    else if (!eat(s, len, &i, "-") && !eat(s, len, &i, "/") && !eat(s, len, &i, "."))
        return DJ_EINVAL;
    if (read_num(s, len, &i, 2, &m) < 1)
        return DJ_EINVAL;
    if (cn ? !eat(s, len, &i, "月")
           : (!eat(s, len, &i, "-") && !eat(s, len, &i, "/") && !eat(s, len, &i, ".")))
        return DJ_EINVAL;
    if (read_num(s, len, &i, 2, &d) < 1)
        return DJ_EINVAL;
    if (cn && !eat(s, len, &i, "日"))
        eat(s, len, &i, "号");
    if (i < len && !cn)
        midnight(s, len, &i);
    if (i != len)
        return DJ_EINVAL;
check:
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return DJ_EINVAL;
    if (d > days_in_month(y, m))
        return DJ_EINVAL;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return DJ_OK;
}

int dj_date_next(char *out, const char *date)
{
    char norm[11];
    int y, m, d;

    if (!date || strlen(date) != 10 || dj_date_parse(norm, date, 10) != DJ_OK ||
        strcmp(norm, date) != 0 || sscanf(norm, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return DJ_EINVAL;
    if (++d > days_in_month(y, m)) {
        d = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    /* y is 1900..2201, m 1..12, d 1..31: the modulos only tell the compiler */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return DJ_OK;
}
