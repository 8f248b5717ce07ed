/* bench_sched.c - timetable solver benchmark.
 *
 * Part 1: every B2BSP instance in $DJ_SHARED_DATA/b2b (default
 * ../shared/data/b2b): status, meetings, breaks (ours), the lower bound, the
 * published best for the `original` variants (Bofill et al., JAIR 2022), and
 * time, and whether the wall-clock safety cap cut the run ("CUT": that row
 * depends on the machine; otherwise the run did its deterministic work
 * budget and is reproducible). Every schedule is re-checked by
 * dj_sched_verify().
 * Part 2: generated events (200, 1,000, 5,000 participants, 16 slots, 8
 * requests each): scheduled weight against the upper bound, breaks and time,
 * next to the first-come-first-served greedy baseline in the same run.
 *
 * An `original` instance whose breaks miss the published best within the
 * limit is solved again with --b2b-long SEC (default 10; 0 = never) and shown
 * on a second row: what a longer run (and the SAT phase, which needs one)
 * reaches.
 *
 * usage: bench_sched [--b2b-limit SEC] [--b2b-long SEC] [--gen-limit SEC]
 *                    [--only-b2b|--only-gen] [--only NAME_PART] [--seed N]
 *                    [--clock-cap SEC]
 * (--only: just the B2BSP files whose name contains NAME_PART; --clock-cap:
 * the wall-clock safety cap of each run, B2BSP or generated, instead of its time limit, so
 * that on a loaded machine every run does its whole deterministic work
 * budget and runs can be compared) */
