/* app_events.h - brokerage-event use cases over the store and the meeting
 * timetable engine (src/app/events_load.c, events_plan.c, events_schedule.c
 * and events_render.c, sharing events_int.h; events_publish.c,
 * events_mark.c, events_checkin.c and events_recommend.c), used by `duijie
 * event schedule`, `agenda`, `show`, `publish`, `mark`, `checkin` and
 * `recommend` (and later by the HTTP server).
 *
 * Invariants kept by these functions:
 *  - an event's model is built from the database only (events, event_slots,
 *    event_tables, participants, meeting_requests, meetings); nothing is
 *    cached between calls;
 *  - scheduling never writes a timetable that dj_sched_verify() rejects, nor
 *    one where a table holds two meetings in a slot (the kept meetings'
 *    stored tables included);
 *  - kept meetings (held / no-show; locked ones unless DJ_APP_REPLAN_ALL;
 *    with DJ_APP_FILL_ONLY every scheduled one whose pair still asks to
 *    meet) are never changed; the event's other 'scheduled' meetings are replaced by
 *    the new plan in ONE transaction, together with an audit_log entry; on
 *    any error the database is left exactly as it was;
 *  - 'cancelled' meetings are history: never deleted, never counted.
 * Schedule needs DJ_ACT_RUN_EVENT; agenda and show need DJ_ACT_READ. Not
 * thread-safe per dj_app (one thread at a time). */
#ifndef DJ_APP_EVENTS_H
#define DJ_APP_EVENTS_H

#include "duijie/dj_app.h"
#include "duijie/dj_sched.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

/* Weights given to the engine (docs/sched.md, "Scheduling an event from the
 * database"): a must request outweighs every want request it could
 * displace (at most two per slot it takes), so the solver drops wants first. */
#define DJ_APP_W_MUST 100
#define DJ_APP_W_WANT 10

/* Finds an event by code ("EV-2024-GL-CXY") or id ("2"). DJ_ENOTFOUND (diag
 * says which) when none. */
int dj_app_event_find(dj_app *app, const char *code_or_id, int64_t *id_out, dj_diag *diag);

/* Which existing meetings a re-plan keeps fixed (held and no-show meetings
 * are history and always stay). */
enum dj_app_keep {
    DJ_APP_KEEP_AUTO = 0, /* DJ_APP_FILL_ONLY once the event is published, else KEEP_LOCKED */
    DJ_APP_KEEP_LOCKED,   /* locked meetings stay; other scheduled ones are re-planned */
    DJ_APP_REPLAN_ALL,    /* locked scheduled meetings are re-planned too */
    DJ_APP_FILL_ONLY      /* every scheduled meeting stays while its pair still asks to
                             meet; only requests without a meeting are placed */
};

#define DJ_APP_FROM_NOW (-1) /* dj_app_sched_opts.from_slot: from the first slot not started */

typedef struct dj_app_sched_opts {
    double time_limit_s; /* <= 0: no time limit (the iteration budget applies) */
    uint64_t seed;
    long max_iters; /* 0 = the engine's automatic budget */
    int keep;       /* enum dj_app_keep */
    int dry_run;    /* 1: solve and report, write nothing */
    int from_slot;  /* 0: every slot open; N >= 1: the slots before slot N (seq) are over;
                       DJ_APP_FROM_NOW: the slots that have started, in the event's time
                       zone. Meetings in a slot that is over stay as they are, and no
                       new meeting goes there (re-planning on the day) */
    dj_sched_progress_fn progress; /* NULL, or the solver's progress reports */
    void *progress_ctx;
} dj_app_sched_opts;

/* A request (pair) left without a meeting, and why when known. */
typedef struct dj_app_unsched {
    int64_t request_id;
    int64_t from_id, to_id; /* participants */
    char *from, *to;        /* org names, owned by the report */
    int must;
    char reason[200];
} dj_app_unsched;

