/* sched_int.h - the model's layout, shared by the files of src/sched/.
 *
 * Invariants: 1 <= ns <= DJ_SCHED_MAX_SLOTS, so a participant's busy slots
 * fit one uint64_t; arrays indexed by request have cap_r entries, of which nr
 * are used; unavail[p] includes planned[p]; rfixed/rlock are -1 or a slot. */
#ifndef DJ_SCHED_INT_H
#define DJ_SCHED_INT_H

#include "duijie/dj_sched.h"

#include <stdint.h>

struct dj_sched {
    int ns, np, nr, cap_r, ntables;
    int *slot_day, *slot_session, *slot_cap; /* [ns] */
    int *max_meet;                           /* [np], 0 = unlimited */
    int *booth;                              /* [np] booth index or -1 */
    int nbooths;
    uint64_t *unavail, *planned;                   /* [np] */
    int *ra, *rb, *rw, *rsession, *rfixed, *rlock; /* [cap_r] */
    unsigned char *rreq;                           /* [cap_r] */
    unsigned char *roffpool; /* [cap_r] 1: holds no pool table (dj_sched_set_off_pool) */
    int *pb, *pa;            /* precedences: pb[i] before pa[i] */
    int nprec, cap_prec;
    int scope;
    int fair_spread, fair_hard;
};

/* Bits of slots allowed for request r (availability, session, fixed, lock,
 * pool capacity > 0 for pool meetings). */
uint64_t dj__sched_domain(const dj_sched *m, int r);
/* Does request r use a pool table (neither side has a booth)? */
int dj__sched_uses_pool(const dj_sched *m, int r);
/* Masks of the break segments (days or sessions); returns their count. */
int dj__sched_segments(const dj_sched *m, uint64_t seg[DJ_SCHED_MAX_SLOTS]);
/* Breaks of a participant whose busy slots are `busy`. */
int dj__sched_breaks_of(uint64_t busy, uint64_t planned, const uint64_t *seg, int nseg);
/* Idle slots (not busy, not planned) inside each segment's span of `busy`. */
int dj__sched_idle_of(uint64_t busy, uint64_t planned, const uint64_t *seg, int nseg);
/* Breaks of a participant holding `placed` that will take exactly `add` more
 * slots of `allow` (breaks_range.c): 0 when it cannot, else 1 with *lo the
 * fewest breaks of any such choice (exact) and *hi at least the most (exact
 * without planned pauses). */
int dj__sched_breaks_range(uint64_t placed, uint64_t allow, int add, uint64_t planned,
                           const uint64_t *seg, int nseg, int *lo, int *hi);

static inline int dj__popcount64(uint64_t x)
{
    return __builtin_popcountll(x);
}

/* A participant gains (delta > 0) or loses (delta < 0) one meeting at slot
 * t: *occ is its meeting count at t, *busy its busy mask, *vconf the
 * double bookings (meetings beyond the first in a slot) of the search's
 * incremental counters (anneal.c, tabu.c). */
static inline void dj__sched_occ_step(uint16_t *occ, uint64_t *busy, long long *vconf, int t,
                                      int delta)
{
    if (delta > 0) {
        if (*occ >= 1)
            (*vconf)++;
        (*occ)++;
        *busy |= (uint64_t)1 << t;
    } else {
        (*occ)--;
        if (*occ >= 1)
            (*vconf)--;
        else
            *busy &= ~((uint64_t)1 << t);
    }
}
/* Requests of each participant as CSR: (*list)[(*off)[p] .. (*off)[p+1]).
 * Both arrays are dj_malloc'ed and owned by the caller. */
int dj__sched_adjacency(int **off, int **list, const dj_sched *m);

/* Precedences touching each request as CSR: (*list)[(*off)[r] .. (*off)[r+1])
 * are indices into m->pb / m->pa. Both arrays are the caller's. */
int dj__sched_precedences(int **off, int **list, const dj_sched *m);

/* What one exact search did (cp.c). */
typedef struct dj__sched_cp_out {
    int found;     /* slot[] holds a (better) schedule */
    int complete;  /* the search space was exhausted */
    int clock_cut; /* stopped by deadline_ms (not by its node budget) */
    long nodes;    /* nodes visited */
    long long ops; /* entries copied or scanned */
    double work;   /* DJ__SCHED_CP_WORK(ops, nodes): reference ns */
} dj__sched_cp_out;

/* Work of an exact search in reference nanoseconds (fitted once on the
 * reference machine, docs/sched.md): a deterministic stand-in for time. */
#define DJ__SCHED_CP_WORK(ops, nodes) (1.5 * (double)(ops) + 300.0 * (double)(nodes))

