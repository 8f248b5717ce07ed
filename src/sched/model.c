/* model.c - building and reading the in-memory timetable model.
 *
 * Invariants: see sched_int.h. Requests and precedences grow by doubling;
 * everything else is sized at dj_sched_new(). Validation happens here, so
 * the solver and the verifier may trust indices. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <string.h>

int dj_sched_new(dj_sched **out, int nslots, int nparticipants, int pool_tables)
{
    dj_sched *m;
    int t, p;

    *out = NULL;
    if (nslots < 1 || nslots > DJ_SCHED_MAX_SLOTS || nparticipants < 0 ||
        nparticipants > 10000000 || pool_tables < 0)
        return DJ_EINVAL;
    m = dj_calloc(1, sizeof *m);
    if (!m)
        return DJ_ENOMEM;
    m->ns = nslots;
    m->np = nparticipants;
    m->ntables = pool_tables;
    m->fair_spread = 2;
    m->slot_day = dj_calloc((size_t)nslots, sizeof(int));
    m->slot_session = dj_calloc((size_t)nslots, sizeof(int));
    m->slot_cap = dj_calloc((size_t)nslots, sizeof(int));
    m->max_meet = dj_calloc((size_t)nparticipants + 1, sizeof(int));
    m->booth = dj_calloc((size_t)nparticipants + 1, sizeof(int));
    m->unavail = dj_calloc((size_t)nparticipants + 1, sizeof(uint64_t));
    m->planned = dj_calloc((size_t)nparticipants + 1, sizeof(uint64_t));
    if (!m->slot_day || !m->slot_session || !m->slot_cap || !m->max_meet || !m->booth ||
        !m->unavail || !m->planned) {
        dj_sched_free(m);
        return DJ_ENOMEM;
    }
    for (t = 0; t < nslots; t++)
        m->slot_cap[t] = pool_tables;
    for (p = 0; p < nparticipants; p++)
        m->booth[p] = -1;
    *out = m;
    return DJ_OK;
}

void dj_sched_free(dj_sched *m)
{
    if (!m)
        return;
    dj_free(m->slot_day);
    dj_free(m->slot_session);
    dj_free(m->slot_cap);
    dj_free(m->max_meet);
    dj_free(m->booth);
    dj_free(m->unavail);
    dj_free(m->planned);
    dj_free(m->ra);
    dj_free(m->rb);
    dj_free(m->rw);
    dj_free(m->rsession);
    dj_free(m->rfixed);
    dj_free(m->rlock);
    dj_free(m->rreq);
    dj_free(m->roffpool);
    dj_free(m->pb);
    dj_free(m->pa);
    dj_free(m);
}

int dj_sched_nslots(const dj_sched *m)
{
    return m->ns;
}

int dj_sched_nparticipants(const dj_sched *m)
{
    return m->np;
}

int dj_sched_nrequests(const dj_sched *m)
{
    return m->nr;
}

int dj_sched_pool_tables(const dj_sched *m)
{
    return m->ntables;
}

int dj_sched_nbooths(const dj_sched *m)
{
    return m->nbooths;
}

int dj_sched_set_slot(dj_sched *m, int slot, int day, int session, int pool_tables)
{
    if (slot < 0 || slot >= m->ns || day < 0 || session < 0 || pool_tables < 0 ||
        pool_tables > m->ntables)
        return DJ_EINVAL;
    m->slot_day[slot] = day;
    m->slot_session[slot] = session;
    m->slot_cap[slot] = pool_tables;
    return DJ_OK;
}

int dj_sched_set_participant(dj_sched *m, int p, int max_meetings, int has_booth)
{
    if (p < 0 || p >= m->np || max_meetings < 0)
        return DJ_EINVAL;
    m->max_meet[p] = max_meetings;
    if (has_booth && m->booth[p] < 0)
        m->booth[p] = m->nbooths++;
    else if (!has_booth && m->booth[p] >= 0) {
        /* renumber the booths after p's so they stay dense */
        int q, old = m->booth[p];
        m->booth[p] = -1;
        for (q = 0; q < m->np; q++)
            if (m->booth[q] > old)
                m->booth[q]--;
        m->nbooths--;
    }
    return DJ_OK;
}