#include "duijie/dj_sched.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *name;
    int best;
} published[] = {
    {"forum-13.original", 0}, {"forum-13crafb.original", 6}, {"forum-13crafc.original", 1},
    {"forum-14.original", 2}, {"tic-12.original", 0},        {"tic-12crafc.original", 0},
    {"tic-13.original", 0},   {"tic-13crafb.original", 0},   {"tic-13crafc.original", 4}};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static void run_b2b(double limit, double long_limit, uint64_t seed, const char *only, double cap)
{
    const char *root = getenv("DJ_SHARED_DATA");
    char dir[1024], path[1400];
    DIR *d;
    struct dirent *e;
    char *names[512];
    int n = 0, i, matched = 0, norig = 0, solved = 0, total = 0, ncut = 0;
    int nlong = 0, nlong_matched = 0;
    double orig_max_ms = 0;

    snprintf(dir, sizeof dir, "%s/b2b", root ? root : "../shared/data");
    d = opendir(dir);
    if (!d) {
        printf("b2b: %s not found, skipped\n", dir);
        return;
    }
    while ((e = readdir(d)) != NULL && n < 512) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".dzn") == 0 && (!only || strstr(e->d_name, only)))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("B2BSP instances (%s), time limit %.1f s, seed %llu, one core\n", dir, limit,
           (unsigned long long)seed);
    printf("%-28s %-10s %5s %6s %5s %9s %9s %8s %4s\n", "instance", "status", "mtgs", "breaks",
           "lb", "published", "spread", "ms", "cut");
    for (i = 0; i < n; i++) {
        size_t len;
        char *buf, inst[256];
        dj_sched *m = NULL;
        dj_diag diag;
        dj_sched_result res;
        dj_sched_opts o;
        int k, pub = -1;
        const char *st;
        memset(&o, 0, sizeof o);
        o.time_limit_s = limit;
        o.seed = seed;
        o.clock_cap_s = cap;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(inst, sizeof inst, "%.*s", (int)strlen(names[i]) - 4, names[i]);
        buf = slurp(path, &len);
        total++;
        if (!buf || dj_sched_read_dzn(&m, buf, len, &diag) < 0) {
            printf("%-28s read error\n", inst);
            free(buf);
            continue;
        }
        free(buf);
        for (k = 0; k < (int)(sizeof published / sizeof published[0]); k++)
            if (strcmp(published[k].name, inst) == 0)
                pub = published[k].best;
        dj_sched_result_init(&res);
        dj_sched_solve(&res, m, &o);
        st = res.status == DJ_SCHED_OPTIMAL      ? "optimal"
             : res.status == DJ_SCHED_FEASIBLE   ? "feasible"
             : res.status == DJ_SCHED_INFEASIBLE ? "infeasible"
                                                 : "UNKNOWN";
        if (res.status == DJ_SCHED_OPTIMAL || res.status == DJ_SCHED_FEASIBLE) {
            dj_sched_eval ev;
            if (dj_sched_verify(&ev, m, res.slot, res.table, &diag) != DJ_OK ||
                ev.breaks != res.breaks)
                st = "INVALID";
            else
                solved++;
        } else if (res.status == DJ_SCHED_INFEASIBLE) {
            solved++;
        }
        if (pub >= 0) {
            char pb[16];
            snprintf(pb, sizeof pb, "%d", pub);
            norig++;
            if (res.breaks == pub &&
                (res.status == DJ_SCHED_OPTIMAL || res.status == DJ_SCHED_FEASIBLE))
                matched++;
            if (res.ms > orig_max_ms)
                orig_max_ms = res.ms;
            printf("%-28s %-10s %5d %6d %5d %9s %6d..%-2d %8.0f %4s\n", inst, st, res.scheduled,
                   res.breaks, res.breaks_lb, pb, res.min_breaks, res.max_breaks, res.ms,
                   res.clock_cut ? "CUT" : "-");
            if (res.breaks != pub && long_limit > limit) {
                /* the same instance with a longer limit (the SAT phase runs
                 * only with >= 1 s of its own work, see docs/sched.md) */
                dj_sched_result lr;
                char lname[300];
                o.time_limit_s = long_limit;
                o.clock_cap_s = cap > long_limit ? cap : 0;
                dj_sched_result_init(&lr);
                dj_sched_solve(&lr, m, &o);
                snprintf(lname, sizeof lname, "  same, %.0f s", long_limit);
                printf("%-28s %-10s %5d %6d %5d %9s %6d..%-2d %8.0f %4s\n", lname,
                       lr.status == DJ_SCHED_OPTIMAL ? "optimal" : "feasible", lr.scheduled,
                       lr.breaks, lr.breaks_lb, pb, lr.min_breaks, lr.max_breaks, lr.ms,
                       lr.clock_cut ? "CUT" : "-");
                nlong++;
                nlong_matched += lr.breaks == pub;
                ncut += lr.clock_cut;
                dj_sched_result_fini(&lr);
            }
        } else if (res.status == DJ_SCHED_INFEASIBLE || res.status == DJ_SCHED_UNKNOWN) {
            printf("%-28s %-10s %5s %6s %5s %9s %9s %8.0f %4s  %s\n", inst, st, "-", "-", "-", "-",
                   "-", res.ms, res.clock_cut ? "CUT" : "-", res.reason);
        } else {
            printf("%-28s %-10s %5d %6d %5d %9s %6d..%-2d %8.0f %4s\n", inst, st, res.scheduled,
                   res.breaks, res.breaks_lb, "-", res.min_breaks, res.max_breaks, res.ms,
                   res.clock_cut ? "CUT" : "-");
        }
        ncut += res.clock_cut;
        dj_sched_result_fini(&res);
        dj_sched_free(m);
        free(names[i]);
    }
    printf("solved or proven infeasible: %d/%d; original instances at the published best: %d/%d "
           "(slowest %.0f ms); runs cut by the clock (not reproducible): %d\n",
           solved, total, matched, norig, orig_max_ms, ncut);
    if (nlong > 0)
        printf("original instances not at the best in %.0f s, run again for %.0f s: %d of %d reach "
               "it\n",
               limit, long_limit, nlong_matched, nlong);
    printf("\n");
}

