/* events_recommend.c - recommended meetings for a brokerage event (推荐洽谈):
 * pairs of participants whose published listings match (one's demand, the
 * other's supply), that have no request or meeting yet, each with the
 * listings and terms that make the match; optionally added as 'want'
 * requests ('pending') that the timetable then schedules.
 *
 * Method: the published listings of the participants' organisations go
 * into a matching engine of their own (so text relevance is judged among
 * what is on offer at the event); each listing is ranked against the
 * others with the database's match weights (dj_app_match_weights); a pair
 * of participants scores the best of its listing pairs. Each participant
 * keeps its `per` best partners at or above `min_score`; a pair chosen by
 * either side is recommended. Rankings leave explanations out (most of
 * their cost); only the chosen pairs are explained, afterwards.
 * Invariants: never a pair that already has a request row (any status or
 * preference, either direction) or a meeting; with apply, all rows or none
 * are written, in one transaction with an audit entry, after the answer is
 * composed (so no failure can follow the commit). */
#include "app/app_events.h"
#include "app/app_int.h"
#include "app/app_match.h"
#include "app/events_int.h"

#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A listing of a participant's organisation. */
typedef struct owned {
    int64_t listing;
    int part;
} owned;

/* The best listing pair found so far for a pair of participants. */
typedef struct pick {
    int demand, supply; /* participant indices */
    int64_t demand_listing, supply_listing;
    float score;
    int demand_asked; /* 1: the demand listing was the query, the supply one the result */
    char terms[160];  /* up to three matched terms, space-separated, none inside another */
    int chosen;
} pick;

typedef struct rec {
    ev e;
    dj_match *m;
    owned *own;
    size_t nown, cap_own;
    int cur; /* participant whose listings are being read */
    pick *pk;
    size_t npk, cap_pk;
    uint32_t *slot;  /* open addressing: pair key -> index into pk + 1; 0 = empty */
    size_t nslot;    /* a power of two, more than twice npk */
    int64_t *paired; /* keys of the pairs with a request or a meeting, sorted */
    size_t npaired;
} rec;

/* The key of the unordered pair of participants a, b. */
static int64_t pair_key(const rec *r, int a, int b)
{
    return a < b ? (int64_t)a * r->e.np + b : (int64_t)b * r->e.np + a;
}

static size_t key_slot(const rec *r, int64_t key)
{
    return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> 17) & (r->nslot - 1);
}

static int key_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Collects the pairs that already have a request row or a meeting. */
static int load_paired(rec *r)
{
    ev *e = &r->e;
    size_t n = 0;
    if (!(r->paired = dj_malloc(((size_t)e->nr + (size_t)e->nm + 1) * sizeof *r->paired)))
        return DJ_ENOMEM;
    for (int i = 0; i < e->nr; i++)
        r->paired[n++] = pair_key(r, e->req[i].from, e->req[i].to);
    for (int i = 0; i < e->nm; i++)
        r->paired[n++] = pair_key(r, e->meet[i].a, e->meet[i].b);
    qsort(r->paired, n, sizeof *r->paired, key_cmp);
    r->npaired = n;
    return DJ_OK;
}

static int already_paired(const rec *r, int a, int b)
{
    int64_t k = pair_key(r, a, b);
    return bsearch(&k, r->paired, r->npaired, sizeof k, key_cmp) != NULL;
}

/* The pick of participants demand and supply, created (score -1) when new;
 * NULL when out of memory. */
static pick *pick_of(rec *r, int demand, int supply)
{
    int64_t key = pair_key(r, demand, supply);
    size_t i;
    int rc;

    if ((r->npk + 1) * 2 >= r->nslot) { /* grow the table and re-insert */
        size_t ns = r->nslot ? r->nslot * 2 : 1024;
        uint32_t *t = dj_calloc(ns, sizeof *t);
        if (!t)
            return NULL;
        dj_free(r->slot);
        r->slot = t;
        r->nslot = ns;
        for (size_t k = 0; k < r->npk; k++) {
            for (i = key_slot(r, pair_key(r, r->pk[k].demand, r->pk[k].supply)); t[i];
                 i = (i + 1) & (ns - 1))
                ;
            t[i] = (uint32_t)k + 1;
        }
    }
    for (i = key_slot(r, key); r->slot[i]; i = (i + 1) & (r->nslot - 1)) {
        pick *k = &r->pk[r->slot[i] - 1];
        if (pair_key(r, k->demand, k->supply) == key)
            return k;
    }
    DJ_ARRAY_GROW(rc, r->pk, r->cap_pk, r->npk);
    if (rc < 0)
        return NULL;
    r->slot[i] = (uint32_t)r->npk + 1;
    pick *k = &r->pk[r->npk++];
    memset(k, 0, sizeof *k);
    k->demand = demand;
    k->supply = supply;
    k->score = -1;
    return k;
}

