/* projects_read.c - reading projects and deals: show (with late flags from
 * dj_report_late), list, the dated history of a project, and the deal list.
 * Writes are in projects_write.c. */
#include "app/projects_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})
/* ---- reading: show, list, history ---------------------------------------- */

static void today(char out[11])
{
    char now[32];
    dj_store_now(now);
    memcpy(out, now, 10);
    out[10] = '\0';
}

static int as_of_day(char out[11], const char *as_of, dj_diag *diag)
{
    if (!as_of || !*as_of) {
        today(out);
        return DJ_OK;
    }
    if (dj_date_parse(out, as_of, strlen(as_of)) < 0)
        return dj__proj_fail_field(diag, "as-of", DJ_EINVAL, "not a date (YYYY-MM-DD): '%s'",
                                   as_of);
    return DJ_OK;
}

/* Late flags of project id in the loaded data (all projects). */
static int late_of(const dj_app_report_data *d, int64_t id, const char *as_of, unsigned *flags,
                   dj_diag *diag)
{
    size_t i;
    *flags = 0;
    for (i = 0; i < d->in.nprojects; i++)
        if (d->in.projects[i].id == id)
            return dj_report_late(flags, &d->in.projects[i], d->in.updates, d->in.nupdates, as_of,
                                  diag);
    return DJ_OK;
}

static void late_json(dj_buf *b, unsigned fl)
{
    dj_buf_printf(b, "[%s%s%s]", fl & DJ_LATE_START ? "\"start\"" : "",
                  (fl & DJ_LATE_START) && (fl & DJ_LATE_PRODUCTION) ? "," : "",
                  fl & DJ_LATE_PRODUCTION ? "\"production\"" : "");
}

