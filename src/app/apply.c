/* apply.c - writes one validated import row to the store, per record type.
 *
 * References are resolved by natural key (org name, event/project/listing
 * code) against what is already in the transaction, so a file may refer to
 * records an earlier file of the same import created. Rows with a natural
 * key are upserts; project updates are applied to their project once (an
 * identical update already present is skipped, so re-importing is safe). */
#include "app/event_slots.h"
#include "app/projects_int.h"

#include "util/array.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

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

/* 1 when the row's file (or put) has a column en, even an empty cell. */
static int given(const dj_rec *r, const char *en)
{
    int i;
    for (i = 0; i < r->type->ncols; i++)
        if (!strcmp(r->type->cols[i].en, en))
            return (r->given >> i) & 1;
    return 0;
}

int dj__app_resolve_ref(dj_app *app, const dj_column *c, const char *key, int64_t *id, char *why,
                        size_t whysz, dj_diag *diag)
{
    const char *what = !strcmp(c->ref, "orgs")       ? "organisation"
                       : !strcmp(c->ref, "events")   ? "event"
                       : !strcmp(c->ref, "projects") ? "project"
                                                     : "listing";
    int park = !strcmp(c->ref, "orgs") && !strcmp(c->en, "park");
    dj_field w[2] = {F(strcmp(c->ref, "orgs") ? "code" : "name", dj_v_text(key)),
                     F("kind", dj_v_text("park"))};
    int rc = dj_store_find_id(app->st, c->ref, w, 1 + park, id, diag);

    if (rc == DJ_ENOTFOUND && park && dj_store_find_id(app->st, "orgs", w, 1, id, diag) == DJ_OK) {
        *id = 0;
        snprintf(why, whysz, "'%s' is not a park (an organisation of 类型 园区)", key);
    } else if (rc == DJ_ENOTFOUND) {
        snprintf(why, whysz, "unknown %s '%s'", what, key);
    }
    return rc;
}

/* Resolves a reference cell to an id: table/key column by type. Missing
 * optional references give 0. */
static int ref_id(dj_app *app, const dj_rec *r, const char *en, int64_t *id, dj_diag *diag)
{
    const char *key = dj__rec_s(r, en);
    const dj_column *col = NULL;
    char why[300];
    int i, rc;

    *id = 0;
    if (!key)
        return DJ_OK;
    for (i = 0; i < r->type->ncols; i++)
        if (strcmp(r->type->cols[i].en, en) == 0)
            col = &r->type->cols[i];
    if (!col || !col->ref) /* callers name a reference column of the type */
        return dj_diag_set(diag, DJ_EINVAL, "internal: %s is no reference column", en);
    rc = dj__app_resolve_ref(app, col, key, id, why, sizeof why, diag);
    if (rc == DJ_ENOTFOUND)
        return dj__rec_fail(diag, r, en, DJ_EINVAL, "%s", why);
    return rc;
}

static dj_value id_or_null(int64_t id)
{
    return id ? dj_v_int(id) : dj_v_null();
}

/* The row's value of column en must be able to stand in a list cell
 * (dj__app_list_item_why); what names it in the message. */
static int check_list_item(const dj_rec *r, const char *en, const char *what, dj_diag *diag)
{
    const char *why = dj__app_list_item_why(dj__rec_s(r, en));
    char msg[200];
    if (!why)
        return DJ_OK;
    snprintf(msg, sizeof msg, "%s %s", what, why);
    return dj__rec_fail(diag, r, en, DJ_EINVAL, "%s", msg);
}

typedef struct org_row {
    int64_t park;
    int is_park;
    char name[256];
} org_row;

static int org_row_cb(const dj_row *row, void *ctx)
{
    org_row *o = ctx;
    const char *kind = dj_row_text(row, "kind"), *name = dj_row_text(row, "name");
    o->park = dj_row_int(row, "park_id", 0);
    o->is_park = kind && !strcmp(kind, "park");
    snprintf(o->name, sizeof o->name, "%s", name ? name : "");
    return 0;
}

static int read_org(dj_app *app, int64_t id, org_row *o, dj_diag *diag)
{
    dj_field w = F("id", dj_v_int(id));
    memset(o, 0, sizeof *o);
    return dj_store_each(app->st, "orgs", &w, 1, NULL, 1, 0, org_row_cb, o, diag);
}

int dj__app_check_org(dj_app *app, int64_t id, const char **col, char *why, size_t whysz,
                      dj_diag *diag)
{
    dj_field w = F("park_id", dj_v_int(id));
    int64_t members = 0, projects = 0, p;
    org_row self, up;
    int rc, steps;

    if ((rc = read_org(app, id, &self, diag)) < 0)
        return rc;
    for (p = self.park, steps = 0; p && steps < 64; p = up.park, steps++) {
        if (p == id) {
            *col = "park";
            snprintf(why, whysz,
                     "'%s' would lie inside itself (a chain of 所属园区 leads back to it)",
                     self.name);
            return DJ_EINVAL;
        }
        if ((rc = read_org(app, p, &up, diag)) < 0)
            return rc;
    }
    if (self.is_park)
        return DJ_OK;
    if ((rc = dj_store_count(app->st, "orgs", &w, 1, &members, diag)) < 0 ||
        (rc = dj_store_count(app->st, "projects", &w, 1, &projects, diag)) < 0)
        return rc;
    if (members || projects) {
        *col = "kind";
        snprintf(why, whysz,
                 "'%s' is the park of %lld organisations and %lld projects; it must stay a park",
                 self.name, (long long)members, (long long)projects);
        return DJ_EINVAL;
    }
    return DJ_OK;
}

