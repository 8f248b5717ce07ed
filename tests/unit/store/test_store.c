/* test_store.c - migrations from empty, one by one, and the generic row
 * operations of the SQLite store (the contract a PostgreSQL store must
 * also pass). */
#include "store/store.h"
#include "store/store_int.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static dj_store *open_temp(void)
{
    dj_store *st = NULL;
    dj_diag d;
    snprintf(path, sizeof path, "/tmp/dj_store_test_%d.db", (int)getpid());
    unlink(path);
    cr_assert_eq(dj_store_open(&st, path, &d), DJ_OK, "%s", d.message);
    return st;
}

static void close_temp(dj_store *st)
{
    char side[300];
    dj_store_close(st);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

Test(store, each_migration_applies_from_empty)
{
    int k;
    for (k = 0; k < dj__nmigrations; k++) {
        dj_store *st = open_temp();
        dj_diag d;
        int applied = -1, version = -1;
        int target = dj__migrations[k].version;
        cr_assert_eq(dj_store_migrate_to(st, target, &applied, &d), DJ_OK, "%s: %s",
                     dj__migrations[k].name, d.message);
        cr_assert_eq(applied, k + 1);
        cr_assert_eq(dj_store_schema_version(st, &version, &d), DJ_OK);
        cr_assert_eq(version, target);
        /* the rest applies on top of it */
        cr_assert_eq(dj_store_migrate(st, &applied, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(applied, dj__nmigrations - k - 1);
        close_temp(st);
    }
}

Test(store, migrate_is_idempotent)
{
    dj_store *st = open_temp();
    int applied = -1;
    cr_assert_eq(dj_store_migrate(st, &applied, NULL), DJ_OK);
    cr_assert_eq(applied, dj__nmigrations);
    cr_assert_eq(dj_store_migrate(st, &applied, NULL), DJ_OK);
    cr_assert_eq(applied, 0);
    close_temp(st);
}

static dj_field org(const char *col, const char *v)
{
    dj_field f = {col, dj_v_text(v)};
    return f;
}

static int insert_org(dj_store *st, const char *name, const char *region, int64_t *id, dj_diag *d)
{
    static const char *const key[] = {"name", NULL};
    dj_field f[5] = {org("name", name), org("kind", "enterprise"), org("region", region),
                     org("created_at", "2024-01-01T00:00:00Z"),
                     org("updated_at", "2024-01-01T00:00:00Z")};
    return dj_store_upsert(st, "orgs", f, 5, key, id, d);
}

Test(store, upsert_finds_and_updates_by_key)
{
    dj_store *st = open_temp();
    int64_t a = 0, b = 0, found = 0, n = 0;
    dj_field w = org("name", "桂林电子科技大学");
    dj_diag d;

    cr_assert_eq(dj_store_migrate(st, NULL, NULL), DJ_OK);
    cr_assert_eq(insert_org(st, "桂林电子科技大学", "450300", &a, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(insert_org(st, "桂林电子科技大学", "450302", &b, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(a, b, "upsert on the same key keeps the row");
    cr_assert_eq(dj_store_find_id(st, "orgs", &w, 1, &found, &d), DJ_OK);
    cr_assert_eq(found, a);
    cr_assert_eq(dj_store_count(st, "orgs", NULL, 0, &n, &d), DJ_OK);
    cr_assert_eq(n, 1);
    close_temp(st);
}

static int at_cb(const dj_row *r, void *ctx)
{
    snprintf(ctx, 32, "%s", dj_row_text(r, "updated_at"));
    return 0;
}

static void updated_at(dj_store *st, int64_t id, char *out)
{
    dj_field w = {"id", dj_v_int(id)};
    out[0] = 0;
    cr_assert_eq(dj_store_each(st, "orgs", &w, 1, NULL, 0, 0, at_cb, out, NULL), DJ_OK);
}

/* An update or upsert that changes no column leaves updated_at alone. */
Test(store, unchanged_row_keeps_updated_at)
{
    static const char *const key[] = {"name", NULL};
    dj_store *st = open_temp();
    int64_t a = 0;
    char at[32];
    dj_field same[2] = {org("region", "450300"), org("updated_at", "2025-05-05T00:00:00Z")};
    dj_field moved[2] = {org("region", "450302"), org("updated_at", "2025-06-06T00:00:00Z")};
    dj_field up[5] = {org("name", "桂林电子科技大学"), org("kind", "enterprise"),
                      org("region", "450302"), org("created_at", "2025-07-07T00:00:00Z"),
                      org("updated_at", "2025-07-07T00:00:00Z")};
    dj_diag d;

    cr_assert_eq(dj_store_migrate(st, NULL, NULL), DJ_OK);
    cr_assert_eq(insert_org(st, "桂林电子科技大学", "450300", &a, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_store_update(st, "orgs", a, same, 2, &d), DJ_OK, "%s", d.message);
    updated_at(st, a, at);
    cr_assert_str_eq(at, "2024-01-01T00:00:00Z");
    cr_assert_eq(dj_store_update(st, "orgs", a, moved, 2, &d), DJ_OK, "%s", d.message);
    updated_at(st, a, at);
    cr_assert_str_eq(at, "2025-06-06T00:00:00Z");
    cr_assert_eq(dj_store_upsert(st, "orgs", up, 5, key, NULL, &d), DJ_OK, "%s", d.message);
    updated_at(st, a, at);
    cr_assert_str_eq(at, "2025-06-06T00:00:00Z", "the upsert changed nothing");
    up[2] = org("region", "450305");
    cr_assert_eq(dj_store_upsert(st, "orgs", up, 5, key, NULL, &d), DJ_OK, "%s", d.message);
    updated_at(st, a, at);
    cr_assert_str_eq(at, "2025-07-07T00:00:00Z");
    close_temp(st);
}

Test(store, rollback_leaves_nothing)
{
    dj_store *st = open_temp();
    int64_t n = -1;

    cr_assert_eq(dj_store_migrate(st, NULL, NULL), DJ_OK);
    cr_assert_eq(dj_store_begin(st, NULL), DJ_OK);
    cr_assert_eq(insert_org(st, "甲", "450200", NULL, NULL), DJ_OK);
    cr_assert_eq(dj_store_begin(st, NULL), DJ_OK); /* nested */
    cr_assert_eq(insert_org(st, "乙", "450200", NULL, NULL), DJ_OK);
    dj_store_rollback(st); /* inner rollback dooms the whole transaction */
    cr_assert_neq(dj_store_commit(st, NULL), DJ_OK);
    cr_assert_eq(dj_store_count(st, "orgs", NULL, 0, &n, NULL), DJ_OK);
    cr_assert_eq(n, 0);
    close_temp(st);
}

Test(store, constraint_violation_is_reported)
{
    dj_store *st = open_temp();
    dj_diag d;
    dj_field f[1] = {org("name", "x")}; /* kind, region missing: NOT NULL */

    cr_assert_eq(dj_store_migrate(st, NULL, NULL), DJ_OK);
    cr_assert_eq(dj_store_upsert(st, "orgs", f, 1, NULL, NULL, &d), DJ_ECONSTRAINT);
    cr_assert(strstr(d.message, "NOT NULL") != NULL, "%s", d.message);
    close_temp(st);
}

Test(store, identifiers_are_checked)
{
    dj_store *st = open_temp();
    dj_diag d;
    int64_t n;
    cr_assert_eq(dj_store_count(st, "orgs; DROP TABLE orgs", NULL, 0, &n, &d), DJ_EINVAL);
    close_temp(st);
}
