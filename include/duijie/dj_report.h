/* dj_report.h - the report engine: park bulletin figures over plain arrays.
 *
 * The engine is pure: the app layer loads rows from the database (tables
 * projects, project_updates, deals, deal_parties, events, participants,
 * meeting_requests, meetings; see src/store/migrations/002 and 003) into the
 * input structs below and hands them in; the engine computes the figures and
 * renders them as JSON or as a Chinese bulletin paragraph. docs/reports.md
 * defines every figure (numerator, denominator, which dates decide the
 * period) and the counting rules that avoid double counting.
 *
 * Conventions shared by every struct here:
 *  - money is int64 fen (分); land is hundredths of 亩; floor area hundredths
 *    of m²; a nullable SQL integer is DJ_REPORT_NULL (-1) when NULL;
 *  - dates are NUL-terminated 'YYYY-MM-DD' strings, NULL when SQL NULL;
 *  - ids are the database ids (> 0); 0 means "none" (SQL NULL);
 *  - every pointer in an input struct is borrowed: the engine never frees or
 *    keeps it past the call, except that dj_report_figures may point at
 *    event names of the input (documented there).
 *  - percentages are exact: int64 hundredths of a percent computed with
 *    integer arithmetic, rounded half away from zero (24.26% = 2426).
 * Every function is thread-safe (no global state). */
#ifndef DJ_REPORT_H
#define DJ_REPORT_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf; /* src/util/buf.h */

#define DJ_REPORT_NULL (-1) /* a NULL nullable integer column */

/* projects.stage / project_updates.stage. The order is the pipeline order. */
enum dj_report_stage {
    DJ_STAGE_LEAD = 0,        /* 线索 'lead' */
    DJ_STAGE_NEGOTIATING = 1, /* 洽谈 'negotiating' */
    DJ_STAGE_SIGNED = 2,      /* 签约 'signed' */
    DJ_STAGE_STARTED = 3,     /* 开工 'started' */
    DJ_STAGE_PRODUCING = 4,   /* 投产 'producing' */
    DJ_STAGE_TERMINATED = 5,  /* 终止 'terminated' (final) */
    DJ_STAGE_COUNT = 6
};

/* project_updates.kind */
enum dj_report_update_kind {
    DJ_UPDATE_STAGE = 0,     /* 'stage': transition to .stage on .on_date */
    DJ_UPDATE_PROGRESS = 1,  /* 'progress': .amount = completed investment so far */
    DJ_UPDATE_INCREASE = 2,  /* 'increase': .amount = capital ADDED (增资) */
    DJ_UPDATE_INVESTOR = 3,  /* 'investor': new .investor_id (not a new project) */
    DJ_UPDATE_CORRECTION = 4 /* 'correction': audited fix of .field; no flow */
};

/* deals.type */
enum dj_report_deal_type {
    DJ_DEAL_TECH_DEVELOPMENT = 0, /* 技术开发合同 'tech_development' */
    DJ_DEAL_TECH_TRANSFER = 1,    /* 技术转让合同 'tech_transfer' */
    DJ_DEAL_TECH_LICENSE = 2,     /* 技术许可合同 'tech_license' */
    DJ_DEAL_TECH_CONSULTING = 3,  /* 技术咨询合同 'tech_consulting' */
    DJ_DEAL_TECH_SERVICE = 4,     /* 技术服务合同 'tech_service' */
    DJ_DEAL_INVESTMENT = 5,       /* 投资协议 'investment' */
    DJ_DEAL_FRAMEWORK = 6,        /* 框架协议 'framework' */
    DJ_DEAL_INTENT = 7,           /* 合作意向 'intent' */
    DJ_DEAL_TYPE_COUNT = 8
};
#define DJ_DEAL_IS_TECH(t) ((t) >= DJ_DEAL_TECH_DEVELOPMENT && (t) <= DJ_DEAL_TECH_SERVICE)

/* meeting_requests.status */
enum dj_report_request_status {
    DJ_REQUEST_PENDING = 0,
    DJ_REQUEST_ACCEPTED = 1,
    DJ_REQUEST_DECLINED = 2,
    DJ_REQUEST_CANCELLED = 3
};

/* meetings.status */
enum dj_report_meeting_status {
    DJ_MEETING_SCHEDULED = 0,
    DJ_MEETING_HELD = 1,
    DJ_MEETING_NO_SHOW = 2, /* 'no-show' */
    DJ_MEETING_CANCELLED = 3
};

/* Parse the database spellings above (stage also accepts the Chinese names
 * 线索/洽谈/签约/开工/投产/终止; deal type also 技术开发/技术转让/技术许可/技术咨询/
 * 技术服务/投资协议/框架协议/合作意向). s[0..len). Return DJ_OK or DJ_EINVAL. */
