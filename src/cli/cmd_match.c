/* cmd_match.c - `duijie match LISTING` (id or 编号): the best counterparts of a
 * listing, each with why (factor contributions and matched terms). */
#include "app/app_match.h"
#include "cli/cli_app.h"
#include "cli/cli_results.h"
#include "duijie/dj_text.h"
#include "util/buf.h"

#include <getopt.h>
#include <stdio.h>

const char dj_cmd_match_summary[] = "best counterparts of a listing, with the reasons";

struct match_query {
    const char *key; /* the listing as typed: id, #id or 编号 */
    int64_t id;      /* its id, once the store is open */
    size_t limit;
    int semantic;
    const char *weights; /* --weights, NULL = the database's */
};

static int match_op(dj_app *app, dj_match *m, dj_buf *out, void *ctx, dj_diag *diag)
{
    struct match_query *q = ctx;
    int rc = dj_app_record_id(app, "listings", q->key, &q->id, diag);
    if (rc < 0)
        return rc == DJ_ENOTFOUND ? dj_cli_not_found(diag, "listing", q->key, NULL) : rc;
    const dj_match_listing *l = dj_match_get(m, q->id);
    if (q->semantic && (rc = dj_app_match_learn(m, app, diag)) < 0)
        return rc;
    if (l && l->status != DJ_STATUS_PUBLISHED) /* allowed (who would have matched?), but say so */
        fprintf(stderr, "note: listing %lld is %s, not published\n", (long long)q->id,
                l->status == DJ_STATUS_CLOSED ? "closed (关闭)" : "a draft (草稿)");
    rc = dj_app_match(app, m, q->id, q->limit, q->weights, out, diag);
    return rc == DJ_ENOTFOUND ? dj_cli_not_found(diag, "listing", q->key, NULL) : rc;
}

int dj_cmd_match(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"semantic", no_argument, NULL, 's'},
                                         {"weights", required_argument, NULL, 'w'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c, sem_given = 0;
    int64_t limit = 10;
    struct match_query q = {NULL, 0, 0, 0, NULL};
    dj_match_weights w;
    dj_diag d;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'l') {
            if ((limit = dj_cli_id(optarg)) < 0 || limit > 1000)
                return dj_cli_usage_error("match", "--limit takes 1..1000");
        } else if (c == 'j')
            json = 1;
        else if (c == 's')
            q.semantic = 1;
        else if (c == 'w') {
            dj_match_weights_default(&w); /* checked now, before the catalog is loaded */
            w.semantic = -1;              /* >= 0 after parsing: the spec names it */
            dj_diag_clear(&d);
            if (dj_match_weights_parse(&w, optarg, &d) < 0)
                return dj_cli_usage_error("match", "--weights: %s", d.message);
            q.weights = optarg;
            sem_given = w.semantic >= 0;
        } else if (c == 'h') {
            puts("usage: duijie match LISTING [--limit N] [--semantic] [--weights SPEC]\n"
                 "                    [--json] [--db PATH]\n"
                 "LISTING is its id (14, #14) or its 编号 (GL-D03). Ranks published listings\n"
                 "of the other side by text relevance, tag and industry overlap, region,\n"
                 "maturity, budget and cooperation-mode fit, and shows each factor's\n"
                 "contribution and the matched terms. --semantic also learns latent topic\n"
                 "vectors from the catalog and blends them into the text score (better for\n"
                 "long descriptions; about 1 s per 10,000 listings the first time, then kept\n"
                 "next to the database while the catalog is unchanged).\n"
                 "--weights SPEC changes the factor weights for this call, on top of the\n"
                 "database's setting (duijie config set match.weights SPEC): e.g.\n"
                 "--weights '地区=0.3,text=0.4' or 'semantic=0.2'. Names: text 文本, tags 标签,\n"
                 "industry 行业, region 地区, maturity 成熟度, budget 预算, modes 合作方式\n"
                 "(0..100; only their ratios matter) and semantic 语义 (0..1).");
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("match", argc, argv);
    }
    if (optind != argc - 1 || !*argv[optind])
        return dj_cli_usage_error("match", "give one LISTING (its id or 编号)");
    if (sem_given && !q.semantic) /* allowed (a shared alias may always pass it), but say so */
        fprintf(stderr, "note: --weights semantic=... counts only with --semantic\n");
    q.key = argv[optind];
    q.limit = (size_t)limit;
    return dj_cli_with_engine("match", db, json, 1, 0, match_op, &q);
}
