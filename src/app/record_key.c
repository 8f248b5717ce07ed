/* record_key.c - a record named the way people name it: by its id (14, or
 * #14) or by its natural key - a listing's or an event's 编号 (GL-D03), an
 * organisation's name or 统一社会信用代码. The commands that take one record
 * (show, update, close, match) resolve what was typed here, so that an
 * 编号 from an import file works wherever an id does.
 *
 * Rule, as for projects and deals (projects_write.c): the natural key
 * first, else digits are the id (a listing coded 5 is that listing; #5 is
 * always id 5, as a participant's #5 in `duijie event`). The id is not
 * checked here: the caller's read or write says "not found". A key that is
 * neither is DJ_ENOTFOUND, with nothing in diag: the caller names the
 * record as typed. */
#include "app/app_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The columns that name one record of a table, tried in order. */
static const char *const *natural_keys(const char *table)
{
    static const char *const listings[] = {"code", NULL};
    static const char *const orgs[] = {"name", "uscc", NULL};
    static const char *const events[] = {"code", NULL};
    if (!strcmp(table, "listings"))
        return listings;
    if (!strcmp(table, "orgs"))
        return orgs;
    if (!strcmp(table, "events"))
        return events;
    return NULL;
}

/* N of "N" or "#N" (N >= 1, no sign, no blank), else -1. */
static int64_t id_of(const char *s)
{
    char *end;
    if (*s == '#')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 || v == LLONG_MAX ? -1 : (int64_t)v;
}

int dj_app_record_id(dj_app *app, const char *type, const char *key, int64_t *id_out, dj_diag *diag)
{
    const char *const *cols = natural_keys(type);
    int rc;

    *id_out = 0;
    if (!key || !*key)
        return DJ_ENOTFOUND;
    if (key[0] != '#')
        for (; cols && *cols; cols++) {
            dj_field w = {*cols, dj_v_text(key)};
            if ((rc = dj_store_find_id(app->st, type, &w, 1, id_out, diag)) != DJ_ENOTFOUND)
                return rc;
        }
    dj_diag_clear(diag);
    return (*id_out = id_of(key)) > 0 ? DJ_OK : (*id_out = 0, DJ_ENOTFOUND);
}
