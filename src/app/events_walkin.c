/* events_walkin.c - one participant or one meeting request added on its
 * own (`duijie event join`, `event request`): the walk-in at the desk and
 * the request made in the hall, without a CSV file.
 *
 * Each is a participants or requests row, written through
 * dj_app_put_changed exactly as an import row would be: validated,
 * clash-checked, audited, and the same row again writes nothing. The event
 * is named by code or id; a new participant by its organisation (name or
 * 统一社会信用代码, as the import's 机构 column); the two sides of a request
 * by organisation name or participant id (#5), as `event mark` names them.
 * The columns the arguments fill may not be given again as FIELD=VALUE. */
#include "app/events_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

#define WALKIN_MAX_COLS 64

/* DJ_EINVAL when one of cols[] is a column the arguments fill (fixed[],
 * English names of type's columns), naming it and the argument. */
static int refuse_fixed(const char *type, const char *const *cols, int n, const char *const *fixed,
                        const char *const *argname, int nfixed, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find(type);
    int i, k;

    for (i = 0; t && i < n; i++) {
        int c = dj_record_column(t, cols[i], strlen(cols[i]));
        for (k = 0; c >= 0 && k < nfixed; k++)
            if (!strcmp(t->cols[c].en, fixed[k])) {
                if (diag)
                    snprintf(diag->field, sizeof diag->field, "%s", t->cols[c].zh);
                return dj_diag_set(diag, DJ_EINVAL, "%s is the %s argument, not a FIELD=VALUE",
                                   t->cols[c].zh, argname[k]);
            }
    }
    return DJ_OK;
}

/* Writes type's row: the fixed columns (nfixed of them) first, then the
 * caller's FIELD=VALUE pairs. */
static int put_row(dj_app *app, const char *type, const char *const *fcols,
                   const char *const *fvals, int nfixed, const char *const *cols,
                   const char *const *vals, int n, int64_t *id_out, int *changed, dj_diag *diag)
{
    const char *c2[WALKIN_MAX_COLS + 4], *v2[WALKIN_MAX_COLS + 4];
    int i;

    if (n < 0 || n > WALKIN_MAX_COLS)
        return dj_diag_set(diag, DJ_EINVAL, "at most %d FIELD=VALUE pairs", WALKIN_MAX_COLS);
    for (i = 0; i < nfixed; i++) {
        c2[i] = fcols[i];
        v2[i] = fvals[i];
    }
    for (i = 0; i < n; i++) {
        c2[nfixed + i] = cols[i];
        v2[nfixed + i] = vals[i];
    }
    return dj_app_put_changed(app, type, c2, v2, nfixed + n, id_out, changed, diag);
}

int dj_app_event_join(dj_app *app, const char *event, const char *org, const char *const *cols,
                      const char *const *vals, int n, int64_t *id_out, int *changed, dj_diag *diag)
{
    static const char *const fixed[] = {"event", "org"}, *const arg[] = {"EVENT", "ORG"};
    const char *fvals[2];
    ev e;
    int rc;

    if ((rc = refuse_fixed("participants", cols, n, fixed, arg, 2, diag)) < 0)
        return rc;
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0)
        return rc;
    fvals[0] = e.code;
    fvals[1] = org;
    rc = put_row(app, "participants", fixed, fvals, 2, cols, vals, n, id_out, changed, diag);
    dj__ev_fini(&e);
    return rc;
}

int dj_app_event_request(dj_app *app, const char *event, const char *from, const char *to,
                         const char *const *cols, const char *const *vals, int n, int64_t *id_out,
                         int *changed, dj_diag *diag)
{
    static const char *const fixed[] = {"event", "from", "to"}, *const arg[] = {"EVENT", "FROM",
                                                                                "TO"};
    const char *fvals[3];
    ev e;
    int a, b, rc;

    if ((rc = refuse_fixed("requests", cols, n, fixed, arg, 3, diag)) < 0)
        return rc;
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0)
        return rc;
    if ((rc = dj__ev_find_participant(&a, &e, from, diag)) >= 0 &&
        (rc = dj__ev_find_participant(&b, &e, to, diag)) >= 0) {
        fvals[0] = e.code;
        fvals[1] = e.part[a].org;
        fvals[2] = e.part[b].org;
        rc = put_row(app, "requests", fixed, fvals, 3, cols, vals, n, id_out, changed, diag);
    }
    dj__ev_fini(&e);
    return rc;
}
