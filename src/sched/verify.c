/* verify.c - independent checker of a timetable: every hard rule, then the
 * objective recomputed from scratch. Tests and benches trust this file, not
 * the solver's own bookkeeping, so it shares nothing with anneal.c or
 * tabu.c beyond the model accessors and the break definition
 * (dj__sched_breaks_of).
 *
 * Fairness counts participants with at least two scheduled meetings (only
 * they can have breaks); with none, max = min = 0. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <string.h>

#define NOTE(...)                                           \
    do {                                                    \
        if (ev.violations++ == 0)                           \
            dj_diag_set(diag, DJ_ECONSTRAINT, __VA_ARGS__); \
    } while (0)

int dj_sched_verify(dj_sched_eval *out, const dj_sched *m, const int *slot, const int *table,
                    dj_diag *diag)
{
    dj_sched_eval ev;
    uint64_t *busy = NULL, seg[DJ_SCHED_MAX_SLOTS];
    int *cnt = NULL, *pool = NULL, *tab = NULL;
    int nseg, r, p, t, i, ntab = m->ntables + m->nbooths;
    int rc = DJ_OK;

    memset(&ev, 0, sizeof ev);
    ev.min_breaks = -1;
    busy = dj_calloc((size_t)m->np + 1, sizeof *busy);
    cnt = dj_calloc((size_t)m->np + 1, sizeof *cnt);
    pool = dj_calloc((size_t)m->ns, sizeof *pool);
    tab = dj_calloc((size_t)m->ns * (size_t)(ntab + 1), sizeof *tab);
    if (!busy || !cnt || !pool || !tab) {
        rc = DJ_ENOMEM;
        goto done;
    }
    nseg = dj__sched_segments(m, seg);
    for (r = 0; r < m->nr; r++) {
        int s = slot[r], a = m->ra[r], b = m->rb[r];
        uint64_t bit;
        if (s < -1 || s >= m->ns) {
            NOTE("request %d: slot %d out of range", r, s);
            continue;
        }
        if (s < 0) {
            if (m->rreq[r])
                NOTE("request %d (%d-%d): required but not scheduled", r, a, b);
            if (table && table[r] != -1)
                NOTE("request %d: unscheduled but has table %d", r, table[r]);
            continue;
        }
        bit = (uint64_t)1 << s;
        ev.scheduled++;
        ev.weight += m->rw[r];
        if (m->unavail[a] & bit)
            NOTE("request %d: participant %d unavailable in slot %d", r, a, s);
        if (m->unavail[b] & bit)
            NOTE("request %d: participant %d unavailable in slot %d", r, b, s);
        if (m->rsession[r] != DJ_SCHED_ANY && m->slot_session[s] != m->rsession[r])
            NOTE("request %d: slot %d is not in session %d", r, s, m->rsession[r]);
        if (m->rfixed[r] >= 0 && m->rfixed[r] != s)
            NOTE("request %d: fixed at slot %d but in slot %d", r, m->rfixed[r], s);
        if (m->rlock[r] >= 0 && m->rlock[r] != s)
            NOTE("request %d: locked at slot %d but moved to slot %d", r, m->rlock[r], s);
        if (busy[a] & bit)
            NOTE("participant %d double-booked in slot %d", a, s);
        if (busy[b] & bit)
            NOTE("participant %d double-booked in slot %d", b, s);
        busy[a] |= bit;
        busy[b] |= bit;
        cnt[a]++;
        cnt[b]++;
        if (dj__sched_uses_pool(m, r))
            pool[s]++;
        if (table && m->roffpool[r]) { /* held elsewhere: whatever table it had is the caller's */
            if (table[r] >= 0 && table[r] < ntab &&
                tab[(size_t)s * (size_t)(ntab + 1) + (size_t)table[r]]++)
                NOTE("table %d holds two meetings in slot %d", table[r], s);
        } else if (table) {
            int want_lo, want_hi, tb = table[r];
            if (dj__sched_uses_pool(m, r)) {
                want_lo = 0;
                want_hi = m->slot_cap[s];
            } else {
                int bo = m->booth[a] >= 0 ? m->booth[a] : m->booth[b];
                want_lo = m->ntables + bo;
                want_hi = want_lo + 1;
            }
            if (tb < want_lo || tb >= want_hi)
                NOTE("request %d: table %d not usable in slot %d", r, tb, s);
            else if (tab[(size_t)s * (size_t)(ntab + 1) + (size_t)tb]++)
                NOTE("table %d holds two meetings in slot %d", tb, s);
        }
    }
    for (t = 0; t < m->ns; t++)
        if (pool[t] > m->slot_cap[t])
            NOTE("slot %d: %d pool meetings for %d tables", t, pool[t], m->slot_cap[t]);
    for (p = 0; p < m->np; p++)
        if (m->max_meet[p] > 0 && cnt[p] > m->max_meet[p])
            NOTE("participant %d: %d meetings, limit %d", p, cnt[p], m->max_meet[p]);
    for (i = 0; i < m->nprec; i++) {
        int sb = slot[m->pb[i]], sa = slot[m->pa[i]];
        if (sb >= 0 && sa >= 0 && sb >= sa)
            NOTE("precedence: request %d (slot %d) must come before request %d (slot %d)", m->pb[i],
                 sb, m->pa[i], sa);
    }
    for (p = 0; p < m->np; p++) {
        int br = dj__sched_breaks_of(busy[p], m->planned[p], seg, nseg);
        ev.breaks += br;
        if (cnt[p] >= 2) {
            if (br > ev.max_breaks)
                ev.max_breaks = br;
            if (ev.min_breaks < 0 || br < ev.min_breaks)
                ev.min_breaks = br;
        }
    }
    if (ev.min_breaks < 0)
        ev.min_breaks = 0;
    if (m->fair_hard && ev.max_breaks - ev.min_breaks > m->fair_spread)
        NOTE("fairness: breaks range %d..%d exceeds %d", ev.min_breaks, ev.max_breaks,
             m->fair_spread);
    rc = ev.violations ? DJ_ECONSTRAINT : DJ_OK;
done:
    if (out)
        *out = ev;
    dj_free(busy);
    dj_free(cnt);
    dj_free(pool);
    dj_free(tab);
    return rc;
}
