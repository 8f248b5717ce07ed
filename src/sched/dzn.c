/* dzn.c - B2BSP instances in MiniZinc data form (.dzn), read from and written
 * to memory buffers.
 *
 * Grammar accepted (a subset of MiniZinc data): items `name = value ;`,
 * `%` comments to end of line and block comments (slash-star to star-slash), a leading UTF-8 BOM,
 * values are integers, sets `{1,2,5}` or
 * `{a..b}`, and arrays `[v, v, ...]` of integers or sets, 2-D arrays written
 * `[| a, b, c | d, e, f |]` (flattened row by row), and the explicit-index
 * form `arrayNd(a..b, ..., [v, ...])` (N = 1..6; the ranges must multiply to
 * the number of values). Unknown names are skipped (meetingsxBusiness and
 * nMeetingsBusiness are derived data).
 * Meaning (1-based in the file, 0-based in the model):
 *   nBusiness, nMeetings, nTables, nTotalSlots, nMorningSlots  scalars
 *   requested     nMeetings rows "a, b, session" (1 morning, 2 afternoon, 3 either)
 *   forbidden     nBusiness sets of forbidden slots (0 is a placeholder)
 *   fixed         nMeetings slots, 0 = free
 *   precedences   nMeetings sets: precedences[m] must all come before m
 *                 (0 is a placeholder)
 * duijie extensions (docs/sched.md): weight[nMeetings] (> 0; makes meetings
 * optional and fairness soft unless `required` says otherwise),
 * required[nMeetings] (0/1), maxMeetings[nBusiness] (0 = none),
 * booth[nBusiness] (0/1).
 * Limits: at most 4,000,000 numbers per value; slots <= DJ_SCHED_MAX_SLOTS. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DZN_MAX_NUMS 4000000

typedef struct val {
    int kind; /* 0 none, 1 int, 2 array */
    long long i;
    long long *nums; /* all numbers, flattened */
    int nnums, capnums;
    int *setoff; /* for arrays of sets: start index of each element, nelems+1 */
    long *eline; /* [nelems]: the line each element starts on, for errors */
    int nelems, capel;
    int has_sets;
    long line; /* the line of the item's name */
} val;

typedef struct lexer {
    const char *p, *end, *start;
    long line;
    dj_diag *diag;
} lexer;

static void val_free(val *v)
{
    dj_free(v->nums);
    dj_free(v->setoff);
    dj_free(v->eline);
    memset(v, 0, sizeof *v);
}

static int perr(lexer *lx, const char *why)
{
    if (lx->diag) {
        dj_diag_set(lx->diag, DJ_EPARSE, "%s", why);
        lx->diag->line = lx->line;
        lx->diag->offset = (size_t)(lx->p - lx->start);
    }
    return DJ_EPARSE;
}

static void skip_ws(lexer *lx)
{
    while (lx->p < lx->end) {
        unsigned char c = (unsigned char)*lx->p;
        if (c == '\n') {
            lx->line++;
            lx->p++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            lx->p++;
        } else if (c == '%') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
        } else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') { /* block comment */
            for (lx->p += 2;
                 lx->p < lx->end && !(*lx->p == '*' && lx->p + 1 < lx->end && lx->p[1] == '/');
                 lx->p++)
                lx->line += *lx->p == '\n';
            lx->p = lx->p < lx->end ? lx->p + 2 : lx->end; /* unterminated: to the end */
        } else {
            break;
        }
    }
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_digit(c);
}

static int read_int(lexer *lx, long long *out)
{
    int neg = 0, nd = 0;
    long long v = 0;
    skip_ws(lx);
    if (lx->p < lx->end && *lx->p == '-') {
        neg = 1;
        lx->p++;
    }
    while (lx->p < lx->end && is_digit((unsigned char)*lx->p)) {
        if (v > 100000000000LL)
            return perr(lx, "number too large");
        v = v * 10 + (*lx->p - '0');
        lx->p++;
        nd++;
    }
    if (!nd)
        return perr(lx, "expected a number");
    *out = neg ? -v : v;
    return DJ_OK;
}

