/* fuzz_solve.c - libFuzzer target for the solver: the input bytes build a
 * small model through the API (slots over one or two days and sessions,
 * tables per slot, booths, limits, unavailable slots and planned pauses,
 * required and optional requests with sessions and fixed slots,
 * precedences, locks, scope, fairness) and dj_sched_solve runs on a small
 * time limit (every phase, the SAT phase aside, gets some work). Then:
 * - a schedule it returns passes dj_sched_verify and has the objective it
 *   reports, with breaks_lb <= breaks and weight <= weight_ub; so does a
 *   second run warm-started from it and preferring it (prefer), and a
 *   third one that reports progress gives that second run's schedule and
 *   work exactly (progress reports only read), each report within the
 *   bounds;
 * - when the instance is small enough to enumerate every assignment: an
 *   "infeasible" answer means no assignment is valid, an "optimal" one that
 *   none has more weight, or as much with fewer breaks; weight_ub is at
 *   least the best weight, and breaks_lb at most the fewest breaks of any
 *   valid assignment.
 * Violations trap so that the fuzzer (or replay) reports them. */
#include "duijie/dj_sched.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REQ      24
#define BRUTE_LIMIT  2000  /* assignments enumerated at most */
#define TIME_LIMIT_S 0.005 /* the work budget; the clock cap below is generous */
#define CLOCK_CAP_S  30.0

typedef struct bytes {
    const uint8_t *p, *e;
} bytes;

static unsigned take(bytes *b)
{
    return b->p < b->e ? *b->p++ : 0;
}

/* The model the bytes describe (NULL when they describe none). */
static dj_sched *build(bytes *b, uint64_t *seed)
{
    unsigned flags = take(b);
    int ns = 1 + (int)(take(b) % 8), np = 2 + (int)(take(b) % 8), tables = (int)(take(b) % 4);
    int morning = (int)(take(b) % (unsigned)(ns + 1)), two_days = flags & 1, t, p, i, n;
    dj_sched *m = NULL;

    if (dj_sched_new(&m, ns, np, tables) != DJ_OK)
        return NULL;
    for (t = 0; t < ns; t++) {
        int day = two_days && t >= ns / 2;
        int cap = (flags & 2) ? (int)(take(b) % 4) : tables;
        (void)dj_sched_set_slot(m, t, day, t < morning ? 0 : 1, cap);
    }
    for (p = 0; p < np; p++) {
        unsigned x = take(b), busy = take(b);
        (void)dj_sched_set_participant(m, p, (int)((x >> 1) & 3), (int)(x & 1) && (flags & 4));
        for (t = 0; t < ns; t++)
            if (busy & (1u << t))
                (void)dj_sched_set_unavailable(m, p, t, (int)((x >> 3) & 1));
    }
    n = (int)(take(b) % (MAX_REQ + 1));
    for (i = 0; i < n; i++) {
        int a = (int)(take(b) % (unsigned)np), c = (int)(take(b) % (unsigned)np);
        unsigned w = take(b), s = take(b), f = take(b);
        int required = (flags & 8) ? 1 : (int)(w & 1);
        int session = s % 3 == 0 ? DJ_SCHED_ANY : (int)(s % 3) - 1;
        int fixed = f % 4 == 0 ? (int)((f >> 2) % (unsigned)ns) : DJ_SCHED_ANY;
        (void)dj_sched_add_request(NULL, m, a, c, 1 + (int)(w % 100), required, session, fixed);
    }
    n = dj_sched_nrequests(m);
    for (i = (int)(take(b) % 4); i > 0 && n > 1; i--)
        (void)dj_sched_add_precedence(m, (int)(take(b) % (unsigned)n),
                                      (int)(take(b) % (unsigned)n));
    if ((flags & 16) && n > 0)
        (void)dj_sched_lock(m, (int)(take(b) % (unsigned)n), (int)(take(b) % (unsigned)ns));
    if (flags & 32)
        dj_sched_set_scope(m, DJ_SCHED_SCOPE_SESSION);
    dj_sched_set_fairness(m, (int)(take(b) % 4), (flags & 64) != 0);
    *seed = take(b);
    return m;
}

/* Every assignment of the requests to slots or -1 (nothing when there are
 * more than BRUTE_LIMIT): the most weight of a valid one, the fewest breaks
 * at that weight, and the fewest of any valid one. Returns 0 when
 * enumerated, -1 when too many. */
