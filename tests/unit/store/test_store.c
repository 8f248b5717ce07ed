/* test_store.c - migrations from empty, one by one, and the generic row
 * operations of the SQLite store (the contract a PostgreSQL store must
 * also pass). */
#include "store/store.h"
#include "store/store_int.h"

#include <criterion/criterion.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Conditions that compare by prefix or by part of a text: the value's own
 * % and _ are characters, not wildcards; ASCII case does not matter. */
Test(store, prefix_and_contains_conditions)
{
    static const struct {
        const char *col, *v;
        unsigned char op;
        int64_t want;
    } cases[] = {
        {"region", "45", DJ_WHERE_PREFIX, 3},   {"region", "4503", DJ_WHERE_PREFIX, 2},
        {"region", "45", DJ_WHERE_EQ, 0},       {"region", "03", DJ_WHERE_PREFIX, 0},
        {"name", "电子", DJ_WHERE_CONTAINS, 2}, {"name", "100%", DJ_WHERE_CONTAINS, 1},
        {"name", "%", DJ_WHERE_CONTAINS, 1},    {"name", "a_b", DJ_WHERE_CONTAINS, 1},
        {"name", "_", DJ_WHERE_CONTAINS, 1},    {"name", "AB", DJ_WHERE_CONTAINS, 1},
        {"name", "\\", DJ_WHERE_CONTAINS, 1},   {"name", "桂林", DJ_WHERE_PREFIX, 2},
        {"name", "大学", DJ_WHERE_PREFIX, 0},
    };
    dj_store *st = open_temp();
    int64_t id, n;
    dj_diag d;

    cr_assert_eq(dj_store_migrate(st, NULL, NULL), DJ_OK);
    cr_assert_eq(insert_org(st, "桂林电子科技大学", "450300", &id, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(insert_org(st, "桂林光电子100%公司", "450302", &id, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(insert_org(st, "南宁a_b研究院", "450100", &id, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(insert_org(st, "北京ab\\x中心", "110100", &id, &d), DJ_OK, "%s", d.message);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        dj_field w = org(cases[k].col, cases[k].v);
        cr_assert_eq(dj_store_count_ops(st, "orgs", &w, &cases[k].op, 1, &n, &d), DJ_OK, "%s",
                     d.message);
        cr_assert_eq(n, cases[k].want, "%s %d '%s': %lld rows", cases[k].col, cases[k].op,
                     cases[k].v, (long long)n);
    }
    close_temp(st);
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

/* A migrated database with one org, closed (no -wal or -shm left). */
static void make_db(const char *file)
{
    dj_store *st = NULL;
    dj_diag d;
    cr_assert_eq(dj_store_open(&st, file, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_store_migrate(st, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(insert_org(st, "桂林电子科技大学", "450300", NULL, &d), DJ_OK, "%s", d.message);
    dj_store_close(st);
}

static int64_t count_orgs(dj_store *st)
{
    int64_t n = -1;
    cr_assert_eq(dj_store_count(st, "orgs", NULL, 0, &n, NULL), DJ_OK);
    return n;
}

Test(store, a_read_only_open_is_refused_for_writing_and_read_with_the_read_flag)
{
    dj_store *st = open_temp();
    char uri[300];
    struct stat before, after;
    dj_diag d;

    dj_store_close(st);
    make_db(path);
    cr_assert_eq(stat(path, &before), 0);
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    st = NULL;
    cr_assert_eq(dj_store_open(&st, uri, &d), DJ_ESTORE);
    cr_assert_null(st);
    cr_assert(strstr(d.message, "the database is read-only (it was opened read-only"), "%s",
              d.message);

    cr_assert_eq(dj_store_open_flags(&st, uri, DJ_STORE_READ, &d), DJ_OK, "%s", d.message);
    cr_assert_not_null(dj_store_read_only(st));
    cr_assert_eq(dj_store_migrate(st, NULL, &d), DJ_OK, "%s", d.message); /* current: no-op */
    cr_assert_eq(count_orgs(st), 1);
    cr_assert_eq(insert_org(st, "广西师范大学", "450300", NULL, &d), DJ_ESTORE);
    cr_assert(strstr(d.message, "the database is read-only"), "%s", d.message);
    cr_assert_eq(count_orgs(st), 1);
    dj_store_close(st);
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_mtime, before.st_mtime);
    cr_assert_eq(after.st_size, before.st_size);

    /* a writable database is opened as ever, with the flag or without */
    cr_assert_eq(dj_store_open_flags(&st, path, DJ_STORE_READ, &d), DJ_OK, "%s", d.message);
    cr_assert_null(dj_store_read_only(st));
    cr_assert_eq(insert_org(st, "广西师范大学", "450300", NULL, &d), DJ_OK, "%s", d.message);
    close_temp(st);
}

/* Runs check(dir) in a child process that may not write dir: as root
 * (which ignores permissions) the child becomes the user nobody (65534).
 * Returns the child's exit status: 0 when every check held, else the
 * number of the first that failed. */
static int as_reader(int (*check)(const char *dir), const char *dir)
{
    int status = -1;
    pid_t pid = fork();
    if (pid == 0) {
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
            _exit(100);
        _exit(check(dir));
    }
    cr_assert_gt(pid, 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status), "the reader crashed");
    return WEXITSTATUS(status);
}

static int exists(const char *dir, const char *name)
{
    char p[300];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return access(p, F_OK) == 0;
}

/* No -shm, no write permission on the directory for anyone: read as
 * immutable; a write refused, naming the directory; nothing created. */
static int read_in_locked_dir(const char *dir)
{
    char file[300], side[300];
    dj_store *st = NULL;
    dj_diag d;
    int64_t n = 0;

    snprintf(file, sizeof file, "%s/x.db", dir);
    if (access(dir, W_OK) == 0)
        return 99; /* the test would prove nothing */
    if (dj_store_open(&st, file, &d) != DJ_ESTORE ||
        !strstr(d.message, "the database is read-only"))
        return 1;
    if (dj_store_open_flags(&st, file, DJ_STORE_READ, &d) != DJ_OK || !dj_store_read_only(st))
        return 2;
    if (dj_store_migrate(st, NULL, &d) != DJ_OK)
        return 3;
    if (dj_store_count(st, "orgs", NULL, 0, &n, &d) != DJ_OK || n != 1)
        return 4;
    if (insert_org(st, "广西师范大学", "450300", NULL, &d) != DJ_ESTORE ||
        !strstr(d.message, "the database is read-only"))
        return 5;
    if (dj_store_side_file(st, ".index", side, sizeof side) != DJ_OK || strcmp(side, "") == 0 ||
        !strstr(side, "/x.db.index"))
        return 6;
    dj_store_close(st);
    if (exists(dir, "x.db-wal") || exists(dir, "x.db-shm"))
        return 7;
    return 0;
}

/* A directory its owner may write, without -shm: not read as immutable
 * (the owner could be writing), refused saying so. */
static int refuse_in_owners_dir(const char *dir)
{
    char file[300];
    dj_store *st = NULL;
    dj_diag d;

    snprintf(file, sizeof file, "%s/x.db", dir);
    if (dj_store_open_flags(&st, file, DJ_STORE_READ, &d) != DJ_ESTORE || st)
        return 1;
    if (!strstr(d.message, "another process could start writing"))
        return 2;
    return 0;
}

Test(store, a_wal_database_in_a_read_only_directory)
{
    char dir[] = "/tmp/dj_store_ro_XXXXXX", file[300];
    int rc;

    cr_assert_not_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/x.db", dir);
    make_db(file);
    cr_assert(!exists(dir, "x.db-shm"));
    chmod(file, 0444);
    chmod(dir, 0555);
    rc = as_reader(read_in_locked_dir, dir);
    if (rc == 99)
        cr_skip_test("this user may write a 0555 directory: nothing to test");
    cr_expect_eq(rc, 0, "check %d failed", rc);
    if (geteuid() == 0) { /* the owner (root) may write, the reader (nobody) may not */
        chmod(dir, 0755);
        rc = as_reader(refuse_in_owners_dir, dir);
        cr_expect_eq(rc, 0, "check %d failed", rc);
    }
    chmod(dir, 0700);
    chmod(file, 0644);
    unlink(file);
    cr_assert_eq(rmdir(dir), 0, "%s left behind", dir);
}