static int push_num(lexer *lx, val *v, long long x)
{
    if (v->nnums >= DZN_MAX_NUMS) {
        if (lx->diag)
            dj_diag_set(lx->diag, DJ_ELIMIT, "too many numbers in one value");
        return DJ_ELIMIT;
    }
    if (v->nnums == v->capnums) {
        int ncap = v->capnums ? v->capnums * 2 : 64;
        long long *n = dj_realloc(v->nums, (size_t)ncap * sizeof *n);
        if (!n)
            return DJ_ENOMEM;
        v->nums = n;
        v->capnums = ncap;
    }
    v->nums[v->nnums++] = x;
    return DJ_OK;
}

static int push_elem(const lexer *lx, val *v)
{
    if (v->nelems + 2 > v->capel) {
        int ncap = v->capel ? v->capel * 2 : 64;
        int *n = dj_realloc(v->setoff, (size_t)ncap * sizeof *n);
        long *l;
        if (!n)
            return DJ_ENOMEM;
        v->setoff = n;
        if (!(l = dj_realloc(v->eline, (size_t)ncap * sizeof *l)))
            return DJ_ENOMEM;
        v->eline = l;
        v->capel = ncap;
    }
    v->eline[v->nelems] = lx->line;
    v->setoff[v->nelems++] = v->nnums;
    v->setoff[v->nelems] = v->nnums;
    return DJ_OK;
}

static int read_set(lexer *lx, val *v)
{
    int rc;
    lx->p++; /* '{' */
    skip_ws(lx);
    if (lx->p < lx->end && *lx->p == '}') {
        lx->p++;
        return DJ_OK;
    }
    for (;;) {
        long long a, b;
        if ((rc = read_int(lx, &a)) < 0)
            return rc;
        skip_ws(lx);
        if (lx->end - lx->p >= 2 && lx->p[0] == '.' && lx->p[1] == '.') {
            lx->p += 2;
            if ((rc = read_int(lx, &b)) < 0)
                return rc;
            if (b - a > 100000)
                return perr(lx, "range too long");
            for (; a <= b; a++)
                if ((rc = push_num(lx, v, a)) < 0)
                    return rc;
        } else if ((rc = push_num(lx, v, a)) < 0) {
            return rc;
        }
        skip_ws(lx);
        if (lx->p < lx->end && *lx->p == ',') {
            lx->p++;
            skip_ws(lx);
            if (lx->p < lx->end && *lx->p == '}') {
                lx->p++;
                return DJ_OK;
            }
            continue;
        }
        if (lx->p < lx->end && *lx->p == '}') {
            lx->p++;
            return DJ_OK;
        }
        return perr(lx, "expected ',' or '}' in set");
    }
}

static int read_value(lexer *lx, val *v);

/* arrayNd(a..b, ..., [v, ...]) at lx->p: the values of the array, checked
 * against the index ranges (MiniZinc's explicit-index form). */
static int read_arraynd(lexer *lx, val *v)
{
    int n = lx->p[5] - '0', i, rc;
    long long want = 1, a, b;

    lx->p += 7; /* "arrayNd" */
    skip_ws(lx);
    if (lx->p >= lx->end || *lx->p != '(')
        return perr(lx, "expected '(' after arrayNd");
    lx->p++;
    for (i = 0; i < n; i++) {
        if ((rc = read_int(lx, &a)) < 0)
            return rc;
        skip_ws(lx);
        if (lx->end - lx->p < 2 || lx->p[0] != '.' || lx->p[1] != '.')
            return perr(lx, "expected an index range a..b in arrayNd(...)");
        lx->p += 2;
        if ((rc = read_int(lx, &b)) < 0)
            return rc;
        if (b < a - 1 || b - a >= DZN_MAX_NUMS)
            return perr(lx, "bad index range in arrayNd(...)");
        want *= b - a + 1;
        if (want > DZN_MAX_NUMS)
            return perr(lx, "arrayNd(...) index ranges too large");
        skip_ws(lx);
        if (lx->p >= lx->end || *lx->p != ',')
            return perr(lx, "expected ',' after an index range in arrayNd(...)");
        lx->p++;
    }
    skip_ws(lx);
    if (lx->p >= lx->end || *lx->p != '[')
        return perr(lx, "expected '[' in arrayNd(...)");
    if ((rc = read_value(lx, v)) < 0)
        return rc;
    skip_ws(lx);
    if (lx->p >= lx->end || *lx->p != ')')
        return perr(lx, "expected ')' after arrayNd(...)");
    lx->p++;
    if (v->nelems != want)
        return perr(lx, "arrayNd(...): the index ranges do not match the number of values");
    return DJ_OK;
}

