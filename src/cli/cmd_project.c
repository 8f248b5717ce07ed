/* cmd_project.c - `duijie project`: the investment project pipeline
 * (招商引资项目库) over src/app/projects_write.c and projects_read.c. Every
 * change is dated and kept in the project's history; money is exact decimal
 * text in and out. */
#include "app/app_report.h"
#include "cli/cli_app.h"
#include "cli/cli_record_text.h"
#include "util/buf.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char dj_cmd_project_summary[] =
    "investment projects: add, stage, progress, increase, investor, correct, history";

static void usage(FILE *f)
{
    fputs("usage: duijie project add FIELD=VALUE...           add a new project\n"
          "       duijie project show ID|CODE [--as-of D]     the project with its late flags\n"
          "       duijie project list [--park NAME] [--stage S] [--late] [--as-of D]\n"
          "                           [--limit N (default 100)] [--offset N]\n"
          "       duijie project stage CODE STAGE --date D [--event CODE] [--note TEXT]\n"
          "       duijie project progress CODE AMOUNT --date D [--note TEXT]\n"
          "                                     cumulative completed investment (已完成投资)\n"
          "       duijie project increase CODE AMOUNT --date D [--event CODE] [--note TEXT]\n"
          "                                     capital increase (增资): the added amount\n"
          "       duijie project investor CODE ORG --date D [--note TEXT]\n"
          "                                     change of investor (not a new project)\n"
          "       duijie project correct CODE FIELD VALUE --date D --note TEXT\n"
          "                                     audited fix of a wrong value (old and new kept)\n"
          "       duijie project history CODE   every dated change, corrections included\n"
          "options: --db PATH, --json (results and errors as JSON)\n"
          "Stages: lead 线索, negotiating 洽谈, signed 签约, started 开工, producing 投产,\n"
          "terminated 终止; forward moves only (skipping allowed), 终止 from any stage and final.\n"
          "AMOUNT: exact decimals with optional unit: 1235万, 52.62亿, 1,000.50, 500元.\n"
          "Late (--late): signed but not started after 计划开工, or started but not producing\n"
          "after 计划投产, as of --as-of (default today).\n",
          f);
    dj_cli_print_columns(f, "projects");
}

struct opts {
    const char *db, *date, *event, *note, *park, *stage, *as_of;
    int json, late, paged;
    dj_app_page page;
};

static int need(const char *sub, int have, int want, const char *what)
{
    if (have != want)
        return dj_cli_usage_error("project", "%s takes %s", sub, what);
    return 0;
}

/* project show as text: the record's fields under their Chinese names (as
 * org show prints), then the date it is measured on and its late flags. */
static void print_project(const char *json)
{
    json_t *root = json_loads(json, 0, NULL), *late;
    size_t i, n;

    dj_cli_print_records("projects", json);
    late = json_object_get(root, "late");
    n = json_array_size(late);
    const char *as_of = json_string_value(json_object_get(root, "as_of"));
    printf("截至 %s：%s", as_of ? as_of : "", n ? "" : "未逾期");
    for (i = 0; i < n; i++) {
        const char *f = json_string_value(json_array_get(late, i));
        printf("%s%s", i ? "、" : "", f && !strcmp(f, "start") ? "逾期未开工" : "逾期未投产");
    }
    putchar('\n');
    json_decref(root);
}

/* A usage error (its exit code) when an option was given that sub does not
 * take (project add --late was quietly ignored), else 0. Unknown
 * subcommands are left to the caller. */
static int stray_option(const char *sub, const struct opts *o)
{
    static const struct {
        const char *sub, *takes; /* the options it takes besides --db and --json */
    } t[] = {{"add", ""},
             {"show", "as-of"},
             {"list", "park stage late as-of limit"},
             {"stage", "date event note"},
             {"progress", "date note"},
             {"increase", "date event note"},
             {"investor", "date note"},
             {"correct", "date note"},
             {"history", ""}};
    const struct {
        const char *name;
        int given;
    } g[] = {{"date", o->date != NULL},   {"event", o->event != NULL}, {"note", o->note != NULL},
             {"park", o->park != NULL},   {"stage", o->stage != NULL}, {"late", o->late},
             {"as-of", o->as_of != NULL}, {"limit", o->paged}};
    size_t i, k;

    for (i = 0; i < sizeof t / sizeof t[0] && strcmp(t[i].sub, sub); i++)
        ;
    if (i == sizeof t / sizeof t[0])
        return 0;
    for (k = 0; k < sizeof g / sizeof g[0]; k++)
        if (g[k].given && !strstr(t[i].takes, g[k].name))
            return dj_cli_usage_error("project", "%s does not take --%s", sub, g[k].name);
    return 0;
}

