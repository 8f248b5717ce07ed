/* helper_db.h - a scratch SQLite database per test process for the app
 * tests: its path, and its removal with the WAL and shared-memory files. */
#ifndef DJ_TEST_HELPER_DB_H
#define DJ_TEST_HELPER_DB_H

#include <stddef.h>

/* Writes /tmp/dj_<tag>_<pid>.db into path and removes any old copy. */
void th_db_path(char *path, size_t size, const char *tag);
/* Removes the database at path and its -wal and -shm files. */
void th_db_remove(const char *path);

#endif
