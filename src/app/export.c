/* export.c - writing a record type back out as CSV (UTF-8 with BOM, or
 * GB18030), JSON Lines or XLSX, in the same columns docs/import.md defines,
 * so that an export re-imports to the same records. Reads the v_<type>
 * views (src/store/migrations/005_views.sql). Private contact details are
 * only exported for roles allowed DJ_ACT_EXPORT_PRIVATE. */
#include "app/app_int.h"

#include "duijie/dj_csv.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/money.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

/* Formats one view value for column c into out; for_json keeps stored
 * English enum names, otherwise Chinese display names are used. */
static void format_value(dj_buf *out, const dj_column *c, dj_value v, int for_json)
{
    char num[64];
    int i, first = 1;

    if (v.type == DJ_V_NULL)
        return;
    switch (c->type) {
    case DJ_COL_MONEY:
        dj_money_format_yuan(num, v.i);
        dj_buf_puts(out, num);
        return;
    case DJ_COL_HUNDREDTHS:
        dj_decimal_format(num, v.i, 2);
        dj_buf_puts(out, num);
        return;
    case DJ_COL_INT:
        dj_buf_printf(out, "%lld", (long long)v.i);
        return;
    case DJ_COL_BOOL:
        dj_buf_puts(out, for_json ? (v.i ? "yes" : "no") : (v.i ? "是" : "否"));
        return;
    case DJ_COL_MODES:
        for (i = 0; i < c->values->nitems; i++) {
            if (!(v.i & ((int64_t)1 << i)))
                continue;
            if (!first)
                dj_buf_putc(out, ';');
            dj_buf_puts(out, for_json ? c->values->items[i].en : c->values->items[i].zh);
            first = 0;
        }
        return;
    case DJ_COL_ENUM:
        if (!for_json && v.type == DJ_V_TEXT) {
            char en[64];
            snprintf(en, sizeof en, "%.*s", (int)v.len, v.s);
            dj_buf_puts(out, dj_enum_zh(c->values, en));
            return;
        }
        break;
    default:
        break;
    }
    if (v.type == DJ_V_INT)
        dj_buf_printf(out, "%lld", (long long)v.i);
    else
        dj_buf_append(out, v.s, v.len);
}

struct export_ctx {
    const dj_record_type *t;
    int format;
    int private_ok;
    dj_buf *out;       /* CSV / JSONL text */
    dj_buf cell;       /* scratch */
    lxw_worksheet *ws; /* XLSX */
    long rows;
    /* orgs (export_rows): each org's depth below parks, and the pass */
    const struct org_links *links;
    size_t *depth, pass;
};

static int hidden(const struct export_ctx *x, const dj_column *c)
{
    return !x->private_ok && !strcmp(c->en, "contact");
}

static int in_pass(const struct export_ctx *x, int64_t id);

static int row_cb(const dj_row *row, void *vctx)
{
    struct export_ctx *x = vctx;
    int i, first = 1;

    if (x->links && !in_pass(x, dj_row_int(row, "id", 0)))
        return 0;
    if (x->format == DJ_FMT_JSONL)
        dj_buf_putc(x->out, '{');
    for (i = 0; i < x->t->ncols; i++) {
        const dj_column *c = &x->t->cols[i];
        dj_value v = dj_row_get(row, c->en);
        if (hidden(x, c))
            continue;
        dj_buf_reset(&x->cell);
        format_value(&x->cell, c, v, x->format == DJ_FMT_JSONL);
        if (x->format == DJ_FMT_JSONL) {
            if (v.type == DJ_V_NULL)
                continue;
            dj_buf_printf(x->out, "%s\"%s\":", first ? "" : ",", c->en);
            dj_buf_json_str(x->out, dj_buf_cstr(&x->cell), dj_buf_len(&x->cell));
        } else if (x->format == DJ_FMT_XLSX) {
            worksheet_write_string(x->ws, (lxw_row_t)(x->rows + 1), (lxw_col_t)i,
                                   dj_buf_cstr(&x->cell), NULL);
        } else {
            if (!first)
                dj_buf_putc(x->out, ',');
            dj_csv_put_field(x->out, dj_buf_cstr(&x->cell), dj_buf_len(&x->cell));
        }
        first = 0;
    }
    if (x->format == DJ_FMT_JSONL)
        dj_buf_puts(x->out, "}\n");
    else if (x->format != DJ_FMT_XLSX)
        dj_buf_puts(x->out, "\r\n");
    x->rows++;
    return dj_buf_rc(x->out) ? dj_buf_rc(x->out) : dj_buf_rc(&x->cell);
}

