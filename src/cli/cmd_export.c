/* cmd_export.c - `duijie export TYPE`: CSV (UTF-8 BOM or GBK), JSON Lines or XLSX. */
#include "cli/cli_app.h"
#include "util/buf.h"

#include <getopt.h>
#include <string.h>

const char dj_cmd_export_summary[] = "export records as CSV, GBK CSV, JSON Lines or XLSX";

int dj_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db = NULL, *fmt = "csv", *out = "-";
    int json = 0, c, format, rc;
    long rows = 0;
    dj_app *app;
    dj_diag diag;

    dj_diag_clear(&diag);
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'f')
            fmt = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h') {
            puts("usage: duijie export TYPE [--format csv|gbk|jsonl|xlsx] [-o|--output FILE] "
                 "[--json]\n"
                 "                    [--db PATH]\n"
                 "Writes all records of TYPE (orgs, listings, events, participants, requests,\n"
                 "meetings, projects, project_updates, deals) in the import columns, so the\n"
                 "file imports back. csv: UTF-8 with BOM (Excel); gbk: GB18030; xlsx needs -o.\n"
                 "Output goes to stdout unless -o FILE; --json (with -o) prints\n"
                 "{\"exported\",\"file\"} and errors as JSON.");
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("export", argc, argv);
    }
    if (optind != argc - 1)
        return dj_cli_usage_error("export", "give exactly one TYPE");
    if (!dj_record_type_find(argv[optind]))
        return dj_cli_usage_error("export", "unknown type '%s'", argv[optind]);
    if (!strcmp(fmt, "csv"))
        format = DJ_FMT_CSV;
    else if (!strcmp(fmt, "gbk") || !strcmp(fmt, "gb18030"))
        format = DJ_FMT_CSV_GBK;
    else if (!strcmp(fmt, "jsonl"))
        format = DJ_FMT_JSONL;
    else if (!strcmp(fmt, "xlsx"))
        format = DJ_FMT_XLSX;
    else
        return dj_cli_usage_error("export", "unknown format '%s'", fmt);
    if (format == DJ_FMT_XLSX && !strcmp(out, "-"))
        return dj_cli_usage_error("export", "xlsx needs -o FILE.xlsx");
    if (json && !strcmp(out, "-")) /* stdout would hold the records, not a JSON line */
        return dj_cli_usage_error("export", "--json reports a written file: give -o FILE "
                                            "(--format jsonl writes JSON Lines to stdout)");
    if (dj_cli_open_read(&app, "export", db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    rc = dj_app_export(app, argv[optind], format, out, &rows, &diag);
    if (rc == DJ_OK && strcmp(out, "-") && json) {
        dj_buf b;
        dj_buf_init(&b, 0);
        dj_buf_printf(&b, "{\"exported\":%ld,\"file\":", rows);
        dj_buf_json_str(&b, out, strlen(out));
        dj_buf_puts(&b, "}\n");
        rc = dj_cli_print_buf(&b);
    } else if (rc == DJ_OK && strcmp(out, "-")) {
        printf("exported %ld rows to %s\n", rows, out);
    }
    dj_app_close(app);
    return dj_cli_finish("export", rc, &diag, json);
}
