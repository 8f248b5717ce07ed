/* app_report.h - use cases of investment projects, deals and park reports
 * (src/app/report_load.c, report.c, projects_read.c, projects_write.c), used by `duijie report`,
 * `duijie project` and `duijie deal` (and later by the HTTP server).
 *
 * Invariants kept by these functions:
 *  - money enters as exact decimal text ("52.62亿", "1235万", "1,000.50") and
 *    is stored and computed as int64 fen; it leaves as integer fen (JSON of
 *    the report engine), exact yuan strings ("5262000000.00") or the
 *    bulletin form ("52.62亿元"); never through binary floating point;
 *  - every write checks dj_app_can(role, DJ_ACT_EDIT_PROJECT), runs in one
 *    transaction together with its project_updates row and its audit_log
 *    entry, and leaves the database unchanged on any error;
 *  - no field of a project is overwritten silently: dated changes are
 *    project_updates rows of their kind, and fixes of wrong values are
 *    'correction' rows holding field, old and new value.
 * Reads need DJ_ACT_READ. Not thread-safe per dj_app (one thread at a time). */
#ifndef DJ_APP_REPORT_H
#define DJ_APP_REPORT_H

#include "duijie/dj_app.h"
#include "duijie/dj_report.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

/* ---- loading the store into the report engine's input (report_load.c) ---- */

/* A string pool whose strings never move: chunks of 64 KiB (or one string's
 * size), freed all at once. */
struct dj__app_pool;
/* Copies s[0..len) and a NUL into the pool at *head; NULL on ENOMEM. */
const char *dj__app_pool_dup(struct dj__app_pool **head, const char *s, size_t len);
void dj__app_pool_free(struct dj__app_pool *p); /* NULL is a no-op */

/* The rows of the store as the engine's input. Owns every array and string
 * that in points to; release with dj_app_report_data_fini (also after a
 * failed load). */
typedef struct dj_app_report_data {
    dj_report_input in;
    /* private: the owned arrays behind in */
    dj_report_project *projects;
    dj_report_update *updates;
    dj_report_deal *deals;
    dj_report_event *events;
    dj_report_participant *participants;
    dj_report_request *requests;
    dj_report_meeting *meetings;
    int64_t *parties;
    size_t cap[8];
    struct dj__app_pool *pool;
} dj_app_report_data;

/* Loads every project, project update, deal (with its parties, and for
 * deals without a project the park and industry taken from the parties'
 * organisations and the linked listings, see dj_report_deal), event,
 * participant, meeting request and meeting. With project_id > 0 only that
 * project and its updates are loaded (nothing else). *out is initialised
 * here. Returns DJ_OK, DJ_EINVAL (a row the engine cannot read: bad enum
 * spelling; diag names table and id), DJ_ESTORE, DJ_ELIMIT or DJ_ENOMEM. */
int dj_app_report_load(dj_app *app, dj_app_report_data *out, int64_t project_id, dj_diag *diag);
void dj_app_report_data_fini(dj_app_report_data *d);

/* ---- reports (report.c) ---- */

/* A report request by natural keys; every member may be NULL. Dates are
 * accepted as YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日. */
typedef struct dj_app_report_req {
    const char *park;     /* park organisation name; NULL = every park */
    const char *event;    /* event code */
    const char *industry; /* exact industry (e.g. "C36") */
    const char *from, *to, *as_of;
} dj_app_report_req;

enum dj_app_report_format {
    DJ_APP_REPORT_JSON = 0, /* the engine's JSON object (money in fen) */
    DJ_APP_REPORT_TEXT = 1  /* bulletin paragraph, blank line, figure table */
};

/* Computes the report and appends it to out in format. Returns DJ_OK,
 * DJ_EINVAL (bad date, unknown park/event: diag->field names the option),
 * DJ_EPERM, or an error of loading/computing (diag says which row). */
int dj_app_report(dj_app *app, const dj_app_report_req *req, int format, struct dj_buf *out,
                  dj_diag *diag);

/* Writes the report as an XLSX workbook at path: sheet 报表 with one row per
 * figure (分组, 指标, 数值, 单位, 简报写法; money as exact 万元 decimal text
 * and the bulletin form, counts as integers, percents as "24.26") and sheet
 * 简报 holding the bulletin paragraph. Returns as dj_app_report, or DJ_EIO
 * when the file cannot be written. */
int dj_app_report_xlsx(dj_app *app, const dj_app_report_req *req, const char *path, dj_diag *diag);

