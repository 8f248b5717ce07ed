/* error.c - names and messages for dj_err codes, and dj_diag helpers. */
#include "duijie/dj_error.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *dj_err_name(int code)
{
    switch (code) {
#define DJ_X_NAME(name, value, msg) \
    case value:                     \
        return #name;
        DJ_ERRORS(DJ_X_NAME)
#undef DJ_X_NAME
    }
    return "DJ_UNKNOWN";
}

const char *dj_err_message(int code)
{
    switch (code) {
#define DJ_X_MSG(name, value, msg) \
    case value:                    \
        return msg;
        DJ_ERRORS(DJ_X_MSG)
#undef DJ_X_MSG
    }
    return "unknown error";
}

void dj_diag_clear(dj_diag *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

int dj_diag_set(dj_diag *d, int code, const char *fmt, ...)
{
    va_list ap;

    if (!d)
        return code;
    d->code = code;
    va_start(ap, fmt);
    if (vsnprintf(d->message, sizeof d->message, fmt, ap) >= (int)sizeof d->message)
        d->message[dj_utf8_floor(d->message, sizeof d->message - 1)] = '\0'; /* whole characters */
    va_end(ap);
    return code;
}