static int owned_cmp(const void *a, const void *b)
{
    const owned *x = a, *y = b;
    return x->listing < y->listing ? -1 : x->listing > y->listing;
}

static int owner_of(const rec *r, int64_t listing)
{
    owned key = {listing, 0};
    const owned *o = bsearch(&key, r->own, r->nown, sizeof *r->own, owned_cmp);
    return o ? o->part : -1;
}

static int listing_cb(const dj_row *row, void *ctx)
{
    rec *r = ctx;
    dj_match_listing l;
    int rc;

    dj__app_listing_of_row(&l, row);
    DJ_ARRAY_GROW(rc, r->own, r->cap_own, r->nown);
    if (rc < 0 || (rc = dj_match_put(r->m, &l)) < 0)
        return rc;
    r->own[r->nown].listing = l.id;
    r->own[r->nown++].part = r->cur;
    return DJ_OK;
}

/* Loads the published listings of every participant's organisation. */
static int load_listings(rec *r, dj_app *app, dj_diag *diag)
{
    int rc;
    if ((rc = dj_app_text_init(app, diag)) < 0 || (rc = dj_match_new(&r->m, NULL)) < 0)
        return rc;
    for (r->cur = 0; r->cur < r->e.np; r->cur++) {
        dj_field w[2] = {{"org_id", dj_v_int(r->e.part[r->cur].org_id)},
                         {"status", dj_v_text("published")}};
        if ((rc = dj_store_each(app->st, "v_listings", w, 2, NULL, 0, 0, listing_cb, r, diag)) < 0)
            return rc;
    }
    if (r->nown > 1)
        qsort(r->own, r->nown, sizeof *r->own, owned_cmp);
    return DJ_OK;
}

/* 1 when matched term t of c lies inside a longer one (大数 in 大数据):
 * the longer says it. */
static int part_of_another(const dj_match_result *c, size_t t)
{
    size_t len = strlen(c->terms[t]);
    for (size_t j = 0; j < c->nterms; j++)
        if (j != t && strlen(c->terms[j]) > len && strstr(c->terms[j], c->terms[t]))
            return 1;
    return 0;
}

/* Is there a slot where participants a and b are both available? (Over
 * several days one may come on day 1 only and the other on day 3: a
 * request between them could never be met.) */
static int can_meet(const rec *r, int a, int b)
{
    int ns = r->e.ns;
    uint64_t all = ns >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << ns) - 1;
    return (~r->e.part[a].unavail & ~r->e.part[b].unavail & all) != 0;
}

/* Records candidate c of listing q (owned by participant p) when it beats
 * what its pair has. */
static int consider(rec *r, const dj_match_listing *q, int p, const dj_match_result *c)
{
    int o = owner_of(r, c->id);
    int q_demand = q->side == DJ_SIDE_DEMAND;
    pick *k;

    if (o < 0 || o == p || already_paired(r, p, o) || !can_meet(r, p, o))
        return DJ_OK;
    if (!(k = pick_of(r, q_demand ? p : o, q_demand ? o : p)))
        return DJ_ENOMEM;
    if (c->score <= k->score)
        return DJ_OK;
    k->score = c->score;
    k->demand_listing = q_demand ? q->id : c->id;
    k->supply_listing = q_demand ? c->id : q->id;
    k->demand_asked = q_demand;
    return DJ_OK;
}