int dj_sched_set_unavailable(dj_sched *m, int p, int slot, int planned_break)
{
    if (p < 0 || p >= m->np || slot < 0 || slot >= m->ns)
        return DJ_EINVAL;
    m->unavail[p] |= (uint64_t)1 << slot;
    if (planned_break)
        m->planned[p] |= (uint64_t)1 << slot;
    return DJ_OK;
}

static int grow_requests(dj_sched *m)
{
    int ncap = m->cap_r ? m->cap_r * 2 : 64;
    int **arrs[] = {&m->ra, &m->rb, &m->rw, &m->rsession, &m->rfixed, &m->rlock};
    size_t i;
    unsigned char *q;

    if (ncap > 50000000)
        return DJ_ELIMIT;
    for (i = 0; i < sizeof arrs / sizeof arrs[0]; i++) {
        int *n = dj_realloc(*arrs[i], (size_t)ncap * sizeof(int));
        if (!n)
            return DJ_ENOMEM;
        *arrs[i] = n;
    }
    q = dj_realloc(m->rreq, (size_t)ncap);
    if (!q)
        return DJ_ENOMEM;
    m->rreq = q;
    if (!(q = dj_realloc(m->roffpool, (size_t)ncap)))
        return DJ_ENOMEM;
    m->roffpool = q;
    m->cap_r = ncap;
    return DJ_OK;
}

int dj_sched_add_request(int *id_out, dj_sched *m, int a, int b, int weight, int required,
                         int session, int fixed_slot)
{
    int rc, r;

    if (a < 0 || a >= m->np || b < 0 || b >= m->np || a == b || weight <= 0 || weight > 1000000 ||
        session < DJ_SCHED_ANY || fixed_slot < DJ_SCHED_ANY || fixed_slot >= m->ns)
        return DJ_EINVAL;
    if (m->nr == m->cap_r && (rc = grow_requests(m)) < 0)
        return rc;
    r = m->nr++;
    m->ra[r] = a;
    m->rb[r] = b;
    m->rw[r] = weight;
    m->rreq[r] = required ? 1 : 0;
    m->roffpool[r] = 0;
    m->rsession[r] = session;
    m->rfixed[r] = fixed_slot;
    m->rlock[r] = -1;
    if (id_out)
        *id_out = r;
    return DJ_OK;
}

int dj_sched_add_precedence(dj_sched *m, int before, int after)
{
    if (before < 0 || before >= m->nr || after < 0 || after >= m->nr || before == after)
        return DJ_EINVAL;
    if (m->nprec == m->cap_prec) {
        int ncap = m->cap_prec ? m->cap_prec * 2 : 16;
        int *nb, *na;
        if (ncap > 50000000)
            return DJ_ELIMIT;
        nb = dj_realloc(m->pb, (size_t)ncap * sizeof(int));
        if (!nb)
            return DJ_ENOMEM;
        m->pb = nb;
        na = dj_realloc(m->pa, (size_t)ncap * sizeof(int));
        if (!na)
            return DJ_ENOMEM;
        m->pa = na;
        m->cap_prec = ncap;
    }
    m->pb[m->nprec] = before;
    m->pa[m->nprec] = after;
    m->nprec++;
    return DJ_OK;
}

int dj_sched_set_off_pool(dj_sched *m, int r)
{
    if (r < 0 || r >= m->nr || m->booth[m->ra[r]] >= 0 || m->booth[m->rb[r]] >= 0)
        return DJ_EINVAL;
    m->roffpool[r] = 1;
    return DJ_OK;
}

int dj_sched_lock(dj_sched *m, int r, int slot)
{
    if (r < 0 || r >= m->nr || slot < 0 || slot >= m->ns)
        return DJ_EINVAL;
    m->rlock[r] = slot;
    return DJ_OK;
}

void dj_sched_set_scope(dj_sched *m, int scope)
{
    m->scope = scope == DJ_SCHED_SCOPE_SESSION ? DJ_SCHED_SCOPE_SESSION : DJ_SCHED_SCOPE_DAY;
}

void dj_sched_set_fairness(dj_sched *m, int max_spread, int hard)
{
    m->fair_spread = max_spread < 0 ? 0 : max_spread;
    m->fair_hard = hard ? 1 : 0;
}

