/* solve.c - the timetable solver's plan: proofs and bounds, then the phases
 * in order, each on its share of one work budget, and the final check.
 *
 *   1. dj_sched_check: proofs of infeasibility (bound.c);
 *   2. the exact search over the required meetings (cp.c): a proof that
 *      none fits, or a fallback schedule for the annealer;
 *   3. (off) the window search (window.c);
 *   4. the annealer (anneal.c): construction and simulated annealing;
 *   then, on instances whose requests are all required and with a time
 *   limit: 4b. SAT at the bound (sat_bound.c: a schedule with breaks = the
 *   lower bound ends the run, "none" raises the bound by one), 5. the tabu
 *   search (tabu.c), 6. only with enough work to find anything: SAT near
 *   the bound (sat_bound.c, upward from the bound) where 4b said "none",
 *   then the SAT search (sat.c, downward from the best) on the rest, 7. the
 *   LNS (lns.c) on what is left;
 *   8. tables (tables.c) and dj_sched_verify on the answer.
 *
 * Determinism: every phase stops on a work budget, never on the clock:
 * iterations without a time limit; with one, "reference nanoseconds" of
 * work (counted operations times constants fitted once, docs/sched.md), a
 * fixed rate times the limit. Seeds: the exact search and the window search
 * take opts->seed, the annealer's generator starts from it and the later
 * phases draw theirs from the annealer's final state. So equal model, seed
 * and options give equal outputs on any machine. The wall clock is only a
 * safety cap; when it fires, res->clock_cut says the run was cut. Building
 * with -DDJ_SCHED_TRACE prints each phase's work and time (how the
 * constants were fitted). */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* ---- work budget ----------------------------------------------------------
 * A run with a time limit T gets a fixed amount of work, counted in
 * "reference nanoseconds": what each unit of work (an annealing iteration, a
 * node of the exact search) costs on the reference machine, as a function of
 * the instance size only. The constants were measured once (docs/sched.md);
 * they are never re-measured at run time, so the same model, seed and
 * options give the same work and the same result on any machine. The wall
 * clock is only a safety cap (res->clock_cut). */
#define BUDGET_SHARE    0.65 /* of T: the rest is margin (setup, slower or loaded machine) */
#define CP_SHARE        0.10 /* of the budget, at most, for the first exact search */
#define CP_WORK_NOLIMIT 4e9  /* the first exact search without a time limit */

#define WIN_SHARE    0.0  /* off: measured worse at 0.15 and 0.5 (docs/sched.md) */
#define SA_SHARE_REQ 0.50 /* all-required: the annealer's share; the later phases get the rest */
/* optional requests: cycles in a row without a better schedule that end the run */
#define SA_STALE_CYCLES 3
#define SAT_SHARE       0.5 /* all-required: of the work left after the annealer, for sat.c */
#define SAT_MIN_WORK    1e9 /* below this share of work the SAT phase is skipped (docs/sched.md) */
/* all-required: of the work left after the annealer, for SAT at the bound
 * (sat.c) before the tabu search: a probe that settles the cheap proofs in
 * short runs, more when the SAT phase runs too (docs/sched.md, 4d') */
#define SATLB_SHARE      0.1
#define SATLB_SHARE_LONG 0.3
#define NEAR_DMAX        3 /* SAT near the bound: at most the own bounds' sum + this */

/* Everything the phases share. */
typedef struct run {
    const dj_sched *m;
    const dj_sched_opts *opts;
    int *best; /* [nr] the best valid schedule, when have_best */
    int have_best;
    int optimal;  /* best is provably optimal: no later phase can improve it */
    int refuted;  /* SAT at the bound proved lb + 1 (the near search may go on) */
    int allreq;   /* every request is required (B2BSP) */
    int lb;       /* breaks lower bound (raised by a SAT proof) */
    long long ub; /* weight upper bound */
    double t0, deadline, budget, spent;
    int cut;      /* the clock cap fired somewhere */
    uint64_t rng; /* seeds of the phases after the annealer */
    long iters;
    long long totw; /* total requested weight */
} run;

/* Reports progress (opts->progress) in `phase` after `work` of the budget,
 * with the best valid schedule's figures when there is one. Reads only. */
