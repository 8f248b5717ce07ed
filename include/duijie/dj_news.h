/* dj_news.h - newspaper/bulletin text (as it comes out of a PDF) to articles,
 * figures and draft records for review.
 *
 * Pipeline (docs/news.md describes every rule):
 *   cleanup   join column-broken lines, drop the spaces PDF extraction puts
 *             between CJK characters (keep those between Latin words),
 *             collapse doubled bold headline runs (校企对接会校企对接会 ->
 *             校企对接会, without touching a real 33);
 *   split     articles start at 本报讯/近日/日前 after a byline or heading,
 *             end with the reporters' names; short unpunctuated lines are
 *             sub-headlines; the trailing block of short lines is the
 *             headline block, each headline attached to the article sharing
 *             its place name;
 *   extract   place, organisations, dates and quantity facts (dj_quant.h)
 *             with a short label (总投资额, 签约项目, 合同金额 ...).
 * Pure: no I/O, no globals; thread-safe. Input must be valid UTF-8
 * (DJ_EINVAL otherwise, diag->offset = first bad byte). */
#ifndef DJ_NEWS_H
#define DJ_NEWS_H

#include "duijie/dj_error.h"
#include "duijie/dj_quant.h"

#include <stddef.h>
#include <stdint.h>

struct dj_buf;

typedef struct dj_news_fact {
    char label[64]; /* short label, UTF-8 ("总投资额"); may be "" */
    dj_quant q;     /* q.start/q.end are byte offsets into the article text */
} dj_news_fact;

typedef struct dj_news_article {
    char *title;    /* headline (from the headline block or the sub-headline) */
    char *subtitle; /* sub-headline lines above the article, "" if none */
    char *place;    /* 绵阳高新区, "" when none found */
    char **authors; /* reporters' names */
    size_t nauthors;
    char *text; /* cleaned body, paragraphs separated by '\n' */
    size_t text_len;
    dj_news_fact *facts;
    size_t nfacts;
    dj_quant *dates; /* dates and ordinals, offsets into text */
    size_t ndates;
    char **orgs; /* organisations other than the place */
    size_t norgs;
} dj_news_article;

typedef struct dj_news_doc {
    dj_news_article *articles;
    size_t narticles;
} dj_news_doc;

/* Cleans PDF text: joins broken lines into paragraphs (one per output line),
 * drops spaces next to CJK characters, collapses doubled headline runs.
 * *out is NUL-terminated and owned by the caller (dj_free). Returns DJ_OK,
 * DJ_EINVAL (bad UTF-8), DJ_ENOMEM or DJ_ELIMIT (input over 64 MiB). */
int dj_news_clean(char **out, size_t *out_len, const char *s, size_t len, dj_diag *diag);

/* Collapses a line made entirely of doubled runs ("55家企业签约家企业签约"
 * -> "5家企业签约"); a line that is not wholly doubled is copied unchanged.
 * out needs len+1 bytes; returns the length written. */
size_t dj_news_undouble(char *out, const char *s, size_t len);

/* Splits and extracts. On DJ_OK *out is owned by the caller and released
 * with dj_news_doc_free(). Returns DJ_OK, DJ_EINVAL, DJ_ENOMEM, DJ_ELIMIT. */
int dj_news_extract(dj_news_doc **out, const char *s, size_t len, dj_diag *diag);
void dj_news_doc_free(dj_news_doc *d); /* NULL is a no-op */

/* Appends {"articles":[{"title","place","authors","text","facts":[{"label",
 * "value","unit","approx","text","start","end","kind"}],"dates","orgs",
 * "subtitle"}]} to b. Returns dj_buf_rc(b). */
int dj_news_to_json(struct dj_buf *b, const dj_news_doc *d);

/* ------------------------------------------------------------- drafts */

enum dj_news_draft_kind { DJ_DRAFT_EVENT = 1, DJ_DRAFT_DEAL = 2, DJ_DRAFT_PROJECT = 3 };

/* A draft's place in a batch signing (本次集中签约项目8个，总投资46.2亿元，
 * 其中……): the batch draft stands for the items of the batch that are not
 * drafts of their own, each part for one named item. */
enum dj_news_batch_role { DJ_BATCH_NONE = 0, DJ_BATCH_REST = 1, DJ_BATCH_PART = 2 };

typedef struct dj_news_count {
    char label[64];
    double value;
    char unit[32];
} dj_news_count;

/* A proposed record, never stored by the news engine: app/ shows it for
 * review and stores it only when a person accepts it. */
typedef struct dj_news_draft {
    int kind;              /* enum dj_news_draft_kind */
    char name[256];        /* event name, deal or project title */
    char place[128];       /* park or place */
    int64_t amount_fen;    /* deal amount / project total investment; -1 unknown */
    int64_t completed_fen; /* project completed investment; -1 unknown */
    double land_mu;        /* project land in 亩; -1 unknown */
    dj_news_count counts[16];
    size_t ncounts;
    char date[64];     /* first date mentioned ("2026年6月"), "" none */
    size_t article;    /* index into dj_news_doc.articles */
    size_t start, end; /* evidence span: byte offsets into that article's text */
    /* Batches (docs/news.md section 5). A REST draft's amount_fen is the
     * batch total minus its parts' amounts, so that accepting any set of
     * drafts never counts a part's money twice. */
    int batch;               /* enum dj_news_batch_role */
    long batch_items;        /* REST and PART: the items the text counts (项目8个 -> 8) */
    long batch_parts;        /* REST: how many of them are PART drafts */
    int64_t batch_total_fen; /* REST and PART: the batch's total as written; -1 none */
    long part_of;            /* PART: index of its REST draft in the same array; -1 none
                                (every item of the batch is a part) */
} dj_news_draft;

/* Turns extracted articles into draft events, deals and projects. *out (an
 * array of *n_out drafts) is owned by the caller (dj_free). Pure. Returns
 * DJ_OK or DJ_ENOMEM. */
int dj_news_drafts(dj_news_draft **out, size_t *n_out, const dj_news_doc *d);

/* Appends {"drafts":[{"kind","status":"draft","name","place","amount_fen",
 * "completed_fen","land_mu","counts":[{"label","value","unit"}],"date",
 * "article","start","end","batch"}]} to b, where "batch" is null or
 * {"role": "rest"|"part", "items", "total_fen", and "parts" (rest) or "of"
 * (part: index of the rest draft, or null)}. Returns dj_buf_rc(b). */
int dj_news_drafts_json(struct dj_buf *b, const dj_news_draft *drafts, size_t n);

const char *dj_news_draft_kind_name(int kind); /* "event", "deal", "project" */

#endif
