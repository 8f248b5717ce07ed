/* events_render.c - agendas (text/HTML/CSV/ICS through
 * dj_sched_render_agenda, XLSX with libxlsxwriter) and the timetable grid of
 * `duijie event show`. */
#include "app/events_int.h"

#include "util/alloc.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* ---- rendering: agendas, XLSX, the grid ---------------------------------- */

int dj_app_tz_offset(int *minutes_out, const char *tz)
{
    static const struct {
        const char *name;
        int min;
    } zones[] = {{"Asia/Shanghai", 480},
                 {"Asia/Chongqing", 480},
                 {"Asia/Chungking", 480},
                 {"Asia/Harbin", 480},
                 {"Asia/Urumqi", 360},
                 {"Asia/Kashgar", 360},
                 {"Asia/Hong_Kong", 480},
                 {"Asia/Macau", 480},
                 {"Asia/Taipei", 480},
                 {"Asia/Singapore", 480},
                 {"Asia/Kuala_Lumpur", 480},
                 {"Asia/Manila", 480},
                 {"Asia/Tokyo", 540},
                 {"Asia/Seoul", 540},
                 {"Asia/Bangkok", 420},
                 {"Asia/Ho_Chi_Minh", 420},
                 {"Asia/Jakarta", 420},
                 {"Asia/Kolkata", 330},
                 {"Asia/Dubai", 240},
                 {"PRC", 480},
                 {"UTC", 0},
                 {"Etc/UTC", 0},
                 {"GMT", 0}};
    size_t i;

    *minutes_out = 0;
    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcmp(tz, zones[i].name)) {
            *minutes_out = zones[i].min;
            return DJ_OK;
        }
    /* "UTC+08:00", "UTC-5", "UTC+0530" */
    if (!strncmp(tz, "UTC", 3) && (tz[3] == '+' || tz[3] == '-')) {
        const char *s = tz + 4;
        int h = 0, mm = 0, n = 0;
        for (; *s >= '0' && *s <= '9' && n < 2; s++, n++)
            h = h * 10 + (*s - '0');
        if (n == 0)
            return DJ_EINVAL;
        if (*s == ':')
            s++;
        if (*s) {
            if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && !s[2]))
                return DJ_EINVAL;
            mm = (s[0] - '0') * 10 + (s[1] - '0');
        }
        if (h > 14 || mm > 59)
            return DJ_EINVAL;
        *minutes_out = (tz[3] == '-' ? -1 : 1) * (h * 60 + mm);
        return DJ_OK;
    }
    return DJ_EINVAL;
}

/* The current timetable as a model: one request per non-cancelled meeting
 * (and per cancelled one too when asked, flagged in cancelled[]), slot[] and
 * table[] from the database. */
typedef struct shown {
    dj_sched *m;
    int *slot, *table, *meet; /* [n]: model request -> ... ; meet = index into e->meet */
    unsigned char *cancelled; /* [n] */
    int n;
} shown;

static void shown_fini(shown *s)
{
    dj_sched_free(s->m);
    dj_free(s->slot);
    dj_free(s->table);
    dj_free(s->meet);
    dj_free(s->cancelled);
}

static int build_shown(shown *s, ev *e, int with_cancelled)
{
    int i, rc;
    memset(s, 0, sizeof *s);
    if ((rc = dj__ev_build_base(&s->m, e)) < 0)
        return rc;
    if (!(s->slot = dj_malloc(((size_t)e->nm + 1) * sizeof(int))) ||
        !(s->table = dj_malloc(((size_t)e->nm + 1) * sizeof(int))) ||
        !(s->meet = dj_malloc(((size_t)e->nm + 1) * sizeof(int))) ||
        !(s->cancelled = dj_malloc((size_t)e->nm + 1)))
        return DJ_ENOMEM;
    for (i = 0; i < e->nm; i++) {
        const ev_meet *mt = &e->meet[i];
        int id;
        if (mt->status == MT_CANCELLED && !with_cancelled)
            continue;
        if ((rc = dj_sched_add_request(&id, s->m, mt->a, mt->b, 1, 0, DJ_SCHED_ANY, DJ_SCHED_ANY)) <
            0)
            return rc;
        s->slot[id] = mt->slot;
        s->table[id] = mt->table >= 0 ? e->table[mt->table].model : -1;
        s->meet[id] = i;
        s->cancelled[id] = mt->status == MT_CANCELLED;
        s->n = id + 1;
    }
    return DJ_OK;
}