static void report(const run *u, const char *phase, double work, long long unsched_w, int breaks)
{
    dj_sched_progress p;

    if (!u->opts->progress)
        return;
    p.phase = phase;
    p.elapsed_ms = dj__sched_now_ms() - u->t0;
    p.work = work;
    p.budget = u->budget;
    p.weight = unsched_w >= 0 ? u->totw - unsched_w : -1;
    p.weight_ub = u->ub;
    p.breaks = breaks;
    p.breaks_lb = u->lb;
    u->opts->progress(u->opts->progress_ctx, &p);
}

/* report() between phases: the figures come from verifying the best. */
static void report_phase(const run *u, const char *phase)
{
    dj_sched_eval ev;

    if (!u->opts->progress)
        return;
    if (u->have_best && dj_sched_verify(&ev, u->m, u->best, NULL, NULL) == DJ_OK)
        report(u, phase, u->spent, u->totw - ev.weight, ev.breaks);
    else
        report(u, phase, u->spent, -1, -1);
}

/* The annealer's tick: its own work added to what the run spent before. */
static void anneal_tick(void *ctx, double work, long long unsched_w, int breaks)
{
    const run *u = ctx;
    report(u, "annealing", u->spent + work, unsched_w, breaks);
}

static void trace(const run *u, const char *phase, long long a)
{
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "%s: %lld ms %.0f work %.0f\n", phase, a, dj__sched_now_ms() - u->t0,
            u->spent / 1e6);
#else
    (void)u;
    (void)phase;
    (void)a;
#endif
}

/* Phase 2: the exact search over the required meetings. *infeasible = 1
 * when it exhausted the search space without a schedule (a proof); sol[]
 * gets its schedule and *found = 1 when it found one. */
static int first_exact(run *u, int *sol, int *found, int *infeasible)
{
    const dj_sched *m = u->m;
    double work = u->budget > 0 ? u->budget * CP_SHARE : CP_WORK_NOLIMIT;
    unsigned char *act = dj_malloc((size_t)m->nr + 1);
    dj__sched_cp_out co;
    int r, rc;

    if (!act)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++) {
        act[r] = m->rreq[r];
        sol[r] = -1;
    }
    report_phase(u, "exact search");
    rc = dj__sched_cp(&co, sol, m, act, -1, u->deadline, 0, work, u->opts->seed);
    dj_free(act);
    if (rc < 0)
        return rc;
    u->spent += co.work;
    u->cut |= co.clock_cut;
    trace(u, "cp: found", co.found);
    *found = co.found;
    *infeasible = !co.found && co.complete;
    return DJ_OK;
}

/* Phase 3 (off, WIN_SHARE = 0): the window search. *wbreaks = the breaks
 * of its schedule in wsol[], or -1. */
static int window_phase(run *u, int *wsol, int *wbreaks, const int *start)
{
    dj_sched_eval ev;
    int rc = dj__sched_window(wsol, wbreaks, u->m, start, u->lb, (u->budget - u->spent) * WIN_SHARE,
                              u->deadline, u->opts->seed, &u->cut, &u->spent);
    if (rc < 0)
        return rc;
    if (*wbreaks >= 0 && dj_sched_verify(&ev, u->m, wsol, NULL, NULL) != DJ_OK)
        *wbreaks = -1; /* cannot happen: its domains are subsets of the model's */
    trace(u, "window: breaks", *wbreaks);
    return DJ_OK;
}

