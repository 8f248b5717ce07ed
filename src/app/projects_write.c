/* projects_write.c - investment project use cases (招商引资项目库) and deals: add,
 * dated stage transitions, progress (completed investment), capital
 * increases, investor changes, audited corrections (the reading side is projects_read.c).
 *
 * Invariants: every write runs in one transaction that holds the
 * project_updates row, the change of the projects row and an audit_log
 * entry, so the row and its history never disagree and a failed operation
 * leaves the database as it was. The projects row always holds the current
 * value (total_investment includes every increase, completed_investment the
 * latest-dated progress report), the updates hold how it got there. A
 * correction is the only way to change a value without a dated business
 * event, and it records the old and new value. Stage rules and lateness
 * come from the report engine (dj_report_stage_check, dj_report_late), so
 * `duijie project` and `duijie report` never disagree. */
#include "app/projects_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})
static int can_edit(dj_app *app, dj_diag *diag)
{
    if (!dj_app_can(app->actor.role, DJ_ACT_EDIT_PROJECT))
        return dj_diag_set(diag, DJ_EPERM, "role may not change projects");
    return DJ_OK;
}

int dj__proj_fail_field(dj_diag *diag, const char *field, int code, const char *fmt,
                        const char *arg)
{
    if (diag)
        snprintf(diag->field, sizeof diag->field, "%s", field);
    return dj_diag_set(diag, code, fmt, arg);
}

/* Finds a row of table by code, or else by id (all digits): a project
 * coded "1" is that project, not the one with id 1 (dj__app_record_find). */
static int find_by(dj_app *app, const char *table, const char *what, const char *key,
                   int64_t *id_out, dj_diag *diag)
{
    int rc;

    if (!key || !*key)
        return dj__proj_fail_field(diag, what, DJ_EINVAL, "missing %s", what);
    rc = dj__app_record_find(app, table, key, id_out, diag);
    if (rc == DJ_ENOTFOUND) { /* dj_diag_set cuts a long key at a whole character */
        if (diag)
            snprintf(diag->field, sizeof diag->field, "%s", what);
        return dj_diag_set(diag, DJ_ENOTFOUND, "no %s '%s'", what, key);
    }
    return rc;
}

int dj_app_project_find(dj_app *app, const char *id_or_code, int64_t *id_out, dj_diag *diag)
{
    return find_by(app, "projects", "project", id_or_code, id_out, diag);
}

int dj_app_deal_find(dj_app *app, const char *id_or_code, int64_t *id_out, dj_diag *diag)
{
    return find_by(app, "deals", "deal", id_or_code, id_out, diag);
}

static int parse_date(char out[11], const char *s, dj_diag *diag)
{
    if (!s || !*s)
        return dj__proj_fail_field(diag, "date", DJ_EINVAL, "%s",
                                   "a date is required (--date YYYY-MM-DD)");
    if (dj_date_parse(out, s, strlen(s)) < 0)
        return dj__proj_fail_field(diag, "date", DJ_EINVAL, "not a date (YYYY-MM-DD): '%s'", s);
    return DJ_OK;
}

static int parse_amount(int64_t *out, const char *s, dj_diag *diag)
{
    int rc;
    if (!s || !*s)
        return dj__proj_fail_field(diag, "amount", DJ_EINVAL, "%s", "an amount is required");
    rc = dj_money_parse(out, s, strlen(s));
    if (rc == DJ_ELIMIT)
        return dj__proj_fail_field(diag, "amount", DJ_ELIMIT, "amount too large: '%s'", s);
    if (rc < 0)
        return dj__proj_fail_field(diag, "amount", DJ_EINVAL, "not an amount of money: '%s'", s);
    if (*out < 0)
        return dj__proj_fail_field(diag, "amount", DJ_EINVAL, "negative amount: '%s'", s);
    return DJ_OK;
}

