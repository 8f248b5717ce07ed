/* file.c - whole-file reads for importers, tests and benchmarks. */
#include "util/file.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"

#include <stdio.h>

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
