/* event_recommend.c - `duijie event recommend EVENT`: the meetings the
 * catalog suggests for an event (推荐洽谈), printed, or added as requests
 * with --apply. The use case is dj_app_event_recommend
 * (src/app/events_recommend.c); this file parses options and prints. */
#include "cli/event_recommend.h"

#include "app/app_events.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "util/buf.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: duijie event recommend EVENT [--per N] [--min-score S] [--apply] [--json]\n"
    "                 [--db PATH]\n"
    "Recommends meetings (推荐洽谈) between participants of EVENT whose published\n"
    "listings match - one's demand, the other's supply - and who have no request\n"
    "or meeting yet, with the listings and terms behind each. Scores use the\n"
    "database's match weights (duijie config).\n"
    "  --per N         best partners kept per participant (default 3)\n"
    "  --min-score S   lowest score recommended (default 0.3; scores lie in 0..1\n"
    "                  with the default weights)\n"
    "  --apply         add them as meeting requests: want, pending, from the\n"
    "                  demand side (the next `event schedule` plans them)\n"
    "  --json          print one JSON object\n";

void dj_cli_recommend_print(const char *json, int apply, size_t limit, const char *in)
{
    json_t *root = json_loads(json, 0, NULL), *list, *r;
    size_t i;

    if (!root)
        return;
    list = json_object_get(root, "recommendations");
    printf("%s推荐洽谈 %s: %zu 对（每个参会方至多 %lld 个，分数 ≥ %g；参会方发布的供需 %lld "
           "条）\n",
           in, json_string_value(json_object_get(root, "event")), json_array_size(list),
           (long long)json_integer_value(json_object_get(root, "per")),
           json_number_value(json_object_get(root, "min_score")),
           (long long)json_integer_value(json_object_get(root, "listings")));
    json_array_foreach(list, i, r)
    {
        json_t *dl = json_object_get(r, "demand_listing"),
               *sl = json_object_get(r, "supply_listing");
        json_t *terms = json_object_get(r, "terms"), *term;
        size_t t;
        if (limit && i == limit) {
            printf("%s ... 另有 %zu 对\n", in, json_array_size(list) - limit);
            break;
        }
        printf("%s%3zu. %.3f  %s → %s\n", in, i + 1, json_number_value(json_object_get(r, "score")),
               json_string_value(json_object_get(json_object_get(r, "demand"), "org")),
               json_string_value(json_object_get(json_object_get(r, "supply"), "org")));
        printf("%s       需求 #%lld %s\n", in,
               (long long)json_integer_value(json_object_get(dl, "id")),
               json_string_value(json_object_get(dl, "title")));
        printf("%s       供给 #%lld %s\n", in,
               (long long)json_integer_value(json_object_get(sl, "id")),
               json_string_value(json_object_get(sl, "title")));
        if (json_array_size(terms)) {
            printf("%s       匹配:", in);
            json_array_foreach(terms, t, term) printf(" %s", json_string_value(term));
            putchar('\n');
        }
    }
    if (apply)
        printf("%s已添加 %lld 个洽谈意向（want，待确认）\n", in,
               (long long)json_integer_value(json_object_get(root, "added")));
    else if (json_array_size(list) && !limit)
        printf("%s加 --apply 把它们添加为洽谈意向\n", in);
    json_decref(root);
}

const struct option dj_cli_event_recommend_opts[] = {{"per", required_argument, NULL, 'p'},
                                                     {"min-score", required_argument, NULL, 's'},
                                                     {"apply", no_argument, NULL, 'a'},
                                                     {"json", no_argument, NULL, 'j'},
                                                     {"db", required_argument, NULL, 'd'},
                                                     {"help", no_argument, NULL, 'h'},
                                                     {NULL, 0, NULL, 0}};

int dj_cli_event_recommend(int argc, char **argv)
{
    dj_app_recommend_opts o = {3, 0.3, 0};
    const char *db = NULL;
    dj_app *app = NULL;
    dj_diag d;
    dj_buf out;
    char *end;
    long per;
    int c, rc, json = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", dj_cli_event_recommend_opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            per = strtol(optarg, &end, 10); /* range-checked as a long, then narrowed */
            if (*end || end == optarg || *optarg < '0' || *optarg > '9' || per < 1 || per > 100)
                return dj_cli_usage_error("event", "--per takes 1..100");
            o.per = (int)per;
            break;
        case 's':
            if (dj_cli_number(&o.min_score, optarg, 0, 1) < 0)
                return dj_cli_usage_error("event",
                                          "--min-score takes a number 0..1 (scores lie in 0..1)");
            break;
        case 'a':
            o.apply = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + 1 != argc)
        return dj_cli_usage_error("event", "recommend needs exactly one EVENT (code or id)");
    dj_diag_clear(&d);
    if ((o.apply ? dj_cli_open : dj_cli_open_read)(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    rc = dj_app_event_recommend(app, argv[optind], &o, &out, &d);
    dj_app_close(app);
    if (rc == DJ_OK) {
        if (json)
            printf("%s\n", dj_buf_cstr(&out));
        else
            dj_cli_recommend_print(dj_buf_cstr(&out), o.apply, 0, "");
    }
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}