/* Copies a row's name into ctx (char[256]). */
static int name_cb(const dj_row *row, void *ctx)
{
    snprintf(ctx, 256, "%s", dj_row_text(row, "name") ? dj_row_text(row, "name") : "");
    return 0;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

typedef struct first_unseen {
    const dj_import_seen *seen;
    int64_t id; /* the first stored matching row not seen yet, or 0 */
} first_unseen;

static int first_unseen_cb(const dj_row *row, void *ctx)
{
    first_unseen *s = ctx;
    int64_t id = dj_row_int(row, "id", 0);
    size_t i;
    if (s->id || id > s->seen->floor)
        return 0;
    for (i = 0; i < s->seen->n; i++)
        if (s->seen->ids[i] == id)
            return 0;
    s->id = id;
    return 0;
}

/* The first row of table where every condition of w holds that the running
 * import has not matched yet (then it has), or 0 in *id. */
static int match_unseen(dj_app *app, dj_import_seen *seen, const char *table, const dj_field *w,
                        int nw, int64_t *id, dj_diag *diag)
{
    first_unseen m = {seen, 0};
    int rc = dj_store_each(app->st, table, w, nw, NULL, 0, 0, first_unseen_cb, &m, diag);

    if (rc < 0)
        return rc;
    if (m.id && seen->active) {
        DJ_ARRAY_GROW(rc, seen->ids, seen->cap, seen->n);
        if (rc < 0)
            return rc;
        seen->ids[seen->n++] = m.id;
    }
    *id = m.id;
    return DJ_OK;
}

/* Updates stored row id of table with the fields f[0..n) whose source
 * column src[i] the row's file has (src[i] NULL: always; "": never, as
 * created_at): a file of fewer columns changes those and keeps the rest
 * (a file of 编号,机构,供需,类别,标题,内容 does not clear 关键词 or reopen a
 * closed listing). An empty cell of a column the file has still clears it. */
static int update_given(dj_app *app, const dj_rec *r, const char *table, int64_t id, dj_field *f,
                        const char *const *src, int n, dj_diag *diag)
{
    int i, kept = 0;
    for (i = 0; i < n; i++)
        if (!src[i] || given(r, src[i]))
            f[kept++] = f[i];
    return dj_store_update(app->st, table, id, f, kept, diag);
}

/* Writes a row keyed by key (its first fields f[0..], one per key column;
 * NULL key: always a new row): an insert of every field, or update_given of
 * the stored row. */
static int write_row(dj_app *app, const dj_rec *r, const char *table, dj_field *f,
                     const char *const *src, int n, const char *const *key, int64_t *written,
                     dj_diag *diag)
{
    int64_t id = 0;
    int nkey = 0, rc;

    while (key && key[nkey])
        nkey++;
    rc = key ? dj_store_find_id(app->st, table, f, nkey, &id, diag) : DJ_ENOTFOUND;

    if (rc == DJ_ENOTFOUND)
        return dj_store_upsert(app->st, table, f, n, key, written, diag);
    if (rc < 0)
        return rc;
    if (written)
        *written = id;
    return update_given(app, r, table, id, f, src, n, diag);
}

static int apply_org(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"name", NULL};
    int64_t park = 0, id = 0;
    int rc, n = 0;
    const char *col = NULL;
    char why[400];
    const char *src[10];
    dj_field f[10];

    if ((rc = ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    if ((rc = check_list_item(r, "name", "a name", diag)) < 0)
        return rc;
    if (dj__rec_s(r, "uscc")) { /* one organisation per 统一社会信用代码: say whose it is */
        dj_field w = F("uscc", vs(r, "uscc"));
        char owner[256] = "";
        if ((rc = dj_store_each(app->st, "orgs", &w, 1, NULL, 1, 0, name_cb, owner, diag)) < 0)
            return rc;
        if (owner[0] && strcmp(owner, dj__rec_s(r, "name"))) {
            char msg[400];
            snprintf(msg, sizeof msg, "%s already belongs to '%s'", dj__rec_s(r, "uscc"), owner);
            return dj__rec_fail(diag, r, "uscc", DJ_EINVAL, "%s", msg);
        }
    }
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("name", NULL, vs(r, "name"));
    PUT("kind", NULL, vs(r, "kind"));
    PUT("uscc", "uscc", vs(r, "uscc"));
    PUT("region", NULL, vs(r, "region"));
    PUT("industry", "industry", vs(r, "industry"));
    PUT("park_id", "park", id_or_null(park));
    PUT("description", "description", dj_v_text(or_empty(dj__rec_s(r, "description"))));
    PUT("contact", "contact", dj_v_text(or_empty(dj__rec_s(r, "contact"))));
    PUT("created_at", "", dj_v_text(now));
    PUT("updated_at", NULL, dj_v_text(now));
#undef PUT
    if ((rc = write_row(app, r, "orgs", f, src, n, key, &id, diag)) < 0)
        return rc;
    if (written)
        *written = id;
    if ((rc = dj__app_check_org(app, id, &col, why, sizeof why, diag)) == DJ_EINVAL)
        return dj__rec_fail(diag, r, col, DJ_EINVAL, "%s", why);
    return rc;
}

static int apply_listing(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    int64_t org = 0;
    int rc, n = 0;
    const char *src[17];
    dj_field f[17];

    if ((rc = ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    if ((rc = check_list_item(r, "code", "a code", diag)) < 0)
        return rc;
    if (has(r, "price_min") && has(r, "price_max") &&
        dj__rec_cell(r, "price_min")->i > dj__rec_cell(r, "price_max")->i)
        return dj__rec_fail(diag, r, "price_max", DJ_EINVAL, "%s",
                            "价格上限 is below 价格下限 (price_max < price_min)");
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("code", NULL, vs(r, "code"));
    PUT("org_id", NULL, dj_v_int(org));
    PUT("side", NULL, vs(r, "side"));
    PUT("kind", NULL, vs(r, "kind"));
    PUT("title", NULL, vs(r, "title"));
    PUT("body", "body", dj_v_text(or_empty(dj__rec_s(r, "body"))));
    PUT("keywords", "keywords", dj_v_text(or_empty(dj__rec_s(r, "keywords"))));
    PUT("industry", "industry", vs(r, "industry"));
    PUT("tags", "tags", dj_v_text(or_empty(dj__rec_s(r, "tags"))));
    PUT("trl", "trl", vi(r, "trl"));
    PUT("modes", "modes", has(r, "modes") ? vi(r, "modes") : dj_v_int(0));
    PUT("price_min", "price_min", vi(r, "price_min"));
    PUT("price_max", "price_max", vi(r, "price_max"));
    PUT("region", "region", vs(r, "region"));
    PUT("status", "status", dj_v_text(has(r, "status") ? dj__rec_s(r, "status") : "published"));
    PUT("created_at", "", dj_v_text(now));
    PUT("updated_at", NULL, dj_v_text(now));
#undef PUT
    if (!has(r, "code") && app->seen_listings.active) {
        /* no 编号: an import finds the listing by organisation, side and
         * title, so a file without codes can be imported again; f[1..3] are
         * org_id, side, kind, f[4] the title */
        dj_field w[3] = {f[1], f[2], f[4]};
        int64_t id = 0;
        if ((rc = match_unseen(app, &app->seen_listings, "listings", w, 3, &id, diag)) < 0)
            return rc;
        if (id) {
            if (written)
                *written = id;
            return update_given(app, r, "listings", id, f + 1, src + 1, n - 1, diag);
        }
    }
    return write_row(app, r, "listings", f, src, n, has(r, "code") ? key : NULL, written, diag);
}

static int apply_event(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    dj__event_slots sl;
    int64_t park = 0, id = 0, tables;
    int rc, n = 0;
    dj_field f[11];

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    sl.start = dj__rec_s(r, "start_date");
    sl.end = dj__rec_s(r, "end_date");
    sl.morning = has(r, "morning_slots") ? dj__rec_cell(r, "morning_slots")->i : 0;
    sl.afternoon = has(r, "afternoon_slots") ? dj__rec_cell(r, "afternoon_slots")->i : 0;
    sl.minutes = has(r, "slot_minutes") ? dj__rec_cell(r, "slot_minutes")->i : 20;
    tables = has(r, "tables") ? dj__rec_cell(r, "tables")->i : 0;
    if ((rc = dj__event_slots_check(&sl, r, diag)) < 0)
        return rc;
    f[n++] = F("code", vs(r, "code"));
    f[n++] = F("name", vs(r, "name"));
    f[n++] = F("kind", dj_v_text(has(r, "kind") ? dj__rec_s(r, "kind") : "brokerage"));
    f[n++] = F("park_id", id_or_null(park));
    f[n++] = F("venue", dj_v_text(or_empty(dj__rec_s(r, "venue"))));
    f[n++] = F("start_date", dj_v_text(sl.start));
    f[n++] = F("end_date", dj_v_text(sl.end ? sl.end : sl.start));
    f[n++] = F("slot_minutes", dj_v_int(sl.minutes));
    f[n++] = F("description", dj_v_text(or_empty(dj__rec_s(r, "description"))));
    f[n++] = F("created_at", dj_v_text(now));
    if ((rc = dj_store_upsert(app->st, "events", f, n, key, &id, diag)) < 0 ||
        (rc = dj__event_slots_write(app, r, id, &sl, diag)) < 0)
        return rc;
    return dj__event_tables_write(app, r, id, tables, diag);
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
        return dj__rec_fail(diag, r, en, DJ_EINVAL, "'%s' is not a participant of this event",
                            dj__rec_s(r, en));
    return rc;
}

static int apply_participant(dj_app *app, const dj_rec *r, char *now, int64_t *written,
                             dj_diag *diag)
{
    static const char *const key[] = {"event_id", "org_id", NULL};
    static const char *const table_key[] = {"event_id", "label", NULL};
    int64_t event, org, booth = 0, nslots, lo, hi, stored = 0;
    const char *role = has(r, "role") ? dj__rec_s(r, "role") : "visitor";
    const char *un = dj__rec_s(r, "unavailable");
    const char *src[8];
    int rc, n = 0, listed, keep_role;
    dj_field f[8];
    dj_buf slots;

    (void)written; /* only orgs and listings report the id they wrote */

    (void)now;
    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    f[0] = F("event_id", dj_v_int(event));
    f[1] = F("org_id", dj_v_int(org));
    if ((rc = dj_store_find_id(app->st, "participants", f, 2, &stored, diag)) < 0 &&
        rc != DJ_ENOTFOUND)
        return rc;
    /* a stored participant keeps its role and booth when the file has no
     * 角色 (a check-in file of 活动,机构,签到) */
    keep_role = stored && !given(r, "role");
    nslots = dj__event_slot_count(app, event);
    if ((listed = dj__slot_list(un, &lo, &hi, NULL)) < 0)
        return dj__rec_fail(diag, r, "unavailable", DJ_EINVAL,
                            "not a list of slot numbers or ranges (3;5-8): '%s'",
                            dj__rec_s(r, "unavailable"));
    if (listed && (lo < 1 || hi > nslots)) /* every listed slot must exist */
        return dj__rec_fail(diag, r, "unavailable", DJ_EINVAL,
                            "slot number out of range of the event's slots: '%s'",
                            dj__rec_s(r, "unavailable"));
    if (!keep_role &&
        (rc = dj__event_booth_check(app, r, event, org, !strcmp(role, "exhibitor"), diag)) < 0)
        return rc;
    if (!keep_role && !strcmp(role, "exhibitor")) {
        dj_field tf[3];
        tf[0] = F("event_id", dj_v_int(event));
        tf[1] = F("label", vs(r, "org"));
        tf[2] = F("booth_org", dj_v_int(org));
        if ((rc = dj_store_upsert(app->st, "event_tables", tf, 3, table_key, &booth, diag)) < 0)
            return rc;
    }
    dj_buf_init(&slots, 0);
    dj__slot_list(un, &lo, &hi, &slots); /* ranges written out */
    if ((rc = dj_buf_rc(&slots)) < 0) {
        dj_buf_fini(&slots);
        return rc;
    }
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("event_id", NULL, dj_v_int(event));
    PUT("org_id", NULL, dj_v_int(org));
    PUT("person", "person", dj_v_text(or_empty(dj__rec_s(r, "person"))));
    PUT("role", "role", dj_v_text(role));
    PUT("max_meetings", "max_meetings", vi(r, "max_meetings"));
    PUT("unavailable", "unavailable", dj_v_text(dj_buf_cstr(&slots)));
    PUT("table_id", "role", id_or_null(booth)); /* the booth comes with the role */
    PUT("checked_in", "checked_in", has(r, "checked_in") ? vi(r, "checked_in") : dj_v_int(0));
#undef PUT
    /* stored was looked up above: insert, or update the columns the file has */
    rc = stored ? update_given(app, r, "participants", stored, f, src, n, diag)
                : dj_store_upsert(app->st, "participants", f, n, key, NULL, diag);
    dj_buf_fini(&slots);
    return rc;
}

/* The 场次 and 指定时段 of the stored request a row updates (dj_store_each
 * callback). */
typedef struct stored_slot {
    char session[16];
    int64_t slot; /* 0 = none */
    int found;
} stored_slot;

static int stored_slot_cb(const dj_row *row, void *ctx)
{
    stored_slot *ss = ctx;
    snprintf(ss->session, sizeof ss->session, "%s", dj_row_text(row, "session"));
    ss->slot = dj_row_int(row, "slot", 0);
    ss->found = 1;
    return 0;
}

/* A request's 指定时段 names a slot the event has, its 场次 a session the
 * event has slots in, and the two agree: the slot lies inside the session.
 * The two may come one from the row and one from the stored request it
 * updates (a file with 指定时段 but no 场次 keeps the stored 场次), so they
 * are checked as the request will be once written. */
static int check_request_slot(dj_app *app, const dj_rec *r, int64_t event, int64_t from, int64_t to,
                              dj_diag *diag)
{
    stored_slot ss = {{0}, 0, 0};
    const char *session = has(r, "session") ? dj__rec_s(r, "session") : NULL;
    dj_value slot = has(r, "slot") ? vi(r, "slot") : dj_v_null();
    dj_field w[3] = {F("event_id", dj_v_int(event)), F("seq", slot), F("session", dj_v_null())};
    dj_field key[3] = {F("event_id", dj_v_int(event)), F("from_id", dj_v_int(from)),
                       F("to_id", dj_v_int(to))};
    const char *blame = "slot", *whose = "the row's";
    char why[200];
    int64_t n = 0;
    int rc;

    if (has(r, "slot")) {
        if ((rc = dj_store_count(app->st, "event_slots", w, 2, &n, diag)) < 0)
            return rc;
        if (!n)
            return dj__rec_fail(diag, r, "slot", DJ_EINVAL, "%s", "the event has no such slot");
    }
    if (has(r, "session")) {
        w[1] = F("session", dj_v_text(session));
        if ((rc = dj_store_count(app->st, "event_slots", w, 2, &n, diag)) < 0)
            return rc;
        if (!n) {
            snprintf(why, sizeof why, "the event has no %s slots",
                     dj_enum_zh(&dj_enum_session, session));
            return dj__rec_fail(diag, r, "session", DJ_EINVAL, "%s", why);
        }
    }
    if (given(r, "slot") != given(r, "session")) { /* the other one is the stored request's */
        if ((rc = dj_store_each(app->st, "meeting_requests", key, 3, NULL, 1, 0, stored_slot_cb,
                                &ss, diag)) < 0)
            return rc;
        if (!given(r, "session") && ss.found && ss.session[0]) {
            session = ss.session;
            whose = "the stored";
        } else if (!given(r, "slot") && ss.found && ss.slot) {
            slot = dj_v_int(ss.slot);
            blame = "session";
            whose = "";
        }
    }
    if (slot.type == DJ_V_NULL || !session)
        return DJ_OK;
    w[1] = F("seq", slot);
    w[2] = F("session", dj_v_text(session));
    if ((rc = dj_store_count(app->st, "event_slots", w, 3, &n, diag)) < 0)
        return rc;
    if (n)
        return DJ_OK;
    if (!*whose) /* the row's 场次, the stored 指定时段 */
        snprintf(why, sizeof why,
                 "the stored 指定时段 %lld of this request is not in the row's 场次 (%s); give "
                 "指定时段 in the file too",
                 (long long)slot.i, dj_enum_zh(&dj_enum_session, session));
    else
        snprintf(why, sizeof why, "slot %lld is not in %s 场次 (%s)%s", (long long)slot.i, whose,
                 dj_enum_zh(&dj_enum_session, session),
                 strcmp(whose, "the stored") ? "" : " of this request; give 场次 in the file too");
    return dj__rec_fail(diag, r, blame, DJ_EINVAL, "%s", why);
}

static int apply_request(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"event_id", "from_id", "to_id", NULL};
    int64_t event, from, to, listing = 0, before = 0;
    int rc, n = 0;
    const char *src[10];
    dj_field f[10];

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "from", &from, diag)) < 0 ||
        (rc = participant_id(app, r, event, "to", &to, diag)) < 0 ||
        (rc = ref_id(app, r, "listing", &listing, diag)) < 0)
        return rc;
    if (from == to)
        return dj__rec_fail(diag, r, "to", DJ_EINVAL, "%s", "a participant cannot request itself");
    if (has(r, "before") && (rc = participant_id(app, r, event, "before", &before, diag)) < 0)
        return rc;
    if (before && (before == from || before == to))
        return dj__rec_fail(diag, r, "before", DJ_EINVAL, "%s",
                            "先于 names a third participant (the requester's later meeting), not "
                            "one of this pair");
    if ((rc = check_request_slot(app, r, event, from, to, diag)) < 0)
        return rc;
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("event_id", NULL, dj_v_int(event));
    PUT("from_id", NULL, dj_v_int(from));
    PUT("to_id", NULL, dj_v_int(to));
    PUT("preference", "preference",
        dj_v_text(has(r, "preference") ? dj__rec_s(r, "preference") : "want"));
    PUT("status", "status", dj_v_text(has(r, "status") ? dj__rec_s(r, "status") : "pending"));
    PUT("listing_id", "listing", id_or_null(listing));
    PUT("session", "session", has(r, "session") ? dj_v_text(dj__rec_s(r, "session")) : dj_v_null());
    PUT("slot", "slot", has(r, "slot") ? vi(r, "slot") : dj_v_null());
    PUT("before_id", "before", id_or_null(before));
    PUT("created_at", "", dj_v_text(now));
#undef PUT
    return write_row(app, r, "meeting_requests", f, src, n, key, NULL, diag);
}

