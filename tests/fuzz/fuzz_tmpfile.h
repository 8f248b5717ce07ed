/* fuzz_tmpfile.h - for fuzz targets whose entry point reads a file: writes
 * the input bytes to a file of this process, $TMPDIR/fuzz_NAME_PID (or under
 * /tmp). The caller removes it. Header-only: each target is its own
 * program. */
#ifndef DJ_FUZZ_TMPFILE_H
#define DJ_FUZZ_TMPFILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void fuzz_write_tmp(char *path, size_t n, const char *name, const uint8_t *data,
                                  size_t size)
{
    const char *dir = getenv("TMPDIR");
    FILE *f;

    snprintf(path, n, "%s/fuzz_%s_%ld", dir && *dir ? dir : "/tmp", name, (long)getpid());
    if (!(f = fopen(path, "wb")))
        __builtin_trap();
    if (size && fwrite(data, 1, size, f) != size)
        __builtin_trap();
    fclose(f);
}

#endif
