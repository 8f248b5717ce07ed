/* file.h - reading a whole file into memory, with a size cap; writing one
 * whole or not at all (a temporary file beside it, renamed over it).
 *
 * A write over an existing file behaves as if the file were rewritten in
 * place (as cp does): a file the user may not write (access(W_OK) fails,
 * e.g. chmod 444) is refused and left as it was, though its directory would
 * allow the rename; the new file keeps the old one's permission bits. A new
 * file is created 0666 less the umask. */
#ifndef DJ_FILE_H
#define DJ_FILE_H

#include <stddef.h>

/* Reads path into *out (dj_malloc'd, NUL-terminated; the caller frees with
 * dj_free) and its length into *len_out. Returns DJ_OK, DJ_EIO (cannot
 * open or read: errno tells why), DJ_ELIMIT (larger than limit bytes; 0 =
 * 2 GiB) or DJ_ENOMEM. */
int dj_file_read(char **out, size_t *len_out, const char *path, size_t limit);

/* Creates an empty "<path>.tmp-<pid>" (mode 0666 less the umask) beside
 * path (its name into tmp, cap bytes) for a writer that then fills it and
 * puts it at path with dj_file_tmp_commit (or removes it on failure), so
 * that path holds the old file or the whole new one, never part of it;
 * creating it first tells a missing directory, or a path the user may not
 * write (EACCES), before any work. Returns DJ_OK, DJ_EIO (errno tells why)
 * or DJ_ELIMIT (the name does not fit). */
int dj_file_tmp_create(char *tmp, size_t cap, const char *path);

/* Puts the finished temporary file tmp at path: refuses (EACCES) a path
 * that exists and that the user may not write, gives tmp the permission
 * bits of the file at path (when there is one) and renames it over path.
 * On failure tmp is removed and path left as it was. Returns DJ_OK or
 * DJ_EIO (errno tells why). */
int dj_file_tmp_commit(const char *tmp, const char *path);

/* Writes data[0..len) to path whole or not at all (dj_file_tmp_create,
 * then dj_file_tmp_commit); "-" is stdout. Returns DJ_OK, DJ_EIO (errno tells why) or
 * DJ_ELIMIT. */
int dj_file_write_whole(const char *path, const void *data, size_t len);

#endif
