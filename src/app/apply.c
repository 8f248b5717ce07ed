/* apply.c - writes one validated import row to the store, per record type.
 *
 * References are resolved by natural key (org name, event/project/listing
 * code) against what is already in the transaction, so a file may refer to
 * records an earlier file of the same import created. Rows with a natural
 * key are upserts; project updates are applied to their project once (an
 * identical update already present is skipped, so re-importing is safe). */
#include "app/app_int.h"

#include "duijie/dj_model.h"
#include "duijie/dj_sched.h"

#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

static int field_fail(dj_diag *diag, const dj_rec *r, const char *en, int code, const char *fmt,
                      const char *arg)
{
    int i;
    if (diag) {
        for (i = 0; i < r->type->ncols; i++)
            if (strcmp(r->type->cols[i].en, en) == 0)
                snprintf(diag->field, sizeof diag->field, "%s", r->type->cols[i].zh);
    }
    return dj_diag_set(diag, code, fmt, arg);
}

/* Value of an optional text cell. */
static dj_value vs(const dj_rec *r, const char *en)
{
    return dj_v_text(dj__rec_s(r, en));
}

/* Value of an optional integer-like cell. */
static dj_value vi(const dj_rec *r, const char *en)
{
    const dj_cell *c = dj__rec_cell(r, en);
    return c && c->present ? dj_v_int(c->i) : dj_v_null();
}

static int has(const dj_rec *r, const char *en)
{
    const dj_cell *c = dj__rec_cell(r, en);
    return c && c->present;
}

/* Resolves a reference cell to an id: table/key column by type. Missing
 * optional references give 0. */
static int ref_id(dj_app *app, const dj_rec *r, const char *en, int64_t *id, dj_diag *diag)
{
    const char *key = dj__rec_s(r, en);
    const dj_column *col = NULL;
    dj_field w;
    int i, rc;

    *id = 0;
    if (!key)
        return DJ_OK;
    for (i = 0; i < r->type->ncols; i++)
        if (strcmp(r->type->cols[i].en, en) == 0)
            col = &r->type->cols[i];
    if (!col || !col->ref) /* callers name a reference column of the type */
        return dj_diag_set(diag, DJ_EINVAL, "internal: %s is no reference column", en);
    if (!strcmp(col->ref, "orgs"))
        w = F("name", dj_v_text(key));
    else
        w = F("code", dj_v_text(key));
    rc = dj_store_find_id(app->st, col->ref, &w, 1, id, diag);
    if (rc == DJ_ENOTFOUND) {
        const char *what = !strcmp(col->ref, "orgs")       ? "organisation"
                           : !strcmp(col->ref, "events")   ? "event"
                           : !strcmp(col->ref, "projects") ? "project"
                                                           : "listing";
        char msg[300];
        snprintf(msg, sizeof msg, "unknown %s '%s'", what, key);
        return field_fail(diag, r, en, DJ_EINVAL, "%s", msg);
    }
    return rc;
}

static dj_value id_or_null(int64_t id)
{
    return id ? dj_v_int(id) : dj_v_null();
}