/* Phase 4: the annealer. */
static int anneal_phase(run *u, const int *fallback, int construct_only)
{
    const dj_sched *m = u->m;
    const dj_sched_opts *opts = u->opts;
    dj__sched_sa_opts o;
    dj__sched_sa_out out;
    int rc;

    memset(&o, 0, sizeof o);
    o.warm = opts->warm_start;
    o.prefer = opts->prefer;
    o.fallback = fallback;
    o.lb = u->lb;
    o.ub = u->ub;
    o.iters = opts->max_iters;
    if (o.iters <= 0) { /* automatic: scaled with the instance */
        long long a = (long long)m->nr * 6000;
        o.iters = (long)(a < 2000000 ? 2000000 : a > 400000000 ? 400000000 : a);
    }
    if (u->budget > 0 && opts->max_iters <= 0) {
        o.work = (u->budget - u->spent) * (u->allreq ? SA_SHARE_REQ : 1.0);
        if (o.work < 1e6)
            o.work = 1e6;
        o.work_max = u->budget - u->spent; /* the later phases need a valid schedule */
    }
    o.one_cycle = m->nr >= 5000 && u->budget > 0;
    /* with optional requests the annealer is the whole run: once its
     * restarts stop improving, the rest of the budget would be spent for
     * nothing (a 12-request event ran its full 10 s); all-required runs
     * pass the work on to the phases after it and keep their share */
    if (!u->allreq && u->budget > 0)
        o.stale_cycles = SA_STALE_CYCLES;
    o.construct_only = construct_only;
    o.deadline_ms = u->deadline;
    o.seed = opts->seed;
    if (opts->progress) {
        o.tick = anneal_tick;
        o.tick_ctx = u;
    }
    report_phase(u, "annealing");
    if ((rc = dj__sched_anneal(u->best, &out, m, &o)) < 0)
        return rc;
    u->have_best = out.found;
    u->optimal = out.optimal;
    u->cut |= out.clock_cut;
    u->spent += out.work;
    u->iters = out.iters;
    u->rng = out.rng;
    trace(u, "sa: iterations", out.iters);
    return DJ_OK;
}

/* Breaks of the best schedule, or -1 when it is not valid (cannot happen:
 * every phase writes back only verified schedules). */
static int best_breaks(const run *u)
{
    dj_sched_eval ev;
    return dj_sched_verify(&ev, u->m, u->best, NULL, NULL) == DJ_OK ? ev.breaks : -1;
}

/* Phase 4b: a schedule with breaks = the lower bound, by SAT (sat.c,
 * dj__sched_sat_at_bound): every participant exactly at its own bound, on
 * `share` of the work left. A model ends the run (optimal); "none" proves
 * lb + 1 (res->breaks_lb). */
static int at_bound_phase(run *u, dj_sched_result *res, double share)
{
    double budget = (u->budget - u->spent) * share;
    int found = 0, unreachable = 0, rc;

    if (budget <= 0 || u->cut || u->optimal || best_breaks(u) <= u->lb)
        return DJ_OK;
    report_phase(u, "SAT at the bound");
    /* its seed is derived without drawing: the later phases keep theirs */
    rc = dj__sched_sat_at_bound(u->best, &found, &unreachable, u->m, u->lb, u->best, budget,
                                u->deadline, u->rng ^ 0x5a7b0c1dULL, &u->cut, &u->spent);
    if (rc < 0)
        return rc;
    if (found)
        u->optimal = 1;
    else if (unreachable) {
        res->breaks_lb = ++u->lb;
        u->refuted = 1;
    }
    trace(u, "sat at the bound: found", found ? 1 : unreachable ? -1 : 0);
    return DJ_OK;
}

/* SAT near the bound (sat_bound.c, dj__sched_sat_near) on `budget`:
 * upward from the proven lower bound; a model is optimal, each "none"
 * raises the bound. */
static int near_phase(run *u, dj_sched_result *res, double budget)
{
    int breaks = best_breaks(u), rc;

    if (budget <= 0 || u->cut || breaks <= u->lb)
        return DJ_OK;
    report_phase(u, "SAT near the bound");
    rc = dj__sched_sat_near(u->best, &breaks, &u->lb, u->m, NEAR_DMAX, budget, u->deadline,
                            dj__sched_rand(&u->rng), &u->cut, &u->spent);
    if (rc < 0)
        return rc;
    res->breaks_lb = u->lb;
    if (breaks <= u->lb)
        u->optimal = 1;
    trace(u, "sat near the bound: breaks", breaks);
    return DJ_OK;
}

/* Phases 4b-7 (all-required instances with a time limit): SAT at the
 * bound, the tabu search, then, when the SAT share is large enough to find
 * anything, SAT near the bound if SAT at the bound refuted the bound (it
 * proves the next bounds cheaply; docs/sched.md 4d'') and the SAT search
 * down from the best on what it leaves; then the LNS on whatever work is
 * left. */
