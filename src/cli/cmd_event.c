/* cmd_event.c - `duijie event`: brokerage-event timetables.
 *
 *   duijie event list [FIELD=VALUE...] [--limit N] [--offset N] [--json]
 *   duijie event add FIELD=VALUE... [--json]
 *       events as records, with the import's columns (cli_records.c, as
 *       org and listing).
 *   duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N]
 *                          [--scope day|session] --json
 *       solves a B2BSP instance and prints one JSON object (fixed interface):
 *       {"instance","meetings","breaks","max_breaks","min_breaks","lower_bound",
 *        "ms","slots":[...]}  slots[i] = 1-based slot of the i-th requested row
 *       (0 = unscheduled, only possible with the weight extension), and
 *       "clock_cut":true when the wall clock cut the run short (a loaded
 *       machine: the result may differ from run to run; absent otherwise); an
 *       infeasible instance prints {"instance","infeasible":true,"reason",
 *       "proven"} and exits 1 ("proven": false when no schedule was found in
 *       the time but none was proven impossible either).
 *   duijie event schedule EVENT [--time-limit SEC] [--keep-locked|--replan-all|--fill-only]
 *                         [--from-slot N|now] [--seed N] [--iters N] [--dry-run]
 *                         [--json] [--db PATH]
 *       loads the event from the database, solves, verifies and writes the
 *       meetings back in one transaction (src/app/events_schedule.c); prints a report
 *       (text, or one JSON object with --json); exit 1 when the event does
 *       not exist or no valid timetable can be written.
 *   duijie event publish EVENT [--undo] [--json] [--db PATH]
 *       marks the timetable as sent (events_publish.c): re-plans then keep
 *       every scheduled meeting by default and cancel the ones they drop.
 *   duijie event mark EVENT MEETING|PARTICIPANT PARTICIPANT
 *                     [--held|--no-show|--absent WHO|--cancelled|--scheduled]
 *                     [--lock|--unlock] [--rating N] [--json] [--db PATH]
 *       records the day: one meeting's status, lock, rating (events_mark.c).
 *   duijie event checkin EVENT PARTICIPANT [--undo] [--json] [--db PATH]
 *       a participant arrived (签到); prints its meetings (events_checkin.c).
 *   (publish, mark and checkin: event_day.c)
 *   duijie event agenda EVENT [--participant ORG_OR_ID] [--format FMT] [--json]
 *                       [-o FILE]
 *       the current timetable as text, html, ics, csv, xlsx (whole event) or
 *       json (one object; --json is --format json).
 *   duijie event show EVENT [--json]
 *       the timetable grid (slots x tables).
 *   duijie event recommend EVENT [--per N] [--min-score S] [--apply] [--json]
 *       recommended meetings from the catalog (event_recommend.c).
 * EVENT is the event's code or id. Options may come before the subcommand
 * too (`duijie event --db X agenda 1`), as for `duijie project`. */
#include "app/app_events.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "cli/cli_progress.h"
#include "cli/cli_records.h"
#include "cli/event_day.h"
#include "cli/event_recommend.h"
#include "cli/event_walkin.h"
#include "duijie/dj_sched.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char dj_cmd_event_summary[] = "brokerage events: timetable solver and agendas";

