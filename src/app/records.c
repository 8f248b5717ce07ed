/* records.c - single records by type: put (validated exactly like an import
 * row), get and list as JSON from the export views, and closing a listing.
 * Every write is one transaction and leaves an audit_log entry; an update
 * or close that would change nothing writes nothing (holds_already). */
#include "app/app_int.h"
#include "app/event_slots.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <string.h>

static int action_for(const dj_record_type *t)
{
    if (!strcmp(t->name, "listings"))
        return DJ_ACT_EDIT_LISTING;
    if (!strcmp(t->name, "orgs"))
        return DJ_ACT_EDIT_ORG;
    if (!strcmp(t->name, "projects") || !strcmp(t->name, "project_updates") ||
        !strcmp(t->name, "deals"))
        return DJ_ACT_EDIT_PROJECT;
    return DJ_ACT_RUN_EVENT;
}

static int org_cb(const dj_row *r, void *ctx)
{
    *(int64_t *)ctx = dj_row_int(r, "org_id", 0);
    return 0;
}

/* Members may only change their own organisation's listings: the org a
 * listing belongs to (org_id, or the org named in a put) must be theirs. */
static int member_owns(dj_app *app, int64_t org_id, dj_diag *diag)
{
    if (app->actor.role != DJ_ROLE_MEMBER)
        return DJ_OK;
    if (app->actor.org_id && org_id == app->actor.org_id)
        return DJ_OK;
    return dj_diag_set(diag, DJ_EPERM, "members may only change their own organisation's listings");
}

/* A member's put: the org the row names must be theirs, and so must the
 * org of the listing the row would overwrite (a put with another org's
 * code is an update of that listing, not a new one). */
static int member_put_allowed(dj_app *app, const dj_rec *rec, dj_diag *diag)
{
    dj_field w = {"name", dj_v_text(dj__rec_s(rec, "org"))};
    int64_t org = 0;
    int rc;

    if (app->actor.role != DJ_ROLE_MEMBER)
        return DJ_OK;
    if (dj__rec_s(rec, "org") && (rc = dj_store_find_id(app->st, "orgs", &w, 1, &org, diag)) < 0 &&
        rc != DJ_ENOTFOUND)
        return rc;
    if ((rc = member_owns(app, org, diag)) < 0)
        return rc;
    if (strcmp(rec->type->name, "listings") || !dj__rec_s(rec, "code"))
        return DJ_OK;
    w = (dj_field){"code", dj_v_text(dj__rec_s(rec, "code"))};
    org = 0;
    rc = dj_store_each(app->st, "listings", &w, 1, NULL, 1, 0, org_cb, &org, diag);
    if (rc < 0 || !org) /* no such listing yet: a new one */
        return rc;
    return member_owns(app, org, diag);
}

typedef struct code_refs {
    const char *code; /* the listing's stored code */
    long deals;
} code_refs;

static int code_in_deal_cb(const dj_row *row, void *ctx)
{
    code_refs *c = ctx;
    const char *list = dj_row_text(row, "listings");
    size_t n = strlen(c->code);
    while (list && *list) { /* stored lists are ';'-joined (dj_cell_parse) */
        size_t k = strcspn(list, ";");
        c->deals += k == n && !memcmp(list, c->code, n);
        list += k + (list[k] == ';');
    }
    return 0;
}

static int code_cb(const dj_row *row, void *ctx)
{
    const char *code = dj_row_text(row, "code");
    snprintf(ctx, 256, "%s", code ? code : "");
    return 0;
}

/* A listing's code may change only while no deal names it (关联供需 holds
 * codes as text), and be cleared only while no meeting request names it
 * either (a request's listing is exported by code): an export would no
 * longer import, or would lose the link. */