static int is_arraynd(const lexer *lx)
{
    return lx->end - lx->p >= 7 && !memcmp(lx->p, "array", 5) && lx->p[5] >= '1' &&
           lx->p[5] <= '6' && lx->p[6] == 'd';
}

static int read_value(lexer *lx, val *v)
{
    int rc;
    skip_ws(lx);
    if (lx->p >= lx->end)
        return perr(lx, "expected a value");
    if (*lx->p == '[') {
        v->kind = 2;
        lx->p++;
        for (;;) {
            skip_ws(lx);
            if (lx->p >= lx->end)
                return perr(lx, "unterminated array");
            if (*lx->p == ']') {
                lx->p++;
                return DJ_OK;
            }
            if (*lx->p == ',' || *lx->p == '|') {
                lx->p++;
                continue;
            }
            if ((rc = push_elem(lx, v)) < 0)
                return rc;
            if (*lx->p == '{') {
                v->has_sets = 1;
                if ((rc = read_set(lx, v)) < 0)
                    return rc;
            } else {
                long long x;
                if ((rc = read_int(lx, &x)) < 0 || (rc = push_num(lx, v, x)) < 0)
                    return rc;
            }
            v->setoff[v->nelems] = v->nnums;
        }
    }
    if (*lx->p == '{') {
        v->kind = 2;
        v->has_sets = 1;
        if ((rc = push_elem(lx, v)) < 0 || (rc = read_set(lx, v)) < 0)
            return rc;
        v->setoff[v->nelems] = v->nnums;
        return DJ_OK;
    }
    if (is_arraynd(lx))
        return read_arraynd(lx, v);
    v->kind = 1;
    return read_int(lx, &v->i);
}

enum {
    K_NB,
    K_NM,
    K_NT,
    K_NS,
    K_NMORN,
    K_REQ,
    K_FORB,
    K_FIX,
    K_PREC,
    K_W,
    K_REQD,
    K_MAX,
    K_BOOTH,
    K_N
};
static const char *const knames[K_N] = {
    "nBusiness", "nMeetings",   "nTables", "nTotalSlots", "nMorningSlots", "requested", "forbidden",
    "fixed",     "precedences", "weight",  "required",    "maxMeetings",   "booth"};

/* An invalid item k (element e of it, or the whole item when e < 0): the
 * diag names the item as the field and the line where the element (or the
 * item) starts. */