static int brute_force(const dj_sched *m, int *valid, long long *best_w, int *best_b, int *min_b)
{
    int nr = dj_sched_nrequests(m), ns = dj_sched_nslots(m), slot[MAX_REQ], r;
    long long total = 1;
    dj_sched_eval ev;

    for (r = 0; r < nr; r++)
        if ((total *= ns + 1) > BRUTE_LIMIT)
            return -1;
    *valid = 0;
    for (r = 0; r < nr; r++)
        slot[r] = -1;
    for (;;) {
        if (dj_sched_verify(&ev, m, slot, NULL, NULL) == DJ_OK) {
            if (!*valid || ev.weight > *best_w || (ev.weight == *best_w && ev.breaks < *best_b)) {
                *best_w = ev.weight;
                *best_b = ev.breaks;
            }
            if (!*valid || ev.breaks < *min_b)
                *min_b = ev.breaks;
            *valid = 1;
        }
        for (r = 0; r < nr; r++) {
            if (++slot[r] < ns)
                break;
            slot[r] = -1;
        }
        if (r == nr)
            return 0;
    }
}

/* A returned schedule is valid and has the objective and bounds reported. */
static void check_schedule(const dj_sched *m, const dj_sched_result *res)
{
    dj_sched_eval ev;
    if (dj_sched_verify(&ev, m, res->slot, res->table, NULL) != DJ_OK || ev.breaks != res->breaks ||
        ev.weight != res->weight || res->breaks_lb > res->breaks || res->weight > res->weight_ub)
        __builtin_trap();
}

/* Progress reports: the best weight and breaks stay within the bounds. */
static void check_progress(void *ctx, const dj_sched_progress *p)
{
    int *calls = ctx;
    (*calls)++;
    if (!p->phase || (p->weight < 0) != (p->breaks < 0) ||
        (p->weight >= 0 && (p->weight > p->weight_ub || p->breaks < 0)))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bytes b = {data, data + size};
    dj_sched_result res;
    dj_sched_opts o;
    uint64_t seed = 0;
    long long best_w = 0;
    int valid = 0, best_b = 0, min_b = 0, enumerated;
    dj_sched *m = build(&b, &seed);

    if (!m)
        return 0;
    memset(&o, 0, sizeof o);
    o.time_limit_s = TIME_LIMIT_S;
    o.clock_cap_s = CLOCK_CAP_S;
    o.seed = seed;
    dj_sched_result_init(&res);
    if (dj_sched_solve(&res, m, &o) != DJ_OK) {
        dj_sched_result_fini(&res);
        dj_sched_free(m);
        return 0; /* DJ_EINVAL (a model the API let through but solve refuses) or DJ_ENOMEM */
    }
    if (res.status == DJ_SCHED_OPTIMAL || res.status == DJ_SCHED_FEASIBLE) {
        dj_sched_result again;
        check_schedule(m, &res);
        /* a re-run from this schedule, preferring it (what re-planning an event
         * does: dj_sched_opts.prefer) */
        o.warm_start = res.slot;
        o.prefer = res.slot;
        dj_sched_result_init(&again);
        if (dj_sched_solve(&again, m, &o) != DJ_OK || again.status == DJ_SCHED_INFEASIBLE ||
            again.status == DJ_SCHED_UNKNOWN)
            __builtin_trap(); /* a valid start was given */
        check_schedule(m, &again);
        {
            dj_sched_result reported;
            int calls = 0, r;
            o.progress = check_progress;
            o.progress_ctx = &calls;
            dj_sched_result_init(&reported);
            if (dj_sched_solve(&reported, m, &o) != DJ_OK || calls == 0 ||
                reported.work != again.work || reported.status != again.status)
                __builtin_trap();
            for (r = 0; r < again.nrequests; r++)
                if (reported.slot[r] != again.slot[r])
                    __builtin_trap(); /* reporting progress changed the schedule */
            o.progress = NULL;
            dj_sched_result_fini(&reported);
        }
        dj_sched_result_fini(&again);
    }
    enumerated = brute_force(m, &valid, &best_w, &best_b, &min_b) == 0;
    if (enumerated) {
        if (res.status == DJ_SCHED_INFEASIBLE && valid)
            __builtin_trap(); /* a false proof of infeasibility */
        if (res.status == DJ_SCHED_OPTIMAL &&
            (best_w > res.weight || (best_w == res.weight && best_b < res.breaks)))
            __builtin_trap(); /* a false proof of optimality */
        if (valid && res.status != DJ_SCHED_INFEASIBLE &&
            (best_w > res.weight_ub || res.breaks_lb > min_b))
            __builtin_trap(); /* a bound that cuts off a schedule */
    }
    dj_sched_result_fini(&res);
    dj_sched_free(m);
    return 0;
}