/* Exact search (cp.c) over the requests with active[r] != 0 (NULL = all);
 * the others stay at slot[r]. bound < 0: find any schedule satisfying the
 * hard rules (every active request placed), with Luby restarts; bound >= 0:
 * branch and bound for total breaks < bound, slot[] keeps the best found.
 * out->complete with !out->found and bound < 0 proves infeasibility of the
 * active requests all being placed. Stops after max_nodes (<= 0 none),
 * max_work reference ns (<= 0 none; see DJ__SCHED_CP_WORK) or,
 * as a safety cap only, at deadline_ms (monotonic clock, <= 0 none; then
 * out->clock_cut is set and the result depends on the machine). Returns
 * DJ_OK or DJ_ENOMEM. */
int dj__sched_cp(dj__sched_cp_out *out, int *slot, const dj_sched *m, const unsigned char *active,
                 int bound, double deadline_ms, long max_nodes, double max_work, uint64_t seed);

/* Window search (window.c) for instances whose requests are all required:
 * annealing over each participant's block of slots, realised by the exact
 * search inside the blocks. start: NULL or a schedule to take the first
 * blocks from. Stops at `target` breaks or after `budget` reference ns
 * (deadline_ms: the safety cap, sets *cut). On return *sol_breaks is the
 * breaks of the best schedule written to sol[] (it satisfies every hard
 * rule), or -1 when none was found. Adds its work to *spent. Returns DJ_OK or
 * DJ_ENOMEM. */
int dj__sched_window(int *sol, int *sol_breaks, const dj_sched *m, const int *start, int target,
                     double budget, double deadline_ms, uint64_t seed, int *cut, double *spent);

/* Tabu search (tabu.c) for instances whose requests are all required: hard
 * rules relaxed and penalised with an adaptive weight, relocations and
 * swaps of the meetings of participants with breaks or conflicts. sol[]
 * holds a valid schedule (every request at a slot); on return it holds the
 * best valid schedule found and *sol_breaks its breaks (-1: sol[] was not
 * valid, untouched). Stops at `target` breaks, after `budget` reference ns
 * (added to *spent) or at deadline_ms (the safety cap, sets *cut). Returns
 * DJ_OK or DJ_ENOMEM. */
int dj__sched_tabu(int *sol, int *sol_breaks, const dj_sched *m, int target, double budget,
                   double deadline_ms, uint64_t seed, int *cut, double *spent);

/* Fewest breaks of each participant taken alone (plb[np]), raised under
 * hard fairness; their sum is dj_sched_bounds' breaks lower bound. Returns
 * DJ_OK or DJ_ENOMEM. */
int dj__sched_participant_lbs(int *plb, const dj_sched *m);

/* SAT search for fewer breaks (sat.c, CaDiCaL) for instances whose
 * requests are all required: sol[] holds a valid schedule with *sol_breaks
 * breaks; asks for schedules with fewer until the solver says there is none
 * (*proven = 1: *sol_breaks is optimal) or `budget` reference ns (added to
 * *spent) run out; deadline_ms is the safety cap (sets *cut). sol[] and
 * *sol_breaks are replaced only by a better valid schedule. Returns DJ_OK or
 * DJ_ENOMEM. */
int dj__sched_sat(int *sol, int *sol_breaks, int *proven, const dj_sched *m, int lb, double budget,
                  double deadline_ms, uint64_t seed, int *cut, double *spent);

/* SAT "at the bound" (sat_bound.c) for instances whose requests are all
 * required: a schedule whose breaks equal the sum of the participants' own
 * bounds (dj__sched_participant_lbs), i.e. every participant exactly at its
 * own bound. lb: the caller's breaks lower bound; nothing is done unless it
 * is that sum. *found = 1: sol[] holds such a schedule (valid, re-checked).
 * *unreachable = 1: none exists (an exact proof: lb + 1 is a lower bound).
 * Both 0: the budget (reference ns, added to *spent) ran out. start: NULL or
 * a valid schedule whose (nearly) full slots get pool capacity up front;
 * deadline_ms is the safety cap (sets *cut). Returns DJ_OK or DJ_ENOMEM. */
int dj__sched_sat_at_bound(int *sol, int *found, int *unreachable, const dj_sched *m, int lb,
                           const int *start, double budget, double deadline_ms, uint64_t seed,
                           int *cut, double *spent);

/* SAT near the bound (sat_bound.c) for instances whose requests are all
 * required: sol[] holds a valid schedule with *sol_breaks breaks, *lb is a
 * proven lower bound between the sum of the own bounds (lbsum) and lbsum +
 * dmax. Asks for a schedule with at most K = *lb breaks, then K + 1, ...
 * up to min(*sol_breaks - 1, lbsum + dmax), one incremental solver: each
 * "none" is an exact proof and raises *lb; the first model is optimal (sol[]
 * and *sol_breaks written, re-checked) and ends it, as do the budget
 * (reference ns, added to *spent) and the safety cap deadline_ms (*cut).
 * Returns DJ_OK or DJ_ENOMEM. */
int dj__sched_sat_near(int *sol, int *sol_breaks, int *lb, const dj_sched *m, int dmax,
                       double budget, double deadline_ms, uint64_t seed, int *cut, double *spent);