/* The first other live meeting of a slot that would put one of the parties,
 * or the table, in two meetings at once (dj_store_each callback). */
typedef struct clash {
    int64_t self, a, b, table; /* self: the row being updated, 0 = new */
    int64_t with;              /* the meeting found, 0 = none */
    const char *col;           /* "a", "b" or "table" */
} clash;

static int clash_cb(const dj_row *row, void *ctx)
{
    clash *c = ctx;
    int64_t id = dj_row_int(row, "id", 0), ma = dj_row_int(row, "a_id", 0),
            mb = dj_row_int(row, "b_id", 0), table = dj_row_int(row, "table_id", 0);
    const char *status = dj_row_text(row, "status");

    if (c->with || id == c->self || (status && !strcmp(status, "cancelled")))
        return 0;
    c->col = ma == c->a || mb == c->a             ? "a"
             : ma == c->b || mb == c->b           ? "b"
             : c->table != 0 && table == c->table ? "table"
                                                  : NULL;
    if (c->col)
        c->with = id;
    return 0;
}

/* The meetings of one pair in one slot: the first live and the first
 * cancelled one (0 = none). */
typedef struct same_meeting {
    int64_t live, cancelled;
} same_meeting;

static int same_meeting_cb(const dj_row *row, void *ctx)
{
    same_meeting *sm = ctx;
    int64_t *at = strcmp(dj_row_text(row, "status"), "cancelled") ? &sm->live : &sm->cancelled;
    if (!*at)
        *at = dj_row_int(row, "id", 0);
    return 0;
}