static const char *status_zh(int st)
{
    return st == MT_HELD ? "已举行" : st == MT_NOSHOW ? "缺席" : "";
}

/* XLSX: one sheet 日程, a row per slot and a column per table; a cell holds
 * "甲方 × 乙方" (plus the status of held / no-show meetings). Meetings
 * without a table (e.g. held ones recorded without 桌号) fill a last column
 * 未分配桌位, one per line, so the grid holds every meeting. */
/* Do the event's slots span more than one day? (Times then carry the date.) */
static int several_days(const ev *e)
{
    return e->ns > 0 && e->slot[e->ns - 1].day > 0;
}

/* Appends "甲方 × 乙方" and the status of a held / no-show meeting. */
static void meeting_cell(dj_buf *cell, const ev *e, const ev_meet *mt)
{
    dj_buf_printf(cell, "%s × %s", e->part[mt->a].org, e->part[mt->b].org);
    if (*status_zh(mt->status))
        dj_buf_printf(cell, "（%s）", status_zh(mt->status));
}

static int write_xlsx(const ev *e, const shown *s, const char *path, dj_diag *diag)
{
    char tmp[4096];
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *wrap;
    dj_buf cell;
    char when[DJ_SCHED_SLOT_LABEL];
    int i, t, ntab = e->npool + e->nbooths, rc = DJ_OK, dated = several_days(e), untabled = 0;

    for (i = 0; i < s->n; i++)
        untabled += s->table[i] < 0;

    if ((rc = dj__app_xlsx_new(&wb, tmp, sizeof tmp, path, diag)) < 0)
        return rc;
    if (!(ws = workbook_add_worksheet(wb, "日程")))
        return dj__app_xlsx_close(
            wb, dj_diag_set(diag, DJ_ENOMEM, "cannot write %s: out of memory", path), tmp, path,
            diag);
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    worksheet_write_string(ws, 0, 0, "时段 Slot", bold);
    worksheet_write_string(ws, 0, 1, "时间 Time", bold);
    for (t = 0; t < ntab; t++)
        worksheet_write_string(ws, 0, (lxw_col_t)(t + 2), e->table[e->tmap[t]].label, bold);
    if (untabled)
        worksheet_write_string(ws, 0, (lxw_col_t)(ntab + 2), "未分配桌位 No table", bold);
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, dated ? 20 : 14, NULL);
    if (ntab + (untabled > 0))
        worksheet_set_column(ws, 2, (lxw_col_t)(ntab + 1 + (untabled > 0)), 28, wrap);
    worksheet_freeze_panes(ws, 1, 2);
    dj_buf_init(&cell, 1 << 16);
    for (i = 0; i < e->ns; i++) {
        const ev_slot *sl = &e->slot[i];
        dj_buf_reset(&cell);
        dj_sched_slot_label(when, sl->starts, sl->ends, dated);
        dj_buf_puts(&cell, when);
        worksheet_write_number(ws, (lxw_row_t)(i + 1), 0, sl->seq, NULL);
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, dj_buf_cstr(&cell), NULL);
    }
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        if (s->table[i] < 0)
            continue; /* the last column, below */
        dj_buf_reset(&cell);
        meeting_cell(&cell, e, mt);
        worksheet_write_string(ws, (lxw_row_t)(mt->slot + 1), (lxw_col_t)(s->table[i] + 2),
                               dj_buf_cstr(&cell), wrap);
    }
    for (t = 0; untabled && t < e->ns; t++) { /* slot by slot: one cell each */
        dj_buf_reset(&cell);
        for (i = 0; i < s->n; i++) {
            const ev_meet *mt = &e->meet[s->meet[i]];
            if (s->table[i] >= 0 || mt->slot != t)
                continue;
            if (dj_buf_len(&cell))
                dj_buf_putc(&cell, '\n');
            meeting_cell(&cell, e, mt);
        }
        if (dj_buf_len(&cell))
            worksheet_write_string(ws, (lxw_row_t)(t + 1), (lxw_col_t)(ntab + 2),
                                   dj_buf_cstr(&cell), wrap);
    }
    if ((rc = dj_buf_rc(&cell)) < 0)
        dj_diag_set(diag, rc, "XLSX cell too large");
    dj_buf_fini(&cell);
    return dj__app_xlsx_close(wb, rc, tmp, path, diag);
}