static const char usage[] =
    "usage: duijie event list [FIELD=VALUE...] [--limit N] [--offset N] [--json] [--db PATH]\n"
    "       duijie event add FIELD=VALUE... [--json] [--db PATH]\n"
    "                 (编号 名称 开始日期 …: the columns of import's events)\n"
    "       duijie event join EVENT ORG [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       duijie event request EVENT FROM TO [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N]\n"
    "                 [--scope day|session] --json\n"
    "       duijie event schedule EVENT [--time-limit SEC] [--seed N] [--iters N]\n"
    "                 [--keep-locked|--replan-all|--fill-only] [--from-slot N|now]\n"
    "                 [--dry-run] [--json] [--db PATH]\n"
    "       duijie event publish EVENT [--undo] [--json] [--db PATH]\n"
    "       duijie event mark EVENT MEETING|PARTICIPANT PARTICIPANT\n"
    "                 [--held|--no-show|--absent WHO|--cancelled|--scheduled]\n"
    "                 [--lock|--unlock] [--rating 1-5] [--json] [--db PATH]\n"
    "       duijie event checkin EVENT PARTICIPANT [--undo] [--json] [--db PATH]\n"
    "       duijie event agenda EVENT [--participant ORG_NAME_OR_ID]\n"
    "                 [--format text|html|ics|csv|xlsx|json] [--json] [-o|--output FILE]\n"
    "                 [--db PATH]\n"
    "       duijie event show EVENT [--json] [--db PATH]\n"
    "       duijie event recommend EVENT [--per N] [--min-score S] [--apply] [--json]\n"
    "                 [--db PATH]\n"
    "EVENT is an event code (e.g. EV-2024-GL-CXY) or id. Options may also come\n"
    "before the subcommand: duijie event --db PATH agenda EVENT.\n";

static const char usage_schedule[] =
    "usage: duijie event schedule EVENT [--time-limit SEC] [--seed N] [--iters N]\n"
    "                 [--keep-locked|--replan-all|--fill-only] [--from-slot N|now]\n"
    "                 [--dry-run] [--json] [--db PATH]\n"
    "Plans the meetings of EVENT (code or id) from its meeting requests: must and\n"
    "want requests that are pending or accepted; a 'no' request vetoes its pair.\n"
    "  --keep-locked   (default for a draft) locked, held and no-show meetings\n"
    "                  stay as they are; the other scheduled ones are re-planned\n"
    "  --replan-all    locked meetings are re-planned too (held and no-show\n"
    "                  meetings are history and always stay)\n"
    "  --fill-only     (default once published) every scheduled meeting stays\n"
    "                  too (while its pair still asks to meet); only requests\n"
    "                  without a meeting are placed\n"
    "  --from-slot N   on the day: the slots before slot N are over; their\n"
    "                  meetings stay as they are (mark them held or no-show with\n"
    "                  event mark) and new meetings go in slot N or later;\n"
    "                  'now' = from the first slot that has not started\n"
    "  --time-limit S  solver time limit in seconds (default 10)\n"
    "  --seed N        random seed (default 1); --iters N  iteration budget\n"
    "                  (a run that ends on its budget is reproducible)\n"
    "  --dry-run       solve and report, write nothing\n"
    "  --json          print the report as one JSON object\n"
    "The timetable is verified before it is written, in one transaction. Once the\n"
    "event is published (duijie event publish), a meeting a re-plan drops is\n"
    "cancelled rather than deleted, so calendars fed the ICS remove it.\n";

static const char usage_agenda[] =
    "usage: duijie event agenda EVENT [--participant ORG_NAME_OR_ID]\n"
    "                 [--format text|html|ics|csv|xlsx|json] [--json] [-o|--output FILE]\n"
    "                 [--db PATH]\n"
    "The current timetable of EVENT (code or id) for one participant (organisation\n"
    "name, or participant id) or for everyone. ICS: one VEVENT per meeting with a\n"
    "stable UID; cancelled meetings as STATUS:CANCELLED, so a re-import drops\n"
    "them. XLSX (whole event, needs -o): one sheet, a row per slot and a column per\n"
    "table; the file is written whole or not at all. --json (= --format json): one\n"
    "object, the event, its tables and each participant's meetings with slot times,\n"
    "table and counterpart (docs/events.md). Output goes to stdout unless -o FILE.\n"
    "Options may also come before the subcommand (duijie event --db PATH agenda 1).\n";

static const char usage_solve_b2b[] =
    "usage: duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N]\n"
    "                 [--scope day|session] --json\n"
    "Solves a B2B Meeting Scheduling Problem instance (MiniZinc data, as published\n"
    "with Bofill et al.) and prints one JSON object: instance, meetings, breaks,\n"
    "max_breaks, min_breaks, lower_bound, ms and slots (the 1-based slot of each\n"
    "requested row); an infeasible instance prints {instance, infeasible, reason,\n"
    "proven} and exits 1. Defaults: --time-limit 10, --seed 1; --iters N a work\n"
    "budget (reproducible); --scope session counts breaks per session, not per day.\n";