static int apply_org(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"name", NULL};
    int64_t park = 0;
    int rc;
    dj_field f[10];

    if ((rc = ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    f[0] = F("name", vs(r, "name"));
    f[1] = F("kind", vs(r, "kind"));
    f[2] = F("uscc", vs(r, "uscc"));
    f[3] = F("region", vs(r, "region"));
    f[4] = F("industry", vs(r, "industry"));
    f[5] = F("park_id", id_or_null(park));
    f[6] =
        F("description", dj_v_text(dj__rec_s(r, "description") ? dj__rec_s(r, "description") : ""));
    f[7] = F("contact", dj_v_text(dj__rec_s(r, "contact") ? dj__rec_s(r, "contact") : ""));
    f[8] = F("created_at", dj_v_text(now));
    f[9] = F("updated_at", dj_v_text(now));
    return dj_store_upsert(app->st, "orgs", f, 10, key, NULL, diag);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int apply_listing(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    int64_t org = 0;
    int rc, n = 0;
    dj_field f[17];

    if ((rc = ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    if (has(r, "price_min") && has(r, "price_max") &&
        dj__rec_cell(r, "price_min")->i > dj__rec_cell(r, "price_max")->i)
        return field_fail(diag, r, "price_max", DJ_EINVAL, "%s",
                          "价格上限 is below 价格下限 (price_max < price_min)");
    f[n++] = F("code", vs(r, "code"));
    f[n++] = F("org_id", dj_v_int(org));
    f[n++] = F("side", vs(r, "side"));
    f[n++] = F("kind", vs(r, "kind"));
    f[n++] = F("title", vs(r, "title"));
    f[n++] = F("body", dj_v_text(or_empty(dj__rec_s(r, "body"))));
    f[n++] = F("keywords", dj_v_text(or_empty(dj__rec_s(r, "keywords"))));
    f[n++] = F("industry", vs(r, "industry"));
    f[n++] = F("tags", dj_v_text(or_empty(dj__rec_s(r, "tags"))));
    f[n++] = F("trl", vi(r, "trl"));
    f[n++] = F("modes", has(r, "modes") ? vi(r, "modes") : dj_v_int(0));
    f[n++] = F("price_min", vi(r, "price_min"));
    f[n++] = F("price_max", vi(r, "price_max"));
    f[n++] = F("region", vs(r, "region"));
    f[n++] = F("status", dj_v_text(has(r, "status") ? dj__rec_s(r, "status") : "published"));
    f[n++] = F("created_at", dj_v_text(now));
    f[n++] = F("updated_at", dj_v_text(now));
    return dj_store_upsert(app->st, "listings", f, n, has(r, "code") ? key : NULL, NULL, diag);
}

/* Reads a number of at most 6 digits at *p; 0 when there is none. */
static int slot_number(const char **p, const char *end, int64_t *v)
{
    int d = 0;
    for (*v = 0; *p < end && **p >= '0' && **p <= '9' && d < 7; (*p)++, d++)
        *v = *v * 10 + (**p - '0');
    return d > 0 && d < 7;
}

/* The slot numbers of a participant's 不可用时段: "3;4;11", with ranges
 * "1-6" (also 1~6, 1～6, 1－6). Returns how many items it has (0: empty),
 * with *lo and *hi the smallest and largest number, or -1 when it is not
 * such a list. With `out`, also writes it as single numbers (1;2;3;4;5;6;11,
 * what the timetable reads) - only after the caller checked *hi. */
static int slot_list(const char *un, int64_t *lo, int64_t *hi, dj_buf *out)
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

static int64_t slot_count(dj_app *app, int64_t event)
{
    dj_field w = F("event_id", dj_v_int(event));
    int64_t n = 0;
    dj_store_count(app->st, "event_slots", &w, 1, &n, NULL);
    return n;
}

/* A participant of the event listing a slot above `keep` as unavailable. */
typedef struct beyond {
    int64_t keep, participant, seq;
} beyond;

static int unavailable_beyond_cb(const dj_row *row, void *ctx)
{
    beyond *b = ctx;
    int64_t lo, hi;
    if (slot_list(dj_row_text(row, "unavailable"), &lo, &hi, NULL) > 0 && hi > b->keep) {
        b->participant = dj_row_int(row, "id", 0);
        b->seq = hi;
        return 1;
    }
    return 0;
}

typedef struct slot_row {
    int64_t id;
    char starts[32], session[16];
} slot_row;

static int slot_row_cb(const dj_row *row, void *ctx)
{
    slot_row *s = ctx;
    s->id = dj_row_int(row, "id", 0);
    snprintf(s->starts, sizeof s->starts, "%s", dj_row_text(row, "starts_at"));
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

/* A re-import may not move a slot that holds meetings (cancelled ones
 * aside) nor remove one that holds any (they would move or vanish with it):
 * refuses the row, naming the field that
 * changed - 结束日期 when the slot's day is no longer in the event, else its
 * session's slot count (or 时段分钟 when the session keeps its count). */
static int slot_unmet(dj_app *app, const dj_rec *r, const slot_row *sr, int64_t seq,
                      const char *new_starts, const char *new_session, const char *last_day,
                      dj_diag *diag)
{
    dj_field w[2] = {F("slot_id", dj_v_int(sr->id)), F("status", dj_v_text("cancelled"))};
    const char *field;
    char msg[240];
    int64_t n = 0, cancelled = 0;
    int rc;

    if ((rc = dj_store_count(app->st, "meetings", w, 1, &n, diag)) < 0 ||
        (new_starts && (rc = dj_store_count(app->st, "meetings", w, 2, &cancelled, diag)) < 0))
        return rc;
    n -= cancelled; /* a cancelled meeting may move with its slot, but not vanish */
    if (n == 0)
        return DJ_OK;
    if (strncmp(sr->starts, last_day, 10) > 0)
        field = "end_date";
    else if (new_starts && strcmp(sr->session, new_session) == 0 &&
             strncmp(sr->starts, new_starts, 10) == 0)
        field = "slot_minutes"; /* same day and session, another time */
    else
        field = strcmp(sr->session, "morning") == 0 ? "morning_slots" : "afternoon_slots";
    snprintf(msg, sizeof msg, "slot %lld (%s) holds %lld meeting(s), which this row would %s%s",
             (long long)seq, sr->starts, (long long)n, new_starts ? "move to " : "remove",
             new_starts ? new_starts : "");
    return field_fail(diag, r, field, DJ_EINVAL, "%s", msg);
}

/* Re-importing an event with fewer days or slots a day: the slots an
 * earlier import made beyond the `keep` this row gives (the import numbers
 * them 1..N) are removed - unless a meeting is in one (slot_unmet) or a
 * participant lists one as unavailable; then the row is refused and the
 * whole import rolls back. */
static int drop_slots_beyond(dj_app *app, const dj_rec *r, int64_t event, int64_t keep,
                             const char *last_day, dj_diag *diag)
{
    int64_t have = slot_count(app, event), seq;
    beyond b = {keep, 0, 0};
    dj_field w = F("event_id", dj_v_int(event));
    char msg[240];
    int rc;

    if (have <= keep)
        return DJ_OK;
    if ((rc = dj_store_each(app->st, "participants", &w, 1, NULL, 0, 0, unavailable_beyond_cb, &b,
                            diag)) < 0)
        return rc;
    for (seq = keep + 1; seq <= have; seq++) {
        slot_row sr;
        if ((rc = slot_at(app, event, seq, &sr, diag)) < 0)
            return rc;
        if (!sr.id)
            continue;
        if ((rc = slot_unmet(app, r, &sr, seq, NULL, NULL, last_day, diag)) < 0)
            return rc;
        if (b.participant && b.seq == seq) {
            snprintf(msg, sizeof msg,
                     "participant %lld lists slot %lld (%s) as unavailable, which this row would "
                     "remove; change that first",
                     (long long)b.participant, (long long)seq, sr.starts);
            return field_fail(diag, r,
                              strncmp(sr.starts, last_day, 10) > 0 ? "end_date"
                              : strcmp(sr.session, "morning") == 0 ? "morning_slots"
                                                                   : "afternoon_slots",
                              DJ_EINVAL, "%s", msg);
        }
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

/* Pool tables an earlier import made beyond the `keep` this row gives
 * (T<keep + 1>, ...) are removed - unless a meeting that is not cancelled
 * is at one; then the row is refused (a cancelled one loses its table). */
static int drop_tables_beyond(dj_app *app, const dj_rec *r, int64_t event, int64_t keep,
                              dj_diag *diag)
{
    for (int64_t k = keep + 1;; k++) {
        char label[24], msg[200];
        dj_field w[2], mw[2];
        int64_t tid = 0, n = 0, cancelled = 0;
        int rc;
        snprintf(label, sizeof label, "T%lld", (long long)k);
        w[0] = F("event_id", dj_v_int(event));
        w[1] = F("label", dj_v_text(label));
        pool_table pt = {0, 0};
        if ((rc = dj_store_each(app->st, "event_tables", w, 2, NULL, 1, 0, pool_table_cb, &pt,
                                diag)) < 0)
            return rc;
        if (!pt.id || pt.booth) /* the pool ends here (a booth named T<k> is an exhibitor's) */
            return DJ_OK;
        tid = pt.id;
        mw[0] = F("table_id", dj_v_int(tid));
        mw[1] = F("status", dj_v_text("cancelled"));
        if ((rc = dj_store_count(app->st, "meetings", mw, 1, &n, diag)) < 0 ||
            (rc = dj_store_count(app->st, "meetings", mw, 2, &cancelled, diag)) < 0)
            return rc;
        if (n > cancelled) {
            snprintf(msg, sizeof msg,
                     "table %s holds %lld meeting(s), which this row would remove; move or delete "
                     "them first",
                     label, (long long)(n - cancelled));
            return field_fail(diag, r, "tables", DJ_EINVAL, "%s", msg);
        }
        w[1] = F("id", dj_v_int(tid));
        if ((rc = dj_store_delete(app->st, "event_tables", &w[1], 1, NULL, diag)) < 0)
            return rc;
    }
}

static void add_minutes(char *out, size_t cap, const char *date, int minutes_of_day)
{
    unsigned h = (unsigned)(minutes_of_day / 60) % 24u, m = (unsigned)minutes_of_day % 60u;
    snprintf(out, cap, "%.10sT%02u:%02u", date, h, m);
}

static int apply_event(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    static const char *const slot_key[] = {"event_id", "seq", NULL};
    static const char *const table_key[] = {"event_id", "label", NULL};
    int64_t park = 0, id = 0, morning, afternoon, minutes, tables, i, days = 1, d;
    const char *start = dj__rec_s(r, "start_date"), *end = dj__rec_s(r, "end_date");
    char day[11];
    int rc, n = 0;
    dj_field f[11];

    if ((rc = ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    if (end && strcmp(end, start) < 0)
        return field_fail(diag, r, "end_date", DJ_EINVAL, "%s", "结束日期 is before 开始日期");
    morning = has(r, "morning_slots") ? dj__rec_cell(r, "morning_slots")->i : 0;
    afternoon = has(r, "afternoon_slots") ? dj__rec_cell(r, "afternoon_slots")->i : 0;
    minutes = has(r, "slot_minutes") ? dj__rec_cell(r, "slot_minutes")->i : 20;
    tables = has(r, "tables") ? dj__rec_cell(r, "tables")->i : 0;
    if (morning * minutes > 5 * 60 || afternoon * minutes > 8 * 60)
        return field_fail(diag, r, "slot_minutes", DJ_EINVAL, "%s",
                          "slots do not fit: morning slots start 09:00 and must end by 14:00, "
                          "afternoon slots start 14:00 and must end by 22:00");
    /* the slots repeat on every day of the event; the timetable holds at
     * most DJ_SCHED_MAX_SLOTS */
    snprintf(day, sizeof day, "%s", start);
    while (morning + afternoon > 0 && end && strcmp(day, end) < 0 &&
           days * (morning + afternoon) <= DJ_SCHED_MAX_SLOTS) {
        if (dj_date_next(day, day) != DJ_OK)
            return field_fail(diag, r, "start_date", DJ_EINVAL, "%s", "not a calendar date");
        days++;
    }
    if (days * (morning + afternoon) > DJ_SCHED_MAX_SLOTS) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%s to %s with %lld meeting slots each day is more than the %d slots an event "
                 "can have; give fewer days or fewer slots a day",
                 start, end, (long long)(morning + afternoon), DJ_SCHED_MAX_SLOTS);
        return field_fail(diag, r, "end_date", DJ_EINVAL, "%s", msg);
    }
    f[n++] = F("code", vs(r, "code"));
    f[n++] = F("name", vs(r, "name"));
    f[n++] = F("kind", dj_v_text(has(r, "kind") ? dj__rec_s(r, "kind") : "brokerage"));
    f[n++] = F("park_id", id_or_null(park));
    f[n++] = F("venue", dj_v_text(or_empty(dj__rec_s(r, "venue"))));
    f[n++] = F("start_date", dj_v_text(start));
    f[n++] = F("end_date", dj_v_text(end ? end : start));
    f[n++] = F("slot_minutes", dj_v_int(minutes));
    f[n++] = F("description", dj_v_text(or_empty(dj__rec_s(r, "description"))));
    f[n++] = F("created_at", dj_v_text(now));
    if ((rc = dj_store_upsert(app->st, "events", f, n, key, &id, diag)) < 0)
        return rc;
    snprintf(day, sizeof day, "%s", start);
    for (d = 0; d < days; d++) {
        if (d > 0 && dj_date_next(day, day) != DJ_OK)
            return field_fail(diag, r, "start_date", DJ_EINVAL, "%s", "not a calendar date");
        for (i = 0; i < morning + afternoon; i++) {
            char s_at[32], e_at[32];
            int base = i < morning ? 9 * 60 + (int)(i * minutes)
                                   : 14 * 60 + (int)((i - morning) * minutes);
            dj_field sf[5];
            slot_row old;
            add_minutes(s_at, sizeof s_at, day, base);
            add_minutes(e_at, sizeof e_at, day, base + (int)minutes);
            if ((rc = slot_at(app, id, d * (morning + afternoon) + i + 1, &old, diag)) < 0)
                return rc;
            if (old.id && strcmp(old.starts, s_at) != 0 &&
                (rc = slot_unmet(app, r, &old, d * (morning + afternoon) + i + 1, s_at,
                                 i < morning ? "morning" : "afternoon", end ? end : start, diag)) <
                    0)
                return rc;
            sf[0] = F("event_id", dj_v_int(id));
            sf[1] = F("seq", dj_v_int(d * (morning + afternoon) + i + 1));
            sf[2] = F("starts_at", dj_v_text(s_at));
            sf[3] = F("ends_at", dj_v_text(e_at));
            sf[4] = F("session", dj_v_text(i < morning ? "morning" : "afternoon"));
            if ((rc = dj_store_upsert(app->st, "event_slots", sf, 5, slot_key, NULL, diag)) < 0)
                return rc;
        }
    }
    if ((rc = drop_slots_beyond(app, r, id, days * (morning + afternoon), end ? end : start,
                                diag)) < 0)
        return rc;
    for (i = 0; i < tables; i++) {
        char label[24];
        dj_field tf[2];
        snprintf(label, sizeof label, "T%lld", (long long)i + 1);
        tf[0] = F("event_id", dj_v_int(id));
        tf[1] = F("label", dj_v_text(label));
        if ((rc = dj_store_upsert(app->st, "event_tables", tf, 2, table_key, NULL, diag)) < 0)
            return rc;
    }
    return drop_tables_beyond(app, r, id, tables, diag);
}

/* Finds the participant of event for org (named in column en). */
static int participant_id(dj_app *app, const dj_rec *r, int64_t event, const char *en, int64_t *out,
                          dj_diag *diag)
{
    int64_t org;
    dj_field w[2];
    int rc;

    if ((rc = ref_id(app, r, en, &org, diag)) < 0)
        return rc;
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("org_id", dj_v_int(org));
    rc = dj_store_find_id(app->st, "participants", w, 2, out, diag);
    if (rc == DJ_ENOTFOUND)
        return field_fail(diag, r, en, DJ_EINVAL, "'%s' is not a participant of this event",
                          dj__rec_s(r, en));
    return rc;
}

static int apply_participant(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"event_id", "org_id", NULL};
    static const char *const table_key[] = {"event_id", "label", NULL};
    int64_t event, org, booth = 0, nslots, lo, hi;
    const char *role = has(r, "role") ? dj__rec_s(r, "role") : "visitor";
    const char *un = dj__rec_s(r, "unavailable");
    int rc, n = 0, listed;
    dj_field f[8];
    dj_buf slots;

    (void)now;
    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    nslots = slot_count(app, event);
    if ((listed = slot_list(un, &lo, &hi, NULL)) < 0)
        return field_fail(diag, r, "unavailable", DJ_EINVAL,
                          "not a list of slot numbers or ranges (3;5-8): '%s'",
                          dj__rec_s(r, "unavailable"));
    if (listed && (lo < 1 || hi > nslots)) /* every listed slot must exist */
        return field_fail(diag, r, "unavailable", DJ_EINVAL,
                          "slot number out of range of the event's slots: '%s'",
                          dj__rec_s(r, "unavailable"));
    if (!strcmp(role, "exhibitor")) {
        dj_field tf[3];
        tf[0] = F("event_id", dj_v_int(event));
        tf[1] = F("label", vs(r, "org"));
        tf[2] = F("booth_org", dj_v_int(org));
        if ((rc = dj_store_upsert(app->st, "event_tables", tf, 3, table_key, &booth, diag)) < 0)
            return rc;
    }
    dj_buf_init(&slots, 0);
    slot_list(un, &lo, &hi, &slots); /* ranges written out */
    if ((rc = dj_buf_rc(&slots)) < 0) {
        dj_buf_fini(&slots);
        return rc;
    }
    f[n++] = F("event_id", dj_v_int(event));
    f[n++] = F("org_id", dj_v_int(org));
    f[n++] = F("person", dj_v_text(or_empty(dj__rec_s(r, "person"))));
    f[n++] = F("role", dj_v_text(role));
    f[n++] = F("max_meetings", vi(r, "max_meetings"));
    f[n++] = F("unavailable", dj_v_text(dj_buf_cstr(&slots)));
    f[n++] = F("table_id", id_or_null(booth));
    f[n++] = F("checked_in", has(r, "checked_in") ? vi(r, "checked_in") : dj_v_int(0));
    rc = dj_store_upsert(app->st, "participants", f, n, key, NULL, diag);
    dj_buf_fini(&slots);
    return rc;
}

static int apply_request(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"event_id", "from_id", "to_id", NULL};
    int64_t event, from, to, listing = 0;
    int rc, n = 0;
    dj_field f[7];

    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "from", &from, diag)) < 0 ||
        (rc = participant_id(app, r, event, "to", &to, diag)) < 0 ||
        (rc = ref_id(app, r, "listing", &listing, diag)) < 0)
        return rc;
    if (from == to)
        return field_fail(diag, r, "to", DJ_EINVAL, "%s", "a participant cannot request itself");
    f[n++] = F("event_id", dj_v_int(event));
    f[n++] = F("from_id", dj_v_int(from));
    f[n++] = F("to_id", dj_v_int(to));
    f[n++] = F("preference", dj_v_text(has(r, "preference") ? dj__rec_s(r, "preference") : "want"));
    f[n++] = F("status", dj_v_text(has(r, "status") ? dj__rec_s(r, "status") : "pending"));
    f[n++] = F("listing_id", id_or_null(listing));
    f[n++] = F("created_at", dj_v_text(now));
    return dj_store_upsert(app->st, "meeting_requests", f, n, key, NULL, diag);
}

static int apply_meeting(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    int64_t event, a, b, slot, table = 0, id = 0;
    dj_field w[4], f[9];
    int rc, n = 0;

    (void)now;
    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "a", &a, diag)) < 0 ||
        (rc = participant_id(app, r, event, "b", &b, diag)) < 0)
        return rc;
    if (a == b)
        return field_fail(diag, r, "b", DJ_EINVAL, "%s", "a meeting needs two participants");
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("seq", vi(r, "slot"));
    if ((rc = dj_store_find_id(app->st, "event_slots", w, 2, &slot, diag)) == DJ_ENOTFOUND)
        return field_fail(diag, r, "slot", DJ_EINVAL, "%s", "the event has no such slot");
    if (rc < 0)
        return rc;
    if (has(r, "table")) {
        w[1] = F("label", vs(r, "table"));
        if ((rc = dj_store_find_id(app->st, "event_tables", w, 2, &table, diag)) == DJ_ENOTFOUND)
            return field_fail(diag, r, "table", DJ_EINVAL, "the event has no table '%s'",
                              dj__rec_s(r, "table"));
        if (rc < 0)
            return rc;
    }
    f[n++] = F("event_id", dj_v_int(event));
    f[n++] = F("a_id", dj_v_int(a));
    f[n++] = F("b_id", dj_v_int(b));
    f[n++] = F("slot_id", dj_v_int(slot));
    f[n++] = F("table_id", id_or_null(table));
    f[n++] = F("locked", has(r, "locked") ? vi(r, "locked") : dj_v_int(0));
    f[n++] = F("status", dj_v_text(has(r, "status") ? dj__rec_s(r, "status") : "scheduled"));
    f[n++] = F("rating", vi(r, "rating"));
    /* the same pair in the same slot is the same meeting */
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("a_id", dj_v_int(a));
    w[2] = F("b_id", dj_v_int(b));
    w[3] = F("slot_id", dj_v_int(slot));
    rc = dj_store_find_id(app->st, "meetings", w, 4, &id, diag);
    if (rc == DJ_OK)
        return dj_store_update(app->st, "meetings", id, f + 4, n - 4, diag);
    if (rc != DJ_ENOTFOUND)
        return rc;
    return dj_store_upsert(app->st, "meetings", f, n, NULL, NULL, diag);
}