int dj_report_stage_parse(int *out, const char *s, size_t len);
int dj_report_update_kind_parse(int *out, const char *s, size_t len);
int dj_report_deal_type_parse(int *out, const char *s, size_t len);
int dj_report_request_status_parse(int *out, const char *s, size_t len);
int dj_report_meeting_status_parse(int *out, const char *s, size_t len);
/* Names: database spelling and Chinese name; "?" for an out-of-range value. */
const char *dj_report_stage_name(int stage);
const char *dj_report_stage_name_cn(int stage);
const char *dj_report_deal_type_name(int type);
const char *dj_report_deal_type_name_cn(int type);

/* ---- input rows ---------------------------------------------------------- */

/* One row of projects. */
typedef struct dj_report_project {
    int64_t id;
    int64_t park_id;
    int64_t investor_id;                            /* 0 = none */
    const char *industry;                           /* NULL = none */
    int stage;                                      /* enum dj_report_stage: the current stage */
    int64_t total_investment;                       /* fen, DJ_REPORT_NULL = unknown; current value
                                                       (includes every capital increase) */
    int64_t completed_investment;                   /* fen, latest reported value (>= 0) */
    int64_t land_mu;                                /* hundredths of 亩, or DJ_REPORT_NULL */
    int64_t floor_area;                             /* hundredths of m², or DJ_REPORT_NULL */
    int64_t jobs;                                   /* or DJ_REPORT_NULL */
    int64_t annual_output;                          /* fen/year, or DJ_REPORT_NULL */
    const char *planned_start, *planned_production; /* or NULL */
    const char *signed_on, *started_on, *producing_on; /* or NULL */
    int64_t event_id;                                  /* first event where signed, 0 = none */
    int64_t items; /* projects the row stands for (a batch signing, 项目个数); 0 counts as 1 */
} dj_report_project;

/* One row of project_updates. */
typedef struct dj_report_update {
    int64_t id;
    int64_t project_id;
    const char *on_date; /* required */
    int kind;            /* enum dj_report_update_kind */
    int stage;           /* kind STAGE, and CORRECTION of "stage": enum dj_report_stage (the
                            new stage); else ignored */
    int64_t amount;      /* PROGRESS, INCREASE: fen (required, >= 0); CORRECTION of
                            "completed_investment": the corrected value in fen; else ignored */
    int64_t investor_id; /* INVESTOR: the new investor; else ignored */
    int64_t event_id;    /* event where this happened, 0 = none */
    const char *field;   /* CORRECTION: the corrected column (project_updates.field, e.g.
                            "stage", "signed_on", "completed_investment"); NULL = none.
                            docs/reports.md says which corrections change which figures */
} dj_report_update;

/* One row of deals, with its deal_parties. */
typedef struct dj_report_deal {
    int64_t id;
    int type;               /* enum dj_report_deal_type */
    int64_t amount;         /* fen, DJ_REPORT_NULL = not disclosed */
    const char *signed_on;  /* required */
    int64_t event_id;       /* 0 = none */
    int64_t project_id;     /* 0 = none */
    int64_t park_id;        /* park the parties belong to (orgs.park_id of party
                               'b' or the first party), 0 = unknown; used when the
                               deal has no project (see docs/reports.md) */
    const char *industry;   /* industry of the deal (listing or party), NULL =
                               none; used when the deal has no project */
    const int64_t *parties; /* org ids of deal_parties */
    size_t nparties;
    int64_t items; /* contracts the row stands for (a batch signing, 份数); 0 counts as 1 */
} dj_report_deal;

/* One row of events. */
typedef struct dj_report_event {
    int64_t id;
    int64_t park_id;        /* 0 = none */
    const char *name;       /* UTF-8, required */
    const char *start_date; /* required */
    const char *end_date;   /* required */
} dj_report_event;

/* One row of participants (only what the outcomes need). */
typedef struct dj_report_participant {
    int64_t event_id;
    int64_t org_id;
    int checked_in; /* 0 or 1 */
} dj_report_participant;

/* One row of meeting_requests. */
typedef struct dj_report_request {
    int64_t event_id;
    int status; /* enum dj_report_request_status */
} dj_report_request;

/* One row of meetings. */
typedef struct dj_report_meeting {
    int64_t event_id;
    int status; /* enum dj_report_meeting_status */
} dj_report_meeting;