static int ascii_alnum(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* term (len bytes, as the analyser gives it: ASCII case folded) as l
 * writes it: the first place in its title, keywords or body that equals it
 * up to ASCII case and is not part of a longer Latin word, so "aoi" reads
 * "AOI"; term itself when there is none (a term without Latin letters, or
 * one normalised otherwise, e.g. from full-width letters). */
static const char *as_written(const dj_match_listing *l, const char *term, size_t len)
{
    const char *f[] = {l->title, l->keywords, l->body};
    size_t n[] = {l->title_len, l->keywords_len, l->body_len}, at;
    int latin = 0;

    for (at = 0; at < len; at++)
        latin |= term[at] >= 'a' && term[at] <= 'z';
    for (int i = 0; latin && i < 3; i++)
        for (at = 0; f[i] && at + len <= n[i]; at++)
            if (strncasecmp(f[i] + at, term, len) == 0 && (at == 0 || !ascii_alnum(f[i][at - 1])) &&
                (at + len == n[i] || !ascii_alnum(f[i][at + len])))
                return f[i] + at;
    return term;
}

/* A lone CJK character (一 至 光): it says little on its own. */
static int single_cjk(const char *s, size_t len)
{
    return len == 3 && (unsigned char)s[0] >= 0xe0;
}

/* Sets k's terms from c's explanation: up to three, none inside another
 * and no lone CJK character unless nothing else matched, each as the
 * candidate cl writes it. */
static void keep_terms(pick *k, const dj_match_result *c, const dj_match_listing *cl)
{
    int lone_ok = 1;
    for (size_t t = 0; t < c->nterms && lone_ok; t++)
        lone_ok = single_cjk(c->terms[t], strlen(c->terms[t]));
    k->terms[0] = '\0';
    for (size_t t = 0, n = 0, kept = 0; t < c->nterms && kept < 3; t++) {
        size_t len = strlen(c->terms[t]);
        if (part_of_another(c, t) || (!lone_ok && single_cjk(c->terms[t], len)))
            continue;
        if (n + len + 2 > sizeof k->terms)
            break;
        kept++;
        if (n)
            k->terms[n++] = ' ';
        memcpy(k->terms + n, as_written(cl, c->terms[t], len), len);
        n += len;
        k->terms[n] = '\0';
    }
}

/* Explains the chosen pairs: the terms of the listing pair that made each,
 * asked the way its score was found (ranking leaves explanations out, as
 * most of its results are never kept). */
static int explain_chosen(rec *r)
{
    for (size_t i = 0; i < r->npk; i++) {
        pick *k = &r->pk[i];
        dj_match_result c = {0};
        const dj_match_listing *q, *cl;
        int rc;
        if (!k->chosen)
            continue;
        q = dj_match_get(r->m, k->demand_asked ? k->demand_listing : k->supply_listing);
        c.id = k->demand_asked ? k->supply_listing : k->demand_listing;
        if (!q || !(cl = dj_match_get(r->m, c.id)))
            return DJ_EINVAL;
        if ((rc = dj_match_explain(&c, r->m, q)) < 0)
            return rc;
        keep_terms(k, &c, cl);
        dj_match_result_unexplain(&c);
    }
    return DJ_OK;
}

/* Ranks every listing against the others and keeps each pair's best. */
static int rank_all(rec *r, const dj_match_weights *w, size_t depth, dj_diag *diag)
{
    for (size_t i = 0; i < r->nown; i++) {
        const dj_match_listing *q = dj_match_get(r->m, r->own[i].listing);
        dj_match_results res = {0};
        int rc;
        if (!q)
            continue;
        rc = dj_match_rank_unexplained(&res, r->m, q, w, depth, diag);
        for (size_t j = 0; j < res.n && rc == DJ_OK; j++)
            rc = consider(r, q, r->own[i].part, &res.v[j]);
        dj_match_results_fini(&res);
        if (rc < 0)
            return rc;
    }
    return DJ_OK;
}

static int pick_by_score(const void *a, const void *b)
{
    const pick *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->demand != y->demand)
        return x->demand - y->demand;
    return x->supply - y->supply;
}

/* Marks each participant's `per` best pairs at or above min_score, counting
 * them in *chosen. */
static int choose(rec *r, int per, double min_score, int *chosen)
{
    int *taken = dj_calloc((size_t)r->e.np + 1, sizeof *taken);
    if (!taken)
        return DJ_ENOMEM;
    if (r->npk > 1)
        qsort(r->pk, r->npk, sizeof *r->pk, pick_by_score);
    for (size_t i = 0; i < r->npk; i++) {
        pick *k = &r->pk[i];
        if (dj_match_score_micro(k->score) < dj_match_score_micro(min_score))
            break; /* at the 6 decimals shown */
        if (taken[k->demand] < per || taken[k->supply] < per) {
            k->chosen = 1;
            ++*chosen;
            taken[k->demand]++;
            taken[k->supply]++;
        }
    }
    dj_free(taken);
    return DJ_OK;
}

static void put_listing(dj_buf *out, const dj_match *m, const char *key, int64_t id)
{
    const dj_match_listing *l = dj_match_get(m, id);
    dj_buf_printf(out, ",\"%s\":{\"id\":%lld,\"title\":", key, (long long)id);
    dj_buf_json_str(out, l ? l->title : "", l ? l->title_len : 0);
    dj_buf_putc(out, '}');
}

static void put_part(dj_buf *out, const ev *e, const char *key, int p)
{
    dj_buf_printf(out, ",\"%s\":{\"participant\":%lld,\"org\":", key, (long long)e->part[p].id);
    dj_buf_json_str(out, e->part[p].org, strlen(e->part[p].org));
    dj_buf_putc(out, '}');
}

