/* sqlite.c - the SQLite driver behind store.h: WAL, foreign keys, a busy
 * timeout, parameter binding by $n name, and a small cache of prepared
 * statements keyed by SQL text (store.c builds the same few statements
 * over and over during an import). The only file with sqlite3.h (besides
 * cmd_version.c, which prints the library version).
 *
 * Invariant: a cached statement is reset and its bindings cleared before
 * it is returned to the cache.
 *
 * Databases this process may not write. A database is opened read-write
 * (WAL) whenever it can be written, whatever the caller means to do, so a
 * writable database behaves as it always did. It cannot be written when
 * SQLite opens the file read-only (a file this user may not write, a
 * read-only mount, a "mode=ro" URI) or when switching to WAL fails for want
 * of a writable directory (a WAL database needs FILE-wal and FILE-shm
 * beside it). Without DJ_STORE_READ such a database is refused at open,
 * saying why, before the caller has done any work. With DJ_STORE_READ it is
 * opened SQLITE_OPEN_READONLY instead, which reads a WAL database when
 * FILE-shm exists (SQLite >= 3.22 reads one it may not write) or can be
 * created. When neither holds (a copied WAL database in a directory this
 * user may not write) SQLite cannot read it without "immutable=1", which
 * turns off locking and the WAL: it is used only when no other process can
 * be writing, i.e. (1) FILE-shm does not exist, so nobody has the database
 * open in WAL mode now, (2) FILE-wal is absent or empty, so no committed
 * change would be skipped, and (3) nobody but root could start writing:
 * the directory is on a read-only mount or has no write permission bit for
 * anyone (a WAL writer must create FILE-wal and FILE-shm there). A
 * directory its owner may write is refused instead (its owner could start
 * an import while we read a half-checkpointed file), with what to do. */
#include "store/store_int.h"

#include "util/alloc.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define BUSY_WAIT_MS 5000 /* how long a statement waits for another writer's lock */

/* ro_why: why the connection was opened read-only, "" when it was not. */
static int fail(sqlite3 *db, const char *ro_why, int rc, dj_diag *diag, const char *what)
{
    int code = DJ_ESTORE;
    int ext = db ? sqlite3_extended_errcode(db) : rc;

    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        code = DJ_ECONSTRAINT;
    else if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
        code = DJ_EBUSY;
    else if (rc == SQLITE_NOMEM)
        code = DJ_ENOMEM;
    if ((ext & 0xff) == SQLITE_READONLY && ro_why && *ro_why)
        return dj_diag_set(diag, code, "%s: the database is read-only (%s)",
                           sqlite3_db_filename(db, "main"), ro_why);
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

#define WHY_LEN 320

typedef struct sq_conn {
    sqlite3 *db;
    char ro_why[WHY_LEN]; /* "" unless opened read-only (DJ_STORE_READ): why */
    struct {
        char *sql;
        sqlite3_stmt *stmt;
        int busy; /* in use by a query further up the stack (re-entrant callback) */
    } cache[CACHE_SLOTS];
    unsigned next_evict;
} sq_conn;

/* The directory part of path into out ("." for a bare name). */
static void dir_of(char *out, size_t cap, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, cap, ".");
    else if (slash == path)
        snprintf(out, cap, "/");
    else
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

static int on_read_only_mount(const char *path)
{
    struct statvfs v;
    return statvfs(path, &v) == 0 && (v.f_flag & ST_RDONLY);
}

/* Why SQLite opened file (already open) read-only: into why. */
static void why_file_read_only(char *why, size_t cap, const char *file)
{
    if (on_read_only_mount(file))
        snprintf(why, cap, "it is on a read-only file system");
    else if (access(file, W_OK) != 0)
        snprintf(why, cap, "the file is not writable by this user");
    else
        snprintf(why, cap, "it was opened read-only, as with mode=ro");
}

/* Why file's directory keeps a WAL database from being written (SQLite
 * could not create FILE-wal or FILE-shm there), or "" when that is not it. */
static void why_dir_read_only(char *why, size_t cap, const char *file)
{
    char dir[4096];
    dir_of(dir, sizeof dir, file);
    if (on_read_only_mount(dir))
        snprintf(why, cap, "it is on a read-only file system");
    else if (access(dir, W_OK) != 0)
        snprintf(why, cap,
                 "its directory is not writable by this user, and SQLite keeps the database's "
                 "-wal and -shm files there");
}

/* Whether file may be opened with immutable=1 (the file comment's rule):
 * 0 when it may, else why not: NOT_SHM (FILE-shm exists, yet SQLite could
 * not use it), NOT_WAL (changes wait in FILE-wal), NOT_OWNER (the
 * directory's owner may write there). */
enum { IMMUTABLE_OK, NOT_SHM, NOT_WAL, NOT_OWNER };

static int immutable_ok(const char *file)
{
    char p[4200], dir[4096];
    struct stat s;

    snprintf(p, sizeof p, "%s-shm", file);
    if (stat(p, &s) == 0)
        return NOT_SHM;
    snprintf(p, sizeof p, "%s-wal", file);
    if (stat(p, &s) == 0 && s.st_size > 0)
        return NOT_WAL;
    dir_of(dir, sizeof dir, file);
    if (on_read_only_mount(dir) || (stat(dir, &s) == 0 && !(s.st_mode & 0222)))
        return IMMUTABLE_OK;
    return NOT_OWNER;
}

/* The message of a database immutable_ok refused (why): what to do. */
static int cannot_read(dj_diag *diag, const char *target, const char *file, int why)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (why == NOT_SHM)
        return dj_diag_set(diag, DJ_ESTORE,
                           "cannot read %s: %s-shm exists but this user may not "
                           "read it",
                           target, base);
    if (why == NOT_WAL)
        return dj_diag_set(diag, DJ_ESTORE,
                           "cannot read %s: changes are waiting in %s-wal, which SQLite reads only "
                           "with %s-shm beside it, and this user may not create that file (open "
                           "the database once where its directory is writable)",
                           target, base, base);
    return dj_diag_set(diag, DJ_ESTORE,
                       "cannot read %s: SQLite reads a WAL database only with %s-shm beside it, "
                       "which this user may not create; the directory's owner may write there, so "
                       "another process could start writing while it is read and it is not read "
                       "as unchanging (make the directory writable for this user, or copy the "
                       "database)",
                       target, base);
}