void dj_sched_request(const dj_sched *m, int r, int *a, int *b, int *weight, int *required)
{
    if (a)
        *a = m->ra[r];
    if (b)
        *b = m->rb[r];
    if (weight)
        *weight = m->rw[r];
    if (required)
        *required = m->rreq[r];
}

int dj_sched_booth_of(const dj_sched *m, int p)
{
    return (p >= 0 && p < m->np) ? m->booth[p] : -1;
}

int dj__sched_uses_pool(const dj_sched *m, int r)
{
    return !m->roffpool[r] && m->booth[m->ra[r]] < 0 && m->booth[m->rb[r]] < 0;
}

uint64_t dj__sched_domain(const dj_sched *m, int r)
{
    uint64_t all = m->ns == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m->ns) - 1);
    uint64_t d = all & ~m->unavail[m->ra[r]] & ~m->unavail[m->rb[r]];
    int t;

    if (m->rsession[r] != DJ_SCHED_ANY) {
        uint64_t s = 0;
        for (t = 0; t < m->ns; t++)
            if (m->slot_session[t] == m->rsession[r])
                s |= (uint64_t)1 << t;
        d &= s;
    }
    if (m->rfixed[r] >= 0)
        d &= (uint64_t)1 << m->rfixed[r];
    if (m->rlock[r] >= 0)
        d &= (uint64_t)1 << m->rlock[r];
    if (dj__sched_uses_pool(m, r)) {
        for (t = 0; t < m->ns; t++)
            if (m->slot_cap[t] == 0)
                d &= ~((uint64_t)1 << t);
    }
    return d;
}

int dj__sched_segments(const dj_sched *m, uint64_t seg[DJ_SCHED_MAX_SLOTS])
{
    int n = 0, t;

    for (t = 0; t < m->ns; t++) {
        int newseg =
            t == 0 || m->slot_day[t] != m->slot_day[t - 1] ||
            (m->scope == DJ_SCHED_SCOPE_SESSION && m->slot_session[t] != m->slot_session[t - 1]);
        if (newseg)
            seg[n++] = 0;
        seg[n - 1] |= (uint64_t)1 << t;
    }
    return n;
}

int dj__sched_breaks_of(uint64_t busy, uint64_t planned, const uint64_t *seg, int nseg)
{
    int i, total = 0;

    for (i = 0; i < nseg; i++) {
        uint64_t x = busy & seg[i], lo, hi, span, y;
        if (!x)
            continue;
        lo = x & (~x + 1);
        hi = (uint64_t)1 << (63 - __builtin_clzll(x));
        span = (hi << 1) - lo; /* wraps correctly when hi is bit 63 */
        y = x | (planned & span);
        total += dj__popcount64(y & ~(y << 1)) - 1;
    }
    return total;
}

int dj__sched_idle_of(uint64_t busy, uint64_t planned, const uint64_t *seg, int nseg)
{
    int i, total = 0;
    for (i = 0; i < nseg; i++) {
        uint64_t x = busy & seg[i], lo, hi, span;
        if (!x)
            continue;
        lo = x & (~x + 1);
        hi = (uint64_t)1 << (63 - __builtin_clzll(x));
        span = (hi << 1) - lo;
        total += dj__popcount64(span & ~x & ~planned);
    }
    return total;
}

int dj_sched_participant_breaks(const dj_sched *m, const int *slot, int p)
{
    uint64_t seg[DJ_SCHED_MAX_SLOTS], busy = 0;
    int nseg = dj__sched_segments(m, seg), r;

    for (r = 0; r < m->nr; r++)
        if (slot[r] >= 0 && (m->ra[r] == p || m->rb[r] == p))
            busy |= (uint64_t)1 << slot[r];
    return dj__sched_breaks_of(busy, m->planned[p], seg, nseg);
}

void dj_sched_result_init(dj_sched_result *res)
{
    memset(res, 0, sizeof *res);
}

void dj_sched_result_fini(dj_sched_result *res)
{
    if (!res)
        return;
    dj_free(res->slot);
    dj_free(res->table);
    memset(res, 0, sizeof *res);
}
