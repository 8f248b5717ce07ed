/* dj_app.h - use cases over the store and the engines. The CLI (and later
 * the HTTP server) are thin adapters over these functions: anything one can
 * do, the other can.
 *
 * Every operation runs as an actor with a role; dj_app_can() is the one
 * table that says which role may do what, checked here, not in adapters.
 * Operations that write run in one transaction: on any error the database
 * is left exactly as it was. */
#ifndef DJ_APP_H
#define DJ_APP_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct dj_store;
struct dj_buf;

enum dj_role {
    DJ_ROLE_VIEWER = 0,    /* leadership: reads reports and dashboards */
    DJ_ROLE_MEMBER = 1,    /* enterprise or researcher: own listings, own agenda */
    DJ_ROLE_ORGANISER = 2, /* runs events */
    DJ_ROLE_STAFF = 3,     /* park staff: catalog, projects, deals, imports */
    DJ_ROLE_ADMIN = 4      /* everything, incl. users */
};

enum dj_action {
    DJ_ACT_READ,
    DJ_ACT_EDIT_LISTING,
    DJ_ACT_EDIT_ORG,
    DJ_ACT_IMPORT,
    DJ_ACT_EXPORT_PRIVATE, /* export with private contact details */
    DJ_ACT_RUN_EVENT,
    DJ_ACT_EDIT_PROJECT,
    DJ_ACT_CONFIGURE, /* change the deployment's settings (match weights ...) */
    DJ_ACT_ADMIN
};

typedef struct dj_actor {
    const char *login; /* "cli" for the command line */
    int role;          /* enum dj_role */
    int64_t org_id;    /* the member's own organisation, 0 if none */
} dj_actor;

/* True when role may perform action (own-record checks are the caller's). */
int dj_app_can(int role, int action);

typedef struct dj_app dj_app;

/* Opens the database at url, applying pending migrations. A database this
 * process may not write (a read-only file, directory or mount) is refused
 * with DJ_ESTORE ("PATH: the database is read-only (why)"). */
int dj_app_open(dj_app **out, const char *url, const dj_actor *actor, dj_diag *diag);
/* dj_app_open for a caller that will only read (lists, search, reports,
 * exports): a database this process may not write is opened read-only
 * instead of refused (store.h, DJ_STORE_READ), provided its schema is
 * current; a write on it then fails with DJ_ESTORE and changes nothing. */
int dj_app_open_read(dj_app **out, const char *url, const dj_actor *actor, dj_diag *diag);
void dj_app_close(dj_app *app);
struct dj_store *dj_app_store(dj_app *app);
const dj_actor *dj_app_actor(const dj_app *app);

/* Progress of long work (now: imports, a call every 4,096 rows and at the
 * end of each file): task names it ("import listings.csv"), done of total
 * its units (bytes of the file). It must not call back into app. NULL fn
 * turns reporting off. */
typedef void (*dj_app_progress_fn)(void *ctx, const char *task, double done, double total);
void dj_app_set_progress(dj_app *app, dj_app_progress_fn fn, void *ctx);

/* ---- import / export (app/import.c, app/export.c) ---- */

/* Column names (CSV header cells, JSON Lines keys) that the next imports
 * skip, values and all, in every file: a spreadsheet's 备注 or 序号. A
 * name that is a column of the record type is skipped too. names[] must
 * outlive the imports; n = 0 skips nothing (the default). */
void dj_app_set_import_skip(dj_app *app, const char *const *names, int n);

typedef struct dj_import_counts {
    long rows[16];  /* per record type, in dj_record_types order */
    long added[16]; /* of those rows, the records new to the database (the rest matched a
                       stored record, or an earlier row of the import, by its key) */
    long total;
} dj_import_counts;

/* Imports files (CSV in UTF-8/BOM/GB18030, or .jsonl) in one transaction,
 * ordered by record type. types[i] may be NULL (type from the file name).
 * On any error nothing is written and diag names file, line, field and
 * reason. */
int dj_app_import(dj_app *app, const char *const *paths, const char *const *types, int n,
                  dj_import_counts *counts_out, dj_diag *diag);

enum dj_export_format { DJ_FMT_CSV, DJ_FMT_JSONL, DJ_FMT_XLSX, DJ_FMT_CSV_GBK };

/* Exports all records of a type to path ("-" = stdout, not for XLSX). */
int dj_app_export(dj_app *app, const char *type, int format, const char *path, long *rows_out,
                  dj_diag *diag);

/* ---- records by natural key (app/records.c) ---- */

/* Adds or updates one record of a type from (column, value) text pairs,
 * validated exactly as an import row is. *id_out gets its id. */
int dj_app_put(dj_app *app, const char *type, const char *const *cols, const char *const *vals,
               int n, int64_t *id_out, dj_diag *diag);
/* dj_app_put that writes nothing, neither updated_at nor an audit entry,
 * when the record is stored already with every value the pairs give (or
 * leave as they are): *changed_out 0 then, else 1; *id_out as for
 * dj_app_put either way. */
int dj_app_put_changed(dj_app *app, const char *type, const char *const *cols,
                       const char *const *vals, int n, int64_t *id_out, int *changed_out,
                       dj_diag *diag);

/* Writes one record (by id) of a type as a JSON object into out. */
int dj_app_get_json(dj_app *app, const char *type, int64_t id, struct dj_buf *out, dj_diag *diag);

