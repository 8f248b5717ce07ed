/* app_int.h - private to src/app/: the app handle and parsed import rows. */
#ifndef DJ_APP_INT_H
#define DJ_APP_INT_H

#include "duijie/dj_app.h"
#include "duijie/dj_model.h"
#include "store/store.h"

#include <string.h>

/* Rows with ids above floor are the running import's own and never match;
 * ids lists the stored rows it matched so far, each standing for one row of
 * its files (two identical rows match two stored rows, not one twice).
 * Outside an import active is 0, the floor INT64_MAX and the list empty. */
typedef struct dj_import_seen {
    int active;
    int64_t floor;
    int64_t *ids;
    size_t n, cap;
} dj_import_seen;

/* Starts (table: the floor is its largest id now) or ends (NULL) an import's
 * view; both empty the list. */
int dj__import_seen_reset(dj_app *app, dj_import_seen *s, const char *table, dj_diag *diag);

struct dj_app {
    dj_store *st;
    dj_actor actor;
    char login[64];
    dj_app_progress_fn progress; /* NULL or dj_app_set_progress's */
    void *progress_ctx;
    const char *const *import_skip; /* dj_app_set_import_skip's names [nimport_skip] */
    int nimport_skip;
    /* A running import's view of the rows it matches by content, not by a
     * key: project updates, and listings without 编号 (apply.c, apply_projects.c). */
    dj_import_seen seen_updates, seen_listings;
};

/* dj_app_record_id without #N: the row of table (listings, orgs, events,
 * projects, deals) named by its natural key, else by digits as its id;
 * DJ_ENOTFOUND with nothing in diag (record_key.c). */
int dj__app_record_find(dj_app *app, const char *table, const char *key, int64_t *id_out,
                        dj_diag *diag);

struct lxw_workbook; /* <xlsxwriter.h> */

/* An XLSX file is written whole or not at all, as every file the app
 * writes (util/file.h: a temporary file beside path, put at path by
 * dj_file_tmp_commit, which refuses a read-only path and keeps its mode).
 * dj__app_xlsx_new creates the temporary file (its name into tmp, cap
 * bytes) and a workbook writing it; DJ_OK, or DJ_EIO / DJ_ELIMIT /
 * DJ_ENOMEM with "cannot write PATH: reason" in diag and nothing left.
 * dj__app_xlsx_close closes wb and, when rc is DJ_OK, puts the file at
 * path, else removes it; it returns rc, or the error of closing or
 * committing (said as "cannot write PATH: reason"). (export.c) */
int dj__app_xlsx_new(struct lxw_workbook **wb_out, char *tmp, size_t cap, const char *path,
                     dj_diag *diag);
int dj__app_xlsx_close(struct lxw_workbook *wb, int rc, const char *tmp, const char *path,
                       dj_diag *diag);

/* One validated row of a record type: cells[i] belongs to type->cols[i]. */
typedef struct dj_rec {
    const dj_record_type *type;
    dj_cell cells[32];
    uint32_t given; /* bit i: the file (or put) has a column for type->cols[i] */
    long line;
} dj_rec;

/* The cell for column en (must exist in the type). */
const dj_cell *dj__rec_cell(const dj_rec *r, const char *en);
/* Text of a present text-like cell, or NULL. */
const char *dj__rec_s(const dj_rec *r, const char *en);
void dj__rec_free(dj_rec *r);
/* Fails with code and message fmt (one %s: arg), naming column en's
 * Chinese header in diag->field. Returns code. */
int dj__rec_fail(dj_diag *diag, const dj_rec *r, const char *en, int code, const char *fmt,
                 const char *arg);

/* Rewrites the database's own words for a violated UNIQUE or CHECK
 * constraint of a row of type t ("step: UNIQUE constraint failed:
 * orgs.uscc") as the import's: the column's Chinese header in diag->field
 * and what is wrong. Returns rc unchanged. */
int dj__app_explain_constraint(const dj_record_type *t, int rc, dj_diag *diag);

/* The table a record type is stored in: its name, but requests live in
 * meeting_requests. */
static inline const char *dj__app_table_of(const dj_record_type *t)
{
    return strcmp(t->name, "requests") ? t->name : "meeting_requests";
}

/* Resolves a value of the reference column c to the id of the row it
 * names: an organisation by name (of kind park for a 园区 column), else a
 * row by code. DJ_ENOTFOUND when there is none, with why (whysz bytes)
 * saying so: "unknown organisation 'X'", "'X' is not a park (类型 园区)". */
int dj__app_resolve_ref(dj_app *app, const dj_column *c, const char *key, int64_t *id, char *why,
                        size_t whysz, dj_diag *diag);

/* NULL when s can stand as one item of a list cell (an organisation name
 * in 其他方, a listing code in 关联供需); else why not: it holds one of the
 * separators ; ； 、 , ，. */
const char *dj__app_list_item_why(const char *s);

/* After a write to organisation id: it is not inside itself through its
 * chain of 所属园区 (P1 in P2 in P1), and if it is no park (any more) no
 * organisation or project names it as their park. DJ_EINVAL with why and
 * *col (the column at fault: "park" or "kind") set, or a store error. */
int dj__app_check_org(dj_app *app, int64_t id, const char **col, char *why, size_t whysz,
                      dj_diag *diag);

/* Writes one validated row to the store (inside the caller's transaction).
 * Unresolvable references and cross-field rules fail with diag->field set. */
int dj__apply(dj_app *app, const dj_rec *r, int64_t *id_out, dj_diag *diag);

/* Parses a row of raw texts (col_of[i] = column index of texts[i], -1 for
 * none) into r. Sets diag->field on error. */
int dj__rec_parse(dj_rec *r, const dj_record_type *t, const char *const *texts, const size_t *lens,
                  const int *col_of, int n, dj_diag *diag);

/* *count = the terms of s (n bytes) the index keeps: not stop words (的,
 * 能), not symbols, not longer than DJ_INDEX_TERM_MAX bytes; *too_long (may
 * be NULL) = the terms dropped for their length (terms.c). The analyser
 * must be started. */
int dj__app_indexed_terms(const char *s, size_t n, int *count, int *too_long);

#endif