static int breaks_phases(run *u, dj_sched_result *res)
{
    double sat_budget = (u->budget - u->spent) * SAT_SHARE, tabu_budget;
    int rc, tbreaks = -1, sbreaks, proven = 0;

    if (sat_budget < SAT_MIN_WORK)
        sat_budget = 0;
    if ((rc = at_bound_phase(u, res, sat_budget > 0 ? SATLB_SHARE_LONG : SATLB_SHARE)) < 0)
        return rc;
    if (u->optimal)
        return DJ_OK;
    tabu_budget = u->budget - u->spent - sat_budget;
    if (tabu_budget > 0 && !u->cut && !u->optimal) {
        report_phase(u, "tabu search");
        rc = dj__sched_tabu(u->best, &tbreaks, u->m, u->lb, tabu_budget, u->deadline,
                            dj__sched_rand(&u->rng), &u->cut, &u->spent);
        if (rc < 0)
            return rc;
        trace(u, "tabu: breaks", tbreaks);
    }
    if (sat_budget > 0 && u->refuted) {
        /* upward first; what it leaves (every K up to lbsum + NEAR_DMAX
         * refuted) goes to the search down from the best */
        double before = u->spent;
        if ((rc = near_phase(u, res, sat_budget)) < 0)
            return rc;
        sat_budget -= u->spent - before;
    }
    if (sat_budget > 0 && !u->cut && !u->optimal && (sbreaks = best_breaks(u)) > u->lb) {
        /* fewer breaks than the best, until proven optimal */
        report_phase(u, "SAT");
        rc = dj__sched_sat(u->best, &sbreaks, &proven, u->m, u->lb, sat_budget, u->deadline,
                           dj__sched_rand(&u->rng), &u->cut, &u->spent);
        if (rc < 0)
            return rc;
        if (proven) /* no schedule has fewer breaks */
            res->breaks_lb = u->lb = sbreaks;
        trace(u, "sat: breaks", sbreaks);
    }
    if (!u->cut && u->spent < u->budget)
        report_phase(u, "LNS");
    if (!u->cut)
        return dj__sched_lns(u->best, u->m, u->budget, u->deadline, u->lb, &u->rng, &u->cut,
                             &u->spent);
    return DJ_OK;
}

/* Phase 8: tables, the final check and the result's figures. */
static int finish(run *u, dj_sched_result *res)
{
    const dj_sched *m = u->m;
    dj_sched_eval ev;
    dj_diag diag;
    int rc;

    if (!u->have_best) {
        res->status = DJ_SCHED_UNKNOWN;
        snprintf(res->reason, sizeof res->reason,
                 "no schedule satisfying every hard rule found in %ld iterations (not proven "
                 "infeasible)",
                 res->iters);
        return DJ_OK;
    }
    memcpy(res->slot, u->best, (size_t)m->nr * sizeof(int));
    if ((rc = dj_sched_assign_tables(res->table, m, res->slot)) < 0)
        return rc;
    dj_diag_clear(&diag);
    rc = dj_sched_verify(&ev, m, res->slot, res->table, &diag);
    if (rc == DJ_ECONSTRAINT) {
        /* cannot happen unless the bookkeeping is wrong: report, do not hide */
        res->status = DJ_SCHED_UNKNOWN;
        snprintf(res->reason, sizeof res->reason, "internal: %.180s", diag.message);
        return DJ_OK;
    }
    if (rc < 0)
        return rc;
    res->scheduled = ev.scheduled;
    res->weight = ev.weight;
    res->breaks = ev.breaks;
    res->max_breaks = ev.max_breaks;
    res->min_breaks = ev.min_breaks;
    res->status = (ev.weight >= u->ub && ev.breaks <= u->lb) ? DJ_SCHED_OPTIMAL : DJ_SCHED_FEASIBLE;
    return DJ_OK;
}

