/* cmd_init.c - `duijie init`: create or migrate the database. */
#include "cli/cli_app.h"

#include "store/store.h"
#include "util/buf.h"

#include <getopt.h>
#include <string.h>

const char dj_cmd_init_summary[] = "create the database or bring its schema up to date";

int dj_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c, version = 0, rc;
    dj_app *app;
    dj_diag diag;

    dj_diag_clear(&diag);
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h') {
            puts("usage: duijie init [--db PATH] [--json]\n"
                 "Creates the database (SQLite file) if missing and applies pending migrations.");
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("init", argc, argv);
    }
    if (optind < argc)
        return dj_cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
    if (dj_cli_create(&app, "init", db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    rc = dj_store_schema_version(dj_app_store(app), &version, &diag);
    if (rc == DJ_OK) {
        if (json) {
            dj_buf b;
            dj_buf_init(&b, 0);
            dj_buf_puts(&b, "{\"db\":");
            dj_buf_json_str(&b, dj_cli_db_path(db), strlen(dj_cli_db_path(db)));
            dj_buf_printf(&b, ",\"schema_version\":%d}\n", version);
            rc = dj_cli_print_buf(&b);
        } else
            printf("database %s at schema version %d\n", dj_cli_db_path(db), version);
    }
    dj_app_close(app);
    return dj_cli_finish("init", rc, &diag, json);
}
