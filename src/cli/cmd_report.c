/* cmd_report.c - `duijie report`: the park bulletin figures over a period,
 * by park, event and industry (src/app/report.c, docs/reports.md). */
#include "app/app_report.h"
#include "cli/cli_app.h"
#include "util/buf.h"

#include <getopt.h>
#include <string.h>

const char dj_cmd_report_summary[] = "park bulletin figures by period, park, event and industry";

static void usage(FILE *f)
{
    fputs("usage: duijie report [--park NAME] [--from DATE] [--to DATE] [--event CODE]\n"
          "                     [--industry X] [--as-of DATE] [--json | --text | --xlsx FILE]\n"
          "Computes the bulletin figures (docs/reports.md): newly signed projects and their\n"
          "investment, capital increases, starts, production, completed investment, the\n"
          "cohort rates, contracts by type, event outcomes, and growth over the same period a\n"
          "year earlier (同比) and the period just before (环比).\n"
          "  --park NAME     a park organisation (e.g. 兰州高新区); default: every park\n"
          "  --from/--to     the period, inclusive (YYYY-MM-DD); either may be left open\n"
          "  --event CODE    only what is credited to this event\n"
          "  --industry X    only projects/deals of this industry: a GB/T 4754 code and\n"
          "                  those below it (C: all manufacturing; C36), other text exact\n"
          "  --as-of DATE    day the signed cohort is measured (default: --to)\n"
          "  --text          (default) the bulletin paragraph, then a figure table with money\n"
          "                  as 万元/亿元 and exact yuan\n"
          "  --json          the figures as JSON (money in integer fen, percents as strings)\n"
          "  --xlsx FILE     the figure table as an Excel workbook\n"
          "  --db PATH       the database\n"
          "Counting rules: a project is credited to the first event where it was signed; a\n"
          "capital increase counts only the added amount; a change of investor is not a new\n"
          "project.\n",
          f);
}

int dj_cmd_report(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"db", required_argument, NULL, 'd'},       {"json", no_argument, NULL, 'j'},
        {"text", no_argument, NULL, 't'},           {"xlsx", required_argument, NULL, 'x'},
        {"park", required_argument, NULL, 'p'},     {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 'T'},       {"event", required_argument, NULL, 'e'},
        {"industry", required_argument, NULL, 'i'}, {"as-of", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    dj_app_report_req req;
    const char *db = NULL, *xlsx = NULL;
    int json = 0, text = 0, c, rc;
    dj_app *app = NULL;
    dj_diag diag;
    dj_buf out;

    memset(&req, 0, sizeof req);
    dj_diag_clear(&diag);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 't':
            text = 1;
            break;
        case 'x':
            xlsx = optarg;
            break;
        case 'p':
            req.park = optarg;
            break;
        case 'f':
            req.from = optarg;
            break;
        case 'T':
            req.to = optarg;
            break;
        case 'e':
            req.event = optarg;
            break;
        case 'i':
            req.industry = optarg;
            break;
        case 'a':
            req.as_of = optarg;
            break;
        case 'h':
            usage(stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("report", argc, argv);
        }
    }
    if (optind < argc)
        return dj_cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
    if (json + text + (xlsx != NULL) > 1)
        return dj_cli_usage_error("report", "choose one of --json, --text, --xlsx");
    if (xlsx && !*xlsx)
        return dj_cli_usage_error("report", "--xlsx needs a file name");
    if (dj_cli_open_read(&app, "report", db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    if (xlsx) {
        rc = dj_app_report_xlsx(app, &req, xlsx, &diag);
        if (rc == DJ_OK)
            dj_buf_printf(&out, "wrote %s\n", xlsx);
    } else {
        rc = dj_app_report(app, &req, json ? DJ_APP_REPORT_JSON : DJ_APP_REPORT_TEXT, &out, &diag);
    }
    if (rc == DJ_OK)
        fputs(dj_buf_cstr(&out), stdout);
    dj_buf_fini(&out);
    dj_app_close(app);
    return dj_cli_finish("report", rc, &diag, json);
}