/* The meeting a row's 编号 names, when it is a meeting of this event and
 * this pair (dj_store_each callback); an export's ids read into another
 * database name other meetings or none, and then the pair and slot decide. */
typedef struct by_id {
    int64_t event, a, b, id;
    int cancelled; /* the meeting found is cancelled */
} by_id;

static int by_id_cb(const dj_row *row, void *ctx)
{
    by_id *q = ctx;
    int64_t ma = dj_row_int(row, "a_id", 0), mb = dj_row_int(row, "b_id", 0);
    if (dj_row_int(row, "event_id", 0) == q->event &&
        ((ma == q->a && mb == q->b) || (ma == q->b && mb == q->a))) {
        q->id = dj_row_int(row, "id", 0);
        q->cancelled = !strcmp(dj_row_text(row, "status"), "cancelled");
    }
    return 0;
}

static int apply_meeting(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    same_meeting same = {0, 0};
    int64_t event, a, b, slot, table = 0, id = 0;
    const char *status = has(r, "status") ? dj__rec_s(r, "status") : "scheduled";
    dj_field w[4], f[9];
    int rc, n = 0, was_cancelled;

    (void)written; /* only orgs and listings report the id they wrote */

    (void)now;
    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "a", &a, diag)) < 0 ||
        (rc = participant_id(app, r, event, "b", &b, diag)) < 0)
        return rc;
    if (a == b)
        return dj__rec_fail(diag, r, "b", DJ_EINVAL, "%s", "a meeting needs two participants");
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("seq", vi(r, "slot"));
    if ((rc = dj_store_find_id(app->st, "event_slots", w, 2, &slot, diag)) == DJ_ENOTFOUND)
        return dj__rec_fail(diag, r, "slot", DJ_EINVAL, "%s", "the event has no such slot");
    if (rc < 0)
        return rc;
    if (has(r, "table")) {
        w[1] = F("label", vs(r, "table"));
        if ((rc = dj_store_find_id(app->st, "event_tables", w, 2, &table, diag)) == DJ_ENOTFOUND)
            return dj__rec_fail(diag, r, "table", DJ_EINVAL, "the event has no table '%s'",
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
    f[n++] = F("status", dj_v_text(status));
    f[n++] = F("rating", vi(r, "rating"));
    /* the same pair in the same slot, either way round, is the same meeting;
     * beside a cancelled one a re-plan may have written a live one: that is
     * the meeting a row updates */
    w[0] = F("event_id", dj_v_int(event));
    w[3] = F("slot_id", dj_v_int(slot));
    for (int way = 0; way < 2; way++) {
        w[1] = F("a_id", dj_v_int(way ? b : a));
        w[2] = F("b_id", dj_v_int(way ? a : b));
        if ((rc = dj_store_each(app->st, "meetings", w, 4, NULL, 0, 0, same_meeting_cb, &same,
                                diag)) < 0)
            return rc;
    }
    id = same.live ? same.live : same.cancelled;
    was_cancelled = !same.live && same.cancelled;
    if (has(r, "id")) { /* an exported row: exactly its meeting (a pair may have a live and
                           a cancelled one in a slot) */
        by_id q = {event, a, b, 0, 0};
        dj_field wid = F("id", vi(r, "id"));
        if ((rc = dj_store_each(app->st, "meetings", &wid, 1, NULL, 0, 0, by_id_cb, &q, diag)) < 0)
            return rc;
        if (q.id) {
            id = q.id;
            was_cancelled = q.cancelled;
        }
    }
    if (id && !has(r, "status") && was_cancelled) /* the row keeps the status it does not name */
        status = "cancelled";
    if (strcmp(status, "cancelled") != 0) { /* a live meeting: nobody is there twice */
        clash c = {id, a, b, table, 0, NULL};
        w[1] = F("slot_id", dj_v_int(slot));
        if ((rc = dj_store_each(app->st, "meetings", w, 2, NULL, 0, 0, clash_cb, &c, diag)) < 0)
            return rc;
        if (c.with) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s '%s' already has meeting #%lld in slot %lld",
                     strcmp(c.col, "table") ? "participant" : "table", dj__rec_s(r, c.col),
                     (long long)c.with, (long long)dj__rec_cell(r, "slot")->i);
            return dj__rec_fail(diag, r, c.col, DJ_EINVAL, "%s", msg);
        }
    }
    if (id) { /* the slot, and what the row names: a file of 活动,甲方,乙方,时段,锁定 locks
                 and changes nothing else (it cleared the table, rating and held status) */
        static const char *const named[] = {"table", "locked", "status", "rating"}; /* f[4..] */
        dj_field u[5];
        int nu = 0;
        u[nu++] = f[3];
        for (int i = 4; i < n; i++)
            if (has(r, named[i - 4]))
                u[nu++] = f[i];
        return dj_store_update(app->st, "meetings", id, u, nu, diag);
    }
    return dj_store_upsert(app->st, "meetings", f, n, NULL, NULL, diag);
}

