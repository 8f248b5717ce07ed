/* cli_app.c - what the store-backed subcommands share: opening the app as
 * the command-line actor, KEY=VALUE argument pairs, and printing. */
#include "cli/cli_app.h"

#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

int dj_cli_open(dj_app **out, const char *cmd, const char *db_opt, dj_diag *diag)
{
    /* The command line runs with the rights of whoever can open the file. */
    dj_actor actor = {"cli", DJ_ROLE_ADMIN, 0};
    int rc = dj_app_open(out, dj_cli_db_path(db_opt), &actor, diag);
    if (rc < 0)
        dj_cli_fail(cmd, rc, diag);
    return rc;
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
    if (!s || !*s)
        return -1;
    v = strtoll(s, &end, 10);
    return (*end || v <= 0) ? -1 : (int64_t)v;
}
