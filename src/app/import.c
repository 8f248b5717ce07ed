/* import.c - loading CSV / JSON Lines files into the store, all or nothing.
 *
 * Invariant: one import = one transaction. Every row of every file is
 * decoded, validated (dj_cell_parse) and applied inside it; the first error
 * rolls everything back, so the database is exactly as before, and the
 * diag names the file, the line, the column and the reason. SQLite's WAL
 * makes the same true when the process is killed mid-import: an
 * uncommitted transaction is never visible. */
#include "app/app_int.h"

#include "duijie/dj_csv.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/utf8.h"

#include <errno.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* *ctx = the id of the row (the floor of an import's own project_updates;
 * stays 0 when the table is empty). */
static int max_id_cb(const dj_row *row, void *ctx)
{
    *(int64_t *)ctx = dj_row_int(row, "id", 0);
    return 0;
}

int dj__import_seen_reset(dj_app *app, dj_import_seen *s, const char *table, dj_diag *diag)
{
    s->n = 0;
    s->active = table != NULL;
    s->floor = table ? 0 : INT64_MAX;
    return table
               ? dj_store_each(app->st, table, NULL, 0, "id DESC", 1, 0, max_id_cb, &s->floor, diag)
               : DJ_OK;
}

static int read_file(char **out, size_t *len_out, const char *path, dj_diag *diag)
{
    int rc = dj_file_read(out, len_out, path, 0);
    if (rc == DJ_EIO)
        return dj_diag_set(diag, rc, "cannot read: %s", strerror(errno));
    if (rc == DJ_ELIMIT)
        return dj_diag_set(diag, rc, "file larger than 2 GiB");
    return rc;
}

static int is_jsonl(const char *path)
{
    size_t n = strlen(path);
    return (n > 6 && !strcmp(path + n - 6, ".jsonl")) ||
           (n > 7 && !strcmp(path + n - 7, ".ndjson"));
}

/* Record type from the file's base name without extension. */
static const dj_record_type *type_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    char name[64];
    size_t n;

    base = base ? base + 1 : path;
    n = strcspn(base, ".");
    if (n >= sizeof name)
        return NULL;
    memcpy(name, base, n);
    name[n] = '\0';
    return dj_record_type_find(name);
}

/* How well names (CSV header cells or JSON keys) fit t: the number that
 * are columns of t; *unknown = the first that is not (or -1); *missing =
 * the first required column of t not named (or -1). */
static int header_fit(const dj_record_type *t, const dj_csv_field *names, int n, int *unknown,
                      int *missing)
{
    int i, c, known = 0;
    *unknown = *missing = -1;
    for (i = 0; i < n; i++) {
        if (dj_record_column(t, names[i].ptr, names[i].len) >= 0)
            known++;
        else if (*unknown < 0)
            *unknown = i;
    }
    for (c = 0; c < t->ncols && *missing < 0; c++) {
        if (!t->cols[c].required)
            continue;
        for (i = 0; i < n && dj_record_column(t, names[i].ptr, names[i].len) != c; i++)
            ;
        if (i == n)
            *missing = c;
    }
    return known;
}

/* Whether a column name (a header cell or a JSON key, spaces around it
 * aside) is one dj_app_set_import_skip named. */
static int skipped(const dj_app *app, const char *name, size_t len)
{
    int k;
    while (len && (*name == ' ' || *name == '\t'))
        name++, len--;
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    for (k = 0; k < app->nimport_skip; k++)
        if (strlen(app->import_skip[k]) == len && !memcmp(app->import_skip[k], name, len))
            return 1;
    return 0;
}

/* The header's width without the empty names a spreadsheet leaves after
 * the last column (名称,类型,地区,, when cells beyond it were touched). */
static int header_width(const dj_csv_field *names, int n)
{
    while (n > 0 && dj_cell_blank(names[n - 1].ptr, names[n - 1].len))
        n--;
    return n;
}

/* 1 when fields[from..n) are all blank: a row of only commas (a row whose
 * cells were cleared), or the empty cells past the header's last column. */
