/* bench_news.c - scores the quantity parser on the Recognizers-Text specs
 * (case exact: same results, spans and values), checks the gold sample
 * (titles, authors, places, orgs, facts), and measures the throughput of
 * dj_news_extract and dj_quant_extract.
 * usage: bench_news SHARED_DATA_DIR [SECONDS] */
#include "duijie/dj_news.h"
#include "duijie/dj_quant.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/utf8.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int value_eq(double got, const char *want)
{
    double w = strtod(want, NULL);
    return w == got || fabs(w - got) <= 1e-9 * fmax(fabs(w), 1e-300) || fabs(w - got) < 1e-12;
}

static int spec(const char *dir, const char *file, int percent, size_t *good, size_t *total)
{
    char path[4096];
    json_error_t err;
    json_t *j;
    size_t i;

    snprintf(path, sizeof path, "%s/quantities/%s", dir, file);
    if (!(j = json_load_file(path, 0, &err)))
        return -1;
    *good = 0;
    *total = json_array_size(j);
    for (i = 0; i < *total; i++) {
        json_t *c = json_array_get(j, i), *res = json_object_get(c, "Results");
        const char *in = json_string_value(json_object_get(c, "Input"));
        dj_quant_list l;
        size_t k;
        int ok;
        dj_quant_list_init(&l);
        if (percent)
            dj_quant_percents(&l, in, strlen(in));
        else
            dj_quant_numbers(&l, in, strlen(in));
        ok = l.n == json_array_size(res);
        for (k = 0; ok && k < l.n; k++) {
            json_t *r = json_array_get(res, k);
            const char *v =
                json_string_value(json_object_get(json_object_get(r, "Resolution"), "value"));
            ok = v &&
                 (long)dj_utf8_nchars(in, l.items[k].start) ==
                     (long)json_integer_value(json_object_get(r, "Start")) &&
                 (long)dj_utf8_nchars(in, l.items[k].end) ==
                     (long)json_integer_value(json_object_get(r, "End")) + 1 &&
                 value_eq(l.items[k].value, v);
        }
        *good += ok;
        dj_quant_list_fini(&l);
    }
    json_decref(j);
    return 0;
}

/* Reads a whole file (util/file.h); NULL when it cannot. Free with dj_free. */
static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    return dj_file_read(&buf, len, path, 0) == DJ_OK ? buf : NULL;
}

/* Gold sample: counts matching articles, fields and facts. */
static void gold(const char *dir, const char *page, size_t len)
{
    char path[4096];
    json_error_t err;
    json_t *g, *arts;
    dj_news_doc *d = NULL;
    size_t i, k, facts = 0, facts_ok = 0, fields = 0, fields_ok = 0;

    snprintf(path, sizeof path, "%s/news/sample-gold.json", dir);
    if (!(g = json_load_file(path, 0, &err)) || dj_news_extract(&d, page, len, NULL) != DJ_OK) {
        printf("gold sample               : skipped (absent)\n");
        json_decref(g);
        return;
    }
    arts = json_object_get(g, "articles");
    for (i = 0; i < json_array_size(arts); i++) {
        json_t *a = json_array_get(arts, i), *au = json_object_get(a, "authors");
        json_t *fa = json_object_get(a, "facts"), *og = json_object_get(a, "orgs");
        const dj_news_article *x = i < d->narticles ? &d->articles[i] : NULL;
        int au_ok = x && x->nauthors == json_array_size(au), og_ok;
        for (k = 0; au_ok && k < x->nauthors; k++)
            au_ok = strcmp(x->authors[k], json_string_value(json_array_get(au, k))) == 0;
        og_ok = x && x->norgs == json_array_size(og);
        for (k = 0; og_ok && k < x->norgs; k++)
            og_ok = strcmp(x->orgs[k], json_string_value(json_array_get(og, k))) == 0;
        fields += 4;
        fields_ok += x && strcmp(x->title, json_string_value(json_object_get(a, "title"))) == 0;
        fields_ok += x && strcmp(x->place, json_string_value(json_object_get(a, "key"))) == 0;
        fields_ok += au_ok;
        fields_ok += og_ok;
        for (k = 0; k < json_array_size(fa); k++) {
            json_t *f = json_array_get(fa, k);
            facts++;
            if (x && k < x->nfacts && x->nfacts == json_array_size(fa) &&
                fabs(x->facts[k].q.value - json_number_value(json_array_get(f, 0))) < 1e-6 &&
                strcmp(x->facts[k].q.unit, json_string_value(json_array_get(f, 1))) == 0)
                facts_ok++;
        }
    }
    printf("gold sample articles      : %zu extracted, %zu expected\n", d->narticles,
           json_array_size(arts));
    printf("gold title/place/authors/orgs: %zu/%zu exact\n", fields_ok, fields);
    printf("gold facts (value, unit)  : %zu/%zu exact\n", facts_ok, facts);
    dj_news_doc_free(d);
    json_decref(g);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data";
    double secs = argc > 2 ? atof(argv[2]) : 1.0, t0, t;
    size_t good, total, len, bytes = 0, iters = 0;
    char path[4096], *page;

    if (spec(dir, "NumberModel.json", 0, &good, &total) == 0)
        printf("NumberModel exact         : %zu/%zu = %.1f %%\n", good, total,
               100.0 * good / total);
    else
        printf("NumberModel exact         : skipped (absent)\n");
    if (spec(dir, "PercentModel.json", 1, &good, &total) == 0)
        printf("PercentModel exact        : %zu/%zu = %.1f %%\n", good, total,
               100.0 * good / total);
    else
        printf("PercentModel exact        : skipped (absent)\n");
    snprintf(path, sizeof path, "%s/news/sample-page.txt", dir);
    if (!(page = slurp(path, &len))) {
        printf("news throughput           : skipped (sample absent)\n");
        return 0;
    }
    gold(dir, page, len);
    t0 = now();
    do {
        dj_news_doc *d = NULL;
        if (dj_news_extract(&d, page, len, NULL) != DJ_OK)
            return 1;
        dj_news_doc_free(d);
        bytes += len;
        iters++;
    } while ((t = now() - t0) < secs);
    printf("news extract throughput   : %.2f MB/s (%zu runs over %zu bytes)\n", bytes / t / 1e6,
           iters, len);
    bytes = 0;
    t0 = now();
    do {
        dj_quant_list l;
        dj_quant_list_init(&l);
        dj_quant_extract(&l, page, len);
        dj_quant_list_fini(&l);
        bytes += len;
    } while ((t = now() - t0) < secs);
    printf("quantity extract throughput: %.2f MB/s\n", bytes / t / 1e6);
    dj_free(page);
    return 0;
}
