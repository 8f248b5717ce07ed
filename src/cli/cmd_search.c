/* cmd_search.c - `duijie search "QUERY" [filters]`: full-text search over the
 * catalog, with the matched terms and where they are. */
#include "app/app_match.h"
#include "cli/cli_app.h"
#include "cli/cli_results.h"
#include "duijie/dj_text.h"
#include "util/buf.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char dj_cmd_search_summary[] = "search the supply/demand catalog";

static int search_op(dj_app *app, dj_match *m, dj_buf *out, void *ctx, dj_diag *diag)
{
    return dj_app_search(app, m, ctx, out, diag);
}

int dj_cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"side", required_argument, NULL, 's'},
        {"kind", required_argument, NULL, 'k'},     {"region", required_argument, NULL, 'r'},
        {"industry", required_argument, NULL, 'i'}, {"status", required_argument, NULL, 'S'},
        {"modes", required_argument, NULL, 'm'},    {"limit", required_argument, NULL, 'l'},
        {"offset", required_argument, NULL, 'o'},   {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    dj_app_search_req req = {0};
    const char *db = NULL;
    int json = 0, c;
    int64_t limit = 10, offset = 0;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            req.side = optarg;
            break;
        case 'k':
            req.kind = optarg;
            break;
        case 'r':
            req.region = optarg;
            break;
        case 'i':
            req.industry = optarg;
            break;
        case 'S':
            req.status = optarg;
            break;
        case 'm':
            req.modes = optarg;
            break;
        case 'l':
            if ((limit = dj_cli_id(optarg)) < 0 || limit > 1000)
                return dj_cli_usage_error("search", "--limit takes 1..1000");
            break;
        case 'o':
            if ((offset = strcmp(optarg, "0") ? dj_cli_id(optarg) : 0) < 0 || offset > 999)
                return dj_cli_usage_error("search", "--offset takes 0..999");
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            puts("usage: duijie search QUERY [--side supply|demand] [--kind KIND] [--region "
                 "CODE|NAME]\n"
                 "                    [--industry CODE] [--modes 转让;许可] [--status "
                 "draft|published|"
                 "closed|any]\n"
                 "                    [--limit N] [--offset N] [--json] [--db PATH]\n"
                 "Ranks published listings by BM25F over title, keywords and body, with Chinese\n"
                 "word segmentation; prints the matched terms and their byte offsets (--json).\n"
                 "--limit N results (default 10) after skipping --offset N (default 0), for\n"
                 "the next page: --offset 10; at most the first 1000 results.");
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("search", argc, argv);
        }
    }
    if (optind != argc - 1)
        return dj_cli_usage_error("search", "give exactly one QUERY (quote it)");
    if (limit + offset > 1000)
        return dj_cli_usage_error("search", "--limit plus --offset must stay within 1000");
    req.query = argv[optind];
    req.limit = (size_t)limit;
    req.offset = (size_t)offset;
    return dj_cli_with_engine("search", db, json, 0, req.offset, search_op, &req);
}