static const char usage_show[] = "usage: duijie event show EVENT [--json] [--db PATH]\n"
                                 "The timetable grid of EVENT (code or id): a row per slot, a\n"
                                 "column per table in use; cells are participant ids.\n";

static int read_file(char **out, size_t *len_out, const char *path, dj_diag *d)
{
    FILE *f = fopen(path, "rb");
    dj_buf b;
    char chunk[65536];
    size_t n;

    *out = NULL;
    if (!f) {
        dj_diag_set(d, DJ_EIO, "cannot open: %s", strerror(errno));
        snprintf(d->file, sizeof d->file, "%s", path);
        return DJ_EIO;
    }
    dj_buf_init(&b, (size_t)256 << 20);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        dj_buf_append(&b, chunk, n);
    if (ferror(f) && dj_buf_rc(&b) == DJ_OK) {
        fclose(f);
        dj_buf_fini(&b);
        return dj_diag_set(d, DJ_EIO, "read error");
    }
    fclose(f);
    if (dj_buf_rc(&b) < 0) {
        int rc = dj_buf_rc(&b);
        dj_buf_fini(&b);
        return dj_diag_set(d, rc, "cannot read the file");
    }
    *len_out = dj_buf_len(&b);
    *out = dj_buf_detach(&b);
    if (!*out) {
        *out = dj_strdup("");
        if (!*out)
            return DJ_ENOMEM;
    }
    return DJ_OK;
}

/* The options of each subcommand (also read by dj_cli_subcommands). */
static const struct option solve_opts[] = {{"time-limit", required_argument, NULL, 't'},
                                           {"seed", required_argument, NULL, 's'},
                                           {"iters", required_argument, NULL, 'i'},
                                           {"json", no_argument, NULL, 'j'},
                                           {"scope", required_argument, NULL, 'c'},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};

static const struct option schedule_opts[] = {{"time-limit", required_argument, NULL, 't'},
                                              {"seed", required_argument, NULL, 's'},
                                              {"iters", required_argument, NULL, 'i'},
                                              {"keep-locked", no_argument, NULL, 'k'},
                                              {"replan-all", no_argument, NULL, 'r'},
                                              {"fill-only", no_argument, NULL, 'f'},
                                              {"from-slot", required_argument, NULL, 'F'},
                                              {"dry-run", no_argument, NULL, 'n'},
                                              {"json", no_argument, NULL, 'j'},
                                              {"db", required_argument, NULL, 'd'},
                                              {"help", no_argument, NULL, 'h'},
                                              {NULL, 0, NULL, 0}};

static const struct option agenda_opts[] = {{"participant", required_argument, NULL, 'p'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"json", no_argument, NULL, 'j'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"db", required_argument, NULL, 'd'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};

static const struct option show_opts[] = {{"json", no_argument, NULL, 'j'},
                                          {"db", required_argument, NULL, 'd'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};

#define AGENDA_SHORTOPTS "o:"

/* The solver options shared by solve-b2b and schedule: --time-limit (t),
 * --seed (s), --iters (i). Returns 0, or 1 after printing a usage error. */
static int solver_option(int c, double *time_limit, uint64_t *seed, long *iters)
{
    double v;

    if (c == 't' && !dj_cli_number(&v, optarg, 0.001, 86400))
        *time_limit = v;
    else if (c == 's' && !strchr(optarg, '.') && !dj_cli_number(&v, optarg, 0, 9007199254740992.0))
        *seed = (uint64_t)v; /* whole numbers only: 1.9 is no seed */
    else if (c == 'i' && !strchr(optarg, '.') && !dj_cli_number(&v, optarg, 1, 1e12))
        *iters = (long)v;
    else {
        dj_cli_usage_error("event", "bad --%s '%s'",
                           c == 't'   ? "time-limit"
                           : c == 's' ? "seed"
                                      : "iters",
                           optarg);
        return 1;
    }
    return 0;
}

/* instance name: the file name without directory and ".dzn" */
static void instance_name(char *out, size_t cap, const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n;
    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".dzn") == 0)
        n -= 4;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, base, n);
    out[n] = '\0';
}

