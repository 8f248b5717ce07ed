/* store.h - the storage interface every layer above src/store/ sees.
 *
 * One dj_store is one connection to one database: SQLite (a file path, or
 * "sqlite:PATH") today, PostgreSQL ("postgres://..." / "postgresql://...")
 * behind the same functions later. Above this header nothing knows which
 * engine it talks to, and nothing writes SQL: callers name tables, views and
 * columns from the schema (src/store/migrations/), and pass values as
 * dj_value. Inside src/store/, store.c builds portable SQL (the subset
 * both SQLite >= 3.39 and PostgreSQL >= 12 accept: INSERT .. ON CONFLICT ..
 * DO UPDATE, RETURNING) and hands it to an engine driver (sqlite.c; pg.c
 * to come) through the dj_db_driver table in store_int.h.
 *
 * Threading: a dj_store is used by one thread at a time. Transactions nest
 * by counting: only the outermost begin/commit touch the database, and a
 * rollback at any depth rolls the whole transaction back.
 *
 * Table and column names passed in are checked lexically before they reach
 * SQL (store.c, ident_ok: [a-z0-9_], not starting with a digit, at most 63
 * bytes), so no caller can inject SQL through them; values always travel
 * as parameters. */
#ifndef DJ_STORE_H
#define DJ_STORE_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dj_store dj_store;

enum dj_value_type { DJ_V_NULL = 0, DJ_V_INT = 1, DJ_V_TEXT = 2 };

typedef struct dj_value {
    int type;      /* enum dj_value_type */
    int64_t i;     /* DJ_V_INT */
    const char *s; /* DJ_V_TEXT: UTF-8, not necessarily NUL-terminated */
    size_t len;
} dj_value;

static inline dj_value dj_v_null(void)
{
    dj_value v = {DJ_V_NULL, 0, NULL, 0};
    return v;
}
static inline dj_value dj_v_int(int64_t i)
{
    dj_value v = {DJ_V_INT, i, NULL, 0};
    return v;
}
dj_value dj_v_text(const char *s); /* NUL-terminated s; NULL gives DJ_V_NULL */
static inline dj_value dj_v_textn(const char *s, size_t len)
{
    dj_value v = {DJ_V_TEXT, 0, s, len};
    return v;
}

/* A column = value pair. */
typedef struct dj_field {
    const char *col;
    dj_value v;
} dj_field;

/* One row handed to a dj_store_each callback: ncols columns with their
 * names and values; borrowed for the duration of the callback. */
typedef struct dj_row {
    int ncols;
    const char *const *names;
    const dj_value *vals;
} dj_row;

/* Returns the value of column name in row, or a DJ_V_NULL value. */
dj_value dj_row_get(const dj_row *r, const char *name);
int64_t dj_row_int(const dj_row *r, const char *name, int64_t dflt);
/* Text of a column, "" for NULL; borrowed like the row. */
const char *dj_row_text(const dj_row *r, const char *name);

typedef int (*dj_row_cb)(const dj_row *row, void *ctx);

/* Flags of dj_store_open_flags. */
enum dj_store_open_flag {
    /* The caller will only read. A database this process may not write (a
     * read-only file, directory or mount; for SQLite also a "mode=ro" URI)
     * is then opened read-only instead of refused; every write on it fails
     * with DJ_ESTORE ("... the database is read-only (why)"). A database
     * that can be written is opened as without the flag. */
    DJ_STORE_READ = 1,
};

/* Opens (creating if needed) the database named by url. SQLite files are
 * opened in WAL mode with foreign keys on. Does not migrate. A database
 * this process may not write is refused with DJ_ESTORE ("PATH: the
 * database is read-only (why)") before anything is changed, unless flags
 * has DJ_STORE_READ (above). On DJ_OK *out is owned by the caller
 * (dj_store_close). Returns DJ_OK, DJ_ESTORE, DJ_EINVAL (unknown scheme),
 * DJ_ELIMIT (a path too long) or DJ_ENOMEM. */
int dj_store_open_flags(dj_store **out, const char *url, int flags, dj_diag *diag);
/* dj_store_open_flags with no flags: for reading and writing. */
int dj_store_open(dj_store **out, const char *url, dj_diag *diag);
/* NULL when st may write; else why it was opened read-only (DJ_STORE_READ),
 * in words for a message. Borrowed from st. */
const char *dj_store_read_only(const dj_store *st);
void dj_store_close(dj_store *st); /* NULL is a no-op; rolls back an open transaction */