/* ---- projects (projects_write.c, projects_read.c) ---- */

/* Finds a project by id ("12") or code ("PJ-LZH-2024-01"). DJ_ENOTFOUND
 * (diag says which) when none. */
int dj_app_project_find(dj_app *app, const char *id_or_code, int64_t *id_out, dj_diag *diag);

/* Adds a new project from FIELD=VALUE pairs (as dj_app_put "projects"), but
 * fails with DJ_EEXISTS when the code is taken: changes of an existing
 * project go through the dated operations below. */
int dj_app_project_add(dj_app *app, const char *const *cols, const char *const *vals, int n,
                       int64_t *id_out, dj_diag *diag);

/* Moves project (id or code) to stage (English or Chinese name) on date,
 * optionally at event (code; may be NULL). Checked by dj_report_stage_check;
 * writes a 'stage' update, the project's stage, its signed_on / started_on /
 * producing_on (when not yet set) and, for a signing at an event, the
 * credited event when the project has none. note may be NULL. */
int dj_app_project_stage(dj_app *app, const char *project, const char *stage, const char *date,
                         const char *event, const char *note, dj_diag *diag);

/* Reports the cumulative completed investment (amount: money text) as of
 * date ('progress' update). The project must be signed; the amount may not
 * exceed the total investment nor fall below the latest earlier report
 * (a wrong earlier figure is a correction). */
int dj_app_project_progress(dj_app *app, const char *project, const char *amount, const char *date,
                            const char *note, dj_diag *diag);

/* Records a capital increase (增资) of amount (> 0) on date, at event (may be
 * NULL): an 'increase' update, total_investment += amount. The project must
 * be signed, not terminated, and have a known total investment. */
int dj_app_project_increase(dj_app *app, const char *project, const char *amount, const char *date,
                            const char *event, const char *note, dj_diag *diag);

/* Changes the investor to organisation org (name) on date: an 'investor'
 * update; not a new project. */
int dj_app_project_investor(dj_app *app, const char *project, const char *org, const char *date,
                            const char *note, dj_diag *diag);

/* Corrects one field (import column name, English or Chinese) to value,
 * dated date, with a required note: a 'correction' update holding field,
 * old and new value (as the export shows them), and an audit_log entry with
 * the same. DJ_EINVAL when the value does not parse, equals the old one, or
 * breaks a rule (completed > total, total < capital increases). */
int dj_app_project_correct(dj_app *app, const char *project, const char *field, const char *value,
                           const char *date, const char *note, dj_diag *diag);

/* The project (as `duijie export` shows it) with "late" (["start"],
 * ["production"] or []) as of as_of (NULL = today, UTC) as one JSON
 * object. */
int dj_app_project_show_json(dj_app *app, const char *project, const char *as_of,
                             struct dj_buf *out, dj_diag *diag);

/* Projects filtered by park name, stage (English or Chinese; NULL = any) and
 * lateness as of as_of (late_only), as a JSON array (json) or as text lines
 * "code  阶段  园区  总投资  逾期  名称"; the page of them (NULL: all). */
int dj_app_project_list(dj_app *app, const char *park, const char *stage, int late_only,
                        const char *as_of, int json, dj_app_page *page, struct dj_buf *out,
                        dj_diag *diag);

/* The project's updates in date order, as a JSON array (json) or text
 * lines; corrections show field, old and new value. */
int dj_app_project_history(dj_app *app, const char *project, int json, struct dj_buf *out,
                           dj_diag *diag);

/* ---- deals (projects_write.c, projects_read.c) ---- */

/* Adds or updates (by code) a deal, as dj_app_put_changed "deals": the
 * same values again write nothing (*changed_out 0; it may be NULL). */
int dj_app_deal_add(dj_app *app, const char *const *cols, const char *const *vals, int n,
                    int64_t *id_out, int *changed_out, dj_diag *diag);

/* Finds a deal by id or code. */
int dj_app_deal_find(dj_app *app, const char *id_or_code, int64_t *id_out, dj_diag *diag);

/* Deals filtered by event code and type (English or Chinese; NULL = any),
 * as a JSON array (json) or text lines "code  类型  金额  签约日期  名称";
 * the page of them (NULL: all). */
int dj_app_deal_list(dj_app *app, const char *event, const char *type, int json, dj_app_page *page,
                     struct dj_buf *out, dj_diag *diag);

#endif
