/* cli_results.c - prints search/match results (the JSON that dj_match
 * renders) as readable text: rank, score, id, title with the matched terms
 * marked, and each factor's contribution. */
#include "cli/cli_results.h"

#include "app/app_match.h"
#include "cli/cli_app.h"
#include "duijie/dj_model.h"
#include "duijie/dj_text.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* One Han character: a segmentation fragment that says little about why two
 * texts match. Only Han: a lone full-width letter (Ｃ), Roman numeral (Ⅻ) or
 * symbol is three UTF-8 bytes too, and is the whole match of its query. */
static int single_cjk(const char *s)
{
    size_t len = strlen(s), at = 0;
    uint32_t cp = dj_utf8_next(s, len, &at);
    return at == len && dj_is_cjk(cp);
}

/* The text of a highlight object, or the string itself (a term). */
static const char *phrase_at(json_t *list, size_t i)
{
    json_t *h = json_array_get(list, i);
    return json_string_value(json_is_object(h) ? json_object_get(h, "text") : h);
}

/* 1 when phrase i says nothing that another phrase of the list does not:
 * a repeat of an earlier one, or part of a longer one ("光模块" next to
 * "400G光模块耦合"). */
static int phrase_redundant(json_t *list, size_t i)
{
    const char *s = phrase_at(list, i), *o;
    size_t j, n = json_array_size(list);

    for (j = 0; j < n; j++) {
        if (j == i || !(o = phrase_at(list, j)))
            continue;
        if (strcmp(o, s) == 0 ? j < i : strstr(o, s) != NULL)
            return 1;
    }
    return 0;
}

#define PHRASE_MAX_CHARS 24

/* Prints "匹配:" (matched) with the distinct highlighted texts (adjacent matched
 * terms read as the phrase they form in the candidate, "光模块" rather
 * than 光 / 模块 / 光模), title first, without those inside a longer one
 * and without single Han characters unless nothing else matched (search 光
 * 热: 热 is then the reason), at most 12, each cut to PHRASE_MAX_CHARS
 * characters and "…" (a term repeated back to back in a body reads as one
 * phrase of any length); the terms when nothing is highlighted. */
static void print_matched(json_t *highlights, json_t *terms)
{
    json_t *list = json_array_size(highlights) ? highlights : terms;
    size_t i, n = json_array_size(list), shown = 0;
    int lone = 1; /* whether every phrase is a single Han character */

    for (i = 0; i < n && lone; i++) {
        const char *s = phrase_at(list, i);
        lone = !s || single_cjk(s);
    }
    for (i = 0; i < n && shown < 12; i++) {
        const char *s = phrase_at(list, i);
        size_t len, at = 0, chars = 0;
        if (!s || (!lone && single_cjk(s)) || phrase_redundant(list, i))
            continue;
        len = strlen(s);
        while (at < len && chars < PHRASE_MAX_CHARS) {
            dj_utf8_next(s, len, &at);
            chars++;
        }
        printf("%s %.*s%s", shown++ ? "" : "      匹配:", (int)at, s, at < len ? "…" : "");
    }
    if (shown)
        printf("\n");
}

/* The Chinese label of a score factor (the JSON keys of dj_match stay
 * English); an unknown key as it is. */
static const char *factor_zh(const char *key)
{
    for (int f = 0; f < DJ_NFACTORS; f++)
        if (strcmp(dj_match_factor_name(f), key) == 0)
            return dj_match_factor_label(f);
    return key;
}

/* One line "权重: 文本 0.4 ..." when the weights used are not the defaults
 * (a setting or --weights changed them), so that scores can be read; with
 * "语义" when a semantic model took part ("semantic" in the JSON). */
static void print_weights(json_t *weights)
{
    dj_match_weights def;
    json_t *sem = json_object_get(weights, "semantic");
    int f, differ = 0;

    dj_match_weights_default(&def);
    for (f = 0; f < DJ_NFACTORS; f++) {
        json_t *v = json_object_get(weights, dj_match_factor_name(f));
        differ |= v && (float)json_number_value(v) != def.w[f];
    }
    differ |= sem && (float)json_number_value(sem) != def.semantic;
    if (!differ)
        return;
    printf("权重:");
    for (f = 0; f < DJ_NFACTORS; f++)
        printf(" %s %g", dj_match_factor_label(f),
               json_number_value(json_object_get(weights, dj_match_factor_name(f))));
    if (sem)
        printf(" 语义 %g", json_number_value(sem));
    printf("\n");
}

#define MAX_SHOWN_FACTORS 16

/* Prints "得分:" (score) with each non-zero factor's contribution in
 * thousandths that add up to the score as printed: each is rounded down and
 * the thousandths still missing go to the largest remainders (rounded one
 * by one, 0.0375 + 0.0375 + ... showed as parts of 0.001 more or less than
 * the score on one line in ten). */