static int write_json(const rec *r, const dj_app_recommend_opts *o, int added, dj_buf *out)
{
    int n = 0;
    dj_buf_puts(out, "{\"event\":");
    dj_buf_json_str(out, r->e.code, strlen(r->e.code));
    dj_buf_printf(out, ",\"per\":%d,\"min_score\":%g,\"listings\":%zu,\"recommendations\":[",
                  o->per, o->min_score, r->nown);
    for (size_t i = 0; i < r->npk; i++) {
        const pick *k = &r->pk[i];
        if (!k->chosen)
            continue;
        dj_buf_printf(out, "%s{\"score\":%.6f", n++ ? "," : "", (double)k->score);
        put_part(out, &r->e, "demand", k->demand);
        put_part(out, &r->e, "supply", k->supply);
        put_listing(out, r->m, "demand_listing", k->demand_listing);
        put_listing(out, r->m, "supply_listing", k->supply_listing);
        dj_buf_puts(out, ",\"terms\":["); /* an array, as search and match give them */
        for (const char *t = k->terms; *t;) {
            size_t len = strcspn(t, " ");
            if (t != k->terms)
                dj_buf_putc(out, ',');
            dj_buf_json_str(out, t, len);
            t += len + (t[len] == ' ');
        }
        dj_buf_puts(out, "]}");
    }
    dj_buf_printf(out, "],\"added\":%d}", added);
    return dj_buf_rc(out);
}

/* Adds the chosen pairs as 'want' requests from the demand side, pending. */
static int apply(rec *r, dj_app *app, dj_diag *diag)
{
    char now[32], detail[96];
    int rc, n = 0;

    dj_store_now(now);
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    for (size_t i = 0; i < r->npk && rc == DJ_OK; i++) {
        const pick *k = &r->pk[i];
        dj_field f[7];
        if (!k->chosen)
            continue;
        f[0] = (dj_field){"event_id", dj_v_int(r->e.id)};
        f[1] = (dj_field){"from_id", dj_v_int(r->e.part[k->demand].id)};
        f[2] = (dj_field){"to_id", dj_v_int(r->e.part[k->supply].id)};
        f[3] = (dj_field){"preference", dj_v_text("want")};
        f[4] = (dj_field){"status", dj_v_text("pending")};
        f[5] = (dj_field){"listing_id", dj_v_int(k->demand_listing)};
        f[6] = (dj_field){"created_at", dj_v_text(now)};
        if ((rc = dj_store_upsert(app->st, "meeting_requests", f, 7, NULL, NULL, diag)) == DJ_OK)
            n++;
    }
    snprintf(detail, sizeof detail, "{\"recommended_requests\":%d}", n);
    if (rc == DJ_OK)
        rc =
            dj_store_audit(app->st, app->actor.login, "recommend", "events", r->e.id, detail, diag);
    if (rc == DJ_OK && (rc = dj_store_commit(app->st, diag)) == DJ_OK)
        return DJ_OK;
    dj_store_rollback(app->st);
    return rc;
}

int dj_app_event_recommend(dj_app *app, const char *event, const dj_app_recommend_opts *o,
                           struct dj_buf *out, dj_diag *diag)
{
    rec r;
    dj_match_weights w;
    int rc, chosen = 0;

    memset(&r, 0, sizeof r);
    if (!dj_app_can(app->actor.role, o->apply ? DJ_ACT_RUN_EVENT : DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not add requests to an event");
    if (o->per < 1 || o->per > 100 || !(o->min_score >= 0 && o->min_score <= 100))
        return dj_diag_set(diag, DJ_EINVAL, "per must be 1..100 and min_score 0..100");
    if ((rc = dj__ev_load(&r.e, app, event, diag)) == DJ_OK &&
        (rc = dj_app_match_weights(app, &w, diag)) == DJ_OK && (rc = load_paired(&r)) == DJ_OK &&
        (rc = load_listings(&r, app, diag)) == DJ_OK &&
        (rc = rank_all(&r, &w, (size_t)o->per * 4 + 16, diag)) == DJ_OK &&
        (rc = choose(&r, o->per, o->min_score, &chosen)) == DJ_OK &&
        (rc = explain_chosen(&r)) == DJ_OK &&
        (rc = write_json(&r, o, o->apply ? chosen : 0, out)) == DJ_OK && o->apply &&
        (rc = apply(&r, app, diag)) < 0)
        dj_buf_reset(out); /* the answer is written first, so nothing can fail after the commit */
    dj_match_free(r.m);
    dj_free(r.own);
    dj_free(r.pk);
    dj_free(r.slot);
    dj_free(r.paired);
    dj__ev_fini(&r.e);
    return rc;
}
