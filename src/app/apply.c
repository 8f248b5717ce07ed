/* apply.c - writes one validated import row to the store: dj__apply picks
 * the writer of the row's record type. This file holds what the writers
 * of every record family share (apply_int.h: the cell helpers, reference
 * resolution, writing a row by its key) and the writers of organisations
 * and listings; events, participants, requests and meetings are written by
 * apply_events.c, projects, project updates and deals by apply_projects.c.
 *
 * References are resolved by natural key (org name, event/project/listing
 * code) against what is already in the transaction, so a file may refer to
 * records an earlier file of the same import created. Rows with a natural
 * key are upserts; where a writer updates through dj__app_update_given, a
 * stored row keeps the columns the row's file does not have. A listing
 * without 编号 is matched by organisation, side and title to a stored one
 * the running import has not matched yet (dj__app_match_unseen), so
 * importing a file again changes it rather than adding it twice. */
#include "app/apply_int.h"

#include "util/array.h"

#include <stdio.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

dj_value dj__app_cell_text(const dj_rec *r, const char *en)
{
    return dj_v_text(dj__rec_s(r, en));
}

dj_value dj__app_cell_int(const dj_rec *r, const char *en)
{
    const dj_cell *c = dj__rec_cell(r, en);
    return c && c->present ? dj_v_int(c->i) : dj_v_null();
}

int dj__app_cell_has(const dj_rec *r, const char *en)
{
    const dj_cell *c = dj__rec_cell(r, en);
    return c && c->present;
}

int dj__app_col_given(const dj_rec *r, const char *en)
{
    int i;
    for (i = 0; i < r->type->ncols; i++)
        if (!strcmp(r->type->cols[i].en, en))
            return (r->given >> i) & 1;
    return 0;
}

dj_value dj__app_id_or_null(int64_t id)
{
    return id ? dj_v_int(id) : dj_v_null();
}

const char *dj__app_or_empty(const char *s)
{
    return s ? s : "";
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

int dj__app_ref_id(dj_app *app, const dj_rec *r, const char *en, int64_t *id, dj_diag *diag)
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

int dj__app_match_unseen(dj_app *app, dj_import_seen *seen, const char *table, const dj_field *w,
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

int dj__app_update_given(dj_app *app, const dj_rec *r, const char *table, int64_t id, dj_field *f,
                         const char *const *src, int n, dj_diag *diag)
{
    int i, kept = 0;
    for (i = 0; i < n; i++)
        if (!src[i] || dj__app_col_given(r, src[i]))
            f[kept++] = f[i];
    return dj_store_update(app->st, table, id, f, kept, diag);
}

int dj__app_write_row(dj_app *app, const dj_rec *r, const char *table, dj_field *f,
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
    return dj__app_update_given(app, r, table, id, f, src, n, diag);
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

static int apply_org(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"name", NULL};
    int64_t park = 0, id = 0;
    int rc, n = 0;
    const char *col = NULL;
    char why[400];
    const char *src[10];
    dj_field f[10];

    if ((rc = dj__app_ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    if ((rc = check_list_item(r, "name", "a name", diag)) < 0)
        return rc;
    if (dj__rec_s(r, "uscc")) { /* one organisation per 统一社会信用代码: say whose it is */
        dj_field w = F("uscc", dj__app_cell_text(r, "uscc"));
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
    PUT("name", NULL, dj__app_cell_text(r, "name"));
    PUT("kind", NULL, dj__app_cell_text(r, "kind"));
    PUT("uscc", "uscc", dj__app_cell_text(r, "uscc"));
    PUT("region", NULL, dj__app_cell_text(r, "region"));
    PUT("industry", "industry", dj__app_cell_text(r, "industry"));
    PUT("park_id", "park", dj__app_id_or_null(park));
    PUT("description", "description", dj_v_text(dj__app_or_empty(dj__rec_s(r, "description"))));
    PUT("contact", "contact", dj_v_text(dj__app_or_empty(dj__rec_s(r, "contact"))));
    PUT("created_at", "", dj_v_text(now));
    PUT("updated_at", NULL, dj_v_text(now));
#undef PUT
    if ((rc = dj__app_write_row(app, r, "orgs", f, src, n, key, &id, diag)) < 0)
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

    if ((rc = dj__app_ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    if ((rc = check_list_item(r, "code", "a code", diag)) < 0)
        return rc;
    if (dj__app_cell_has(r, "price_min") && dj__app_cell_has(r, "price_max") &&
        dj__rec_cell(r, "price_min")->i > dj__rec_cell(r, "price_max")->i)
        return dj__rec_fail(diag, r, "price_max", DJ_EINVAL, "%s",
                            "价格上限 is below 价格下限 (price_max < price_min)");
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("code", NULL, dj__app_cell_text(r, "code"));
    PUT("org_id", NULL, dj_v_int(org));
    PUT("side", NULL, dj__app_cell_text(r, "side"));
    PUT("kind", NULL, dj__app_cell_text(r, "kind"));
    PUT("title", NULL, dj__app_cell_text(r, "title"));
    PUT("body", "body", dj_v_text(dj__app_or_empty(dj__rec_s(r, "body"))));
    PUT("keywords", "keywords", dj_v_text(dj__app_or_empty(dj__rec_s(r, "keywords"))));
    PUT("industry", "industry", dj__app_cell_text(r, "industry"));
    PUT("tags", "tags", dj_v_text(dj__app_or_empty(dj__rec_s(r, "tags"))));
    PUT("trl", "trl", dj__app_cell_int(r, "trl"));
    PUT("modes", "modes",
        dj__app_cell_has(r, "modes") ? dj__app_cell_int(r, "modes") : dj_v_int(0));
    PUT("price_min", "price_min", dj__app_cell_int(r, "price_min"));
    PUT("price_max", "price_max", dj__app_cell_int(r, "price_max"));
    PUT("region", "region", dj__app_cell_text(r, "region"));
    PUT("status", "status",
        dj_v_text(dj__app_cell_has(r, "status") ? dj__rec_s(r, "status") : "published"));
    PUT("created_at", "", dj_v_text(now));
    PUT("updated_at", NULL, dj_v_text(now));
#undef PUT
    if (!dj__app_cell_has(r, "code") && app->seen_listings.active) {
        /* no 编号: an import finds the listing by organisation, side and
         * title, so a file without codes can be imported again; f[1..3] are
         * org_id, side, kind, f[4] the title */
        dj_field w[3] = {f[1], f[2], f[4]};
        int64_t id = 0;
        if ((rc = dj__app_match_unseen(app, &app->seen_listings, "listings", w, 3, &id, diag)) < 0)
            return rc;
        if (id) {
            if (written)
                *written = id;
            return dj__app_update_given(app, r, "listings", id, f + 1, src + 1, n - 1, diag);
        }
    }
    return dj__app_write_row(app, r, "listings", f, src, n,
                             dj__app_cell_has(r, "code") ? key : NULL, written, diag);
}

int dj__apply(dj_app *app, const dj_rec *r, int64_t *id_out, dj_diag *diag)
{
    static const struct {
        const char *type;
        int (*fn)(dj_app *, const dj_rec *, char *, int64_t *, dj_diag *);
    } table[] = {
        {"orgs", apply_org},
        {"listings", apply_listing},
        {"events", dj__app_apply_event},
        {"participants", dj__app_apply_participant},
        {"requests", dj__app_apply_request},
        {"meetings", dj__app_apply_meeting},
        {"projects", dj__app_apply_project},
        {"project_updates", dj__app_apply_project_update},
        {"deals", dj__app_apply_deal},
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