static int blank_from(const dj_csv_field *fields, int from, int n)
{
    for (int i = from; i < n; i++)
        if (!dj_cell_blank(fields[i].ptr, fields[i].len))
            return 0;
    return 1;
}

/* The one record type the names fit (every name a column of it, every
 * required column named), or NULL with the reason in why: the types that
 * fit when several do, else the closest type (most names known) and what
 * keeps it from fitting. */
static const dj_record_type *type_fitting(const dj_csv_field *names, int n, char *why, size_t cap)
{
    const dj_record_type *found = NULL, *best = NULL;
    int k, nfit = 0, most = 0, bu = -1, bm = -1;
    size_t w = 0;

    why[0] = '\0';
    for (k = 0; n > 0 && k < dj_nrecord_types; k++) {
        const dj_record_type *t = dj_record_types[k];
        int unknown, missing, known = header_fit(t, names, n, &unknown, &missing);
        if (unknown < 0 && missing < 0) {
            found = t;
            if (w < cap)
                w += (size_t)snprintf(why + w, cap - w, "%s%s",
                                      nfit++ ? ", " : " (its columns fit ", t->name);
        } else if (known > most) {
            best = t, most = known, bu = unknown, bm = missing;
        }
    }
    if (nfit == 1)
        return found;
    if (nfit > 1 && w < cap)
        snprintf(why + w, cap - w, ")");
    else if (nfit == 0 && best && bu >= 0)
        snprintf(why, cap, " (closest: %s, which has no column '%.*s')", best->name,
                 (int)names[bu].len, names[bu].ptr);
    else if (nfit == 0 && best)
        snprintf(why, cap, " (closest: %s, which needs column %s)", best->name, best->cols[bm].zh);
    else if (n > 0)
        snprintf(why, cap, " (its columns are not those of any record type)");
    return NULL;
}

/* Bytes read for the first line: a JSONL listing with a body of 20,000
 * characters, escaped, takes up to 240 KB. */
#define HEADER_MAX (1 << 20)

/* The record type a file's first line names, for a file whose name does not
 * say it: the CSV header cells (after encoding detection) or the keys of the
 * first JSON object, through type_fitting. Reads HEADER_MAX bytes at most. */
#define ZIP_MAGIC "PK\x03\x04"
#define NOT_ZIP                                                                                    \
    "an XLSX or other zip file: import reads CSV (UTF-8 or GB18030) and JSONL; save the sheet as " \
    "CSV"

/* The record type a file's first line names (its columns), or NULL with
 * why; a zip file (an XLSX workbook) has none, and *zip says so. */
static const dj_record_type *type_from_header(const dj_app *app, const char *path, char *why,
                                              size_t cap, int *zip)
{
    dj_csv_field names[DJ_CSV_MAX_FIELDS];
    const dj_record_type *t = NULL;
    char *raw = NULL, *text = NULL;
    size_t len = 0, end = 0, tlen;
    int n = 0, enc;
    dj_diag ignore;
    FILE *f;

    why[0] = '\0';
    if (!(f = fopen(path, "rb")))
        return NULL; /* the import itself names the read error */
    if ((raw = dj_malloc(HEADER_MAX)))
        len = fread(raw, 1, HEADER_MAX, f);
    fclose(f);
    if (!raw)
        return NULL;
    while (end < len && raw[end] != '\n')
        end++;
    if ((*zip = len >= 4 && !memcmp(raw, ZIP_MAGIC, 4))) {
        ;
    } else if (is_jsonl(path)) {
        size_t bom = end >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
        json_t *obj = json_loadb(raw + bom, end - bom, 0, NULL), *v;
        const char *key;
        json_object_foreach(obj, key, v)
        {
            if (n == DJ_CSV_MAX_FIELDS)
                break;
            if (skipped(app, key, strlen(key)))
                continue;
            names[n].ptr = key;
            names[n++].len = strlen(key);
        }
        t = type_fitting(names, n, why, cap);
        json_decref(obj);
    } else if (dj_csv_decode(&text, &tlen, &enc, raw, end, &ignore) == DJ_OK) {
        dj_csv r;
        long line;
        dj_csv_init(&r, text, tlen);
        if (dj_csv_next(&r, names, &n, &line, &ignore) == 1) {
            int k, m = 0; /* columns without a name, or skipped, say nothing of the type */
            for (k = 0; k < n; k++)
                if (!dj_cell_blank(names[k].ptr, names[k].len) &&
                    !skipped(app, names[k].ptr, names[k].len))
                    names[m++] = names[k];
            t = type_fitting(names, m, why, cap);
        }
        dj_csv_fini(&r);
        dj_free(text);
    }
    dj_free(raw);
    return t;
}

