/* stage.c - project stage rules: the dated timeline of a project, stage
 * transition checks and late flags.
 *
 * The pipeline is 线索 lead -> 洽谈 negotiating -> 签约 signed -> 开工 started
 * -> 投产 producing, plus 终止 terminated. Moves go forward only (stages may be
 * skipped), terminated is reachable from every other stage and is final,
 * and transition dates never decrease. A stage reached implies every earlier
 * stage of the pipeline: a project recorded straight as "started" on a day
 * was signed by that day too. Backward moves are corrections
 * (project_updates kind 'correction'), which are audited, not transitions:
 * a correction fixes the record, so the timeline drops what a stage or date
 * correction overrides (docs/reports.md, "Corrections"). */
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

/* A point in a project's history: updates are ordered by date, then id. */
typedef struct mark {
    int date; /* 0 = none */
    int64_t id;
} mark;

static int after(int date, int64_t id, mark m)
{
    return !m.date || date > m.date || (date == m.date && id > m.id);
}

static void take_mark(mark *m, int date, int64_t id)
{
    if (!after(date, id, *m))
        return;
    m->date = date;
    m->id = id;
}

/* Slots of the dated stages: signed, started, producing; their row columns. */
enum { SLOT_SIGNED, SLOT_STARTED, SLOT_PRODUCING, NSLOTS };
static const char *const slot_col[NSLOTS] = {"signed_on", "started_on", "producing_on"};

/* The corrections that void what was recorded before them (docs/reports.md,
 * "Corrections"): the latest stage correction (its target in *stage_to) and,
 * per dated stage, the latest correction of its row column. */
static int corrections(mark *stage_cut, int *stage_to, mark col_cut[NSLOTS],
                       const dj_report_project *p, const dj_report_update *upd, size_t n,
                       dj_diag *diag)
{
    size_t i;
    int k;

    memset(stage_cut, 0, sizeof *stage_cut);
    memset(col_cut, 0, NSLOTS * sizeof *col_cut);
    *stage_to = -1;
    for (i = 0; i < n; i++) {
        const dj_report_update *u = &upd[i];
        int d;
        if (u->project_id != p->id || u->kind != DJ_UPDATE_CORRECTION || !u->field)
            continue;
        if (dj__report_date_parse(&d, u->on_date) < 0 || !d)
            return bad(diag, "project_update", u->id, "on_date", "is not a YYYY-MM-DD date");
        if (!strcmp(u->field, "stage")) {
            if (u->stage < 0 || u->stage >= DJ_STAGE_COUNT)
                return bad(diag, "project_update", u->id, "stage", "is out of range");
            if (after(d, u->id, *stage_cut)) {
                take_mark(stage_cut, d, u->id);
                *stage_to = u->stage;
            }
        }
        for (k = 0; k < NSLOTS; k++)
            if (!strcmp(u->field, slot_col[k]))
                take_mark(&col_cut[k], d, u->id);
    }
    return DJ_OK;
}

int dj__report_timeline(dj__report_tl *t, const dj_report_project *p, const dj_report_update *upd,
                        size_t n, dj_diag *diag)
{
    int col[NSLOTS], last = 0, rc, k, stage_to;
    int *slot[NSLOTS];
    mark stage_cut, col_cut[NSLOTS];
    size_t i;

    memset(t, 0, sizeof *t);
    slot[SLOT_SIGNED] = &t->signed_on;
    slot[SLOT_STARTED] = &t->started_on;
    slot[SLOT_PRODUCING] = &t->producing_on;
    if (p->stage < 0 || p->stage >= DJ_STAGE_COUNT)
        return bad(diag, "project", p->id, "stage", "is out of range");
    if (p->total_investment < DJ_REPORT_NULL || p->completed_investment < 0 ||
        p->land_mu < DJ_REPORT_NULL || p->floor_area < DJ_REPORT_NULL || p->jobs < DJ_REPORT_NULL ||
        p->annual_output < DJ_REPORT_NULL)
        return bad(diag, "project", p->id, "amount", "is negative");
    if ((rc = pdate(&col[SLOT_SIGNED], p->signed_on, p, "signed_on", diag)) < 0 ||
        (rc = pdate(&col[SLOT_STARTED], p->started_on, p, "started_on", diag)) < 0 ||
        (rc = pdate(&col[SLOT_PRODUCING], p->producing_on, p, "producing_on", diag)) < 0 ||
        (rc = pdate(&t->planned_start, p->planned_start, p, "planned_start", diag)) < 0 ||
        (rc = pdate(&t->planned_production, p->planned_production, p, "planned_production", diag)) <
            0)
        return rc;
    if ((rc = corrections(&stage_cut, &stage_to, col_cut, p, upd, n, diag)) < 0)
        return rc;
    /* A correction of the stage back before a dated stage voids that stage's
     * row date, unless the column itself was corrected after it. */
    for (k = 0; k < NSLOTS; k++)
        if (stage_cut.date && stage_to < DJ_STAGE_SIGNED + k &&
            (!col_cut[k].date || !after(col_cut[k].date, col_cut[k].id, stage_cut)))
            col[k] = 0;
    /* A later stage's date also dates every earlier stage. */
    for (k = 0; k < NSLOTS; k++) {
        int j;
        for (j = k; j < NSLOTS; j++)
            take_min(slot[k], col[j]);
    }
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
            /* A stage correction to an earlier stage takes back the
             * transitions beyond it recorded before the correction. */
            if (stage_cut.date && u->stage > stage_to && !after(d, u->id, stage_cut))
                break;
            if (u->stage == DJ_STAGE_TERMINATED) {
                take_min(&t->terminated_on, d);
                break;
            }
            if (u->stage >= DJ_STAGE_SIGNED) {
                /* Credit the first event where it was signed. */
                if (u->event_id > 0 && (!t->sign_event || d < t->sign_event_date ||
                                        (d == t->sign_event_date && u->event_id < t->sign_event))) {
                    t->sign_event = u->event_id;
                    t->sign_event_date = d;
                }
            }
            /* A corrected date column is the stage's date: transitions
             * recorded before the correction no longer date that stage. */
            for (k = 0; k < NSLOTS && u->stage >= DJ_STAGE_SIGNED + k; k++)
                if (after(d, u->id, col_cut[k]))
                    take_min(slot[k], d);
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
        case DJ_UPDATE_CORRECTION:
            if (u->field && !strcmp(u->field, "completed_investment") && u->amount < 0)
                return bad(diag, "project_update", u->id, "amount", "is missing or negative");
            break; /* applied above (dates) and by compute.c (completed investment) */
        case DJ_UPDATE_INVESTOR:
            break; /* no flow: a new investor is not a new project */
        default:
            return bad(diag, "project_update", u->id, "kind", "is out of range");
        }
    }
    if (p->event_id > 0 && t->signed_on) {
        /* The row's event, dated by its signing date; it wins ties. */
        int rd = col[SLOT_SIGNED] ? col[SLOT_SIGNED] : t->signed_on;
        if (!t->sign_event || rd <= t->sign_event_date) {
            t->sign_event = p->event_id;
            t->sign_event_date = rd;
        }
    }
    if (!t->signed_on) /* an event credits only a signing */
        t->sign_event = 0, t->sign_event_date = 0;
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
