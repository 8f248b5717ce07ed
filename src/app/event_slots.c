/* event_slots.c - an event's meeting slots and pool tables as its import
 * row gives them (docs/import.md): the slots repeat on every day of the
 * event, numbered 1..N across the days; a re-import with fewer days, slots
 * or tables removes the rest, but never moves or removes a slot or table
 * that meetings (or a participant's 不可用时段) depend on - the row is
 * refused instead, naming the column that changed. Also the 不可用时段 slot
 * lists with ranges. */
#include "app/event_slots.h"

#include "duijie/dj_model.h"
#include "duijie/dj_sched.h"
#include "util/alloc.h"
#include "util/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

/* Reads a number of at most 6 digits at *p; 0 when there is none (or a
 * longer one). */
static int slot_number(const char **p, const char *end, int64_t *v)
{
    int d = 0;
    for (*v = 0; *p < end && **p >= '0' && **p <= '9' && d < 7; (*p)++, d++)
        *v = *v * 10 + (**p - '0');
    return d > 0 && d < 7;
}

int dj__slot_list(const char *un, int64_t *lo, int64_t *hi, dj_buf *out)
{
    static const char *const dash[] = {"-", "~", "～", "－"};
    int n = 0;
    *lo = *hi = 0;
    for (; un && *un;) {
        size_t k = strcspn(un, ";"), w;
        const char *p = un, *end = un + k;
        int64_t a, b;
        if (!slot_number(&p, end, &a))
            return -1;
        b = a;
        for (w = 0; p < end && w < sizeof dash / sizeof *dash; w++)
            if ((size_t)(end - p) > strlen(dash[w]) && !memcmp(p, dash[w], strlen(dash[w]))) {
                p += strlen(dash[w]);
                if (!slot_number(&p, end, &b) || b < a)
                    return -1;
                break;
            }
        if (p != end)
            return -1;
        if (!n++ || a < *lo)
            *lo = a;
        if (b > *hi)
            *hi = b;
        for (int64_t v = a; out && v <= b; v++)
            dj_buf_printf(out, "%s%lld", dj_buf_len(out) ? ";" : "", (long long)v);
        un = *end ? end + 1 : end;
    }
    return n;
}

int64_t dj__event_slot_count(dj_app *app, int64_t event)
{
    dj_field w = F("event_id", dj_v_int(event));
    int64_t n = 0;
    dj_store_count(app->st, "event_slots", &w, 1, &n, NULL);
    return n;
}

/* A participant of the event listing slot `seq` as unavailable (stored
 * written out: "1;2;3"). */
typedef struct lister {
    int64_t seq, participant;
} lister;

static int lists_slot_cb(const dj_row *row, void *ctx)
{
    lister *l = ctx;
    const char *s = dj_row_text(row, "unavailable");
    while (s && *s && !l->participant) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s)
            break;
        if (v == l->seq)
            l->participant = dj_row_int(row, "id", 0);
        s = *end == ';' ? end + 1 : end;
    }
    return 0;
}

/* The meetings whose `col` (slot_id, table_id) is id: all of them, and
 * those not cancelled. */
static int meetings_at(dj_app *app, const char *col, int64_t id, int64_t *all, int64_t *live,
                       dj_diag *diag)
{
    dj_field w[2] = {F(col, dj_v_int(id)), F("status", dj_v_text("cancelled"))};
    int64_t cancelled = 0;
    int rc;
    if ((rc = dj_store_count(app->st, "meetings", w, 1, all, diag)) < 0 ||
        (rc = dj_store_count(app->st, "meetings", w, 2, &cancelled, diag)) < 0)
        return rc;
    *live = *all - cancelled;
    return DJ_OK;
}

typedef struct slot_row {
    int64_t id;
    char starts[32], ends[32], session[16];
} slot_row;

static int slot_row_cb(const dj_row *row, void *ctx)
{
    slot_row *s = ctx;
    s->id = dj_row_int(row, "id", 0);
    snprintf(s->starts, sizeof s->starts, "%s", dj_row_text(row, "starts_at"));
    snprintf(s->ends, sizeof s->ends, "%s", dj_row_text(row, "ends_at"));
    snprintf(s->session, sizeof s->session, "%s", dj_row_text(row, "session"));
    return 0;
}

