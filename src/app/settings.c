/* settings.c - a deployment's settings (table settings, migration 007):
 * the one list of known names, each with its check, its canonical form and
 * its built-in default. Reading needs no role; changing needs
 * DJ_ACT_CONFIGURE and is audited in the same transaction.
 * Invariant: every stored value passed its name's check when it was
 * written, and a name without a row reads as its default. */
#include "app/app_int.h"
#include "app/app_match.h"

#include "duijie/dj_match.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

typedef struct setting {
    const char *name;
    const char *title; /* for people (Chinese) */
    /* Checks value and appends its canonical form to out: DJ_OK or
     * DJ_EINVAL with diag naming what is wrong. value NULL = the default. */
    int (*canonical)(dj_buf *out, const char *value, dj_diag *diag);
} setting;

static int match_weights(dj_buf *out, const char *value, dj_diag *diag)
{
    dj_match_weights w;
    int rc;
    dj_match_weights_default(&w);
    if (value && (rc = dj_match_weights_parse(&w, value, diag)) < 0)
        return rc;
    return dj_match_weights_write(out, &w);
}

static const setting settings[] = {
    {"match.weights", "匹配因素权重 (文本 标签 行业 地区 成熟度 预算 合作方式; 语义)",
     match_weights},
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

static const setting *find(const char *name, dj_diag *diag)
{
    for (size_t i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].name, name) == 0)
            return &settings[i];
    dj_diag_set(diag, DJ_ENOTFOUND, "no setting named '%s' (known: match.weights)", name);
    return NULL;
}

typedef struct stored {
    dj_buf *value; /* the row's value, appended */
    char at[32], by[64];
    int found;
} stored;

static int stored_cb(const dj_row *r, void *ctx)
{
    stored *s = ctx;
    s->found = 1;
    snprintf(s->at, sizeof s->at, "%s", dj_row_text(r, "updated_at"));
    snprintf(s->by, sizeof s->by, "%s", dj_row_text(r, "updated_by"));
    dj_buf_puts(s->value, dj_row_text(r, "value"));
    return dj_buf_rc(s->value);
}

/* The stored row of name, if any, into s (value appended to s->value). */
static int read_stored(dj_app *app, const char *name, stored *s, dj_diag *diag)
{
    dj_field w = {"name", dj_v_text(name)};
    s->found = 0;
    return dj_store_each(app->st, "settings", &w, 1, NULL, 1, 0, stored_cb, s, diag);
}

int dj_app_setting_get(dj_app *app, const char *name, dj_buf *out, dj_diag *diag)
{
    const setting *def = find(name, diag);
    stored s = {out, "", "", 0};
    int rc;

    if (!def)
        return DJ_ENOTFOUND;
    if ((rc = read_stored(app, name, &s, diag)) < 0 || s.found)
        return rc;
    return def->canonical(out, NULL, diag);
}

/* Writes (value non-NULL) or removes the row of name, audited, in one
 * transaction; nothing when the stored row already says so (*changed_out,
 * may be NULL, 0). */
