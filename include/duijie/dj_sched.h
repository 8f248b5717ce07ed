/* dj_sched.h - the meeting timetable optimiser of a brokerage event (对接会).
 *
 * A plain in-memory model: slots (grouped into days and sessions), a pool of
 * tables per slot, exhibitor booths, participants (availability, planned
 * breaks, max meetings) and meeting requests (pair, weight, required flag,
 * session restriction, fixed slot, precedences, locks). The engine is pure:
 * no I/O except the .dzn reader/writer working on buffers, no globals, no
 * database. The store layer fills a model from its tables, calls
 * dj_sched_solve(), and writes the slots and tables back.
 *
 * Indices are 0-based everywhere in this API (slots, participants, requests,
 * tables). Pool tables are 0..pool_tables-1; participant p's booth, when it
 * has one, is table pool_tables + dj_sched_booth_of(m, p).
 *
 * A participant's breaks are the maximal runs of empty slots strictly between
 * its first and last meeting of a day (or of a session, with
 * DJ_SCHED_SCOPE_SESSION). Its planned-break slots are transparent: they are
 * never idle time. See docs/sched.md for the algorithm.
 *
 * Thread-safety: a model is read-only during solve/verify/render, so several
 * threads may solve the same model concurrently; building it is not
 * thread-safe. */
#ifndef DJ_SCHED_H
#define DJ_SCHED_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

#define DJ_SCHED_MAX_SLOTS 64 /* slots of one event (e.g. 2 days of 32 slots) */
#define DJ_SCHED_ANY       (-1)
#define DJ_SCHED_W_MUST    100 /* default weights of a "must" and a "want" request */
#define DJ_SCHED_W_WANT    10

enum dj_sched_scope {
    DJ_SCHED_SCOPE_DAY = 0,    /* breaks counted over the whole day (B2BSP) */
    DJ_SCHED_SCOPE_SESSION = 1 /* the gap between sessions is never a break */
};

enum dj_sched_status {
    DJ_SCHED_UNKNOWN = 0,   /* no schedule satisfying the hard rules was found */
    DJ_SCHED_FEASIBLE = 1,  /* a valid schedule, optimality not proven */
    DJ_SCHED_OPTIMAL = 2,   /* weight == upper bound and breaks == lower bound */
    DJ_SCHED_INFEASIBLE = 3 /* proven: no valid schedule exists (reason says why) */
};

enum dj_sched_format {
    DJ_SCHED_FMT_TEXT = 0,
    DJ_SCHED_FMT_HTML = 1,
    DJ_SCHED_FMT_CSV = 2,
    DJ_SCHED_FMT_ICS = 3
};

typedef struct dj_sched dj_sched; /* opaque model */

/* Creates a model with nslots slots (1..DJ_SCHED_MAX_SLOTS), nparticipants
 * participants and pool_tables pool tables available in every slot. All slots
 * start in day 0, session 0; every participant is available everywhere, has
 * no booth and no meeting limit. *out is owned by the caller
 * (dj_sched_free). Returns DJ_OK, DJ_EINVAL or DJ_ENOMEM. */
int dj_sched_new(dj_sched **out, int nslots, int nparticipants, int pool_tables);
void dj_sched_free(dj_sched *m); /* NULL is a no-op */

int dj_sched_nslots(const dj_sched *m);
int dj_sched_nparticipants(const dj_sched *m);
int dj_sched_nrequests(const dj_sched *m);
int dj_sched_pool_tables(const dj_sched *m);
int dj_sched_nbooths(const dj_sched *m);

/* Slot attributes: day and session numbers (non-decreasing over slots are
 * expected but not required) and the pool tables usable in this slot
 * (0..pool_tables). Returns DJ_OK or DJ_EINVAL. */
int dj_sched_set_slot(dj_sched *m, int slot, int day, int session, int pool_tables);

/* max_meetings: 0 = no limit. has_booth: the participant's meetings happen
 * at its own booth and do not use the pool. Returns DJ_OK or DJ_EINVAL. */
int dj_sched_set_participant(dj_sched *m, int p, int max_meetings, int has_booth);