static int item_err(dj_diag *d, const val *v, int k, int e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static int item_err(dj_diag *d, const val *v, int k, int e, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dj_diag_set(d, DJ_EINVAL, "%s", msg);
    if (d) {
        snprintf(d->field, sizeof d->field, "%s", knames[k]);
        d->line = e >= 0 && e < v[k].nelems ? v[k].eline[e] : v[k].line;
    }
    return DJ_EINVAL;
}

/* The sizes: every required item present and of its kind, in range. */
static int check_sizes(const val *v, dj_diag *diag)
{
    long long nb, nm, nt, ns, nmorn;
    int i;

    for (i = 0; i <= K_REQ; i++)
        if (v[i].kind == 0)
            return item_err(diag, v, i, -1, "missing %s", knames[i]);
    for (i = 0; i <= K_NMORN; i++)
        if (v[i].kind != 1)
            return item_err(diag, v, i, -1, "%s must be an integer", knames[i]);
    for (i = K_REQ; i < K_N; i++)
        if (v[i].kind == 1)
            return item_err(diag, v, i, -1, "%s must be an array", knames[i]);
    nb = v[K_NB].i;
    nm = v[K_NM].i;
    nt = v[K_NT].i;
    ns = v[K_NS].i;
    nmorn = v[K_NMORN].i;
    if (nb < 0 || nb > 1000000)
        return item_err(diag, v, K_NB, -1, "nBusiness %lld outside 0..1000000", nb);
    if (nm < 0 || nm > 4000000)
        return item_err(diag, v, K_NM, -1, "nMeetings %lld outside 0..4000000", nm);
    if (nt < 0 || nt > 1000000)
        return item_err(diag, v, K_NT, -1, "nTables %lld outside 0..1000000", nt);
    if (ns < 1 || ns > DJ_SCHED_MAX_SLOTS)
        return item_err(diag, v, K_NS, -1, "nTotalSlots %lld outside 1..%d", ns,
                        DJ_SCHED_MAX_SLOTS);
    if (nmorn < 0 || nmorn > ns)
        return item_err(diag, v, K_NMORN, -1, "nMorningSlots %lld outside 0..nTotalSlots (%lld)",
                        nmorn, ns);
    if (v[K_REQ].nnums != 3 * nm || v[K_REQ].has_sets)
        return item_err(diag, v, K_REQ, -1,
                        "requested must have nMeetings (%lld) rows of 3 integers, has %d numbers",
                        nm, v[K_REQ].nnums);
    if (v[K_FORB].kind == 2 && (v[K_FORB].nelems != nb || !v[K_FORB].has_sets))
        return item_err(diag, v, K_FORB, -1, "forbidden must have nBusiness (%lld) sets, has %d",
                        nb, v[K_FORB].nelems);
    for (i = K_FIX; i < K_N; i++) {
        int per_business = i == K_MAX || i == K_BOOTH;
        long long n = per_business ? nb : nm;
        if (i == K_PREC || v[i].kind != 2)
            continue; /* precedences: checked with the meetings */
        if (v[i].nnums != n || v[i].has_sets)
            return item_err(diag, v, i, -1, "%s must have %s (%lld) integers, has %d", knames[i],
                            per_business ? "nBusiness" : "nMeetings", n, v[i].nnums);
    }
    return DJ_OK;
}

/* Businesses: forbidden slots, maxMeetings, booth. */
static int build_businesses(dj_sched *m, const val *v, dj_diag *diag)
{
    long long nb = v[K_NB].i, ns = v[K_NS].i;
    int i, k;

    for (i = 0; v[K_FORB].kind == 2 && i < nb; i++)
        for (k = v[K_FORB].setoff[i]; k < v[K_FORB].setoff[i + 1]; k++) {
            long long s = v[K_FORB].nums[k];
            if (s == 0)
                continue;
            if (s < 1 || s > ns)
                return item_err(diag, v, K_FORB, i,
                                "forbidden slot %lld of business %d outside 1..%lld", s, i + 1, ns);
            dj_sched_set_unavailable(m, i, (int)s - 1, 0);
        }
    for (i = 0; i < nb; i++) {
        long long mx = v[K_MAX].kind == 2 ? v[K_MAX].nums[i] : 0;
        long long bo = v[K_BOOTH].kind == 2 ? v[K_BOOTH].nums[i] : 0;
        if (mx < 0 || mx > 1000000)
            return item_err(diag, v, K_MAX, i, "maxMeetings %lld of business %d outside 0..1000000",
                            mx, i + 1);
        if (bo < 0 || bo > 1)
            return item_err(diag, v, K_BOOTH, i, "booth %lld of business %d is not 0 or 1", bo,
                            i + 1);
        dj_sched_set_participant(m, i, (int)mx, (int)bo);
    }
    return DJ_OK;
}

/* Meetings: requested rows with fixed, weight and required; then the
 * precedences. */
static int build_meetings(dj_sched *m, const val *v, dj_diag *diag)
{
    long long nb = v[K_NB].i, nm = v[K_NM].i, ns = v[K_NS].i;
    int i, k, rc, has_w = v[K_W].kind == 2;

    for (i = 0; i < nm; i++) {
        long long a = v[K_REQ].nums[3 * i], b = v[K_REQ].nums[3 * i + 1];
        long long se = v[K_REQ].nums[3 * i + 2];
        long long fx = v[K_FIX].kind == 2 ? v[K_FIX].nums[i] : 0;
        long long w = has_w ? v[K_W].nums[i] : 1;
        long long rq = v[K_REQD].kind == 2 ? v[K_REQD].nums[i] : !has_w;
        if (a < 1 || a > nb || b < 1 || b > nb || a == b)
            return item_err(diag, v, K_REQ, 3 * i,
                            "meeting %d: participants %lld, %lld (two different ones in 1..%lld)",
                            i + 1, a, b, nb);
        if (se < 1 || se > 3)
            return item_err(diag, v, K_REQ, 3 * i + 2,
                            "meeting %d: session %lld (1 morning, 2 afternoon, 3 either)", i + 1,
                            se);
        if (fx < 0 || fx > ns)
            return item_err(diag, v, K_FIX, i, "meeting %d: fixed slot %lld outside 0..%lld", i + 1,
                            fx, ns);
        if (w < 1 || w > 1000000)
            return item_err(diag, v, K_W, i, "meeting %d: weight %lld outside 1..1000000", i + 1,
                            w);
        if (rq < 0 || rq > 1)
            return item_err(diag, v, K_REQD, i, "meeting %d: required %lld is not 0 or 1", i + 1,
                            rq);
        rc = dj_sched_add_request(NULL, m, (int)a - 1, (int)b - 1, (int)w, (int)rq,
                                  se == 3 ? DJ_SCHED_ANY : (int)se - 1, (int)fx - 1);
        if (rc < 0)
            return rc;
    }
    if (v[K_PREC].kind != 2)
        return DJ_OK;
    if (v[K_PREC].nelems != nm || (nm > 0 && !v[K_PREC].has_sets))
        return item_err(diag, v, K_PREC, -1, "precedences must have nMeetings (%lld) sets, has %d",
                        nm, v[K_PREC].nelems);
    for (i = 0; i < nm; i++)
        for (k = v[K_PREC].setoff[i]; k < v[K_PREC].setoff[i + 1]; k++) {
            long long b = v[K_PREC].nums[k];
            if (b == 0) /* a placeholder, as in forbidden */
                continue;
            if (b < 1 || b > nm || b == i + 1)
                return item_err(diag, v, K_PREC, i,
                                "precedences of meeting %d: meeting %lld (another one in 1..%lld)",
                                i + 1, b, nm);
            if ((rc = dj_sched_add_precedence(m, (int)b - 1, i)) < 0)
                return rc;
        }
    return DJ_OK;
}

static int build(dj_sched **out, val *v, dj_diag *diag)
{
    dj_sched *m = NULL;
    int rc, i;

    if ((rc = check_sizes(v, diag)) < 0)
        return rc;
    if ((rc = dj_sched_new(&m, (int)v[K_NS].i, (int)v[K_NB].i, (int)v[K_NT].i)) < 0)
        return rc;
    for (i = 0; i < v[K_NS].i; i++)
        dj_sched_set_slot(m, i, 0, i < v[K_NMORN].i ? 0 : 1, (int)v[K_NT].i);
    if ((rc = build_businesses(m, v, diag)) < 0 || (rc = build_meetings(m, v, diag)) < 0) {
        dj_sched_free(m);
        return rc;
    }
    /* B2BSP: every meeting required and fairness hard; with weights soft */
    dj_sched_set_fairness(m, 2, v[K_W].kind != 2);
    *out = m;
    return DJ_OK;
}

int dj_sched_read_dzn(dj_sched **out, const char *buf, size_t len, dj_diag *diag)
{
    lexer lx;
    val v[K_N];
    int rc = DJ_OK, i;

    *out = NULL;
    memset(v, 0, sizeof v);
    lx.p = lx.start = buf;
    lx.end = buf + len;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) /* a UTF-8 byte-order mark */
        lx.p += 3;
    lx.line = 1;
    lx.diag = diag;
    for (;;) {
        const char *id;
        size_t idlen;
        long line;
        int k = -1;
        val junk;
        skip_ws(&lx);
        if (lx.p >= lx.end)
            break;
        id = lx.p;
        line = lx.line;
        while (lx.p < lx.end && is_ident((unsigned char)*lx.p))
            lx.p++;
        idlen = (size_t)(lx.p - id);
        if (idlen == 0) {
            rc = perr(&lx, "expected a name");
            goto done;
        }
        skip_ws(&lx);
        if (lx.p >= lx.end || *lx.p != '=') {
            rc = perr(&lx, "expected '='");
            goto done;
        }
        lx.p++;
        for (i = 0; i < K_N; i++)
            if (strlen(knames[i]) == idlen && memcmp(knames[i], id, idlen) == 0)
                k = i;
        memset(&junk, 0, sizeof junk);
        if (k >= 0 && v[k].kind != 0) {
            rc = perr(&lx, "name assigned twice");
            goto done;
        }
        if (k >= 0)
            v[k].line = line;
        rc = read_value(&lx, k >= 0 ? &v[k] : &junk);
        val_free(&junk);
        if (rc < 0)
            goto done;
        skip_ws(&lx);
        if (lx.p >= lx.end || *lx.p != ';') {
            rc = perr(&lx, "expected ';'");
            goto done;
        }
        lx.p++;
    }
    rc = build(out, v, diag);
done:
    for (i = 0; i < K_N; i++)
        val_free(&v[i]);
    return rc;
}

