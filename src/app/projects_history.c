/* projects_history.c - the rules a project's whole history must keep after
 * an import wrote to it. The `project` commands check one change against
 * the history they find (dj_report_stage_check, the progress bounds in
 * projects_write.c); an import writes rows in file order, so it checks the
 * history as a whole after each row instead, and the first row that breaks
 * a rule is the one refused.
 *
 * Invariant: a history that passes is one the report engine computes
 * (dj_report_compute runs over it) and one the commands could have
 * written: stage updates never move back in date order (a stage may be
 * repeated: a project signed again at a ceremony) and none follows 终止;
 * cumulative progress reports never shrink with time nor exceed the total
 * investment; no money flows before the signing date. Each rule holds for
 * every part of a history that keeps it, so checking after every row
 * blames the row that broke it, whatever the order of the file. */
#include "app/projects_int.h"

#include "util/alloc.h"
#include "util/money.h"

#include <stdio.h>
#include <string.h>

/* The earliest date the project counts as signed: its signed_on, or its
 * first stage update at signed or beyond (not 终止), or NULL. */
static const char *signed_since(const dj_report_project *p, const dj_report_update *u, size_t n)
{
    const char *d = p->signed_on;
    size_t i;
    for (i = 0; i < n; i++)
        if (u[i].kind == DJ_UPDATE_STAGE && u[i].stage >= DJ_STAGE_SIGNED &&
            u[i].stage != DJ_STAGE_TERMINATED && (!d || strcmp(u[i].on_date, d) < 0))
            d = u[i].on_date;
    return d;
}

/* 1 when update a comes before b (date, then id: the order written). */
static int before(const dj_report_update *a, const dj_report_update *b)
{
    int c = strcmp(a->on_date, b->on_date);
    return c < 0 || (c == 0 && a->id < b->id);
}

/* The progress report a correction of completed_investment fixes: the
 * latest one on or before it; n when there is none. */
static size_t fixed_report(const dj_report_update *u, size_t n, const dj_report_update *c)
{
    size_t i, fixed = n;
    if (c->kind != DJ_UPDATE_CORRECTION || !c->field || strcmp(c->field, "completed_investment"))
        return n;
    for (i = 0; i < n; i++)
        if (u[i].kind == DJ_UPDATE_PROGRESS && strcmp(u[i].on_date, c->on_date) <= 0 &&
            (fixed == n || before(&u[fixed], &u[i])))
            fixed = i;
    return fixed;
}

void dj__proj_effective_progress(const dj_report_update *u, size_t n, int64_t *amount)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        const dj_report_update *last = NULL; /* the latest correction of report i */
        for (j = 0; j < n; j++)
            if (fixed_report(u, n, &u[j]) == i && (!last || before(last, &u[j])))
                last = &u[j];
        amount[i] = last ? last->amount : u[i].amount;
    }
}

/* The row's date of reaching stage k (签约, 开工, 投产), or NULL. */
static const char *row_date(const dj_report_project *p, int k)
{
    return k == DJ_STAGE_SIGNED      ? p->signed_on
           : k == DJ_STAGE_STARTED   ? p->started_on
           : k == DJ_STAGE_PRODUCING ? p->producing_on
                                     : NULL;
}

static int check_rules(const dj_report_project *p, const dj_report_update *u, size_t n,
                       const int64_t *eff, const char **col, char *why, size_t whysz)
{
    const char *since = signed_since(p, u, n);
    char y[32];
    size_t i, j;
    int k;

    for (i = 0; i < n; i++) {
        const dj_report_update *a = &u[i];
        int money = a->kind == DJ_UPDATE_PROGRESS || a->kind == DJ_UPDATE_INCREASE;
        /* a stage after the row's date of a later stage moves back */
        for (k = a->stage + 1; a->kind == DJ_UPDATE_STAGE && a->stage != DJ_STAGE_TERMINATED &&
                               k <= DJ_STAGE_PRODUCING;
             k++)
            if (row_date(p, k) && strcmp(row_date(p, k), a->on_date) < 0) {
                *col = "stage";
                snprintf(why, whysz, "stages never move back: %s %s, then %s %s", row_date(p, k),
                         dj_report_stage_name_cn(k), a->on_date, dj_report_stage_name_cn(a->stage));
                return DJ_EINVAL;
            }
        if (money && (!since || strcmp(a->on_date, since) < 0)) {
            const char *what = a->kind == DJ_UPDATE_PROGRESS ? "progress" : "a capital increase";
            *col = "date";
            if (since)
                snprintf(why, whysz, "%s on %s comes before the signing on %s", what, a->on_date,
                         since);
            else
                snprintf(why, whysz, "%s on %s, but the project is not signed", what, a->on_date);
            return DJ_EINVAL;
        }
        if (a->kind == DJ_UPDATE_PROGRESS && p->total_investment >= 0 &&
            eff[i] > p->total_investment) {
            dj_money_format_yuan(y, p->total_investment);
            *col = "amount";
            snprintf(why, whysz, "completed investment exceeds the total investment (%s 元)", y);
            return DJ_EINVAL;
        }
        for (j = 0; j < n; j++) {
            const dj_report_update *b = &u[j];
            if (j == i || a->kind != b->kind || !before(a, b))
                continue;
            if (a->kind == DJ_UPDATE_PROGRESS && strcmp(a->on_date, b->on_date) < 0 &&
                eff[i] > eff[j]) {
                *col = "amount";
                snprintf(why, whysz,
                         "completed investment is cumulative: the report of %s is larger than "
                         "the later one of %s",
                         a->on_date, b->on_date);
                return DJ_EINVAL;
            }
            if (a->kind == DJ_UPDATE_STAGE &&
                (a->stage == DJ_STAGE_TERMINATED ||
                 (b->stage != DJ_STAGE_TERMINATED && b->stage < a->stage))) {
                *col = "stage";
                snprintf(why, whysz, "stages never move back and 终止 is final: %s %s, then %s %s",
                         a->on_date, dj_report_stage_name_cn(a->stage), b->on_date,
                         dj_report_stage_name_cn(b->stage));
                return DJ_EINVAL;
            }
        }
    }
    return DJ_OK;
}

int dj__proj_check_history(dj_app *app, int64_t project, const char **col, char *why, size_t whysz,
                           dj_diag *diag)
{
    dj_app_report_data d;
    dj_report_figures fig;
    dj_report_query q;
    dj_diag engine;
    int64_t *eff = NULL;
    int rc;

    *col = NULL;
    why[0] = '\0';
    memset(&q, 0, sizeof q);
    memset(&fig, 0, sizeof fig);
    if ((rc = dj__proj_load_one(app, project, &d, diag)) == DJ_OK &&
        !(eff = dj_malloc((d.in.nupdates + 1) * sizeof *eff)))
        rc = DJ_ENOMEM;
    if (rc == DJ_OK) {
        dj__proj_effective_progress(d.in.updates, d.in.nupdates, eff);
        rc = check_rules(&d.in.projects[0], d.in.updates, d.in.nupdates, eff, col, why, whysz);
        dj_diag_clear(&engine);
        if (rc == DJ_OK && (rc = dj_report_compute(&fig, &d.in, &q, &engine)) < 0 &&
            rc != DJ_ENOMEM) {
            *col = "amount"; /* the engine's rules are about sums of money */
            snprintf(why, whysz, "%s", engine.message);
            rc = DJ_EINVAL;
        }
        dj_report_figures_fini(&fig);
    }
    dj_free(eff);
    dj_app_report_data_fini(&d);
    return rc;
}