/* dj__sched_cp with compact spans: slack NULL (= dj__sched_cp) or [np];
 * participant p with slack[p] >= 0 must have all its meetings in one span
 * of at most (meetings + slack[p]) slots that are not its planned pauses,
 * i.e. at most slack[p] breaks (cp.c, compact_ok). */
int dj__sched_cp_compact(dj__sched_cp_out *out, int *slot, const dj_sched *m,
                         const unsigned char *active, const int *slack, int bound,
                         double deadline_ms, long max_nodes, double max_work, uint64_t seed);

/* The incremental counters both local searches keep (anneal.c, tabu.c):
 * a slot per request (-1 = unscheduled) and, derived from it, occupancy per
 * participant and slot, busy masks, meeting counts, breaks and idle slots
 * per participant, pool use per slot, the fairness histogram and the
 * violation totals; plus the static facts per request. Each search keeps
 * them exact after every move (its own set_slot); counters.c allocates. */
typedef struct dj__sched_counters {
    const dj_sched *m;
    int ns, np, nr;
    int *slot;
    uint16_t *occ; /* [np * ns] meetings of p at t */
    uint64_t *busy, *dom;
    int *cnt, *brk, *idl, *pool;
    int *hist; /* [ns + 2] participants with cnt >= 2 by breaks */
    unsigned char *usepool, *movable;
    int *poff, *plist; /* precedences touching each request: index into m->pb/pa */
    int *aoff, *alist; /* requests of each participant */
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg;
    long long vconf, vcap, vprec, breaks, idle;
} dj__sched_counters;
/* Allocates k for m: every request unscheduled, its domain and pool use
 * set (movable is the caller's), counters zero. Returns DJ_OK or
 * DJ_ENOMEM; dj__sched_counters_free releases a partial k too. */
int dj__sched_counters_init(dj__sched_counters *k, const dj_sched *m);
void dj__sched_counters_free(dj__sched_counters *k);
/* How far the spread of breaks (histogram) exceeds the fairness spread. */
int dj__sched_spread_excess(const dj__sched_counters *k);
/* The annealer (anneal.c): greedy construction, then simulated annealing
 * over a penalised objective. What a run is given: */
typedef struct dj__sched_sa_opts {
    const int *warm;     /* NULL or a start: a slot per request (-1 = unscheduled) */
    const int *prefer;   /* NULL or dj_sched_opts.prefer */
    const int *fallback; /* NULL or a schedule of the required meetings (cp.c), loaded at
                            half-time when nothing valid has been found by then */
    int lb;              /* breaks lower bound and weight upper bound: reaching both ends */
    long long ub;        /* the run (the schedule is provably optimal) */
    double work;         /* > 0: the run's length in reference ns (sa_work); else `iters` */
    double work_max;     /* with work: while nothing valid is found, the run goes on, a cycle
                            at a time, up to this (> work; the later phases' share) */
    long iters;          /* iterations when work <= 0 */
    int one_cycle;       /* one slow cooling over the whole run instead of restarts */
    int stale_cycles;    /* > 0: stop after this many whole cycles in a row that did not
                            improve the best valid schedule (the search has settled) */
    int construct_only;  /* the greedy construction only, no annealing */
    double deadline_ms;  /* safety cap (monotonic clock), <= 0: none */
    uint64_t seed;
    /* NULL, or called about every 250 ms (wall clock) with the work done
     * so far and the best valid schedule's unscheduled weight and breaks
     * (-1, -1 before one is found); reads only */
    void (*tick)(void *ctx, double work, long long unsched_w, int breaks);
    void *tick_ctx;
} dj__sched_sa_opts;
/* What it did. */
typedef struct dj__sched_sa_out {
    int found;     /* best[] holds a schedule satisfying every hard rule */
    int optimal;   /* ... with weight = ub and breaks = lb */
    int clock_cut; /* stopped by deadline_ms, not by its budget */
    long iters;
    double work;  /* reference ns of the annealing (the construction not counted) */
    uint64_t rng; /* the generator after the run: later phases draw their seeds from it */
} dj__sched_sa_out;
/* Runs the annealer; best[nr] receives the best valid schedule when
 * out->found. Returns DJ_OK or DJ_ENOMEM. */
int dj__sched_anneal(int *best, dj__sched_sa_out *out, const dj_sched *m,
                     const dj__sched_sa_opts *o);
/* Large-neighbourhood search for breaks (lns.c), instances whose requests
 * are all required: best[] is a valid schedule and stays one, improved in
 * place. Runs while *spent < budget (reference ns; its steps are added to
 * *spent) and breaks > lb; deadline_ms is the safety cap (sets *cut).
 * Neighbourhoods are drawn from *rng. Returns DJ_OK or DJ_ENOMEM. */
int dj__sched_lns(int *best, const dj_sched *m, double budget, double deadline_ms, int lb,
                  uint64_t *rng, int *cut, double *spent);
/* Monotonic wall clock in milliseconds. */
double dj__sched_now_ms(void);

/* splitmix64: small deterministic generator for seeds and the generator. */
static inline uint64_t dj__sched_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

#endif
