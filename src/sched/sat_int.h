/* sat_int.h - the CaDiCaL formula shared by the SAT searches of
 * src/sched/: fewer breaks (sat.c), at and near the bound (sat_bound.c);
 * the encoding machinery is in sat_enc.c.
 *
 * Invariants: variable 1 (tru) is true; busy literals are -tru where a
 * participant can never meet; every clause goes through add(), which counts
 * it (the work of the setup and of a conflict is charged per clause). The
 * clause helpers keep short names (newvar, add, add2..add4): every encoder
 * is written in them, and prefixed names would bury the logic. */
#ifndef DJ_SCHED_SAT_INT_H
#define DJ_SCHED_SAT_INT_H
#include "sched/sched_int.h"

#include <ccadical.h>

#define SAT_SETUP_NS 40.0 /* reference ns per clause added */
/* (request, slot) pairs above which the SAT searches are skipped: the
 * B2BSP instances have 2,500-6,700 and the formula has ~30 clauses per pair */
#define SAT_MAX_X 200000

typedef struct dj__sat {
    const dj_sched *m;
    CCaDiCaL *s;
    int nvars, tru;
    int *xoff;       /* [nr + 1]: x vars of r are xvar[xoff[r] .. xoff[r+1]) */
    int *xvar, *xts; /* var and slot of each x */
    int *busy;       /* [np * ns]: literal, or -tru when p can never meet at t */
    int *cnt;        /* [np * (cap + 1)]: cnt[p][k] = "p has >= k breaks", k >= 1 */
    int *cntn;       /* [np]: outputs of p's counter (0 = p has no possible break) */
    int *total;      /* [cap + 1]: total[i] = "breaks above the plb[]s >= i" */
    int *plb, lbsum; /* [np]: each participant's own fewest breaks; their sum */
    int ntotal, cap;
    unsigned char *cap_added; /* [ns] */
    int fair_added;
    int busy_cap; /* pool capacity over busy literals where valid (busy_capacity) */
    int nblocks;  /* at the bound: participants encoded as one block */
    int tight;    /* slots within this of full in the start get capacity up front */
    int nmeet_ok; /* participants with >= 2 meetings (fairness applies) */
    int *nmeet;   /* [np] */
    int *cand;    /* [nr] the last model's slots (dj__sat_decode) */
    long long clauses;
    long long learned, limit; /* learned clauses so far, and the stop */
    double deadline;
    int cut;
    int oom;
} dj__sat;

#define BUSY(s, p, t) ((s)->busy[(size_t)(p) * (size_t)(s)->m->ns + (size_t)(t)])
#define CNT(s, p, k)  ((s)->cnt[(size_t)(p) * (size_t)((s)->cap + 1) + (size_t)(k)])

static inline int newvar(dj__sat *s)
{
    return ++s->nvars;
}

static inline void add(dj__sat *s, const int *lits, int n)
{
    int i;
    for (i = 0; i < n; i++)
        ccadical_add(s->s, lits[i]);
    ccadical_add(s->s, 0);
    s->clauses++;
}

static inline void add2(dj__sat *s, int a, int b)
{
    int l[2] = {a, b};
    add(s, l, 2);
}

static inline void add3(dj__sat *s, int a, int b, int c)
{
    int l[3] = {a, b, c};
    add(s, l, 3);
}

static inline void add4(dj__sat *s, int a, int b, int c, int d)
{
    int l[4] = {a, b, c, d};
    add(s, l, 4);
}

/* At most one of lits: pairwise for few, else a sequential (ladder) encoding. */
void dj__sat_at_most_one(dj__sat *s, const int *lits, int n);
/* At most k of lits (sequential counter, Sinz 2005). */
int dj__sat_at_most_k(dj__sat *s, const int *lits, int n, int k);
/* Totalizer node over two unary counters a[1..na], b[1..nb] (a[i] = ">= i"),
 * capped at cap: writes out[1..*nout]. exact: also "out[k] -> >= k". */
int dj__sat_totalize(dj__sat *s, int *out, int *nout, const int *a, int na, const int *b, int nb,
                     int cap, int exact);
/* Unary count of lits[0..n) capped at cap, written to out[1..*nout] (a
 * balanced tree of totalizer nodes). */
int dj__sat_count_tree(dj__sat *s, int *out, int *nout, const int *lits, int n, int cap, int exact);
/* Break indicators g of participant p (exact), appended to g[]; returns
 * their number. */
int dj__sat_encode_gaps(dj__sat *s, int p, const uint64_t *seg, int nseg, int *g);
/* The block rule for participant p: without a break, p's meetings fill one
 * run of consecutive slots. Valid only when p has >= 2 meetings, its own
 * bound is 0, its possible slots lie in one segment (day or session) and it
 * has no planned pause - otherwise a schedule without breaks may have
 * several runs, and the rule would exclude it (a false proof; test_sat.c).
 * Returns -1 when not valid, else the number of start variables written to
 * starts[] (each fixes which of p's slots are busy; the caller says how
 * many of them hold). */
int dj__sat_block_starts(dj__sat *s, int p, const uint64_t *seg, int nseg, int *starts);
/* Per-participant break counters (exact totalizers over the gap
 * indicators, capped at plb[p] + cap - lbsum, own bounds as units) and the
 * total of the breaks above the own bounds (s->total[1..ntotal], capped at
 * cap - lbsum). s->cap is set by the caller. */
int dj__sat_encode_breaks(dj__sat *s);
/* Blocks where valid (dj__sat_block_starts): "no break -> one start". */
int dj__sat_encode_blocks(dj__sat *s);
/* Pool capacity up front for the slots within s->tight of full in sol[]. */
int dj__sat_tight_capacity(dj__sat *s, const int *sol);
/* The model's slots into s->cand. */
void dj__sat_decode(dj__sat *s);
/* Adds the lazily added rules the model slot[] breaks (capacity, then
 * hard fairness): 1 if any was added (solve again). *rc: DJ_OK or an error. */
int dj__sat_repair(dj__sat *s, const int *slot, int *rc);
void dj__sat_free(dj__sat *s);
/* Too many (request, slot) pairs to encode in a budget that suits the rest. */
int dj__sat_too_big(const dj_sched *m);
/* What both searches share: each participant's own bound and meetings, the
 * solver (no_elim: variable elimination off), the requests and the busy
 * literals. s is zeroed by the caller. */
int dj__sat_setup(dj__sat *s, const dj_sched *m, uint64_t seed, double deadline_ms, int no_elim);
/* Charges the setup to *spent and arms the solver's stop (a budget in
 * learned clauses, conflict_ns x clauses reference ns each, up to end);
 * *per receives the cost of one. Returns 0 when nothing is left. */
int dj__sat_arm(dj__sat *s, double end, double *spent, double conflict_ns, double *per);
/* Charges the conflicts done (per reference ns each, from dj__sat_arm) to
 * *spent and reports a clock cut in *cut. */
void dj__sat_settle(const dj__sat *s, double per, double *spent, int *cut);
#endif
