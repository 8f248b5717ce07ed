/* store.c - store.h over an engine driver: connection, migrations,
 * transactions, and the generic row operations built as portable SQL.
 *
 * Invariants: identifiers (tables, columns, ORDER BY) are checked against
 * ident_ok() before they reach SQL; values always travel as parameters.
 * depth counts nested begin() calls; `doomed` is set by a rollback inside a
 * nested transaction so the outermost commit rolls back instead. */
#include "store/store_int.h"

#include "util/alloc.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct dj_store {
    const dj_db_driver *drv;
    void *conn;
    int depth;
    int doomed;
    char *file; /* the SQLite database file; NULL in memory */
};

#define SQL_LIMIT (64 * 1024)

dj_value dj_v_text(const char *s)
{
    return s ? dj_v_textn(s, strlen(s)) : dj_v_null();
}

dj_value dj_row_get(const dj_row *r, const char *name)
{
    int i;
    for (i = 0; i < r->ncols; i++)
        if (strcmp(r->names[i], name) == 0)
            return r->vals[i];
    return dj_v_null();
}

int64_t dj_row_int(const dj_row *r, const char *name, int64_t dflt)
{
    dj_value v = dj_row_get(r, name);
    return v.type == DJ_V_INT ? v.i : dflt;
}

const char *dj_row_text(const dj_row *r, const char *name)
{
    dj_value v = dj_row_get(r, name);
    return v.type == DJ_V_TEXT ? v.s : "";
}

void dj_store_now(char *out)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Identifiers: lower-case ASCII letters, digits and '_', not starting with
 * a digit, at most 63 bytes. Enough for our schema, impossible to inject. */