/* The ICS SEQUENCE of an export made at now ("YYYY-MM-DDTHH:MM:SSZ"):
 * seconds since 2020-01-01 UTC, so every later export outranks an earlier
 * one (RFC 5545 asks only that it grow; it fits 32 bits until 2088). */
static long long ics_sequence(const char *now)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(now, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    long long t = (long long)timegm(&tm) - 1577836800LL; /* 2020-01-01T00:00:00Z */
    return t > 0 ? t : 0;
}

static const char *meet_status_en(int st)
{
    return st == MT_HELD ? "held" : st == MT_NOSHOW ? "no-show" : "scheduled";
}

/* One meeting of the JSON agenda, as participant q sees it. */
static void agenda_json_meeting(dj_buf *out, const ev *e, const ev_meet *mt, int q)
{
    const ev_part *o = &e->part[mt->a == q ? mt->b : mt->a];
    const ev_slot *sl = &e->slot[mt->slot];

    dj_buf_printf(out, "{\"id\":%lld,\"slot\":%d,\"starts_at\":", (long long)mt->id, sl->seq);
    dj_buf_json_str(out, sl->starts, strlen(sl->starts));
    dj_buf_puts(out, ",\"ends_at\":");
    dj_buf_json_str(out, sl->ends, strlen(sl->ends));
    dj_buf_puts(out, ",\"table\":");
    if (mt->table >= 0) {
        const ev_table *t = &e->table[mt->table];
        dj_buf_json_str(out, t->label, strlen(t->label));
        dj_buf_printf(out, ",\"table_id\":%lld", (long long)t->id);
    } else
        dj_buf_puts(out, "null,\"table_id\":null");
    dj_buf_printf(out, ",\"with_id\":%lld,\"with\":", (long long)o->id);
    dj_buf_json_str(out, o->org, strlen(o->org));
    dj_buf_printf(out, ",\"status\":\"%s\",\"locked\":%s}", meet_status_en(mt->status),
                  mt->locked ? "true" : "false");
}
/* {"event","event_id","name","tz","published" - the opening of the agenda's
 * JSON and of `event show --json` (left open for the rest). */
static void event_head_json(dj_buf *out, const ev *e)
{
    dj_buf_puts(out, "{\"event\":");
    dj_buf_json_str(out, e->code, strlen(e->code));
    dj_buf_printf(out, ",\"event_id\":%lld,\"name\":", (long long)e->id);
    dj_buf_json_str(out, e->name, strlen(e->name));
    dj_buf_puts(out, ",\"tz\":");
    dj_buf_json_str(out, e->tz, strlen(e->tz));
    dj_buf_printf(out, ",\"published\":%s", e->published ? "true" : "false");
}

/* ,"tables":[{id, label, booth}] in the grid's order (pool tables, then
 * booths): the agenda's JSON and `event show --json` share it. */
