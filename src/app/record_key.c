/* record_key.c - a record named the way people name it: by its id (14, or
 * #14) or by its natural key - 编号 (GL-D03, P-2024-01), an organisation's
 * name or 统一社会信用代码. Every command that takes one record (show,
 * update, close, match; project, deal and event commands) resolves what was
 * typed here, so that an 编号 from an import file works wherever an id does.
 *
 * Rule: the natural key first, else digits are the id of a record that
 * exists (a project coded "1" is that project, not the one with id 1).
 * dj_app_record_id also takes #N as the id N, as a participant's #5 in
 * `duijie event`. Not found is DJ_ENOTFOUND with nothing in diag: the
 * caller names the record as typed. */
#include "app/app_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The columns that name one record of a table, tried in order. */
static const char *const *natural_keys(const char *table)
{
    static const char *const code[] = {"code", NULL};
    static const char *const orgs[] = {"name", "uscc", NULL};
    if (!strcmp(table, "orgs"))
        return orgs;
    if (!strcmp(table, "listings") || !strcmp(table, "events") || !strcmp(table, "projects") ||
        !strcmp(table, "deals"))
        return code;
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

/* The row of table with id, when there is one. */
static int id_exists(dj_app *app, const char *table, int64_t id, int64_t *id_out, dj_diag *diag)
{
    dj_field w = {"id", dj_v_int(id)};
    int64_t n = 0;
    int rc = dj_store_count(app->st, table, &w, 1, &n, diag);
    if (rc < 0)
        return rc;
    if (n != 1)
        return DJ_ENOTFOUND;
    *id_out = id;
    return DJ_OK;
}

int dj__app_record_find(dj_app *app, const char *table, const char *key, int64_t *id_out,
                        dj_diag *diag)
{
    const char *const *cols = natural_keys(table);
    int64_t id;
    int rc;

    *id_out = 0;
    if (!key || !*key)
        return DJ_ENOTFOUND;
    for (; cols && *cols; cols++) {
        dj_field w = {*cols, dj_v_text(key)};
        if ((rc = dj_store_find_id(app->st, table, &w, 1, id_out, diag)) != DJ_ENOTFOUND)
            return rc;
    }
    dj_diag_clear(diag);
    return key[0] != '#' && (id = id_of(key)) > 0 ? id_exists(app, table, id, id_out, diag)
                                                  : DJ_ENOTFOUND;
}

int dj_app_record_id(dj_app *app, const char *type, const char *key, int64_t *id_out, dj_diag *diag)
{
    int64_t id;
    *id_out = 0;
    if (key && key[0] == '#') /* #N: the id, whatever is coded so */
        return (id = id_of(key)) > 0 ? id_exists(app, type, id, id_out, diag) : DJ_ENOTFOUND;
    return dj__app_record_find(app, type, key, id_out, diag);
}
