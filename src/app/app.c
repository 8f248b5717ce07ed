/* app.c - opening the application (store + migrations) and the role table. */
#include "app/app_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* Which role may do what. Rows: actions; the least role that may. */
static const int least_role[] = {
    [DJ_ACT_READ] = DJ_ROLE_VIEWER,
    [DJ_ACT_EDIT_LISTING] = DJ_ROLE_MEMBER, /* members: their own org's only */
    [DJ_ACT_EDIT_ORG] = DJ_ROLE_STAFF,
    [DJ_ACT_IMPORT] = DJ_ROLE_STAFF,
    [DJ_ACT_EXPORT_PRIVATE] = DJ_ROLE_STAFF,
    [DJ_ACT_RUN_EVENT] = DJ_ROLE_ORGANISER,
    [DJ_ACT_EDIT_PROJECT] = DJ_ROLE_STAFF,
    [DJ_ACT_CONFIGURE] = DJ_ROLE_STAFF,
    [DJ_ACT_ADMIN] = DJ_ROLE_ADMIN,
};

int dj_app_can(int role, int action)
{
    if (action < 0 || action >= (int)(sizeof least_role / sizeof least_role[0]))
        return 0;
    return role >= least_role[action];
}

static int open_app(dj_app **out, const char *url, const dj_actor *actor, int store_flags,
                    dj_diag *diag)
{
    dj_app *app;
    int rc;

    *out = NULL;
    if (!(app = dj_calloc(1, sizeof *app)))
        return DJ_ENOMEM;
    if ((rc = dj_store_open_flags(&app->st, url, store_flags, diag)) < 0 ||
        (rc = dj_store_migrate(app->st, NULL, diag)) < 0) {
        dj_store_close(app->st);
        dj_free(app);
        return rc;
    }
    app->actor = *actor;
    app->seen_updates.floor = app->seen_listings.floor = INT64_MAX;
    snprintf(app->login, sizeof app->login, "%s", actor->login ? actor->login : "cli");
    app->actor.login = app->login;
    *out = app;
    return DJ_OK;
}

int dj_app_open(dj_app **out, const char *url, const dj_actor *actor, dj_diag *diag)
{
    return open_app(out, url, actor, 0, diag);
}

int dj_app_open_read(dj_app **out, const char *url, const dj_actor *actor, dj_diag *diag)
{
    return open_app(out, url, actor, DJ_STORE_READ, diag);
}

void dj_app_close(dj_app *app)
{
    if (!app)
        return;
    dj_store_close(app->st);
    dj_free(app->seen_updates.ids);
    dj_free(app->seen_listings.ids);
    dj_free(app);
}

dj_store *dj_app_store(dj_app *app)
{
    return app->st;
}

const dj_actor *dj_app_actor(const dj_app *app)
{
    return &app->actor;
}

void dj_app_set_progress(dj_app *app, dj_app_progress_fn fn, void *ctx)
{
    app->progress = fn;
    app->progress_ctx = ctx;
}

void dj_app_set_import_skip(dj_app *app, const char *const *names, int n)
{
    app->import_skip = n > 0 ? names : NULL;
    app->nimport_skip = n > 0 ? n : 0;
}

const dj_cell *dj__rec_cell(const dj_rec *r, const char *en)
{
    int i;
    for (i = 0; i < r->type->ncols; i++)
        if (strcmp(r->type->cols[i].en, en) == 0)
            return &r->cells[i];
    return NULL;
}

const char *dj__rec_s(const dj_rec *r, const char *en)
{
    const dj_cell *c = dj__rec_cell(r, en);
    return c && c->present ? c->s : NULL;
}

int dj__rec_fail(dj_diag *diag, const dj_rec *r, const char *en, int code, const char *fmt,
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

const char *dj__app_list_item_why(const char *s)
{
    if (s && (strpbrk(s, ";,") || strstr(s, "；") || strstr(s, "、") || strstr(s, "，")))
        return "cannot hold ; ； 、 , or ，: lists of names and codes (其他方, 关联供需) are "
               "separated by them";
    return NULL;
}

/* 1 when the column name en stands in s as a whole identifier. */
static int names_column(const char *s, const char *en)
{
    size_t n = strlen(en);
    const char *p;
    for (p = strstr(s, en); p; p = strstr(p + 1, en)) {
        int before = p > s && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'));
        int after = p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z');
        if (!before && !after)
            return 1;
    }
    return 0;
}

int dj__app_explain_constraint(const dj_record_type *t, int rc, dj_diag *diag)
{
    static const char unique[] = "UNIQUE constraint failed: ",
                      check[] = "CHECK constraint failed: ";
    const char *u, *c;
    char names[200] = "", msg[sizeof diag->message];
    int i;

    if (rc != DJ_ECONSTRAINT || !diag || !t)
        return rc;
    u = strstr(diag->message, unique);
    c = strstr(diag->message, check);
    if (!u && !c)
        return rc;
    for (i = 0; i < t->ncols; i++)
        if (names_column(u ? u + sizeof unique - 1 : c + sizeof check - 1, t->cols[i].en)) {
            if (!names[0])
                snprintf(diag->field, sizeof diag->field, "%s", t->cols[i].zh);
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     names[0] ? " and " : "", t->cols[i].zh);
        }
    if (!names[0])
        return rc;
    if (u)
        snprintf(msg, sizeof msg, "another %s already has this %s (it must be unique)", t->zh,
                 names);
    else
        snprintf(msg, sizeof msg, "%s break the rule %s", names, c + sizeof check - 1);
    dj_diag_set(diag, rc, "%s", msg);
    return rc;
}

void dj__rec_free(dj_rec *r)
{
    int i;
    if (!r->type)
        return;
    for (i = 0; i < r->type->ncols; i++)
        DJ_FREE(r->cells[i].s);
}

int dj__rec_parse(dj_rec *r, const dj_record_type *t, const char *const *texts, const size_t *lens,
                  const int *col_of, int n, dj_diag *diag)
{
    int i, rc;
    char seen[32] = {0};

    memset(r, 0, sizeof *r);
    r->type = t;
    for (i = 0; i < n; i++) {
        int c = col_of[i];
        if (c < 0)
            continue;
        if (seen[c]) { /* 标题 and title, say: one value would be lost */
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", t->cols[c].zh);
            return dj_diag_set(diag, DJ_EINVAL, "column %s appears twice", t->cols[c].zh);
        }
        seen[c] = 1;
        r->given |= UINT32_C(1) << c;
        if ((rc = dj_cell_parse(&r->cells[c], &t->cols[c], texts[i], lens[i], diag)) < 0)
            return rc;
    }
    for (i = 0; i < t->ncols; i++) {
        if (!seen[i] && t->cols[i].required) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", t->cols[i].zh);
            return dj_diag_set(diag, DJ_EINVAL, "required column %s (%s) is missing", t->cols[i].zh,
                               t->cols[i].en);
        }
    }
    return DJ_OK;
}