/* The path of a file next to the database for data derived from it (the
 * saved catalog index): the SQLite file's path followed by suffix, into
 * out. DJ_ENOTFOUND when the database has no file (in memory), DJ_ELIMIT
 * when out is too small. */
int dj_store_side_file(const dj_store *st, const char *suffix, char *out, size_t outsz);

/* Applies every migration newer than the stored schema version, each in
 * its own transaction. *applied_out (may be NULL) gets how many ran. */
int dj_store_migrate(dj_store *st, int *applied_out, dj_diag *diag);
/* Applies pending migrations up to and including version target. */
int dj_store_migrate_to(dj_store *st, int target, int *applied_out, dj_diag *diag);
/* The schema version stored in the database (0 for an empty database). */
int dj_store_schema_version(dj_store *st, int *version_out, dj_diag *diag);
/* The version the code's newest migration brings (compile-time). */
int dj_store_latest_version(void);

int dj_store_begin(dj_store *st, dj_diag *diag);
int dj_store_commit(dj_store *st, dj_diag *diag);
void dj_store_rollback(dj_store *st);

/* Inserts a row, or, when key_cols (NULL-terminated list of column names
 * forming a unique key) is non-NULL and a row with the same key exists,
 * updates that row's other given columns. *id_out (may be NULL) gets the
 * row id. Constraint violations return DJ_ECONSTRAINT with the database's
 * message in diag. */
int dj_store_upsert(dj_store *st, const char *table, const dj_field *fields, int nfields,
                    const char *const *key_cols, int64_t *id_out, dj_diag *diag);

/* Updates the given fields of the row with this id. DJ_ENOTFOUND if none.
 * A field "updated_at" next to others is written only when one of the
 * others changes its stored value, so an update that changes nothing
 * leaves the row's modification time as it was. */
int dj_store_update(dj_store *st, const char *table, int64_t id, const dj_field *fields,
                    int nfields, dj_diag *diag);

/* Deletes rows of table matching every condition (column = value). At least
 * one condition is required. *deleted_out (may be NULL) gets the count. */
int dj_store_delete(dj_store *st, const char *table, const dj_field *where, int nwhere,
                    int64_t *deleted_out, dj_diag *diag);

/* Finds the id of the single row of table where every condition holds.
 * Returns DJ_OK, DJ_ENOTFOUND, or DJ_ESTORE. */
int dj_store_find_id(dj_store *st, const char *table, const dj_field *where, int nwhere,
                     int64_t *id_out, dj_diag *diag);

/* Calls cb for each row of a table or view where every condition holds,
 * ordered by order_by (a column name, optionally followed by " DESC"; NULL
 * for id order), at most limit rows (0 = all) after skipping offset. A
 * negative return from cb stops and is returned. */
int dj_store_each(dj_store *st, const char *table, const dj_field *where, int nwhere,
                  const char *order_by, long limit, long offset, dj_row_cb cb, void *ctx,
                  dj_diag *diag);

/* Counts rows of a table or view where every condition holds. */
int dj_store_count(dj_store *st, const char *table, const dj_field *where, int nwhere,
                   int64_t *count_out, dj_diag *diag);

/* How a condition of dj_store_each_ops / dj_store_count_ops compares its
 * column with a text value, in SQL both SQLite and PostgreSQL run: equal,
 * starts with (codes that nest: region 45 covers 450300, industry C covers
 * C36), or contains (a word of a title). The value's %, _ and \ are plain
 * characters; ASCII letters compare without regard to case (lower()). */
enum dj_where_op { DJ_WHERE_EQ = 0, DJ_WHERE_PREFIX = 1, DJ_WHERE_CONTAINS = 2 };

/* dj_store_each and dj_store_count with ops[i] (enum dj_where_op) for
 * where[i]; ops NULL: all equal. */
int dj_store_each_ops(dj_store *st, const char *table, const dj_field *where,
                      const unsigned char *ops, int nwhere, const char *order_by, long limit,
                      long offset, dj_row_cb cb, void *ctx, dj_diag *diag);
int dj_store_count_ops(dj_store *st, const char *table, const dj_field *where,
                       const unsigned char *ops, int nwhere, int64_t *count_out, dj_diag *diag);

/* Appends to audit_log (at = now, UTC). detail_json may be NULL. */
int dj_store_audit(dj_store *st, const char *actor, const char *action, const char *entity,
                   int64_t entity_id, const char *detail_json, dj_diag *diag);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void dj_store_now(char *out);

#endif