/* After a row wrote to project: its whole history must still keep the
 * rules of projects_history.c; else the row is refused, naming its column
 * that the broken rule is about. */
static int check_project(dj_app *app, const dj_rec *r, int64_t project, dj_diag *diag)
{
    static const char *const project_col[][2] = {{"date", "started_on"},
                                                 {"amount", "total_investment"}};
    const char *col = NULL;
    char why[300];
    size_t i;
    int rc = dj__proj_check_history(app, project, &col, why, sizeof why, diag);

    if (rc != DJ_EINVAL || !col)
        return rc;
    if (!strcmp(r->type->name, "projects"))
        for (i = 0; i < sizeof project_col / sizeof project_col[0]; i++)
            if (!strcmp(col, project_col[i][0]))
                col = project_col[i][1];
    return dj__rec_fail(diag, r, col, DJ_EINVAL, "%s", why);
}

typedef struct stored_project {
    int64_t id;
    int stage;
} stored_project;

static int stored_project_cb(const dj_row *row, void *ctx)
{
    stored_project *sp = ctx;
    const char *stage = dj_row_text(row, "stage");
    sp->id = dj_row_int(row, "id", 0);
    if (!stage || dj_report_stage_parse(&sp->stage, stage, strlen(stage)) < 0)
        sp->stage = DJ_STAGE_LEAD;
    return 0;
}

