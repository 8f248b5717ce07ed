/* events_mark.c - changes one meeting of an event on the day (签到): its
 * status (held, no-show, cancelled, scheduled), its lock and its rating,
 * and for a no-show who missed it (缺席方; a status given with it must be
 * no-show, and without one it means no-show).
 * Invariant: the change goes through dj_app_put as a meetings row naming
 * the meeting by 编号 with its pair and slot, so it is validated, checked
 * for clashes (a cancelled meeting brought back may not double-book a
 * party or a table), written and audited exactly as an imported row; this
 * file only finds the meeting (by number, or by its pair:
 * dj_app_meeting_of_pair), refuses a rating for a meeting that is not (or
 * not becoming) held, and builds that row. */
#include "app/app_events.h"
#include "app/app_int.h"
#include "app/events_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* The meeting as v_meetings shows it: what a meetings row names it by. */
typedef struct found_meeting {
    int64_t event_id;
    char *event, *a, *b;
    long long slot;
    char status[16];
    int found;
} found_meeting;

static int meeting_cb(const dj_row *r, void *ctx)
{
    found_meeting *m = ctx;
    m->found = 1;
    m->event_id = dj_row_int(r, "event_id", 0);
    m->slot = dj_row_int(r, "slot", 0);
    snprintf(m->status, sizeof m->status, "%s", dj_row_text(r, "status"));
    if (!(m->event = dj_strdup(dj_row_text(r, "event"))) ||
        !(m->a = dj_strdup(dj_row_text(r, "a"))) || !(m->b = dj_strdup(dj_row_text(r, "b"))))
        return DJ_ENOMEM;
    return 0;
}

/* Whether status names 举行 (held), in English or Chinese. */
static int is_held(const char *status)
{
    int k = dj_enum_find(&dj_enum_meeting_status, status, strlen(status));
    return k >= 0 && strcmp(dj_enum_meeting_status.items[k].en, "held") == 0;
}

/* *org_out = the organisation of who (a side's org name, else a participant
 * of the event by name or id, as dj__ev_find_participant reads it), newly
 * allocated. */
static int absent_org(dj_app *app, const char *event, const char *who, const found_meeting *m,
                      char **org_out, dj_diag *diag)
{
    ev e;
    int p, rc;

    if (!strcmp(who, m->a) || !strcmp(who, m->b)) {
        *org_out = dj_strdup(who);
        return *org_out ? DJ_OK : DJ_ENOMEM;
    }
    if ((rc = dj__ev_load(&e, app, event, diag)) >= 0 &&
        (rc = dj__ev_find_participant(&p, &e, who, diag)) >= 0)
        rc = (*org_out = dj_strdup(e.part[p].org)) ? DJ_OK : DJ_ENOMEM;
    dj__ev_fini(&e);
    return rc;
}