typedef struct dj_app_sched_report {
    int64_t event_id;
    char code[257];   /* 编号: at most 64 characters of up to 4 bytes (UTF-8) */
    int request_rows; /* pending/accepted rows with preference must/want */
    int skipped_rows; /* declined, cancelled, 'no', or vetoed by a 'no': closed + vetoed */
    int closed_rows;  /* of them declined or cancelled */
    int vetoed_rows;  /* of them 'no' rows and the rows of the pairs they veto */
    int requests;     /* distinct pairs among request_rows */
    int must, must_scheduled;
    int scheduled;           /* pairs with a meeting (kept or new) */
    int kept;                /* meetings kept fixed */
    int keep;                /* enum dj_app_keep the run used (never DJ_APP_KEEP_AUTO) */
    int published;           /* 1: the event's timetable was published: drops are cancelled */
    int dry_run;             /* 1: nothing written; removed/inserted say what would be */
    int over;                /* slots over (opts.from_slot): the first `over` slots */
    int from_seq;            /* the first open slot's number, 0 when every slot is over */
    int first_seq, last_seq; /* the event's first and last slot numbers */
    int unchanged;           /* scheduled meetings re-planned to where they were (row kept) */
    int removed, inserted;   /* meetings deleted / written */
    int status;              /* enum dj_sched_status of the solve */
    long long weight, weight_ub;
    int breaks, breaks_lb, max_breaks, min_breaks;
    long iters;
    int clock_cut; /* 1: the wall clock cut the solver short: not reproducible */
    double solve_ms, total_ms;
    dj_app_unsched *unsched; /* [nunsched], owned */
    int nunsched;
    char **notes; /* [nnotes], owned: request rows of one pair that disagree on 场次,
                     指定时段 or 先于, and which one was used */
    int nnotes;
} dj_app_sched_report;

void dj_app_sched_report_fini(dj_app_sched_report *r); /* also after a failure */

typedef struct dj_app_recommend_opts {
    int per;          /* best partners kept per participant, 1..100 */
    double min_score; /* the lowest match score recommended */
    int apply;        /* 1: add them as requests (want, pending, from the demand side) */
} dj_app_recommend_opts;

/* Recommended meetings (推荐洽谈, src/app/events_recommend.c): pairs of
 * participants without a request or meeting whose published listings match
 * (one's demand, the other's supply), each participant's `per` best at or
 * above min_score, as JSON into out: {"event", "per", "min_score",
 * "listings", "recommendations": [{"score", "demand": {"participant",
 * "org"}, "supply": {...}, "demand_listing": {"id", "title"},
 * "supply_listing": {...}, "terms"}], "added"}. With apply (needs
 * DJ_ACT_RUN_EVENT) they are written in one transaction, audited. */
int dj_app_event_recommend(dj_app *app, const char *event, const dj_app_recommend_opts *o,
                           struct dj_buf *out, dj_diag *diag);

/* A participant added on its own (the walk-in, src/app/events_walkin.c):
 * a participants row of event (code or id) for org (name or 统一社会信用代码)
 * with the FIELD=VALUE pairs cols/vals (最多洽谈, 角色, 不可用时段, …; not
 * 活动 or 机构), written as an import row through dj_app_put_changed. */
int dj_app_event_join(dj_app *app, const char *event, const char *org, const char *const *cols,
                      const char *const *vals, int n, int64_t *id_out, int *changed, dj_diag *diag);

/* A meeting request added on its own: a requests row of event from
 * participant `from` to `to` (organisation name, or participant id as
 * "#5" or "5"), with the pairs (意愿, 场次, 指定时段, 先于, …), written as an
 * import row; the same pair again updates that request. */
int dj_app_event_request(dj_app *app, const char *event, const char *from, const char *to,
                         const char *const *cols, const char *const *vals, int n, int64_t *id_out,
                         int *changed, dj_diag *diag);

/* Schedules event (code or id): loads it into a dj_sched model, solves with
 * opts, assigns tables, verifies, and (unless dry_run) writes the meetings
 * in one transaction with an audit_log entry (action "event.schedule").
 * *rep is initialised here. Returns DJ_OK, DJ_ENOTFOUND (no such event),
 * DJ_EINVAL (an event the model cannot hold: no slots, > 64 slots, a bad
 * unavailable list), DJ_ECONSTRAINT (kept meetings clash with each other),
 * DJ_EINFEASIBLE (no valid timetable found; diag says why), DJ_EPERM,
 * DJ_ESTORE or DJ_ENOMEM. */
int dj_app_event_schedule(dj_app *app, const char *event, const dj_app_sched_opts *opts,
                          dj_app_sched_report *rep, dj_diag *diag);

/* Writes the report as one JSON object into out. */
int dj_app_sched_report_json(struct dj_buf *out, const dj_app_sched_report *rep);
/* Writes the report as text lines into out. */
int dj_app_sched_report_text(struct dj_buf *out, const dj_app_sched_report *rep);

enum dj_app_agenda_format {
    DJ_APP_AGENDA_TEXT = 0,
    DJ_APP_AGENDA_HTML = 1,
    DJ_APP_AGENDA_CSV = 2,
    DJ_APP_AGENDA_ICS = 3,
    DJ_APP_AGENDA_XLSX = 4,
    DJ_APP_AGENDA_JSON = 5 /* one object: docs/events.md, "The agenda as JSON" */
};

