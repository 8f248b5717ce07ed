/* news.c - storing and reviewing the drafts that bulletin text proposes
 * (app_news.h): import (extract + propose + store as pending), list, accept
 * (create the real record through dj_app_put) and reject.
 *
 * Stored format: one news_drafts row per draft (migration 006). Its payload
 * column is a JSON object written by payload_json() below:
 *   {"counts":   [{"label": "参会企业", "value": 40, "unit": "家"}, ...],
 *    "date":     "2024年3月5日" | "" (first date of the article, as written),
 *    "completed_fen": integer | null   (project: completed investment),
 *    "land_mu":  number | null         (project: land in 亩),
 *    "evidence": {"start": bytes, "end": bytes, "text": "..."}
 *                (span of the article's cleaned text the draft was read from),
 *    "article":  {"index": 0-based, "title": "...", "place": "...",
 *                 "excerpt": "first ~300 bytes of the article's text"},
 *    "batch":    null | {"role": "rest", "items": N, "parts": k, "total_fen": T}
 *                     | {"role": "part", "items": N, "total_fen": T,
 *                        "of": id of the rest draft | null}
 *                (batch signings, docs/news.md section 5)}
 * fingerprint: 16 lower-case hex digits, FNV-1a 64 of kind, name, place,
 * amount, article title and evidence text separated by 0x1f. It is UNIQUE:
 * a draft is stored once, whichever file proposes it again.
 *
 * Invariants: every write runs in one transaction with its audit_log entry
 * (actions news.import, news.accept, news.reject on entity news_drafts);
 * status moves only pending -> accepted (with record_type/record_id) or
 * pending -> rejected, and the store's CHECKs enforce the pairing. */
#include "app/app_news.h"

#include "app/app_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EXCERPT_BYTES 300

/* ------------------------------------------------------------ helpers */

/* Length of s[0..len) cut to at most cap bytes on a character boundary. */
static size_t cut_len(const char *s, size_t len, size_t cap)
{
    if (len <= cap)
        return len;
    len = cap;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--;
    return len;
}

static void fnv(uint64_t *h, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        *h ^= (unsigned char)s[i];
        *h *= 1099511628211ULL;
    }
    *h ^= 0x1f;
    *h *= 1099511628211ULL;
}

