/* dj_error.h - error codes shared by every module of libduijie.
 *
 * Fallible functions return int: DJ_OK (0) or one of the negative codes
 * below. Names and messages come from the one X-macro table here, so the CLI
 * and (later) the HTTP server map codes in a single place. Parsers and the
 * store also fill an optional caller-owned dj_diag with where and why. */
#ifndef DJ_ERROR_H
#define DJ_ERROR_H

#include <stddef.h>

/* X(name, value, message) */
#define DJ_ERRORS(X)                             \
    X(DJ_OK, 0, "ok")                            \
    X(DJ_ENOMEM, -1, "out of memory")            \
    X(DJ_EINVAL, -2, "invalid input")            \
    X(DJ_ELIMIT, -3, "limit exceeded")           \
    X(DJ_EPARSE, -4, "parse error")              \
    X(DJ_EIO, -5, "input/output error")          \
    X(DJ_ENOTFOUND, -6, "not found")             \
    X(DJ_EEXISTS, -7, "already exists")          \
    X(DJ_ESTORE, -8, "database error")           \
    X(DJ_ECONSTRAINT, -9, "constraint violated") \
    X(DJ_EINFEASIBLE, -10, "infeasible")         \
    X(DJ_EBUSY, -11, "busy")                     \
    X(DJ_EPERM, -12, "permission denied")

enum dj_err {
#define DJ_X_ENUM(name, value, msg) name = value,
    DJ_ERRORS(DJ_X_ENUM)
#undef DJ_X_ENUM
};

/* Returns the constant name ("DJ_EINVAL") or "DJ_UNKNOWN"; never NULL. */
const char *dj_err_name(int code);
/* Returns a short English message for code; never NULL. */
const char *dj_err_message(int code);

/* Where and why an operation failed. Caller-owned; every field optional to
 * read. Functions taking a dj_diag * accept NULL. */
typedef struct dj_diag {
    int code;          /* the dj_err returned */
    char file[256];    /* input file name, "" when not applicable */
    long line;         /* 1-based line (or record), 0 when unknown */
    char field[64];    /* column or field name, "" when not applicable */
    size_t offset;     /* byte offset in the input, when meaningful */
    char message[512]; /* human-readable reason, UTF-8 */
} dj_diag;

/* Clears d (no-op for NULL). */
void dj_diag_clear(dj_diag *d);
/* Sets code and a printf-style message on d (no-op for NULL); returns code so
 * callers can write `return dj_diag_set(d, DJ_EINVAL, "...")`. */
int dj_diag_set(dj_diag *d, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
