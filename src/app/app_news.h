/* app_news.h - review of the draft records that bulletin text proposes
 * (issue 6): `duijie news import` stores the drafts of a file in the
 * news_drafts table (migration 006), a person lists them, accepts one (which
 * creates the real event, deal or project through dj_app_put, exactly as a
 * validated import row) or rejects it. Nothing becomes a real record until
 * accepted.
 *
 * Every write is one transaction with an audit_log entry; on any error the
 * database is left as it was. Roles: importing, accepting and rejecting
 * need DJ_ACT_IMPORT (staff), and accepting also the right to create the
 * record type (dj_app_put checks it); reading needs DJ_ACT_READ. A dj_app
 * is used by one thread at a time. */
#ifndef DJ_APP_NEWS_H
#define DJ_APP_NEWS_H

#include "duijie/dj_app.h"
#include "duijie/dj_news.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

/* What dj_app_news_import did. All arrays have ndrafts entries, in the order
 * dj_news_drafts() proposed the drafts; doc and drafts are the extraction
 * itself (for printing details). Released with dj_app_news_import_fini. */
typedef struct dj_news_import_result {
    dj_news_doc *doc;
    dj_news_draft *drafts;
    size_t ndrafts;
    int64_t *ids; /* news_drafts id of each draft */
    char *is_new; /* 1: stored by this import; 0: the same draft was already stored */
    size_t nnew;  /* how many is_new */
} dj_news_import_result;

/* Extracts the articles of text (bulletin text as it comes out of a PDF,
 * valid UTF-8), proposes drafts (dj_news_drafts) and stores those not yet
 * stored as pending, in one transaction. source is a display name for where
 * the text came from (a file name), kept with each draft. A draft already
 * stored (same kind, name, place, amount, article title and evidence text,
 * from any source and in any state) is not stored again: importing the
 * same file twice adds nothing. On DJ_OK *res is filled (caller calls
 * dj_app_news_import_fini); on error *res is empty. Returns DJ_OK,
 * DJ_EPERM, DJ_EINVAL (bad UTF-8, diag->offset), DJ_ENOMEM, DJ_ELIMIT or
 * DJ_ESTORE. */
int dj_app_news_import(dj_app *app, const char *source, const char *text, size_t len,
                       dj_news_import_result *res, dj_diag *diag);
void dj_app_news_import_fini(dj_news_import_result *res);

/* One stored draft, as handed to a dj_app_news_each callback. Every pointer
 * is borrowed for the duration of the callback and never NULL ("" when
 * absent). */
typedef struct dj_news_draft_row {
    int64_t id;
    const char *kind;   /* "event", "deal", "project" */
    const char *status; /* "pending", "accepted", "rejected" */
    const char *name;
    const char *place;
    int64_t amount_fen;      /* deal amount / project total investment; -1 unknown */
    const char *source;      /* file name given at import */
    long article;            /* 0-based article index within the source */
    const char *record_type; /* "events", "deals", "projects" once accepted */
    int64_t record_id;       /* 0 until accepted */
    const char *created_at, *reviewed_at, *reviewer;
    const char *payload; /* the stored JSON (see src/app/news.c) */
    /* from the payload: */
    const char *date;     /* first date the article mentions, as written */
    const char *title;    /* the article's title */
    const char *evidence; /* the text the draft was read from */
} dj_news_draft_row;

typedef int (*dj_news_row_cb)(const dj_news_draft_row *row, void *ctx);

/* Calls cb for each stored draft in id order: all of them (status NULL) or
 * those with that status ("pending", "accepted", "rejected"; DJ_EINVAL
 * otherwise), or only the draft with this id when id > 0 (DJ_ENOTFOUND when
 * there is none). A negative return from cb stops and is returned. */
int dj_app_news_each(dj_app *app, const char *status, int64_t id, dj_news_row_cb cb, void *ctx,
                     dj_diag *diag);

/* Appends one row as a JSON object: {"id","kind","status","name","place",
 * "amount_fen" (integer or null),"source","article","record_type","record_id"
 * (null until accepted),"created_at","reviewed_at","reviewer" (null while
 * pending),"payload" (object)}. Returns dj_buf_rc(out). */
int dj_app_news_row_json(struct dj_buf *out, const dj_news_draft_row *row);

/* Accepts pending draft id: builds the record's fields from the draft (name
 * or title; place -> park when an organisation of kind park has that name;
 * amount -> 金额 / 总投资; completed investment, land, jobs and annual output
 * for projects; the deal type when the evidence names one (技术开发 ...); the
 * date when the article gives a full one; the evidence as 简介), then
 * applies the caller's (cols[i], vals[i]) overrides (Chinese or English
 * field names; an empty value removes a prefilled field) and creates the
 * record with dj_app_put. Required fields still missing fail with DJ_EINVAL
 * and a message listing every one of them ("编号 (code), 开始日期
 * (start_date)"; diag->field = the Chinese names). A record with the same
 * 编号 that already exists is DJ_EEXISTS (accept never overwrites). On DJ_OK
 * the draft is accepted, pointing at the new record; *record_type_out
 * (static string, may be NULL) and *record_id_out (may be NULL) name it.
 * Returns DJ_OK, DJ_ENOTFOUND, DJ_EINVAL (not pending, unknown field, bad
 * value, missing fields), DJ_EEXISTS, DJ_EPERM, DJ_ENOMEM or DJ_ESTORE. */
int dj_app_news_accept(dj_app *app, int64_t id, const char *const *cols, const char *const *vals,
                       int n, const char **record_type_out, int64_t *record_id_out, dj_diag *diag);

/* Rejects pending draft id. Returns DJ_OK, DJ_ENOTFOUND, DJ_EINVAL (not
 * pending), DJ_EPERM or DJ_ESTORE. */
int dj_app_news_reject(dj_app *app, int64_t id, dj_diag *diag);

#endif