/* Marks slot unavailable for p. planned_break != 0 makes it a planned pause
 * (lunch, a talk): besides being unavailable it is not counted as idle time.
 * Returns DJ_OK or DJ_EINVAL. */
int dj_sched_set_unavailable(dj_sched *m, int p, int slot, int planned_break);

/* Adds the request "a meets b". weight > 0 (DJ_SCHED_W_MUST/WANT or any);
 * required != 0 makes scheduling it a hard rule (every B2BSP meeting is);
 * session: DJ_SCHED_ANY or a session number; fixed_slot: DJ_SCHED_ANY or the
 * slot it must take. *id_out (may be NULL) receives the request index.
 * Returns DJ_OK, DJ_EINVAL or DJ_ENOMEM. */
int dj_sched_add_request(int *id_out, dj_sched *m, int a, int b, int weight, int required,
                         int session, int fixed_slot);

/* Request `before` must be scheduled in an earlier slot than `after` (when
 * both are scheduled). Returns DJ_OK, DJ_EINVAL or DJ_ENOMEM. */
int dj_sched_add_precedence(dj_sched *m, int before, int after);

/* Request r, between two participants without a booth, holds no pool
 * table: a meeting already held (or fixed) elsewhere, at another
 * participant's booth or at no table. It does not count against any slot's
 * pool, and dj_sched_assign_tables gives it no table (-1). Returns DJ_OK or
 * DJ_EINVAL (a side has a booth). */
int dj_sched_set_off_pool(dj_sched *m, int r);

/* Locks request r at slot (an already published meeting): re-solving keeps
 * it there ("fill unbooked slots only"). Returns DJ_OK or DJ_EINVAL. */
int dj_sched_lock(dj_sched *m, int r, int slot);

void dj_sched_set_scope(dj_sched *m, int scope);
/* Fairness: max - min breaks over participants with >= 2 meetings should be
 * <= max_spread (default 2); hard != 0 makes it a hard rule (B2BSP). */
void dj_sched_set_fairness(dj_sched *m, int max_spread, int hard);

/* Read access, for the store layer and renderers. */
void dj_sched_request(const dj_sched *m, int r, int *a, int *b, int *weight, int *required);
int dj_sched_booth_of(const dj_sched *m, int p); /* booth index or -1 */

/* Cheap bounds: a lower bound on total breaks (per participant, exact
 * ignoring the others: forbidden slots, sessions, fixed slots) and an upper
 * bound on scheduled weight (capacity per participant and per slot). Either
 * pointer may be NULL. Returns DJ_OK or DJ_ENOMEM. */
int dj_sched_bounds(int *breaks_lb, long long *weight_ub, const dj_sched *m);

/* Quick infeasibility proofs (empty domain, too many required meetings for a
 * participant or a slot, clashing fixed slots, precedence cycles). Returns
 * DJ_OK when none applies, DJ_EINFEASIBLE with diag->message, or DJ_ENOMEM. */
int dj_sched_check(const dj_sched *m, dj_diag *diag);

/* What a running solve reports to dj_sched_opts.progress: when each phase
 * starts and, during the annealer, about four times a second (wall clock).
 * Reporting reads the state only: the result is the same with or without
 * it. */
typedef struct dj_sched_progress {
    const char *phase; /* "exact search", "annealing", "SAT at the bound", "tabu search",
                          "SAT near the bound", "SAT", "LNS" */
    double elapsed_ms; /* since dj_sched_solve started */
    double work;       /* reference ns done (docs/sched.md) */
    double budget;     /* the run's work budget; <= 0: no time limit */
    long long weight;  /* of the best valid schedule so far, -1 when none yet */
    long long weight_ub;
    int breaks; /* of that schedule, -1 when none yet */
    int breaks_lb;
} dj_sched_progress;

typedef void (*dj_sched_progress_fn)(void *ctx, const dj_sched_progress *p);