int dj_cmd_project(int argc, char **argv)
{
    static const struct option lopts[] = {{"db", required_argument, NULL, 'd'},
                                          {"json", no_argument, NULL, 'j'},
                                          {"date", required_argument, NULL, 'D'},
                                          {"event", required_argument, NULL, 'e'},
                                          {"note", required_argument, NULL, 'n'},
                                          {"park", required_argument, NULL, 'p'},
                                          {"stage", required_argument, NULL, 's'},
                                          {"late", no_argument, NULL, 'l'},
                                          {"as-of", required_argument, NULL, 'a'},
                                          {"limit", required_argument, NULL, 'L'},
                                          {"offset", required_argument, NULL, 'O'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    struct opts o;
    const char *sub, *cols[64], *vals[64];
    char **args;
    int c, nargs, n = 0, rc = DJ_OK;
    int64_t id = 0;
    dj_app *app = NULL;
    dj_diag diag;
    dj_buf out;

    memset(&o, 0, sizeof o);
    o.page.limit = 100;
    dj_diag_clear(&diag);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o.db = optarg;
            break;
        case 'j':
            o.json = 1;
            break;
        case 'D':
            o.date = optarg;
            break;
        case 'e':
            o.event = optarg;
            break;
        case 'n':
            o.note = optarg;
            break;
        case 'p':
            o.park = optarg;
            break;
        case 's':
            o.stage = optarg;
            break;
        case 'l':
            o.late = 1;
            break;
        case 'a':
            o.as_of = optarg;
            break;
        case 'L':
        case 'O':
            if ((rc = dj_cli_page_arg("project", &o.page, c == 'L' ? "limit" : "offset", optarg)) !=
                0)
                return rc;
            o.paged = 1;
            break;
        case 'h':
            usage(stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("project", argc, argv);
        }
    }
    if (optind >= argc)
        return dj_cli_usage_error("project", "missing subcommand (add, show, list, stage, "
                                             "progress, increase, investor, correct, history)");
    sub = argv[optind++];
    args = argv + optind;
    nargs = argc - optind;
    if ((c = stray_option(sub, &o)) != 0)
        return c;
    if (!strcmp(sub, "add")) {
        if ((n = dj_cli_pairs(args, nargs, cols, vals, 64, "project")) < 0)
            return DJ_EXIT_USAGE;
        if (n == 0)
            return dj_cli_usage_error("project", "add needs FIELD=VALUE pairs");
    } else if (!strcmp(sub, "show") || !strcmp(sub, "history")) {
        if (need(sub, nargs, 1, "one project ID or CODE"))
            return DJ_EXIT_USAGE;
    } else if (!strcmp(sub, "list")) {
        if (need(sub, nargs, 0, "only options"))
            return DJ_EXIT_USAGE;
    } else if (!strcmp(sub, "stage") || !strcmp(sub, "progress") || !strcmp(sub, "increase") ||
               !strcmp(sub, "investor")) {
        if (need(sub, nargs, 2, "CODE and one value"))
            return DJ_EXIT_USAGE;
        if (!o.date)
            return dj_cli_usage_error("project", "%s needs --date YYYY-MM-DD", sub);
    } else if (!strcmp(sub, "correct")) {
        if (need(sub, nargs, 3, "CODE FIELD VALUE"))
            return DJ_EXIT_USAGE;
        if (!o.date || !o.note)
            return dj_cli_usage_error("project", "correct needs --date and --note");
    } else {
        return dj_cli_usage_error("project", "unknown subcommand '%s'", sub);
    }
    if ((!strcmp(sub, "show") || !strcmp(sub, "history") || !strcmp(sub, "list")
             ? dj_cli_open_read
             : dj_cli_open)(&app, "project", o.db, o.json, &diag) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    if (!strcmp(sub, "add")) {
        rc = dj_app_project_add(app, cols, vals, n, &id, &diag);
        if (rc == DJ_OK)
            dj_buf_printf(&out, o.json ? "{\"id\":%lld}\n" : "saved project %lld\n", (long long)id);
    } else if (!strcmp(sub, "show")) {
        rc = dj_app_project_show_json(app, args[0], o.as_of, &out, &diag);
        dj_buf_putc(&out, '\n');
    } else if (!strcmp(sub, "list")) {
        rc = dj_app_project_list(app, o.park, o.stage, o.late, o.as_of, o.json, &o.page, &out,
                                 &diag);
    } else if (!strcmp(sub, "history")) {
        rc = dj_app_project_history(app, args[0], o.json, &out, &diag);
    } else {
        if (!strcmp(sub, "stage"))
            rc = dj_app_project_stage(app, args[0], args[1], o.date, o.event, o.note, &diag);
        else if (!strcmp(sub, "progress"))
            rc = dj_app_project_progress(app, args[0], args[1], o.date, o.note, &diag);
        else if (!strcmp(sub, "increase"))
            rc = dj_app_project_increase(app, args[0], args[1], o.date, o.event, o.note, &diag);
        else if (!strcmp(sub, "investor"))
            rc = dj_app_project_investor(app, args[0], args[1], o.date, o.note, &diag);
        else
            rc = dj_app_project_correct(app, args[0], args[1], args[2], o.date, o.note, &diag);
        if (rc == DJ_OK && o.json) {
            dj_buf_puts(&out, "{\"project\":");
            dj_buf_json_str(&out, args[0], strlen(args[0]));
            dj_buf_printf(&out, ",\"%s\":", sub);
            dj_buf_json_str(&out, args[1], strlen(args[1]));
            dj_buf_puts(&out, ",\"ok\":true}\n");
        } else if (rc == DJ_OK) {
            dj_buf_printf(&out, "project %s: %s %s recorded\n", args[0], sub, args[1]);
        }
    }
    if (rc == DJ_ENOTFOUND && strcmp(sub, "add") && strcmp(sub, "list")) /* args[0]: CODE */
        rc = dj_cli_not_found(&diag, "project", args[0], NULL);
    if (rc == DJ_OK && !o.json && !strcmp(sub, "show"))
        print_project(dj_buf_cstr(&out));
    else if (rc == DJ_OK)
        fputs(dj_buf_cstr(&out), stdout);
    if (rc == DJ_OK && !o.json && !strcmp(sub, "list"))
        dj_cli_page_note(&o.page);
    dj_buf_fini(&out);
    dj_app_close(app);
    return dj_cli_finish("project", rc, &diag, o.json);
}