int dj_app_project_show_json(dj_app *app, const char *project, const char *as_of, dj_buf *out,
                             dj_diag *diag)
{
    dj_app_report_data d;
    dj_buf one;
    char day[11];
    int64_t id;
    unsigned fl = 0;
    int rc;

    memset(&d, 0, sizeof d);
    if ((rc = as_of_day(day, as_of, diag)) < 0 ||
        (rc = dj_app_project_find(app, project, &id, diag)) < 0)
        return rc;
    dj_buf_init(&one, 0);
    if ((rc = dj_app_get_json(app, "projects", id, &one, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0 ||
        (rc = late_of(&d, id, day, &fl, diag)) < 0)
        goto done;
    /* the record object, with the late flags added as its last member */
    dj_buf_append(out, dj_buf_cstr(&one), dj_buf_len(&one) - 1);
    dj_buf_printf(out, ",\"as_of\":\"%s\",\"late\":", day);
    late_json(out, fl);
    dj_buf_putc(out, '}');
    rc = dj_buf_rc(out);
done:
    dj_buf_fini(&one);
    dj_app_report_data_fini(&d);
    return rc;
}

/* One row of an export view as JSON, columns of type t (money as exact
 * yuan strings, as dj_app_get_json writes them). */
static void row_json(dj_buf *b, const dj_record_type *t, const dj_row *r)
{
    int i;
    dj_buf_printf(b, "{\"id\":%lld", (long long)dj_row_int(r, "id", 0));
    for (i = 0; i < t->ncols; i++) {
        const dj_column *c = &t->cols[i];
        dj_value v = dj_row_get(r, c->en);
        char s[48];
        dj_buf_printf(b, ",\"%s\":", c->en);
        if (v.type == DJ_V_NULL)
            dj_buf_puts(b, "null");
        else if (c->type == DJ_COL_MONEY) {
            dj_money_format_yuan(s, v.i);
            dj_buf_json_str(b, s, strlen(s));
        } else if (c->type == DJ_COL_HUNDREDTHS) {
            dj_decimal_format(s, v.i, 2);
            dj_buf_puts(b, s);
        } else if (v.type == DJ_V_INT)
            dj_buf_printf(b, "%lld", (long long)v.i);
        else
            dj_buf_json_str(b, v.s, v.len);
    }
}

struct list_ctx {
    dj_buf *out;
    const dj_app_report_data *d;
    const char *as_of;
    int late_only, json;
    long n;
    dj_app_page *page; /* NULL: every project */
    dj_diag *diag;
};

static void money_cn(dj_buf *b, const dj_row *r, const char *col)
{
    dj_value v = dj_row_get(r, col);
    char s[48];
    if (v.type != DJ_V_INT) {
        dj_buf_puts(b, "—");
        return;
    }
    dj_money_format_cn(s, v.i, " ");
    dj_buf_puts(b, s);
}

static int list_cb(const dj_row *r, void *vctx)
{
    struct list_ctx *x = vctx;
    unsigned fl = 0;
    int rc;

    if ((rc = late_of(x->d, dj_row_int(r, "id", 0), x->as_of, &fl, x->diag)) < 0)
        return rc;
    if ((x->late_only && !fl) || !dj_app_page_take(x->page))
        return 0;
    if (x->json) {
        dj_buf_puts(x->out, x->n ? "," : "");
        row_json(x->out, dj_record_type_find("projects"), r);
        dj_buf_puts(x->out, ",\"late\":");
        late_json(x->out, fl);
        dj_buf_putc(x->out, '}');
    } else {
        dj_buf_printf(x->out, "%s\t%s\t%s\t", dj_row_text(r, "code"),
                      dj_enum_zh(&dj_enum_stage, dj_row_text(r, "stage")), dj_row_text(r, "park"));
        money_cn(x->out, r, "total_investment");
        dj_buf_printf(x->out, "\t%s%s%s\t%s\n", fl & DJ_LATE_START ? "逾期未开工" : "",
                      fl == (DJ_LATE_START | DJ_LATE_PRODUCTION) ? "，" : "",
                      fl & DJ_LATE_PRODUCTION ? "逾期未投产" : (fl ? "" : "—"),
                      dj_row_text(r, "name"));
    }
    x->n++;
    return dj_buf_rc(x->out);
}

int dj_app_project_list(dj_app *app, const char *park, const char *stage, int late_only,
                        const char *as_of, int json, dj_app_page *page, dj_buf *out, dj_diag *diag)
{
    dj_app_report_data d;
    struct list_ctx x;
    char day[11];
    dj_field w[2];
    int rc, n = 0, k;

    memset(&d, 0, sizeof d);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read projects");
    if ((rc = as_of_day(day, as_of, diag)) < 0)
        return rc;
    if (park && *park)
        w[n++] = F("park", dj_v_text(park));
    if (stage && *stage) {
        if ((k = dj_enum_find(&dj_enum_stage, stage, strlen(stage))) < 0)
            return dj__proj_fail_field(diag, "stage", DJ_EINVAL, "unknown stage '%s'", stage);
        w[n++] = F("stage", dj_v_text(dj_enum_stage.items[k].en));
    }
    if ((rc = dj_app_report_load(app, &d, 0, diag)) < 0)
        goto done;
    memset(&x, 0, sizeof x);
    x.out = out;
    x.d = &d;
    x.as_of = day;
    x.late_only = late_only;
    x.json = json;
    x.page = page;
    x.diag = diag;
    if (page)
        page->total = 0;
    if (json)
        dj_buf_putc(out, '[');
    if ((rc = dj_store_each(app->st, "v_projects", w, n, "code", 0, 0, list_cb, &x, diag)) < 0)
        goto done;
    if (json)
        dj_buf_puts(out, "]\n");
    rc = dj_buf_rc(out);
done:
    dj_app_report_data_fini(&d);
    return rc;
}

/* History rows are collected, then sorted by (date, id). */
struct hist_item {
    char date[11];
    int64_t id;
    size_t off, len;
};

struct hist_ctx {
    dj_buf text;
    struct hist_item *v;
    size_t n, cap;
    int json;
};

static int cmp_hist(const void *a, const void *b)
{
    const struct hist_item *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (c)
        return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Exact yuan with two decimals: "5262000000.00". */
static void yuan2(char out[48], int64_t fen)
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(out, 48, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}

static const char *kind_cn(const char *kind)
{
    return dj_enum_zh(&dj_enum_update_kind, kind);
}

static int hist_cb(const dj_row *r, void *vctx)
{
    struct hist_ctx *h = vctx;
    const char *kind = dj_row_text(r, "kind");
    dj_value amount = dj_row_get(r, "amount");
    dj_buf *b = &h->text;
    struct hist_item *it;
    char s[48], y[48];

    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 32;
        struct hist_item *v = dj_realloc(h->v, nc * sizeof *v);
        if (!v)
            return DJ_ENOMEM;
        h->v = v;
        h->cap = nc;
    }
    it = &h->v[h->n++];
    snprintf(it->date, sizeof it->date, "%s", dj_row_text(r, "date"));
    it->id = dj_row_int(r, "id", 0);
    it->off = dj_buf_len(b);
    if (amount.type == DJ_V_INT) {
        yuan2(y, amount.i);
        dj_money_format_cn(s, amount.i, " ");
    }
    if (h->json) {
        static const char *const cols[] = {"stage",     "investor",  "event", "field",
                                           "old_value", "new_value", "note"};
        size_t i;
        dj_buf_printf(b, "{\"id\":%lld,\"date\":", (long long)it->id);
        dj_buf_json_str(b, it->date, strlen(it->date));
        dj_buf_printf(b, ",\"kind\":\"%s\",\"amount\":", kind);
        if (amount.type == DJ_V_INT) { /* as show/export write money */
            dj_money_format_yuan(y, amount.i);
            dj_buf_printf(b, "\"%s\"", y);
        } else
            dj_buf_puts(b, "null");
        for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
            dj_value v = dj_row_get(r, cols[i]);
            dj_buf_printf(b, ",\"%s\":", cols[i]);
            if (v.type == DJ_V_TEXT)
                dj_buf_json_str(b, v.s, v.len);
            else
                dj_buf_puts(b, "null");
        }
        dj_buf_putc(b, '}');
    } else {
        dj_buf_printf(b, "%s\t%s\t", it->date, kind_cn(kind));
        if (!strcmp(kind, "stage"))
            dj_buf_printf(b, "阶段 → %s", dj_enum_zh(&dj_enum_stage, dj_row_text(r, "stage")));
        else if (!strcmp(kind, "progress"))
            dj_buf_printf(b, "累计完成投资 %s（%s 元）", amount.type == DJ_V_INT ? s : "—",
                          amount.type == DJ_V_INT ? y : "—");
        else if (!strcmp(kind, "increase"))
            dj_buf_printf(b, "增资 %s（%s 元）", amount.type == DJ_V_INT ? s : "—",
                          amount.type == DJ_V_INT ? y : "—");
        else if (!strcmp(kind, "investor"))
            dj_buf_printf(b, "投资方 → %s", dj_row_text(r, "investor"));
        else
            dj_buf_printf(b, "更正 %s: '%s' → '%s'", dj_row_text(r, "field"),
                          dj_row_text(r, "old_value"), dj_row_text(r, "new_value"));
        if (*dj_row_text(r, "event"))
            dj_buf_printf(b, "\t活动 %s", dj_row_text(r, "event"));
        if (*dj_row_text(r, "note"))
            dj_buf_printf(b, "\t%s", dj_row_text(r, "note"));
        dj_buf_putc(b, '\n');
    }
    it->len = dj_buf_len(b) - it->off;
    return dj_buf_rc(b);
}

int dj_app_project_history(dj_app *app, const char *project, int json, dj_buf *out, dj_diag *diag)
{
    struct hist_ctx h;
    dj_field w;
    int64_t id;
    size_t i;
    int rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read projects");
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0)
        return rc;
    memset(&h, 0, sizeof h);
    dj_buf_init(&h.text, 0);
    h.json = json;
    w = F("project_id", dj_v_int(id));
    if ((rc = dj_store_each(app->st, "v_project_updates", &w, 1, NULL, 0, 0, hist_cb, &h, diag)) <
        0)
        goto done;
    if (h.n)
        qsort(h.v, h.n, sizeof *h.v, cmp_hist);
    if (json)
        dj_buf_putc(out, '[');
    for (i = 0; i < h.n; i++) {
        if (json && i)
            dj_buf_putc(out, ',');
        dj_buf_append(out, dj_buf_cstr(&h.text) + h.v[i].off, h.v[i].len);
    }
    if (json)
        dj_buf_puts(out, "]\n");
    rc = dj_buf_rc(out);
done:
    dj_free(h.v);
    dj_buf_fini(&h.text);
    return rc;
}

