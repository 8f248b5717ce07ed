/* helper_db.h - a scratch SQLite database per test process for the app
 * tests: its path, opening it as an actor, and its removal with the WAL
 * and shared-memory files. */
#ifndef DJ_TEST_HELPER_DB_H
#define DJ_TEST_HELPER_DB_H

#include "duijie/dj_app.h"

#include <stddef.h>

/* Writes /tmp/dj_<tag>_<pid>.db into path and removes any old copy. */
void th_db_path(char *path, size_t size, const char *tag);
/* Opens the app on path as actor "tester" with role (and org for a
 * member); fails the test when it cannot. */
dj_app *th_open_as(const char *path, int role, int64_t org);
/* dj_app_put of one record; fails the test when it is refused. */
void th_put(dj_app *app, const char *type, const char *const *cols, const char *const *vals, int n);
/* Rows of table, and the audit_log entries about it: *audited. */
int64_t th_count(dj_app *app, const char *table, int64_t *audited);
/* Removes the database at path and its -wal and -shm files. */
void th_db_remove(const char *path);

#endif