int dj_sched_write_dzn(dj_buf *out, const dj_sched *m)
{
    int nmorn = 0, t, p, r, i, ext = 0;
    int *off = NULL, *list = NULL, rc;

    for (t = 0; t < m->ns; t++) {
        if (m->slot_day[t] != 0 || m->slot_session[t] > 1)
            return DJ_EINVAL;
        if (m->slot_session[t] == 0) {
            if (t != nmorn)
                return DJ_EINVAL;
            nmorn++;
        }
    }
    for (r = 0; r < m->nr; r++)
        if (!m->rreq[r] || m->rw[r] != 1 || m->rlock[r] >= 0)
            ext = 1;
    for (p = 0; p < m->np; p++)
        if (m->max_meet[p] || m->booth[p] >= 0 || m->planned[p])
            ext = 1;
    if ((rc = dj__sched_adjacency(&off, &list, m)) < 0)
        return rc;
    dj_buf_printf(out,
                  "nBusiness = %d;\nnMeetings = %d;\nnTables = %d;\nnTotalSlots = %d;\n"
                  "nMorningSlots = %d;\n\nrequested = [",
                  m->np, m->nr, m->ntables, m->ns, nmorn);
    for (r = 0; r < m->nr; r++)
        dj_buf_printf(out, "|%d, %d,%d, \n", m->ra[r] + 1, m->rb[r] + 1,
                      m->rsession[r] == DJ_SCHED_ANY ? 3 : m->rsession[r] + 1);
    dj_buf_puts(out, "|];\n\nmeetingsxBusiness = [");
    /* the published files list meeting+1 after a leading 1; kept for tools
     * that read this derived array */
    for (p = 0; p < m->np; p++) {
        dj_buf_puts(out, "{1");
        for (i = off[p]; i < off[p + 1]; i++)
            dj_buf_printf(out, ",%d", list[i] + 2);
        dj_buf_puts(out, p + 1 < m->np ? "},\n" : "}");
    }
    dj_buf_puts(out, "];\n\nnMeetingsBusiness = [");
    for (p = 0; p < m->np; p++)
        dj_buf_printf(out, "%s%d", p ? "," : "", off[p + 1] - off[p]);
    dj_buf_puts(out, "];\n\nforbidden = [");
    for (p = 0; p < m->np; p++) {
        dj_buf_puts(out, "{0");
        for (t = 0; t < m->ns; t++)
            if (m->unavail[p] >> t & 1)
                dj_buf_printf(out, ",%d", t + 1);
        dj_buf_puts(out, p + 1 < m->np ? "},\n" : "}");
    }
    dj_buf_puts(out, "];\n\nfixed = [");
    for (r = 0; r < m->nr; r++) {
        int f = m->rlock[r] >= 0 ? m->rlock[r] : m->rfixed[r];
        dj_buf_printf(out, "%s%d", r ? "," : "", f + 1);
    }
    dj_buf_puts(out, "];\n\nprecedences = [");
    for (r = 0; r < m->nr; r++) {
        int first = 1;
        dj_buf_putc(out, '{');
        for (i = 0; i < m->nprec; i++)
            if (m->pa[i] == r) {
                dj_buf_printf(out, "%s%d", first ? "" : ",", m->pb[i] + 1);
                first = 0;
            }
        dj_buf_puts(out, r + 1 < m->nr ? "},\n" : "}");
    }
    dj_buf_puts(out, "];\n");
    if (ext) {
        dj_buf_puts(out, "\n% duijie extensions (docs/sched.md)\nweight = [");
        for (r = 0; r < m->nr; r++)
            dj_buf_printf(out, "%s%d", r ? "," : "", m->rw[r]);
        dj_buf_puts(out, "];\nrequired = [");
        for (r = 0; r < m->nr; r++)
            dj_buf_printf(out, "%s%d", r ? "," : "", m->rreq[r]);
        dj_buf_puts(out, "];\nmaxMeetings = [");
        for (p = 0; p < m->np; p++)
            dj_buf_printf(out, "%s%d", p ? "," : "", m->max_meet[p]);
        dj_buf_puts(out, "];\nbooth = [");
        for (p = 0; p < m->np; p++)
            dj_buf_printf(out, "%s%d", p ? "," : "", m->booth[p] >= 0);
        dj_buf_puts(out, "];\n");
    }
    dj_free(off);
    dj_free(list);
    return dj_buf_rc(out);
}