static void print_factors(json_t *factors, double score)
{
    double rem[MAX_SHOWN_FACTORS];
    long long milli[MAX_SHOWN_FACTORS], target, sum = 0;
    char shown[32];
    size_t n = 0, i;
    const char *k;
    json_t *v;

    json_object_foreach(factors, k, v)
    {
        double x = json_number_value(v) * 1000;
        if (n == MAX_SHOWN_FACTORS)
            break;
        milli[n] = (long long)floor(x);
        rem[n] = x - (double)milli[n];
        sum += milli[n++];
    }
    snprintf(shown, sizeof shown, "%.3f", score);
    target = (long long)floor(strtod(shown, NULL) * 1000 + 0.5);
    if (target - sum >= 0 && target - sum <= (long long)n) {
        for (; sum < target; sum++) { /* the largest remainder left, first in order on ties */
            size_t best = 0;
            for (i = 1; i < n; i++)
                if (rem[i] > rem[best])
                    best = i;
            milli[best]++;
            rem[best] = -1;
        }
    } else { /* not the sum of its factors (cannot happen): each rounded alone */
        i = 0;
        json_object_foreach(factors, k, v)
        {
            if (i < n)
                milli[i++] = (long long)floor(json_number_value(v) * 1000 + 0.5);
        }
    }
    printf("      得分:");
    i = 0;
    json_object_foreach(factors, k, v)
    {
        if (i >= n)
            break;
        if (json_number_value(v) != 0.0)
            printf(" %s %s%lld.%03lld", factor_zh(k), milli[i] < 0 ? "-" : "+",
                   llabs(milli[i]) / 1000, llabs(milli[i]) % 1000);
        i++;
    }
    printf("\n");
}

/* The listing's 编号 and organisation from the store (into code, org; empty
 * when unknown). */
static void listing_who(dj_app *app, long long id, char *code, size_t ccap, char *org, size_t ocap)
{
    dj_buf b;
    json_t *v;
    code[0] = org[0] = '\0';
    dj_buf_init(&b, 0);
    if (app && dj_app_get_json(app, "listings", id, &b, NULL) == DJ_OK &&
        (v = json_loads(dj_buf_cstr(&b), 0, NULL)) != NULL) {
        const char *c = json_string_value(json_object_get(v, "code"));
        const char *o = json_string_value(json_object_get(v, "org"));
        snprintf(code, ccap, "%s", c ? c : "");
        snprintf(org, ocap, "%s", o ? o : "");
        json_decref(v);
    }
    dj_buf_fini(&b);
}

int dj_cli_print_results(const char *json, int show_factors, size_t skipped, dj_app *app)
{
    json_error_t err;
    json_t *root = json_loads(json, 0, &err), *results, *r;
    size_t i;

    if (!root)
        return -1;
    results = json_object_get(root, "results");
    if (show_factors)
        print_weights(json_object_get(root, "weights"));
    if (json_array_size(results) == 0)
        printf("no results\n");
    json_array_foreach(results, i, r)
    {
        const char *title = json_string_value(json_object_get(r, "title"));
        json_t *terms = json_object_get(r, "terms"), *factors;

        const char *side = json_string_value(json_object_get(r, "side"));
        const char *status = json_string_value(json_object_get(r, "status"));

        long long id = (long long)json_integer_value(json_object_get(r, "id"));
        char code[80], org[256];
        listing_who(app, id, code, sizeof code, org, sizeof org);
        printf("%2zu. %.3f  #%lld  ", skipped + i + 1,
               json_number_value(json_object_get(r, "score")), id);
        if (code[0])
            printf("%s  ", code);
        if (side) /* a search covers both sides: say which */
            printf("%s  ", dj_enum_zh(&dj_enum_side, side));
        print_marked(title ? title : "", json_object_get(r, "highlights"));
        if (status && strcmp(status, "published")) /* search --status any */
            printf("（%s）", dj_enum_zh(&dj_enum_status, status));
        if (org[0])
            printf("  — %s", org);
        printf("\n");
        print_matched(json_object_get(r, "highlights"), terms);
        factors = json_object_get(r, "factors");
        if (show_factors && json_object_size(factors))
            print_factors(factors, json_number_value(json_object_get(r, "score")));
    }
    json_decref(root);
    return 0;
}

int dj_cli_with_engine(const char *cmd, const char *db, int json, int show_factors, size_t skipped,
                       dj_cli_engine_op op, void *ctx)
{
    dj_app *app = NULL;
    dj_match *m = NULL;
    dj_diag diag;
    dj_buf out;
    int rc;

    dj_diag_clear(&diag);
    if (dj_cli_open_read(&app, cmd, db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    /* DUIJIE_INDEX_FILE=0: never read or write DATABASE.index */
    const char *keep = getenv("DUIJIE_INDEX_FILE");
    int use_saved = !(keep && strcmp(keep, "0") == 0);
    if ((rc = dj_app_match_load(&m, app, use_saved, &diag)) == DJ_OK)
        rc = op(app, m, &out, ctx, &diag);
    if (rc == DJ_OK) {
        if (json)
            printf("%s\n", dj_buf_cstr(&out));
        else
            dj_cli_print_results(dj_buf_cstr(&out), show_factors, skipped, app);
    }
    dj_buf_fini(&out);
    dj_match_free(m);
    dj_app_close(app);
    dj_text_shutdown();
    return dj_cli_finish(cmd, rc, &diag, json);
}
