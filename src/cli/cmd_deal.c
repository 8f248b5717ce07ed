/* cmd_deal.c - `duijie deal`: contracts and agreements (签约) over
 * src/app/projects_write.c, projects_read.c and the record use cases of
 * dj_app.h. */
#include "app/app_report.h"
#include "cli/cli_app.h"
#include "cli/cli_record_text.h"
#include "cli/cli_records.h"
#include "util/buf.h"

#include <getopt.h>
#include <string.h>

const char dj_cmd_deal_summary[] = "contracts and agreements (签约): add, show, list";

static void usage(FILE *f)
{
    fputs("usage: duijie deal add FIELD=VALUE...          add (or update by code) one deal\n"
          "       duijie deal show ID|CODE               print one deal\n"
          "       duijie deal list [--event CODE] [--type T] [--limit N] [--offset N]\n"
          "options: --db PATH, --json (results and errors as JSON)\n"
          "Types: tech_development 技术开发, tech_transfer 技术转让, tech_license 技术许可,\n"
          "tech_consulting 技术咨询, tech_service 技术服务, investment 投资协议, framework "
          "框架协议,\n"
          "intent 合作意向. Amounts are exact decimals (103.9万, 11亿); list shows 万元/亿元,\n"
          "the first 100 unless --limit.\n",
          f);
    dj_cli_print_columns(f, "deals");
}

int dj_cmd_deal(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"db", required_argument, NULL, 'd'},    {"json", no_argument, NULL, 'j'},
        {"event", required_argument, NULL, 'e'}, {"type", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'l'}, {"offset", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    const char *db = NULL, *event = NULL, *type = NULL, *sub, *cols[64], *vals[64];
    int json = 0, c, n = 0, rc, paged = 0;
    int64_t id = 0;
    dj_app_page page = {100, 0, 0};
    dj_app *app = NULL;
    dj_diag diag;
    dj_buf out;

    dj_diag_clear(&diag);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'e')
            event = optarg;
        else if (c == 't')
            type = optarg;
        else if (c == 'l' || c == 'o') {
            if ((rc = dj_cli_page_arg("deal", &page, c == 'l' ? "limit" : "offset", optarg)) != 0)
                return rc;
            paged = 1;
        } else if (c == 'h') {
            usage(stdout);
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("deal", argc, argv);
    }
    if (optind >= argc)
        return dj_cli_usage_error("deal", "missing subcommand (add, show, list)");
    sub = argv[optind++];
    if (strcmp(sub, "list") && (event || type || paged)) /* list's (add --event was ignored) */
        return dj_cli_usage_error("deal", "%s does not take --%s", sub,
                                  event  ? "event"
                                  : type ? "type"
                                         : "limit or --offset");
    if (!strcmp(sub, "add")) {
        if ((n = dj_cli_pairs(argv + optind, argc - optind, cols, vals, 64, "deal")) < 0)
            return DJ_EXIT_USAGE;
        if (n == 0)
            return dj_cli_usage_error("deal", "add needs FIELD=VALUE pairs");
    } else if (!strcmp(sub, "show")) {
        if (argc - optind != 1)
            return dj_cli_usage_error("deal", "show takes one deal ID or CODE");
    } else if (!strcmp(sub, "list")) {
        if (argc - optind != 0)
            return dj_cli_usage_error("deal", "list takes only options");
    } else {
        return dj_cli_usage_error("deal", "unknown subcommand '%s'", sub);
    }
    if ((strcmp(sub, "add") ? dj_cli_open_read : dj_cli_open)(&app, "deal", db, json, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    if (!strcmp(sub, "add")) {
        int changed = 0;
        rc = dj_app_deal_add(app, cols, vals, n, &id, &changed, &diag);
        if (rc == DJ_OK)
            dj_cli_write_result(&out, json, "saved", "deal", (long long)id, changed);
    } else if (!strcmp(sub, "show")) {
        if ((rc = dj_app_deal_find(app, argv[optind], &id, &diag)) == DJ_OK)
            rc = dj_app_get_json(app, "deals", id, &out, &diag);
        if (rc == DJ_ENOTFOUND)
            rc = dj_cli_not_found(&diag, "deal", argv[optind], NULL);
        dj_buf_putc(&out, '\n');
    } else {
        rc = dj_app_deal_list(app, event, type, json, &page, &out, &diag);
    }
    if (rc == DJ_OK && !json && !strcmp(sub, "show")) /* as org show prints */
        dj_cli_print_records("deals", dj_buf_cstr(&out));
    else if (rc == DJ_OK)
        fputs(dj_buf_cstr(&out), stdout);
    if (rc == DJ_OK && !json && !strcmp(sub, "list"))
        dj_cli_page_note(&page);
    dj_buf_fini(&out);
    dj_app_close(app);
    return dj_cli_finish("deal", rc, &diag, json);
}
