/* cli_records.c - the shared body of `duijie org` and `duijie listing`:
 * add / show / list / update (/ close for listings) over dj_app records;
 * also `duijie event add` and `duijie event list`. */
#include "cli/cli_records.h"

#include "cli/cli_app.h"
#include "cli/cli_record_text.h"
#include "util/buf.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *f, const char *cmd, const char *type)
{
    if (!strcmp(type, "events")) { /* the rest of `duijie event` is its own */
        fprintf(f,
                "usage: duijie %s add FIELD=VALUE...        add (or update by 编号) one event\n"
                "       duijie %s list [FIELD=VALUE...] [--limit N] [--offset N]\n"
                "options: --db PATH, --json (print records, results and errors as JSON)\n",
                cmd, cmd);
        dj_cli_print_columns(f, type);
        return;
    }
    fprintf(f,
            "usage: duijie %s add FIELD=VALUE...        add (or update by key) one record\n"
            "       duijie %s show ID                   print one record\n"
            "       duijie %s list [FIELD=VALUE...] [--limit N] [--offset N]\n"
            "       duijie %s update ID FIELD=VALUE...  change fields of a record\n",
            cmd, cmd, cmd, cmd);
    if (!strcmp(type, "listings"))
        fprintf(f, "       duijie %s close ID                  mark a listing closed\n", cmd);
    fprintf(f, "ID: the record's id (14, or #14) or its %s\n",
            strcmp(type, "orgs") ? "编号 (GL-D03)" : "name or 统一社会信用代码");
    fprintf(f, "options: --db PATH, --json (print records, results and errors as JSON)\n");
    dj_cli_print_columns(f, type);
}

const struct option dj_cli_records_opts[] = {
    {"db", required_argument, NULL, 'd'},    {"json", no_argument, NULL, 'j'},
    {"limit", required_argument, NULL, 'l'}, {"offset", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};

void dj_cli_write_result(dj_buf *out, int json, const char *done, const char *what, long long id,
                         int changed)
{
    if (json)
        dj_buf_printf(out, "{\"id\":%lld,\"changed\":%s}\n", id, changed ? "true" : "false");
    else if (changed)
        dj_buf_printf(out, "%s %s %lld\n", done, what, id);
    else
        dj_buf_printf(out, "no change: %s %lld already has these values\n", what, id);
}

int dj_cli_records(const char *cmd, const char *type, int argc, char **argv)
{
    const char *db = NULL, *sub, *key = NULL, *cols[64], *vals[64];
    dj_app_page page = {100, 0, 0}; /* list: the first 100 unless --limit */
    int json = 0, c, n, rc, changed = 0;
    int64_t id = 0;
    dj_app *app = NULL;
    dj_diag diag;
    dj_buf out;

    dj_diag_clear(&diag);
    /* GNU getopt permutes: options may come before or after the subcommand */
    while ((c = getopt_long(argc, argv, "", dj_cli_records_opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'l' || c == 'o') {
            if ((rc = dj_cli_page_arg(cmd, &page, c == 'l' ? "limit" : "offset", optarg)) != 0)
                return rc;
        } else if (c == 'h') {
            usage(stdout, cmd, type);
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option(cmd, argc, argv);
    }
    if (optind >= argc)
        return dj_cli_usage_error(cmd, "missing subcommand (add, show, list, update%s)",
                                  strcmp(type, "listings") ? "" : ", close");
    sub = argv[optind++];
    if (!strcmp(sub, "show") || !strcmp(sub, "update") || !strcmp(sub, "close")) {
        if (optind >= argc || !*argv[optind])
            return dj_cli_usage_error(cmd, "%s needs a record: its ID or %s", sub,
                                      strcmp(type, "orgs") ? "编号" : "name");
        key = argv[optind++];
        if (!strcmp(sub, "update") && optind >= argc)
            return dj_cli_usage_error(cmd, "update needs FIELD=VALUE pairs");
        if (!strcmp(sub, "close") && strcmp(type, "listings"))
            return dj_cli_usage_error(cmd, "unknown subcommand 'close'");
    } else if (strcmp(sub, "add") && strcmp(sub, "list")) {
        return dj_cli_usage_error(cmd, "unknown subcommand '%s'", sub);
    }
    if (key && !strcmp(type, "events")) /* event show is the timetable (cmd_event.c) */
        return dj_cli_usage_error(cmd, "unknown subcommand '%s'", sub);
    if ((n = dj_cli_pairs(argv + optind, argc - optind, cols, vals, 64, cmd)) < 0)
        return DJ_EXIT_USAGE;
    if (!strcmp(sub, "add") && n == 0)
        return dj_cli_usage_error(cmd, "add needs FIELD=VALUE pairs");
    if ((!strcmp(sub, "show") || !strcmp(sub, "close")) && n)
        return dj_cli_usage_error(cmd, "%s takes only the record", sub);
    if ((!strcmp(sub, "show") || !strcmp(sub, "list") ? dj_cli_open_read : dj_cli_open)(
            &app, cmd, db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    rc = key ? dj_app_record_id(app, type, key, &id, &diag) : DJ_OK; /* 14, #14, GL-D03, a name */
    if (rc < 0) {
        ;
    } else if (!strcmp(sub, "add")) {
        rc = dj_app_put_changed(app, type, cols, vals, n, &id, &changed, &diag);
        if (rc == DJ_OK)
            dj_cli_write_result(&out, json, "saved", cmd, (long long)id, changed);
    } else if (!strcmp(sub, "update")) {
        rc = dj_app_update(app, type, id, cols, vals, n, &changed, &diag);
        if (rc == DJ_OK)
            dj_cli_write_result(&out, json, "updated", cmd, (long long)id, changed);
    } else if (!strcmp(sub, "close")) {
        rc = dj_app_listing_close(app, id, &changed, &diag);
        if (rc == DJ_OK && json)
            dj_buf_printf(&out, "{\"id\":%lld,\"status\":\"closed\",\"changed\":%s}\n",
                          (long long)id, changed ? "true" : "false");
        else if (rc == DJ_OK)
            dj_buf_printf(&out,
                          changed ? "closed listing %lld\n"
                                  : "no change: listing %lld is closed already\n",
                          (long long)id);
    } else if (!strcmp(sub, "show")) {
        rc = dj_app_get_json(app, type, id, &out, &diag);
        dj_buf_putc(&out, '\n');
    } else {
        rc = dj_app_list_json(app, type, cols, vals, n, &page, &out, &diag);
        dj_buf_putc(&out, '\n');
    }
    if (rc == DJ_ENOTFOUND && key) /* show, update, close: the record as typed */
        rc = dj_cli_not_found(&diag, cmd, key, NULL);
    if (rc == DJ_OK && !json && (!strcmp(sub, "show") || !strcmp(sub, "list")))
        dj_cli_print_records(type, dj_buf_cstr(&out));
    else if (rc == DJ_OK)
        fputs(dj_buf_cstr(&out), stdout);
    if (rc == DJ_OK && !json && !strcmp(sub, "list"))
        dj_cli_page_note(&page);
    dj_buf_fini(&out);
    dj_app_close(app);
    return dj_cli_finish(cmd, rc, &diag, json);
}
