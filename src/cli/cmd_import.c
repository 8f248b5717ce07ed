/* cmd_import.c - `duijie import FILE...`: CSV/JSONL into the database in one
 * transaction (all files or nothing). */
#include "cli/cli_app.h"
#include "cli/cli_progress.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char dj_cmd_import_summary[] = "import CSV (UTF-8/GBK) or JSON Lines files, all or nothing";

static void free_skip(char **skip, int n)
{
    for (int i = 0; i < n; i++)
        free(skip[i]);
    free(skip);
}

/* Appends the names of one --ignore-column value to *skip: split at ',' and
 * '，', spaces around each trimmed. -1 for an empty name (",备注", "") or
 * no memory. */
static int add_skip(char ***skip, int *n, const char *arg)
{
    const char *p = arg;
    for (;;) {
        const char *end = p, *next;
        char **grown;
        size_t len;
        while (*end && *end != ',' && strncmp(end, "，", 3) != 0)
            end++;
        next = !*end ? NULL : *end == ',' ? end + 1 : end + 3;
        while (p < end && *p == ' ')
            p++;
        len = (size_t)(end - p);
        while (len && p[len - 1] == ' ')
            len--;
        if (!len || !(grown = realloc(*skip, (size_t)(*n + 1) * sizeof *grown)))
            return -1;
        *skip = grown;
        if (!(grown[*n] = strndup(p, len)))
            return -1;
        (*n)++;
        if (!next)
            return 0;
        p = next;
    }
}

/* The command; the --ignore-column names it reads go to *skip, freed by the caller. */
static int import_main(int argc, char **argv, char ***skip, int *nskip)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"type", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},     {"ignore-column", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0}};
    const char *db = NULL, *type = NULL;
    const char **paths, **types;
    int json = 0, c, i, n, rc, created;
    char newdb[4096];
    dj_app *app;
    dj_diag diag;
    dj_import_counts counts;

    dj_diag_clear(&diag);
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 't')
            type = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'i') {
            if (add_skip(skip, nskip, optarg) < 0)
                return dj_cli_usage_error("import",
                                          "bad --ignore-column '%s' (a column name, or "
                                          "names separated by commas)",
                                          optarg);
        } else if (c == 'h') {
            int k;
            puts("usage: duijie import [--db PATH] [--type TYPE] [--ignore-column NAME]... "
                 "[--json]\n"
                 "                     FILE...\n"
                 "Loads CSV (UTF-8, UTF-8 with BOM, or GB18030/GBK) or JSON Lines (.jsonl)\n"
                 "files. A file's type is --type (English or Chinese name), its name (orgs.csv,\n"
                 "listings.jsonl, 供需.csv, ...), or else the one type whose columns its header\n"
                 "(JSON: first object's keys) names.\n"
                 "All files load in one transaction: one bad row rejects everything and the\n"
                 "error names file, line, field and reason. Columns: docs/import.md.\n"
                 "--ignore-column 备注 skips that column (header cell or JSON key), values and\n"
                 "all, in every file; repeat it or list names: --ignore-column 备注,序号.\n"
                 "types (in load order):");
            for (k = 0; k < dj_nrecord_types; k++)
                printf("  %s (%s)\n", dj_record_types[k]->name, dj_record_types[k]->zh);
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("import", argc, argv);
    }
    n = argc - optind;
    if (n <= 0)
        return dj_cli_usage_error("import", "no files given");
    if (type && !dj_record_type_find(type))
        return dj_cli_usage_error("import", "unknown type '%s'", type);
    paths = (const char **)(argv + optind);
    types = calloc((size_t)n, sizeof *types);
    if (!types)
        return dj_cli_fail("import", DJ_ENOMEM, NULL);
    for (i = 0; i < n; i++)
        types[i] = type;
    /* every file opens before the database is touched: a missing file
     * creates no database, as for news import */
    for (i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (!f) {
            dj_diag_set(&diag, DJ_EIO, "cannot read: %s", strerror(errno));
            snprintf(diag.file, sizeof diag.file, "%s", paths[i]);
            free(types);
            return dj_cli_finish("import", DJ_EIO, &diag, json);
        }
        fclose(f);
    }
    created = dj_cli_db_new_file(db, newdb, sizeof newdb);
    if (dj_cli_create(&app, "import", db, json, &diag) < 0) {
        free(types);
        if (created)
            dj_cli_db_discard(newdb);
        return DJ_EXIT_FAIL;
    }
    dj_app_set_progress(app, dj_cli_task_progress, NULL);
    dj_app_set_import_skip(app, (const char *const *)*skip, *nskip);
    rc = dj_app_import(app, paths, types, n, &counts, &diag);
    dj_cli_progress_end();
    if (rc == DJ_OK) {
        if (json)
            printf("{\"imported\":%ld,\"by_type\":{", counts.total);
        for (i = 0; i < dj_nrecord_types; i++) {
            long rows = counts.rows[i], added = counts.added[i];
            if (json)
                printf("%s\"%s\":%ld", i ? "," : "", dj_record_types[i]->name, rows);
            else if (rows && added == rows)
                printf("%-16s %6ld row%s, all new\n", dj_record_types[i]->name, rows,
                       rows == 1 ? "" : "s");
            else if (rows) /* a row whose key is stored, or repeated, updates that record */
                printf("%-16s %6ld row%s: %ld new, %ld matched a stored record by its key\n",
                       dj_record_types[i]->name, rows, rows == 1 ? "" : "s", added, rows - added);
        }
        if (json) {
            printf("},\"new_by_type\":{");
            for (i = 0; i < dj_nrecord_types; i++)
                printf("%s\"%s\":%ld", i ? "," : "", dj_record_types[i]->name, counts.added[i]);
            printf("}}\n");
        } else
            printf("imported %ld row%s from %d file%s\n", counts.total,
                   counts.total == 1 ? "" : "s", n, n == 1 ? "" : "s");
    }
    dj_app_close(app);
    free(types);
    if (rc < 0 && created) /* a refused import into a new database leaves none */
        dj_cli_db_discard(newdb);
    return dj_cli_finish("import", rc, &diag, json);
}

int dj_cmd_import(int argc, char **argv)
{
    char **skip = NULL; /* --ignore-column names, each list split at its commas */
    int nskip = 0, rc = import_main(argc, argv, &skip, &nskip);
    free_skip(skip, nskip);
    return rc;
}