static void tables_json(dj_buf *out, const ev *e)
{
    dj_buf_puts(out, ",\"tables\":[");
    for (int i = 0; i < e->npool + e->nbooths; i++) {
        const ev_table *t = &e->table[e->tmap[i]];
        dj_buf_printf(out, "%s{\"id\":%lld,\"label\":", i ? "," : "", (long long)t->id);
        dj_buf_json_str(out, t->label, strlen(t->label));
        dj_buf_printf(out, ",\"booth\":%s}", t->booth_org ? "true" : "false");
    }
    dj_buf_putc(out, ']');
}

/* The agenda as one JSON object (docs/events.md, "The agenda as JSON"): the
 * event, its tables, and participant p (or every participant, p < 0) with
 * its meetings in slot order - each with the slot's times, its table and
 * the counterpart's id and name. Cancelled meetings are left out, as in
 * the other formats but ICS. Linear in meetings + participants: the
 * meetings are bucketed by slot, then listed per participant. */
static int agenda_json(dj_buf *out, const ev *e, const shown *s, int p)
{
    int *slot_at = dj_calloc((size_t)e->ns + 1, sizeof(int));
    int *by_slot = dj_malloc(((size_t)s->n + 1) * sizeof(int));
    int *part_at = dj_calloc((size_t)e->np + 1, sizeof(int));
    int *by_part = dj_malloc((2 * (size_t)s->n + 1) * sizeof(int));
    int i, k, q, rc = DJ_OK;

    if (!slot_at || !by_slot || !part_at || !by_part) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < s->n; i++) { /* counting sort by slot, stable */
        const ev_meet *mt = &e->meet[s->meet[i]];
        slot_at[mt->slot + 1]++;
        part_at[mt->a + 1]++;
        part_at[mt->b + 1]++;
    }
    for (i = 0; i < e->ns; i++)
        slot_at[i + 1] += slot_at[i];
    for (i = 0; i < e->np; i++)
        part_at[i + 1] += part_at[i];
    for (i = 0; i < s->n; i++)
        by_slot[slot_at[e->meet[s->meet[i]].slot]++] = i;
    for (k = 0; k < s->n; k++) { /* part_at[q] runs up to q's end, then shifts back */
        const ev_meet *mt = &e->meet[s->meet[by_slot[k]]];
        by_part[part_at[mt->a]++] = by_slot[k];
        by_part[part_at[mt->b]++] = by_slot[k];
    }
    for (q = e->np; q > 0; q--)
        part_at[q] = part_at[q - 1];
    part_at[0] = 0;

    event_head_json(out, e);
    dj_buf_puts(out, ",\"participant\":");
    if (p >= 0)
        dj_buf_printf(out, "%lld", (long long)e->part[p].id);
    else
        dj_buf_puts(out, "null");
    tables_json(out, e);
    dj_buf_puts(out, ",\"participants\":[");
    for (q = p >= 0 ? p : 0; q < (p >= 0 ? p + 1 : e->np); q++) {
        const ev_part *pt = &e->part[q];
        dj_buf_printf(out, "%s{\"id\":%lld,\"org\":", q != (p >= 0 ? p : 0) ? "," : "",
                      (long long)pt->id);
        dj_buf_json_str(out, pt->org, strlen(pt->org));
        dj_buf_puts(out, ",\"booth\":");
        if (pt->booth_table >= 0)
            dj_buf_json_str(out, e->table[pt->booth_table].label,
                            strlen(e->table[pt->booth_table].label));
        else
            dj_buf_puts(out, "null");
        dj_buf_puts(out, ",\"meetings\":[");
        for (k = part_at[q]; k < part_at[q + 1]; k++) {
            if (k > part_at[q])
                dj_buf_putc(out, ',');
            agenda_json_meeting(out, e, &e->meet[s->meet[by_part[k]]], q);
        }
        dj_buf_puts(out, "]}");
    }
    dj_buf_puts(out, "]}\n");
    rc = dj_buf_rc(out);