static int check_code_change(dj_app *app, int64_t id, const char *to, dj_diag *diag)
{
    dj_field w = {"id", dj_v_int(id)}, r = {"listing_id", dj_v_int(id)};
    char code[256] = "";
    code_refs refs = {code, 0};
    int64_t requests = 0;
    int rc;

    if ((rc = dj_store_each(app->st, "listings", &w, 1, NULL, 1, 0, code_cb, code, diag)) < 0 ||
        !code[0] || (to && !strcmp(to, code)))
        return rc;
    if ((rc = dj_store_each(app->st, "deals", NULL, 0, NULL, 0, 0, code_in_deal_cb, &refs, diag)) <
            0 ||
        (rc = dj_store_count(app->st, "meeting_requests", &r, 1, &requests, diag)) < 0)
        return rc;
    if (!refs.deals && (!requests || (to && *to))) /* a request follows a new code */
        return DJ_OK;
    if (diag)
        snprintf(diag->field, sizeof diag->field, "编号");
    return dj_diag_set(diag, DJ_EINVAL,
                       "listing %s is named by %ld deals and %lld meeting requests; its code "
                       "cannot change",
                       code, refs.deals, (long long)requests);
}

static int listing_org(dj_app *app, int64_t listing_id, int64_t *org_out, dj_diag *diag)
{
    dj_field w = {"id", dj_v_int(listing_id)};
    int rc;

    *org_out = 0;
    rc = dj_store_each(app->st, "listings", &w, 1, NULL, 1, 0, org_cb, org_out, diag);
    if (rc == DJ_OK && !*org_out)
        rc = dj_diag_set(diag, DJ_ENOTFOUND, "listings %lld not found", (long long)listing_id);
    return rc;
}

/* The id of the row dj__apply just wrote for rec when it did not say
 * (orgs, listings, participants and requests do; a listing without a code
 * has no other key): found by its natural key, code, else name, or named
 * by its 编号 (a meetings row); 0 for the types with none of them. */
static int written_id(dj_app *app, const dj_record_type *t, const dj_rec *rec, int64_t *id_out,
                      dj_diag *diag)
{
    const char *key = dj__rec_s(rec, "code") ? "code" : "name";
    const char *table = dj__app_table_of(t);
    const dj_cell *row_id = dj__rec_cell(rec, "id"); /* 编号 of a meetings row */
    dj_field w = {key, dj_v_text(dj__rec_s(rec, key))};

    if (!*id_out && row_id && row_id->present)
        *id_out = row_id->i;
    if (*id_out || !dj__rec_s(rec, key))
        return DJ_OK;
    return dj_store_find_id(app->st, table, &w, 1, id_out, diag);
}

/* Writes rec (of type t) inside the open transaction: *id gets its id. */
static int apply_rec(dj_app *app, const dj_record_type *t, dj_rec *rec, int64_t *id, dj_diag *diag)
{
    int rc = member_put_allowed(app, rec, diag);
    /* a listing without 编号 is found as an import row finds it (org, side
     * and title of a listing stored before), so adding it twice updates it */
    if (rc == DJ_OK && !strcmp(t->name, "listings"))
        rc = dj__import_seen_reset(app, &app->seen_listings, "listings", diag);
    if (rc == DJ_OK)
        rc = dj__apply(app, rec, id, diag);
    dj__import_seen_reset(app, &app->seen_listings, NULL, NULL);
    if (rc == DJ_OK)
        rc = written_id(app, t, rec, id, diag);
    return rc;
}

static int record_json(dj_app *app, const dj_record_type *t, int64_t id, int private_ok,
                       dj_buf *out, dj_diag *diag);

/* *same_out = 1 when writing rec would leave its record as it is: written
 * once and rolled back, the record as the view shows it (every column,
 * contacts too) is compared with the stored one. *id gets its id. */
static int put_changes_nothing(int *same_out, dj_app *app, const dj_record_type *t, dj_rec *rec,
                               int64_t *id, dj_diag *diag)
{
    dj_buf after, before;
    int rc;

    *same_out = 0;
    dj_buf_init(&after, 0);
    dj_buf_init(&before, 0);
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        goto done;
    if ((rc = apply_rec(app, t, rec, id, diag)) == DJ_OK)
        rc = record_json(app, t, *id, 1, &after, diag);
    dj_store_rollback(app->st);
    if (rc < 0)
        goto done;
    rc = record_json(app, t, *id, 1, &before, diag);
    if (rc == DJ_ENOTFOUND) { /* a new record */
        dj_diag_clear(diag);
        rc = DJ_OK;
    } else if (rc == DJ_OK) {
        *same_out = dj_buf_len(&after) == dj_buf_len(&before) &&
                    !memcmp(dj_buf_cstr(&after), dj_buf_cstr(&before), dj_buf_len(&after));
    }
done:
    dj_buf_fini(&after);
    dj_buf_fini(&before);
    return rc;
}

