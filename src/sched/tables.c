/* tables.c - table assignment once every meeting has a slot.
 *
 * Booth meetings go to the booth of the exhibitor (the first side with a
 * booth). Pool meetings of a slot get pool tables 0..cap-1: first the table
 * one of the two participants sat at in the previous slot, when free (fewer
 * walks across the hall), then the lowest free table. Capacity was checked
 * by the solver; over-capacity here is DJ_ECONSTRAINT. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

int dj_sched_assign_tables(int *table_out, const dj_sched *m, const int *slot)
{
    int *last = dj_malloc(((size_t)m->np + 1) * sizeof(int));
    int *lastslot = dj_malloc(((size_t)m->np + 1) * sizeof(int));
    int *byslot = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    int *off = dj_calloc((size_t)m->ns + 2, sizeof(int));
    unsigned char *used = dj_calloc((size_t)m->ntables + 1, 1);
    int r, t, p, rc = DJ_OK;

    if (!last || !lastslot || !byslot || !off || !used) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (p = 0; p < m->np; p++)
        last[p] = lastslot[p] = -1;
    for (r = 0; r < m->nr; r++) {
        table_out[r] = -1;
        if (slot[r] >= 0 && slot[r] < m->ns)
            off[slot[r] + 1]++;
    }
    for (t = 0; t < m->ns; t++)
        off[t + 1] += off[t];
    {
        int *fill = dj_calloc((size_t)m->ns + 1, sizeof(int));
        if (!fill) {
            rc = DJ_ENOMEM;
            goto done;
        }
        for (r = 0; r < m->nr; r++)
            if (slot[r] >= 0 && slot[r] < m->ns)
                byslot[off[slot[r]] + fill[slot[r]]++] = r;
        dj_free(fill);
    }
    for (t = 0; t < m->ns; t++) {
        int i, next = 0, cap = m->slot_cap[t];
        for (i = 0; i < m->ntables; i++)
            used[i] = 0;
        for (i = off[t]; i < off[t + 1]; i++) {
            int a, b, pref = -1;
            r = byslot[i];
            a = m->ra[r];
            b = m->rb[r];
            if (m->roffpool[r]) /* held elsewhere: no table of ours */
                continue;
            if (!dj__sched_uses_pool(m, r)) {
                table_out[r] = m->ntables + (m->booth[a] >= 0 ? m->booth[a] : m->booth[b]);
                continue;
            }
            if (lastslot[a] == t - 1 && last[a] >= 0 && last[a] < cap && !used[last[a]])
                pref = last[a];
            else if (lastslot[b] == t - 1 && last[b] >= 0 && last[b] < cap && !used[last[b]])
                pref = last[b];
            if (pref >= 0) {
                used[pref] = 1;
                table_out[r] = pref;
            }
        }
        for (i = off[t]; i < off[t + 1]; i++) {
            r = byslot[i];
            if (table_out[r] < 0 && !m->roffpool[r]) {
                while (next < cap && used[next])
                    next++;
                if (next >= cap) {
                    rc = DJ_ECONSTRAINT;
                    goto done;
                }
                used[next] = 1;
                table_out[r] = next;
            }
            last[m->ra[r]] = last[m->rb[r]] = table_out[r];
            lastslot[m->ra[r]] = lastslot[m->rb[r]] = t;
        }
    }
done:
    dj_free(last);
    dj_free(lastslot);
    dj_free(byslot);
    dj_free(off);
    dj_free(used);
    return rc;
}
