/* events_int.h - private to src/app/events_*.c: an event as loaded from the
 * store, and the helpers the loading, scheduling and rendering files share.
 *
 * The model of an event (see docs/sched.md, "Scheduling an event from the
 * database"):
 *  - slots = event_slots in seq order; day = the date of starts_at, session
 *    = morning 0 / afternoon 1 / evening 2; breaks are counted per session
 *    (the lunch gap is never a break);
 *  - pool tables = event_tables without booth_org, in id order (model
 *    tables 0..P-1); a participant whose table_id is a booth table meets at
 *    its booth (model table P + its booth index);
 *  - participants in id order, with max_meetings and the unavailable slots;
 *  - one model request per unordered pair among the pending/accepted
 *    must/want request rows; a 'no' row (pending or accepted) vetoes its
 *    pair; weight DJ_APP_W_MUST if any row of the pair is must, else
 *    DJ_APP_W_WANT; never hard ("every must if feasible", not "fail");
 *  - kept meetings (held, no-show, locked unless DJ_APP_REPLAN_ALL, every
 *    meeting in a slot that is over, and with DJ_APP_FILL_ONLY scheduled
 *    ones whose pair has a live request) become
 *    locked requests: the pair's request when there is one, else an extra
 *    request of weight 1. They override unavailability and raise
 *    max_meetings to their count, since they exist whatever the data says.
 * Invariants: every array of struct ev is indexed as loaded (ids ascending
 * for tables, participants, requests, meetings; seq for slots); a kept
 * meeting is never written; nothing is written unless dj_sched_verify()
 * accepts the whole timetable (kept meetings included) and no table holds two
 * meetings in a slot. */
#ifndef DJ_APP_EVENTS_INT_H
#define DJ_APP_EVENTS_INT_H

#include "app/app_events.h"

#include "app/app_int.h"
#include "duijie/dj_sched.h"

#include <stdint.h>

#define F(c, v) ((dj_field){(c), (v)})

enum { PREF_WANT = 0, PREF_MUST = 1, PREF_NO = 2 };
enum { RQ_PENDING = 0, RQ_ACCEPTED = 1, RQ_DECLINED = 2, RQ_CANCELLED = 3 };
enum { MT_SCHEDULED = 0, MT_HELD = 1, MT_NOSHOW = 2, MT_CANCELLED = 3 };

typedef struct ev_slot {
    int64_t id;
    int seq, day, session;
    char *starts, *ends;
} ev_slot;

typedef struct ev_table {
    int64_t id, booth_org;
    char *label;
    int model; /* model table index, -1 = not in the model (a booth of no participant) */
} ev_table;

typedef struct ev_part {
    int64_t id, org_id, table_id;
    char *org;
    int max; /* most meetings, -1 = no limit (NULL 最多洽谈); 0 = none */
    uint64_t unavail;
    int booth_table; /* index into ev.table, or -1 */
} ev_part;

typedef struct ev_req {
    int64_t id;
    int from, to; /* participant indices */
    int pref, status;
    int session;  /* 场次: 0 morning, 1 afternoon, 2 evening; -1 any */
    int slot_seq; /* 指定时段: event_slots.seq; 0 any */
    int before;   /* 先于: participant index whose meeting with `from` comes later, -1 */
} ev_req;

typedef struct ev_meet {
    int64_t id;
    int a, b, slot, table; /* participant, slot and table indices; table -1 = none */
    int locked, status;
} ev_meet;

typedef struct ev {
    int64_t id;
    char *code, *name, *tz;
    char uid_host[32]; /* "e<16 hex>.duijie": the event's ICS UIDs end "@" this */
    int published;     /* events.published_at is set (events_publish.c) */
    ev_slot *slot;
    ev_table *table;
    ev_part *part;
    ev_req *req;
    ev_meet *meet;
    int ns, nt, np, nr, nm, npool, nbooths;
    size_t cap_s, cap_t, cap_p, cap_r, cap_m;
    int *tmap; /* model table -> index into table */
    int rc;    /* error met inside a row callback */
    dj_diag *diag;
} ev;