/* Everything the engine reads; arrays may be NULL when their count is 0. */
typedef struct dj_report_input {
    const dj_report_project *projects;
    size_t nprojects;
    const dj_report_update *updates;
    size_t nupdates;
    const dj_report_deal *deals;
    size_t ndeals;
    const dj_report_event *events;
    size_t nevents;
    const dj_report_participant *participants;
    size_t nparticipants;
    const dj_report_request *requests;
    size_t nrequests;
    const dj_report_meeting *meetings;
    size_t nmeetings;
} dj_report_input;

/* What to report. Filters combine with AND. */
typedef struct dj_report_query {
    int64_t park_id;       /* 0 = all parks */
    const char *park_name; /* for the bulletin text ("兰州高新区"); NULL = "全域" */
    const char *industry;  /* NULL = all industries; else exact match */
    int64_t event_id;      /* 0 = all events (and none) */
    const char *from, *to; /* the period, inclusive; NULL = unbounded */
    /* Comparison periods; NULL = default: year-on-year is the same period one
     * year earlier, period-on-period the period of equal length (whole months
     * when the period is whole months) just before. Both are skipped when the
     * period is unbounded. */
    const char *yoy_from, *yoy_to;
    const char *pop_from, *pop_to;
    /* The day at which the signed cohort's progress (开工率, 投产率, 资金到位率,
     * 履约率) is measured; NULL = `to` (or, when `to` is NULL too, the latest
     * date found in the input). */
    const char *as_of;
} dj_report_query;

/* ---- output figures ------------------------------------------------------ */

/* An exact percentage: v is hundredths of a percent (2426 = 24.26%).
 * defined = 0 when the denominator (or growth base) is zero or negative:
 * JSON null, left out of the bulletin text. */
typedef struct dj_report_pct {
    int defined;
    int64_t v;
} dj_report_pct;

typedef struct dj_report_contracts {
    int64_t count;    /* deals */
    int64_t amount;   /* fen, sum of disclosed amounts */
    int64_t unpriced; /* deals whose amount is not disclosed */
    int64_t parties;  /* distinct party orgs of these deals */
} dj_report_contracts;

/* The figures of one period. */
typedef struct dj_report_period {
    char from[11], to[11], as_of[11]; /* "" = unbounded / none */
    int bounded;                      /* both from and to set */
    /* Pipeline flows dated in the period. */
    int64_t signed_count;      /* projects whose first signing date is in the period */
    int64_t signed_investment; /* their investment at signing (fen) */
    int64_t signed_unpriced;   /* of them, with unknown total investment */
    int64_t signed_undated; /* in scope, at 签约, 开工 or 投产 with no signing date anywhere
                               (row or updates): counted in no period, so named apart */
    int64_t signed_land_mu, signed_jobs, signed_annual_output; /* their planned totals */
    int64_t increase_count;      /* capital increases dated in the period */
    int64_t increase_amount;     /* only the added amounts (fen) */
    int64_t new_investment;      /* signed_investment + increase_amount */
    int64_t started_count;       /* projects whose start date is in the period */
    int64_t producing_count;     /* projects whose production date is in the period */
    int64_t terminated_count;    /* projects terminated in the period */
    int64_t completed_in_period; /* completed investment reported in the period */
    int64_t completed_total;     /* cumulative completed investment at the period
                                    end, every project in scope */
    /* The cohort: projects signed in the period, measured at as_of. */
    int64_t cohort_started, cohort_producing, cohort_terminated;
    int64_t cohort_late, cohort_performing;
    int64_t cohort_investment;      /* total investment at as_of, fen */
    int64_t cohort_completed;       /* cumulative completed investment at as_of, fen */
    dj_report_pct funds_rate;       /* 资金到位率 = cohort_completed / cohort_investment */
    dj_report_pct start_rate;       /* 开工率 = cohort_started / signed_count */
    dj_report_pct production_rate;  /* 投产率 = cohort_producing / signed_count */
    dj_report_pct performance_rate; /* 履约率 = cohort_performing / signed_count */
    /* Deals signed in the period, by type, plus subtotals. */
    dj_report_contracts contracts[DJ_DEAL_TYPE_COUNT];
    dj_report_contracts tech; /* the five technology contract types */
    dj_report_contracts all;
} dj_report_period;

/* Growth of the current period over a comparison period. */
typedef struct dj_report_growth {
    dj_report_pct signed_count, signed_investment, new_investment;
    dj_report_pct completed_in_period, contracts_count, contracts_amount;
    dj_report_pct tech_count, tech_amount;
} dj_report_growth;

