/* cli_app.c - what the store-backed subcommands share: opening the app as
 * the command-line actor, KEY=VALUE argument pairs, and printing. */
#include "cli/cli_app.h"

#include "util/buf.h"
#include "util/file.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The SQLite file a database URL names, or NULL when there is no file to
 * look for: a PostgreSQL URL, ":memory:", "" (SQLite's temporary
 * database) or a "file:" URI (SQLite reads its options; "mode=rw" there
 * refuses a missing file). An optional "sqlite:" prefix is skipped, as
 * dj_store_open does. */
static const char *sqlite_file(const char *url)
{
    if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
        return NULL;
    if (!strncmp(url, "sqlite:", 7))
        url += 7;
    if (!*url || !strcmp(url, ":memory:") || !strncmp(url, "file:", 5))
        return NULL;
    return url;
}

/* create: a missing SQLite file is made; reads: the command only reads. */
static int open_app(dj_app **out, const char *cmd, const char *db_opt, int create, int reads,
                    int json, dj_diag *diag)
{
    /* The command line runs with the rights of whoever can open the file. */
    dj_actor actor = {"cli", DJ_ROLE_ADMIN, 0};
    const char *url = dj_cli_db_path(db_opt), *file = sqlite_file(url);
    struct stat st;
    int rc;

    *out = NULL;
    /* SQLite would create a missing file: a mistyped --db would then read
     * (or write to) a new empty database. Other stat errors (a directory
     * we may not search) are left to SQLite to report. */
    if (!create && file && stat(file, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        rc = dj_diag_set(diag, DJ_ENOTFOUND,
                         "no database at %s (create it with 'duijie init --db %s' or "
                         "'duijie import')",
                         file, url);
    } else {
        rc = (reads ? dj_app_open_read : dj_app_open)(out, url, &actor, diag);
    }
    if (rc < 0)
        dj_cli_finish(cmd, rc, diag, json);
    return rc;
}

int dj_cli_db_new_file(const char *db_opt, char *file, size_t cap)
{
    const char *f = sqlite_file(dj_cli_db_path(db_opt));
    struct stat st;

    if (!f || stat(f, &st) == 0 || errno != ENOENT || strlen(f) + 1 > cap)
        return 0;
    memcpy(file, f, strlen(f) + 1);
    return 1;
}

void dj_cli_db_discard(const char *file)
{
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    char p[4200];
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++)
        if ((size_t)snprintf(p, sizeof p, "%s%s", file, side[i]) < sizeof p)
            remove(p);
}

int dj_cli_open(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag)
{
    return open_app(out, cmd, db_opt, 0, 0, json, diag);
}

int dj_cli_open_read(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag)
{
    return open_app(out, cmd, db_opt, 0, 1, json, diag);
}

int dj_cli_create(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag)
{
    return open_app(out, cmd, db_opt, 1, 0, json, diag);
}

int dj_cli_pairs(char **argv, int argc, const char **cols, const char **vals, int max,
                 const char *cmd)
{
    int i;
    if (argc > max) {
        dj_cli_usage_error(cmd, "too many fields (at most %d)", max);
        return -1;
    }
    for (i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i]) {
            dj_cli_usage_error(cmd, "expected FIELD=VALUE, got '%s'", argv[i]);
            return -1;
        }
        *eq = '\0';
        cols[i] = argv[i];
        vals[i] = eq + 1;
    }
    return argc;
}

void dj_cli_print_columns(FILE *f, const char *type)
{
    const dj_record_type *t = dj_record_type_find(type);
    int i;

    if (!t)
        return;
    fprintf(f, "\nFields of %s (%s), Chinese or English names (* required):\n", t->name, t->zh);
    for (i = 0; i < t->ncols; i++)
        fprintf(f, "  %s %s%s\n", t->cols[i].zh, t->cols[i].en, t->cols[i].required ? " *" : "");
    fprintf(f, "See docs/import.md for values.\n");
}

int dj_cli_finish(const char *cmd, int rc, const dj_diag *d, int json)
{
    if (rc >= 0)
        return DJ_EXIT_OK;
    if (json)
        dj_cli_json_error(rc, d);
    return dj_cli_fail(cmd, rc, d);
}

int64_t dj_cli_id(const char *s)
{
    char *end;
    long long v;
    if (!s || *s < '0' || *s > '9') /* no sign, no blank, not empty */
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    return (*end || v <= 0 || errno == ERANGE) ? -1 : (int64_t)v;
}

int dj_cli_page_arg(const char *cmd, dj_app_page *page, const char *opt, const char *arg)
{
    int limit = !strcmp(opt, "limit");
    int64_t v = !limit && !strcmp(arg, "0") ? 0 : dj_cli_id(arg);
    if (v < 0 || v > 1000000000)
        return dj_cli_usage_error(cmd, "bad --%s '%s' (a whole number from %d)", opt, arg,
                                  limit ? 1 : 0);
    *(limit ? &page->limit : &page->offset) = (long)v;
    return 0;
}

void dj_cli_page_note(const dj_app_page *page)
{
    long end = page->offset + page->limit, rest = page->total - end;
    if (page->limit > 0 && rest > 0)
        fprintf(stderr, "%ld-%ld of %ld; --offset %ld for the next %ld\n", page->offset + 1, end,
                page->total, end, rest < page->limit ? rest : page->limit);
}

int dj_cli_verbs(int argc, char **argv, const char *cmd, const char *usage,
                 const dj_cli_verb *verbs, int nverbs, const char *hint, dj_cli_verb_fn run)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const dj_cli_verb *v = NULL;
    const char *db = NULL;
    int json = 0, c, rc, nargs, i;
    dj_app *app;
    dj_diag diag;

    dj_diag_clear(&diag);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h') {
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option(cmd, argc, argv);
    }
    nargs = optind < argc ? argc - optind - 1 : 0;
    for (i = 0; i < nverbs && !v; i++)
        if (optind < argc ? strcmp(argv[optind], verbs[i].name) == 0 : i == 0)
            v = &verbs[i];
    if (!v || nargs < v->min_args || nargs > v->max_args)
        return dj_cli_usage_error(cmd, "give %s", hint);
    if (v->check && (rc = v->check(cmd, nargs ? argv + optind + 1 : NULL, nargs)) != 0)
        return rc;
    if ((v->reads ? dj_cli_open_read : dj_cli_open)(&app, cmd, db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    rc = run(app, v->name, nargs ? argv + optind + 1 : NULL, nargs, json, &diag);
    dj_app_close(app);
    return dj_cli_finish(cmd, rc, &diag, json);
}

int dj_cli_print_buf(struct dj_buf *b)
{
    int rc = dj_buf_rc(b);
    if (rc == DJ_OK)
        fputs(dj_buf_cstr(b), stdout);
    dj_buf_fini(b);
    return rc;
}

int dj_cli_write_buf(const char *path, const dj_buf *b, dj_diag *d)
{
    int rc = dj_file_write_whole(path ? path : "-", dj_buf_cstr(b), dj_buf_len(b));
    if (rc == DJ_ELIMIT)
        return dj_diag_set(d, rc, "cannot write %s: path too long", path);
    if (rc < 0)
        return dj_diag_set(d, rc, "cannot write %s: %s",
                           path && strcmp(path, "-") ? path : "stdout", strerror(errno));
    return DJ_OK;
}
