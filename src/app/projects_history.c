/* projects_history.c - the rules a project's history must keep after an
 * import wrote to it, and the two readings of that history the `project`
 * commands share with it (a progress report as corrected; the order of the
 * stage dates).
 *
 * An import writes rows in file order, so it checks the project as a whole
 * after each row and refuses the first row that breaks a rule. The rules
 * are only those every history the commands write keeps - an export must
 * always import back - and that the figures need:
 *   - the report engine computes the project (dj_report_compute: the
 *     capital increases do not exceed 总投资, dates are dates, ...);
 *   - the row's stage dates keep the stages' order: 签约 <= 开工 <= 投产
 *     (the commands check the same with dj__proj_dates_in_order).
 * Each rule holds for every part of a history that keeps it, so checking
 * after every row blames the row that broke it, whatever the file order.
 * Rules the commands keep only without corrections (stages move forward,
 * reports never shrink nor exceed 总投资, no money before signing) are not
 * import rules: a correction later in the file may make them hold or not
 * (a stage corrected back, 总投资 corrected below an old report), and the
 * report reads such histories as docs/reports.md says. */
#include "app/projects_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* 1 when update a comes before b (date, then id: the order written, and
 * the order the report engine reads). */
static int before(const dj_report_update *a, const dj_report_update *b)
{
    int c = strcmp(a->on_date, b->on_date);
    return c < 0 || (c == 0 && a->id < b->id);
}

/* The progress report a correction of completed_investment fixes: the
 * latest one before it in the engine's order (a report of the same day
 * written after the correction is not fixed by it); n when there is none. */
static size_t fixed_report(const dj_report_update *u, size_t n, const dj_report_update *c)
{
    size_t i, fixed = n;
    if (c->kind != DJ_UPDATE_CORRECTION || !c->field || strcmp(c->field, "completed_investment"))
        return n;
    for (i = 0; i < n; i++)
        if (u[i].kind == DJ_UPDATE_PROGRESS && before(&u[i], c) &&
            (fixed == n || before(&u[fixed], &u[i])))
            fixed = i;
    return fixed;
}

int dj__proj_effective_progress(const dj_report_update *u, size_t n, int64_t *amount)
{
    size_t *last = dj_malloc((n + 1) * sizeof *last); /* per report: its latest correction */
    size_t i, f;

    if (!last)
        return DJ_ENOMEM;
    for (i = 0; i < n; i++)
        last[i] = n;
    for (i = 0; i < n; i++) /* each correction once: O(n) to find the report it fixes */
        if ((f = fixed_report(u, n, &u[i])) < n && (last[f] == n || before(&u[last[f]], &u[i])))
            last[f] = i;
    for (i = 0; i < n; i++)
        amount[i] = last[i] < n ? u[last[i]].amount : u[i].amount;
    dj_free(last);
    return DJ_OK;
}

int dj__proj_dates_in_order(const char *signed_on, const char *started_on, const char *producing_on,
                            char *why, size_t whysz)
{
    const char *d[3] = {signed_on, started_on, producing_on};
    int k, next;

    for (k = 0; k < 2; k++) {
        for (next = k + 1; next < 3 && !d[next]; next++)
            ;
        if (d[k] && next < 3 && strcmp(d[next], d[k]) < 0) {
            snprintf(why, whysz, "%s %s would come before %s %s",
                     dj_report_stage_name_cn(DJ_STAGE_SIGNED + next), d[next],
                     dj_report_stage_name_cn(DJ_STAGE_SIGNED + k), d[k]);
            return 0;
        }
    }
    return 1;
}

static int check_rules(const dj_report_project *p, char *why, size_t whysz, const char **col)
{
    if (dj__proj_dates_in_order(p->signed_on, p->started_on, p->producing_on, why, whysz))
        return DJ_OK;
    *col = "date";
    return DJ_EINVAL;
}

int dj__proj_check_history(dj_app *app, int64_t project, const char **col, char *why, size_t whysz,
                           dj_diag *diag)
{
    dj_app_report_data d;
    dj_report_figures fig;
    dj_report_query q;
    dj_diag engine;
    int rc;

    *col = NULL;
    why[0] = '\0';
    memset(&q, 0, sizeof q);
    memset(&fig, 0, sizeof fig);
    if ((rc = dj__proj_load_one(app, project, &d, diag)) == DJ_OK) {
        rc = check_rules(&d.in.projects[0], why, whysz, col);
        dj_diag_clear(&engine);
        if (rc == DJ_OK && (rc = dj_report_compute(&fig, &d.in, &q, &engine)) < 0 &&
            rc != DJ_ENOMEM) {
            *col = "amount"; /* the engine's rules are about sums of money */
            snprintf(why, whysz, "%s", engine.message);
            rc = DJ_EINVAL;
        }
        dj_report_figures_fini(&fig);
    }
    dj_app_report_data_fini(&d);
    return rc;
}