/* Renders the current timetable of event (its meetings that are not
 * cancelled) as the agenda of one participant (participant: org name or
 * participant id; NULL = everyone) into out, with names = org names, slot
 * times from event_slots and the event's time zone. XLSX (whole event only:
 * participant must be NULL) is written to path instead, whole or not at
 * all (built beside it and renamed); out is unused. Returns DJ_OK,
 * DJ_ENOTFOUND (event or participant), DJ_EINVAL (unknown time zone for
 * ICS, XLSX without path or with a participant), DJ_EIO (the XLSX file
 * cannot be written: diag names it and why), DJ_EPERM, DJ_ESTORE or
 * DJ_ENOMEM. */
int dj_app_event_agenda(dj_app *app, const char *event, const char *participant, int format,
                        const char *path, struct dj_buf *out, dj_diag *diag);

/* Marks event's timetable as sent to its participants (published_at =
 * now, also when it was already published), or back to a draft (undo).
 * While published, dj_app_event_schedule's default mode is
 * DJ_APP_FILL_ONLY and a meeting any mode drops is cancelled, not deleted
 * (docs/sched.md, "Publishing"). at_out (NULL, or >= 32 bytes) gets the
 * stored time, "" after undo. Needs DJ_ACT_RUN_EVENT; audited. Returns
 * DJ_OK, DJ_ENOTFOUND, DJ_ECONSTRAINT (publishing an event without a live
 * meeting), DJ_EPERM, DJ_ESTORE or DJ_ENOMEM. */
int dj_app_event_publish(dj_app *app, const char *event, int undo, char *at_out, dj_diag *diag);

/* A change to one meeting on the day; each part optional. */
typedef struct dj_app_meeting_change {
    const char *status; /* NULL, or scheduled / held / no-show / cancelled (or 已安排 ...) */
    int locked;         /* -1 unchanged, 0 unlock, 1 lock */
    int rating;         /* 0 unchanged, 1..5 */
    const char *absent; /* NULL, or who missed a no-show meeting (缺席方): one of its two
                           participants, by org name or participant id; needs status no-show */
} dj_app_meeting_change;

/* *id_out = the meeting of participants a and b (org names or participant
 * ids) at event that is not cancelled. Returns DJ_OK, DJ_ENOTFOUND (event,
 * participant, or no such meeting), DJ_EINVAL (the pair has several: the
 * message lists them; or a and b name the same participant), DJ_EPERM,
 * DJ_ESTORE or DJ_ENOMEM. */
int dj_app_meeting_of_pair(dj_app *app, const char *event, const char *a, const char *b,
                           int64_t *id_out, dj_diag *diag);

/* Changes meeting meeting_id of event (code or id): written as a meetings
 * import row naming it by 编号 (dj_app_put: validated, clash-checked,
 * audited; docs/import.md). Needs DJ_ACT_RUN_EVENT. Returns DJ_OK,
 * DJ_ENOTFOUND (event, or no such meeting of it), DJ_EINVAL (nothing to
 * change, a bad value, or it would double-book a party or a table, as an
 * import row would), DJ_EPERM, DJ_ESTORE or DJ_ENOMEM. */
int dj_app_meeting_mark(dj_app *app, const char *event, int64_t meeting_id,
                        const dj_app_meeting_change *c, dj_diag *diag);

/* Who was checked in (dj_app_event_checkin). */
typedef struct dj_app_checkin {
    int64_t participant_id;
    char org[257];
    int meetings; /* its meetings in the timetable (not cancelled), as its agenda lists them */
} dj_app_checkin;

/* Records that participant (org name or participant id) of event arrived
 * (签到; participants.checked_in = 1), or did not after all (undo). With
 * sheet (NULL: none) and not undo, appends that participant's text agenda
 * (the check-in desk's sheet; nothing when it has no meeting) rendered from
 * the same load of the event as the check-in, before anything is written.
 * Needs DJ_ACT_RUN_EVENT; audited. Returns DJ_OK, DJ_ENOTFOUND (event or
 * participant), DJ_EPERM, DJ_ESTORE or DJ_ENOMEM. */
int dj_app_event_checkin(dj_app *app, const char *event, const char *participant, int undo,
                         dj_app_checkin *out, struct dj_buf *sheet, dj_diag *diag);

/* The timetable grid of event (slots x tables) as text, or as one JSON
 * object {"event","event_id","name","tz","published","slots","tables","participants","meetings"}
 * (json). */
int dj_app_event_show(dj_app *app, const char *event, int json, struct dj_buf *out, dj_diag *diag);

/* UTC offset in minutes of a time-zone name: the fixed-offset zones of
 * China and its neighbours ("Asia/Shanghai" = 480, ...), "UTC", and
 * "UTC+08:00"/"UTC-05:30". Returns DJ_OK or DJ_EINVAL (unknown: zones with
 * daylight saving time are not supported). */
int dj_app_tz_offset(int *minutes_out, const char *tz);

#endif