int dj__proj_event_id(dj_app *app, const char *code, int64_t *id, dj_diag *diag)
{
    dj_field w = F("code", dj_v_text(code));
    int rc;

    *id = 0;
    if (!code || !*code)
        return DJ_OK;
    rc = dj_store_find_id(app->st, "events", &w, 1, id, diag);
    if (rc == DJ_ENOTFOUND)
        return dj__proj_fail_field(diag, "event", DJ_EINVAL, "unknown event '%s'", code);
    return rc;
}

/* The project (row and updates) as the engine sees it; inside the caller's
 * transaction. */
int dj__proj_load_one(dj_app *app, int64_t id, dj_app_report_data *d, dj_diag *diag)
{
    int rc = dj_app_report_load(app, d, id, diag);
    if (rc == DJ_OK && d->in.nprojects != 1)
        rc = dj_diag_set(diag, DJ_ENOTFOUND, "project %lld not found", (long long)id);
    return rc;
}

/* Appends one project_updates row. */
typedef struct upd_row {
    const char *date, *kind, *stage, *field, *old_value, *new_value, *note;
    int64_t amount; /* < 0 = NULL */
    int64_t investor_id, event_id;
} upd_row;

static int insert_update(dj_app *app, int64_t project, const upd_row *u, dj_diag *diag)
{
    char now[32];
    dj_field f[12];
    int n = 0;

    dj_store_now(now);
    f[n++] = F("project_id", dj_v_int(project));
    f[n++] = F("on_date", dj_v_text(u->date));
    f[n++] = F("kind", dj_v_text(u->kind));
    f[n++] = F("stage", dj_v_text(u->stage));
    f[n++] = F("amount", u->amount >= 0 ? dj_v_int(u->amount) : dj_v_null());
    f[n++] = F("investor_id", u->investor_id ? dj_v_int(u->investor_id) : dj_v_null());
    f[n++] = F("event_id", u->event_id ? dj_v_int(u->event_id) : dj_v_null());
    f[n++] = F("field", dj_v_text(u->field));
    f[n++] = F("old_value", dj_v_text(u->old_value));
    f[n++] = F("new_value", dj_v_text(u->new_value));
    f[n++] = F("note", dj_v_text(u->note ? u->note : ""));
    f[n++] = F("created_at", dj_v_text(now));
    return dj_store_upsert(app->st, "project_updates", f, n, NULL, NULL, diag);
}

static int update_project(dj_app *app, int64_t id, dj_field *f, int n, dj_diag *diag)
{
    char now[32];
    dj_store_now(now);
    f[n++] = F("updated_at", dj_v_text(now));
    return dj_store_update(app->st, "projects", id, f, n, diag);
}

/* The audit detail: a JSON object of (key, value) string pairs; NULL
 * values are skipped. */
static int audit(dj_app *app, const char *action, int64_t id, const char *const *kv, int n,
                 dj_diag *diag)
{
    dj_buf b;
    int i, first = 1, rc;

    dj_buf_init(&b, 0);
    dj_buf_putc(&b, '{');
    for (i = 0; i + 1 < n; i += 2) {
        if (!kv[i + 1])
            continue;
        if (!first)
            dj_buf_putc(&b, ',');
        dj_buf_json_str(&b, kv[i], strlen(kv[i]));
        dj_buf_putc(&b, ':');
        dj_buf_json_str(&b, kv[i + 1], strlen(kv[i + 1]));
        first = 0;
    }
    dj_buf_putc(&b, '}');
    if ((rc = dj_buf_rc(&b)) == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, action, "projects", id, dj_buf_cstr(&b),
                            diag);
    dj_buf_fini(&b);
    return rc;
}

static int finish(dj_app *app, int rc, dj_diag *diag)
{
    if (rc == DJ_OK)
        return dj_store_commit(app->st, diag);
    dj_store_rollback(app->st);
    return rc;
}

/* ---- add ----------------------------------------------------------------- */