/* Slot `seq` of the event as an earlier import left it (sr->id 0: none). */
static int slot_at(dj_app *app, int64_t event, int64_t seq, slot_row *sr, dj_diag *diag)
{
    dj_field w[2] = {F("event_id", dj_v_int(event)), F("seq", dj_v_int(seq))};
    memset(sr, 0, sizeof *sr);
    return dj_store_each(app->st, "event_slots", w, 2, NULL, 1, 0, slot_row_cb, sr, diag);
}

/* The column whose change removes slot sr: 结束日期 when its day is no
 * longer in the event, else its session's slot count. */
static const char *removing_column(const slot_row *sr, const char *last_day)
{
    if (strncmp(sr->starts, last_day, 10) > 0)
        return "end_date";
    return strcmp(sr->session, "morning") == 0 ? "morning_slots" : "afternoon_slots";
}

/* "HH:MM" of "YYYY-MM-DDTHH:MM" (all of s when it is shorter). */
static const char *clock_of(const char *s)
{
    return strlen(s) > 11 ? s + 11 : s;
}

/* Where a slot goes: all NULL for a removal. */
typedef struct slot_to {
    const char *starts, *ends, *session;
} slot_to;

/* The column whose change moves or removes slot sr: 时段分钟 when the slot
 * keeps its day and session, else 结束日期 when its day is no longer in the
 * event, else its session's slot count. */
static const char *changing_column(const slot_row *sr, const slot_to *to, const char *last_day)
{
    if (to->starts && strcmp(sr->session, to->session) == 0 &&
        strncmp(sr->starts, to->starts, 10) == 0)
        return "slot_minutes"; /* same day and session, another time */
    return removing_column(sr, last_day);
}

/* A re-import may not move a slot that holds meetings (cancelled ones
 * aside) - nor change when it ends - nor remove one that holds any (they
 * would move or vanish with it): refuses the row, naming the column that
 * changed (changing_column). */
static int slot_unmet(dj_app *app, const dj_rec *r, const slot_row *sr, int64_t seq,
                      const slot_to *to, const char *last_day, dj_diag *diag)
{
    char msg[240], what[80];
    int64_t all = 0, live = 0, n;
    int rc;

    if ((rc = meetings_at(app, "slot_id", sr->id, &all, &live, diag)) < 0)
        return rc;
    n = to->starts ? live : all; /* a cancelled meeting may move with its slot, but not vanish */
    if (n == 0)
        return DJ_OK;
    if (!to->starts)
        snprintf(what, sizeof what, "remove");
    else if (strcmp(sr->starts, to->starts) != 0)
        snprintf(what, sizeof what, "move to %s", to->starts);
    else
        snprintf(what, sizeof what, "make end at %s instead of %s", clock_of(to->ends),
                 clock_of(sr->ends));
    snprintf(msg, sizeof msg, "slot %lld (%s) holds %lld meeting(s), which this row would %s",
             (long long)seq, sr->starts, (long long)n, what);
    return dj__rec_fail(diag, r, changing_column(sr, to, last_day), DJ_EINVAL, "%s", msg);
}

/* Nor may it move or remove a slot a participant lists as unavailable: the
 * number would then name another time, or none. */
static int slot_listed(dj_app *app, const dj_rec *r, int64_t event, const slot_row *sr, int64_t seq,
                       const slot_to *to, const char *last_day, dj_diag *diag)
{
    dj_field w = F("event_id", dj_v_int(event));
    lister l = {seq, 0};
    char msg[240];
    int rc;

    if ((rc = dj_store_each(app->st, "participants", &w, 1, NULL, 0, 0, lists_slot_cb, &l, diag)) <
        0)
        return rc;
    if (!l.participant)
        return DJ_OK;
    snprintf(msg, sizeof msg,
             "participant %lld lists slot %lld (%s) as unavailable, which this row would %s%s; "
             "change that first",
             (long long)l.participant, (long long)seq, sr->starts,
             to->starts ? "move to " : "remove", to->starts ? to->starts : "");
    return dj__rec_fail(diag, r, changing_column(sr, to, last_day), DJ_EINVAL, "%s", msg);
}