done:
    dj_free(slot_at);
    dj_free(by_slot);
    dj_free(part_at);
    dj_free(by_part);
    return rc;
}

int dj__ev_render_agenda(ev *e, int p, int format, const char *path, dj_buf *out, dj_diag *diag)
{
    shown s;
    dj_sched_names nm;
    const char **pname = NULL, **tlabel = NULL, **starts = NULL, **ends = NULL;
    long long *pid = NULL;
    char stamp[24], now[24];
    int rc, i, off = 0;

    memset(&s, 0, sizeof s);
    if (format == DJ_APP_AGENDA_ICS && dj_app_tz_offset(&off, e->tz) < 0)
        return dj_diag_set(diag, DJ_EINVAL,
                           "event %s: time zone '%s' is not supported for ICS (use a fixed-offset "
                           "zone such as Asia/Shanghai or UTC+08:00)",
                           e->code, e->tz);
    if ((rc = build_shown(&s, e, format == DJ_APP_AGENDA_ICS)) < 0)
        goto done;
    if (format == DJ_APP_AGENDA_XLSX) {
        rc = write_xlsx(e, &s, path, diag);
        goto done;
    }
    if (format == DJ_APP_AGENDA_JSON) {
        rc = agenda_json(out, e, &s, p);
        goto done;
    }
    pname = dj_calloc((size_t)e->np + 1, sizeof *pname);
    pid = dj_calloc((size_t)e->np + 1, sizeof *pid);
    tlabel = dj_calloc((size_t)(e->npool + e->nbooths) + 1, sizeof *tlabel);
    starts = dj_calloc((size_t)e->ns + 1, sizeof *starts);
    ends = dj_calloc((size_t)e->ns + 1, sizeof *ends);
    if (!pname || !pid || !tlabel || !starts || !ends) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < e->np; i++) {
        pname[i] = e->part[i].org;
        pid[i] = (long long)e->part[i].id;
    }
    for (i = 0; i < e->npool + e->nbooths; i++)
        tlabel[i] = e->table[e->tmap[i]].label;
    for (i = 0; i < e->ns; i++) {
        starts[i] = e->slot[i].starts;
        ends[i] = e->slot[i].ends;
    }
    dj_store_now(now); /* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYYMMDDTHHMMSSZ" */
    snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", now, now + 5, now + 8, now + 11,
             now + 14, now + 17);
    memset(&nm, 0, sizeof nm);
    nm.event_name = e->name;
    nm.event_id = (long long)e->id;
    nm.uid_host = e->uid_host;
    nm.tzid = e->tz;
    nm.utc_offset_min = off;
    nm.dtstamp = stamp;
    nm.sequence = ics_sequence(now);
    nm.participant = pname;
    nm.participant_id = pid;
    nm.table_label = tlabel;
    nm.slot_start = starts;
    nm.slot_end = ends;
    nm.cancelled = s.cancelled;
    nm.tentative = !e->published; /* a draft until `event publish` */
    rc = dj_sched_render_agenda(out, s.m, s.slot, s.table, &nm, p,
                                format == DJ_APP_AGENDA_HTML  ? DJ_SCHED_FMT_HTML
                                : format == DJ_APP_AGENDA_CSV ? DJ_SCHED_FMT_CSV
                                : format == DJ_APP_AGENDA_ICS ? DJ_SCHED_FMT_ICS
                                                              : DJ_SCHED_FMT_TEXT);
    if (rc < 0)
        dj_diag_set(diag, rc, "cannot render the agenda of event %s", e->code);
done:
    dj_free(pname);
    dj_free(pid);
    dj_free(tlabel);
    dj_free(starts);
    dj_free(ends);
    shown_fini(&s);
    return rc;
}

