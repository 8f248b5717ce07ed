/* date.c - calendar dates for the report engine: parse 'YYYY-MM-DD' into an
 * int yyyymmdd, day arithmetic (Howard Hinnant's days_from_civil) and the
 * "one year earlier" shift used by year-on-year comparisons.
 *
 * Invariant: every function that returns a date returns a valid calendar
 * date in years 1000-9999 (or 0 for "none"). */
#include "report/report_int.h"

#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dj__report_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

static int digits(const char *s, int n, int *v)
{
    int i, x = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < '0' || c > '9')
            return 0;
        x = x * 10 + (c - '0');
    }
    *v = x;
    return 1;
}

int dj__report_date_parse(int *out, const char *s)
{
    int y, m, d;

    *out = 0;
    if (!s)
        return DJ_OK;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return DJ_EINVAL;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return DJ_EINVAL;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > dj__report_days_in_month(y, m))
        return DJ_EINVAL;
    *out = y * 10000 + m * 100 + d;
    return DJ_OK;
}

void dj__report_date_str(char out[11], int ymd)
{
    if (!ymd) {
        out[0] = '\0';
        return;
    }
    {
        /* By hand: every field is known to fit, which snprintf cannot see. */
        int v[3] = {ymd / 10000, ymd / 100 % 100, ymd % 100}, w[3] = {4, 2, 2}, i, k, pos = 0;
        for (i = 0; i < 3; i++) {
            for (k = w[i] - 1; k >= 0; k--, v[i] /= 10)
                out[pos + k] = (char)('0' + v[i] % 10);
            pos += w[i];
            if (i < 2)
                out[pos++] = '-';
        }
        out[10] = '\0';
    }
}

long dj__report_days(int ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = y / 400; /* years >= 1000: never negative */
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int dj__report_from_days(long z)
{
    long era, doe, yoe, y, doy, mp, d, m;

    z += 719468;
    era = z / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int)(y * 10000 + m * 100 + d);
}

int dj__report_minus_year(int ymd, int keep_month_end)
{
    int y = ymd / 10000 - 1, m = ymd / 100 % 100, d = ymd % 100;
    int dim = dj__report_days_in_month(y, m);

    if (keep_month_end && d == dj__report_days_in_month(y + 1, m))
        d = dim;
    if (d > dim)
        d = dim;
    return y * 10000 + m * 100 + d;
}