/* ---- deals --------------------------------------------------------------- */

struct deal_ctx {
    dj_buf *out;
    int json;
    long n;
    dj_app_page *page; /* NULL: every deal */
};

static int deal_cb(const dj_row *r, void *vctx)
{
    struct deal_ctx *x = vctx;
    if (!dj_app_page_take(x->page))
        return 0;
    if (x->json) {
        dj_buf_puts(x->out, x->n ? "," : "");
        row_json(x->out, dj_record_type_find("deals"), r);
        dj_buf_putc(x->out, '}');
    } else {
        dj_buf_printf(x->out, "%s\t%s\t", dj_row_text(r, "code"),
                      dj_enum_zh(&dj_enum_deal_type, dj_row_text(r, "type")));
        money_cn(x->out, r, "amount");
        dj_buf_printf(x->out, "\t%s\t%s\n", dj_row_text(r, "signed_on"), dj_row_text(r, "title"));
    }
    x->n++;
    return dj_buf_rc(x->out);
}

int dj_app_deal_list(dj_app *app, const char *event, const char *type, int json, dj_app_page *page,
                     dj_buf *out, dj_diag *diag)
{
    struct deal_ctx x = {out, json, 0, page};
    dj_field w[2];
    int n = 0, k, rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read deals");
    if (event && *event) {
        int64_t ev;
        if ((rc = dj__proj_event_id(app, event, &ev, diag)) < 0)
            return rc;
        w[n++] = F("event_id", dj_v_int(ev));
    }
    if (type && *type) {
        if ((k = dj_enum_find(&dj_enum_deal_type, type, strlen(type))) < 0)
            return dj__proj_fail_field(diag, "type", DJ_EINVAL, "unknown deal type '%s'", type);
        w[n++] = F("type", dj_v_text(dj_enum_deal_type.items[k].en));
    }
    if (page)
        page->total = 0;
    if (json)
        dj_buf_putc(out, '[');
    if ((rc = dj_store_each(app->st, "v_deals", w, n, "code", 0, 0, deal_cb, &x, diag)) < 0)
        return rc;
    if (json)
        dj_buf_puts(out, "]\n");
    return dj_buf_rc(out);
}