/* "cannot write PATH: reason" for a dj_file_* failure rc (errno set). */
static int write_failed(int rc, const char *path, dj_diag *diag)
{
    if (rc == DJ_ELIMIT)
        return dj_diag_set(diag, rc, "cannot write %s: path too long", path);
    return dj_diag_set(diag, rc, "cannot write %s: %s", strcmp(path, "-") ? path : "stdout",
                       strerror(errno));
}

int dj__app_xlsx_new(lxw_workbook **wb_out, char *tmp, size_t cap, const char *path, dj_diag *diag)
{
    int rc;

    *wb_out = NULL;
    if ((rc = dj_file_tmp_create(tmp, cap, path)) < 0)
        return write_failed(rc, path, diag);
    if (!(*wb_out = workbook_new(tmp))) {
        remove(tmp);
        return dj_diag_set(diag, DJ_ENOMEM, "cannot write %s: out of memory", path);
    }
    return DJ_OK;
}

int dj__app_xlsx_close(lxw_workbook *wb, int rc, const char *tmp, const char *path, dj_diag *diag)
{
    lxw_error e = workbook_close(wb); /* after an error too: it frees wb */
    int crc;

    if (rc == DJ_OK && e != LXW_NO_ERROR)
        rc = dj_diag_set(diag, DJ_EIO, "cannot write %s: %s", path, lxw_strerror(e));
    if (rc < 0) {
        remove(tmp);
        return rc;
    }
    if ((crc = dj_file_tmp_commit(tmp, path)) < 0)
        return write_failed(crc, path, diag);
    return DJ_OK;
}

static int write_all(const char *path, const char *data, size_t len, dj_diag *diag)
{
    int rc = dj_file_write_whole(path, data, len);
    return rc < 0 ? write_failed(rc, path, diag) : DJ_OK;
}

/* An organisation and the one it belongs to (orgs.park_id). */
typedef struct org_link {
    int64_t id, park;
} org_link;

typedef struct org_links {
    org_link *v;
    size_t n, cap;
    int rc;
} org_links;

static int org_link_cb(const dj_row *row, void *ctx)
{
    org_links *l = ctx;
    DJ_ARRAY_GROW(l->rc, l->v, l->cap, l->n);
    if (l->rc < 0)
        return l->rc;
    l->v[l->n++] = (org_link){dj_row_int(row, "id", 0), dj_row_int(row, "park_id", 0)};
    return 0;
}

/* The index of org id in l (read in id order), or l->n. */
static size_t org_at(const org_links *l, int64_t id)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && l->v[lo].id == id ? lo : l->n;
}

/* How many parks stand above org i (0: none); a cycle (two parks each in
 * the other) stops after n steps. */
static size_t org_depth(const org_links *l, size_t i)
{
    size_t d = 0;
    while (l->v[i].park && d < l->n && org_at(l, l->v[i].park) < l->n) {
        i = org_at(l, l->v[i].park);
        d++;
    }
    return d;
}

/* 1 when org id belongs to the pass export_rows is writing. */
static int in_pass(const struct export_ctx *x, int64_t id)
{
    size_t i = org_at(x->links, id);
    return i < x->links->n ? x->depth[i] == x->pass : x->pass == 0;
}

/* Every row of view, by id; orgs by their depth below parks first (a park
 * before its members, a 高新区 before a park inside it), so that the file
 * imports in its own order whatever order the records were created in. */