int dj_app_project_add(dj_app *app, const char *const *cols, const char *const *vals, int n,
                       int64_t *id_out, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find("projects");
    int i, rc;

    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    for (i = 0; i < n; i++) {
        int c = dj_record_column(t, cols[i], strlen(cols[i]));
        dj_cell code = {0};
        int64_t id;
        dj_field w;
        if (c < 0 || strcmp(t->cols[c].en, "code"))
            continue;
        /* the code as it would be stored ("P3 " is P3), so that add never overwrites */
        if ((rc = dj_cell_parse(&code, &t->cols[c], vals[i], strlen(vals[i]), diag)) == DJ_OK &&
            code.s) {
            w = F("code", dj_v_text(code.s));
            rc = dj_store_find_id(app->st, "projects", &w, 1, &id, diag);
            if (rc == DJ_OK)
                rc = dj__proj_fail_field(diag, "编号", DJ_EEXISTS,
                                         "project '%s' exists; change it with project "
                                         "stage/progress/increase/investor/correct",
                                         code.s);
            else if (rc == DJ_ENOTFOUND)
                rc = DJ_OK;
        }
        dj_free(code.s);
        if (rc < 0)
            return finish(app, rc, diag);
    }
    rc = dj_app_put(app, "projects", cols, vals, n, id_out, diag);
    return finish(app, rc, diag);
}

int dj_app_deal_add(dj_app *app, const char *const *cols, const char *const *vals, int n,
                    int64_t *id_out, int *changed_out, dj_diag *diag)
{
    return dj_app_put_changed(app, "deals", cols, vals, n, id_out, changed_out, diag);
}

/* ---- stage --------------------------------------------------------------- */

int dj_app_project_stage(dj_app *app, const char *project, const char *stage, const char *date,
                         const char *event, const char *note, dj_diag *diag)
{
    static const char *const date_col[DJ_STAGE_COUNT] = {[DJ_STAGE_SIGNED] = "signed_on",
                                                         [DJ_STAGE_STARTED] = "started_on",
                                                         [DJ_STAGE_PRODUCING] = "producing_on"};
    dj_app_report_data d;
    const dj_report_project *p;
    char day[11];
    int64_t id = 0, ev = 0;
    int to, rc, n = 0;
    dj_field f[4];
    upd_row u;

    memset(&d, 0, sizeof d);
    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if (!stage || dj_report_stage_parse(&to, stage, strlen(stage)) < 0)
        return dj__proj_fail_field(diag, "stage", DJ_EINVAL,
                                   "unknown stage '%s' (lead/线索, negotiating/洽谈, signed/签约, "
                                   "started/开工, producing/投产, terminated/终止)",
                                   stage ? stage : "");
    if ((rc = parse_date(day, date, diag)) < 0)
        return rc;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0 ||
        (rc = dj__proj_event_id(app, event, &ev, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0)
        goto done;
    p = &d.in.projects[0];
    if ((rc = dj_report_stage_check(p, d.in.updates, d.in.nupdates, to, day, diag)) < 0) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "stage");
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.date = day;
    u.kind = "stage";
    u.stage = dj_report_stage_name(to);
    u.amount = -1;
    u.event_id = ev;
    u.note = note;
    if ((rc = insert_update(app, id, &u, diag)) < 0)
        goto done;
    f[n++] = F("stage", dj_v_text(dj_report_stage_name(to)));
    if (date_col[to]) {
        const char *dates[3] = {p->signed_on, p->started_on, p->producing_on};
        char why[200];
        if (!dates[to - DJ_STAGE_SIGNED]) {
            dates[to - DJ_STAGE_SIGNED] = day;
            if (!dj__proj_dates_in_order(dates[0], dates[1], dates[2], why, sizeof why)) {
                rc = dj__proj_fail_field(diag, "date", DJ_EINVAL, "%s", why);
                goto done;
            }
            f[n++] = F(date_col[to], dj_v_text(day));
        }
    }
    if (to >= DJ_STAGE_SIGNED && to != DJ_STAGE_TERMINATED && ev && !p->event_id && !p->signed_on)
        f[n++] = F("event_id", dj_v_int(ev)); /* the first signing's event is credited */
    if ((rc = update_project(app, id, f, n, diag)) < 0)
        goto done;
    {
        const char *kv[] = {"from",  dj_report_stage_name(p->stage),
                            "to",    dj_report_stage_name(to),
                            "date",  day,
                            "event", event && *event ? event : NULL,
                            "note",  note};
        rc = audit(app, "project.stage", id, kv, 10, diag);
    }
done:
    dj_app_report_data_fini(&d);
    return finish(app, rc, diag);
}