/* A page of a list: the records after the first offset, at most limit of
 * them (0 = all); the list sets total to the number its filters select. */
typedef struct dj_app_page {
    long limit, offset;
    long total;
} dj_app_page;

/* Whether the next record a list selects is on page (NULL: all are),
 * counting it into page->total: for lists that select in a callback. */
static inline int dj_app_page_take(dj_app_page *page)
{
    long i;
    if (!page)
        return 1;
    i = page->total++;
    return i >= page->offset && (page->limit <= 0 || i < page->offset + page->limit);
}

/* Writes records of a type as a JSON array into out; filters are (column,
 * value) pairs on the export view: a region or industry code covers the
 * codes below it (地区=45, 行业=C), free text matches where it holds the
 * value (标题=光模块), other columns are equal. page NULL: all records. */
int dj_app_list_json(dj_app *app, const char *type, const char *const *cols,
                     const char *const *vals, int n, dj_app_page *page, struct dj_buf *out,
                     dj_diag *diag);

/* Updates the given fields of record id (listings and orgs). Empty values
 * clear optional fields; required fields cannot be cleared. Checks CHECK
 * constraints (e.g. price range) in the database. Audited. When the record
 * already holds every given value nothing is written (no audit entry, the
 * same updated_at): DJ_OK with *changed_out (may be NULL) 0, else 1. */
int dj_app_update(dj_app *app, const char *type, int64_t id, const char *const *cols,
                  const char *const *vals, int n, int *changed_out, dj_diag *diag);

/* The id of the record of a type (listings, orgs, events, projects, deals)
 * named by key as a person types it: its natural key - 编号 (GL-D03), an
 * organisation's name or 统一社会信用代码 - else digits as the id ("14";
 * "#14" is always the id) of a record that exists (app/record_key.c).
 * Returns DJ_OK, DJ_ENOTFOUND (nothing in diag) or DJ_ESTORE. */
int dj_app_record_id(dj_app *app, const char *type, const char *key, int64_t *id_out,
                     dj_diag *diag);

/* Sets a listing's status to closed (audited); a listing closed already is
 * left as it is: DJ_OK with *changed_out (may be NULL) 0, else 1. */
int dj_app_listing_close(dj_app *app, int64_t id, int *changed_out, dj_diag *diag);

/* ---- domain terms (app/terms.c) ---- */

/* Adds a domain term, a word the segmenter keeps whole (多天线认知无线), or
 * changes its frequency: one word of at most 32 characters, no blanks, not
 * starting with '#'; freq 0 = automatic (just above its best split), else
 * 1..10^12. Audited; DJ_EPERM below staff. The catalog is re-indexed on
 * the next search or match. A term stored already with this frequency is
 * left as it is, with no audit entry: *changed_out (may be NULL) 0, else 1. */
int dj_app_term_add(dj_app *app, const char *word, int64_t freq, int *changed_out, dj_diag *diag);

/* Removes a domain term (DJ_ENOTFOUND when there is none). Audited. */
int dj_app_term_remove(dj_app *app, const char *word, dj_diag *diag);

/* Adds or updates every term of a "word [freq]" file (UTF-8, # comments,
 * the user dictionary format of docs/text.md) in one transaction: on any
 * bad line nothing is written and diag names the file, line and reason.
 * *added gets the number of terms written (new, or another frequency),
 * *unchanged the number of lines naming a term stored as it is (either may
 * be NULL); those are not written again. Audited, unless nothing was
 * written: then the database is left as it was. */
int dj_app_terms_import(dj_app *app, const char *path, long *added, long *unchanged, dj_diag *diag);

/* The terms as a JSON array of {word, freq, created_at, created_by}. */
int dj_app_terms_json(dj_app *app, struct dj_buf *out, dj_diag *diag);

/* Starts text analysis (dj_text_init_words) with the database's domain
 * terms as the user dictionary, or reloads it when the terms changed since
 * (a no-op when they did not). Not while another thread analyses. */
int dj_app_text_init(dj_app *app, dj_diag *diag);

/* ---- settings (app/settings.c) ---- */

/* Appends the value of setting name (the stored one, else its built-in
 * default; always in canonical form) to out. DJ_ENOTFOUND for an unknown
 * name. Known names: match.weights (dj_match_weights_parse). */
int dj_app_setting_get(dj_app *app, const char *name, struct dj_buf *out, dj_diag *diag);

/* Checks value for setting name and stores its canonical form, audited
 * (DJ_EPERM below staff). On error the database is unchanged and diag
 * says what is wrong with the value. A value that is stored already is
 * left as it is, with no audit entry: *changed_out (may be NULL) 0, else 1. */
int dj_app_setting_set(dj_app *app, const char *name, const char *value, int *changed_out,
                       dj_diag *diag);

/* Returns setting name to its built-in default (audited); nothing to do
 * when it is at its default already (*changed_out 0, as above). */
int dj_app_setting_reset(dj_app *app, const char *name, int *changed_out, dj_diag *diag);

/* Every known setting as a JSON array of objects: name, title, value,
 * default (true when no value is stored), updated_at and updated_by. */
int dj_app_settings_json(dj_app *app, struct dj_buf *out, dj_diag *diag);

#endif
