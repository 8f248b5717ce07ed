/* cmd_event.c - `duijie event`: brokerage-event timetables.
 *
 *   duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N] --json
 *       solves a B2BSP instance and prints one JSON object (fixed interface):
 *       {"instance","meetings","breaks","max_breaks","min_breaks","lower_bound",
 *        "ms","slots":[...]}  slots[i] = 1-based slot of the i-th requested row
 *       (0 = unscheduled, only possible with the weight extension); an
 *       infeasible instance prints {"instance","infeasible":true,"reason"} and
 *       exits 1.
 *   duijie event schedule EVENT_ID ...   (needs the store: wired by the integrator)
 *   duijie event agenda EVENT_ID ...     (needs the store: wired by the integrator) */
#include "cli/cli.h"
#include "duijie/dj_sched.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char dj_cmd_event_summary[] = "brokerage events: timetable solver and agendas";

static const char usage[] =
    "usage: duijie event solve-b2b FILE.dzn [--time-limit SEC] [--seed N] [--iters N]\n"
    "                 [--scope day|session] --json\n"
    "       duijie event schedule EVENT_ID [--time-limit SEC] [--keep-locked]\n"
    "       duijie event agenda EVENT_ID [--participant ID] [--format text|html|ics|csv|xlsx]\n";

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

static int parse_num(double *out, const char *s, double lo, double hi)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
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
    static const struct option lo[] = {{"time-limit", required_argument, NULL, 't'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"iters", required_argument, NULL, 'i'},
                                       {"json", no_argument, NULL, 'j'},
                                       {"scope", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
    dj_sched_opts opts;
    dj_sched_result res;
    dj_sched *m = NULL;
    dj_diag d;
    dj_buf out;
    char *text = NULL, name[256];
    size_t len = 0;
    int c, rc, json = 0, r, exitc = DJ_EXIT_OK, scope = DJ_SCHED_SCOPE_DAY;
    double v;

    memset(&opts, 0, sizeof opts);
    opts.time_limit_s = 10.0;
    opts.seed = 1;
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 't':
            if (parse_num(&v, optarg, 0.001, 86400))
                return dj_cli_usage_error("event", "bad --time-limit '%s'", optarg);
            opts.time_limit_s = v;
            break;
        case 's':
            if (parse_num(&v, optarg, 0, 9007199254740992.0))
                return dj_cli_usage_error("event", "bad --seed '%s'", optarg);
            opts.seed = (uint64_t)v;
            break;
        case 'i':
            if (parse_num(&v, optarg, 1, 1e12))
                return dj_cli_usage_error("event", "bad --iters '%s'", optarg);
            opts.max_iters = (long)v;
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
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_usage_error("event", "unknown option");
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
    rc = dj_sched_solve(&res, m, &opts);
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
        dj_buf_puts(&out, "}\n");
        exitc = DJ_EXIT_FAIL;
    } else {
        dj_buf_printf(&out,
                      ",\"meetings\":%d,\"breaks\":%d,\"max_breaks\":%d,\"min_breaks\":%d,"
                      "\"lower_bound\":%d,\"ms\":%.1f,\"slots\":[",
                      res.scheduled, res.breaks, res.max_breaks, res.min_breaks, res.breaks_lb,
                      res.ms);
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

/* Subcommands that need the store; the integrator replaces the body of
 * needs_store() by calls into src/app (load event -> dj_sched -> solve ->
 * write meetings; or render an agenda with dj_sched_render_agenda). */
static int needs_store(const char *sub)
{
    fprintf(stderr, "duijie event: '%s' needs the store (not wired yet)\n", sub);
    return DJ_EXIT_FAIL;
}

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} subs[] = {{"solve-b2b", solve_b2b}, {"schedule", NULL}, {"agenda", NULL}};

int dj_cmd_event(int argc, char **argv)
{
    size_t i;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? DJ_EXIT_USAGE : DJ_EXIT_OK;
    }
    for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].fn ? subs[i].fn(argc - 1, argv + 1) : needs_store(subs[i].name);
    return dj_cli_usage_error("event", "unknown subcommand '%s'", argv[1]);
}
