/* fuzz_import.c - libFuzzer target for the whole import path into a
 * database: files read, records checked against the store, written in one
 * transaction (dj_app_import). The first call builds a template database
 * holding one two-day event (3 + 3 slots a day, 3 pool tables, an
 * exhibitor's booth, an unavailable participant, locked, held and
 * scheduled meetings); every input starts from a copy of it.
 *
 * Input: up to four files, separated by NUL bytes; the first byte of each
 * picks its record type (orgs, events, participants, requests, meetings).
 * Invariants, trapped when broken:
 *  - a refused import leaves every table byte for byte as it was, and its
 *    diag names the file (a record error also the line);
 *  - an accepted import leaves a consistent event: slots numbered 1..N
 *    (N <= 64) per event, every meeting's slot, table and both parties in
 *    its own event, every 不可用时段 entry a slot of the event, no
 *    participant or table in two live meetings of one slot;
 *  - every event of such a database can then be scheduled (a short
 *    deterministic run), unless it has no slots, and the timetable written
 *    is as consistent. */
#include "app/app_events.h"
#include "duijie/dj_app.h"
#include "duijie/dj_error.h"
#include "fuzz_tmpfile.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 4

static const char *const type_names[] = {"orgs", "events", "participants", "requests", "meetings"};

static const char base_orgs[] = "名称,类型,地区\n"
                                "甲园区,园区,450300\n"
                                "甲公司,企业,450300\n"
                                "乙大学,高校,450300\n"
                                "丙公司,企业,450300\n"
                                "丁研究院,科研院所,450300\n"
                                "戊公司,企业,450300\n";
static const char base_events[] =
    "编号,名称,类型,主办园区,开始日期,结束日期,上午时段数,下午时段数,时段分钟,洽谈桌数\n"
    "EV1,两天对接会,对接会,甲园区,2026-05-20,2026-05-21,3,3,20,3\n"
    "EV2,一天对接会,对接会,甲园区,2026-06-01,,2,2,30,1\n";
static const char base_participants[] = "活动,机构,角色,最多洽谈,不可用时段\n"
                                        "EV1,甲公司,观众,,\n"
                                        "EV1,乙大学,发布人,6,2;5\n"
                                        "EV1,丙公司,展商,,\n"
                                        "EV1,丁研究院,观众,,7-9\n"
                                        "EV1,戊公司,观众,,\n"
                                        "EV2,甲公司,观众,,\n"
                                        "EV2,乙大学,观众,,1\n";
static const char base_requests[] = "活动,发起方,对方,意愿\n"
                                    "EV1,甲公司,乙大学,必须\n"
                                    "EV1,甲公司,丙公司,希望\n"
                                    "EV1,戊公司,丁研究院,希望\n"
                                    "EV2,甲公司,乙大学,希望\n";
static const char base_meetings[] = "活动,甲方,乙方,时段,桌号,锁定,状态\n"
                                    "EV1,甲公司,乙大学,1,T1,是,已安排\n"
                                    "EV1,甲公司,丙公司,3,丙公司,否,已举行\n"
                                    "EV1,戊公司,丁研究院,10,T2,否,已安排\n";

static char tpl_path[256], work_path[256];
static unsigned char *tpl_bytes;
static size_t tpl_size;
static uint64_t tpl_digest;

static void must(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    must(f != NULL);
    must(n == 0 || fwrite(p, 1, n, f) == n);
    must(fclose(f) == 0);
}

static void remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[300];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        remove(p);
    }
}

static dj_app *open_app(const char *path)
{
    dj_actor actor = {"fuzz", DJ_ROLE_ADMIN, 0};
    dj_app *app = NULL;
    dj_diag d;
    must(dj_app_open(&app, path, &actor, &d) == DJ_OK);
    return app;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n--)
        h = (h ^ *s++) * 1099511628211ull;
    return h;
}

