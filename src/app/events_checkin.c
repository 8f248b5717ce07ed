/* events_checkin.c - a participant arrives at the event (签到): its
 * participants.checked_in, which the event's report counts (签到 N 家).
 * Invariant: only checked_in changes (a participants import row would be
 * the participant in full and reset its role and booth); DJ_ACT_RUN_EVENT,
 * audited as 'event.checkin' on the participant. The event is loaded once:
 * the desk's sheet (its agenda) comes from the same load. */
#include "app/app_events.h"
#include "app/events_int.h"

#include "util/buf.h"

#include <stdio.h>
#include <string.h>

int dj_app_event_checkin(dj_app *app, const char *event, const char *participant, int undo,
                         dj_app_checkin *out, dj_buf *sheet, dj_diag *diag)
{
    ev e;
    dj_field f = {"checked_in", dj_v_int(!undo)};
    dj_buf detail;
    int p, rc;

    memset(out, 0, sizeof *out);
    if (!dj_app_can(app->actor.role, DJ_ACT_RUN_EVENT))
        return dj_diag_set(diag, DJ_EPERM, "role may not check participants in");
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0 ||
        (rc = dj__ev_find_participant(&p, &e, participant, diag)) < 0) {
        dj__ev_fini(&e);
        return rc;
    }
    out->participant_id = e.part[p].id;
    snprintf(out->org, sizeof out->org, "%s", e.part[p].org);
    for (int i = 0; i < e.nm; i++)
        if ((e.meet[i].a == p || e.meet[i].b == p) && e.meet[i].status != MT_CANCELLED)
            out->meetings++;
    /* the sheet first, from this load: the participant it shows is the one
     * checked in, and a failure to render it writes nothing */
    if (sheet && !undo && out->meetings > 0 &&
        (rc = dj__ev_render_agenda(&e, p, DJ_APP_AGENDA_TEXT, NULL, sheet, diag)) < 0) {
        dj__ev_fini(&e);
        return rc;
    }
    dj_buf_init(&detail, 0);
    dj_buf_printf(&detail, "{\"checked_in\":%s}", undo ? "false" : "true");
    if ((rc = dj_buf_rc(&detail)) >= 0 && (rc = dj_store_begin(app->st, diag)) >= 0) {
        if ((rc = dj_store_update(app->st, "participants", e.part[p].id, &f, 1, diag)) == DJ_OK)
            rc = dj_store_audit(app->st, app->actor.login, "event.checkin", "participants",
                                e.part[p].id, dj_buf_cstr(&detail), diag);
        if (rc == DJ_OK)
            rc = dj_store_commit(app->st, diag);
        else
            dj_store_rollback(app->st);
    }
    dj_buf_fini(&detail);
    dj__ev_fini(&e);
    return rc;
}
