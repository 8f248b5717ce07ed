/* sqlite.c - the SQLite driver behind store.h: WAL, foreign keys, a busy
 * timeout, parameter binding by $n name, and a small cache of prepared
 * statements keyed by SQL text (store.c builds the same few statements
 * over and over during an import). The only file with sqlite3.h (besides
 * cmd_version.c, which prints the library version).
 *
 * Invariant: a cached statement is reset and its bindings cleared before
 * it is returned to the cache. */
#include "store/store_int.h"

#include "util/alloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define BUSY_WAIT_MS 5000 /* how long a statement waits for another writer's lock */

static int fail(sqlite3 *db, int rc, dj_diag *diag, const char *what)
{
    int code = DJ_ESTORE;
    int ext = db ? sqlite3_extended_errcode(db) : rc;

    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        code = DJ_ECONSTRAINT;
    else if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
        code = DJ_EBUSY;
    else if (rc == SQLITE_NOMEM)
        code = DJ_ENOMEM;
    if ((ext & 0xff) == SQLITE_READONLY) /* SQLite's own words do not say where to look */
        return dj_diag_set(diag, code,
                           "%s: %s (opened read-only, as with mode=ro, or the file or its "
                           "directory is not writable: SQLite writes -wal and -shm files "
                           "beside it)",
                           what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    if (code == DJ_EBUSY) /* another writer held the lock for the whole busy timeout */
        return dj_diag_set(diag, code,
                           "%s: %s (another process is writing to the database; waited %d s, "
                           "try again when it has finished)",
                           what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), BUSY_WAIT_MS / 1000);
    return dj_diag_set(diag, code, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

#define CACHE_SLOTS 32

typedef struct sq_conn {
    sqlite3 *db;
    struct {
        char *sql;
        sqlite3_stmt *stmt;
        int busy; /* in use by a query further up the stack (re-entrant callback) */
    } cache[CACHE_SLOTS];
    unsigned next_evict;
} sq_conn;

static int sq_open(void **conn_out, const char *target, dj_diag *diag)
{
    sqlite3 *db = NULL;
    sq_conn *c;
    int rc;

    rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = dj_diag_set(diag, DJ_ESTORE, "cannot open %s: %s", target,
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, BUSY_WAIT_MS);
    rc = sqlite3_exec(db,
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA journal_mode = WAL;"
                      "PRAGMA synchronous = NORMAL;",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(db, rc, diag, target);
        sqlite3_close(db);
        return rc;
    }
    if (!(c = dj_calloc(1, sizeof *c))) {
        sqlite3_close(db);
        return DJ_ENOMEM;
    }
    c->db = db;
    *conn_out = c;
    return DJ_OK;
}

static void sq_close(void *conn)
{
    sq_conn *c = conn;
    int i;
    if (!c)
        return;
    for (i = 0; i < CACHE_SLOTS; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        dj_free(c->cache[i].sql);
    }
    sqlite3_close(c->db);
    dj_free(c);
}

static int sq_exec(void *conn, const char *sql, dj_diag *diag)
{
    sq_conn *c = conn;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? DJ_OK : fail(c->db, rc, diag, "exec");
}

/* A prepared statement for sql: from the cache, or newly prepared and
 * cached (evicting round-robin). *slot_out is its cache slot, -1 if it
 * could not be cached (then the caller finalizes it). */
static int get_stmt(sq_conn *c, const char *sql, sqlite3_stmt **out, int *slot_out, dj_diag *diag)
{
    int i, rc;
    char *copy;

    for (i = 0; i < CACHE_SLOTS; i++) {
        if (c->cache[i].sql && !c->cache[i].busy && strcmp(c->cache[i].sql, sql) == 0) {
            *out = c->cache[i].stmt;
            *slot_out = i;
            c->cache[i].busy = 1;
            return DJ_OK;
        }
    }
    rc = sqlite3_prepare_v2(c->db, sql, -1, out, NULL);
    if (rc != SQLITE_OK)
        return fail(c->db, rc, diag, "prepare");
    *slot_out = -1;
    for (i = 0; i < CACHE_SLOTS; i++) { /* a free or evictable slot */
        int k = (int)(c->next_evict++ % CACHE_SLOTS);
        if (c->cache[k].busy)
            continue;
        if (!(copy = dj_strdup(sql)))
            break;
        sqlite3_finalize(c->cache[k].stmt);
        dj_free(c->cache[k].sql);
        c->cache[k].sql = copy;
        c->cache[k].stmt = *out;
        c->cache[k].busy = 1;
        *slot_out = k;
        break;
    }
    return DJ_OK;
}

#define MAX_COLS 64

static int sq_query(void *conn, const char *sql, const dj_value *params, int nparams, dj_row_cb cb,
                    void *ctx, int64_t *changes_out, dj_diag *diag)
{
    sq_conn *c = conn;
    sqlite3 *db = c->db;
    sqlite3_stmt *stmt = NULL;
    const char *names[MAX_COLS];
    dj_value vals[MAX_COLS];
    int rc, i, ncols, slot;

    if ((rc = get_stmt(c, sql, &stmt, &slot, diag)) < 0)
        return rc;
    for (i = 0; i < nparams; i++) {
        char name[16];
        int idx;
        snprintf(name, sizeof name, "$%d", i + 1);
        idx = sqlite3_bind_parameter_index(stmt, name);
        if (idx == 0)
            continue;
        if (params[i].type == DJ_V_INT)
            rc = sqlite3_bind_int64(stmt, idx, params[i].i);
        else if (params[i].type == DJ_V_TEXT)
            rc = sqlite3_bind_text(stmt, idx, params[i].s ? params[i].s : "", (int)params[i].len,
                                   SQLITE_STATIC);
        else
            rc = sqlite3_bind_null(stmt, idx);
        if (rc != SQLITE_OK) {
            rc = fail(db, rc, diag, "bind");
            goto done;
        }
    }
    ncols = sqlite3_column_count(stmt);
    if (ncols > MAX_COLS) {
        rc =
            dj_diag_set(diag, DJ_ELIMIT, "query returns %d columns, more than %d", ncols, MAX_COLS);
        goto done;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        dj_row row = {ncols, names, vals};
        if (!cb)
            continue;
        /* names are taken after step: a cached statement re-prepared by
         * SQLite after a schema change frees the old ones */
        for (i = 0; i < ncols; i++)
            names[i] = sqlite3_column_name(stmt, i);
        for (i = 0; i < ncols; i++) {
            switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_INTEGER:
                vals[i] = dj_v_int(sqlite3_column_int64(stmt, i));
                break;
            case SQLITE_NULL:
                vals[i] = dj_v_null();
                break;
            default:
                vals[i].type = DJ_V_TEXT;
                vals[i].s = (const char *)sqlite3_column_text(stmt, i);
                vals[i].len = (size_t)sqlite3_column_bytes(stmt, i);
                vals[i].i = 0;
                if (!vals[i].s)
                    vals[i] = dj_v_null();
            }
        }
        if ((rc = cb(&row, ctx)) < 0)
            goto done;
    }
    if (rc != SQLITE_DONE) {
        rc = fail(db, rc, diag, "step");
        goto done;
    }
    if (changes_out)
        *changes_out = sqlite3_changes(db);
    rc = DJ_OK;
done:
    if (slot >= 0) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        c->cache[slot].busy = 0;
    } else {
        sqlite3_finalize(stmt);
    }
    return rc;
}

static const char *sq_file(void *conn)
{
    const char *f = sqlite3_db_filename(((sq_conn *)conn)->db, "main");
    return f ? f : "";
}

const dj_db_driver dj__sqlite_driver = {
    "sqlite", sq_open, sq_close, sq_exec, sq_query, sq_file, "BEGIN IMMEDIATE",
};
