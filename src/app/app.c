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

int dj_app_open(dj_app **out, const char *url, const dj_actor *actor, dj_diag *diag)
{
    dj_app *app;
    int rc;

    *out = NULL;
    if (!(app = dj_calloc(1, sizeof *app)))
        return DJ_ENOMEM;
    if ((rc = dj_store_open(&app->st, url, diag)) < 0 ||
        (rc = dj_store_migrate(app->st, NULL, diag)) < 0) {
        dj_store_close(app->st);
        dj_free(app);
        return rc;
    }
    app->actor = *actor;
    snprintf(app->login, sizeof app->login, "%s", actor->login ? actor->login : "cli");
    app->actor.login = app->login;
    *out = app;
    return DJ_OK;
}

void dj_app_close(dj_app *app)
{
    if (!app)
        return;
    dj_store_close(app->st);
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