/* Re-importing an event with fewer days or slots a day: the slots an
 * earlier import made beyond the `keep` this row gives (the import numbers
 * them 1..N) are removed - unless a meeting is in one (slot_unmet) or a
 * participant lists one as unavailable (slot_listed); then the row is
 * refused and the whole import rolls back. */
static int drop_slots_beyond(dj_app *app, const dj_rec *r, int64_t event, int64_t keep,
                             const char *last_day, dj_diag *diag)
{
    int64_t have = dj__event_slot_count(app, event), seq;
    slot_to removed = {NULL, NULL, NULL};
    dj_field w;
    int rc;

    for (seq = keep + 1; seq <= have; seq++) {
        slot_row sr;
        if ((rc = slot_at(app, event, seq, &sr, diag)) < 0)
            return rc;
        if (!sr.id)
            continue;
        if ((rc = slot_unmet(app, r, &sr, seq, &removed, last_day, diag)) < 0 ||
            (rc = slot_listed(app, r, event, &sr, seq, &removed, last_day, diag)) < 0)
            return rc;
        w = F("id", dj_v_int(sr.id));
        if ((rc = dj_store_delete(app->st, "event_slots", &w, 1, NULL, diag)) < 0)
            return rc;
    }
    return DJ_OK;
}

typedef struct pool_table {
    int64_t id, booth;
} pool_table;

static int pool_table_cb(const dj_row *row, void *ctx)
{
    pool_table *t = ctx;
    t->id = dj_row_int(row, "id", 0);
    t->booth = dj_row_int(row, "booth_org", 0);
    return 0;
}

/* The event's table labelled `label` (pt->id 0: none). */
static int table_by_label(dj_app *app, int64_t event, const char *label, pool_table *pt,
                          dj_diag *diag)
{
    dj_field w[2] = {F("event_id", dj_v_int(event)), F("label", dj_v_text(label))};
    pt->id = pt->booth = 0;
    return dj_store_each(app->st, "event_tables", w, 2, NULL, 1, 0, pool_table_cb, pt, diag);
}

/* Pool tables an earlier import made beyond the `keep` this row gives
 * (T<keep + 1>, ...) are removed - unless a meeting that is not cancelled
 * is at one; then the row is refused (a cancelled one loses its table). */
static int drop_tables_beyond(dj_app *app, const dj_rec *r, int64_t event, int64_t keep,
                              dj_diag *diag)
{
    for (int64_t k = keep + 1;; k++) {
        char label[24], msg[200];
        dj_field w;
        int64_t all = 0, n = 0;
        int rc;
        pool_table pt;
        snprintf(label, sizeof label, "T%lld", (long long)k);
        if ((rc = table_by_label(app, event, label, &pt, diag)) < 0)
            return rc;
        if (!pt.id || pt.booth) /* the pool ends here */
            return DJ_OK;
        if ((rc = meetings_at(app, "table_id", pt.id, &all, &n, diag)) < 0)
            return rc;
        if (n > 0) {
            snprintf(msg, sizeof msg,
                     "table %s holds %lld meeting(s), which this row would remove; move or delete "
                     "them first",
                     label, (long long)n);
            return dj__rec_fail(diag, r, "tables", DJ_EINVAL, "%s", msg);
        }
        w = F("id", dj_v_int(pt.id));
        if ((rc = dj_store_delete(app->st, "event_tables", &w, 1, NULL, diag)) < 0)
            return rc;
    }
}

static void add_minutes(char *out, size_t cap, const char *date, int minutes_of_day)
{
    unsigned h = (unsigned)(minutes_of_day / 60) % 24u, m = (unsigned)minutes_of_day % 60u;
    snprintf(out, cap, "%.10sT%02u:%02u", date, h, m);
}

