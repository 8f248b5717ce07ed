/* cli_results.c - prints search/match results (the JSON that dj_match
 * renders) as readable text: rank, score, id, title with the matched terms
 * marked, and each factor's contribution. */
#include "cli/cli_results.h"

#include "app/app_match.h"
#include "cli/cli_app.h"
#include "duijie/dj_text.h"
#include "util/buf.h"

#include <jansson.h>
#include <string.h>

/* Prints text with the highlight spans of the title field marked 【…】. */
static void print_marked(const char *title, json_t *highlights)
{
    size_t i, pos = 0, len = strlen(title);
    json_t *h;

    json_array_foreach(highlights, i, h)
    {
        const char *field = json_string_value(json_object_get(h, "field"));
        size_t s = (size_t)json_integer_value(json_object_get(h, "start"));
        size_t e = (size_t)json_integer_value(json_object_get(h, "end"));
        if (!field || strcmp(field, "title") || s < pos || e > len || s >= e)
            continue;
        printf("%.*s【%.*s】", (int)(s - pos), title + pos, (int)(e - s), title + s);
        pos = e;
    }
    printf("%s", title + pos);
}

/* One CJK character (three UTF-8 bytes): a segmentation fragment that says
 * little about why two texts match. */
static int single_cjk(const char *s)
{
    return strlen(s) == 3 && (unsigned char)s[0] >= 0xe0;
}

/* Prints "matched:" with the distinct highlighted texts (adjacent matched
 * terms read as the phrase they form in the candidate, "光模块" rather
 * than 光 / 模块 / 光模), title first, single CJK characters left out,
 * at most 12; the terms when nothing is highlighted. */
static void print_matched(json_t *highlights, json_t *terms)
{
    json_t *list = json_array_size(highlights) ? highlights : terms, *h;
    size_t i, j, shown = 0;

    json_array_foreach(list, i, h)
    {
        json_t *v = json_is_object(h) ? json_object_get(h, "text") : h;
        const char *s = json_string_value(v);
        int seen = 0;
        if (!s || single_cjk(s))
            continue;
        for (j = 0; j < i && !seen; j++) {
            json_t *p = json_array_get(list, j);
            seen = json_equal(json_is_object(p) ? json_object_get(p, "text") : p, v);
        }
        if (seen)
            continue;
        printf("%s %s", shown ? "" : "      matched:", s);
        if (++shown == 12)
            break;
    }
    if (shown)
        printf("\n");
}

int dj_cli_print_results(const char *json, int show_factors)
{
    json_error_t err;
    json_t *root = json_loads(json, 0, &err), *results, *r;
    size_t i;

    if (!root)
        return -1;
    results = json_object_get(root, "results");
    if (json_array_size(results) == 0)
        printf("no results\n");
    json_array_foreach(results, i, r)
    {
        const char *title = json_string_value(json_object_get(r, "title"));
        json_t *terms = json_object_get(r, "terms"), *factors;
        const char *key;

        printf("%2zu. %.3f  #%lld  ", i + 1, json_number_value(json_object_get(r, "score")),
               (long long)json_integer_value(json_object_get(r, "id")));
        print_marked(title ? title : "", json_object_get(r, "highlights"));
        printf("\n");
        print_matched(json_object_get(r, "highlights"), terms);
        factors = json_object_get(r, "factors");
        if (show_factors && json_object_size(factors)) {
            json_t *v;
            printf("      factors:");
            json_object_foreach(factors, key, v)
            {
                if (json_number_value(v) != 0.0)
                    printf(" %s %+.3f", key, json_number_value(v));
            }
            printf("\n");
        }
    }
    json_decref(root);
    return 0;
}

int dj_cli_with_engine(const char *cmd, const char *db, int json, int show_factors,
                       dj_cli_engine_op op, void *ctx)
{
    dj_app *app = NULL;
    dj_match *m = NULL;
    dj_diag diag;
    dj_buf out;
    int rc;

    dj_diag_clear(&diag);
    if (dj_cli_open(&app, cmd, db, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    if ((rc = dj_app_match_load(&m, app, &diag)) == DJ_OK)
        rc = op(app, m, &out, ctx, &diag);
    if (rc == DJ_OK) {
        if (json)
            printf("%s\n", dj_buf_cstr(&out));
        else
            dj_cli_print_results(dj_buf_cstr(&out), show_factors);
    }
    dj_buf_fini(&out);
    dj_match_free(m);
    dj_app_close(app);
    dj_text_shutdown();
    return dj_cli_finish(cmd, rc, &diag, json);
}
