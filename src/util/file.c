/* file.c - whole-file reads for importers, tests and benchmarks, and
 * whole-file writes for exports and agendas (file.h). */
#include "util/file.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int dj_file_read(char **out, size_t *len_out, const char *path, size_t limit)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *p;
    size_t len = 0, cap = 0, n;
    int rc = DJ_OK;

    *out = NULL;
    if (!limit)
        limit = (size_t)2 << 30;
    if (!f)
        return DJ_EIO;
    for (;;) {
        if (cap - len < 65536) {
            size_t want = cap ? cap * 2 : 1 << 16;
            if (want > limit + 65536)
                want = limit + 65536;
            if (want <= cap) {
                rc = DJ_ELIMIT;
                break;
            }
            if (!(p = dj_realloc(buf, want + 1))) {
                rc = DJ_ENOMEM;
                break;
            }
            buf = p;
            cap = want;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len > limit) {
            rc = DJ_ELIMIT;
            break;
        }
        if (n == 0)
            break;
    }
    if (rc == DJ_OK && ferror(f))
        rc = DJ_EIO;
    fclose(f);
    if (rc < 0) {
        dj_free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    *len_out = len;
    return DJ_OK;
}

int dj_file_tmp_create(char *tmp, size_t cap, const char *path)
{
    int fd;
    if ((size_t)snprintf(tmp, cap, "%s.tmp-%ld", path, (long)getpid()) >= cap)
        return DJ_ELIMIT;
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0)
        return DJ_EIO;
    close(fd);
    return DJ_OK;
}

int dj_file_write_whole(const char *path, const void *data, size_t len)
{
    char tmp[4096];
    FILE *f;
    int rc, saved;

    if (!strcmp(path, "-"))
        return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? DJ_OK : DJ_EIO;
    if ((rc = dj_file_tmp_create(tmp, sizeof tmp, path)) < 0)
        return rc;
    if (!(f = fopen(tmp, "wb"))) {
        saved = errno;
        remove(tmp);
        errno = saved;
        return DJ_EIO;
    }
    rc = fwrite(data, 1, len, f) == len ? DJ_OK : DJ_EIO;
    saved = errno;
    if (fclose(f) != 0 && rc == DJ_OK) {
        rc = DJ_EIO;
        saved = errno;
    }
    if (rc == DJ_OK && rename(tmp, path) != 0) {
        rc = DJ_EIO;
        saved = errno;
    }
    if (rc < 0) {
        remove(tmp);
        errno = saved;
    }
    return rc;
}