static int put(dj_app *app, const char *type, const char *const *cols, const char *const *vals,
               int n, int64_t *id_out, int *changed_out, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find(type);
    int col_of[64], i, rc, same = 0;
    size_t lens[64];
    int64_t id = 0;
    dj_rec rec;

    if (id_out)
        *id_out = 0;
    if (changed_out)
        *changed_out = 0;
    if (!t)
        return dj_diag_set(diag, DJ_EINVAL, "unknown record type '%s'", type);
    if (!dj_app_can(app->actor.role, action_for(t)))
        return dj_diag_set(diag, DJ_EPERM, "role may not change %s", type);
    if (n > 64)
        return DJ_ELIMIT;
    for (i = 0; i < n; i++) {
        col_of[i] = dj_record_column(t, cols[i], strlen(cols[i]));
        if (col_of[i] < 0) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", cols[i]);
            return dj_diag_set(diag, DJ_EINVAL, "unknown field '%s' for %s", cols[i], type);
        }
        lens[i] = strlen(vals[i]);
    }
    if ((rc = dj__rec_parse(&rec, t, vals, lens, col_of, n, diag)) < 0) {
        dj__rec_free(&rec);
        return rc;
    }
    if (changed_out && (rc = put_changes_nothing(&same, app, t, &rec, &id, diag)) == DJ_OK &&
        same) {
        if (id_out)
            *id_out = id;
        dj__rec_free(&rec);
        return DJ_OK;
    }
    if (rc < 0 || (rc = dj_store_begin(app->st, diag)) < 0) {
        dj__rec_free(&rec);
        return rc;
    }
    rc = apply_rec(app, t, &rec, &id, diag);
    if (id_out)
        *id_out = rc == DJ_OK ? id : 0;
    if (rc == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, "put", type, id, NULL, diag);
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    if (rc == DJ_OK && changed_out)
        *changed_out = 1;
    dj__rec_free(&rec);
    return rc;
}

int dj_app_put(dj_app *app, const char *type, const char *const *cols, const char *const *vals,
               int n, int64_t *id_out, dj_diag *diag)
{
    return put(app, type, cols, vals, n, id_out, NULL, diag);
}

int dj_app_put_changed(dj_app *app, const char *type, const char *const *cols,
                       const char *const *vals, int n, int64_t *id_out, int *changed_out,
                       dj_diag *diag)
{
    int changed = 0;
    return put(app, type, cols, vals, n, id_out, changed_out ? changed_out : &changed, diag);
}

struct json_ctx {
    const dj_record_type *t;
    dj_buf *out;
    int private_ok;
    long n;
};

static void json_value(dj_buf *out, const dj_column *c, dj_value v)
{
    char num[64];
    int i, first = 1;

    if (v.type == DJ_V_NULL) {
        dj_buf_puts(out, "null");
        return;
    }
    switch (c->type) {
    case DJ_COL_MONEY: /* exact decimal yuan as a string: never a binary float */
        dj_money_format_yuan(num, v.i);
        dj_buf_json_str(out, num, strlen(num));
        return;
    case DJ_COL_HUNDREDTHS:
        dj_decimal_format(num, v.i, 2);
        dj_buf_puts(out, num);
        return;
    case DJ_COL_BOOL:
        dj_buf_puts(out, v.i ? "true" : "false");
        return;
    case DJ_COL_MODES:
        dj_buf_putc(out, '[');
        for (i = 0; i < c->values->nitems; i++) {
            if (v.i & ((int64_t)1 << i)) {
                dj_buf_printf(out, "%s\"%s\"", first ? "" : ",", c->values->items[i].en);
                first = 0;
            }
        }
        dj_buf_putc(out, ']');
        return;
    default:
        break;
    }
    if (v.type == DJ_V_INT)
        dj_buf_printf(out, "%lld", (long long)v.i);
    else
        dj_buf_json_str(out, v.s, v.len);
}