/* Outcomes of one event. */
typedef struct dj_report_event_outcome {
    int64_t event_id;
    const char *name; /* borrowed from the input event */
    char start_date[11];
    int64_t participants, checked_in;
    int64_t requests,
        accepted;      /* requests to meet (不要 rows are none); accepted = status accepted */
    int64_t answered;  /* status accepted or declined: the event records answers */
    int64_t scheduled; /* meetings put on the timetable (not cancelled) */
    int64_t held, no_shows, cancelled;
    int64_t agreements;          /* deals whose event is this one */
    int64_t agreements_amount;   /* their disclosed amounts, fen */
    int64_t projects;            /* projects credited to this event (first signing) */
    int64_t projects_investment; /* their investment at signing, fen */
} dj_report_event_outcome;

typedef struct dj_report_figures {
    dj_report_period cur;
    int has_yoy, has_pop;
    dj_report_period yoy, pop; /* valid when has_yoy / has_pop */
    dj_report_growth yoy_growth, pop_growth;
    dj_report_event_outcome *events; /* owned (dj_report_figures_fini), ordered
                                        by start date then id */
    size_t nevents;
} dj_report_figures;

/* Computes the figures of q over in into *out (which the caller provides and
 * releases with dj_report_figures_fini, also after an error). out->events[].name
 * points into in->events: keep the input alive while rendering.
 * Returns DJ_OK; DJ_EINVAL on a malformed row or query (bad date, enum out of
 * range, negative amount, capital increases larger than the total
 * investment, ...; diag names the table, id and field); DJ_ELIMIT when a sum
 * overflows int64; DJ_ENOMEM. */
int dj_report_compute(dj_report_figures *out, const dj_report_input *in, const dj_report_query *q,
                      dj_diag *diag);
void dj_report_figures_fini(dj_report_figures *f);

/* Appends the figures as one JSON object to out (sticky errors: returns
 * dj_buf's rc, DJ_OK, DJ_ENOMEM or DJ_ELIMIT). Money is integer fen; percents are
 * exact decimal strings "24.26" or null. */
int dj_report_render_json(struct dj_buf *out, const dj_report_figures *f, const dj_report_query *q);

/* Appends the bulletin: one Chinese paragraph in the style of park bulletins
 * ("2024年1-5月，兰州高新区新签约招商引资项目13个、总投资额52.62亿元，……"). Clauses
 * whose figures are zero or undefined are left out. Returns as above. */
int dj_report_render_text(struct dj_buf *out, const dj_report_figures *f, const dj_report_query *q);

/* ---- exact percentages --------------------------------------------------- */

/* *out = num / den as a percent in hundredths, rounded half away from zero.
 * Returns 1 (defined), or 0 with out->defined = 0 when den <= 0 or when
 * |num| or den reaches 2^60 (about 1.15e16 yuan in fen) or the result does
 * not fit. num may be negative. */
int dj_report_pct_of(dj_report_pct *out, int64_t num, int64_t den);
/* Growth (cur - base) / base: defined only when base > 0 (a zero base has
 * no growth rate: "上年同期为零"). */
int dj_report_growth_of(dj_report_pct *out, int64_t cur, int64_t base);
/* Writes v (hundredths of a percent) with exactly two decimals: "24.26",
 * "-3.10", "0.00". out: at least 32 bytes. Returns the length. */
size_t dj_report_pct_format(char *out, int64_t v);

/* ---- project stage rules (used by `duijie project`) ---------------------- */

/* Checks that project p (with its project_updates rows among upd[0..nupd);
 * rows of other projects are ignored) may move to stage `to` on on_date:
 * forward moves only (stages may be skipped: lead -> signed), terminated is
 * reachable from every other stage and is final, the target differs from the
 * current stage, and on_date is a valid date not earlier than any dated
 * transition already recorded (signed_on, started_on, producing_on and stage
 * updates). Returns DJ_OK or DJ_EINVAL (diag says why). */
int dj_report_stage_check(const dj_report_project *p, const dj_report_update *upd, size_t nupd,
                          int to, const char *on_date, dj_diag *diag);

enum dj_report_late_flags {
    DJ_LATE_START = 1,     /* signed, not started, planned_start before as_of */
    DJ_LATE_PRODUCTION = 2 /* started, not producing, planned_production before as_of */
};

/* Computes the late flags of p as of as_of (stage dates are taken from the
 * row and from its stage updates among upd[0..nupd), so a past as_of sees
 * the past). A project terminated by as_of is never late. A planned date
 * equal to as_of is not late yet. Returns DJ_OK or DJ_EINVAL (bad date). */
int dj_report_late(unsigned *flags_out, const dj_report_project *p, const dj_report_update *upd,
                   size_t nupd, const char *as_of, dj_diag *diag);

#endif
