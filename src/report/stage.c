/* stage.c - project stage rules: the dated timeline of a project, stage
 * transition checks and late flags.
 *
 * The pipeline is 线索 lead -> 洽谈 negotiating -> 签约 signed -> 开工 started
 * -> 投产 producing, plus 终止 terminated. Moves go forward only (stages may be
 * skipped), terminated is reachable from every other stage and is final,
 * and transition dates never decrease. A stage reached implies every earlier
 * stage of the pipeline: a project recorded straight as "started" on a day
 * was signed by that day too. Backward moves are corrections
 * (project_updates kind 'correction'), which are audited, not transitions. */
#include "report/report_int.h"

#include <string.h>

static int bad(dj_diag *diag, const char *what, int64_t id, const char *field, const char *why)
{
    if (diag) {
        dj_diag_set(diag, DJ_EINVAL, "%s %lld: %s %s", what, (long long)id, field, why);
        size_t n = strlen(field);
        if (n >= sizeof diag->field)
            n = sizeof diag->field - 1;
        memcpy(diag->field, field, n);
        diag->field[n] = '\0';
    }
    return DJ_EINVAL;
}

static void take_min(int *slot, int d)
{
    if (d && (!*slot || d < *slot))
        *slot = d;
}

static int pdate(int *out, const char *s, const dj_report_project *p, const char *field,
                 dj_diag *diag)
{
    if (dj__report_date_parse(out, s) < 0)
        return bad(diag, "project", p->id, field, "is not a YYYY-MM-DD date");
    return DJ_OK;
}

int dj__report_timeline(dj__report_tl *t, const dj_report_project *p, const dj_report_update *upd,
                        size_t n, dj_diag *diag)
{
    int s, st, pr, last = 0, rc;
    size_t i;

    memset(t, 0, sizeof *t);
    if (p->stage < 0 || p->stage >= DJ_STAGE_COUNT)
        return bad(diag, "project", p->id, "stage", "is out of range");
    if (p->total_investment < DJ_REPORT_NULL || p->completed_investment < 0 ||
        p->land_mu < DJ_REPORT_NULL || p->floor_area < DJ_REPORT_NULL || p->jobs < DJ_REPORT_NULL ||
        p->annual_output < DJ_REPORT_NULL)
        return bad(diag, "project", p->id, "amount", "is negative");
    if ((rc = pdate(&s, p->signed_on, p, "signed_on", diag)) < 0 ||
        (rc = pdate(&st, p->started_on, p, "started_on", diag)) < 0 ||
        (rc = pdate(&pr, p->producing_on, p, "producing_on", diag)) < 0 ||
        (rc = pdate(&t->planned_start, p->planned_start, p, "planned_start", diag)) < 0 ||
        (rc = pdate(&t->planned_production, p->planned_production, p, "planned_production", diag)) <
            0)
        return rc;
    /* A later stage's date also dates every earlier stage. */
    take_min(&t->signed_on, s);
    take_min(&t->signed_on, st);
    take_min(&t->signed_on, pr);
    take_min(&t->started_on, st);
    take_min(&t->started_on, pr);
    take_min(&t->producing_on, pr);
    for (i = 0; i < n; i++) {
        const dj_report_update *u = &upd[i];
        int d;
        if (u->project_id != p->id)
            continue;
        if (dj__report_date_parse(&d, u->on_date) < 0 || !d)
            return bad(diag, "project_update", u->id, "on_date", "is not a YYYY-MM-DD date");
        switch (u->kind) {
        case DJ_UPDATE_STAGE:
            if (u->stage < 0 || u->stage >= DJ_STAGE_COUNT)
                return bad(diag, "project_update", u->id, "stage", "is out of range");
            if (u->stage == DJ_STAGE_TERMINATED) {
                take_min(&t->terminated_on, d);
                break;
            }
            if (u->stage >= DJ_STAGE_SIGNED) {
                take_min(&t->signed_on, d);
                /* Credit the first event where it was signed. */
                if (u->event_id > 0 && (!t->sign_event || d < t->sign_event_date ||
                                        (d == t->sign_event_date && u->event_id < t->sign_event))) {
                    t->sign_event = u->event_id;
                    t->sign_event_date = d;
                }
            }
            if (u->stage >= DJ_STAGE_STARTED)
                take_min(&t->started_on, d);
            if (u->stage >= DJ_STAGE_PRODUCING)
                take_min(&t->producing_on, d);
            if (d > last)
                last = d;
            break;
        case DJ_UPDATE_PROGRESS:
        case DJ_UPDATE_INCREASE:
            if (u->amount < 0)
                return bad(diag, "project_update", u->id, "amount", "is missing or negative");
            if (u->kind == DJ_UPDATE_INCREASE) {
                if (t->increases > INT64_MAX - u->amount)
                    return dj_diag_set(diag, DJ_ELIMIT, "project %lld: increases overflow",
                                       (long long)p->id);
                t->increases += u->amount;
            }
            break;
        case DJ_UPDATE_INVESTOR:
        case DJ_UPDATE_CORRECTION:
            break; /* no flow: a new investor is not a new project */
        default:
            return bad(diag, "project_update", u->id, "kind", "is out of range");
        }
    }
    if (p->event_id > 0 && t->signed_on) {
        /* The row's event, dated by its signing date; it wins ties. */
        int rd = s ? s : t->signed_on;
        if (!t->sign_event || rd <= t->sign_event_date) {
            t->sign_event = p->event_id;
            t->sign_event_date = rd;
        }
    }
    if (p->total_investment >= 0 && t->increases > p->total_investment)
        return bad(diag, "project", p->id, "total_investment",
                   "is smaller than the sum of its capital increases");
    if (p->stage == DJ_STAGE_TERMINATED && !t->terminated_on) {
        /* Undated termination: from the last dated stage (or always). */
        int d = t->signed_on;
        if (t->started_on > d)
            d = t->started_on;
        if (t->producing_on > d)
            d = t->producing_on;
        if (last > d)
            d = last;
        t->terminated_on = d ? d : 10000101;
    }
    return DJ_OK;
}