/* Reports progress through the file (dj_app_set_progress): every 4,096
 * rows, and at its end (pos == len). */
static void report(const dj_app *app, const char *path, long rows, size_t pos, size_t len)
{
    char task[300];
    const char *base;

    if (!app->progress || (pos < len && rows % 4096 != 0))
        return;
    base = strrchr(path, '/');
    snprintf(task, sizeof task, "import %s", base ? base + 1 : path);
    app->progress(app->progress_ctx, task, (double)pos, (double)len);
}

#define SKIP_COLUMN (-2) /* a header cell dj_app_set_import_skip names */

static int import_csv(dj_app *app, const dj_record_type *t, const char *path, const char *text,
                      size_t len, long *rows, dj_diag *diag)
{
    dj_csv r;
    dj_csv_field fields[DJ_CSV_MAX_FIELDS];
    const char *texts[DJ_CSV_MAX_FIELDS];
    size_t lens[DJ_CSV_MAX_FIELDS];
    int col_of[DJ_CSV_MAX_FIELDS], cols[DJ_CSV_MAX_FIELDS]; /* col_of: SKIP_COLUMN, -1 unnamed */
    int nheader = 0, nf, i, j, n, rc;
    long line;
    dj_rec rec;

    dj_csv_init(&r, text, len);
    rc = dj_csv_next(&r, fields, &nheader, &line, diag);
    if (rc == 0) {
        rc = dj_diag_set(diag, DJ_EINVAL, "empty file: no header row");
        goto done;
    }
    if (rc < 0)
        goto done;
    nheader = header_width(fields, nheader);
    for (i = 0; i < nheader; i++) {
        if (skipped(app, fields[i].ptr, fields[i].len)) {
            col_of[i] = SKIP_COLUMN; /* values and all */
            continue;
        }
        col_of[i] = dj_record_column(t, fields[i].ptr, fields[i].len);
        if (col_of[i] < 0 && dj_cell_blank(fields[i].ptr, fields[i].len))
            continue; /* a column without a name: its cells must be empty (below) */
        if (col_of[i] < 0) {
            diag->line = line;
            snprintf(diag->field, sizeof diag->field, "%.*s", (int)fields[i].len, fields[i].ptr);
            rc = dj_diag_set(diag, DJ_EINVAL,
                             "unknown column '%.*s' for %s (see docs/import.md; --ignore-column "
                             "'%.*s' skips it)",
                             (int)fields[i].len, fields[i].ptr, t->name, (int)fields[i].len,
                             fields[i].ptr);
            goto done;
        }
        for (j = 0; j < i; j++)
            if (col_of[j] >= 0 && col_of[j] == col_of[i]) {
                diag->line = line;
                snprintf(diag->field, sizeof diag->field, "%s", t->cols[col_of[i]].zh);
                rc = dj_diag_set(diag, DJ_EINVAL, "column %s appears twice", t->cols[col_of[i]].zh);
                goto done;
            }
    }
    for (j = 0; j < t->ncols; j++) { /* named on the header's line, not the first row's */
        for (i = 0; i < nheader && col_of[i] != j; i++)
            ;
        if (i == nheader && t->cols[j].required) {
            diag->line = line;
            snprintf(diag->field, sizeof diag->field, "%s", t->cols[j].zh);
            rc = dj_diag_set(diag, DJ_EINVAL, "required column %s (%s) is missing from the header",
                             t->cols[j].zh, t->cols[j].en);
            goto done;
        }
    }
    while ((rc = dj_csv_next(&r, fields, &nf, &line, diag)) == 1) {
        if (blank_from(fields, 0, nf)) /* ,,, : a row whose cells were cleared */
            continue;
        if (nf > nheader && blank_from(fields, nheader, nf))
            nf = nheader; /* empty cells past the last column */
        if (nf != nheader) {
            diag->line = line;
            rc = dj_diag_set(diag, DJ_EINVAL, "row has %d fields, the header has %d", nf, nheader);
            goto done;
        }
        for (i = n = 0; i < nf; i++) {
            if (col_of[i] == SKIP_COLUMN)
                continue;
            if (col_of[i] < 0) {
                if (dj_cell_blank(fields[i].ptr, fields[i].len))
                    continue;
                diag->line = line;
                rc = dj_diag_set(
                    diag, DJ_EINVAL, "column %d has no name in the header but holds '%.*s'", i + 1,
                    (int)(fields[i].len < 60 ? fields[i].len : dj_utf8_floor(fields[i].ptr, 60)),
                    fields[i].ptr);
                goto done;
            }
            texts[n] = fields[i].ptr;
            lens[n] = fields[i].len;
            cols[n] = col_of[i];
            dj_csv_field_unguard(&texts[n], &lens[n]); /* '=x as exported is =x */
            n++;
        }
        rc = dj__rec_parse(&rec, t, texts, lens, cols, n, diag);
        if (rc == DJ_OK)
            rc = dj__apply(app, &rec, NULL, diag);
        dj__rec_free(&rec);
        if (rc < 0) {
            diag->line = line;
            goto done;
        }
        (*rows)++;
        report(app, path, *rows, dj_csv_offset(&r), len);
    }
    if (rc == 0)
        report(app, path, *rows, len, len);
done:
    dj_csv_fini(&r);
    return rc < 0 ? rc : DJ_OK;
}