int dj_app_event_agenda(dj_app *app, const char *event, const char *participant, int format,
                        const char *path, dj_buf *out, dj_diag *diag)
{
    ev e;
    int rc, p = -1;

    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read agendas");
    if (format < DJ_APP_AGENDA_TEXT || format > DJ_APP_AGENDA_JSON)
        return dj_diag_set(diag, DJ_EINVAL, "unknown agenda format %d", format);
    if (format == DJ_APP_AGENDA_XLSX && (!path || !strcmp(path, "-")))
        return dj_diag_set(diag, DJ_EINVAL, "an XLSX agenda needs an output file (-o FILE.xlsx)");
    if (format == DJ_APP_AGENDA_XLSX && participant)
        return dj_diag_set(diag, DJ_EINVAL,
                           "the XLSX agenda is the whole event's grid; drop --participant");
    if ((rc = dj__ev_load(&e, app, event, diag)) == DJ_OK &&
        (!participant || (rc = dj__ev_find_participant(&p, &e, participant, diag)) == DJ_OK))
        rc = dj__ev_render_agenda(&e, p, format, path, out, diag);
    dj__ev_fini(&e);
    return rc;
}

static void show_json(dj_buf *out, const ev *e, const shown *s)
{
    int i;
    event_head_json(out, e);
    dj_buf_puts(out, ",\"slots\":[");
    for (i = 0; i < e->ns; i++) {
        static const char *const sess[] = {"morning", "afternoon", "evening"};
        dj_buf_printf(out,
                      "%s{\"seq\":%d,\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"session\":\"%s\"}",
                      i ? "," : "", e->slot[i].seq, e->slot[i].starts, e->slot[i].ends,
                      sess[e->slot[i].session]);
    }
    dj_buf_putc(out, ']');
    tables_json(out, e);
    dj_buf_puts(out, ",\"participants\":[");
    for (i = 0; i < e->np; i++) {
        dj_buf_printf(out, "%s{\"id\":%lld,\"org\":", i ? "," : "", (long long)e->part[i].id);
        dj_buf_json_str(out, e->part[i].org, strlen(e->part[i].org));
        dj_buf_putc(out, '}');
    }
    dj_buf_puts(out, "],\"meetings\":[");
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        dj_buf_printf(out, "%s{\"id\":%lld,\"slot\":%d,\"table\":", i ? "," : "", (long long)mt->id,
                      e->slot[mt->slot].seq);
        if (mt->table >= 0)
            dj_buf_json_str(out, e->table[mt->table].label, strlen(e->table[mt->table].label));
        else
            dj_buf_puts(out, "null");
        dj_buf_printf(out, ",\"a_id\":%lld,\"b_id\":%lld,\"a\":", (long long)e->part[mt->a].id,
                      (long long)e->part[mt->b].id);
        dj_buf_json_str(out, e->part[mt->a].org, strlen(e->part[mt->a].org));
        dj_buf_puts(out, ",\"b\":");
        dj_buf_json_str(out, e->part[mt->b].org, strlen(e->part[mt->b].org));
        dj_buf_printf(out, ",\"locked\":%s,\"status\":\"%s\"}", mt->locked ? "true" : "false",
                      meet_status_en(mt->status));
    }
    dj_buf_puts(out, "]}\n");
}

/* Text grid: a row per slot, a column per table that holds a meeting;
 * cells "12x34" name the two participant ids (legend below), with '*' for
 * a locked meeting, '+' held, '!' no-show. Booth columns are "@<id>" (the
 * exhibitor's participant id). Only ASCII in the grid so columns align. */