/* FNV-1a over every row of every table, in table and rowid order. */
static uint64_t db_digest(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL;
    uint64_t h = 1469598103934665603ull;

    must(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    must(sqlite3_prepare_v2(db,
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite_%' ORDER BY name",
                            -1, &tables, NULL) == SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", name);
        sqlite3_stmt *rows = NULL;

        h = fnv(h, name, strlen(name) + 1);
        if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) { /* WITHOUT ROWID */
            sqlite3_free(sql);
            sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
            must(sqlite3_prepare_v2(db, sql, -1, &rows, NULL) == SQLITE_OK);
        }
        sqlite3_free(sql);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                const void *v = sqlite3_column_blob(rows, c);
                int n = sqlite3_column_bytes(rows, c), t = sqlite3_column_type(rows, c);
                h = fnv(h, &t, sizeof t);
                h = fnv(h, v ? v : "", (size_t)n);
            }
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return h;
}

static void import_text(dj_app *app, const char *type, const char *text)
{
    char path[256];
    const char *paths[1] = {path}, *types[1] = {type};
    dj_diag d;
    fuzz_write_tmp(path, sizeof path, type, (const uint8_t *)text, strlen(text));
    must(dj_app_import(app, paths, types, 1, NULL, &d) == DJ_OK);
    remove(path);
}