/* A JSON value as cell text: strings as they are, integers in decimal, reals
 * with up to 17 significant digits (write money as strings to be exact),
 * booleans as 1/0, arrays of strings joined with ';'. */
static int json_text(char *buf, size_t cap, const char **s, size_t *len, json_t *v)
{
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *len = json_string_length(v);
    } else if (json_is_integer(v)) {
        *len = (size_t)snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        *s = buf;
    } else if (json_is_real(v)) {
        *len = (size_t)snprintf(buf, cap, "%.15g", json_real_value(v));
        *s = buf;
    } else if (json_is_boolean(v)) {
        *len = (size_t)snprintf(buf, cap, "%d", json_is_true(v) ? 1 : 0);
        *s = buf;
    } else if (json_is_null(v)) {
        *s = "";
        *len = 0;
    } else if (json_is_array(v)) {
        size_t i, w = 0;
        json_t *it;
        json_array_foreach(v, i, it)
        {
            const char *x = json_string_value(it);
            size_t xl = x ? strlen(x) : 0;
            if (!x || w + xl + 2 > cap)
                return DJ_EINVAL;
            if (w)
                buf[w++] = ';';
            memcpy(buf + w, x, xl);
            w += xl;
        }
        buf[w] = '\0';
        *s = buf;
        *len = w;
    } else {
        return DJ_EINVAL;
    }
    return DJ_OK;
}

/* Whether a JSONL line holds only spaces and tabs (skipped, like an empty one). */
static int blank(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == 0;
}

