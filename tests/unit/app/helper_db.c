/* helper_db.c - scratch databases for the app tests (helper_db.h). */
#include "helper_db.h"

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