static int export_rows(dj_app *app, const char *view, struct export_ctx *x, dj_diag *diag)
{
    org_links l = {NULL, 0, 0, DJ_OK};
    size_t i, depth, deepest = 0;
    int rc;

    if (strcmp(x->t->name, "orgs"))
        return dj_store_each(app->st, view, NULL, 0, NULL, 0, 0, row_cb, x, diag);
    if ((rc = dj_store_each(app->st, "orgs", NULL, 0, NULL, 0, 0, org_link_cb, &l, diag)) < 0 ||
        !(x->depth = dj_calloc(l.n + 1, sizeof *x->depth))) {
        dj_free(l.v);
        return rc < 0 ? rc : DJ_ENOMEM;
    }
    x->links = &l;
    for (i = 0; i < l.n; i++)
        if ((x->depth[i] = org_depth(&l, i)) > deepest)
            deepest = x->depth[i];
    for (depth = 0, rc = DJ_OK; depth <= deepest && rc == DJ_OK; depth++) {
        x->pass = depth;
        rc = dj_store_each(app->st, view, NULL, 0, NULL, 0, 0, row_cb, x, diag);
    }
    dj_free(x->depth);
    dj_free(l.v);
    x->depth = NULL;
    x->links = NULL;
    return rc;
}

int dj_app_export(dj_app *app, const char *type, int format, const char *path, long *rows_out,
                  dj_diag *diag)
{
    struct export_ctx x;
    dj_buf out;
    char view[64];
    lxw_workbook *wb = NULL;
    char tmp[4096];
    int i, rc, col = 0;

    memset(&x, 0, sizeof x);
    if (!(x.t = dj_record_type_find(type)))
        return dj_diag_set(diag, DJ_EINVAL, "unknown record type '%s'", type);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not export");
    x.private_ok = dj_app_can(app->actor.role, DJ_ACT_EXPORT_PRIVATE);
    x.format = format;
    dj_buf_init(&out, 0);
    dj_buf_init(&x.cell, 0);
    x.out = &out;
    if (format == DJ_FMT_XLSX) {
        if (!strcmp(path, "-")) {
            rc = dj_diag_set(diag, DJ_EINVAL, "XLSX needs an output file (-o FILE.xlsx)");
            goto done;
        }
        if ((rc = dj__app_xlsx_new(&wb, tmp, sizeof tmp, path, diag)) < 0)
            goto done;
        if (!(x.ws = workbook_add_worksheet(wb, x.t->zh))) {
            rc = dj_diag_set(diag, DJ_ENOMEM, "cannot write %s: out of memory", path);
            goto done;
        }
    }
    if (format == DJ_FMT_CSV)
        dj_buf_puts(&out, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
    if (format != DJ_FMT_JSONL) {
        for (i = 0; i < x.t->ncols; i++) {
            if (hidden(&x, &x.t->cols[i]))
                continue;
            if (format == DJ_FMT_XLSX)
                worksheet_write_string(x.ws, 0, (lxw_col_t)col, x.t->cols[i].zh, NULL);
            else
                dj_buf_printf(&out, "%s%s", col ? "," : "", x.t->cols[i].zh);
            col++;
        }
        if (format != DJ_FMT_XLSX)
            dj_buf_puts(&out, "\r\n");
    }
    snprintf(view, sizeof view, "v_%s", x.t->name);
    if ((rc = export_rows(app, view, &x, diag)) < 0)
        goto done;
    if ((rc = dj_buf_rc(&out)) < 0)
        goto done;
    if (format == DJ_FMT_XLSX) {
        rc = dj__app_xlsx_close(wb, DJ_OK, tmp, path, diag);
        wb = NULL;
    } else if (format == DJ_FMT_CSV_GBK) {
        char *gbk;
        size_t glen;
        if ((rc = dj_csv_encode_gb18030(&gbk, &glen, dj_buf_cstr(&out), dj_buf_len(&out))) < 0) {
            dj_diag_set(diag, rc, "text cannot be written as GB18030");
            goto done;
        }
        rc = write_all(path, gbk, glen, diag);
        dj_free(gbk);
    } else {
        rc = write_all(path, dj_buf_cstr(&out), dj_buf_len(&out), diag);
    }
    if (rc == DJ_OK && rows_out)
        *rows_out = x.rows;
done:
    if (wb) /* rc < 0: removes the temporary file */
        dj__app_xlsx_close(wb, rc, tmp, path, diag);
    dj_buf_fini(&out);
    dj_buf_fini(&x.cell);
    return rc;
}