static int json_row(const dj_row *row, void *vctx)
{
    struct json_ctx *x = vctx;
    int i;

    dj_buf_printf(x->out, "%s{\"id\":%lld", x->n ? "," : "", (long long)dj_row_int(row, "id", 0));
    for (i = 0; i < x->t->ncols; i++) {
        const dj_column *c = &x->t->cols[i];
        if ((!x->private_ok && !strcmp(c->en, "contact")) || !strcmp(c->en, "id"))
            continue; /* a meeting's 编号 column is its id, written first */
        dj_buf_printf(x->out, ",\"%s\":", c->en);
        json_value(x->out, c, dj_row_get(row, c->en));
    }
    dj_buf_putc(x->out, '}');
    x->n++;
    return dj_buf_rc(x->out);
}

/* The record of type t with this id as JSON, from its view (contacts only
 * with private_ok); DJ_ENOTFOUND when there is none. */
static int record_json(dj_app *app, const dj_record_type *t, int64_t id, int private_ok,
                       dj_buf *out, dj_diag *diag)
{
    struct json_ctx x = {t, out, private_ok, 0};
    dj_field w = {"id", dj_v_int(id)};
    char view[64];
    int rc;

    snprintf(view, sizeof view, "v_%s", t->name);
    if ((rc = dj_store_each(app->st, view, &w, 1, NULL, 1, 0, json_row, &x, diag)) < 0)
        return rc;
    if (x.n == 0)
        return dj_diag_set(diag, DJ_ENOTFOUND, "no %s with id %lld", t->name, (long long)id);
    return dj_buf_rc(out);
}

int dj_app_get_json(dj_app *app, const char *type, int64_t id, dj_buf *out, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find(type);

    if (!t)
        return dj_diag_set(diag, DJ_EINVAL, "unknown record type '%s'", type);
    return record_json(app, t, id, dj_app_can(app->actor.role, DJ_ACT_EXPORT_PRIVATE), out, diag);
}

/* How a list filter on column col compares: region and industry codes
 * cover the codes below them (45 is 广西, C manufacturing), free text is
 * searched inside (标题=光模块), everything else is equal. */
static unsigned char filter_op(const dj_column *col)
{
    if (col->type == DJ_COL_REGION || !strcmp(col->en, "industry"))
        return DJ_WHERE_PREFIX;
    if ((col->type == DJ_COL_TEXT && strcmp(col->en, "code") && strcmp(col->en, "uscc")) ||
        col->type == DJ_COL_LIST)
        return DJ_WHERE_CONTAINS;
    return DJ_WHERE_EQ;
}

int dj_app_list_json(dj_app *app, const char *type, const char *const *cols,
                     const char *const *vals, int n, dj_app_page *page, dj_buf *out, dj_diag *diag)
{
    struct json_ctx x = {dj_record_type_find(type), out, 0, 0};
    dj_field w[16];
    unsigned char ops[16];
    char view[64], code[16][8];
    int i, rc;

    if (!x.t)
        return dj_diag_set(diag, DJ_EINVAL, "unknown record type '%s'", type);
    if (n > 16)
        return DJ_ELIMIT;
    for (i = 0; i < n; i++) {
        int c = dj_record_column(x.t, cols[i], strlen(cols[i]));
        const dj_column *col = c >= 0 ? &x.t->cols[c] : NULL;
        if (!col)
            return dj_diag_set(diag, DJ_EINVAL, "cannot filter %s by '%s'", type, cols[i]);
        w[i].col = col->en;
        w[i].v = dj_v_text(vals[i]);
        ops[i] = filter_op(col);
        if (col->type == DJ_COL_ENUM) { /* stored by English name; either name matches */
            int e = dj_enum_find(col->values, vals[i], strlen(vals[i]));
            if (e < 0) {
                char names[256];
                dj_enum_zh_list(col->values, names, sizeof names);
                if (diag)
                    snprintf(diag->field, sizeof diag->field, "%s", col->zh);
                return dj_diag_set(diag, DJ_EINVAL, "'%s' is none of %s", vals[i], names);
            }
            w[i].v = dj_v_text(col->values->items[e].en);
        } else if (ops[i] == DJ_WHERE_PREFIX && *vals[i]) {
            /* a code as stored: C39 for c39, and a region's own digits (45 for
             * 45, 450000 or 广西's 450000; 4503 for 450300) */
            dj_cell cell;
            if ((rc = dj_cell_parse(&cell, col, vals[i], strlen(vals[i]), diag)) < 0)
                return rc;
            snprintf(code[i], sizeof code[i], "%s", cell.s ? cell.s : "");
            dj_free(cell.s);
            if (col->type == DJ_COL_REGION)
                code[i][dj_region_prefix_len(code[i])] = '\0';
            w[i].v = dj_v_text(code[i]);
        }
    }
    x.private_ok = dj_app_can(app->actor.role, DJ_ACT_EXPORT_PRIVATE);
    snprintf(view, sizeof view, "v_%s", type);
    dj_buf_putc(out, '[');
    if ((rc = dj_store_each_ops(app->st, view, w, ops, n, NULL, page ? page->limit : 0,
                                page ? page->offset : 0, json_row, &x, diag)) < 0)
        return rc;
    dj_buf_putc(out, ']');
    if (page && (x.n == page->limit || (x.n == 0 && page->offset > 0))) {
        int64_t total = 0; /* a full page, or past the end: count them (a scan) */
        if ((rc = dj_store_count_ops(app->st, view, w, ops, n, &total, diag)) < 0)
            return rc;
        page->total = (long)total;
    } else if (page) { /* the page holds the last of them */
        page->total = page->offset + x.n;
    }
    return dj_buf_rc(out);
}