int dj_app_meeting_mark(dj_app *app, const char *event, int64_t meeting_id,
                        const dj_app_meeting_change *c, dj_diag *diag)
{
    const char *cols[9], *vals[9];
    char id_text[24], slot_text[24], rating_text[8];
    found_meeting m;
    char *absent = NULL; /* the org name of c->absent */
    dj_field w = {"id", dj_v_int(meeting_id)};
    int64_t event_id = 0;
    int n = 0, rc;

    if (!c->status && c->locked < 0 && !c->rating && !c->absent)
        return dj_diag_set(diag, DJ_EINVAL, "nothing to change: give a status, a lock or a rating");
    if (!dj_app_can(app->actor.role, DJ_ACT_RUN_EVENT))
        return dj_diag_set(diag, DJ_EPERM, "role may not change meetings");
    if ((rc = dj_app_event_find(app, event, &event_id, diag)) < 0)
        return rc;
    memset(&m, 0, sizeof m);
    rc = dj_store_each(app->st, "v_meetings", &w, 1, NULL, 1, 0, meeting_cb, &m, diag);
    if (rc >= 0 && (!m.found || m.event_id != event_id)) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "meeting");
        rc = dj_diag_set(diag, DJ_ENOTFOUND, "event %s has no meeting #%lld", event,
                         (long long)meeting_id);
    }
    if (rc >= 0 && c->rating && !is_held(c->status ? c->status : m.status)) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "rating");
        rc = dj_diag_set(diag, DJ_EINVAL,
                         "meeting #%lld is %s: only a held meeting takes a rating (give --held "
                         "with it)",
                         (long long)meeting_id, c->status ? c->status : m.status);
    }
    if (rc >= 0 && c->absent && (rc = absent_org(app, event, c->absent, &m, &absent, diag)) >= 0 &&
        strcmp(absent, m.a) != 0 && strcmp(absent, m.b) != 0) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "absent");
        rc = dj_diag_set(diag, DJ_EINVAL, "%s is neither side of meeting #%lld (%s and %s)", absent,
                         (long long)meeting_id, m.a, m.b);
    }
    if (rc < 0)
        goto done;
    snprintf(id_text, sizeof id_text, "%lld", (long long)meeting_id);
    snprintf(slot_text, sizeof slot_text, "%lld", m.slot);
    cols[n] = "id", vals[n++] = id_text;
    cols[n] = "event", vals[n++] = m.event;
    cols[n] = "a", vals[n++] = m.a;
    cols[n] = "b", vals[n++] = m.b;
    cols[n] = "slot", vals[n++] = slot_text;
    if (c->status || c->absent)
        cols[n] = "status", vals[n++] = c->status ? c->status : "no-show";
    if (c->locked >= 0)
        cols[n] = "locked", vals[n++] = c->locked ? "yes" : "no";
    if (c->rating) {
        snprintf(rating_text, sizeof rating_text, "%d", c->rating);
        cols[n] = "rating", vals[n++] = rating_text;
    }
    if (c->absent)
        cols[n] = "absent", vals[n++] = absent;
    rc = dj_app_put(app, "meetings", cols, vals, n, NULL, diag);
done:
    dj_free(absent);
    dj_free(m.event);
    dj_free(m.a);
    dj_free(m.b);
    return rc;
}

int dj_app_meeting_of_pair(dj_app *app, const char *event, const char *a, const char *b,
                           int64_t *id_out, dj_diag *diag)
{
    ev e;
    int pa, pb, i, n = 0, rc;
    int64_t first = 0, second = 0;

    *id_out = 0;
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read events");
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0 ||
        (rc = dj__ev_find_participant(&pa, &e, a, diag)) < 0 ||
        (rc = dj__ev_find_participant(&pb, &e, b, diag)) < 0)
        goto done;
    if (pa == pb) {
        rc = dj_diag_set(diag, DJ_EINVAL,
                         "'%s' and '%s' are the same participant (%s, #%lld): a meeting is "
                         "between two",
                         a, b, e.part[pa].org, (long long)e.part[pa].id);
        goto done;
    }
    for (i = 0; i < e.nm; i++) {
        const ev_meet *m = &e.meet[i];
        if (m->status == MT_CANCELLED ||
            !((m->a == pa && m->b == pb) || (m->a == pb && m->b == pa)))
            continue;
        if (n++ == 0)
            first = m->id;
        else if (n == 2)
            second = m->id;
    }
    if (n == 1)
        *id_out = first;
    else if (n == 0)
        rc = dj_diag_set(diag, DJ_ENOTFOUND,
                         "%s and %s have no meeting at event %s (cancelled "
                         "ones aside)",
                         e.part[pa].org, e.part[pb].org, e.code);
    else
        rc = dj_diag_set(diag, DJ_EINVAL,
                         "%s and %s have %d meetings at event %s (#%lld, #%lld%s): give the "
                         "meeting's number",
                         e.part[pa].org, e.part[pb].org, n, e.code, (long long)first,
                         (long long)second, n > 2 ? ", ..." : "");
done:
    dj__ev_fini(&e);
    return rc;
}