/* A re-imported project row may move the stage forward only, and not out
 * of 终止: going back is a correction (project correct), which records the
 * old value. */
static int check_stage_move(dj_app *app, const dj_rec *r, stored_project *sp, dj_diag *diag)
{
    dj_field w = F("code", vs(r, "code"));
    const char *stage = dj__rec_s(r, "stage");
    char msg[300];
    int to;
    int rc = dj_store_each(app->st, "projects", &w, 1, NULL, 1, 0, stored_project_cb, sp, diag);

    if (rc < 0 || !sp->id || !stage || dj_report_stage_parse(&to, stage, strlen(stage)) < 0 ||
        to == sp->stage)
        return rc;
    if (sp->stage == DJ_STAGE_TERMINATED || (to != DJ_STAGE_TERMINATED && to < sp->stage)) {
        snprintf(msg, sizeof msg,
                 "the project is at %s; an import cannot move it back to %s (use project correct, "
                 "which records the change)",
                 dj_report_stage_name_cn(sp->stage), dj_report_stage_name_cn(to));
        return dj__rec_fail(diag, r, "stage", DJ_EINVAL, "%s", msg);
    }
    return DJ_OK;
}

static int apply_project(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    static const char *const dates[] = {"planned_start", "planned_production", "signed_on",
                                        "started_on", "producing_on"};
    int64_t investor, park, event;
    stored_project sp = {0, DJ_STAGE_LEAD};
    int rc, n = 0, i;
    const char *src[24];
    dj_field f[24];

    (void)written; /* only orgs and listings report the id they wrote */
    if ((rc = check_stage_move(app, r, &sp, diag)) < 0)
        return rc;
    if ((rc = ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = ref_id(app, r, "park", &park, diag)) < 0 ||
        (rc = ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (has(r, "total_investment") && has(r, "completed_investment") &&
        dj__rec_cell(r, "completed_investment")->i > dj__rec_cell(r, "total_investment")->i)
        return dj__rec_fail(diag, r, "completed_investment", DJ_EINVAL, "%s",
                            "已完成投资 exceeds 总投资");
        /* f[i] holds the row's column src[i] (NULL: always written); a stored
         * project keeps the columns the file does not have (a file of 编号,
         * 名称,园区,阶段 changes those, not 已完成投资 or 签约日期) */
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("code", NULL, vs(r, "code"));
    PUT("name", NULL, vs(r, "name"));
    PUT("investor_id", "investor", id_or_null(investor));
    PUT("park_id", NULL, dj_v_int(park));
    PUT("industry", "industry", vs(r, "industry"));
    PUT("stage", NULL, vs(r, "stage"));
    PUT("total_investment", "total_investment", vi(r, "total_investment"));
    PUT("completed_investment", "completed_investment",
        has(r, "completed_investment") ? vi(r, "completed_investment") : dj_v_int(0));
    PUT("land_mu", "land_mu", vi(r, "land_mu"));
    PUT("floor_area", "floor_area", vi(r, "floor_area"));
    PUT("jobs", "jobs", vi(r, "jobs"));
    PUT("annual_output", "annual_output", vi(r, "annual_output"));
    PUT("capacity", "capacity", dj_v_text(or_empty(dj__rec_s(r, "capacity"))));
    for (i = 0; i < 5; i++)
        PUT(dates[i], dates[i], vs(r, dates[i]));
    PUT("event_id", "event", id_or_null(event));
    PUT("description", "description", dj_v_text(or_empty(dj__rec_s(r, "description"))));
    PUT("items", "items", has(r, "items") ? vi(r, "items") : dj_v_int(1));
    PUT("updated_at", NULL, dj_v_text(now));
    if (!sp.id) { /* a new one */
        PUT("created_at", NULL, dj_v_text(now));
        rc = dj_store_upsert(app->st, "projects", f, n, key, &sp.id, diag);
    } else {
        rc = update_given(app, r, "projects", sp.id, f, src, n, diag);
    }
#undef PUT
    return rc < 0 ? rc : check_project(app, r, sp.id, diag);
}

/* A correction row names the projects column it corrected (字段, as
 * `project correct` writes it: stage, signed_on, ...) and, where the report
 * reads the new value (stage, completed_investment), one it can read. */
static int check_correction(const dj_rec *r, dj_diag *diag)
{
    const char *field = dj__rec_s(r, "field"), *nv = dj__rec_s(r, "new_value");
    const dj_record_type *pt = dj_record_type_find("projects");
    int64_t fen;
    int k, stage;

    if (!field)
        return dj__rec_fail(diag, r, "field", DJ_EINVAL, "%s",
                            "a correction names the corrected column (字段)");
    k = dj_record_column(pt, field, strlen(field));
    if (k < 0 || strcmp(pt->cols[k].en, field) || !strcmp(field, "code"))
        return dj__rec_fail(diag, r, "field", DJ_EINVAL, "'%s' is no column of projects", field);
    if (!strcmp(field, "stage") && (!nv || dj_report_stage_parse(&stage, nv, strlen(nv)) < 0))
        return dj__rec_fail(diag, r, "new_value", DJ_EINVAL, "'%s' is no stage", nv ? nv : "");
    if (!strcmp(field, "completed_investment") && nv && dj_money_parse(&fen, nv, strlen(nv)) < 0)
        return dj__rec_fail(diag, r, "new_value", DJ_EINVAL, "'%s' is no amount", nv);
    return DJ_OK;
}

/* A correction's old or new value as `project correct` stores it: an
 * empty value is "" (it was or became empty), not NULL, so a re-import
 * finds the stored row; other kinds have none (NULL). */
static dj_value correction_value(const dj_rec *r, const char *kind, const char *en)
{
    return strcmp(kind, "correction") ? vs(r, en) : dj_v_text(or_empty(dj__rec_s(r, en)));
}

static int apply_update(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    int64_t project, investor, event, same = 0;
    const char *kind = dj__rec_s(r, "kind"), *date = dj__rec_s(r, "date");
    const char *stage = dj__rec_s(r, "stage");
    dj_field f[12];
    int rc, n = 0;

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (!strcmp(kind, "stage") && !stage)
        return dj__rec_fail(diag, r, "stage", DJ_EINVAL, "%s", "a stage update needs 阶段");
    if ((!strcmp(kind, "progress") || !strcmp(kind, "increase")) && !has(r, "amount"))
        return dj__rec_fail(diag, r, "amount", DJ_EINVAL, "%s", "this update needs 金额");
    if (!strcmp(kind, "investor") && !investor)
        return dj__rec_fail(diag, r, "investor", DJ_EINVAL, "%s", "this update needs 投资方");
    if (!strcmp(kind, "correction") && (rc = check_correction(r, diag)) < 0)
        return rc;
    /* an update identical to a stored one in every column of f (all but
     * created_at) is already applied and skipped (safe re-import), once per
     * stored row: a file of two identical corrections over one stored adds
     * the second; rows this import wrote never count (seen_updates) */
    f[n++] = F("project_id", dj_v_int(project));
    f[n++] = F("on_date", dj_v_text(date));
    f[n++] = F("kind", dj_v_text(kind));
    f[n++] = F("stage", dj_v_text(stage));
    f[n++] = F("amount", vi(r, "amount"));
    f[n++] = F("investor_id", id_or_null(investor));
    f[n++] = F("event_id", id_or_null(event));
    f[n++] = F("note", dj_v_text(or_empty(dj__rec_s(r, "note"))));
    f[n++] = F("field", vs(r, "field"));
    f[n++] = F("old_value", correction_value(r, kind, "old_value"));
    f[n++] = F("new_value", correction_value(r, kind, "new_value"));
    if ((rc = match_unseen(app, &app->seen_updates, "project_updates", f, n, &same, diag)) < 0)
        return rc;
    if (same)
        return DJ_OK;
    f[n++] = F("created_at", dj_v_text(now)); /* the insert: the match and its time */
    if ((rc = dj_store_upsert(app->st, "project_updates", f, n, NULL, NULL, diag)) < 0)
        return rc;
    return check_project(app, r, project, diag);
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
    int64_t a, b; /* 甲方 and 乙方: not again among 其他方 */
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
        return dj__rec_fail(
            c->diag, c->r, c->col, DJ_EINVAL,
            !strcmp(c->table, "orgs") ? "unknown organisation '%s'" : "unknown listing '%s'", name);
    }
    if (rc < 0 || !c->deal)
        return rc;
    if (id == c->a || id == c->b) { /* one row per party: it would lose its role */
        char msg[300];
        snprintf(msg, sizeof msg, "'%.*s' is already %s", (int)len, item,
                 id == c->a ? "甲方" : "乙方");
        return dj__rec_fail(c->diag, c->r, c->col, DJ_EINVAL, "%s", msg);
    }
    return add_party(c->app, c->deal, id, "party", c->diag);
}

static int apply_deal(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    int64_t event, project, a, b, id;
    struct item_ctx ic = {app, r, "listings", "listings", "code", 0, 0, 0, diag};
    dj_field f[10], w;
    int rc, n = 0;

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = ref_id(app, r, "party_a", &a, diag)) < 0 ||
        (rc = ref_id(app, r, "party_b", &b, diag)) < 0)
        return rc;
    if (a && a == b)
        return dj__rec_fail(diag, r, "party_b", DJ_EINVAL, "%s",
                            "甲方 and 乙方 are the same organisation");
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
    f[n++] = F("items", has(r, "items") ? vi(r, "items") : dj_v_int(1));
    f[n++] = F("created_at", dj_v_text(now));
    if ((rc = dj_store_upsert(app->st, "deals", f, n, key, &id, diag)) < 0)
        return rc;
    w = F("deal_id", dj_v_int(id)); /* parties are replaced as a whole */
    if ((rc = dj_store_delete(app->st, "deal_parties", &w, 1, NULL, diag)) < 0)
        return rc;
    if (a && (rc = add_party(app, id, a, "a", diag)) < 0)
        return rc;
    if (b && (rc = add_party(app, id, b, "b", diag)) < 0)
        return rc;
    ic.a = a;
    ic.b = b;
    ic.col = "parties";
    ic.table = "orgs";
    ic.key = "name";
    ic.deal = id;
    return each_item(dj__rec_s(r, "parties"), resolve_item, &ic);
}

int dj__apply(dj_app *app, const dj_rec *r, int64_t *id_out, dj_diag *diag)
{
    static const struct {
        const char *type;
        int (*fn)(dj_app *, const dj_rec *, char *, int64_t *, dj_diag *);
    } table[] = {
        {"orgs", apply_org},         {"listings", apply_listing},
        {"events", apply_event},     {"participants", apply_participant},
        {"requests", apply_request}, {"meetings", apply_meeting},
        {"projects", apply_project}, {"project_updates", apply_update},
        {"deals", apply_deal},
    };
    char now[32];
    int64_t id = 0;
    size_t i;

    dj_store_now(now);
    if (id_out)
        *id_out = 0;
    for (i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].type, r->type->name)) {
            int rc = table[i].fn(app, r, now, &id, diag);
            if (rc == DJ_OK && id_out)
                *id_out = id;
            return dj__app_explain_constraint(r->type, rc, diag);
        }
    return dj_diag_set(diag, DJ_EINVAL, "no importer for %s", r->type->name);
}