/* ---- progress, increase, investor ---------------------------------------- */

/* The project must be signed (and not terminated) for flows of money. */
static int check_signed(const dj_report_project *p, const char *day, dj_diag *diag)
{
    if (p->stage < DJ_STAGE_SIGNED)
        return dj__proj_fail_field(diag, "stage", DJ_EINVAL,
                                   "the project is only at stage %s; sign it first",
                                   dj_report_stage_name_cn(p->stage));
    if (p->stage == DJ_STAGE_TERMINATED)
        return dj__proj_fail_field(diag, "stage", DJ_EINVAL, "%s",
                                   "the project is terminated (终止)");
    if (p->signed_on && strcmp(day, p->signed_on) < 0)
        return dj__proj_fail_field(diag, "date", DJ_EINVAL,
                                   "the date is before the signing date %s", p->signed_on);
    return DJ_OK;
}

int dj_app_project_progress(dj_app *app, const char *project, const char *amount, const char *date,
                            const char *note, dj_diag *diag)
{
    dj_app_report_data d;
    const dj_report_project *p;
    char day[11], y[32];
    int64_t id = 0, fen = 0, prev = -1, next = -1, *eff = NULL;
    const char *prev_date = NULL, *next_date = NULL;
    int rc, later = 0;
    size_t i;
    upd_row u;

    memset(&d, 0, sizeof d);
    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if ((rc = parse_date(day, date, diag)) < 0 || (rc = parse_amount(&fen, amount, diag)) < 0)
        return rc;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0)
        goto done;
    p = &d.in.projects[0];
    if ((rc = check_signed(p, day, diag)) < 0)
        goto done;
    if (p->total_investment >= 0 && fen > p->total_investment) {
        dj_money_format_yuan(y, p->total_investment);
        rc = dj__proj_fail_field(diag, "amount", DJ_EINVAL,
                                 "completed investment exceeds the total investment (%s 元)", y);
        goto done;
    }
    /* reports are cumulative: the latest earlier one bounds this from below,
     * the earliest later one from above (ties of date: later ids win), each
     * as corrected (a correction replaces the report it fixes) */
    if (!(eff = dj_malloc((d.in.nupdates + 1) * sizeof *eff)) ||
        (rc = dj__proj_effective_progress(d.in.updates, d.in.nupdates, eff)) < 0) {
        rc = eff ? rc : DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < d.in.nupdates; i++) {
        const dj_report_update *x = &d.in.updates[i];
        int c;
        if (x->kind != DJ_UPDATE_PROGRESS)
            continue;
        c = strcmp(x->on_date, day);
        if (c == 0 && eff[i] == fen) { /* the same report twice would read as two */
            dj_money_format_yuan(y, fen);
            rc = dj__proj_fail_field(diag, "amount", DJ_EEXISTS,
                                     "this report (%s 元) is already recorded on this date", y);
            goto done;
        }
        if (c <= 0 && (!prev_date || strcmp(x->on_date, prev_date) >= 0))
            prev = eff[i], prev_date = x->on_date;
        if (c > 0 && (!next_date || strcmp(x->on_date, next_date) < 0))
            next = eff[i], next_date = x->on_date;
        later |= c > 0;
    }
    if (prev >= 0 && fen < prev) {
        dj_money_format_yuan(y, prev);
        rc = dj__proj_fail_field(
            diag, "amount", DJ_EINVAL,
            "completed investment is cumulative and was already %s 元; fix a wrong "
            "report with `project correct`",
            y);
        goto done;
    }
    if (next >= 0 && fen > next) {
        rc =
            dj__proj_fail_field(diag, "amount", DJ_EINVAL,
                                "a later report (%s) gives a smaller cumulative amount", next_date);
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.date = day;
    u.kind = "progress";
    u.amount = fen;
    u.note = note;
    if ((rc = insert_update(app, id, &u, diag)) < 0)
        goto done;
    if (!later) {
        dj_field f[2] = {F("completed_investment", dj_v_int(fen))};
        if ((rc = update_project(app, id, f, 1, diag)) < 0)
            goto done;
    }
    dj_money_format_yuan(y, fen);
    {
        const char *kv[] = {"date", day, "completed", y, "note", note};
        rc = audit(app, "project.progress", id, kv, 6, diag);
    }
done:
    dj_free(eff);
    dj_app_report_data_fini(&d);
    return finish(app, rc, diag);
}