int dj__event_slots_check(dj__event_slots *sl, const dj_rec *r, dj_diag *diag)
{
    int64_t per = sl->morning + sl->afternoon;
    char day[11];

    if (sl->end && strcmp(sl->end, sl->start) < 0)
        return dj__rec_fail(diag, r, "end_date", DJ_EINVAL, "%s", "结束日期 is before 开始日期");
    if (sl->morning * sl->minutes > 5 * 60 || sl->afternoon * sl->minutes > 8 * 60)
        return dj__rec_fail(diag, r, "slot_minutes", DJ_EINVAL, "%s",
                            "slots do not fit: morning slots start 09:00 and must end by 14:00, "
                            "afternoon slots start 14:00 and must end by 22:00");
    /* the slots repeat on every day; the timetable holds DJ_SCHED_MAX_SLOTS */
    sl->days = 1;
    snprintf(day, sizeof day, "%s", sl->start);
    while (per > 0 && sl->end && strcmp(day, sl->end) < 0 && sl->days * per <= DJ_SCHED_MAX_SLOTS) {
        if (dj_date_next(day, day) != DJ_OK)
            return dj__rec_fail(diag, r, "start_date", DJ_EINVAL, "%s", "not a calendar date");
        sl->days++;
    }
    if (sl->days * per > DJ_SCHED_MAX_SLOTS) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%s to %s with %lld meeting slots each day is more than the %d slots an event "
                 "can have; give fewer days or fewer slots a day",
                 sl->start, sl->end, (long long)per, DJ_SCHED_MAX_SLOTS);
        return dj__rec_fail(diag, r, "end_date", DJ_EINVAL, "%s", msg);
    }
    return DJ_OK;
}

int dj__event_slots_write(dj_app *app, const dj_rec *r, int64_t event, const dj__event_slots *sl,
                          dj_diag *diag)
{
    static const char *const slot_key[] = {"event_id", "seq", NULL};
    const char *last_day = sl->end ? sl->end : sl->start;
    int64_t per = sl->morning + sl->afternoon, d, i;
    char day[11];
    int rc;

    snprintf(day, sizeof day, "%s", sl->start);
    for (d = 0; d < sl->days; d++) {
        if (d > 0 && dj_date_next(day, day) != DJ_OK)
            return dj__rec_fail(diag, r, "start_date", DJ_EINVAL, "%s", "not a calendar date");
        for (i = 0; i < per; i++) {
            char s_at[32], e_at[32];
            int base = i < sl->morning ? 9 * 60 + (int)(i * sl->minutes)
                                       : 14 * 60 + (int)((i - sl->morning) * sl->minutes);
            const char *session = i < sl->morning ? "morning" : "afternoon";
            int64_t seq = d * per + i + 1;
            dj_field sf[5];
            slot_row old;
            slot_to to = {s_at, e_at, session};
            add_minutes(s_at, sizeof s_at, day, base);
            add_minutes(e_at, sizeof e_at, day, base + (int)sl->minutes);
            if ((rc = slot_at(app, event, seq, &old, diag)) < 0)
                return rc;
            if (old.id && (strcmp(old.starts, s_at) != 0 || strcmp(old.ends, e_at) != 0) &&
                (rc = slot_unmet(app, r, &old, seq, &to, last_day, diag)) < 0)
                return rc;
            if (old.id && strcmp(old.starts, s_at) != 0 &&
                (rc = slot_listed(app, r, event, &old, seq, &to, last_day, diag)) < 0)
                return rc;
            sf[0] = F("event_id", dj_v_int(event));
            sf[1] = F("seq", dj_v_int(seq));
            sf[2] = F("starts_at", dj_v_text(s_at));
            sf[3] = F("ends_at", dj_v_text(e_at));
            sf[4] = F("session", dj_v_text(session));
            if ((rc = dj_store_upsert(app->st, "event_slots", sf, 5, slot_key, NULL, diag)) < 0)
                return rc;
        }
    }
    return drop_slots_beyond(app, r, event, sl->days * per, last_day, diag);
}

