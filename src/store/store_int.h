/* store_int.h - private to src/store/: the engine driver table.
 *
 * store.c builds SQL with numbered placeholders $1..$n, each used once
 * and in order, and runs it through a driver. A driver owns the engine's
 * connection and is the only code that includes the engine's header. */
#ifndef DJ_STORE_INT_H
#define DJ_STORE_INT_H

#include "store/store.h"

typedef struct dj_db_driver {
    const char *name;
    /* flags: enum dj_store_open_flag (DJ_STORE_READ: a database this
     * process may not write is opened read-only rather than refused). */
    int (*open)(void **conn_out, const char *target, int flags, dj_diag *diag);
    void (*close)(void *conn);
    /* Runs a script of one or more statements without parameters. */
    int (*exec)(void *conn, const char *sql, dj_diag *diag);
    /* Runs one statement with parameters; calls cb per result row (cb may
     * be NULL); *changes_out (may be NULL) gets the rows changed. */
    int (*query)(void *conn, const char *sql, const dj_value *params, int nparams, dj_row_cb cb,
                 void *ctx, int64_t *changes_out, dj_diag *diag);
    /* The database file's path as the engine resolved it (a SQLite URI's
     * file, not the URI text), or "" when there is none (in memory, temp,
     * a server): side files (.index) are named after it. */
    const char *(*file)(void *conn);
    /* NULL when the connection may write; else why it was opened read-only
     * ("the file is not writable by this user"), borrowed from conn. */
    const char *(*read_only)(void *conn);
    const char *begin_sql; /* "BEGIN IMMEDIATE" for SQLite, "BEGIN" for PostgreSQL */
} dj_db_driver;

extern const dj_db_driver dj__sqlite_driver;

typedef struct dj_migration {
    int version;
    const char *name;
    const char *sql;
} dj_migration;

/* Generated from src/store/migrations/NNN_*.sql (build/generated/migrations.c). */
extern const dj_migration dj__migrations[];
extern const int dj__nmigrations;

#endif