static void fingerprint(char out[17], const dj_news_draft *d, const dj_news_article *a)
{
    uint64_t h = 14695981039346656037ULL;
    const char *kind = dj_news_draft_kind_name(d->kind);
    char amount[32];

    snprintf(amount, sizeof amount, "%lld", (long long)d->amount_fen);
    fnv(&h, kind, strlen(kind));
    fnv(&h, d->name, strlen(d->name));
    fnv(&h, d->place, strlen(d->place));
    fnv(&h, amount, strlen(amount));
    fnv(&h, a->title ? a->title : "", a->title ? strlen(a->title) : 0);
    fnv(&h, a->text + d->start, d->end - d->start);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void json_num(dj_buf *b, double v)
{
    if (isfinite(v))
        dj_buf_printf(b, "%.15g", v);
    else
        dj_buf_puts(b, "null");
}

static void payload_json(dj_buf *b, const dj_news_draft *d, const dj_news_article *a, size_t ai,
                         int64_t rest_id)
{
    size_t k;

    dj_buf_puts(b, "{\"counts\":[");
    for (k = 0; k < d->ncounts; k++) {
        dj_buf_puts(b, k ? ",{\"label\":" : "{\"label\":");
        dj_buf_json_str(b, d->counts[k].label, strlen(d->counts[k].label));
        dj_buf_puts(b, ",\"value\":");
        json_num(b, d->counts[k].value);
        dj_buf_puts(b, ",\"unit\":");
        dj_buf_json_str(b, d->counts[k].unit, strlen(d->counts[k].unit));
        dj_buf_putc(b, '}');
    }
    dj_buf_puts(b, "],\"date\":");
    dj_buf_json_str(b, d->date, strlen(d->date));
    if (d->completed_fen >= 0)
        dj_buf_printf(b, ",\"completed_fen\":%lld", (long long)d->completed_fen);
    else
        dj_buf_puts(b, ",\"completed_fen\":null");
    dj_buf_puts(b, ",\"land_mu\":");
    if (d->land_mu >= 0)
        json_num(b, d->land_mu);
    else
        dj_buf_puts(b, "null");
    dj_buf_printf(b, ",\"evidence\":{\"start\":%zu,\"end\":%zu,\"text\":", d->start, d->end);
    dj_buf_json_str(b, a->text + d->start, d->end - d->start);
    dj_buf_printf(b, "},\"article\":{\"index\":%zu,\"title\":", ai);
    dj_buf_json_str(b, a->title ? a->title : "", a->title ? strlen(a->title) : 0);
    dj_buf_puts(b, ",\"place\":");
    dj_buf_json_str(b, a->place ? a->place : "", a->place ? strlen(a->place) : 0);
    dj_buf_puts(b, ",\"excerpt\":");
    dj_buf_json_str(b, a->text, cut_len(a->text, a->text_len, EXCERPT_BYTES));
    dj_buf_puts(b, "},\"batch\":");
    if (d->batch == DJ_BATCH_REST)
        dj_buf_printf(b, "{\"role\":\"rest\",\"items\":%ld,\"parts\":%ld,\"total_fen\":%lld}",
                      d->batch_items, d->batch_parts, (long long)d->batch_total_fen);
    else if (d->batch == DJ_BATCH_PART && rest_id > 0)
        dj_buf_printf(b, "{\"role\":\"part\",\"items\":%ld,\"total_fen\":%lld,\"of\":%lld}",
                      d->batch_items, (long long)d->batch_total_fen, (long long)rest_id);
    else if (d->batch == DJ_BATCH_PART)
        dj_buf_printf(b, "{\"role\":\"part\",\"items\":%ld,\"total_fen\":%lld,\"of\":null}",
                      d->batch_items, (long long)d->batch_total_fen);
    else
        dj_buf_puts(b, "null");
    dj_buf_putc(b, '}');
}

/* ------------------------------------------------------------- import */

void dj_app_news_import_fini(dj_news_import_result *res)
{
    if (!res)
        return;
    dj_news_doc_free(res->doc);
    dj_free(res->drafts);
    dj_free(res->ids);
    dj_free(res->is_new);
    memset(res, 0, sizeof *res);
}

/* Stores draft i unless its fingerprint is already there. */
static int store_draft(dj_app *app, const char *source, const char *now, dj_news_import_result *res,
                       size_t i, dj_buf *payload, dj_diag *diag)
{
    const dj_news_draft *d = &res->drafts[i];
    const dj_news_article *a = &res->doc->articles[d->article];
    char fp[17];
    dj_field w, f[10];
    int rc, n = 0;

    fingerprint(fp, d, a);
    w = (dj_field){"fingerprint", dj_v_text(fp)};
    rc = dj_store_find_id(app->st, "news_drafts", &w, 1, &res->ids[i], diag);
    if (rc == DJ_OK)
        return DJ_OK; /* the same draft is stored already: leave it as it is */
    if (rc != DJ_ENOTFOUND)
        return rc;
    dj_buf_reset(payload);
    /* a part's rest draft comes earlier in the list: its id is known */
    payload_json(payload, d, a, d->article, d->part_of >= 0 ? res->ids[d->part_of] : 0);
    if ((rc = dj_buf_rc(payload)) < 0)
        return dj_diag_set(diag, rc, "cannot encode the draft");
    f[n++] = (dj_field){"kind", dj_v_text(dj_news_draft_kind_name(d->kind))};
    f[n++] = (dj_field){"status", dj_v_text("pending")};
    f[n++] = (dj_field){"name", dj_v_text(d->name)};
    f[n++] = (dj_field){"place", dj_v_text(d->place)};
    f[n++] = (dj_field){"amount", d->amount_fen >= 0 ? dj_v_int(d->amount_fen) : dj_v_null()};
    f[n++] = (dj_field){"payload", dj_v_textn(dj_buf_cstr(payload), dj_buf_len(payload))};
    f[n++] = (dj_field){"source", dj_v_text(source)};
    f[n++] = (dj_field){"article", dj_v_int((int64_t)d->article)};
    f[n++] = (dj_field){"fingerprint", dj_v_text(fp)};
    f[n++] = (dj_field){"created_at", dj_v_text(now)};
    if ((rc = dj_store_upsert(app->st, "news_drafts", f, n, NULL, &res->ids[i], diag)) < 0)
        return rc;
    res->is_new[i] = 1;
    res->nnew++;
    return DJ_OK;
}

int dj_app_news_import(dj_app *app, const char *source, const char *text, size_t len,
                       dj_news_import_result *res, dj_diag *diag)
{
    char now[32], detail[512];
    dj_buf payload, src;
    size_t i;
    int rc;

    memset(res, 0, sizeof *res);
    if (!dj_app_can(app->actor.role, DJ_ACT_IMPORT))
        return dj_diag_set(diag, DJ_EPERM, "role may not import news drafts");
    if (!source)
        source = "";
    if ((rc = dj_news_extract(&res->doc, text, len, diag)) < 0)
        goto fail;
    if ((rc = dj_news_drafts(&res->drafts, &res->ndrafts, res->doc)) < 0) {
        dj_diag_set(diag, rc, "cannot propose drafts");
        goto fail;
    }
    if (res->ndrafts) {
        res->ids = dj_calloc(res->ndrafts, sizeof *res->ids);
        res->is_new = dj_calloc(res->ndrafts, 1);
        if (!res->ids || !res->is_new) {
            rc = dj_diag_set(diag, DJ_ENOMEM, "out of memory");
            goto fail;
        }
    }
    dj_store_now(now);
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        goto fail;
    dj_buf_init(&payload, (size_t)1 << 20);
    for (i = 0; i < res->ndrafts && rc == DJ_OK; i++)
        rc = store_draft(app, source, now, res, i, &payload, diag);
    dj_buf_fini(&payload);
    if (rc == DJ_OK) {
        dj_buf_init(&src, 300);
        dj_buf_json_str(&src, source, cut_len(source, strlen(source), 200));
        snprintf(detail, sizeof detail,
                 "{\"source\":%s,\"articles\":%zu,\"drafts\":%zu,\"new\":%zu}",
                 dj_buf_rc(&src) < 0 ? "\"\"" : dj_buf_cstr(&src), res->doc->narticles,
                 res->ndrafts, res->nnew);
        dj_buf_fini(&src);
        rc = dj_store_audit(app->st, app->actor.login, "news.import", "news_drafts", 0, detail,
                            diag);
    }
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    if (rc == DJ_OK)
        return DJ_OK;
fail:
    dj_app_news_import_fini(res);
    return rc;
}

/* --------------------------------------------------------------- read */

struct each_ctx {
    dj_news_row_cb cb;
    void *ctx;
    long n;
};

static const char *jstr(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static int each_row(const dj_row *row, void *vctx)
{
    struct each_ctx *x = vctx;
    dj_news_draft_row r;
    dj_value amount = dj_row_get(row, "amount");
    json_t *p;
    int rc;

    memset(&r, 0, sizeof r);
    r.id = dj_row_int(row, "id", 0);
    r.kind = dj_row_text(row, "kind");
    r.status = dj_row_text(row, "status");
    r.name = dj_row_text(row, "name");
    r.place = dj_row_text(row, "place");
    r.amount_fen = amount.type == DJ_V_INT ? amount.i : -1;
    r.source = dj_row_text(row, "source");
    r.article = (long)dj_row_int(row, "article", 0);
    r.record_type = dj_row_text(row, "record_type");
    r.record_id = dj_row_int(row, "record_id", 0);
    r.created_at = dj_row_text(row, "created_at");
    r.reviewed_at = dj_row_text(row, "reviewed_at");
    r.reviewer = dj_row_text(row, "reviewer");
    r.payload = dj_row_text(row, "payload");
    p = json_loads(r.payload, 0, NULL);
    r.date = jstr(p, "date");
    r.title = jstr(json_object_get(p, "article"), "title");
    r.evidence = jstr(json_object_get(p, "evidence"), "text");
    if (!json_is_object(p))
        r.payload = ""; /* not ours: never pass on broken JSON */
    x->n++;
    rc = x->cb(&r, x->ctx);
    json_decref(p);
    return rc;
}

int dj_app_news_each(dj_app *app, const char *status, int64_t id, dj_news_row_cb cb, void *ctx,
                     dj_diag *diag)
{
    struct each_ctx x = {cb, ctx, 0};
    dj_field w[2];
    int n = 0, rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read news drafts");
    if (status) {
        if (strcmp(status, "pending") && strcmp(status, "accepted") && strcmp(status, "rejected"))
            return dj_diag_set(diag, DJ_EINVAL,
                               "unknown draft status '%s' (pending, accepted or rejected)", status);
        w[n++] = (dj_field){"status", dj_v_text(status)};
    }
    if (id > 0)
        w[n++] = (dj_field){"id", dj_v_int(id)};
    if ((rc = dj_store_each(app->st, "news_drafts", w, n, NULL, 0, 0, each_row, &x, diag)) < 0)
        return rc;
    if (id > 0 && x.n == 0)
        return dj_diag_set(diag, DJ_ENOTFOUND, "no news draft with id %lld", (long long)id);
    return DJ_OK;
}

static void json_str_or_null(dj_buf *out, const char *s)
{
    if (*s)
        dj_buf_json_str(out, s, strlen(s));
    else
        dj_buf_puts(out, "null");
}

int dj_app_news_row_json(dj_buf *out, const dj_news_draft_row *r)
{
    dj_buf_printf(out, "{\"id\":%lld,\"kind\":", (long long)r->id);
    dj_buf_json_str(out, r->kind, strlen(r->kind));
    dj_buf_puts(out, ",\"status\":");
    dj_buf_json_str(out, r->status, strlen(r->status));
    dj_buf_puts(out, ",\"name\":");
    dj_buf_json_str(out, r->name, strlen(r->name));
    dj_buf_puts(out, ",\"place\":");
    dj_buf_json_str(out, r->place, strlen(r->place));
    if (r->amount_fen >= 0)
        dj_buf_printf(out, ",\"amount_fen\":%lld", (long long)r->amount_fen);
    else
        dj_buf_puts(out, ",\"amount_fen\":null");
    dj_buf_puts(out, ",\"source\":");
    dj_buf_json_str(out, r->source, strlen(r->source));
    dj_buf_printf(out, ",\"article\":%ld,\"record_type\":", r->article);
    json_str_or_null(out, r->record_type);
    if (r->record_id > 0)
        dj_buf_printf(out, ",\"record_id\":%lld", (long long)r->record_id);
    else
        dj_buf_puts(out, ",\"record_id\":null");
    dj_buf_puts(out, ",\"created_at\":");
    json_str_or_null(out, r->created_at);
    dj_buf_puts(out, ",\"reviewed_at\":");
    json_str_or_null(out, r->reviewed_at);
    dj_buf_puts(out, ",\"reviewer\":");
    json_str_or_null(out, r->reviewer);
    dj_buf_puts(out, ",\"payload\":");
    dj_buf_puts(out, *r->payload ? r->payload : "null");
    dj_buf_putc(out, '}');
    return dj_buf_rc(out);
}

/* ------------------------------------------------------------- review */

/* A draft loaded for review: owned copies. */
typedef struct loaded {
    int found;
    char kind[16], status[16], record_type[16];
    int64_t record_id, amount_fen;
    char *name, *place, *payload;
} loaded;

static int load_cb(const dj_news_draft_row *r, void *ctx)
{
    loaded *l = ctx;
    l->found = 1;
    snprintf(l->kind, sizeof l->kind, "%s", r->kind);
    snprintf(l->status, sizeof l->status, "%s", r->status);
    snprintf(l->record_type, sizeof l->record_type, "%s", r->record_type);
    l->record_id = r->record_id;
    l->amount_fen = r->amount_fen;
    l->name = dj_strdup(r->name);
    l->place = dj_strdup(r->place);
    l->payload = dj_strdup(r->payload);
    return l->name && l->place && l->payload ? 0 : DJ_ENOMEM;
}

static void loaded_fini(loaded *l)
{
    dj_free(l->name);
    dj_free(l->place);
    dj_free(l->payload);
}

/* Loads draft id (inside the caller's transaction) and checks it is still
 * pending. */
static int load_pending(dj_app *app, int64_t id, loaded *l, dj_diag *diag)
{
    int rc;

    memset(l, 0, sizeof *l);
    if ((rc = dj_app_news_each(app, NULL, id, load_cb, l, diag)) < 0) {
        if (rc == DJ_ENOMEM)
            dj_diag_set(diag, rc, "out of memory");
        return rc;
    }
    if (!strcmp(l->status, "accepted"))
        return dj_diag_set(diag, DJ_EINVAL, "news draft %lld is already accepted (%s %lld)",
                           (long long)id, l->record_type, (long long)l->record_id);
    if (strcmp(l->status, "pending"))
        return dj_diag_set(diag, DJ_EINVAL, "news draft %lld is %s, not pending", (long long)id,
                           l->status);
    return DJ_OK;
}

/* The proposed field values of one record, by column index of its type.
 * Prefilled values point into buf or into the draft/payload; overrides into
 * the caller's strings. */
typedef struct fields {
    const dj_record_type *t;
    const char *v[32];
    char buf[8][48];
    int nbuf;
} fields;

static void put(fields *f, const char *en, const char *value)
{
    int c = dj_record_column(f->t, en, strlen(en));
    if (c >= 0 && value && *value)
        f->v[c] = value;
}

/* A scratch buffer for a formatted value. */
static char *scratch(fields *f)
{
    return f->nbuf < 8 ? f->buf[f->nbuf++] : NULL;
}

static void put_money(fields *f, const char *en, int64_t fen)
{
    char *s;
    if (fen < 0 || !(s = scratch(f)))
        return;
    dj_money_format_yuan(s, fen);
    put(f, en, s);
}

/* A count of the payload whose label contains word and whose unit is one
 * of units ('|'-separated), or -1. */
static double count_of(json_t *payload, const char *word, const char *units)
{
    json_t *counts = json_object_get(payload, "counts"), *c;
    size_t i;

    json_array_foreach(counts, i, c)
    {
        const char *label = jstr(c, "label"), *unit = jstr(c, "unit"), *u = units;
        double v = json_number_value(json_object_get(c, "value"));
        if (!strstr(label, word) || !*unit || !isfinite(v) || v < 0 || v >= 1e15)
            continue;
        while (*u) {
            size_t k = strcspn(u, "|");
            if (k == strlen(unit) && !memcmp(u, unit, k))
                return v;
            u += k + (u[k] == '|');
        }
    }
    return -1;
}

/* A rest draft (batch, docs/news.md section 5) stands for the batch's items
 * the article does not name: the record counts as them all (项目个数 or 份数,
 * docs/reports.md), so the report counts 8 projects, not 2 records. */
static void put_rest_items(fields *f, json_t *batch)
{
    json_int_t n = json_integer_value(json_object_get(batch, "items")) -
                   json_integer_value(json_object_get(batch, "parts"));
    char *s;
    if (strcmp(jstr(batch, "role"), "rest") || n < 2 || n > 100000 || !(s = scratch(f)))
        return;
    snprintf(s, 48, "%lld", (long long)n);
    put(f, "items", s);
}

/* Fills f with what the draft proposes (see dj_app_news_accept). */
static void prefill(fields *f, const loaded *l, json_t *payload)
{
    const char *evidence = jstr(json_object_get(payload, "evidence"), "text");
    const char *date = jstr(payload, "date");
    char *full_date = scratch(f), *s;
    json_t *land = json_object_get(payload, "land_mu");
    json_t *completed = json_object_get(payload, "completed_fen");
    json_t *batch = json_object_get(payload, "batch");
    double v;
    int i;

    if (dj_date_parse(full_date, date, strlen(date)) != DJ_OK)
        full_date[0] = '\0';
    if (!strcmp(l->kind, "event")) {
        put(f, "name", l->name);
        put(f, "start_date", full_date);
        put(f, "description", evidence);
    } else if (!strcmp(l->kind, "deal")) {
        put(f, "title", l->name);
        put_money(f, "amount", l->amount_fen);
        put(f, "signed_on", full_date);
        put_rest_items(f, batch);
        for (i = 0; i < dj_enum_deal_type.nitems; i++) {
            if (strstr(evidence, dj_enum_deal_type.items[i].zh)) {
                put(f, "type", dj_enum_deal_type.items[i].en);
                break;
            }
        }
    } else {
        put(f, "name", l->name);
        put_money(f, "total_investment", l->amount_fen);
        if (json_is_integer(completed))
            put_money(f, "completed_investment", (int64_t)json_integer_value(completed));
        if (json_is_number(land) && (v = json_number_value(land)) >= 0 && v < 1e12 &&
            (s = scratch(f))) {
            snprintf(s, 48, "%.2f", v);
            put(f, "land_mu", s);
        }
        if ((v = count_of(payload, "就业", "个|人|名")) >= 0 && v == floor(v) && (s = scratch(f))) {
            snprintf(s, 48, "%.0f", v);
            put(f, "jobs", s);
        }
        if ((v = count_of(payload, "年产值", "元")) >= 0 && (s = scratch(f))) {
            snprintf(s, 48, "%.2f", v);
            put(f, "annual_output", s);
        }
        put_rest_items(f, batch);
        put(f, "description", evidence);
    }
}

static const char *record_type_of(const char *kind)
{
    return !strcmp(kind, "event") ? "events" : !strcmp(kind, "deal") ? "deals" : "projects";
}

/* Fails naming every required field without a value. */
static int check_required(const fields *f, const char *place_hint, int64_t id, dj_diag *diag)
{
    char list[400] = "", zh[64] = "";
    size_t ll = 0, zl = 0;
    int i, missing = 0;

    for (i = 0; i < f->t->ncols; i++) {
        const dj_column *c = &f->t->cols[i];
        if (!c->required || f->v[i])
            continue;
        ll += (size_t)snprintf(list + ll, ll < sizeof list ? sizeof list - ll : 0, "%s%s (%s)",
                               missing ? ", " : "", c->zh, c->en);
        if (ll >= sizeof list)
            ll = sizeof list - 1;
        zl += (size_t)snprintf(zh + zl, zl < sizeof zh ? sizeof zh - zl : 0, "%s%s",
                               missing ? ", " : "", c->zh);
        if (zl >= sizeof zh)
            zl = sizeof zh - 1;
        missing++;
    }
    if (!missing)
        return DJ_OK;
    if (diag)
        snprintf(diag->field, sizeof diag->field, "%s", zh);
    return dj_diag_set(diag, DJ_EINVAL,
                       "cannot accept news draft %lld as %s: missing required field%s %s; give "
                       "them as FIELD=VALUE%s",
                       (long long)id, f->t->name, missing > 1 ? "s" : "", list, place_hint);
}

int dj_app_news_accept(dj_app *app, int64_t id, const char *const *cols, const char *const *vals,
                       int n, const char **record_type_out, int64_t *record_id_out, dj_diag *diag)
{
    fields f;
    loaded l;
    json_t *payload = NULL;
    const char *type, *out_cols[32], *out_vals[32];
    char place_hint[300] = "", now[32], detail[128];
    int i, m = 0, rc, park;
    int64_t record_id = 0, park_id = 0;
    dj_field w[2], upd[5];

    if (record_type_out)
        *record_type_out = NULL;
    if (record_id_out)
        *record_id_out = 0;
    if (!dj_app_can(app->actor.role, DJ_ACT_IMPORT))
        return dj_diag_set(diag, DJ_EPERM, "role may not review news drafts");
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = load_pending(app, id, &l, diag)) < 0)
        goto done;
    type = record_type_of(l.kind);
    memset(&f, 0, sizeof f);
    f.t = dj_record_type_find(type);
    payload = json_loads(l.payload, 0, NULL);
    prefill(&f, &l, payload);
    for (i = 0; i < n; i++) { /* the reviewer's values win */
        int c = dj_record_column(f.t, cols[i], strlen(cols[i]));
        if (c < 0) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", cols[i]);
            rc = dj_diag_set(diag, DJ_EINVAL, "unknown field '%s' for %s", cols[i], type);
            goto done;
        }
        f.v[c] = vals[i][0] ? vals[i] : NULL;
    }
    /* the place becomes the park when a park of that name exists */
    park = dj_record_column(f.t, "park", 4);
    if (park >= 0 && !f.v[park] && l.place[0]) {
        int given = 0;
        for (i = 0; i < n; i++)
            given |= dj_record_column(f.t, cols[i], strlen(cols[i])) == park;
        w[0] = (dj_field){"name", dj_v_text(l.place)};
        w[1] = (dj_field){"kind", dj_v_text("park")};
        rc = dj_store_find_id(app->st, "orgs", w, 2, &park_id, diag);
        if (rc == DJ_OK && !given)
            f.v[park] = l.place;
        else if (rc == DJ_ENOTFOUND)
            snprintf(place_hint, sizeof place_hint,
                     " (no park organisation is named '%s': add it with `duijie org add` or "
                     "name another park)",
                     l.place);
        else if (rc < 0)
            goto done;
        rc = DJ_OK;
    }
    if ((rc = check_required(&f, park >= 0 && f.t->cols[park].required ? place_hint : "", id,
                             diag)) < 0)
        goto done;
    /* accepting creates: an existing record with this 编号 is never overwritten */
    {
        int c = dj_record_column(f.t, "code", 4);
        dj_cell cell;
        memset(&cell, 0, sizeof cell);
        if ((rc = dj_cell_parse(&cell, &f.t->cols[c], f.v[c], strlen(f.v[c]), diag)) < 0)
            goto done;
        w[0] = (dj_field){"code", dj_v_text(cell.s)};
        rc = dj_store_find_id(app->st, type, w, 1, &record_id, diag);
        if (rc == DJ_OK) {
            if (diag)
                snprintf(diag->field, sizeof diag->field, "%s", f.t->cols[c].zh);
            rc = dj_diag_set(diag, DJ_EEXISTS,
                             "%s with 编号 '%s' already exists (id %lld); accepting a draft "
                             "creates a new record: choose another 编号",
                             type, cell.s, (long long)record_id);
        } else if (rc == DJ_ENOTFOUND) {
            rc = DJ_OK;
        }
        dj_free(cell.s);
        if (rc < 0)
            goto done;
    }
    for (i = 0; i < f.t->ncols; i++) {
        if (f.v[i]) {
            out_cols[m] = f.t->cols[i].en;
            out_vals[m++] = f.v[i];
        }
    }
    if ((rc = dj_app_put(app, type, out_cols, out_vals, m, &record_id, diag)) < 0)
        goto done;
    dj_store_now(now);
    upd[0] = (dj_field){"status", dj_v_text("accepted")};
    upd[1] = (dj_field){"record_type", dj_v_text(type)};
    upd[2] = (dj_field){"record_id", dj_v_int(record_id)};
    upd[3] = (dj_field){"reviewed_at", dj_v_text(now)};
    upd[4] = (dj_field){"reviewer", dj_v_text(app->actor.login)};
    if ((rc = dj_store_update(app->st, "news_drafts", id, upd, 5, diag)) < 0)
        goto done;
    snprintf(detail, sizeof detail, "{\"record_type\":\"%s\",\"record_id\":%lld}", type,
             (long long)record_id);
    if ((rc = dj_store_audit(app->st, app->actor.login, "news.accept", "news_drafts", id, detail,
                             diag)) < 0)
        goto done;
    if (record_type_out)
        *record_type_out = type;
    if (record_id_out)
        *record_id_out = record_id;
done:
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    if (rc < 0 && record_type_out)
        *record_type_out = NULL;
    json_decref(payload);
    loaded_fini(&l);
    return rc;
}

int dj_app_news_reject(dj_app *app, int64_t id, dj_diag *diag)
{
    loaded l;
    char now[32];
    dj_field upd[3];
    int rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_IMPORT))
        return dj_diag_set(diag, DJ_EPERM, "role may not review news drafts");
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = load_pending(app, id, &l, diag)) == DJ_OK) {
        dj_store_now(now);
        upd[0] = (dj_field){"status", dj_v_text("rejected")};
        upd[1] = (dj_field){"reviewed_at", dj_v_text(now)};
        upd[2] = (dj_field){"reviewer", dj_v_text(app->actor.login)};
        rc = dj_store_update(app->st, "news_drafts", id, upd, 3, diag);
    }
    if (rc == DJ_OK)
        rc =
            dj_store_audit(app->st, app->actor.login, "news.reject", "news_drafts", id, NULL, diag);
    if (rc == DJ_OK)
        rc = dj_store_commit(app->st, diag);
    else
        dj_store_rollback(app->st);
    loaded_fini(&l);
    return rc;
}
