/* file.c - whole-file reads for importers, tests and benchmarks, and
 * whole-file writes for exports and agendas (file.h): a temporary file
 * beside the target, renamed over it once complete, with the target's
 * write permission and mode honoured as a write in place would. */
#include "util/file.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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

/* 0 when path is missing or the user may write it; else -1 with errno
 * (EACCES for a read-only file). The rename would replace a read-only file
 * whenever the directory is writable: a write in place would not. */
static int may_replace(const char *path)
{
    if (access(path, W_OK) == 0 || errno == ENOENT)
        return 0;
    return -1;
}

int dj_file_tmp_create(char *tmp, size_t cap, const char *path)
{
    int fd;
    if ((size_t)snprintf(tmp, cap, "%s.tmp-%ld", path, (long)getpid()) >= cap)
        return DJ_ELIMIT;
    if (may_replace(path) < 0)
        return DJ_EIO;
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0)
        return DJ_EIO;
    close(fd);
    return DJ_OK;
}

int dj_file_tmp_commit(const char *tmp, const char *path)
{
    struct stat st;
    int saved;

    if (may_replace(path) < 0)
        goto fail;
    /* the old file's permission bits, not the temporary file's (0666 less
     * the umask): an export over a 0600 file must not make it readable to
     * all; set-id bits are not carried over to new content */
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode) && chmod(tmp, st.st_mode & 0777) != 0)
        goto fail;
    if (rename(tmp, path) == 0)
        return DJ_OK;
fail:
    saved = errno;
    remove(tmp);
    errno = saved;
    return DJ_EIO;
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
    if (rc < 0) {
        remove(tmp);
        errno = saved;
        return rc;
    }
    return dj_file_tmp_commit(tmp, path);
}
