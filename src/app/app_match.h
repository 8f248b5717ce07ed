/* app_match.h - search and matching over the catalog (src/app/match.c).
 *
 * The engine (dj_match: an in-memory index plus a copy of each listing) is
 * built from the store's listings. A command-line process loads it on open
 * (from the saved index when the listings have not changed), so it is
 * always in step with the database; a long-lived server keeps one and
 * applies dj_app_match_sync() after each write. */
#ifndef DJ_APP_MATCH_H
#define DJ_APP_MATCH_H

#include "duijie/dj_app.h"
#include "duijie/dj_match.h"

struct dj_buf;
struct dj_row;

/* Fills l from a v_listings row; strings borrowed from the row. */
void dj__app_listing_of_row(dj_match_listing *l, const struct dj_row *r);

/* Loads every listing of the store into a new engine. On DJ_OK *out is the
 * caller's (dj_match_free). Initialises text analysis first, with the
 * database's domain terms (dj_app_text_init).
 * use_saved: when the database is a file, keep the index in the file next
 * to it (DATABASE.index) and start from it while the listings are the same
 * (dj_match_finish_load); a stale or damaged file is rebuilt, and an
 * unwritable directory only costs the time of indexing. */
int dj_app_match_load(dj_match **out, dj_app *app, int use_saved, dj_diag *diag);

/* Re-reads one listing from the store into m (put, or delete when it is
 * gone), keeping a long-lived engine in step after a write. */
int dj_app_match_sync(dj_match *m, dj_app *app, int64_t listing_id, dj_diag *diag);

typedef struct dj_app_search_req {
    const char *query;
    const char *side;     /* supply/demand/供给/需求, NULL = any */
    const char *kind;     /* listing kind, NULL = any */
    const char *region;   /* code prefix: 45, 4502, 450203; NULL = any */
    const char *industry; /* exact code, NULL = any */
    const char *status;   /* NULL = published only; "any" = all */
    const char *modes;    /* list of cooperation modes: any shared */
    size_t limit;         /* results wanted, 0 = 10 */
    size_t offset;        /* best results skipped first (the next page) */
} dj_app_search_req;

/* Ranks listings for a query and appends the results as JSON (with
 * titles, factors, matched terms and highlight offsets) to out. */
int dj_app_search(dj_app *app, const dj_match *m, const dj_app_search_req *req, struct dj_buf *out,
                  dj_diag *diag);

/* Learns latent semantic vectors from the loaded catalog (dj_match_learn
 * with defaults), so that dj_app_match blends them into the text factor.
 * Costs about a second per 10,000 listings: a long-lived server does it
 * once; the CLI only with `duijie match --semantic`. When the engine's
 * index is the one saved next to the database (dj_app_match_load with
 * use_saved), the model is kept next to it too (DATABASE.semantic) and
 * loaded instead while the index is the same (dj_match_learn_saved). */
int dj_app_match_learn(dj_match *m, dj_app *app, dj_diag *diag);

/* The weights matching uses: the defaults with the database's setting
 * match.weights (dj_app_setting_set) read on top. */
int dj_app_match_weights(dj_app *app, dj_match_weights *w, dj_diag *diag);

/* Best counterparts of listing id (by default: the other side, published
 * only), JSON with the weights used and each factor's contribution, into
 * out. weights: NULL, or a spec (dj_match_weights_parse) read on top of
 * dj_app_match_weights for this call only. */
int dj_app_match(dj_app *app, const dj_match *m, int64_t listing_id, size_t limit,
                 const char *weights, struct dj_buf *out, dj_diag *diag);

#endif
