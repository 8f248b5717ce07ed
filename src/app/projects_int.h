/* projects_int.h - private to src/app/: helpers the write and read halves
 * of the project use cases share (projects_write.c, projects_read.c), and
 * the history checks of projects_history.c, which apply_projects.c also
 * runs after an import row. */
#ifndef DJ_APP_PROJECTS_INT_H
#define DJ_APP_PROJECTS_INT_H

#include "app/app_report.h"

#include "app/app_int.h"

int dj__proj_fail_field(dj_diag *diag, const char *field, int code, const char *fmt,
                        const char *arg);
int dj__proj_event_id(dj_app *app, const char *code, int64_t *id, dj_diag *diag);
int dj__proj_load_one(dj_app *app, int64_t id, dj_app_report_data *d, dj_diag *diag);

/* amount[i] = the completed investment progress report u[i] stands for
 * once corrections are applied (as the report engine reads them: a
 * correction of completed_investment replaces the latest report on or
 * before its date; the latest such correction wins); u[i].amount for the
 * other rows. amount has n elements. DJ_OK or DJ_ENOMEM. */
int dj__proj_effective_progress(const dj_report_update *u, size_t n, int64_t *amount);

/* 1 when the stage dates (each may be NULL) keep the stages' order, 签约 <=
 * 开工 <= 投产; else 0 and why says which two do not. */
int dj__proj_dates_in_order(const char *signed_on, const char *started_on, const char *producing_on,
                            char *why, size_t whysz);

/* Checks the stored history of project against the rules of
 * projects_history.c (inside the caller's transaction). DJ_EINVAL with
 * *col (the blamed column: "date", "amount" or "stage") and why set when a
 * rule is broken; other errors in diag. */
int dj__proj_check_history(dj_app *app, int64_t project, const char **col, char *why, size_t whysz,
                           dj_diag *diag);

#endif