/* *same_out = 1 when row id of table already holds every value of
 * f[0..n) (NULL as NULL): an update or close that would change nothing
 * writes nothing, neither updated_at (as the store keeps it) nor an audit
 * entry, and says so. A missing row is 0: the update then reports it. */
static int holds_already(int *same_out, dj_app *app, const char *table, int64_t id,
                         const dj_field *f, int n, dj_diag *diag)
{
    dj_field w[41];
    int64_t count = 0;
    int rc;

    *same_out = 0;
    if (n < 1 || n > 40)
        return DJ_OK;
    w[0] = (dj_field){"id", dj_v_int(id)};
    memcpy(w + 1, f, (size_t)n * sizeof *f);
    if ((rc = dj_store_count(app->st, table, w, n + 1, &count, diag)) < 0)
        return rc;
    *same_out = count == 1;
    return DJ_OK;
}

int dj_app_listing_close(dj_app *app, int64_t id, int *changed_out, dj_diag *diag)
{
    char now[32];
    dj_field f[2];
    int rc, same = 0;

    if (!dj_app_can(app->actor.role, DJ_ACT_EDIT_LISTING))
        return dj_diag_set(diag, DJ_EPERM, "role may not close listings");
    if (app->actor.role == DJ_ROLE_MEMBER) {
        int64_t org = 0;
        if ((rc = listing_org(app, id, &org, diag)) < 0 || (rc = member_owns(app, org, diag)) < 0)
            return rc;
    }
    dj_store_now(now);
    f[0] = (dj_field){"status", dj_v_text("closed")};
    f[1] = (dj_field){"updated_at", dj_v_text(now)};
    if (changed_out)
        *changed_out = 0;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = holds_already(&same, app, "listings", id, f, 1, diag)) == DJ_OK && !same &&
        (rc = dj_store_update(app->st, "listings", id, f, 2, diag)) == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, "close", "listings", id, NULL, diag);
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    if (rc == DJ_OK && changed_out)
        *changed_out = !same;
    return rc;
}

/* Optional text the schema keeps as '' rather than NULL (NOT NULL DEFAULT
 * '', as the import writes it): 简介, 联系人, 关键词, 标签. Clearing one
 * (org update ID 简介=) writes ''; NULL failed the constraint. */