static int apply_project(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    static const char *const dates[] = {"planned_start", "planned_production", "signed_on",
                                        "started_on", "producing_on"};
    int64_t investor, park, event;
    int rc, n = 0, i;
    dj_field f[24];

    if ((rc = ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = ref_id(app, r, "park", &park, diag)) < 0 ||
        (rc = ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (has(r, "total_investment") && has(r, "completed_investment") &&
        dj__rec_cell(r, "completed_investment")->i > dj__rec_cell(r, "total_investment")->i)
        return field_fail(diag, r, "completed_investment", DJ_EINVAL, "%s",
                          "已完成投资 exceeds 总投资");
    if (dj__rec_s(r, "started_on") && dj__rec_s(r, "signed_on") &&
        strcmp(dj__rec_s(r, "started_on"), dj__rec_s(r, "signed_on")) < 0)
        return field_fail(diag, r, "started_on", DJ_EINVAL, "%s", "开工日期 is before 签约日期");
    f[n++] = F("code", vs(r, "code"));
    f[n++] = F("name", vs(r, "name"));
    f[n++] = F("investor_id", id_or_null(investor));
    f[n++] = F("park_id", dj_v_int(park));
    f[n++] = F("industry", vs(r, "industry"));
    f[n++] = F("stage", vs(r, "stage"));
    f[n++] = F("total_investment", vi(r, "total_investment"));
    f[n++] = F("completed_investment",
               has(r, "completed_investment") ? vi(r, "completed_investment") : dj_v_int(0));
    f[n++] = F("land_mu", vi(r, "land_mu"));
    f[n++] = F("floor_area", vi(r, "floor_area"));
    f[n++] = F("jobs", vi(r, "jobs"));
    f[n++] = F("annual_output", vi(r, "annual_output"));
    f[n++] = F("capacity", dj_v_text(or_empty(dj__rec_s(r, "capacity"))));
    for (i = 0; i < 5; i++)
        f[n++] = F(dates[i], vs(r, dates[i]));
    f[n++] = F("event_id", id_or_null(event));
    f[n++] = F("description", dj_v_text(or_empty(dj__rec_s(r, "description"))));
    f[n++] = F("created_at", dj_v_text(now));
    f[n++] = F("updated_at", dj_v_text(now));
    return dj_store_upsert(app->st, "projects", f, n, key, NULL, diag);
}

static int apply_update(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    int64_t project, investor, event, dup;
    const char *kind = dj__rec_s(r, "kind"), *date = dj__rec_s(r, "date");
    const char *stage = dj__rec_s(r, "stage");
    dj_field f[9], w[5];
    int rc, n = 0;

    if ((rc = ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (!strcmp(kind, "stage") && !stage)
        return field_fail(diag, r, "stage", DJ_EINVAL, "%s", "a stage update needs 阶段");
    if ((!strcmp(kind, "progress") || !strcmp(kind, "increase")) && !has(r, "amount"))
        return field_fail(diag, r, "amount", DJ_EINVAL, "%s", "this update needs 金额");
    if (!strcmp(kind, "investor") && !investor)
        return field_fail(diag, r, "investor", DJ_EINVAL, "%s", "this update needs 投资方");
    /* an identical update already applied is skipped (safe re-import) */
    w[0] = F("project_id", dj_v_int(project));
    w[1] = F("on_date", dj_v_text(date));
    w[2] = F("kind", dj_v_text(kind));
    w[3] = F("stage", dj_v_text(stage));
    w[4] = F("amount", vi(r, "amount"));
    rc = dj_store_find_id(app->st, "project_updates", w, 5, &dup, diag);
    if (rc == DJ_OK)
        return DJ_OK;
    if (rc != DJ_ENOTFOUND && rc != DJ_ECONSTRAINT)
        return rc;
    f[n++] = F("project_id", dj_v_int(project));
    f[n++] = F("on_date", dj_v_text(date));
    f[n++] = F("kind", dj_v_text(kind));
    f[n++] = F("stage", dj_v_text(stage));
    f[n++] = F("amount", vi(r, "amount"));
    f[n++] = F("investor_id", id_or_null(investor));
    f[n++] = F("event_id", id_or_null(event));
    f[n++] = F("note", dj_v_text(or_empty(dj__rec_s(r, "note"))));
    f[n++] = F("created_at", dj_v_text(now));
    return dj_store_upsert(app->st, "project_updates", f, n, NULL, NULL, diag);
}

static int add_party(dj_app *app, int64_t deal, int64_t org, const char *role, dj_diag *diag)
{
    static const char *const key[] = {"deal_id", "org_id", NULL};
    dj_field f[3];
    f[0] = F("deal_id", dj_v_int(deal));
    f[1] = F("org_id", dj_v_int(org));
    f[2] = F("role", dj_v_text(role));
    return dj_store_upsert(app->st, "deal_parties", f, 3, key, NULL, diag);
}

/* Calls fn for each ';'-separated item of a list cell. */
static int each_item(const char *list, int (*fn)(const char *item, size_t len, void *ctx),
                     void *ctx)
{
    int rc;
    while (list && *list) {
        size_t k = strcspn(list, ";");
        if ((rc = fn(list, k, ctx)) < 0)
            return rc;
        list += k + (list[k] == ';');
    }
    return DJ_OK;
}

struct item_ctx {
    dj_app *app;
    const dj_rec *r;
    const char *col, *table, *key;
    int64_t deal;
    dj_diag *diag;
};

static int resolve_item(const char *item, size_t len, void *vctx)
{
    struct item_ctx *c = vctx;
    dj_field w = F(c->key, dj_v_textn(item, len));
    int64_t id;
    int rc = dj_store_find_id(c->app->st, c->table, &w, 1, &id, c->diag);

    if (rc == DJ_ENOTFOUND) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)len, item);
        return field_fail(
            c->diag, c->r, c->col, DJ_EINVAL,
            !strcmp(c->table, "orgs") ? "unknown organisation '%s'" : "unknown listing '%s'", name);
    }
    if (rc < 0 || !c->deal)
        return rc;
    return add_party(c->app, c->deal, id, "party", c->diag);
}

static int apply_deal(dj_app *app, const dj_rec *r, char *now, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    int64_t event, project, a, b, id;
    struct item_ctx ic = {app, r, "listings", "listings", "code", 0, diag};
    dj_field f[9], w;
    int rc, n = 0;

    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = ref_id(app, r, "party_a", &a, diag)) < 0 ||
        (rc = ref_id(app, r, "party_b", &b, diag)) < 0)
        return rc;
    if ((rc = each_item(dj__rec_s(r, "listings"), resolve_item, &ic)) < 0)
        return rc;
    f[n++] = F("code", vs(r, "code"));
    f[n++] = F("type", vs(r, "type"));
    f[n++] = F("title", vs(r, "title"));
    f[n++] = F("amount", vi(r, "amount"));
    f[n++] = F("signed_on", vs(r, "signed_on"));
    f[n++] = F("event_id", id_or_null(event));
    f[n++] = F("project_id", id_or_null(project));
    f[n++] = F("listings", dj_v_text(or_empty(dj__rec_s(r, "listings"))));
    f[n++] = F("created_at", dj_v_text(now));
    if ((rc = dj_store_upsert(app->st, "deals", f, n, key, &id, diag)) < 0)
        return rc;
    w = F("deal_id", dj_v_int(id)); /* parties are replaced as a whole */
    if ((rc = dj_store_delete(app->st, "deal_parties", &w, 1, NULL, diag)) < 0)
        return rc;
    if (a && (rc = add_party(app, id, a, "a", diag)) < 0)
        return rc;
    if (b && b != a && (rc = add_party(app, id, b, "b", diag)) < 0)
        return rc;
    ic.col = "parties";
    ic.table = "orgs";
    ic.key = "name";
    ic.deal = id;
    return each_item(dj__rec_s(r, "parties"), resolve_item, &ic);
}

int dj__apply(dj_app *app, const dj_rec *r, dj_diag *diag)
{
    static const struct {
        const char *type;
        int (*fn)(dj_app *, const dj_rec *, char *, dj_diag *);
    } table[] = {
        {"orgs", apply_org},         {"listings", apply_listing},
        {"events", apply_event},     {"participants", apply_participant},
        {"requests", apply_request}, {"meetings", apply_meeting},
        {"projects", apply_project}, {"project_updates", apply_update},
        {"deals", apply_deal},
    };
    char now[32];
    size_t i;

    dj_store_now(now);
    for (i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].type, r->type->name))
            return table[i].fn(app, r, now, diag);
    return dj_diag_set(diag, DJ_EINVAL, "no importer for %s", r->type->name);
}