int dj_app_project_increase(dj_app *app, const char *project, const char *amount, const char *date,
                            const char *event, const char *note, dj_diag *diag)
{
    dj_app_report_data d;
    const dj_report_project *p;
    char day[11], y[32], tot[32];
    int64_t id = 0, fen = 0, ev = 0;
    int rc;
    upd_row u;

    memset(&d, 0, sizeof d);
    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if ((rc = parse_date(day, date, diag)) < 0 || (rc = parse_amount(&fen, amount, diag)) < 0)
        return rc;
    if (fen == 0)
        return dj__proj_fail_field(diag, "amount", DJ_EINVAL, "%s",
                                   "a capital increase must be positive");
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0 ||
        (rc = dj__proj_event_id(app, event, &ev, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0)
        goto done;
    p = &d.in.projects[0];
    if ((rc = check_signed(p, day, diag)) < 0)
        goto done;
    if (p->total_investment < 0) {
        rc = dj__proj_fail_field(
            diag, "total_investment", DJ_EINVAL, "%s",
            "the total investment is unknown; record it first with `project correct "
            "CODE 总投资 AMOUNT`");
        goto done;
    }
    if (fen > INT64_C(10000000000000000) - p->total_investment) {
        rc = dj__proj_fail_field(diag, "amount", DJ_ELIMIT, "%s", "total investment too large");
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.date = day;
    u.kind = "increase";
    u.amount = fen;
    u.event_id = ev;
    u.note = note;
    if ((rc = insert_update(app, id, &u, diag)) < 0)
        goto done;
    {
        dj_field f[2] = {F("total_investment", dj_v_int(p->total_investment + fen))};
        if ((rc = update_project(app, id, f, 1, diag)) < 0)
            goto done;
    }
    dj_money_format_yuan(y, fen);
    dj_money_format_yuan(tot, p->total_investment + fen);
    {
        const char *kv[] = {"date",  day, "added", y,
                            "total", tot, "event", event && *event ? event : NULL,
                            "note",  note};
        rc = audit(app, "project.increase", id, kv, 10, diag);
    }
done:
    dj_app_report_data_fini(&d);
    return finish(app, rc, diag);
}

int dj_app_project_investor(dj_app *app, const char *project, const char *org, const char *date,
                            const char *note, dj_diag *diag)
{
    dj_app_report_data d;
    const dj_report_project *p;
    char day[11];
    int64_t id = 0, inv = 0;
    dj_field w = F("name", dj_v_text(org));
    int rc;
    upd_row u;

    memset(&d, 0, sizeof d);
    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if ((rc = parse_date(day, date, diag)) < 0)
        return rc;
    if (!org || !*org)
        return dj__proj_fail_field(diag, "investor", DJ_EINVAL, "%s", "missing investor");
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0)
        goto done;
    rc = dj_store_find_id(app->st, "orgs", &w, 1, &inv, diag);
    if (rc == DJ_ENOTFOUND)
        rc = dj__proj_fail_field(diag, "investor", DJ_EINVAL, "unknown organisation '%s'", org);
    if (rc < 0)
        goto done;
    p = &d.in.projects[0];
    if (p->investor_id == inv) {
        rc = dj__proj_fail_field(diag, "investor", DJ_EINVAL, "'%s' is already the investor", org);
        goto done;
    }
    if (p->stage == DJ_STAGE_TERMINATED) {
        rc =
            dj__proj_fail_field(diag, "stage", DJ_EINVAL, "%s", "the project is terminated (终止)");
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.date = day;
    u.kind = "investor";
    u.amount = -1;
    u.investor_id = inv;
    u.note = note;
    if ((rc = insert_update(app, id, &u, diag)) < 0)
        goto done;
    {
        dj_field f[2] = {F("investor_id", dj_v_int(inv))};
        if ((rc = update_project(app, id, f, 1, diag)) < 0)
            goto done;
    }
    {
        const char *kv[] = {"date", day, "investor", org, "note", note};
        rc = audit(app, "project.investor", id, kv, 6, diag);
    }
done:
    dj_app_report_data_fini(&d);
    return finish(app, rc, diag);
}

/* ---- corrections --------------------------------------------------------- */

/* A value as the export shows it (money in yuan, hundredths as decimals). */
static void show_value(char *out, size_t cap, const dj_column *c, int present, int64_t i,
                       const char *s)
{
    char t[48];
    if (!present) {
        out[0] = '\0';
        return;
    }
    switch (c->type) {
    case DJ_COL_MONEY:
        dj_money_format_yuan(t, i);
        snprintf(out, cap, "%s", t);
        return;
    case DJ_COL_HUNDREDTHS:
        dj_decimal_format(t, i, 2);
        snprintf(out, cap, "%s", t);
        return;
    case DJ_COL_INT:
        snprintf(out, cap, "%lld", (long long)i);
        return;
    default:
        snprintf(out, cap, "%s", s ? s : "");
    }
}

struct old_ctx {
    const dj_column *c;
    char *out;
    size_t cap;
};

static int old_cb(const dj_row *r, void *ctx)
{
    struct old_ctx *o = ctx;
    dj_value v = dj_row_get(r, o->c->en); /* v_projects shows references by name */
    char s[2048];

    if (v.type == DJ_V_TEXT) {
        size_t n = v.len < sizeof s - 1 ? v.len : sizeof s - 1;
        memcpy(s, v.s, n);
        s[n] = '\0';
    }
    show_value(o->out, o->cap, o->c, v.type != DJ_V_NULL, v.i, v.type == DJ_V_TEXT ? s : NULL);
    return 0;
}

/* Column of projects that a correction of c changes. */
static const char *store_col(const dj_column *c)
{
    if (c->type != DJ_COL_REF)
        return c->en;
    return !strcmp(c->en, "investor") ? "investor_id"
           : !strcmp(c->en, "park")   ? "park_id"
                                      : "event_id";
}

/* A corrected 签约日期, 开工日期 or 投产日期 keeps the row's dates in the
 * order of the stages (签约 <= 开工 <= 投产), as an import row must; an export
 * would otherwise not import again. */
static int check_date_order(const dj_report_project *p, const dj_column *c, const char *value,
                            dj_diag *diag)
{
    const char *d[3] = {p->signed_on, p->started_on, p->producing_on};
    char why[200];

    if (!strcmp(c->en, "signed_on"))
        d[0] = value;
    else if (!strcmp(c->en, "started_on"))
        d[1] = value;
    else if (!strcmp(c->en, "producing_on"))
        d[2] = value;
    else
        return DJ_OK;
    if (dj__proj_dates_in_order(d[0], d[1], d[2], why, sizeof why))
        return DJ_OK;
    return dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s", why);
}

int dj_app_project_correct(dj_app *app, const char *project, const char *field, const char *value,
                           const char *date, const char *note, dj_diag *diag)
{
    const dj_record_type *t = dj_record_type_find("projects");
    const dj_column *c;
    dj_app_report_data d;
    const dj_report_project *p;
    char day[11], oldv[2048], newv[2048];
    int64_t id = 0, refid = 0, incr = 0;
    dj_cell cell;
    dj_field w, f[2];
    struct old_ctx oc;
    int rc, k;
    size_t i;
    upd_row u;

    memset(&d, 0, sizeof d);
    memset(&cell, 0, sizeof cell);
    if ((rc = can_edit(app, diag)) < 0)
        return rc;
    if ((rc = parse_date(day, date, diag)) < 0)
        return rc;
    if (!note || !*note)
        return dj__proj_fail_field(diag, "note", DJ_EINVAL, "%s",
                                   "a correction needs a note saying why (--note TEXT)");
    if (!field || (k = dj_record_column(t, field, strlen(field))) < 0)
        return dj__proj_fail_field(diag, "", DJ_EINVAL, "projects have no field '%s'",
                                   field ? field : "");
    c = &t->cols[k];
    if (!strcmp(c->en, "code"))
        return dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s",
                                   "the code identifies the project and cannot be corrected");
    if ((rc = dj_cell_parse(&cell, c, value ? value : "", value ? strlen(value) : 0, diag)) < 0)
        return rc;
    if ((rc = dj_store_begin(app->st, diag)) < 0)
        goto out;
    if ((rc = dj_app_project_find(app, project, &id, diag)) < 0 ||
        (rc = dj__proj_load_one(app, id, &d, diag)) < 0)
        goto done;
    p = &d.in.projects[0];
    if (c->type == DJ_COL_REF && cell.present) {
        char why[300];
        rc = dj__app_resolve_ref(app, c, cell.s, &refid, why, sizeof why, diag);
        if (rc == DJ_ENOTFOUND)
            rc = dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s", why);
        if (rc < 0)
            goto done;
    }
    /* rules that keep the row consistent with its history */
    for (i = 0; i < d.in.nupdates; i++)
        if (d.in.updates[i].kind == DJ_UPDATE_INCREASE)
            incr += d.in.updates[i].amount;
    if (!strcmp(c->en, "total_investment")) {
        if (!cell.present && incr)
            rc = dj__proj_fail_field(
                diag, c->zh, DJ_EINVAL, "%s",
                "the project has capital increases; its total cannot be unknown");
        else if (cell.present && cell.i < incr)
            rc = dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s",
                                     "the total is below the sum of its capital increases");
        else if (cell.present && cell.i < p->completed_investment)
            rc = dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s",
                                     "the total is below the completed investment");
    } else if (!strcmp(c->en, "completed_investment") && p->total_investment >= 0 && cell.present &&
               cell.i > p->total_investment) {
        rc = dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s", "已完成投资 exceeds 总投资");
    } else if (cell.present && cell.s) {
        rc = check_date_order(p, c, cell.s, diag);
    }
    if (rc < 0)
        goto done;
    oc.c = c;
    oc.out = oldv;
    oc.cap = sizeof oldv;
    oldv[0] = '\0';
    w = F("id", dj_v_int(id));
    if ((rc = dj_store_each(app->st, "v_projects", &w, 1, NULL, 1, 0, old_cb, &oc, diag)) < 0)
        goto done;
    show_value(newv, sizeof newv, c, cell.present, cell.i, cell.s);
    if (!strcmp(oldv, newv)) {
        rc = dj__proj_fail_field(diag, c->zh, DJ_EINVAL, "%s is already this value", c->zh);
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.date = day;
    u.kind = "correction";
    u.amount = -1;
    u.field = c->en;
    u.old_value = oldv;
    u.new_value = newv;
    u.note = note;
    if ((rc = insert_update(app, id, &u, diag)) < 0)
        goto done;
    if (c->type == DJ_COL_REF)
        f[0] = F(store_col(c), refid ? dj_v_int(refid) : dj_v_null());
    else if (!cell.present)
        f[0] = F(c->en, (c->type == DJ_COL_TEXT && !strcmp(c->en, "capacity")) ||
                                !strcmp(c->en, "description")
                            ? dj_v_text("")
                        : !strcmp(c->en, "completed_investment") ? dj_v_int(0)
                                                                 : dj_v_null());
    else if (cell.s)
        f[0] = F(c->en, dj_v_text(cell.s));
    else
        f[0] = F(c->en, dj_v_int(cell.i));
    if ((rc = update_project(app, id, f, 1, diag)) < 0)
        goto done;
    {
        const char *kv[] = {"date", day, "field", c->en, "old", oldv, "new", newv, "note", note};
        rc = audit(app, "project.correct", id, kv, 10, diag);
    }
done:
    rc = finish(app, rc, diag);
out:
    dj_app_report_data_fini(&d);
    dj_free(cell.s);
    return rc;
}
