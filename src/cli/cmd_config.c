/* cmd_config.c - `duijie config`: the deployment's settings (today the
 * match weights): list, get, set, reset. The checks live in
 * src/app/settings.c; this file only parses arguments and prints. */
#include "cli/cli_app.h"
#include "util/buf.h"

#include <jansson.h>
#include <string.h>

const char dj_cmd_config_summary[] = "settings of this database: match weights";

static const char usage[] =
    "usage: duijie config [list] [--json] [--db PATH]\n"
    "       duijie config get NAME [--json] [--db PATH]\n"
    "       duijie config set NAME VALUE [--json] [--db PATH]\n"
    "       duijie config reset NAME [--json] [--db PATH]\n"
    "Settings kept in the database, used by every command and user of it.\n"
    "  match.weights  the weights of the match factors (duijie match): e.g.\n"
    "                 'text=0.4,地区=0.2' - names text 文本, tags 标签, industry 行业,\n"
    "                 region 地区, maturity 成熟度, budget 预算, modes 合作方式 (0..100,\n"
    "                 only their ratios matter; defaults sum to 1) and semantic 语义\n"
    "                 (0..1, the share of latent vectors in the text value with\n"
    "                 --semantic). Values are plain decimals (0.00001, not 1e-05).\n"
    "                 Names not given keep their default.\n"
    "set checks the value and stores it in full form; reset returns to the default.\n"
    "Both are recorded in the audit log.\n";

/* Text form of dj_app_settings_json: "NAME = VALUE" and who set it. */
static int print_list(const char *json)
{
    json_t *root = json_loads(json, 0, NULL), *s;
    size_t i;

    if (!root)
        return -1;
    json_array_foreach(root, i, s)
    {
        printf("%s = %s\n", json_string_value(json_object_get(s, "name")),
               json_string_value(json_object_get(s, "value")));
        printf("    %s; ", json_string_value(json_object_get(s, "title")));
        if (json_is_true(json_object_get(s, "default")))
            printf("默认值\n");
        else
            printf("%s 设于 %s\n", json_string_value(json_object_get(s, "updated_by")),
                   json_string_value(json_object_get(s, "updated_at")));
    }
    json_decref(root);
    return 0;
}

/* Prints a setting: {"key": ..., "value": ...} with --json; else the
 * value alone (suffix NULL) or "key = value" and suffix. */
static int print_value(int json, const char *key, const dj_buf *value, const char *suffix)
{
    dj_buf b;
    int rc;

    if (!json) {
        if (suffix)
            printf("%s = %s%s\n", key, dj_buf_cstr(value), suffix);
        else
            printf("%s\n", dj_buf_cstr(value));
        return DJ_OK;
    }
    dj_buf_init(&b, 0);
    dj_buf_puts(&b, "{\"key\":");
    dj_buf_json_str(&b, key, strlen(key));
    dj_buf_puts(&b, ",\"value\":");
    dj_buf_json_str(&b, dj_buf_cstr(value), dj_buf_len(value));
    dj_buf_puts(&b, "}\n");
    rc = dj_cli_print_buf(&b);
    return rc;
}

static int run(dj_app *app, const char *verb, char **args, int nargs, int json, dj_diag *diag)
{
    dj_buf out;
    int rc, changed = 0;

    (void)nargs;
    dj_buf_init(&out, 0);
    if (strcmp(verb, "list") == 0) {
        if ((rc = dj_app_settings_json(app, &out, diag)) == DJ_OK)
            rc = json                                ? (printf("%s\n", dj_buf_cstr(&out)), DJ_OK)
                 : print_list(dj_buf_cstr(&out)) < 0 ? DJ_ENOMEM
                                                     : DJ_OK;
    } else if (strcmp(verb, "get") == 0) {
        if ((rc = dj_app_setting_get(app, args[0], &out, diag)) == DJ_OK)
            rc = print_value(json, args[0], &out, NULL);
    } else if (strcmp(verb, "set") == 0) {
        rc = dj_app_setting_set(app, args[0], args[1], &changed, diag);
        if (rc == DJ_OK && (rc = dj_app_setting_get(app, args[0], &out, diag)) == DJ_OK)
            rc = print_value(json, args[0], &out, changed ? "" : " (no change)");
    } else {
        if ((rc = dj_app_setting_reset(app, args[0], &changed, diag)) == DJ_OK &&
            (rc = dj_app_setting_get(app, args[0], &out, diag)) == DJ_OK)
            rc = print_value(json, args[0], &out, changed ? " (默认值)" : " (默认值, no change)");
    }
    dj_buf_fini(&out);
    if (rc == DJ_ENOTFOUND && args) /* NAME */
        rc = dj_cli_not_found(diag, "setting", args[0], "'duijie config list' shows them");
    return rc;
}

int dj_cmd_config(int argc, char **argv)
{
    static const dj_cli_verb verbs[] = {{"list", 0, 0, NULL, 1},
                                        {"get", 1, 1, NULL, 1},
                                        {"set", 2, 2, NULL, 0},
                                        {"reset", 1, 1, NULL, 0}};
    return dj_cli_verbs(argc, argv, "config", usage, verbs, 4,
                        "list, get NAME, set NAME VALUE or reset NAME", run);
}