static int ident_ok(const char *s)
{
    size_t i, n = strlen(s);
    if (n == 0 || n > 63 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

static int bad_ident(dj_diag *diag, const char *s)
{
    return dj_diag_set(diag, DJ_EINVAL, "invalid identifier '%s'", s);
}

int dj_store_open(dj_store **out, const char *url, dj_diag *diag)
{
    return dj_store_open_flags(out, url, 0, diag);
}

int dj_store_open_flags(dj_store **out, const char *url, int flags, dj_diag *diag)
{
    dj_store *st;
    const char *target = url;
    int rc;

    *out = NULL;
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return dj_diag_set(diag, DJ_EINVAL,
                           "PostgreSQL is not built into this version yet (%s); use a SQLite path",
                           url);
    if (strncmp(url, "sqlite:", 7) == 0)
        target = url + 7;
    if (!(st = dj_calloc(1, sizeof *st)))
        return DJ_ENOMEM;
    st->drv = &dj__sqlite_driver;
    if ((rc = st->drv->open(&st->conn, target, flags, diag)) < 0) {
        dj_free(st);
        return rc;
    }
    if (*st->drv->file(st->conn) && !(st->file = dj_strdup(st->drv->file(st->conn)))) {
        dj_store_close(st);
        return DJ_ENOMEM;
    }
    *out = st;
    return DJ_OK;
}

const char *dj_store_read_only(const dj_store *st)
{
    return st->drv->read_only(st->conn);
}

int dj_store_side_file(const dj_store *st, const char *suffix, char *out, size_t outsz)
{
    if (!st->file)
        return DJ_ENOTFOUND;
    if ((size_t)snprintf(out, outsz, "%s%s", st->file, suffix) >= outsz)
        return DJ_ELIMIT;
    return DJ_OK;
}

void dj_store_close(dj_store *st)
{
    if (!st)
        return;
    if (st->depth)
        st->drv->exec(st->conn, "ROLLBACK", NULL);
    st->drv->close(st->conn);
    dj_free(st->file);
    dj_free(st);
}

int dj_store_begin(dj_store *st, dj_diag *diag)
{
    int rc;
    if (st->depth == 0) {
        if ((rc = st->drv->exec(st->conn, st->drv->begin_sql, diag)) < 0)
            return rc;
        st->doomed = 0;
    }
    st->depth++;
    return DJ_OK;
}

int dj_store_commit(dj_store *st, dj_diag *diag)
{
    int rc;
    if (st->depth == 0)
        return dj_diag_set(diag, DJ_EINVAL, "commit without begin");
    if (--st->depth > 0)
        return DJ_OK;
    if (st->doomed) {
        st->drv->exec(st->conn, "ROLLBACK", NULL);
        return dj_diag_set(diag, DJ_ESTORE, "transaction was rolled back");
    }
    if ((rc = st->drv->exec(st->conn, "COMMIT", diag)) < 0)
        st->drv->exec(st->conn, "ROLLBACK", NULL);
    return rc;
}

void dj_store_rollback(dj_store *st)
{
    if (st->depth == 0)
        return;
    if (--st->depth > 0) {
        st->doomed = 1;
        return;
    }
    st->drv->exec(st->conn, "ROLLBACK", NULL);
}

static int version_cb(const dj_row *r, void *ctx)
{
    *(int *)ctx = (int)dj_row_int(r, "version", 0);
    return 0;
}

int dj_store_schema_version(dj_store *st, int *version_out, dj_diag *diag)
{
    int rc;
    *version_out = 0;
    rc = st->drv->exec(
        st->conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", diag);
    if (rc < 0)
        return rc;
    return st->drv->query(st->conn, "SELECT max(version) AS version FROM schema_version", NULL, 0,
                          version_cb, version_out, NULL, diag);
}

int dj_store_latest_version(void)
{
    return dj__migrations[dj__nmigrations - 1].version;
}

int dj_store_migrate(dj_store *st, int *applied_out, dj_diag *diag)
{
    return dj_store_migrate_to(st, dj_store_latest_version(), applied_out, diag);
}

int dj_store_migrate_to(dj_store *st, int target, int *applied_out, dj_diag *diag)
{
    int rc, current, i, applied = 0;

    if (applied_out)
        *applied_out = 0;
    if ((rc = dj_store_schema_version(st, &current, diag)) < 0)
        return rc;
    if (dj_store_read_only(st) && current < target)
        return dj_diag_set(
            diag, DJ_ESTORE,
            "%s: the database is read-only (%s), and its schema (version %d) is "
            "older than this duijie needs (%d): open it once where it can be written "
            "to upgrade it",
            st->file ? st->file : "database", dj_store_read_only(st), current, target);
    for (i = 0; i < dj__nmigrations; i++) {
        const dj_migration *m = &dj__migrations[i];
        dj_value v = dj_v_int(m->version);
        if (m->version <= current || m->version > target)
            continue;
        if ((rc = dj_store_begin(st, diag)) < 0)
            return rc;
        if ((rc = st->drv->exec(st->conn, m->sql, diag)) < 0 ||
            (rc = st->drv->query(st->conn, "INSERT INTO schema_version (version) VALUES ($1)", &v,
                                 1, NULL, NULL, NULL, diag)) < 0) {
            dj_store_rollback(st);
            if (diag) {
                char msg[sizeof diag->message];
                memcpy(msg, diag->message, sizeof msg);
                dj_diag_set(diag, rc, "migration %s: %s", m->name, msg);
            }
            return rc;
        }
        if ((rc = dj_store_commit(st, diag)) < 0)
            return rc;
        applied++;
    }
    if (applied_out)
        *applied_out = applied;
    return DJ_OK;
}

static int id_cb(const dj_row *r, void *ctx)
{
    int64_t *id = ctx;
    if (r->ncols > 0 && r->vals[0].type == DJ_V_INT)
        *id = r->vals[0].i;
    return 0;
}

/* Appends " WHERE a = $k AND b = $k+1 ..." (IS NULL for NULL values, which
 * take no parameter; LIKE for a prefix or part of a text, dj_where_op);
 * *next is the next placeholder number. Values that
 * take a parameter are copied to params[]. */
static int append_where(dj_buf *b, dj_value *params, int *next, const dj_field *where,
                        const unsigned char *ops, int nwhere, dj_diag *diag)
{
    int i;
    for (i = 0; i < nwhere; i++) {
        if (!ident_ok(where[i].col))
            return bad_ident(diag, where[i].col);
        dj_buf_puts(b, i ? " AND " : " WHERE ");
        if (where[i].v.type == DJ_V_NULL) {
            dj_buf_printf(b, "%s IS NULL", where[i].col);
        } else if (!ops || ops[i] == DJ_WHERE_EQ || where[i].v.type != DJ_V_TEXT) {
            params[*next - 1] = where[i].v;
            dj_buf_printf(b, "%s = $%d", where[i].col, (*next)++);
        } else { /* LIKE with the value's own wildcards escaped; ASCII case folded */
            params[*next - 1] = where[i].v;
            dj_buf_printf(b,
                          "lower(%s) LIKE %slower(replace(replace(replace($%d, '\\', '\\\\'), "
                          "'%%', '\\%%'), '_', '\\_')) || '%%' ESCAPE '\\'",
                          where[i].col, ops[i] == DJ_WHERE_CONTAINS ? "'%' || " : "", (*next)++);
        }
    }
    return DJ_OK;
}

#define MAX_FIELDS 64

/* "updated_at = CASE WHEN <another column changes> THEN <new> ELSE <old>
 * END" for fields[touch] = updated_at: the row's modification time moves only
 * when a value does (SET and DO UPDATE read the stored row). The new values
 * are the upsert's excluded row, or an update's parameters $1..$n. */
static void touch_clause(dj_buf *b, const char *table, const dj_field *fields, int n, int touch,
                         int upsert)
{
    int j, k = 0;
    dj_buf_puts(b, "updated_at = CASE WHEN ");
    for (j = 0; j < n; j++) {
        if (j == touch || !strcmp(fields[j].col, "created_at"))
            continue;
        dj_buf_printf(b, "%s%s.%s IS DISTINCT FROM ", k++ ? " OR " : "", table, fields[j].col);
        if (upsert)
            dj_buf_printf(b, "excluded.%s", fields[j].col);
        else
            dj_buf_printf(b, "$%d", j + 1);
    }
    if (upsert)
        dj_buf_printf(b, " THEN excluded.updated_at ELSE %s.updated_at END", table);
    else
        dj_buf_printf(b, " THEN $%d ELSE %s.updated_at END", touch + 1, table);
}

int dj_store_upsert(dj_store *st, const char *table, const dj_field *fields, int nfields,
                    const char *const *key_cols, int64_t *id_out, dj_diag *diag)
{
    dj_buf b;
    dj_value params[MAX_FIELDS];
    int i, k, rc, nupdate = 0, touch = -1;
    int64_t id = 0;

    if (!ident_ok(table))
        return bad_ident(diag, table);
    if (nfields <= 0 || nfields > MAX_FIELDS)
        return dj_diag_set(diag, DJ_EINVAL, "upsert into %s: %d fields", table, nfields);
    dj_buf_init(&b, SQL_LIMIT);
    dj_buf_printf(&b, "INSERT INTO %s (", table);
    for (i = 0; i < nfields; i++) {
        if (!ident_ok(fields[i].col)) {
            rc = bad_ident(diag, fields[i].col);
            goto done;
        }
        dj_buf_printf(&b, "%s%s", i ? ", " : "", fields[i].col);
        params[i] = fields[i].v;
    }
    dj_buf_puts(&b, ") VALUES (");
    for (i = 0; i < nfields; i++)
        dj_buf_printf(&b, "%s$%d", i ? ", " : "", i + 1);
    dj_buf_puts(&b, ")");
    if (key_cols && key_cols[0]) {
        dj_buf_puts(&b, " ON CONFLICT (");
        for (k = 0; key_cols[k]; k++) {
            if (!ident_ok(key_cols[k])) {
                rc = bad_ident(diag, key_cols[k]);
                goto done;
            }
            dj_buf_printf(&b, "%s%s", k ? ", " : "", key_cols[k]);
        }
        dj_buf_puts(&b, ") DO UPDATE SET ");
        for (i = 0; i < nfields; i++) {
            int is_key = 0;
            for (k = 0; key_cols[k]; k++)
                is_key |= strcmp(key_cols[k], fields[i].col) == 0;
            if (is_key || strcmp(fields[i].col, "created_at") == 0)
                continue; /* a record keeps the time it was first created */
            if (strcmp(fields[i].col, "updated_at") == 0) {
                touch = i;
                continue;
            }
            dj_buf_printf(&b, "%s%s = excluded.%s", nupdate++ ? ", " : "", fields[i].col,
                          fields[i].col);
        }
        if (touch >= 0 && nupdate) { /* as in dj_store_update: only on a change */
            dj_buf_puts(&b, ", ");
            touch_clause(&b, table, fields, nfields, touch, 1);
        } else if (touch >= 0) {
            dj_buf_printf(&b, "updated_at = %s.updated_at", table);
            nupdate++;
        }
        if (!nupdate) /* all columns are the key: a no-op update to get the id */
            dj_buf_printf(&b, "%s = excluded.%s", key_cols[0], key_cols[0]);
    }
    if (id_out) /* not every table has an id column (deal_parties) */
        dj_buf_puts(&b, " RETURNING id");
    if ((rc = dj_buf_rc(&b)) < 0)
        goto done;
    rc = st->drv->query(st->conn, dj_buf_cstr(&b), params, nfields, id_out ? id_cb : NULL, &id,
                        NULL, diag);
    if (rc == DJ_OK && id_out)
        *id_out = id;
done:
    dj_buf_fini(&b);
    return rc;
}

int dj_store_update(dj_store *st, const char *table, int64_t id, const dj_field *fields,
                    int nfields, dj_diag *diag)
{
    dj_buf b;
    dj_value params[MAX_FIELDS + 1];
    int i, rc;
    int64_t changes = 0;

    if (!ident_ok(table))
        return bad_ident(diag, table);
    if (nfields <= 0 || nfields > MAX_FIELDS)
        return dj_diag_set(diag, DJ_EINVAL, "update %s: %d fields", table, nfields);
    dj_buf_init(&b, SQL_LIMIT);
    dj_buf_printf(&b, "UPDATE %s SET ", table);
    for (i = 0; i < nfields; i++) {
        if (!ident_ok(fields[i].col)) {
            rc = bad_ident(diag, fields[i].col);
            goto done;
        }
        params[i] = fields[i].v;
        if (strcmp(fields[i].col, "updated_at") || nfields == 1) {
            dj_buf_printf(&b, "%s%s = $%d", i ? ", " : "", fields[i].col, i + 1);
            continue;
        }
        if (i)
            dj_buf_puts(&b, ", ");
        touch_clause(&b, table, fields, nfields, i, 0);
    }
    params[nfields] = dj_v_int(id);
    dj_buf_printf(&b, " WHERE id = $%d", nfields + 1);
    if ((rc = dj_buf_rc(&b)) < 0)
        goto done;
    rc = st->drv->query(st->conn, dj_buf_cstr(&b), params, nfields + 1, NULL, NULL, &changes, diag);
    if (rc == DJ_OK && changes == 0)
        rc = dj_diag_set(diag, DJ_ENOTFOUND, "%s %lld not found", table, (long long)id);
done:
    dj_buf_fini(&b);
    return rc;
}

/* Runs "<verb> <table> [WHERE ...] <tail>" with the conditions as
 * parameters: the one place the row-selecting operations build SQL. */
static int run_where(dj_store *st, const char *verb, const char *table, const dj_field *where,
                     const unsigned char *ops, int nwhere, const char *tail, dj_row_cb cb,
                     void *ctx, int64_t *changes_out, dj_diag *diag)
{
    dj_buf b;
    dj_value params[MAX_FIELDS];
    int rc, next = 1;

    if (!ident_ok(table))
        return bad_ident(diag, table);
    if (nwhere < 0 || nwhere > MAX_FIELDS)
        return dj_diag_set(diag, DJ_ELIMIT, "%d conditions on %s", nwhere, table);
    dj_buf_init(&b, SQL_LIMIT);
    dj_buf_printf(&b, "%s %s", verb, table);
    if ((rc = append_where(&b, params, &next, where, ops, nwhere, diag)) == DJ_OK) {
        dj_buf_puts(&b, tail);
        if ((rc = dj_buf_rc(&b)) == DJ_OK)
            rc = st->drv->query(st->conn, dj_buf_cstr(&b), params, next - 1, cb, ctx, changes_out,
                                diag);
    }
    dj_buf_fini(&b);
    return rc;
}

int dj_store_delete(dj_store *st, const char *table, const dj_field *where, int nwhere,
                    int64_t *deleted_out, dj_diag *diag)
{
    int64_t changes = 0;
    int rc;

    if (nwhere <= 0)
        return dj_diag_set(diag, DJ_EINVAL, "delete from %s needs a condition", table);
    rc = run_where(st, "DELETE FROM", table, where, NULL, nwhere, "", NULL, NULL, &changes, diag);
    if (rc == DJ_OK && deleted_out)
        *deleted_out = changes;
    return rc;
}

struct find_ctx {
    int64_t id;
    int n;
};

static int find_cb(const dj_row *r, void *ctx)
{
    struct find_ctx *f = ctx;
    f->n++;
    if (r->ncols > 0 && r->vals[0].type == DJ_V_INT)
        f->id = r->vals[0].i;
    return 0;
}

int dj_store_find_id(dj_store *st, const char *table, const dj_field *where, int nwhere,
                     int64_t *id_out, dj_diag *diag)
{
    struct find_ctx f = {0, 0};
    int rc = run_where(st, "SELECT id FROM", table, where, NULL, nwhere, " LIMIT 2", find_cb, &f,
                       NULL, diag);
    if (rc < 0)
        return rc;
    if (f.n == 0)
        return DJ_ENOTFOUND;
    if (f.n > 1)
        return dj_diag_set(diag, DJ_ECONSTRAINT, "more than one %s matches", table);
    *id_out = f.id;
    return DJ_OK;
}

int dj_store_each(dj_store *st, const char *table, const dj_field *where, int nwhere,
                  const char *order_by, long limit, long offset, dj_row_cb cb, void *ctx,
                  dj_diag *diag)
{
    return dj_store_each_ops(st, table, where, NULL, nwhere, order_by, limit, offset, cb, ctx,
                             diag);
}

int dj_store_each_ops(dj_store *st, const char *table, const dj_field *where,
                      const unsigned char *ops, int nwhere, const char *order_by, long limit,
                      long offset, dj_row_cb cb, void *ctx, dj_diag *diag)
{
    char tail[160], col[64];
    size_t n = 0;
    int desc = 0, len;

    if (order_by) {
        n = strcspn(order_by, " ");
        desc = strcmp(order_by + n, " DESC") == 0;
        if (n >= sizeof col || (order_by[n] && !desc))
            return bad_ident(diag, order_by);
        memcpy(col, order_by, n);
        col[n] = '\0';
        if (!ident_ok(col))
            return bad_ident(diag, col);
    } else {
        snprintf(col, sizeof col, "id");
    }
    len = snprintf(tail, sizeof tail, " ORDER BY %s%s", col, desc ? " DESC" : "");
    if (limit > 0)
        len += snprintf(tail + len, sizeof tail - (size_t)len, " LIMIT %ld", limit);
    if (offset > 0)
        snprintf(tail + len, sizeof tail - (size_t)len, "%s OFFSET %ld",
                 limit > 0 ? "" : " LIMIT -1", offset);
    return run_where(st, "SELECT * FROM", table, where, ops, nwhere, tail, cb, ctx, NULL, diag);
}

static int count_cb(const dj_row *r, void *ctx)
{
    *(int64_t *)ctx = r->vals[0].i;
    return 0;
}

int dj_store_count(dj_store *st, const char *table, const dj_field *where, int nwhere,
                   int64_t *count_out, dj_diag *diag)
{
    return dj_store_count_ops(st, table, where, NULL, nwhere, count_out, diag);
}

int dj_store_count_ops(dj_store *st, const char *table, const dj_field *where,
                       const unsigned char *ops, int nwhere, int64_t *count_out, dj_diag *diag)
{
    int64_t n = 0;
    int rc = run_where(st, "SELECT count(*) FROM", table, where, ops, nwhere, "", count_cb, &n,
                       NULL, diag);
    if (rc == DJ_OK)
        *count_out = n;
    return rc;
}

int dj_store_audit(dj_store *st, const char *actor, const char *action, const char *entity,
                   int64_t entity_id, const char *detail_json, dj_diag *diag)
{
    char now[32];
    dj_field f[6];

    dj_store_now(now);
    f[0] = (dj_field){"at", dj_v_text(now)};
    f[1] = (dj_field){"actor", dj_v_text(actor)};
    f[2] = (dj_field){"action", dj_v_text(action)};
    f[3] = (dj_field){"entity", dj_v_text(entity)};
    f[4] = (dj_field){"entity_id", entity_id ? dj_v_int(entity_id) : dj_v_null()};
    f[5] = (dj_field){"detail", dj_v_text(detail_json ? detail_json : "")};
    return dj_store_upsert(st, "audit_log", f, 6, NULL, NULL, diag);
}
