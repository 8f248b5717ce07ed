/* cmd_dict.c - `duijie dict`: the domain terms (领域词典) of a database,
 * words the segmenter keeps whole: list, add, remove, import. The checks
 * live in src/app/terms.c; this file only parses arguments and prints. */
#include "cli/cli_app.h"
#include "util/buf.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char dj_cmd_dict_summary[] = "domain terms kept whole by the segmenter (领域词典)";

static const char usage[] =
    "usage: duijie dict [list] [--json] [--db PATH]\n"
    "       duijie dict add WORD [FREQ] [--json] [--db PATH]\n"
    "       duijie dict remove WORD [--json] [--db PATH]\n"
    "       duijie dict import FILE [--json] [--db PATH]\n"
    "Domain terms are words the Chinese segmenter keeps whole (多天线认知无线,\n"
    "装配式建筑) in search, match and their explanations. WORD: one word of at most\n"
    "32 characters; FREQ: a whole number 1..10^12 (without it the word gets a\n"
    "probability just above its best split, so it wins where it occurs). FILE: one\n"
    "\"word [freq]\" per line, UTF-8, # comments; all lines or none are added.\n"
    "Changes are audited; the catalog is re-indexed on the next search.\n";

/* Text form of dj_app_terms_json: one "word [freq]" per line. */
static int print_terms(const char *json)
{
    json_t *root = json_loads(json, 0, NULL), *t;
    size_t i;

    if (!root)
        return DJ_ENOMEM;
    json_array_foreach(root, i, t)
    {
        json_t *f = json_object_get(t, "freq");
        printf("%s", json_string_value(json_object_get(t, "word")));
        if (json_is_integer(f))
            printf(" %lld", (long long)json_integer_value(f));
        printf("\n");
    }
    if (json_array_size(root) == 0)
        printf("no domain terms (duijie dict add WORD)\n");
    json_decref(root);
    return DJ_OK;
}

/* "added WORD", or {"added": "WORD"} with --json. */
/* "added WORD" ({"added": WORD}); changed 0: the term was so already
 * ("no change: WORD is stored already", {"added": WORD, "changed": false}). */
static int print_done(int json, const char *what, const char *word, int changed)
{
    dj_buf b;
    int rc;
    if (!json) {
        if (changed)
            printf("%s %s\n", what, word);
        else
            printf("no change: %s is stored already\n", word);
        return DJ_OK;
    }
    dj_buf_init(&b, 0);
    dj_buf_printf(&b, "{\"%s\":", what);
    dj_buf_json_str(&b, word, strlen(word));
    dj_buf_puts(&b, changed ? "}\n" : ",\"changed\":false}\n");
    rc = dj_cli_print_buf(&b);
    return rc;
}

/* FREQ of `dict add WORD FREQ`: a whole number 1..10^12 in decimal digits
 * into *out: 0, else -1. */
static int parse_freq(long long *out, const char *s)
{
    char *end = NULL;
    errno = 0;
    *out = strtoll(s, &end, 10);
    return (*end || s[0] < '0' || s[0] > '9' || *out <= 0 || *out > 1000000000000LL ||
            errno == ERANGE)
               ? -1
               : 0;
}

/* add's FREQ is checked before the database is opened: a usage error. */
static int check_add(const char *cmd, char **args, int nargs)
{
    long long freq;
    if (nargs > 1 && parse_freq(&freq, args[1]) < 0)
        return dj_cli_usage_error(cmd, "FREQ '%s': give a whole number 1..10^12", args[1]);
    return 0;
}

static int run(dj_app *app, const char *verb, char **args, int nargs, int json, dj_diag *diag)
{
    dj_buf out;
    long added = 0;
    int rc;

    if (strcmp(verb, "add") == 0) {
        long long freq = 0;
        if (nargs > 1)
            (void)parse_freq(&freq, args[1]); /* check_add accepted it */
        int changed = 0;
        if ((rc = dj_app_term_add(app, args[0], (int64_t)freq, &changed, diag)) == DJ_OK)
            rc = print_done(json, "added", args[0], changed);
        return rc;
    }
    if (strcmp(verb, "remove") == 0) {
        if ((rc = dj_app_term_remove(app, args[0], diag)) == DJ_OK)
            rc = print_done(json, "removed", args[0], 1);
        return rc == DJ_ENOTFOUND ? dj_cli_not_found(diag, "domain term", args[0], NULL) : rc;
    }
    if (strcmp(verb, "import") == 0) {
        long same = 0;
        if ((rc = dj_app_terms_import(app, args[0], &added, &same, diag)) < 0)
            return rc;
        if (json)
            printf("{\"terms\":%ld,\"unchanged\":%ld}\n", added, same);
        else if (added)
            printf("%ld terms added or updated, %ld unchanged\n", added, same);
        else
            printf("no change: %ld terms already stored as in the file\n", same);
        return rc;
    }
    dj_buf_init(&out, 0);
    if ((rc = dj_app_terms_json(app, &out, diag)) == DJ_OK) {
        if (json)
            printf("%s\n", dj_buf_cstr(&out));
        else
            rc = print_terms(dj_buf_cstr(&out));
    }
    dj_buf_fini(&out);
    return rc;
}

int dj_cmd_dict(int argc, char **argv)
{
    static const dj_cli_verb verbs[] = {{"list", 0, 0, NULL, 1},
                                        {"add", 1, 2, check_add, 0},
                                        {"remove", 1, 1, NULL, 0},
                                        {"import", 1, 1, NULL, 0}};
    return dj_cli_verbs(argc, argv, "dict", usage, verbs, 4,
                        "list, add WORD [FREQ], remove WORD or import FILE", run);
}
