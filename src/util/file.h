/* file.h - reading a whole file into memory, with a size cap. */
#ifndef DJ_FILE_H
#define DJ_FILE_H

#include <stddef.h>

/* Reads path into *out (dj_malloc'd, NUL-terminated; the caller frees with
 * dj_free) and its length into *len_out. Returns DJ_OK, DJ_EIO (cannot
 * open or read: errno tells why), DJ_ELIMIT (larger than limit bytes; 0 =
 * 2 GiB) or DJ_ENOMEM. */
int dj_file_read(char **out, size_t *len_out, const char *path, size_t limit);

#endif
