/* cli_record_text.c - prints catalog records (the JSON of dj_app_get_json
 * and dj_app_list_json) as text for people: `show` gives one field per
 * line under its Chinese name, `list` one tab-separated line per record.
 * Values are shown as the import accepts them back: enumerations by their
 * Chinese names, money in 万元/亿元, regions with their names. The JSON
 * stays the machine interface (--json); this file only reads it. */
#include "cli/cli_record_text.h"

#include "duijie/dj_model.h"
#include "util/money.h"
#include "util/utf8.h"

#include <jansson.h>
#include <string.h>

/* The columns `list` shows, per record type; any other type shows its
 * first four columns. */
static const char *const listing_line[] = {"code", "side", "kind", "status", "org", "title", NULL};
static const char *const org_line[] = {"name", "kind", "region", "industry", NULL};
static const char *const event_line[] = {"code", "start_date", "kind", "park", "name", NULL};

/* Value v of column c as text: the JSON string itself, or a formatted
 * value written into buf (cap >= 64 bytes: modes, numbers, money, region
 * names and booleans are short). NULL when there is nothing to show. */
static const char *value_text(char *buf, size_t cap, const dj_column *c, json_t *v)
{
    const char *s = json_string_value(v);
    int64_t fen;

    if (!v || json_is_null(v))
        return NULL;
    if (c && c->type == DJ_COL_MODES && json_is_array(v)) {
        size_t i, n = 0;
        json_t *m;
        buf[0] = '\0';
        json_array_foreach(v, i, m)
        {
            const char *en = json_string_value(m);
            if (en)
                n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "、" : "",
                                      dj_enum_zh(&dj_enum_mode, en));
            if (n >= cap)
                break;
        }
        return buf[0] ? buf : NULL;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "是" : "否";
    if (json_is_integer(v)) {
        if (c && c->type == DJ_COL_BOOL)
            snprintf(buf, cap, "%s", json_integer_value(v) ? "是" : "否");
        else
            snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (!s || !*s)
        return NULL;
    if (c && c->type == DJ_COL_ENUM && c->values)
        return dj_enum_zh(c->values, s);
    if (c && c->type == DJ_COL_MONEY && dj_money_parse(&fen, s, strlen(s)) == DJ_OK) {
        dj_money_format_cn(buf, fen, " ");
        return buf;
    }
    if (c && c->type == DJ_COL_REGION && dj_region_name(s)) {
        snprintf(buf, cap, "%s（%s）", dj_region_name(s), s);
        return buf;
    }
    return s;
}

/* Prints s with tabs and line breaks as spaces: one record, one line. */
static void put_one_line(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void print_record(const dj_record_type *t, json_t *rec)
{
    char buf[128];
    const char *v;
    int i, w, label_w = 0;

    for (i = 0; i < t->ncols; i++) /* align on the labels that are shown */
        if (value_text(buf, sizeof buf, &t->cols[i], json_object_get(rec, t->cols[i].en)) &&
            (w = dj_utf8_width(t->cols[i].zh)) > label_w)
            label_w = w;
    printf("%-*s  %" JSON_INTEGER_FORMAT "\n", label_w, "id",
           json_integer_value(json_object_get(rec, "id")));
    for (i = 0; i < t->ncols; i++) {
        const dj_column *c = &t->cols[i];
        if (!strcmp(c->en, "id") ||
            !(v = value_text(buf, sizeof buf, c, json_object_get(rec, c->en))))
            continue; /* a meeting's 编号 is the id above */
        printf("%s%*s  %s\n", c->zh, label_w - dj_utf8_width(c->zh), "", v);
    }
}

static void print_line(const dj_record_type *t, json_t *rec)
{
    const char *const *cols = !strcmp(t->name, "listings") ? listing_line
                              : !strcmp(t->name, "orgs")   ? org_line
                              : !strcmp(t->name, "events") ? event_line
                                                           : NULL;
    char buf[128];
    const char *v;
    int i, c;

    printf("%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(rec, "id")));
    for (i = 0; cols ? cols[i] != NULL : i < 4 && i < t->ncols; i++) {
        const char *en = cols ? cols[i] : t->cols[i].en;
        c = dj_record_column(t, en, strlen(en));
        v = value_text(buf, sizeof buf, c >= 0 ? &t->cols[c] : NULL, json_object_get(rec, en));
        putchar('\t');
        put_one_line(v ? v : "—");
    }
    putchar('\n');
}

int dj_cli_print_records(const char *type, const char *json)
{
    const dj_record_type *t = dj_record_type_find(type);
    json_error_t err;
    json_t *root = json_loads(json, 0, &err), *rec;
    size_t i;

    if (!root || !t) {
        json_decref(root);
        return -1;
    }
    if (json_is_object(root)) {
        print_record(t, root);
    } else if (json_array_size(root) == 0) {
        printf("no %s\n", t->name);
    } else {
        json_array_foreach(root, i, rec) print_line(t, rec);
    }
    json_decref(root);
    return 0;
}