/* "file:" URI of path with immutable=1; every byte but [A-Za-z0-9/._~-]
 * percent-encoded, so '?', '#' and '%' in the path stay part of it. */
static int immutable_uri(char *out, size_t cap, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    const unsigned char *p;

    if (cap < 32)
        return DJ_ELIMIT;
    memcpy(out, "file:", 5);
    n = 5;
    for (p = (const unsigned char *)path; *p; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("/._~-", *p);
        if (n + 3 + sizeof "?immutable=1" > cap)
            return DJ_ELIMIT;
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    memcpy(out + n, "?immutable=1", sizeof "?immutable=1");
    return DJ_OK;
}

/* Opens and reads the schema: SQLITE_OK, or SQLite's error with *db
 * still to close. */
static int open_probe(sqlite3 **db, const char *target, int flags)
{
    int rc = sqlite3_open_v2(target, db, flags, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_busy_timeout(*db, BUSY_WAIT_MS);
    /* reading the schema opens the WAL, or fails for want of FILE-shm */
    return sqlite3_exec(*db, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_master", NULL,
                        NULL, NULL);
}

/* The read-only open of DJ_STORE_READ (the file comment): file is the path
 * SQLite resolved target to. */
static int open_read_only(sqlite3 **db_out, const char *target, const char *file, dj_diag *diag)
{
    sqlite3 *db = NULL;
    char uri[8192];
    int rc, ext, why;

    *db_out = NULL;
    rc = open_probe(&db, target, SQLITE_OPEN_READONLY);
    ext = db ? sqlite3_extended_errcode(db) : rc;
    if (rc != SQLITE_OK && ((ext & 0xff) == SQLITE_CANTOPEN || (ext & 0xff) == SQLITE_READONLY)) {
        if ((why = immutable_ok(file)) != IMMUTABLE_OK) {
            sqlite3_close(db);
            return cannot_read(diag, target, file, why);
        }
        sqlite3_close(db);
        db = NULL;
        if (immutable_uri(uri, sizeof uri, file) < 0)
            return dj_diag_set(diag, DJ_ELIMIT, "cannot read %s: its path is too long", target);
        rc = open_probe(&db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    }
    if (rc != SQLITE_OK) {
        rc = dj_diag_set(diag, DJ_ESTORE, "cannot read %s: %s", target,
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return rc;
    }
    *db_out = db;
    return DJ_OK;
}

static int sq_open(void **conn_out, const char *target, int flags, dj_diag *diag)
{
    sqlite3 *db = NULL;
    sq_conn *c;
    char file[4096], why[WHY_LEN] = "";
    int rc;

    rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = dj_diag_set(diag, DJ_ESTORE, "cannot open %s: %s", target,
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return rc;
    }
    snprintf(file, sizeof file, "%s",
             sqlite3_db_filename(db, "main") ? sqlite3_db_filename(db, "main") : "");
    sqlite3_busy_timeout(db, BUSY_WAIT_MS);
    if (*file && sqlite3_db_readonly(db, "main") == 1) {
        why_file_read_only(why, sizeof why, file);
        rc = SQLITE_READONLY;
    } else {
        rc = sqlite3_exec(db,
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = NORMAL;",
                          NULL, NULL, NULL);
        if (rc != SQLITE_OK && *file &&
            ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_READONLY ||
             (sqlite3_extended_errcode(db) & 0xff) == SQLITE_CANTOPEN))
            why_dir_read_only(why, sizeof why, file);
    }
    if (*why) { /* opened, but this process may not write it */
        sqlite3_close(db);
        db = NULL;
        if (!(flags & DJ_STORE_READ))
            return dj_diag_set(diag, DJ_ESTORE, "%s: the database is read-only (%s)", target, why);
        if ((rc = open_read_only(&db, target, file, diag)) < 0)
            return rc;
    } else if (rc != SQLITE_OK) {
        rc = fail(db, NULL, rc, diag, target);
        sqlite3_close(db);
        return rc;
    }
    if (!(c = dj_calloc(1, sizeof *c))) {
        sqlite3_close(db);
        return DJ_ENOMEM;
    }
    c->db = db;
    snprintf(c->ro_why, sizeof c->ro_why, "%s", why);
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
    return rc == SQLITE_OK ? DJ_OK : fail(c->db, c->ro_why, rc, diag, "exec");
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
        return fail(c->db, c->ro_why, rc, diag, "prepare");
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
            rc = fail(db, c->ro_why, rc, diag, "bind");
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
        rc = fail(db, c->ro_why, rc, diag, "step");
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

static const char *sq_read_only(void *conn)
{
    const sq_conn *c = conn;
    return c->ro_why[0] ? c->ro_why : NULL;
}

const dj_db_driver dj__sqlite_driver = {
    "sqlite", sq_open, sq_close, sq_exec, sq_query, sq_file, sq_read_only, "BEGIN IMMEDIATE",
};