typedef struct dj_sched_opts {
    double time_limit_s;   /* <= 0: no time limit; > 0: sets the work budget (fixed
                              rate, not measured) and caps the wall clock */
    uint64_t seed;         /* same seed + model + options = same result (unless clock_cut) */
    long max_iters;        /* 0 = automatic (scaled with the instance) */
    const int *warm_start; /* NULL or nrequests slots (-1 = unscheduled) to start from */
    /* NULL or nrequests slots: where each request's meeting stands in the
     * current timetable (-1 = none). The annealer leaves them there unless
     * that costs weight or breaks: moving or dropping one costs half a break
     * (docs/sched.md, "Stability"). */
    const int *prefer;
    /* > 0: the wall-clock safety cap in seconds instead of time_limit_s
     * (e.g. a generous cap for a slow debug build, so that the run does its
     * whole deterministic budget); 0 = time_limit_s */
    double clock_cap_s;
    dj_sched_progress_fn progress; /* NULL, or called as described above */
    void *progress_ctx;
} dj_sched_opts;

typedef struct dj_sched_result {
    int *slot;  /* [nrequests] 0-based slot or -1; owned, released by _fini */
    int *table; /* [nrequests] table or -1 */
    int nrequests;
    int status; /* enum dj_sched_status */
    int scheduled;
    long long weight, weight_ub;
    int breaks, breaks_lb, max_breaks, min_breaks;
    long iters;
    double ms;
    char reason[200]; /* why INFEASIBLE / UNKNOWN, else "" */
    /* 1: the wall clock (time_limit_s, a safety cap) stopped a phase before
     * its work budget, so this result depends on the machine's speed and
     * load; 0: the run ended by its deterministic rules (its work budget,
     * or, with optional requests, an annealer that stopped improving). */
    int clock_cut;
    double work; /* work done, in reference nanoseconds (docs/sched.md) */
} dj_sched_result;

void dj_sched_result_init(dj_sched_result *res);
void dj_sched_result_fini(dj_sched_result *res);

/* Solves m: hard rules (one meeting per participant per slot, pool capacity,
 * availability, sessions, fixed slots, precedences, locks, required
 * meetings, max meetings, hard fairness), then lexicographically: most
 * weight, fewest breaks, smallest spread. Fills res (allocating its arrays)
 * and assigns tables. Returns DJ_OK (check res->status), DJ_EINVAL or
 * DJ_ENOMEM. */
int dj_sched_solve(dj_sched_result *res, const dj_sched *m, const dj_sched_opts *opts);

/* Assigns tables once slots are fixed: pool meetings to pool tables (keeping
 * a participant at the same table between consecutive slots when it can),
 * booth meetings to their booth. table_out has nrequests entries. Returns
 * DJ_OK, DJ_ECONSTRAINT (a slot over capacity) or DJ_ENOMEM. */
int dj_sched_assign_tables(int *table_out, const dj_sched *m, const int *slot);

/* First-come-first-served baseline (what self-booking platforms do):
 * requests in index order, each at the earliest slot where both are free and
 * a table is left. Returns DJ_OK or DJ_ENOMEM. */
int dj_sched_greedy(int *slot_out, const dj_sched *m);

typedef struct dj_sched_eval {
    int scheduled;
    long long weight;
    int breaks, max_breaks, min_breaks;
    int violations; /* number of broken hard rules */
} dj_sched_eval;

/* Checks every hard rule for slot[] (and table[] unless NULL) and recomputes
 * the objective into *out (may be NULL). Returns DJ_OK, DJ_ECONSTRAINT (diag
 * names the first broken rule), or DJ_ENOMEM. */
int dj_sched_verify(dj_sched_eval *out, const dj_sched *m, const int *slot, const int *table,
                    dj_diag *diag);

/* Breaks of participant p under slot[]. */
int dj_sched_participant_breaks(const dj_sched *m, const int *slot, int p);

/* ---- B2BSP .dzn (MiniZinc data) ------------------------------------------
 * Reads nBusiness, nMeetings, nTables, nTotalSlots, nMorningSlots,
 * requested, forbidden, fixed, precedences (meetingsxBusiness and
 * nMeetingsBusiness are derived data and ignored), plus the duijie
 * extensions weight, required, maxMeetings, booth (docs/sched.md). Without
 * them every meeting is required and fairness is hard, as in B2BSP.
 * Returns DJ_OK, DJ_EPARSE/DJ_EINVAL (diag: line and why), DJ_ELIMIT or
 * DJ_ENOMEM. */
