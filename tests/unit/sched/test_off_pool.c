/* test_off_pool.c - dj_sched_set_off_pool: a meeting held elsewhere (at a
 * third party's booth, at no table) holds no pool table, gets no table from
 * the table assignment, and is accepted by the verifier with table -1. */
#include "duijie/dj_error.h"
#include "duijie/dj_sched.h"

#include <criterion/criterion.h>
#include <string.h>

static int add_req(dj_sched *m, int a, int b)
{
    int id = -1;
    cr_assert_eq(dj_sched_add_request(&id, m, a, b, 1, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    return id;
}

/* One slot, one pool table, participants 0..3 without booths: 0-1 met
 * elsewhere (off the pool, locked in slot 0), 2-3 need the one table. */
static dj_sched *one_table(void)
{
    dj_sched *m = NULL;
    int held;
    cr_assert_eq(dj_sched_new(&m, 1, 4, 1), DJ_OK);
    held = add_req(m, 0, 1);
    cr_assert_eq(dj_sched_lock(m, held, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_off_pool(m, held), DJ_OK);
    add_req(m, 2, 3);
    return m;
}

Test(off_pool, frees_the_pool_table_for_another_meeting)
{
    dj_sched *m = one_table();
    dj_sched_result res;
    dj_sched_opts o;

    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.max_iters = 10000;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    cr_assert_eq(res.scheduled, 2, "both meetings fit: the held one takes no table");
    cr_assert_eq(res.slot[0], 0);
    cr_assert_eq(res.slot[1], 0);
    cr_assert_eq(res.table[0], -1, "held elsewhere: no table of the model");
    cr_assert_eq(res.table[1], 0);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(off_pool, verifier_accepts_no_table_and_catches_a_clash)
{
    dj_sched *m = one_table();
    dj_sched_eval ev;
    dj_diag d;
    int slot[2] = {0, 0}, none[2] = {-1, 0}, same[2] = {0, 0};

    cr_assert_eq(dj_sched_verify(&ev, m, slot, none, &d), DJ_OK, "%s", d.message);
    /* where it did sit, if it is a table of the model, is still one meeting at a time */
    cr_assert_neq(dj_sched_verify(&ev, m, slot, same, &d), DJ_OK);
    cr_assert(strstr(d.message, "two meetings"), "%s", d.message);
    dj_sched_free(m);
}

Test(off_pool, refused_for_a_booth_meeting_or_a_bad_index)
{
    dj_sched *m = NULL;
    int r;
    cr_assert_eq(dj_sched_new(&m, 2, 3, 1), DJ_OK);
    cr_assert_eq(dj_sched_set_participant(m, 0, 0, 1), DJ_OK); /* 0 has a booth */
    r = add_req(m, 0, 1);
    cr_assert_eq(dj_sched_set_off_pool(m, r), DJ_EINVAL);
    cr_assert_eq(dj_sched_set_off_pool(m, 5), DJ_EINVAL);
    cr_assert_eq(dj_sched_set_off_pool(m, -1), DJ_EINVAL);
    dj_sched_free(m);
}
