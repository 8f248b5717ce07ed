/* helper_db.c - scratch databases for the app tests (helper_db.h). */
#include "helper_db.h"

#include "store/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

void th_db_path(char *path, size_t size, const char *tag)
{
    snprintf(path, size, "/tmp/dj_%s_%d.db", tag, (int)getpid());
    th_db_remove(path);
}

void th_db_remove(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[512];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

dj_app *th_open_as(const char *path, int role, int64_t org)
{
    dj_actor actor = {"tester", role, org};
    dj_app *app = NULL;
    dj_diag d;
    cr_assert_eq(dj_app_open(&app, path, &actor, &d), DJ_OK, "%s", d.message);
    return app;
}

void th_put(dj_app *app, const char *type, const char *const *cols, const char *const *vals, int n)
{
    int64_t id;
    dj_diag d;
    cr_assert_eq(dj_app_put(app, type, cols, vals, n, &id, &d), DJ_OK, "%s: %s", type, d.message);
}

int64_t th_count(dj_app *app, const char *table, int64_t *audited)
{
    dj_field w = {"entity", dj_v_text(table)};
    int64_t n = -1;
    cr_assert_eq(dj_store_count(dj_app_store(app), table, NULL, 0, &n, NULL), DJ_OK);
    cr_assert_eq(dj_store_count(dj_app_store(app), "audit_log", &w, 1, audited, NULL), DJ_OK);
    return n;
}