static int import_jsonl(dj_app *app, const dj_record_type *t, const char *path, const char *text,
                        size_t len, long *rows, dj_diag *diag)
{
    size_t pos = 0;
    long line = 0;
    int rc = DJ_OK;
    /* room for a list given as an array (["光模块","硅光"]): a list cell holds
     * at most 1,000 characters, 4 bytes each at most, and its separators */
    char(*scratch)[4096] = dj_malloc(DJ_CSV_MAX_FIELDS * sizeof *scratch);

    if (!scratch)
        return DJ_ENOMEM;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) /* a BOM, as Windows editors write */
        pos = 3;

    while (pos < len) {
        size_t end = pos, n;
        json_t *obj = NULL;
        json_error_t jerr;
        const char *key, *texts[DJ_CSV_MAX_FIELDS];
        size_t lens[DJ_CSV_MAX_FIELDS];
        int col_of[DJ_CSV_MAX_FIELDS], nf = 0;
        json_t *val;
        dj_rec rec;

        while (end < len && text[end] != '\n')
            end++;
        line++;
        n = end - pos;
        if (n && text[pos + n - 1] == '\r')
            n--;
        if (blank(text + pos, n)) {
            pos = end + 1;
            continue;
        }
        obj = json_loadb(text + pos, n, 0, &jerr);
        pos = end + 1;
        if (!obj || !json_is_object(obj)) {
            diag->line = line;
            rc = dj_diag_set(diag, DJ_EPARSE, "not a JSON object: %s",
                             obj ? "another JSON value" : jerr.text);
            json_decref(obj);
            goto done;
        }
        json_object_foreach(obj, key, val)
        {
            int c;
            if (skipped(app, key, strlen(key)))
                continue;
            if ((c = dj_record_column(t, key, strlen(key))) < 0 || nf == DJ_CSV_MAX_FIELDS) {
                diag->line = line;
                snprintf(diag->field, sizeof diag->field, "%s", key);
                rc = dj_diag_set(diag, DJ_EINVAL,
                                 "unknown key '%s' for %s (--ignore-column '%s' skips it)", key,
                                 t->name, key);
                json_decref(obj);
                goto done;
            }
            if (json_text(scratch[nf], sizeof scratch[nf], &texts[nf], &lens[nf], val) < 0) {
                diag->line = line;
                snprintf(diag->field, sizeof diag->field, "%s", key);
                rc = dj_diag_set(diag, DJ_EINVAL,
                                 "key '%s': give a string, number, true/false, null or a list of "
                                 "strings (of at most 4,096 bytes)",
                                 key);
                json_decref(obj);
                goto done;
            }
            col_of[nf++] = c;
        }
        rc = dj__rec_parse(&rec, t, texts, lens, col_of, nf, diag);
        if (rc == DJ_OK)
            rc = dj__apply(app, &rec, NULL, diag);
        dj__rec_free(&rec);
        json_decref(obj);
        if (rc < 0) {
            diag->line = line;
            goto done;
        }
        (*rows)++;
        report(app, path, *rows, pos < len ? pos : len, len);
    }
    report(app, path, *rows, len, len);
done:
    dj_free(scratch);
    return rc;
}

static int import_one(dj_app *app, const char *path, const dj_record_type *t, long *rows,
                      dj_diag *diag)
{
    char *raw = NULL, *text = NULL;
    size_t rawlen = 0, len = 0;
    int rc, enc;

    if ((rc = read_file(&raw, &rawlen, path, diag)) < 0)
        return rc;
    if (rawlen >= 4 && !memcmp(raw, ZIP_MAGIC, 4)) { /* a zip: an XLSX workbook, say */
        rc = dj_diag_set(diag, DJ_EINVAL, "%s", NOT_ZIP);
    } else if (is_jsonl(path)) {
        size_t bad;
        if (!dj_utf8_valid(raw, rawlen, &bad)) {
            diag->line = dj_line_at(raw, bad);
            diag->offset = bad;
            rc = dj_diag_set(diag, DJ_EINVAL, "invalid UTF-8 at byte %zu", bad);
        } else {
            rc = import_jsonl(app, t, path, raw, rawlen, rows, diag);
        }
    } else if ((rc = dj_csv_decode(&text, &len, &enc, raw, rawlen, diag)) == DJ_OK) {
        DJ_FREE(raw); /* the reader needs only the decoded copy during the long import phase */
        rc = import_csv(app, t, path, text, len, rows, diag);
    }
    dj_free(text);
    dj_free(raw);
    return rc;
}