unsigned dj__report_late_flags(const dj__report_tl *t, int as_of)
{
    unsigned f = 0;
    int started = t->started_on && t->started_on <= as_of;

    if (!t->signed_on || t->signed_on > as_of)
        return 0;
    if (t->terminated_on && t->terminated_on <= as_of)
        return 0;
    if (!started && t->planned_start && t->planned_start < as_of)
        f |= DJ_LATE_START;
    if (started && (!t->producing_on || t->producing_on > as_of) && t->planned_production &&
        t->planned_production < as_of)
        f |= DJ_LATE_PRODUCTION;
    return f;
}

int dj_report_late(unsigned *flags_out, const dj_report_project *p, const dj_report_update *upd,
                   size_t nupd, const char *as_of, dj_diag *diag)
{
    dj__report_tl t;
    int d, rc;

    *flags_out = 0;
    if (dj__report_date_parse(&d, as_of) < 0 || !d)
        return bad(diag, "project", p->id, "as_of", "is not a YYYY-MM-DD date");
    if ((rc = dj__report_timeline(&t, p, upd, nupd, diag)) < 0)
        return rc;
    *flags_out = dj__report_late_flags(&t, d);
    return DJ_OK;
}

int dj_report_stage_check(const dj_report_project *p, const dj_report_update *upd, size_t nupd,
                          int to, const char *on_date, dj_diag *diag)
{
    int d, last = 0, dates[3];
    size_t i;

    if (p->stage < 0 || p->stage >= DJ_STAGE_COUNT)
        return bad(diag, "project", p->id, "stage", "is out of range");
    if (to < 0 || to >= DJ_STAGE_COUNT)
        return bad(diag, "project", p->id, "stage", "target is out of range");
    if (dj__report_date_parse(&d, on_date) < 0 || !d)
        return bad(diag, "project", p->id, "on_date", "is not a YYYY-MM-DD date");
    if (p->stage == DJ_STAGE_TERMINATED)
        return bad(diag, "project", p->id, "stage", "is terminated, which is final");
    if (to == p->stage)
        return bad(diag, "project", p->id, "stage", "already is the target stage");
    if (to < p->stage)
        return bad(diag, "project", p->id, "stage",
                   "cannot move backwards (record a correction instead)");
    if (dj__report_date_parse(&dates[0], p->signed_on) < 0 ||
        dj__report_date_parse(&dates[1], p->started_on) < 0 ||
        dj__report_date_parse(&dates[2], p->producing_on) < 0)
        return bad(diag, "project", p->id, "signed_on", "or a later stage date is malformed");
    for (i = 0; i < 3; i++)
        if (dates[i] > last)
            last = dates[i];
    for (i = 0; i < nupd; i++) {
        int ud;
        if (upd[i].project_id != p->id || upd[i].kind != DJ_UPDATE_STAGE)
            continue;
        if (dj__report_date_parse(&ud, upd[i].on_date) < 0)
            return bad(diag, "project_update", upd[i].id, "on_date", "is not a YYYY-MM-DD date");
        if (ud > last)
            last = ud;
    }
    if (d < last) {
        char ls[11];
        dj__report_date_str(ls, last);
        if (diag) {
            bad(diag, "project", p->id, "on_date", "is earlier than the last transition");
            dj_diag_set(diag, DJ_EINVAL,
                        "project %lld: %s is earlier than the last transition (%s)",
                        (long long)p->id, on_date, ls);
        }
        return DJ_EINVAL;
    }
    return DJ_OK;
}
