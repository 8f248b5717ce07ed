/* event_walkin.c - `duijie event join EVENT ORG [FIELD=VALUE...]` and
 * `duijie event request EVENT FROM TO [FIELD=VALUE...]`: one participant or
 * one meeting request without a CSV file (the walk-in at the desk, the
 * request made in the hall). The rules live in src/app/events_walkin.c;
 * this file parses and prints the line every add prints
 * (dj_cli_write_result). */
#include "cli/event_walkin.h"

#include "app/app_events.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "cli/cli_records.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static const char usage_join[] =
    "usage: duijie event join EVENT ORG [FIELD=VALUE...] [--json] [--db PATH]\n"
    "Adds organisation ORG (name or 统一社会信用代码; add a new one first with\n"
    "duijie org add) as a participant of EVENT (code or id): a participants row,\n"
    "checked and audited as an import row. FIELDs are the other columns of\n"
    "participants.csv, e.g. 最多洽谈=4 不可用时段=1;2 角色=展商 展位=A12 (docs/import.md).\n"
    "The same again changes nothing; new values update the participant.\n";

static const char usage_request[] =
    "usage: duijie event request EVENT FROM TO [FIELD=VALUE...] [--json] [--db PATH]\n"
    "Adds the request of participant FROM to meet TO at EVENT (code or id); each\n"
    "is an organisation name or a participant id (#5). FIELDs are the other\n"
    "columns of requests.csv, e.g. 意愿=必须 (or 希望, 不要) 场次=下午 指定时段=5\n"
    "先于=ORG (docs/import.md). The same pair again updates its request. Then\n"
    "duijie event schedule EVENT [--from-slot now] places it.\n";

const struct option dj_cli_event_walkin_opts[] = {{"json", no_argument, NULL, 'j'},
                                                  {"db", required_argument, NULL, 'd'},
                                                  {"help", no_argument, NULL, 'h'},
                                                  {NULL, 0, NULL, 0}};

/* join (nargs 2) or request (nargs 3): options, the positional arguments,
 * then FIELD=VALUE pairs; writes and prints the result line. */
static int walkin(int argc, char **argv, int nargs, const char *usage, const char *need)
{
    const char *db = NULL, *cols[64], *vals[64];
    dj_app *app = NULL;
    dj_diag d;
    dj_buf out;
    int64_t id = 0;
    int c, n, rc, json = 0, changed = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", dj_cli_event_walkin_opts, NULL)) != -1) {
        if (c == 'j')
            json = 1;
        else if (c == 'd')
            db = optarg;
        else if (c == 'h') {
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("event", argc, argv);
    }
    if (argc - optind < nargs || strchr(argv[optind + nargs - 1], '='))
        return dj_cli_usage_error("event", "%s", need);
    if ((n = dj_cli_pairs(argv + optind + nargs, argc - optind - nargs, cols, vals, 64, "event")) <
        0)
        return DJ_EXIT_USAGE;
    dj_diag_clear(&d);
    if (dj_cli_open(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL;
    if (nargs == 2)
        rc = dj_app_event_join(app, argv[optind], argv[optind + 1], cols, vals, n, &id, &changed,
                               &d);
    else
        rc = dj_app_event_request(app, argv[optind], argv[optind + 1], argv[optind + 2], cols, vals,
                                  n, &id, &changed, &d);
    dj_app_close(app);
    if (rc < 0)
        return dj_cli_finish("event", rc, &d, json);
    dj_buf_init(&out, 0);
    dj_cli_write_result(&out, json, "saved", nargs == 2 ? "participant" : "request", (long long)id,
                        changed);
    rc = dj_cli_write_buf(NULL, &out, &d);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}

int dj_cli_event_join(int argc, char **argv)
{
    return walkin(argc, argv, 2, usage_join, "join needs EVENT and ORG, then FIELD=VALUE pairs");
}

int dj_cli_event_request(int argc, char **argv)
{
    return walkin(argc, argv, 3, usage_request,
                  "request needs EVENT, FROM and TO, then FIELD=VALUE pairs");
}