static int solve_b2b(int argc, char **argv)
{
    dj_sched_opts opts;
    dj_sched_result res;
    dj_sched *m = NULL;
    dj_diag d;
    dj_buf out;
    char *text = NULL, name[256];
    size_t len = 0;
    int c, rc, json = 0, r, exitc = DJ_EXIT_OK, scope = DJ_SCHED_SCOPE_DAY;

    memset(&opts, 0, sizeof opts);
    opts.time_limit_s = 10.0;
    opts.seed = 1;
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", solve_opts, NULL)) != -1) {
        switch (c) {
        case 't':
        case 's':
        case 'i':
            if (solver_option(c, &opts.time_limit_s, &opts.seed, &opts.max_iters))
                return DJ_EXIT_USAGE;
            break;
        case 'j':
            json = 1;
            break;
        case 'c':
            if (strcmp(optarg, "day") == 0)
                scope = DJ_SCHED_SCOPE_DAY;
            else if (strcmp(optarg, "session") == 0)
                scope = DJ_SCHED_SCOPE_SESSION;
            else
                return dj_cli_usage_error("event", "bad --scope '%s' (day|session)", optarg);
            break;
        case 'h':
            fputs(usage_solve_b2b, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + 1 != argc)
        return dj_cli_usage_error("event", "solve-b2b needs exactly one FILE.dzn");
    if (!json)
        return dj_cli_usage_error("event", "solve-b2b prints JSON only: add --json");
    instance_name(name, sizeof name, argv[optind]);
    dj_diag_clear(&d);
    if ((rc = read_file(&text, &len, argv[optind], &d)) < 0 ||
        (rc = dj_sched_read_dzn(&m, text, len, &d)) < 0) {
        if (!d.file[0])
            snprintf(d.file, sizeof d.file, "%s", argv[optind]);
        dj_free(text);
        dj_cli_json_error(rc, &d);
        return dj_cli_fail("event", rc, &d);
    }
    dj_free(text);
    dj_sched_set_scope(m, scope);
    dj_sched_result_init(&res);
    opts.progress = dj_cli_sched_progress;
    rc = dj_sched_solve(&res, m, &opts);
    dj_cli_progress_end();
    if (rc < 0) {
        dj_sched_result_fini(&res);
        dj_sched_free(m);
        dj_cli_json_error(rc, &d);
        return dj_cli_fail("event", rc, &d);
    }
    dj_buf_init(&out, 0);
    dj_buf_puts(&out, "{\"instance\":");
    dj_buf_json_str(&out, name, strlen(name));
    if (res.status == DJ_SCHED_INFEASIBLE || res.status == DJ_SCHED_UNKNOWN) {
        dj_buf_puts(&out, ",\"infeasible\":true,\"reason\":");
        dj_buf_json_str(&out, res.reason, strlen(res.reason));
        dj_buf_printf(&out, ",\"proven\":%s%s}\n",
                      res.status == DJ_SCHED_INFEASIBLE ? "true" : "false",
                      res.clock_cut ? ",\"clock_cut\":true" : "");
        exitc = DJ_EXIT_FAIL;
    } else {
        dj_buf_printf(&out,
                      ",\"meetings\":%d,\"breaks\":%d,\"max_breaks\":%d,\"min_breaks\":%d,"
                      "\"lower_bound\":%d,\"ms\":%.1f,%s\"slots\":[",
                      res.scheduled, res.breaks, res.max_breaks, res.min_breaks, res.breaks_lb,
                      res.ms, res.clock_cut ? "\"clock_cut\":true," : "");
        for (r = 0; r < res.nrequests; r++)
            dj_buf_printf(&out, "%s%d", r ? "," : "", res.slot[r] + 1);
        dj_buf_puts(&out, "]}\n");
    }
    if (dj_buf_rc(&out) < 0) {
        rc = dj_buf_rc(&out);
        dj_buf_fini(&out);
        dj_sched_result_fini(&res);
        dj_sched_free(m);
        return dj_cli_fail("event", rc, NULL);
    }
    fwrite(dj_buf_cstr(&out), 1, dj_buf_len(&out), stdout);
    dj_buf_fini(&out);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
    return exitc;
}

static int schedule(int argc, char **argv)
{
    dj_app_sched_opts o;
    dj_app_sched_report rep;
    dj_app *app = NULL;
    const char *db = NULL;
    dj_diag d;
    dj_buf out;
    int c, rc, json = 0, modes = 0;

    memset(&o, 0, sizeof o);
    o.time_limit_s = 10.0;
    o.seed = 1;
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", schedule_opts, NULL)) != -1) {
        switch (c) {
        case 't':
        case 's':
        case 'i':
            if (solver_option(c, &o.time_limit_s, &o.seed, &o.max_iters))
                return DJ_EXIT_USAGE;
            break;
        case 'k':
        case 'r':
        case 'f': {
            int keep = c == 'k'   ? DJ_APP_KEEP_LOCKED
                       : c == 'r' ? DJ_APP_REPLAN_ALL
                                  : DJ_APP_FILL_ONLY;
            if (modes++ && o.keep != keep)
                return dj_cli_usage_error(
                    "event", "--keep-locked, --replan-all and --fill-only exclude each other");
            o.keep = keep;
            break;
        }
        case 'F': {
            double v;
            if (!strcmp(optarg, "now"))
                o.from_slot = DJ_APP_FROM_NOW;
            else if (!strchr(optarg, '.') && !dj_cli_number(&v, optarg, 1, DJ_SCHED_MAX_SLOTS))
                o.from_slot = (int)v;
            else
                return dj_cli_usage_error("event", "bad --from-slot '%s' (a slot number or now)",
                                          optarg);
            break;
        }
        case 'n':
            o.dry_run = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_schedule, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + 1 != argc)
        return dj_cli_usage_error("event", "schedule needs exactly one EVENT (code or id)");
    dj_diag_clear(&d);
    if ((o.dry_run ? dj_cli_open_read : dj_cli_open)(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL; /* --dry-run writes nothing: it reads a read-only database too */
    o.progress = dj_cli_sched_progress;
    rc = dj_app_event_schedule(app, argv[optind], &o, &rep, &d);
    dj_cli_progress_end();
    dj_app_close(app);
    if (rc < 0) {
        dj_app_sched_report_fini(&rep);
        return dj_cli_finish("event", rc, &d, json);
    }
    dj_buf_init(&out, 0);
    if (json)
        dj_app_sched_report_json(&out, &rep);
    else
        dj_app_sched_report_text(&out, &rep);
    dj_app_sched_report_fini(&rep);
    rc = dj_buf_rc(&out);
    if (rc < 0) /* the timetable is saved: say so rather than imply nothing happened */
        dj_diag_set(&d, rc, "the timetable was saved, but its report could not be composed");
    if (rc == DJ_OK)
        rc = dj_cli_write_buf(NULL, &out, &d);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}

static int agenda(int argc, char **argv)
{
    /* same order as enum dj_app_agenda_format */
    static const char *const fmts[] = {"text", "html", "csv", "ics", "xlsx", "json"};
    const char *db = NULL, *who = NULL, *path = NULL;
    dj_app *app = NULL;
    dj_diag d;
    dj_buf out;
    int c, rc, fmt = -1, i, json = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, AGENDA_SHORTOPTS, agenda_opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            who = optarg;
            break;
        case 'f':
            for (i = 0; i < 6 && strcmp(optarg, fmts[i]); i++)
                ;
            if (i == 6)
                return dj_cli_usage_error(
                    "event", "bad --format '%s' (text|html|ics|csv|xlsx|json)", optarg);
            if (fmt >= 0 && fmt != i)
                return dj_cli_usage_error("event", "--format %s and --format %s: give one",
                                          fmts[fmt], fmts[i]);
            fmt = i;
            break;
        case 'j':
            json = 1;
            break;
        case 'o':
            path = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_agenda, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (json && fmt >= 0 && fmt != DJ_APP_AGENDA_JSON)
        return dj_cli_usage_error("event", "--json is --format json: drop --format %s", fmts[fmt]);
    if (json || fmt == DJ_APP_AGENDA_JSON) {
        fmt = DJ_APP_AGENDA_JSON;
        json = 1; /* errors as JSON too */
    } else if (fmt < 0)
        fmt = DJ_APP_AGENDA_TEXT;
    if (optind + 1 != argc)
        return dj_cli_usage_error("event", "agenda needs exactly one EVENT (code or id)");
    if (fmt == DJ_APP_AGENDA_XLSX && (!path || !strcmp(path, "-")))
        return dj_cli_usage_error("event", "--format xlsx needs -o FILE.xlsx");
    if (fmt == DJ_APP_AGENDA_XLSX && who)
        return dj_cli_usage_error("event", "the XLSX agenda covers the whole event: "
                                           "drop --participant");
    dj_diag_clear(&d);
    if (dj_cli_open_read(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    rc = dj_app_event_agenda(app, argv[optind], who, fmt, path, &out, &d);
    dj_app_close(app);
    if (rc == DJ_OK && fmt != DJ_APP_AGENDA_XLSX)
        rc = dj_cli_write_buf(path, &out, &d);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}

static int show(int argc, char **argv)
{
    const char *db = NULL;
    dj_app *app = NULL;
    dj_diag d;
    dj_buf out;
    int c, rc, json = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", show_opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_show, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + 1 != argc)
        return dj_cli_usage_error("event", "show needs exactly one EVENT (code or id)");
    dj_diag_clear(&d);
    if (dj_cli_open_read(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    rc = dj_app_event_show(app, argv[optind], json, &out, &d);
    dj_app_close(app);
    if (rc == DJ_OK)
        rc = dj_cli_write_buf(NULL, &out, &d);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}

/* event add / event list: records like orgs and listings (argv[0] is the
 * subcommand; dj_cli_records reads it after the command's name). */
static int records(int argc, char **argv)
{
    char **args = dj_malloc(((size_t)argc + 2) * sizeof *args);
    int rc;

    if (!args)
        return dj_cli_fail("event", DJ_ENOMEM, NULL);
    args[0] = (char *)"event";
    memcpy(args + 1, argv, (size_t)argc * sizeof *args);
    args[argc + 1] = NULL;
    rc = dj_cli_records("event", "events", argc + 1, args);
    dj_free(args);
    return rc;
}

static void print_usage(FILE *f)
{
    fputs(usage, f);
}

int dj_cmd_event(int argc, char **argv)
{
    static const dj_cli_sub subs[] = {
        {"add", records, "", dj_cli_records_opts},
        {"list", records, "", dj_cli_records_opts},
        {"solve-b2b", solve_b2b, "", solve_opts},
        {"schedule", schedule, "", schedule_opts},
        {"publish", dj_cli_event_publish, "", dj_cli_event_undo_opts},
        {"mark", dj_cli_event_mark, "", dj_cli_event_mark_opts},
        {"checkin", dj_cli_event_checkin, "", dj_cli_event_undo_opts},
        {"agenda", agenda, AGENDA_SHORTOPTS, agenda_opts},
        {"show", show, "", show_opts},
        {"recommend", dj_cli_event_recommend, "", dj_cli_event_recommend_opts},
        {"join", dj_cli_event_join, "", dj_cli_event_walkin_opts},
        {"request", dj_cli_event_request, "", dj_cli_event_walkin_opts}};

    return dj_cli_subcommands("event", argc, argv, subs, sizeof subs / sizeof subs[0], "subcommand",
                              "list, add, join, request, schedule, agenda, show, publish, "
                              "mark, checkin, recommend, solve-b2b",
                              print_usage);
}