double dj__ev_now_ms(void);
void dj__ev_fini(ev *e);
int dj__ev_part_index(const ev *e, int64_t id);
/* *p_out = the participant named who: its organisation's name, or its
 * participant id. DJ_OK, or DJ_ENOTFOUND with diag naming "participant". */
int dj__ev_find_participant(int *p_out, const ev *e, const char *who, dj_diag *diag);
int dj__ev_load(ev *e, dj_app *app, const char *event, dj_diag *diag);
/* The agenda of participant p (-1: everyone) of the loaded event e in
 * format (enum dj_app_agenda_format) into out, or for XLSX into the file
 * path (events_render.c; dj_app_event_agenda checks its arguments). */
int dj__ev_render_agenda(ev *e, int p, int format, const char *path, struct dj_buf *out,
                         dj_diag *diag);
int dj__ev_build_base(dj_sched **out, ev *e);

/* A pair group of request rows: rows[lo..hi) of the sorted order. */
typedef struct ev_group {
    int a, b; /* participants (rep row's from, to) */
    int rep;  /* representative row: the first must row, else the first row */
    int must;
    int kept;           /* index of the kept meeting served by this group, -1 */
    int mreq;           /* model request, -1 */
    int session, fixed; /* the pair's session and slot index, DJ_SCHED_ANY: of its first
                           row that names one (rep first); kept meetings ignore them */
    int owner, before;  /* 先于 of its first row naming one: the meeting of owner (that
                           row's from) and before comes later; -1 when none */
} ev_group;

/* ktab of a kept meeting between two participants without a booth that sits
 * at another participant's booth or at no table: the model gives it no
 * table (dj_sched_set_off_pool) and it keeps its stored one. */
#define KTAB_OFF_POOL (-2)

typedef struct ev_plan {
    ev *e;
    uint64_t over; /* slots that are over (dj_app_sched_opts.from_slot): their meetings
                      are kept, and nobody is available in them for a new one */
    dj_sched *m;
    ev_group *g;
    int ng;
    int *kept;      /* [nm] 1 = kept */
    int *mreq_meet; /* [model requests] kept meeting index or -1 */
    int *mreq_grp;  /* [model requests] group or -1 */
    int *ktab;      /* [model requests] model table a kept meeting must keep, -1, or
                       KTAB_OFF_POOL */
    int *prev;      /* [model requests] the pair's meeting this plan replaces (scheduled,
                       not kept), or -1 */
    int *prefer;    /* [model requests] that meeting's slot, or -1 (dj_sched_opts.prefer) */
    int nmreq, cap_mreq;
    int *prec; /* [2 * nprec] model requests (before, after) of the pairs' 先于 */
    int nprec;
    int poolcap[DJ_SCHED_MAX_SLOTS]; /* the model's pool capacity per slot */
    /* usage of the current timetable (fill_gaps, unsched_reason) */
    uint64_t *busy; /* [np] */
    int *cnt;       /* [np] */
    int pool[DJ_SCHED_MAX_SLOTS];
} ev_plan;

/* Builds pl->m from pl->e (pl zeroed but for e and over): groups, kept meetings,
 * limits and availability, model requests; rep gets the counts (request
 * rows, skipped rows, pairs, musts, kept meetings). DJ_OK or an error
 * (DJ_ECONSTRAINT with diag set when kept meetings clash).
 * dj__ev_plan_fini frees, also after a failure. */
int dj__ev_plan_build(ev_plan *pl, int keep, dj_app_sched_report *rep, dj_diag *diag);
void dj__ev_plan_fini(ev_plan *pl);
/* Whether model request r may take slot t by its pair's 场次 and 指定时段
 * (always for a kept meeting's request and for extra ones). */
int dj__ev_plan_allows(const ev_plan *pl, int r, int t);

#endif
