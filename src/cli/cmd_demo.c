/* cmd_demo.c - `duijie demo`: builds a fresh demo database from data/demo/
 * and prints what it holds. (When the HTTP server lands, it also serves the
 * product on http://127.0.0.1:8080.) */
#include "cli/cli_app.h"
#include "cli/event_recommend.h"

#include "app/app_events.h"
#include "app/app_report.h"
#include "store/store.h"
#include "util/buf.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char dj_cmd_demo_summary[] = "build a fresh demo database from data/demo and summarise it";

static void free_paths(char **paths, int n)
{
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* The .csv files of dir, in directory order; DJ_ENOMEM (nothing kept)
 * rather than a shorter list when memory runs out. */
static int collect(const char *dir, char ***paths_out, int *n_out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **paths = NULL;
    int n = 0;

    *paths_out = NULL;
    *n_out = 0;
    if (!d)
        return DJ_EIO;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        char **p;
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv"))
            continue;
        if (!(p = realloc(paths, (size_t)(n + 1) * sizeof *paths)) ||
            !(p[n] = malloc(strlen(dir) + len + 2))) {
            free_paths(p ? p : paths, n);
            closedir(d);
            return DJ_ENOMEM;
        }
        paths = p;
        snprintf(paths[n], strlen(dir) + len + 2, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    *paths_out = paths;
    *n_out = n;
    return DJ_OK;
}

/* Prints the bulletin paragraph (the text report up to its first blank
 * line) of one park, event and period; silent when the demo lacks them. */
static void print_bulletin(dj_app *app, const char *park, const char *event, const char *from,
                           const char *to)
{
    dj_app_report_req req = {park, event, NULL, from, to, to};
    dj_buf out;
    const char *text, *cut;

    dj_buf_init(&out, 0);
    if (dj_app_report(app, &req, DJ_APP_REPORT_TEXT, &out, NULL) == DJ_OK) {
        text = dj_buf_cstr(&out);
        cut = strstr(text, "\n\n");
        printf("  %.*s\n", cut ? (int)(cut - text) : (int)strlen(text), text);
    }
    dj_buf_fini(&out);
}

/* Schedules one event of the demo and prints the head of its report. */
static void print_schedule(dj_app *app, const char *event)
{
    /* a dry run: the demo database stays as the data */
    dj_app_sched_opts o = {.time_limit_s = 1.0, .seed = 1, .dry_run = 1};
    dj_app_sched_report rep;
    dj_buf out;
    const char *text, *p;
    int lines = 0;

    memset(&rep, 0, sizeof rep);
    dj_buf_init(&out, 0);
    if (dj_app_event_schedule(app, event, &o, &rep, NULL) == DJ_OK &&
        dj_app_sched_report_text(&out, &rep) == DJ_OK) {
        for (text = dj_buf_cstr(&out); *text && lines < 3; text = p + (*p == '\n'), lines++) {
            p = strchr(text, '\n');
            if (!p)
                p = text + strlen(text);
            printf("  %.*s\n", (int)(p - text), text);
        }
    }
    dj_app_sched_report_fini(&rep);
    dj_buf_fini(&out);
}

/* Prints the first meetings the catalog recommends for one event of the
 * demo (nothing is added). */
static void print_recommend(dj_app *app, const char *event)
{
    dj_app_recommend_opts o = {3, 0.3, 0};
    dj_buf out;

    dj_buf_init(&out, 0);
    if (dj_app_event_recommend(app, event, &o, &out, NULL) == DJ_OK)
        dj_cli_recommend_print(dj_buf_cstr(&out), 0, 3, "  ");
    dj_buf_fini(&out);
}

static int print_count(dj_app *app, const char *view, const char *label)
{
    int64_t n = 0;
    int rc = dj_store_count(dj_app_store(app), view, NULL, 0, &n, NULL);
    printf("  %6lld  %s\n", (long long)n, label);
    return rc;
}

/* Removes path and its -wal and -shm files. */
static void remove_db(const char *path)
{
    char side[4096 + 8];
    unlink(path);
    if ((size_t)snprintf(side, sizeof side, "%s-wal", path) < sizeof side)
        unlink(side);
    if ((size_t)snprintf(side, sizeof side, "%s-shm", path) < sizeof side)
        unlink(side);
}

/* Builds the demo database beside db and renames it over db only when the
 * import succeeded, so a failed import leaves db as it was; a file at db
 * that is not a SQLite database (a typo for another file) is refused, not
 * replaced. */
static int build_fresh(const char *db, char **paths, int n, dj_import_counts *counts, dj_diag *d)
{
    char tmp[4096], head[16] = {0};
    FILE *f = fopen(db, "rb");
    dj_app *app;
    int rc;

    if (f) {
        size_t got = fread(head, 1, sizeof head, f);
        fclose(f);
        if (got > 0 && (got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0))
            return dj_diag_set(d, DJ_EINVAL,
                               "%s is not a SQLite database; not replacing it (give another --db)",
                               db);
    }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.demo-%ld", db, (long)getpid()) >= sizeof tmp)
        return dj_diag_set(d, DJ_ELIMIT, "path too long: %s", db);
    remove_db(tmp);
    if ((rc = dj_app_open(&app, tmp, &(dj_actor){"cli", DJ_ROLE_ADMIN, 0}, d)) < 0)
        return rc;
    rc = dj_app_import(app, (const char *const *)paths, NULL, n, counts, d);
    dj_app_close(app); /* checkpoints the WAL into tmp */
    if (rc == DJ_OK) {
        remove_db(db);
        if (rename(tmp, db) != 0)
            rc = dj_diag_set(d, DJ_EIO, "cannot rename %s to %s", tmp, db);
    }
    remove_db(tmp);
    return rc;
}

int dj_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"data", required_argument, NULL, 'D'},
                                         {"keep", no_argument, NULL, 'k'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = "demo.db", *dir = "data/demo";
    char **paths = NULL;
    int keep = 0, c, n = 0, rc;
    dj_app *app;
    dj_diag diag;
    dj_import_counts counts;

    dj_diag_clear(&diag);
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'D')
            dir = optarg;
        else if (c == 'k')
            keep = 1;
        else if (c == 'h') {
            puts("usage: duijie demo [--db PATH (default demo.db)] [--data DIR (default "
                 "data/demo)] [--keep]\n"
                 "Builds a new database from every CSV of DIR (one transaction) and puts it at\n"
                 "PATH only when the import succeeds; a file at PATH that is no SQLite database\n"
                 "is refused. --keep imports into the database at PATH instead. Then prints a\n"
                 "summary of the demo year.");
            return DJ_EXIT_OK;
        } else
            return dj_cli_unknown_option("demo", argc, argv);
    }
    if (optind < argc)
        return dj_cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
    if ((rc = collect(dir, &paths, &n)) < 0 || n == 0) {
        if (rc == DJ_ENOMEM)
            fprintf(stderr, "duijie demo: out of memory listing %s\n", dir);
        else
            fprintf(stderr, "duijie demo: %s %s (run from the repository root or pass --data)\n",
                    rc < 0 ? "cannot read the directory" : "no CSV files in", dir);
        return DJ_EXIT_FAIL;
    }
    if (!keep && (rc = build_fresh(db, paths, n, &counts, &diag)) < 0) {
        free_paths(paths, n);
        return dj_cli_finish("demo", rc, &diag, 0);
    }
    if ((keep ? dj_cli_create : dj_cli_open)(&app, "demo", db, 0, &diag) < 0) {
        free_paths(paths, n);
        return DJ_EXIT_FAIL;
    }
    rc = keep ? dj_app_import(app, (const char *const *)paths, NULL, n, &counts, &diag) : DJ_OK;
    if (rc == DJ_OK) {
        printf("duijie demo database: %s (from %s, %ld rows)\n", db, dir, counts.total);
        print_count(app, "orgs", "机构 orgs");
        print_count(app, "listings", "供需 listings");
        print_count(app, "events", "活动 events");
        print_count(app, "participants", "参会 participants");
        print_count(app, "meeting_requests", "洽谈意向 requests");
        print_count(app, "meetings", "洽谈 meetings");
        print_count(app, "projects", "项目 projects");
        print_count(app, "deals", "签约 deals");
        printf("\nWhat the parks reported (duijie report):\n");
        print_bulletin(app, "兰州高新区", NULL, "2024-01-01", "2024-05-31");
        print_bulletin(app, NULL, "EV-2024-CYZY-GX", "2024-01-01", "2024-12-31");
        print_bulletin(app, "桂林高新区", "EV-2024-GL-CXY", "2024-01-01", "2024-12-31");
        printf(
            "\nThe 桂林 conference's 1:1 meeting timetable (duijie event schedule --dry-run):\n");
        print_schedule(app, "EV-2024-GL-CXY");
        printf("\nMeetings its catalog would add (duijie event recommend):\n");
        print_recommend(app, "EV-2024-GL-CXY");
        const char *p = dj_cli_program; /* as it was run: ./build/duijie, duijie */
        printf("\nTry: %s listing list --db %s --limit 3\n"
               "     %s event show EV-2024-GL-CXY --db %s\n"
               "     %s event recommend EV-2024-GL-CXY --db %s\n"
               "     %s report --db %s --park 兰州高新区 --from 2024-01-01 --to "
               "2024-05-31\n",
               p, db, p, db, p, db, p, db);
    }
    dj_app_close(app);
    free_paths(paths, n);
    return dj_cli_finish("demo", rc, &diag, 0);
}