static int show_text(dj_buf *out, const ev *e, const shown *s)
{
    int ntab = e->npool + e->nbooths, i, t, c;
    int *width = dj_calloc((size_t)ntab + 1, sizeof(int));
    char **cellv = dj_calloc((size_t)e->ns * (size_t)(ntab + 1) + 1, sizeof(char *));
    char tmp[64];
    unsigned char *seen = dj_calloc((size_t)e->np + 1, 1);
    int nomeet = 0, rc = DJ_OK, dated = several_days(e);

    if (!width || !cellv || !seen) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        size_t k;
        seen[mt->a] = seen[mt->b] = 1;
        if (s->table[i] < 0) {
            nomeet++;
            continue;
        }
        k = (size_t)mt->slot * (size_t)(ntab + 1) + (size_t)s->table[i];
        snprintf(tmp, sizeof tmp, "%s%lldx%lld%s", cellv[k] ? "!!" : "",
                 (long long)e->part[mt->a].id, (long long)e->part[mt->b].id,
                 mt->status == MT_HELD     ? "+"
                 : mt->status == MT_NOSHOW ? "!"
                 : mt->locked              ? "*"
                                           : "");
        dj_free(cellv[k]);
        if (!(cellv[k] = dj_strdup(tmp))) {
            rc = DJ_ENOMEM;
            goto done;
        }
        if ((int)strlen(tmp) > width[s->table[i]])
            width[s->table[i]] = (int)strlen(tmp);
    }
    dj_buf_printf(out, "%s  %s (%d slots, %d tables, %d booths, %d meetings%s)\n", e->code, e->name,
                  e->ns, e->npool, e->nbooths, s->n, e->published ? "; published" : "");
    dj_buf_printf(out, "%-3s %-*s", "#", dated ? 17 : 11, "time");
    for (t = 0; t < ntab; t++) {
        const ev_table *tb = &e->table[e->tmap[t]];
        if (!width[t])
            continue;
        if (tb->booth_org) {
            int p;
            for (p = 0; p < e->np && e->part[p].booth_table != e->tmap[t]; p++)
                ;
            snprintf(tmp, sizeof tmp, "@%lld", p < e->np ? (long long)e->part[p].id : 0LL);
        } else {
            snprintf(tmp, sizeof tmp, "%.20s", tb->label);
        }
        if ((int)strlen(tmp) > width[t])
            width[t] = (int)strlen(tmp);
        dj_buf_printf(out, " %-*s", width[t], tmp);
    }
    dj_buf_putc(out, '\n');
    for (i = 0; i < e->ns; i++) {
        const ev_slot *sl = &e->slot[i];
        dj_sched_slot_label(tmp, sl->starts, sl->ends, dated);
        dj_buf_printf(out, "%-3d %-*s", sl->seq, dated ? 17 : 11, tmp);
        for (t = 0; t < ntab; t++) {
            const char *cv = cellv[(size_t)i * (size_t)(ntab + 1) + (size_t)t];
            if (width[t])
                dj_buf_printf(out, " %-*s", width[t], cv ? cv : ".");
        }
        dj_buf_putc(out, '\n');
    }
    dj_buf_puts(out, "cells: participant ids; + held, ! no-show, * locked\n");
    if (nomeet)
        dj_buf_printf(out, "%d meetings without a table are not in the grid\n", nomeet);
    for (c = 0; c < e->np; c++)
        if (seen[c])
            dj_buf_printf(out, "%5lld  %s%s\n", (long long)e->part[c].id, e->part[c].org,
                          e->part[c].booth_table >= 0 ? "  (booth)" : "");
done:
    if (cellv)
        for (i = 0; i < e->ns * (ntab + 1); i++)
            dj_free(cellv[i]);
    dj_free(cellv);
    dj_free(width);
    dj_free(seen);
    return rc;
}

int dj_app_event_show(dj_app *app, const char *event, int json, dj_buf *out, dj_diag *diag)
{
    ev e;
    shown s;
    int rc;

    memset(&s, 0, sizeof s);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read events");
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0 || (rc = build_shown(&s, &e, 0)) < 0)
        goto done;
    if (json)
        show_json(out, &e, &s);
    else if ((rc = show_text(out, &e, &s)) < 0)
        goto done;
    rc = dj_buf_rc(out);
done:
    shown_fini(&s);
    dj__ev_fini(&e);
    return rc;
}