/* Phases 2-7; *done = 1 when a proof settled the instance. */
static int search(run *u, dj_sched_result *res, int *done)
{
    const dj_sched *m = u->m;
    int *cpsol = NULL, *wsol = NULL, cp_found = 0, wbreaks = -1, win_done = 0, nreq = 0, r;
    int rc = DJ_OK;
    int infeasible = 0;

    for (r = 0; r < m->nr; r++)
        nreq += m->rreq[r];
    if (nreq > 0 && m->nr <= 4000 && !u->opts->warm_start) {
        /* a valid start for the annealer, or a proof that none exists */
        if (!(cpsol = dj_malloc(((size_t)m->nr + 1) * sizeof *cpsol))) {
            rc = DJ_ENOMEM;
            goto out;
        }
        if ((rc = first_exact(u, cpsol, &cp_found, &infeasible)) < 0)
            goto out;
        if (infeasible) {
            res->status = DJ_SCHED_INFEASIBLE;
            snprintf(res->reason, sizeof res->reason,
                     "exhaustive search: the required meetings have no placement meeting "
                     "every hard rule");
            *done = 1;
            goto out;
        }
    }
    if (u->allreq && u->budget > 0 && !u->opts->warm_start && m->nr > 0 && WIN_SHARE > 0) {
        if (!(wsol = dj_malloc(((size_t)m->nr + 1) * sizeof *wsol))) {
            rc = DJ_ENOMEM;
            goto out;
        }
        if ((rc = window_phase(u, wsol, &wbreaks, cp_found ? cpsol : NULL)) < 0)
            goto out;
        win_done = wbreaks >= 0 && wbreaks <= u->lb; /* reaching the bound ends the run */
    }
    /* the exact search's schedule is not the annealer's start: measured, it
     * ends with more breaks (e.g. tic-12.prec25 19 vs 3); it is loaded only
     * if the annealer finds nothing valid by half-time */
    if ((rc = anneal_phase(u, cp_found ? cpsol : NULL, win_done)) < 0)
        goto out;
    res->iters = u->iters;
    if (wbreaks >= 0) {
        /* the window search's schedule when the annealer did not beat it */
        dj_sched_eval ev;
        if (!u->have_best || dj_sched_verify(&ev, m, u->best, NULL, NULL) != DJ_OK ||
            wbreaks < ev.breaks) {
            memcpy(u->best, wsol, (size_t)m->nr * sizeof *wsol);
            u->have_best = 1;
        }
    }
    if (u->have_best && u->allreq && u->budget > 0 && !win_done)
        rc = breaks_phases(u, res);
out:
    dj_free(cpsol);
    dj_free(wsol);
    return rc;
}

int dj_sched_solve(dj_sched_result *res, const dj_sched *m, const dj_sched_opts *opts)
{
    dj_sched_opts def;
    dj_diag diag;
    run u;
    int r, rc, done = 0;

    memset(&def, 0, sizeof def);
    if (!opts)
        opts = &def;
    memset(&u, 0, sizeof u);
    u.m = m;
    u.opts = opts;
    u.t0 = dj__sched_now_ms();
    dj_sched_result_init(res);
    res->nrequests = m->nr;
    res->slot = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    res->table = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    if (!res->slot || !res->table)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++)
        res->slot[r] = res->table[r] = -1;
    if ((rc = dj_sched_bounds(&u.lb, &u.ub, m)) < 0)
        return rc;
    res->breaks_lb = u.lb;
    res->weight_ub = u.ub;
    dj_diag_clear(&diag);
    rc = dj_sched_check(m, &diag);
    if (rc == DJ_EINFEASIBLE) {
        res->status = DJ_SCHED_INFEASIBLE;
        snprintf(res->reason, sizeof res->reason, "%.190s", diag.message);
        res->ms = dj__sched_now_ms() - u.t0;
        return DJ_OK;
    }
    if (rc < 0)
        return rc;
    /* the work budget (reference ns) and the safety cap */
    u.deadline = opts->clock_cap_s > 0    ? u.t0 + opts->clock_cap_s * 1000.0
                 : opts->time_limit_s > 0 ? u.t0 + opts->time_limit_s * 1000.0
                                          : -1;
    u.budget = opts->time_limit_s > 0 ? opts->time_limit_s * 1e9 * BUDGET_SHARE : -1;
    u.allreq = 1;
    for (r = 0; r < m->nr; r++) {
        u.allreq &= m->rreq[r] != 0;
        u.totw += m->rw[r];
    }
    if (!(u.best = dj_malloc(((size_t)m->nr + 1) * sizeof(int))))
        return DJ_ENOMEM;
    rc = search(&u, res, &done);
    if (rc >= 0 && !done)
        rc = finish(&u, res);
    trace(&u, "end: cut", u.cut);
    res->clock_cut = u.cut;
    res->work = u.spent;
    res->ms = dj__sched_now_ms() - u.t0;
    dj_free(u.best);
    return rc;
}
