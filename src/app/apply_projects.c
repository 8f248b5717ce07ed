/* apply_projects.c - writes import rows of projects, their dated updates
 * (corrections among them) and deals with their parties and listing items.
 * The helpers shared with the other writers are apply.c's (apply_int.h).
 *
 * Invariants: after a row writes to a project, its whole history still
 * keeps the rules of projects_history.c, else the row is refused naming the
 * column the broken rule is about. A re-imported project row moves the
 * stage forward only, and not out of 终止 (going back is a correction,
 * which records the old value). Project updates are applied to their
 * project once: an update identical to a stored one that the running
 * import has not matched yet is skipped, so re-importing is safe. A deal's
 * parties are replaced as a whole, 甲方 and 乙方 are two organisations and
 * neither is again among 其他方. */
#include "app/apply_int.h"

#include "app/projects_int.h"
#include "util/money.h"

#include <stdio.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

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
    dj_field w = F("code", dj__app_cell_text(r, "code"));
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

int dj__app_apply_project(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
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
    if ((rc = dj__app_ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "park", &park, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (dj__app_cell_has(r, "total_investment") && dj__app_cell_has(r, "completed_investment") &&
        dj__rec_cell(r, "completed_investment")->i > dj__rec_cell(r, "total_investment")->i)
        return dj__rec_fail(diag, r, "completed_investment", DJ_EINVAL, "%s",
                            "已完成投资 exceeds 总投资");
        /* f[i] holds the row's column src[i] (NULL: always written); a stored
         * project keeps the columns the file does not have (a file of 编号,
         * 名称,园区,阶段 changes those, not 已完成投资 or 签约日期) */
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("code", NULL, dj__app_cell_text(r, "code"));
    PUT("name", NULL, dj__app_cell_text(r, "name"));
    PUT("investor_id", "investor", dj__app_id_or_null(investor));
    PUT("park_id", NULL, dj_v_int(park));
    PUT("industry", "industry", dj__app_cell_text(r, "industry"));
    PUT("stage", NULL, dj__app_cell_text(r, "stage"));
    PUT("total_investment", "total_investment", dj__app_cell_int(r, "total_investment"));
    PUT("completed_investment", "completed_investment",
        dj__app_cell_has(r, "completed_investment") ? dj__app_cell_int(r, "completed_investment")
                                                    : dj_v_int(0));
    PUT("land_mu", "land_mu", dj__app_cell_int(r, "land_mu"));
    PUT("floor_area", "floor_area", dj__app_cell_int(r, "floor_area"));
    PUT("jobs", "jobs", dj__app_cell_int(r, "jobs"));
    PUT("annual_output", "annual_output", dj__app_cell_int(r, "annual_output"));
    PUT("capacity", "capacity", dj_v_text(dj__app_or_empty(dj__rec_s(r, "capacity"))));
    for (i = 0; i < 5; i++)
        PUT(dates[i], dates[i], dj__app_cell_text(r, dates[i]));
    PUT("event_id", "event", dj__app_id_or_null(event));
    PUT("description", "description", dj_v_text(dj__app_or_empty(dj__rec_s(r, "description"))));
    PUT("items", "items",
        dj__app_cell_has(r, "items") ? dj__app_cell_int(r, "items") : dj_v_int(1));
    PUT("updated_at", NULL, dj_v_text(now));
    if (!sp.id) { /* a new one */
        PUT("created_at", NULL, dj_v_text(now));
        rc = dj_store_upsert(app->st, "projects", f, n, key, &sp.id, diag);
    } else {
        rc = dj__app_update_given(app, r, "projects", sp.id, f, src, n, diag);
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
    return strcmp(kind, "correction") ? dj__app_cell_text(r, en)
                                      : dj_v_text(dj__app_or_empty(dj__rec_s(r, en)));
}

int dj__app_apply_project_update(dj_app *app, const dj_rec *r, char *now, int64_t *written,
                                 dj_diag *diag)
{
    int64_t project, investor, event, same = 0;
    const char *kind = dj__rec_s(r, "kind"), *date = dj__rec_s(r, "date");
    const char *stage = dj__rec_s(r, "stage");
    dj_field f[12];
    int rc, n = 0;

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = dj__app_ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "investor", &investor, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0)
        return rc;
    if (!strcmp(kind, "stage") && !stage)
        return dj__rec_fail(diag, r, "stage", DJ_EINVAL, "%s", "a stage update needs 阶段");
    if ((!strcmp(kind, "progress") || !strcmp(kind, "increase")) && !dj__app_cell_has(r, "amount"))
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
    f[n++] = F("amount", dj__app_cell_int(r, "amount"));
    f[n++] = F("investor_id", dj__app_id_or_null(investor));
    f[n++] = F("event_id", dj__app_id_or_null(event));
    f[n++] = F("note", dj_v_text(dj__app_or_empty(dj__rec_s(r, "note"))));
    f[n++] = F("field", dj__app_cell_text(r, "field"));
    f[n++] = F("old_value", correction_value(r, kind, "old_value"));
    f[n++] = F("new_value", correction_value(r, kind, "new_value"));
    if ((rc = dj__app_match_unseen(app, &app->seen_updates, "project_updates", f, n, &same, diag)) <
        0)
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

int dj__app_apply_deal(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    int64_t event, project, a, b, id;
    struct item_ctx ic = {app, r, "listings", "listings", "code", 0, 0, 0, diag};
    dj_field f[10], w;
    int rc, n = 0;

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "project", &project, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "party_a", &a, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "party_b", &b, diag)) < 0)
        return rc;
    if (a && a == b)
        return dj__rec_fail(diag, r, "party_b", DJ_EINVAL, "%s",
                            "甲方 and 乙方 are the same organisation");
    if ((rc = each_item(dj__rec_s(r, "listings"), resolve_item, &ic)) < 0)
        return rc;
    f[n++] = F("code", dj__app_cell_text(r, "code"));
    f[n++] = F("type", dj__app_cell_text(r, "type"));
    f[n++] = F("title", dj__app_cell_text(r, "title"));
    f[n++] = F("amount", dj__app_cell_int(r, "amount"));
    f[n++] = F("signed_on", dj__app_cell_text(r, "signed_on"));
    f[n++] = F("event_id", dj__app_id_or_null(event));
    f[n++] = F("project_id", dj__app_id_or_null(project));
    f[n++] = F("listings", dj_v_text(dj__app_or_empty(dj__rec_s(r, "listings"))));
    f[n++] = F("items", dj__app_cell_has(r, "items") ? dj__app_cell_int(r, "items") : dj_v_int(1));
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
