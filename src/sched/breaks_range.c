/* breaks_range.c - the fewest and the most breaks a participant can end a
 * search with, given the slots it already holds and how many more it will
 * take from a set of allowed slots. The exact search (cp.c) uses them at
 * every node: the fewest, summed, bound the break objective (LNS); the
 * range of every participant bounds hard fairness.
 *
 * A dynamic programme over the slots of each segment (day or session),
 * state (slots added so far, phase):
 *   0  before the segment's first busy slot;
 *   1  after a busy slot or a planned pause, no idle run pending;
 *   2  in an idle run that follows a busy slot (a break once a busy slot or
 *      a pause ends it);
 *   3  past the segment's last busy slot (chosen at a busy slot; only idle
 *      slots and pauses follow, nothing is charged).
 * This counts exactly what dj__sched_breaks_of counts (a planned pause
 * inside the span joins runs but ends an idle run; a held slot is busy even
 * where a pause is planned) along the path that
 * enters phase 3 at the last busy slot; other paths can only count more.
 * So the minimum is exact and the maximum is an upper bound, exact unless
 * an idle run followed by a pause ends the participant's day (no B2BSP
 * instance has pauses).
 *
 * Cost: O(ns * (add + 1)) cells. Pure: no model, no allocation. */
#include "sched/sched_int.h"

#include <limits.h>
#include <string.h>

enum { NONE = INT_MAX / 2 }; /* an unreachable state */

/* One DP over the segments; mx = 0 keeps the fewest breaks, 1 the most. */
static int range_dp(uint64_t placed, uint64_t allow, int add, uint64_t planned, const uint64_t *seg,
                    int nseg, int mx)
{
    int v[4][DJ_SCHED_MAX_SLOTS + 1], w[4][DJ_SCHED_MAX_SLOTS + 1];
    int s, j, ph, best = NONE, sign = mx ? -1 : 1; /* the most = the fewest of -breaks */

    for (j = 0; j <= add; j++)
        for (ph = 0; ph < 4; ph++)
            v[ph][j] = j == 0 && ph == 0 ? 0 : NONE;
    for (s = 0; s < nseg; s++) {
        uint64_t x;
        /* a new segment: nothing pending, whatever the phase */
        for (j = 0; j <= add; j++) {
            int b = v[0][j];
            for (ph = 1; ph < 4; ph++)
                if (v[ph][j] < b)
                    b = v[ph][j];
            v[0][j] = b;
            v[1][j] = v[2][j] = v[3][j] = NONE;
        }
        if (!((placed | allow) & seg[s]))
            continue; /* no busy slot possible: no break in this segment */
        for (x = seg[s]; x; x &= x - 1) {
            uint64_t bit = x & (~x + 1);
            int held = (placed & bit) != 0, can_add = (allow & bit) != 0;
            for (j = 0; j <= add; j++)
                for (ph = 0; ph < 4; ph++)
                    w[ph][j] = NONE;
            for (j = 0; j <= add; j++)
                for (ph = 0; ph < 4; ph++) {
                    int val = v[ph][j];
                    if (val >= NONE)
                        continue;
                    if ((planned & bit) && !held) { /* a pause: ends an idle run */
                        int nph = ph == 2 ? 1 : ph, nv = val + sign * (ph == 2);
                        if (nv < w[nph][j])
                            w[nph][j] = nv;
                        continue;
                    }
                    if (!held) { /* idle */
                        int nph = ph == 1 ? 2 : ph;
                        if (val < w[nph][j])
                            w[nph][j] = val;
                    }
                    if ((held || (can_add && j < add)) && ph != 3) { /* busy */
                        int nj = j + !held, nv = val + sign * (ph == 2);
                        if (nv < w[1][nj])
                            w[1][nj] = nv;
                        if (nv < w[3][nj])
                            w[3][nj] = nv;
                    }
                }
            memcpy(v, w, sizeof v);
        }
    }
    for (ph = 0; ph < 4; ph++)
        if (v[ph][add] < best)
            best = v[ph][add];
    return best >= NONE ? NONE : sign * best;
}

int dj__sched_breaks_range(uint64_t placed, uint64_t allow, int add, uint64_t planned,
                           const uint64_t *seg, int nseg, int *lo, int *hi)
{
    allow &= ~(placed | planned);
    if (add < 0 || add > DJ_SCHED_MAX_SLOTS || dj__popcount64(allow) < add)
        return 0;
    if (add == 0) {
        *lo = *hi = dj__sched_breaks_of(placed, planned, seg, nseg);
        return 1;
    }
    *lo = range_dp(placed, allow, add, planned, seg, nseg, 0);
    if (*lo >= NONE)
        return 0; /* the allowed slots lie outside every segment */
    *hi = range_dp(placed, allow, add, planned, seg, nseg, 1);
    return 1;
}