int dj__event_tables_write(dj_app *app, const dj_rec *r, int64_t event, int64_t tables,
                           dj_diag *diag)
{
    static const char *const table_key[] = {"event_id", "label", NULL};
    int rc;

    for (int64_t i = 0; i < tables; i++) {
        char label[24], msg[200];
        dj_field tf[2];
        pool_table pt;
        snprintf(label, sizeof label, "T%lld", (long long)i + 1);
        if ((rc = table_by_label(app, event, label, &pt, diag)) < 0)
            return rc;
        if (pt.booth) { /* booths are labelled by their exhibitor's name */
            snprintf(msg, sizeof msg,
                     "pool table %s would be the booth of the exhibitor named %s; rename that "
                     "organisation or give fewer tables",
                     label, label);
            return dj__rec_fail(diag, r, "tables", DJ_EINVAL, "%s", msg);
        }
        tf[0] = F("event_id", dj_v_int(event));
        tf[1] = F("label", dj_v_text(label));
        if ((rc = dj_store_upsert(app->st, "event_tables", tf, 2, table_key, NULL, diag)) < 0)
            return rc;
    }
    return drop_tables_beyond(app, r, event, tables, diag);
}

/* The participant row (event, org) as stored: its booth table, 0 = none. */
static int stored_booth_cb(const dj_row *row, void *ctx)
{
    *(int64_t *)ctx = dj_row_int(row, "table_id", 0);
    return 0;
}

int dj__event_booth_check(dj_app *app, const dj_rec *r, int64_t event, int64_t org, int exhibitor,
                          dj_diag *diag)
{
    const char *name = dj__rec_s(r, "org");
    dj_field w[2] = {F("event_id", dj_v_int(event)), F("org_id", dj_v_int(org))};
    int64_t booth = 0, all = 0, n = 0;
    char msg[300];
    pool_table pt;
    int rc;

    if (exhibitor) {
        if ((rc = table_by_label(app, event, name, &pt, diag)) < 0)
            return rc;
        if (pt.id && !pt.booth) {
            snprintf(msg, sizeof msg,
                     "'%s' is the label of one of the event's pool tables, so it cannot name a "
                     "booth; rename the organisation",
                     name);
            return dj__rec_fail(diag, r, "org", DJ_EINVAL, "%s", msg);
        }
        return DJ_OK;
    }
    if ((rc = dj_store_each(app->st, "participants", w, 2, NULL, 1, 0, stored_booth_cb, &booth,
                            diag)) < 0)
        return rc;
    if (!booth || (rc = meetings_at(app, "table_id", booth, &all, &n, diag)) < 0 || n == 0)
        return rc < 0 ? rc : DJ_OK;
    snprintf(msg, sizeof msg,
             "'%s' is an exhibitor whose booth holds %lld meeting(s); this row (角色 not 展商) "
             "would take the booth away; give 角色 展商, or move or cancel those meetings first",
             name, (long long)n);
    return dj__rec_fail(diag, r, "role", DJ_EINVAL, "%s", msg);
}

/* The booth tables of one organisation, one per event it exhibits at
 * (dj_store_each callback; read first, then renamed). */
typedef struct booth {
    int64_t id, event;
} booth;

typedef struct booths {
    booth *b;
    size_t n, cap;
} booths;

static int booth_cb(const dj_row *row, void *ctx)
{
    booths *bs = ctx;
    int rc;
    DJ_ARRAY_GROW(rc, bs->b, bs->cap, bs->n);
    if (rc < 0)
        return rc;
    bs->b[bs->n++] = (booth){dj_row_int(row, "id", 0), dj_row_int(row, "event_id", 0)};
    return 0;
}

int dj__event_booths_rename(dj_app *app, int64_t org, const char *name, dj_diag *diag)
{
    dj_field w = F("booth_org", dj_v_int(org));
    booths bs = {NULL, 0, 0};
    int rc = dj_store_each(app->st, "event_tables", &w, 1, NULL, 0, 0, booth_cb, &bs, diag);

    for (size_t i = 0; rc >= 0 && i < bs.n; i++) {
        pool_table pt;
        dj_field f = F("label", dj_v_text(name));
        if ((rc = table_by_label(app, bs.b[i].event, name, &pt, diag)) < 0)
            break;
        if (pt.id && pt.id != bs.b[i].id) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "name");
            rc = dj_diag_set(diag, DJ_EINVAL,
                             "'%s' is already a table of event %lld, where this organisation "
                             "has its booth (labelled by its name)",
                             name, (long long)bs.b[i].event);
            break;
        }
        rc = dj_store_update(app->st, "event_tables", bs.b[i].id, &f, 1, diag);
    }
    dj_free(bs.b);
    return rc < 0 ? rc : DJ_OK;
}