static void run_gen(int np, double limit, uint64_t seed, double cap)
{
    dj_sched_gen_opts g;
    dj_sched *m = NULL;
    dj_sched_result res;
    dj_sched_opts o;
    dj_sched_eval ge, se;
    int *gs, nr;
    double t0, gms;

    memset(&g, 0, sizeof g);
    g.participants = np;
    g.slots = 16;
    g.tables = np / 3;
    g.requests_per = 8;
    g.seed = seed;
    g.must_pct = -1;
    g.booth_pct = 10;
    if (dj_sched_generate(&m, &g) < 0) {
        printf("generate %d failed\n", np);
        return;
    }
    nr = dj_sched_nrequests(m);
    gs = malloc((size_t)nr * sizeof *gs);
    t0 = now_ms();
    dj_sched_greedy(gs, m);
    gms = now_ms() - t0;
    if (dj_sched_verify(&ge, m, gs, NULL, NULL) != DJ_OK)
        printf("greedy schedule INVALID\n");
    memset(&o, 0, sizeof o);
    o.time_limit_s = limit;
    o.seed = seed;
    o.clock_cap_s = cap > limit ? cap : 0; /* --clock-cap: do the whole work budget */
    dj_sched_result_init(&res);
    dj_sched_solve(&res, m, &o);
    if (dj_sched_verify(&se, m, res.slot, res.table, NULL) != DJ_OK)
        printf("solver schedule INVALID\n");
    printf("%6d %6d %9lld | %9lld %6.2f%% %7d %6d %8.0f %4s | %9lld %6.2f%% %7d %6d %6.0f\n", np,
           nr, res.weight_ub, se.weight, 100.0 * (double)se.weight / (double)res.weight_ub,
           se.scheduled, se.breaks, res.ms, res.clock_cut ? "CUT" : "-", ge.weight,
           100.0 * (double)ge.weight / (double)res.weight_ub, ge.scheduled, ge.breaks, gms);
    free(gs);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

int main(int argc, char **argv)
{
    double b2b_limit = 1.0, b2b_long = 10.0, gen_limit = 9.0, cap = 0;
    int do_b2b = 1, do_gen = 1, i;
    uint64_t seed = 1;
    const char *only = NULL;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--b2b-limit") == 0 && i + 1 < argc)
            b2b_limit = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--b2b-long") == 0 && i + 1 < argc)
            b2b_long = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--gen-limit") == 0 && i + 1 < argc)
            gen_limit = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--clock-cap") == 0 && i + 1 < argc)
            cap = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i]; /* B2BSP files whose name contains it */
            do_gen = 0;
        } else if (strcmp(argv[i], "--only-b2b") == 0)
            do_gen = 0;
        else if (strcmp(argv[i], "--only-gen") == 0)
            do_b2b = 0;
        else {
            fprintf(stderr, "usage: bench_sched [--b2b-limit SEC] [--b2b-long SEC] "
                            "[--gen-limit SEC] [--only-b2b|--only-gen] [--only NAME_PART] "
                            "[--seed N] [--clock-cap SEC]\n");
            return 2;
        }
    }
    if (do_b2b)
        run_b2b(b2b_limit, b2b_long, seed, only, cap);
    if (do_gen) {
        printf("Generated events (16 slots, 8 requests each, tables = participants/3, 10%% "
               "booths), solver limit %.1f s\n",
               gen_limit);
        printf("%6s %6s %9s | %9s %7s %7s %6s %8s %4s | %9s %7s %7s %6s %6s\n", "people", "reqs",
               "weight_ub", "ours", "of ub", "mtgs", "breaks", "ms", "cut", "greedy", "of ub",
               "mtgs", "breaks", "ms");
        run_gen(200, gen_limit, seed, cap);
        run_gen(1000, gen_limit, seed, cap);
        run_gen(5000, gen_limit, seed, cap);
    }
    return 0;
}
