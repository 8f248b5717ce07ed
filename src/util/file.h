/* file.h - reading a whole file into memory, with a size cap; writing one
 * whole or not at all (a temporary file beside it, renamed over it). */
#ifndef DJ_FILE_H
#define DJ_FILE_H

#include <stddef.h>

/* Reads path into *out (dj_malloc'd, NUL-terminated; the caller frees with
 * dj_free) and its length into *len_out. Returns DJ_OK, DJ_EIO (cannot
 * open or read: errno tells why), DJ_ELIMIT (larger than limit bytes; 0 =
 * 2 GiB) or DJ_ENOMEM. */
int dj_file_read(char **out, size_t *len_out, const char *path, size_t limit);

/* Creates an empty "<path>.tmp-<pid>" beside path (its name into tmp, cap
 * bytes) for a writer that then fills it and renames it over path (or
 * removes it on failure), so that path holds the old file or the whole new
 * one, never part of it; creating it first tells a missing directory or a
 * refusal before any work. Returns DJ_OK, DJ_EIO (errno tells why) or
 * DJ_ELIMIT (the name does not fit). */
int dj_file_tmp_create(char *tmp, size_t cap, const char *path);

/* Writes data[0..len) to path whole or not at all (dj_file_tmp_create,
 * then rename); "-" is stdout. Returns DJ_OK, DJ_EIO (errno tells why) or
 * DJ_ELIMIT. */
int dj_file_write_whole(const char *path, const void *data, size_t len);

#endif