static int change(dj_app *app, const char *name, const char *value, int *changed_out, dj_diag *diag)
{
    dj_buf detail, now_value;
    stored s = {&now_value, "", "", 0};
    int rc;

    if (changed_out)
        *changed_out = 0;
    if (!dj_app_can(app->actor.role, DJ_ACT_CONFIGURE))
        return dj_diag_set(diag, DJ_EPERM, "role may not change settings");
    dj_buf_init(&now_value, 0);
    rc = read_stored(app, name, &s, diag);
    if (rc == DJ_OK && s.found == (value != NULL) &&
        (!value || strcmp(dj_buf_cstr(&now_value), value) == 0))
        rc = 1; /* set to what it is, or reset while at the default */
    dj_buf_fini(&now_value);
    if (rc != DJ_OK)
        return rc > 0 ? DJ_OK : rc;
    if (changed_out)
        *changed_out = 1;
    dj_buf_init(&detail, 0);
    dj_buf_puts(&detail, "{\"name\":");
    dj_buf_json_str(&detail, name, strlen(name));
    dj_buf_puts(&detail, ",\"value\":");
    if (value)
        dj_buf_json_str(&detail, value, strlen(value));
    else
        dj_buf_puts(&detail, "null");
    dj_buf_putc(&detail, '}');
    if ((rc = dj_buf_rc(&detail)) < 0 || (rc = dj_store_begin(app->st, diag)) < 0) {
        dj_buf_fini(&detail);
        return rc;
    }
    if (value) {
        static const char *const key[] = {"name", NULL};
        char now[32];
        dj_field f[4];
        dj_store_now(now);
        f[0] = (dj_field){"name", dj_v_text(name)};
        f[1] = (dj_field){"value", dj_v_text(value)};
        f[2] = (dj_field){"updated_at", dj_v_text(now)};
        f[3] = (dj_field){"updated_by", dj_v_text(app->actor.login)};
        rc = dj_store_upsert(app->st, "settings", f, 4, key, NULL, diag);
    } else {
        dj_field w = {"name", dj_v_text(name)};
        rc = dj_store_delete(app->st, "settings", &w, 1, NULL, diag);
    }
    if (rc == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, value ? "set" : "reset", "settings", 0,
                            dj_buf_cstr(&detail), diag);
    dj_buf_fini(&detail);
    if (rc == DJ_OK)
        return dj_store_commit(app->st, diag);
    dj_store_rollback(app->st);
    return rc;
}

int dj_app_setting_set(dj_app *app, const char *name, const char *value, int *changed_out,
                       dj_diag *diag)
{
    const setting *def = find(name, diag);
    dj_buf canon;
    int rc;

    if (!def)
        return DJ_ENOTFOUND;
    dj_buf_init(&canon, 0);
    if ((rc = def->canonical(&canon, value ? value : "", diag)) == DJ_OK)
        rc = change(app, name, dj_buf_cstr(&canon), changed_out, diag);
    else if (diag) /* the value is wrong: the field is the setting */
        snprintf(diag->field, sizeof diag->field, "%s", name);
    dj_buf_fini(&canon);
    return rc;
}

int dj_app_setting_reset(dj_app *app, const char *name, int *changed_out, dj_diag *diag)
{
    return find(name, diag) ? change(app, name, NULL, changed_out, diag) : DJ_ENOTFOUND;
}

int dj_app_settings_json(dj_app *app, dj_buf *out, dj_diag *diag)
{
    dj_buf value;
    int rc = DJ_OK;

    dj_buf_init(&value, 0);
    dj_buf_putc(out, '[');
    for (size_t i = 0; i < NSETTINGS && rc == DJ_OK; i++) {
        const setting *d = &settings[i];
        stored s = {&value, "", "", 0};
        dj_buf_reset(&value);
        if ((rc = read_stored(app, d->name, &s, diag)) < 0)
            break;
        dj_buf_printf(out, "%s{\"name\":", i ? "," : "");
        dj_buf_json_str(out, d->name, strlen(d->name));
        dj_buf_puts(out, ",\"title\":");
        dj_buf_json_str(out, d->title, strlen(d->title));
        dj_buf_puts(out, ",\"value\":");
        if (!s.found && (rc = d->canonical(&value, NULL, diag)) < 0)
            break;
        dj_buf_json_str(out, dj_buf_cstr(&value), dj_buf_len(&value));
        dj_buf_printf(out, ",\"default\":%s", s.found ? "false" : "true");
        if (s.found) {
            dj_buf_puts(out, ",\"updated_at\":");
            dj_buf_json_str(out, s.at, strlen(s.at));
            dj_buf_puts(out, ",\"updated_by\":");
            dj_buf_json_str(out, s.by, strlen(s.by));
        }
        dj_buf_putc(out, '}');
        rc = dj_buf_rc(out);
    }
    dj_buf_fini(&value);
    if (rc == DJ_OK)
        dj_buf_putc(out, ']');
    return rc < 0 ? rc : dj_buf_rc(out);
}

int dj_app_match_weights(dj_app *app, dj_match_weights *w, dj_diag *diag)
{
    dj_buf v;
    int rc;

    dj_match_weights_default(w);
    dj_buf_init(&v, 0);
    if ((rc = dj_app_setting_get(app, "match.weights", &v, diag)) == DJ_OK)
        rc = dj_match_weights_parse(w, dj_buf_cstr(&v), diag);
    dj_buf_fini(&v);
    return rc;
}