int dj_sched_read_dzn(dj_sched **out, const char *buf, size_t len, dj_diag *diag);
/* Writes m as .dzn (with the extensions when weights are not all required).
 * Sessions other than 0/1 and multi-day events are not representable.
 * Returns DJ_OK, DJ_EINVAL or the buffer's error. */
int dj_sched_write_dzn(struct dj_buf *out, const dj_sched *m);

/* ---- generator ------------------------------------------------------------ */
typedef struct dj_sched_gen_opts {
    int participants, slots, tables, requests_per;
    uint64_t seed;
    int must_pct;  /* share of "must" requests, default 20 when < 0 */
    int booth_pct; /* share of exhibitors with a booth, default 0 when < 0 */
} dj_sched_gen_opts;

/* Generates a realistic event: requests aimed with a Zipf-like skew (a few
 * participants receive most), morning/afternoon sessions, some unavailable
 * slots. Returns DJ_OK, DJ_EINVAL or DJ_ENOMEM. */
int dj_sched_generate(dj_sched **out, const dj_sched_gen_opts *o);

/* ---- agendas ------------------------------------------------------------- */
typedef struct dj_sched_names {
    const char *event_name;          /* NULL = "" */
    long long event_id;              /* used in ICS UIDs */
    const char *uid_host;            /* after the '@' of ICS UIDs, unique to the event
                                      * across installations; NULL = "duijie" */
    const char *tzid;                /* e.g. "Asia/Shanghai"; NULL = times are UTC */
    int utc_offset_min;              /* fixed offset of tzid (VTIMEZONE), e.g. 480 */
    const char *dtstamp;             /* "YYYYMMDDTHHMMSSZ", creation stamp for ICS */
    long long sequence;              /* ICS SEQUENCE of every VEVENT: must grow from one export
                                      * to the next so that calendars take it as an update
                                      * (duijie: seconds from 2020-01-01 UTC to the export) */
    const char *const *participant;  /* [np] names (UTF-8) */
    const long long *participant_id; /* [np] stable ids for UIDs; NULL = index+1 */
    const char *const *table_label;  /* [pool+booths] or NULL ("Table N"/"Booth of X") */
    const char *const *slot_start;   /* [ns] "YYYY-MM-DDTHH:MM" local time */
    const char *const *slot_end;     /* [ns] */
    const unsigned char *cancelled;  /* [nr] 1 = a cancelled meeting, shown in ICS only
                                        (STATUS:CANCELLED); NULL = none */
    int tentative;                   /* ICS: 1 = a draft timetable, its meetings
                                        STATUS:TENTATIVE; 0 = sent, STATUS:CONFIRMED */
} dj_sched_names;

/* Renders the agenda of participant p (or of everyone when p < 0) for the
 * schedule slot[]/table[] into out, as text, HTML, CSV or ICS (RFC 5545:
 * CRLF, folding at 75 octets, one VEVENT per meeting, UID derived from the
 * event and the two participant ids, the k-th meeting of a pair "-k" with
 * live meetings numbered before cancelled ones). Returns DJ_OK, DJ_EINVAL or the
 * buffer's error. */
int dj_sched_render_agenda(struct dj_buf *out, const dj_sched *m, const int *slot, const int *table,
                           const dj_sched_names *names, int p, int format);

/* A slot's time for people: "09:30-10:00" from "YYYY-MM-DDTHH:MM" start and
 * end, "02-28 09:30-10:00" with_date (an event over several days; the text
 * and HTML agendas add it when the slots span more than one date); other
 * strings are shown as they are, cut to fit. out: DJ_SCHED_SLOT_LABEL bytes. */
#define DJ_SCHED_SLOT_LABEL 48
void dj_sched_slot_label(char *out, const char *start, const char *end, int with_date);

#endif