static void build_template(void)
{
    const char *dir = getenv("TMPDIR");
    dj_app *app;
    FILE *f;
    long n;

    snprintf(tpl_path, sizeof tpl_path, "%s/fuzz_import_tpl_%ld.db", dir && *dir ? dir : "/tmp",
             (long)getpid());
    snprintf(work_path, sizeof work_path, "%s/fuzz_import_db_%ld.db", dir && *dir ? dir : "/tmp",
             (long)getpid());
    remove_db(tpl_path);
    app = open_app(tpl_path);
    import_text(app, "orgs", base_orgs);
    import_text(app, "events", base_events);
    import_text(app, "participants", base_participants);
    import_text(app, "requests", base_requests);
    import_text(app, "meetings", base_meetings);
    dj_app_close(app);

    must((f = fopen(tpl_path, "rb")) != NULL);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    must(n > 0 && (tpl_bytes = malloc((size_t)n)) != NULL);
    must(fread(tpl_bytes, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    tpl_size = (size_t)n;
    remove_db(tpl_path);
    write_file(work_path, tpl_bytes, tpl_size);
    tpl_digest = db_digest(work_path);
}

/* The one integer an invariant query returns (a count of violations). */
static long long query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v;
    must(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    must(sqlite3_step(st) == SQLITE_ROW);
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Every entry of every participant's 不可用时段 (';'-separated numbers) is
 * a slot of its event. */
static void check_unavailable(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    must(sqlite3_prepare_v2(db,
                            "SELECT p.unavailable, (SELECT count(*) FROM event_slots s WHERE "
                            "s.event_id = p.event_id) FROM participants p",
                            -1, &st, NULL) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        long long nslots = sqlite3_column_int64(st, 1);
        while (s && *s) {
            char *end;
            long long v = strtoll(s, &end, 10);
            must(end != s && v >= 1 && v <= nslots);
            s = *end == ';' ? end + 1 : end;
            must(*end == ';' || *end == '\0');
        }
    }
    sqlite3_finalize(st);
}

static void check_consistent(const char *path)
{
    static const char *const violations[] = {
        /* slots 1..N per event, at most 64 */
        "SELECT count(*) FROM (SELECT count(*) c, min(seq) lo, max(seq) hi FROM event_slots "
        "GROUP BY event_id) WHERE lo <> 1 OR hi <> c OR c > 64",
        /* a meeting's slot, table and parties belong to its event */
        "SELECT count(*) FROM meetings m LEFT JOIN event_slots s ON s.id = m.slot_id "
        "WHERE s.id IS NULL OR s.event_id <> m.event_id",
        "SELECT count(*) FROM meetings m LEFT JOIN event_tables t ON t.id = m.table_id "
        "WHERE m.table_id IS NOT NULL AND (t.id IS NULL OR t.event_id <> m.event_id)",
        "SELECT count(*) FROM meetings m JOIN participants a ON a.id = m.a_id "
        "JOIN participants b ON b.id = m.b_id WHERE a.event_id <> m.event_id "
        "OR b.event_id <> m.event_id",
        /* no participant in two live meetings of one slot */
        "SELECT count(*) FROM (SELECT p, slot_id FROM (SELECT a_id p, slot_id FROM meetings "
        "WHERE status <> 'cancelled' UNION ALL SELECT b_id, slot_id FROM meetings WHERE "
        "status <> 'cancelled') GROUP BY p, slot_id HAVING count(*) > 1)",
        /* no table holding two live meetings in one slot */
        "SELECT count(*) FROM (SELECT table_id, slot_id FROM meetings WHERE status <> "
        "'cancelled' AND table_id IS NOT NULL GROUP BY table_id, slot_id HAVING count(*) > 1)",
    };
    sqlite3 *db = NULL;

    must(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    for (size_t i = 0; i < sizeof violations / sizeof violations[0]; i++)
        if (query_int(db, violations[i]) != 0) {
            fprintf(stderr, "fuzz_import: invariant %zu broken: %s\n", i, violations[i]);
            __builtin_trap();
        }
    check_unavailable(db);
    sqlite3_close(db);
}

/* Schedules every event of the database at path (ids from SQLite). */
static void schedule_all(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t ids[16];
    int n = 0;
    dj_app *app;

    must(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    must(sqlite3_prepare_v2(db, "SELECT id FROM events ORDER BY id LIMIT 16", -1, &st, NULL) ==
         SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);

    app = open_app(path);
    for (int i = 0; i < n; i++) {
        dj_app_sched_opts o;
        dj_app_sched_report rep;
        dj_diag d;
        char id[24];
        int rc;

        memset(&o, 0, sizeof o);
        memset(&d, 0, sizeof d);
        o.seed = 1;
        o.max_iters = 3000;
        snprintf(id, sizeof id, "%lld", (long long)ids[i]);
        rc = dj_app_event_schedule(app, id, &o, &rep, &d);
        dj_app_sched_report_fini(&rep);
        if (rc != DJ_OK && !(rc == DJ_EINVAL && strstr(d.message, "no time slots"))) {
            fprintf(stderr, "fuzz_import: event %s cannot be scheduled (%d): %s\n", id, rc,
                    d.message);
            __builtin_trap();
        }
    }
    dj_app_close(app);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char paths[MAX_FILES][256], name[32];
    const char *pp[MAX_FILES], *types[MAX_FILES];
    int nfiles = 0, rc;
    size_t pos = 0;
    dj_app *app;
    dj_diag d;

    if (!tpl_bytes)
        build_template();
    while (pos < size && nfiles < MAX_FILES) {
        const uint8_t *end = memchr(data + pos, 0, size - pos);
        size_t len = (end ? (size_t)(end - data) : size) - pos;
        if (len > 0) {
            snprintf(name, sizeof name, "import%d", nfiles);
            types[nfiles] = type_names[data[pos] % 5];
            fuzz_write_tmp(paths[nfiles], sizeof paths[nfiles], name, data + pos + 1, len - 1);
            pp[nfiles] = paths[nfiles];
            nfiles++;
        }
        pos += len + 1;
    }
    if (nfiles == 0)
        return 0;

    remove_db(work_path);
    write_file(work_path, tpl_bytes, tpl_size);
    app = open_app(work_path);
    memset(&d, 0, sizeof d);
    rc = dj_app_import(app, pp, types, nfiles, NULL, &d);
    dj_app_close(app);
    if (rc < 0) {
        must(d.message[0] != '\0');
        must(rc != DJ_EINVAL || d.file[0] != '\0');
        if (db_digest(work_path) != tpl_digest) {
            fprintf(stderr, "fuzz_import: refused import (%s) changed the database\n", d.message);
            __builtin_trap();
        }
    } else {
        check_consistent(work_path);
        schedule_all(work_path);
        check_consistent(work_path);
    }
    for (int i = 0; i < nfiles; i++)
        remove(paths[i]);
    return 0;
}
