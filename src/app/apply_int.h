/* apply_int.h - private to src/app/apply*.c: the helpers the writers of
 * import rows share (defined in apply.c) and the writer of each record
 * family's rows, which dj__apply (apply.c) picks by the row's type.
 *
 * Every writer (dj__app_apply_*, and apply.c's own for organisations and
 * listings) runs inside the caller's transaction; now is the store's
 * current time (dj_store_now), written receives the id the row wrote where
 * the type reports one (only organisations and listings do), and a row
 * that breaks a rule fails with dj__rec_fail, naming its column in
 * diag->field. */
#ifndef DJ_APP_APPLY_INT_H
#define DJ_APP_APPLY_INT_H

#include "app/app_int.h"

#include <stdint.h>

/* Value of an optional text cell. */
dj_value dj__app_cell_text(const dj_rec *r, const char *en);
/* Value of an optional integer-like cell. */
dj_value dj__app_cell_int(const dj_rec *r, const char *en);
/* 1 when the row's cell of column en is present (not empty). */
int dj__app_cell_has(const dj_rec *r, const char *en);
/* 1 when the row's file (or put) has a column en, even an empty cell. */
int dj__app_col_given(const dj_rec *r, const char *en);
/* id as a value; 0 (no reference) is NULL. */
dj_value dj__app_id_or_null(int64_t id);
/* s, or "" for NULL. */
const char *dj__app_or_empty(const char *s);

/* Resolves a reference cell to an id: table/key column by type. Missing
 * optional references give 0. */
int dj__app_ref_id(dj_app *app, const dj_rec *r, const char *en, int64_t *id, dj_diag *diag);

/* The first row of table where every condition of w holds that the running
 * import has not matched yet (then it has), or 0 in *id. */
int dj__app_match_unseen(dj_app *app, dj_import_seen *seen, const char *table, const dj_field *w,
                         int nw, int64_t *id, dj_diag *diag);

/* Updates stored row id of table with the fields f[0..n) whose source
 * column src[i] the row's file has (src[i] NULL: always; "": never, as
 * created_at): a file of fewer columns changes those and keeps the rest
 * (a file of 编号,机构,供需,类别,标题,内容 does not clear 关键词 or reopen a
 * closed listing). An empty cell of a column the file has still clears it. */
int dj__app_update_given(dj_app *app, const dj_rec *r, const char *table, int64_t id, dj_field *f,
                         const char *const *src, int n, dj_diag *diag);

/* Writes a row keyed by key (its first fields f[0..], one per key column;
 * NULL key: always a new row): an insert of every field, or
 * dj__app_update_given of the stored row. */
int dj__app_write_row(dj_app *app, const dj_rec *r, const char *table, dj_field *f,
                      const char *const *src, int n, const char *const *key, int64_t *written,
                      dj_diag *diag);

/* The writers of apply_events.c: events (with their slots and pool
 * tables), participants, meeting requests, meetings. */
int dj__app_apply_event(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag);
int dj__app_apply_participant(dj_app *app, const dj_rec *r, char *now, int64_t *written,
                              dj_diag *diag);
int dj__app_apply_request(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag);
int dj__app_apply_meeting(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag);

/* The writers of apply_projects.c: projects, project updates (corrections
 * among them), deals (with their parties). */
int dj__app_apply_project(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag);
int dj__app_apply_project_update(dj_app *app, const dj_rec *r, char *now, int64_t *written,
                                 dj_diag *diag);
int dj__app_apply_deal(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag);

#endif