int dj_app_import(dj_app *app, const char *const *paths, const char *const *types, int n,
                  dj_import_counts *counts_out, dj_diag *diag)
{
    dj_import_counts counts;
    dj_diag local;
    const dj_record_type **tp = NULL;
    int i, k, rc;

    if (!diag)
        diag = &local;
    dj_diag_clear(diag);
    memset(&counts, 0, sizeof counts);
    if (!dj_app_can(app->actor.role, DJ_ACT_IMPORT))
        return dj_diag_set(diag, DJ_EPERM, "role may not import");
    if (!(tp = dj_calloc((size_t)n + 1, sizeof *tp)))
        return DJ_ENOMEM;
    for (i = 0; i < n; i++) {
        char why[160] = "";
        int zip = 0;
        tp[i] = types && types[i] ? dj_record_type_find(types[i]) : type_from_path(paths[i]);
        if (!tp[i] && !(types && types[i]) && access(paths[i], R_OK) != 0) {
            snprintf(diag->file, sizeof diag->file, "%s", paths[i]); /* the reason, not the type */
            rc = dj_diag_set(diag, DJ_EIO, "cannot read: %s", strerror(errno));
            dj_free(tp);
            return rc;
        }
        if (!tp[i] && !(types && types[i]))
            tp[i] = type_from_header(app, paths[i], why, sizeof why, &zip);
        if (!tp[i] && zip) { /* no header to tell: that it is no CSV is the news */
            snprintf(diag->file, sizeof diag->file, "%s", paths[i]);
            rc = dj_diag_set(diag, DJ_EINVAL, "%s", NOT_ZIP);
            dj_free(tp);
            return rc;
        }
        if (!tp[i]) {
            snprintf(diag->file, sizeof diag->file, "%s", paths[i]);
            rc = dj_diag_set(diag, DJ_EINVAL,
                             "unknown record type%s%s%s: name the file after its type (orgs.csv, "
                             "listings.csv, …) or pass --type",
                             types && types[i] ? " " : "", types && types[i] ? types[i] : "", why);
            dj_free(tp);
            return rc;
        }
    }
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        goto out;
    if ((rc = dj__import_seen_reset(app, &app->seen_updates, "project_updates", diag)) < 0 ||
        (rc = dj__import_seen_reset(app, &app->seen_listings, "listings", diag)) < 0) {
        dj_store_rollback(app->st);
        goto out;
    }
    /* files in load order: orgs before listings before events ... */
    for (k = 0; k < dj_nrecord_types && rc == DJ_OK; k++) {
        /* records before and after the type's files: how many rows were new */
        const char *table = dj__app_table_of(dj_record_types[k]);
        int64_t before = 0, after = 0;
        for (i = 0; i < n && tp[i] != dj_record_types[k]; i++)
            ;
        if (i == n || (rc = dj_store_count(app->st, table, NULL, 0, &before, diag)) < 0)
            continue;
        for (i = 0; i < n && rc == DJ_OK; i++) {
            if (tp[i] != dj_record_types[k])
                continue;
            rc = import_one(app, paths[i], tp[i], &counts.rows[k], diag);
            if (rc < 0)
                snprintf(diag->file, sizeof diag->file, "%s", paths[i]);
        }
        if (rc == DJ_OK && (rc = dj_store_count(app->st, table, NULL, 0, &after, diag)) == DJ_OK)
            counts.added[k] = (long)(after - before);
    }
    if (rc == DJ_OK) {
        char detail[256];
        for (k = 0; k < dj_nrecord_types; k++)
            counts.total += counts.rows[k];
        snprintf(detail, sizeof detail, "{\"files\":%d,\"rows\":%ld}", n, counts.total);
        rc = dj_store_audit(app->st, app->actor.login, "import", "import", 0, detail, diag);
    }
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
out: /* the import's own rows are stored rows now */
    dj__import_seen_reset(app, &app->seen_updates, NULL, NULL);
    dj__import_seen_reset(app, &app->seen_listings, NULL, NULL);
    dj_free(tp);
    if (rc == DJ_OK && counts_out)
        *counts_out = counts;
    diag->code = rc;
    return rc;
}
