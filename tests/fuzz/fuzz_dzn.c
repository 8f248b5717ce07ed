/* fuzz_dzn.c - libFuzzer target for the B2BSP .dzn reader: any input must
 * either be rejected with an error code or yield a model that the solver's
 * checks, bounds and the verifier accept without crashing. */
#include "duijie/dj_sched.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_sched *m = NULL;
    dj_diag d;
    int lb;
    long long ub;

    if (dj_sched_read_dzn(&m, (const char *)data, size, &d) != DJ_OK)
        return 0;
    (void)dj_sched_bounds(&lb, &ub, m);
    (void)dj_sched_check(m, &d);
    if (dj_sched_nrequests(m) <= 2000) {
        int *slot = malloc(((size_t)dj_sched_nrequests(m) + 1) * sizeof *slot);
        if (slot && dj_sched_greedy(slot, m) == DJ_OK)
            (void)dj_sched_verify(NULL, m, slot, NULL, &d);
        free(slot);
    }
    dj_sched_free(m);
    return 0;
}