static int cleared_to_empty(const dj_column *col)
{
    static const char *const cols[] = {"description", "contact", "keywords", "tags"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (!strcmp(col->en, cols[i]))
            return 1;
    return 0;
}

int dj_app_update(dj_app *app, const char *type, int64_t id, const char *const *cols,
                  const char *const *vals, int n, int *changed_out, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find(type);
    dj_field f[40];
    dj_cell cells[40];
    char now[32];
    int i, rc = DJ_OK, nf = 0, same = 0;

    if (!t || (strcmp(type, "listings") && strcmp(type, "orgs")))
        return dj_diag_set(diag, DJ_EINVAL, "update supports listings and orgs, not '%s'", type);
    if (!dj_app_can(app->actor.role, action_for(t)))
        return dj_diag_set(diag, DJ_EPERM, "role may not change %s", type);
    if (n <= 0 || n > 38)
        return dj_diag_set(diag, DJ_EINVAL, "nothing to update");
    if (app->actor.role == DJ_ROLE_MEMBER) {
        int64_t org = 0;
        if (strcmp(type, "listings"))
            return dj_diag_set(diag, DJ_EPERM, "role may not change %s", type);
        if ((rc = listing_org(app, id, &org, diag)) < 0 || (rc = member_owns(app, org, diag)) < 0)
            return rc;
        for (i = 0; i < n; i++)
            if (dj_record_column(t, cols[i], strlen(cols[i])) == dj_record_column(t, "org", 3))
                return dj_diag_set(diag, DJ_EPERM, "members cannot move a listing to another org");
    }
    memset(cells, 0, sizeof cells);
    if (changed_out)
        *changed_out = 0;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    for (i = 0; i < n && rc == DJ_OK; i++) {
        int c = dj_record_column(t, cols[i], strlen(cols[i]));
        const dj_column *col;
        if (c < 0) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", cols[i]);
            rc = dj_diag_set(diag, DJ_EINVAL, "unknown field '%s' for %s", cols[i], type);
            break;
        }
        col = &t->cols[c];
        if ((rc = dj_cell_parse(&cells[i], col, vals[i], strlen(vals[i]), diag)) < 0)
            break;
        if (!strcmp(type, "listings") && !strcmp(col->en, "code") &&
            (rc = check_code_change(app, id, cells[i].s, diag)) < 0)
            break;
        if (((!strcmp(type, "orgs") && !strcmp(col->en, "name")) ||
             (!strcmp(type, "listings") && !strcmp(col->en, "code"))) &&
            dj__app_list_item_why(cells[i].s)) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", col->zh);
            rc = dj_diag_set(diag, DJ_EINVAL, "%s %s", col->zh, dj__app_list_item_why(cells[i].s));
            break;
        }
        if (col->type == DJ_COL_REF) {
            char why[300];
            int64_t ref = 0;
            if (cells[i].present &&
                (rc = dj__app_resolve_ref(app, col, cells[i].s, &ref, why, sizeof why, diag)) < 0) {
                if (rc == DJ_ENOTFOUND) {
                    if (diag)
                        snprintf(diag->field, sizeof diag->field, "%s", col->zh);
                    rc = dj_diag_set(diag, DJ_EINVAL, "%s", why);
                }
                break;
            }
            f[nf++] = (dj_field){!strcmp(col->en, "org") ? "org_id" : "park_id",
                                 ref ? dj_v_int(ref) : dj_v_null()};
        } else if (!cells[i].present) {
            f[nf++] = (dj_field){col->en, col->type == DJ_COL_MODES ? dj_v_int(0)
                                          : cleared_to_empty(col)   ? dj_v_text("")
                                                                    : dj_v_null()};
        } else if (cells[i].s) {
            f[nf++] = (dj_field){col->en, dj_v_text(cells[i].s)};
        } else {
            f[nf++] = (dj_field){col->en, dj_v_int(cells[i].i)};
        }
    }
    if (rc == DJ_OK)
        rc = holds_already(&same, app, type, id, f, nf, diag);
    if (rc == DJ_OK && !same) {
        dj_store_now(now);
        f[nf++] = (dj_field){"updated_at", dj_v_text(now)};
        rc = dj__app_explain_constraint(t, dj_store_update(app->st, type, id, f, nf, diag), diag);
    }
    if (rc == DJ_OK && !same && !strcmp(type, "orgs")) {
        const char *col = NULL;
        char why[400];
        if ((rc = dj__app_check_org(app, id, &col, why, sizeof why, diag)) == DJ_EINVAL) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s",
                         t->cols[dj_record_column(t, col, strlen(col))].zh);
            rc = dj_diag_set(diag, DJ_EINVAL, "%s", why);
        }
    }
    for (i = 0; rc == DJ_OK && !same && !strcmp(type, "orgs") && i < n; i++)
        if (!strcmp(f[i].col, "name")) /* booths are labelled by the name */
            rc = dj__event_booths_rename(app, id, cells[i].s, diag);
    if (rc == DJ_OK && !same)
        rc = dj_store_audit(app->st, app->actor.login, "update", type, id, NULL, diag);
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    if (rc == DJ_OK && changed_out)
        *changed_out = !same;
    for (i = 0; i < n; i++)
        dj_free(cells[i].s);
    return rc;
}
