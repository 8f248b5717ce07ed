/* test_quant_spec.c - exactness of the quantity parser on the Microsoft
 * Recognizers-Text Chinese NumberModel and PercentModel specs (read from
 * $DJ_SHARED_DATA/quantities or ../shared/data/quantities). A case is exact
 * when the parser returns the same number of results, each with the same
 * character span [Start, End] and the same value (relative 1e-9). The test
 * fails below 95 % and prints the cases that differ. */
#include "duijie/dj_quant.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *load_spec(const char *name)
{
    char path[4096];
    const char *env = getenv("DJ_SHARED_DATA");
    json_error_t err;
    json_t *j;

    if (env && *env)
        snprintf(path, sizeof path, "%s/quantities/%s", env, name);
    else
        snprintf(path, sizeof path, "%s/../shared/data/quantities/%s", DJ_SOURCE_DIR, name);
    j = json_load_file(path, 0, &err);
    return j;
}

static size_t char_index(const char *s, size_t byte)
{
    return dj_utf8_nchars(s, byte);
}

static int value_eq(double got, const char *want, int percent)
{
    char buf[64];
    size_t l = strlen(want);
    double w;
    if (percent && l > 0 && want[l - 1] == '%')
        l--;
    if (l >= sizeof buf)
        return 0;
    memcpy(buf, want, l);
    buf[l] = 0;
    w = strtod(buf, NULL);
    if (w == got)
        return 1;
    return fabs(w - got) <= 1e-9 * fmax(fabs(w), 1e-300) || fabs(w - got) < 1e-12;
}

static double score(const char *file, int percent, int verbose)
{
    json_t *spec = load_spec(file);
    size_t i, good = 0, total;

    if (!spec)
        fprintf(stderr, "SKIP quant_spec: ../shared/data/quantities/%s not found\n", file);
    if (!spec)
        cr_skip_test("shared data absent: ../shared/data/quantities/%s not found "
                     "(set DJ_SHARED_DATA)",
                     file);
    total = json_array_size(spec);
    for (i = 0; i < total; i++) {
        json_t *c = json_array_get(spec, i);
        const char *in = json_string_value(json_object_get(c, "Input"));
        json_t *res = json_object_get(c, "Results");
        dj_quant_list l;
        size_t k;
        int ok;

        dj_quant_list_init(&l);
        cr_assert_eq(percent ? dj_quant_percents(&l, in, strlen(in))
                             : dj_quant_numbers(&l, in, strlen(in)),
                     DJ_OK);
        ok = l.n == json_array_size(res);
        for (k = 0; ok && k < l.n; k++) {
            json_t *r = json_array_get(res, k);
            const char *v =
                json_string_value(json_object_get(json_object_get(r, "Resolution"), "value"));
            long st = (long)json_integer_value(json_object_get(r, "Start"));
            long en = (long)json_integer_value(json_object_get(r, "End"));
            ok = v && (long)char_index(in, l.items[k].start) == st &&
                 (long)char_index(in, l.items[k].end) == en + 1 &&
                 value_eq(l.items[k].value, v, percent);
        }
        if (ok)
            good++;
        else if (verbose) {
            fprintf(stderr, "MISS %s: %s =>", file, in);
            for (k = 0; k < l.n; k++)
                fprintf(stderr, " [%zu,%zu)=%.15g", char_index(in, l.items[k].start),
                        char_index(in, l.items[k].end), l.items[k].value);
            fprintf(stderr, "\n");
        }
        dj_quant_list_fini(&l);
    }
    json_decref(spec);
    fprintf(stderr, "%s: %zu/%zu exact (%.1f%%)\n", file, good, total, 100.0 * good / total);
    return (double)good / (double)total;
}

Test(quant_spec, number_model_at_least_95_percent_exact)
{
    double s = score("NumberModel.json", 0, 1);
    cr_assert_geq(s, 0.95, "NumberModel exactness %.3f below 0.95", s);
}

Test(quant_spec, percent_model_at_least_95_percent_exact)
{
    double s = score("PercentModel.json", 1, 1);
    cr_assert_geq(s, 0.95, "PercentModel exactness %.3f below 0.95", s);
}
