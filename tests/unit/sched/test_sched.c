/* test_sched.c - the timetable engine: hand-made cases with known optimum,
 * every hard rule broken once and caught by the verifier, the .dzn reader,
 * agendas (RFC 5545 shape), the generator and the greedy baseline. */
#include "duijie/dj_error.h"
#include "duijie/dj_sched.h"
#include "helper_dzn.h"
#include "helper_solve.h"
#include "sched/sched_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dj_sched *small(int ns, int np, int tables)
{
    dj_sched *m = NULL;
    cr_assert_eq(dj_sched_new(&m, ns, np, tables), DJ_OK);
    return m;
}

static int add(dj_sched *m, int a, int b)
{
    int id = -1;
    cr_assert_eq(dj_sched_add_request(&id, m, a, b, 1, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    return id;
}

/* prefer: of the many optimal timetables, the one that leaves meetings
 * where they were. Six disjoint pairs in 6 slots, one table each: any
 * placement is optimal (no breaks: one meeting each), so the preferred one
 * must come back exactly - and a preferred slot that a lock takes is left
 * for another, costing that one meeting only. */
Test(sched, prefer_keeps_an_optimal_timetable_in_place)
{
    dj_sched *m = small(6, 12, 1);
    dj_sched_opts o;
    dj_sched_result res;
    int prefer[7] = {5, 3, 1, 0, 4, 2, -1}, i, moved = 0;

    for (i = 0; i < 6; i++)
        add(m, 2 * i, 2 * i + 1);
    memset(&o, 0, sizeof o);
    o.seed = 7;
    o.max_iters = 200000;
    o.prefer = prefer;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    for (i = 0; i < 6; i++)
        cr_assert_eq(res.slot[i], prefer[i], "request %d in slot %d, preferred %d", i, res.slot[i],
                     prefer[i]);
    dj_sched_result_fini(&res);
    cr_assert_eq(dj_sched_lock(m, 0, 3), DJ_OK); /* request 3's slot */
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    for (i = 0; i < 6; i++)
        moved += res.slot[i] != prefer[i];
    cr_assert_eq(res.scheduled, 6);
    cr_assert_eq(moved, 2, "request 0 locked away and request 3 displaced: %d moved", moved);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, star_without_breaks_is_optimal)
{
    /* hub 0 meets 1..4 in 6 slots: all fit back to back, 0 breaks */
    dj_sched *m = small(6, 5, 2);
    dj_sched_result res;
    dj_sched_eval ev;
    int i;
    for (i = 1; i < 5; i++)
        add(m, 0, i);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.scheduled, 4);
    cr_assert_eq(res.breaks, 0);
    cr_assert_eq(dj_sched_verify(&ev, m, res.slot, res.table, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, forced_break_is_counted_and_bounded)
{
    /* 1 is only free in slot 0, 2 only in slot 3: participant 0 must idle in
     * slots 1-2, which is one break (a run), not two */
    dj_sched *m = small(4, 3, 1);
    dj_sched_result res;
    int t;
    for (t = 1; t < 4; t++)
        dj_sched_set_unavailable(m, 1, t, 0);
    for (t = 0; t < 3; t++)
        dj_sched_set_unavailable(m, 2, t, 0);
    add(m, 0, 1);
    add(m, 0, 2);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.breaks_lb, 1);
    cr_assert_eq(res.breaks, 1);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.slot[0], 0);
    cr_assert_eq(res.slot[1], 3);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, planned_break_is_not_idle)
{
    dj_sched *m = small(3, 3, 1);
    int slot[2] = {0, 2};
    dj_sched_set_unavailable(m, 0, 1, 1); /* lunch */
    add(m, 0, 1);
    add(m, 0, 2);
    cr_assert_eq(dj_sched_participant_breaks(m, slot, 0), 0);
    dj_sched_free(m);
    m = small(3, 3, 1);
    dj_sched_set_unavailable(m, 0, 1, 0); /* merely unavailable: idle */
    add(m, 0, 1);
    add(m, 0, 2);
    cr_assert_eq(dj_sched_participant_breaks(m, slot, 0), 1);
    dj_sched_free(m);
}

Test(sched, session_scope_ignores_the_lunch_gap)
{
    dj_sched *m = small(4, 3, 2);
    int slot[2] = {0, 3};
    dj_sched_set_slot(m, 0, 0, 0, 2);
    dj_sched_set_slot(m, 1, 0, 0, 2);
    dj_sched_set_slot(m, 2, 0, 1, 2);
    dj_sched_set_slot(m, 3, 0, 1, 2);
    add(m, 0, 1);
    add(m, 0, 2);
    cr_assert_eq(dj_sched_participant_breaks(m, slot, 0), 1);
    dj_sched_set_scope(m, DJ_SCHED_SCOPE_SESSION);
    cr_assert_eq(dj_sched_participant_breaks(m, slot, 0), 0);
    dj_sched_free(m);
}

Test(sched, table_capacity_forces_spreading)
{
    /* 4 disjoint pairs, 1 table, 4 slots: one meeting per slot */
    dj_sched *m = small(4, 8, 1);
    dj_sched_result res;
    int i, seen = 0;
    for (i = 0; i < 4; i++)
        add(m, 2 * i, 2 * i + 1);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    for (i = 0; i < 4; i++) {
        cr_assert_eq(res.table[i], 0);
        seen |= 1 << res.slot[i];
    }
    cr_assert_eq(seen, 15);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, precedence_and_fixed_slot_are_kept)
{
    dj_sched *m = small(5, 4, 2);
    dj_sched_result res;
    int r0, r1, r2;
    r0 = add(m, 0, 1);
    r1 = add(m, 0, 2);
    cr_assert_eq(dj_sched_add_request(&r2, m, 0, 3, 1, 1, DJ_SCHED_ANY, 2), DJ_OK);
    cr_assert_eq(dj_sched_add_precedence(m, r1, r0), DJ_OK);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.slot[r2], 2);
    cr_assert_lt(res.slot[r1], res.slot[r0]);
    cr_assert_eq(res.breaks, 0);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* A re-plan whose preferred places cannot all be kept has no bound that
 * proves it optimal (moves are not bounded), so the annealer used to spend
 * its whole budget (10 s for a 12-request event). Once its restarts stop
 * improving it ends: far below the budget, not by the clock, and the same
 * on any machine. */
Test(sched, settled_search_ends_before_its_budget)
{
    dj_sched *m = small(6, 12, 1);
    dj_sched_opts o;
    dj_sched_result res;
    int prefer[7] = {5, 3, 1, 0, 4, 2, -1}, i, moved = 0;

    for (i = 0; i < 6; i++)
        cr_assert_eq(dj_sched_add_request(NULL, m, 2 * i, 2 * i + 1, DJ_SCHED_W_WANT, 0,
                                          DJ_SCHED_ANY, DJ_SCHED_ANY),
                     DJ_OK);
    cr_assert_eq(dj_sched_lock(m, 0, 3), DJ_OK); /* request 3's preferred slot */
    memset(&o, 0, sizeof o);
    o.seed = 7;
    o.time_limit_s = 10;
    o.clock_cap_s = 600; /* the budget decides, not the clock */
    o.prefer = prefer;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    for (i = 0; i < 6; i++)
        moved += res.slot[i] != prefer[i];
    cr_assert_eq(res.scheduled, 6);
    cr_assert_eq(moved, 2, "%d moved", moved);
    cr_assert_eq(res.clock_cut, 0);
    cr_assert(res.work < 0.1 * 0.65 * 10e9, "work %.3g of a budget of 6.5e9", res.work);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, optional_requests_prefer_must_over_want)
{
    /* participant 0 has one usable slot and two requests: the must wins */
    dj_sched *m = small(1, 3, 2);
    dj_sched_result res;
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_WANT, 0, -1, -1), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 0, -1, -1), DJ_OK);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.slot[0], -1);
    cr_assert_eq(res.slot[1], 0);
    cr_assert_eq(res.weight, DJ_SCHED_W_MUST);
    cr_assert_eq(res.weight_ub, DJ_SCHED_W_MUST);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, locked_meeting_stays_and_warm_start_is_kept)
{
    dj_sched *m = small(4, 3, 2);
    dj_sched_result res;
    dj_sched_opts o;
    int warm[2] = {3, -1};
    add(m, 0, 1);
    add(m, 0, 2);
    cr_assert_eq(dj_sched_lock(m, 0, 3), DJ_OK);
    memset(&o, 0, sizeof o);
    o.warm_start = warm;
    o.max_iters = 10000;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    cr_assert_eq(res.slot[0], 3);
    cr_assert_eq(res.slot[1], 2); /* next to the locked one: no break */
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, infeasible_is_proven_with_a_reason)
{
    dj_sched *m = small(3, 3, 2);
    dj_sched_result res;
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 1, 1, 1, DJ_SCHED_ANY, 1), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 2, 1, 1, DJ_SCHED_ANY, 1), DJ_OK);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.status, DJ_SCHED_INFEASIBLE);
    cr_assert(strstr(res.reason, "fixed") != NULL, "%s", res.reason);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(sched, same_seed_same_schedule)
{
    dj_sched_gen_opts g = {60, 10, 12, 5, 3, -1, 10};
    dj_sched *m = NULL;
    dj_sched_result a, b;
    cr_assert_eq(dj_sched_generate(&m, &g), DJ_OK);
    test_solve(&a, m, 7, 200000);
    test_solve(&b, m, 7, 200000);
    cr_assert_eq(memcmp(a.slot, b.slot, (size_t)a.nrequests * sizeof(int)), 0);
    cr_assert_eq(a.breaks, b.breaks);
    dj_sched_result_fini(&a);
    dj_sched_result_fini(&b);
    dj_sched_free(m);
}

/* ---- the verifier catches each rule once ---- */

static dj_sched *base(void)
{
    /* 4 participants, 4 slots (2 morning, 2 afternoon), 1 pool table,
     * participant 3 has a booth */
    dj_sched *m = small(4, 4, 1);
    dj_sched_set_slot(m, 2, 0, 1, 1);
    dj_sched_set_slot(m, 3, 0, 1, 1);
    dj_sched_set_participant(m, 3, 0, 1);
    add(m, 0, 1); /* r0 */
    add(m, 0, 2); /* r1 */
    add(m, 2, 3); /* r2 booth */
    return m;
}

static void expect_violation(dj_sched *m, const int *slot, const int *table, const char *word)
{
    dj_diag d;
    dj_sched_eval ev;
    dj_diag_clear(&d);
    cr_assert_eq(dj_sched_verify(&ev, m, slot, table, &d), DJ_ECONSTRAINT, "%s", word);
    cr_assert_geq(ev.violations, 1);
    cr_assert(strstr(d.message, word) != NULL, "'%s' not in '%s'", word, d.message);
}

Test(verify, accepts_a_valid_schedule)
{
    dj_sched *m = base();
    int slot[3] = {0, 1, 2}, table[3] = {0, 0, 1};
    dj_sched_eval ev;
    cr_assert_eq(dj_sched_verify(&ev, m, slot, table, NULL), DJ_OK);
    cr_assert_eq(ev.scheduled, 3);
    cr_assert_eq(ev.breaks, 0);
    dj_sched_free(m);
}

Test(verify, catches_double_booking)
{
    dj_sched *m = base();
    int slot[3] = {0, 0, 2};
    expect_violation(m, slot, NULL, "double-booked");
    dj_sched_free(m);
}

Test(verify, catches_table_capacity)
{
    dj_sched *m = small(2, 4, 1);
    int slot[2] = {0, 0};
    add(m, 0, 1);
    add(m, 2, 3);
    expect_violation(m, slot, NULL, "pool meetings");
    dj_sched_free(m);
}

Test(verify, catches_unavailability)
{
    dj_sched *m = base();
    int slot[3] = {0, 1, 2};
    dj_sched_set_unavailable(m, 1, 0, 0);
    expect_violation(m, slot, NULL, "unavailable");
    dj_sched_free(m);
}

Test(verify, catches_session)
{
    dj_sched *m = small(4, 2, 1);
    int slot[1] = {0};
    dj_sched_set_slot(m, 2, 0, 1, 1);
    dj_sched_set_slot(m, 3, 0, 1, 1);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 1, 1, 1, 1, -1), DJ_OK);
    expect_violation(m, slot, NULL, "session");
    dj_sched_free(m);
}

Test(verify, catches_fixed_slot)
{
    dj_sched *m = small(4, 2, 1);
    int slot[1] = {0};
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 1, 1, 1, -1, 3), DJ_OK);
    expect_violation(m, slot, NULL, "fixed");
    dj_sched_free(m);
}

Test(verify, catches_moved_lock)
{
    dj_sched *m = base();
    int slot[3] = {0, 1, 2};
    dj_sched_lock(m, 0, 3);
    expect_violation(m, slot, NULL, "locked");
    dj_sched_free(m);
}

Test(verify, catches_precedence)
{
    dj_sched *m = base();
    int slot[3] = {0, 1, 2};
    dj_sched_add_precedence(m, 1, 0); /* r1 before r0, but r0 is earlier */
    expect_violation(m, slot, NULL, "precedence");
    dj_sched_free(m);
}

Test(verify, catches_unscheduled_required)
{
    dj_sched *m = base();
    int slot[3] = {0, -1, 2};
    expect_violation(m, slot, NULL, "required");
    dj_sched_free(m);
}

Test(verify, catches_max_meetings)
{
    dj_sched *m = base();
    int slot[3] = {0, 1, 2};
    dj_sched_set_participant(m, 0, 1, 0);
    expect_violation(m, slot, NULL, "limit");
    dj_sched_free(m);
}

Test(verify, catches_hard_fairness)
{
    /* 0 gets 2 breaks, 1 gets none: spread 2 > 1 */
    dj_sched *m = small(6, 5, 3);
    int slot[5] = {0, 2, 4, 0, 1};
    add(m, 0, 1);
    add(m, 0, 2);
    add(m, 0, 3);
    add(m, 1, 4);
    add(m, 2, 4);
    dj_sched_set_fairness(m, 1, 1);
    {
        int s2[5] = {0, 2, 4, 5, 1};
        expect_violation(m, s2, NULL, "fairness");
    }
    (void)slot;
    dj_sched_free(m);
}

Test(verify, catches_table_clash_and_wrong_booth)
{
    dj_sched *m = small(2, 4, 2);
    int slot[2] = {0, 0}, clash[2] = {0, 0};
    add(m, 0, 1);
    add(m, 2, 3);
    expect_violation(m, slot, clash, "two meetings");
    dj_sched_free(m);
    m = base();
    {
        int s[3] = {0, 1, 2}, t[3] = {0, 0, 0}; /* booth meeting on a pool table */
        expect_violation(m, s, t, "not usable");
    }
    dj_sched_free(m);
}

/* ---- .dzn ---- */

static const char tiny[] = "% a comment\n"
                           "nBusiness = 3;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 3;\n"
                           "nMorningSlots = 2;\n\nrequested = [|1, 2,1, \n|1, 3,3, \n|];\n"
                           "meetingsxBusiness = [{1,2,3},{1,2},{1,3}];\n"
                           "forbidden = [{0},\n{0,3},\n{}];\nfixed = [0,0];\n"
                           "precedences = [{2},{}];\n";

Test(dzn, reads_a_tiny_instance_and_solves_it)
{
    dj_sched *m = NULL;
    dj_diag d;
    dj_sched_result res;
    int a, b;
    cr_assert_eq(dj_sched_read_dzn(&m, tiny, strlen(tiny), &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_sched_nrequests(m), 2);
    cr_assert_eq(dj_sched_nslots(m), 3);
    dj_sched_request(m, 1, &a, &b, NULL, NULL);
    cr_assert_eq(a, 0);
    cr_assert_eq(b, 2);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_lt(res.slot[1], res.slot[0]); /* meeting 2 precedes meeting 1 */
    cr_assert_lt(res.slot[0], 2);           /* morning */
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* What MiniZinc data files also hold: a byte-order mark, block comments
 * (lines inside them still counted for errors), 0 as an empty precedence. */
Test(dzn, reads_a_bom_block_comments_and_precedence_placeholders)
{
    const char *ok = "\xef\xbb\xbf/* made by\n   hand */ nBusiness = 2;\nnMeetings = 2;\n"
                     "nTables = 1; nTotalSlots = 3; nMorningSlots = 3;\n"
                     "requested = [|1, 2,3, |2, 1,3, |];\nforbidden = [{0},{0}];\n"
                     "fixed = [0,0]; precedences = [{0},{1}];\n";
    const char *bad = "/* one\ntwo\nthree */\nnBusiness = x;\n";
    dj_sched *m = NULL;
    dj_diag d;
    dj_diag_clear(&d);
    cr_assert_eq(dj_sched_read_dzn(&m, ok, strlen(ok), &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_sched_nrequests(m), 2);
    dj_sched_free(m);
    m = NULL;
    cr_assert_eq(dj_sched_read_dzn(&m, bad, strlen(bad), &d), DJ_EPARSE);
    cr_assert_eq(d.line, 4);
    cr_assert_null(m);
}

Test(dzn, reports_line_of_a_syntax_error)
{
    const char *bad = "nBusiness = 3;\nnMeetings = x;\n";
    dj_sched *m = NULL;
    dj_diag d;
    dj_diag_clear(&d);
    cr_assert_eq(dj_sched_read_dzn(&m, bad, strlen(bad), &d), DJ_EPARSE);
    cr_assert_eq(d.line, 2);
    cr_assert_null(m);
}

/* MiniZinc's explicit-index arrays read as the plain forms do; index ranges
 * that do not match the values are an error with the line. */
Test(dzn, reads_explicit_index_arrays)
{
    const char *plain = "nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3;\n"
                        "nMorningSlots = 2; requested = [| 1, 2, 3 | 2, 3, 1 |];\n"
                        "forbidden = [{}, {3}, {}]; fixed = [0, 0]; precedences = [{}, {1}];\n";
    const char *nd = "nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3;\n"
                     "nMorningSlots = 2; requested = array2d(1..2, 1..3, [1, 2, 3, 2, 3, 1]);\n"
                     "forbidden = array1d(1..3, [{}, {3}, {}]); fixed = array1d(1..2, [0, 0]);\n"
                     "precedences = array1d (1..2, [{}, {1}]);\n";
    const char *bad = "nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3;\n"
                      "nMorningSlots = 2;\nrequested = array2d(1..2, 1..2, [1, 2, 3, 2, 3, 1]);\n";
    dj_sched *a = NULL, *b = NULL;
    dj_buf wa, wb;
    dj_diag d;

    cr_assert_eq(dj_sched_read_dzn(&a, plain, strlen(plain), &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_sched_read_dzn(&b, nd, strlen(nd), &d), DJ_OK, "%s", d.message);
    dj_buf_init(&wa, 0);
    dj_buf_init(&wb, 0);
    cr_assert_eq(dj_sched_write_dzn(&wa, a), DJ_OK);
    cr_assert_eq(dj_sched_write_dzn(&wb, b), DJ_OK);
    cr_assert_str_eq(dj_buf_cstr(&wa), dj_buf_cstr(&wb));
    dj_buf_fini(&wa);
    dj_buf_fini(&wb);
    dj_sched_free(a);
    dj_sched_free(b);
    cr_assert_eq(dj_sched_read_dzn(&a, bad, strlen(bad), &d), DJ_EPARSE);
    cr_assert_eq(d.line, 3);
    cr_assert(strstr(d.message, "index ranges") != NULL, "%s", d.message);
}

Test(dzn, rejects_out_of_range_participants)
{
    const char *bad = "nBusiness = 2;nMeetings = 1;nTables = 1;nTotalSlots = 2;"
                      "nMorningSlots = 1;requested = [|1, 5, 3|];";
    dj_sched *m = NULL;
    dj_diag d;
    cr_assert_eq(dj_sched_read_dzn(&m, bad, strlen(bad), &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "meeting 1") != NULL);
}

/* A value that does not fit names its item as the field and the line of the
 * element (or of the item when the whole item is wrong). */
Test(dzn, invalid_values_name_field_and_line)
{
    static const struct {
        const char *tail, *field, *words;
        long line;
    } cases[] = {
        {"requested = [| 1, 2, 3 |\n 2, 4, 3 |];", "requested", "participants 2, 4", 5},
        {"requested = [| 1, 2, 3 |\n 2, 3, 5 |];", "requested", "session 5", 5},
        {"requested = [| 1, 2, 3 | 2, 3, 3 |];\nfixed = [0, 9];", "fixed", "fixed slot 9", 5},
        {"requested = [| 1, 2, 3 | 2, 3, 3 |];\nforbidden = [{}, {}];", "forbidden",
         "nBusiness (3) sets, has 2", 5},
        {"requested = [| 1, 2, 3 | 2, 3, 3 |];\nforbidden = [{},\n{0, 4}, {}];", "forbidden",
         "forbidden slot 4 of business 2", 6},
        {"requested = [| 1, 2, 3 | 2, 3, 3 |];\nweight = [10, 0];", "weight", "weight 0", 5},
        {"requested = [| 1, 2, 3 | 2, 3, 3 |];\nprecedences = [{}, {2}];", "precedences",
         "meeting 2", 5},
        {"requested = [| 1, 2, 3 |];", "requested", "nMeetings (2) rows", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        dj_sched *m = NULL;
        dj_diag d;
        snprintf(text, sizeof text,
                 "nBusiness = 3; nMeetings = 2; nTables = 1;\nnTotalSlots = 3; nMorningSlots = 2;\n"
                 "\n%s\n",
                 cases[i].tail);
        dj_diag_clear(&d);
        cr_assert_eq(dj_sched_read_dzn(&m, text, strlen(text), &d), DJ_EINVAL, "case %zu", i);
        cr_assert_str_eq(d.field, cases[i].field, "case %zu", i);
        cr_assert(strstr(d.message, cases[i].words) != NULL, "case %zu: %s", i, d.message);
        cr_assert_eq(d.line, cases[i].line, "case %zu: line %ld", i, d.line);
    }
    /* the size named is the item's own, also when the two sizes are equal */
    const char *eq = "nBusiness = 2; nMeetings = 2; nTables = 1; nTotalSlots = 3;\n"
                     "nMorningSlots = 2; requested = [| 1, 2, 3 | 2, 1, 3 |];\nfixed = [0];\n";
    dj_sched *m = NULL;
    dj_diag d;
    cr_assert_eq(dj_sched_read_dzn(&m, eq, strlen(eq), &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "nMeetings (2) integers, has 1") != NULL, "%s", d.message);
}

Test(dzn, round_trips_through_the_writer)
{
    dj_sched_gen_opts g = {30, 8, 6, 3, 11, 30, 0};
    dj_sched *m = NULL, *m2 = NULL;
    dj_buf b;
    dj_diag d;
    int r;
    cr_assert_eq(dj_sched_generate(&m, &g), DJ_OK);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_write_dzn(&b, m), DJ_OK);
    cr_assert_eq(dj_sched_read_dzn(&m2, dj_buf_cstr(&b), dj_buf_len(&b), &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(dj_sched_nrequests(m2), dj_sched_nrequests(m));
    for (r = 0; r < dj_sched_nrequests(m); r++) {
        int a1, b1, w1, q1, a2, b2, w2, q2;
        dj_sched_request(m, r, &a1, &b1, &w1, &q1);
        dj_sched_request(m2, r, &a2, &b2, &w2, &q2);
        cr_assert(a1 == a2 && b1 == b2 && w1 == w2 && q1 == q2);
    }
    dj_buf_fini(&b);
    dj_sched_free(m);
    dj_sched_free(m2);
}

Test(dzn, survives_every_allocation_failure)
{
    long n;
    for (n = 1;; n++) {
        dj_sched *m = NULL;
        long attempts;
        int rc;
        dj_test_fail_alloc_after(n);
        rc = dj_sched_read_dzn(&m, tiny, strlen(tiny), NULL);
        attempts = dj_test_fail_alloc_after(0);
        dj_sched_free(m);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1);
}

Test(dzn, solves_a_published_instance_when_data_is_present)
{
    dj_sched *m = test_read_shared_dzn("tic-12.original.dzn");
    dj_sched_result res;
    dj_sched_eval ev;
    test_solve(&res, m, 7, 200000);
    cr_assert(res.status == DJ_SCHED_OPTIMAL || res.status == DJ_SCHED_FEASIBLE);
    cr_assert_eq(res.scheduled, dj_sched_nrequests(m));
    cr_assert_eq(dj_sched_verify(&ev, m, res.slot, res.table, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, res.breaks);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* ---- generator and greedy ---- */

Test(gen, greedy_is_valid_and_solver_is_not_worse)
{
    dj_sched_gen_opts g = {150, 12, 30, 6, 5, -1, 10};
    dj_sched *m = NULL;
    dj_sched_result res;
    dj_sched_eval ge, se;
    int *gs;
    cr_assert_eq(dj_sched_generate(&m, &g), DJ_OK);
    gs = malloc((size_t)dj_sched_nrequests(m) * sizeof *gs);
    cr_assert_eq(dj_sched_greedy(gs, m), DJ_OK);
    cr_assert_eq(dj_sched_verify(&ge, m, gs, NULL, NULL), DJ_OK);
    test_solve(&res, m, 7, 200000);
    cr_assert_eq(dj_sched_verify(&se, m, res.slot, res.table, NULL), DJ_OK);
    cr_assert_geq(se.weight, ge.weight);
    cr_assert_leq(se.weight, res.weight_ub);
    free(gs);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* ---- agendas ---- */

/* Names for an ICS agenda in Asia/Shanghai (UTC+8). */
static void shanghai_names(dj_sched_names *n, long long event, const char *const *names,
                           const long long *ids, const char *const *st, const char *const *en)
{
    memset(n, 0, sizeof *n);
    n->event_id = event;
    n->tzid = "Asia/Shanghai";
    n->utc_offset_min = 480;
    n->participant = names;
    n->participant_id = ids;
    n->slot_start = st;
    n->slot_end = en;
}

Test(agenda, ics_is_rfc5545_shaped)
{
    dj_sched *m = small(2, 3, 1);
    const char *names[3] = {"华东理工大学技术转移中心有限公司先进材料与绿色化工联合创新平台", "B",
                            "C"};
    long long ids[3] = {101, 102, 103};
    const char *st[2] = {"2025-05-20T09:00", "2025-05-20T09:20"};
    const char *en[2] = {"2025-05-20T09:20", "2025-05-20T09:40"};
    dj_sched_names n;
    int slot[2] = {0, 1}, table[2] = {0, 0};
    dj_buf b;
    const char *s, *p;
    int vevents = 0;
    add(m, 0, 1);
    add(m, 0, 2);
    shanghai_names(&n, 9, names, ids, st, en);
    n.event_name = "对接会, 2025";
    n.dtstamp = "20250501T000000Z";
    n.sequence = 168134400;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_ICS), DJ_OK);
    s = dj_buf_cstr(&b);
    cr_assert(strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0);
    cr_assert(strstr(s, "DTSTAMP:20250501T000000Z\r\nSEQUENCE:168134400\r\n") != NULL);
    cr_assert(strstr(strstr(s, "SEQUENCE:168134400") + 1, "SEQUENCE:168134400") != NULL,
              "both VEVENTs carry the SEQUENCE");
    cr_assert(strstr(s, "UID:dj-e9-p101-p102@duijie\r\n") != NULL);
    cr_assert(strstr(s, "DTSTART;TZID=Asia/Shanghai:20250520T090000\r\n") != NULL);
    dj_buf_reset(&b); /* a TZID with ':' is DQUOTEd as a parameter (RFC 5545 paramtext) */
    n.tzid = "UTC+08:00";
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_ICS), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "DTSTART;TZID=\"UTC+08:00\":20250520T090000\r\n") != NULL,
              "%s", dj_buf_cstr(&b));
    cr_assert(strstr(dj_buf_cstr(&b), "\r\nTZID:UTC+08:00\r\n") != NULL);
    n.tzid = "Asia/Shanghai";
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_ICS), DJ_OK);
    s = dj_buf_cstr(&b);
    cr_assert(strstr(s, "TZOFFSETTO:+0800\r\n") != NULL);
    cr_assert(strstr(s, "DESCRIPTION:对接会\\, 2025\r\n") != NULL);
    /* every line ends in CRLF and has at most 75 octets */
    for (p = s; *p;) {
        const char *e = strstr(p, "\r\n");
        cr_assert_not_null(e, "line without CRLF");
        cr_assert_leq(e - p, 75, "line of %ld octets", (long)(e - p));
        cr_assert(memchr(p, '\n', (size_t)(e - p)) == NULL);
        if (strncmp(p, "BEGIN:VEVENT", 12) == 0)
            vevents++;
        p = e + 2;
    }
    cr_assert_eq(vevents, 2);
    dj_buf_fini(&b);
    dj_sched_free(m);
}

/* Text between "UID:" and the end of its line for the VEVENT whose DTSTART
 * is at, with its STATUS value in status. */
static void uid_at(const char *ics, const char *at, char *uid, char *status)
{
    const char *v = strstr(ics, at), *b, *u, *st;
    cr_assert_not_null(v, "no VEVENT at %s", at);
    for (b = v; b > ics && strncmp(b, "BEGIN:VEVENT", 12); b--)
        ;
    u = strstr(b, "UID:");
    st = strstr(b, "STATUS:");
    cr_assert(u && st && u < strstr(b, "END:VEVENT") && st < strstr(b, "END:VEVENT"));
    sscanf(u + 4, "%63[^\r]", uid);
    sscanf(st + 7, "%31[^\r]", status);
}

/* A pair met twice; its first meeting is then cancelled. The live one takes
 * the pair's first UID (the calendar entry moves to its time) and the
 * cancelled one the second, as STATUS:CANCELLED (that entry goes). The
 * other formats leave cancelled meetings out. */
Test(agenda, ics_numbers_live_meetings_first_and_cancels_the_rest)
{
    dj_sched *m = small(3, 2, 1);
    const char *names[2] = {"甲公司", "乙大学"};
    long long ids[2] = {7, 5};
    const char *st[3] = {"2025-05-20T09:00", "2025-05-20T09:20", "2025-05-20T09:40"};
    const char *en[3] = {"2025-05-20T09:20", "2025-05-20T09:40", "2025-05-20T10:00"};
    unsigned char cancelled[2] = {1, 0};
    dj_sched_names n;
    int slot[2] = {0, 2}, table[2] = {0, 0};
    char uid[64], status[32];
    dj_buf b;

    add(m, 0, 1);
    add(m, 1, 0);
    shanghai_names(&n, 3, names, ids, st, en);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_ICS), DJ_OK);
    uid_at(dj_buf_cstr(&b), "DTSTART;TZID=Asia/Shanghai:20250520T090000", uid, status);
    cr_assert_str_eq(uid, "dj-e3-p5-p7@duijie");
    cr_assert_str_eq(status, "CONFIRMED");
    n.cancelled = cancelled;
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 1, DJ_SCHED_FMT_ICS), DJ_OK);
    uid_at(dj_buf_cstr(&b), "DTSTART;TZID=Asia/Shanghai:20250520T094000", uid, status);
    cr_assert_str_eq(uid, "dj-e3-p5-p7@duijie");
    cr_assert_str_eq(status, "CONFIRMED");
    uid_at(dj_buf_cstr(&b), "DTSTART;TZID=Asia/Shanghai:20250520T090000", uid, status);
    cr_assert_str_eq(uid, "dj-e3-p5-p7-2@duijie");
    cr_assert_str_eq(status, "CANCELLED");
    n.tentative = 1; /* a draft timetable: live meetings tentative, cancelled ones cancelled */
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 1, DJ_SCHED_FMT_ICS), DJ_OK);
    uid_at(dj_buf_cstr(&b), "DTSTART;TZID=Asia/Shanghai:20250520T094000", uid, status);
    cr_assert_str_eq(status, "TENTATIVE");
    uid_at(dj_buf_cstr(&b), "DTSTART;TZID=Asia/Shanghai:20250520T090000", uid, status);
    cr_assert_str_eq(status, "CANCELLED");
    n.tentative = 0;
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_CSV), DJ_OK);
    cr_assert_null(strstr(dj_buf_cstr(&b), "09:00"), "%s", dj_buf_cstr(&b));
    cr_assert_not_null(strstr(dj_buf_cstr(&b), "2025-05-20T09:40"));
    dj_buf_fini(&b);
    dj_sched_free(m);
}

/* Control characters in names (pasted from a spreadsheet, say) are dropped
 * from the ICS, where RFC 5545 allows none but HTAB: the only ones left are
 * the CRLF line ends. Folding still cuts between UTF-8 characters. */
Test(agenda, ics_drops_control_characters)
{
    dj_sched *m = small(2, 3, 2);
    const char *names[3] = {"控制\x01字符\x0b公司", "B\x7f\x1b[31m红",
                            "华东理工大学\x01技术转移中心\x02有限公司先进材料\x03与绿色化工联合"
                            "创新平台\x1f研究院\r\x7f"};
    const char *labels[2] = {"一号\x1f桌", "T2"};
    const char *st[2] = {"2025-05-20T09:00", "2025-05-20T09:20"};
    const char *en[2] = {"2025-05-20T09:20", "2025-05-20T09:40"};
    dj_sched_names n;
    int slot[2] = {0, 1}, table[2] = {0, 1};
    dj_buf b, u;
    const char *s, *p;
    size_t i, len;

    add(m, 0, 1);
    add(m, 0, 2);
    shanghai_names(&n, 9, names, NULL, st, en);
    n.event_name = "洽谈\x07会\t2025";
    n.tzid = "Asia/\x02Shanghai";
    n.table_label = labels;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, -1, DJ_SCHED_FMT_ICS), DJ_OK);
    s = dj_buf_cstr(&b);
    len = dj_buf_len(&b);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            cr_assert(i + 1 < len && s[i + 1] == '\n', "a CR that ends no line at %zu", i);
        else if (c == '\n')
            cr_assert(i > 0 && s[i - 1] == '\r', "a bare LF at %zu", i);
        else
            cr_assert((c >= 0x20 && c != 0x7F) || c == '\t', "control byte 0x%02x at %zu", c, i);
    }
    /* lines of at most 75 octets, each whole UTF-8 (no character cut) */
    for (p = s; *p;) {
        const char *e = strstr(p, "\r\n");
        cr_assert_not_null(e, "line without CRLF");
        cr_assert_leq(e - p, 75, "line of %ld octets", (long)(e - p));
        cr_assert(dj_utf8_valid(p, (size_t)(e - p), NULL), "a fold splits a character: %.*s",
                  (int)(e - p), p);
        p = e + 2;
    }
    /* unfolded, the values are the names without their control characters */
    dj_buf_init(&u, 0);
    for (p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ')
            p += 2;
        else
            dj_buf_putc(&u, *p);
    }
    s = dj_buf_cstr(&u);
    cr_assert(strstr(s, "\r\nSUMMARY:对接: 控制字符公司 / B[31m红\r\n") != NULL, "%s", s);
    cr_assert(strstr(s, "\r\nSUMMARY:对接: 控制字符公司 / 华东理工大学技术转移中心有限公司先进材料"
                        "与绿色化工联合创新平台研究院\r\n") != NULL,
              "%s", s);
    cr_assert(strstr(s, "\r\nLOCATION:一号桌\r\n") != NULL, "%s", s);
    cr_assert(strstr(s, "\r\nDESCRIPTION:洽谈会\t2025\r\n") != NULL, "%s", s);
    cr_assert(strstr(s, "\r\nTZID:Asia/Shanghai\r\n") != NULL, "%s", s);
    cr_assert(strstr(s, "\r\nDTSTART;TZID=Asia/Shanghai:20250520T090000\r\n") != NULL, "%s", s);
    dj_buf_fini(&u);
    dj_buf_fini(&b);
    dj_sched_free(m);
}

Test(agenda, text_html_csv)
{
    dj_sched *m = small(2, 2, 1);
    const char *names[2] = {"A<&>", "B,\"x\""};
    const char *st[2] = {"2025-05-20T09:00", "2025-05-20T09:20"};
    const char *en[2] = {"2025-05-20T09:20", "2025-05-20T09:40"};
    dj_sched_names n;
    int slot[1] = {1}, table[1] = {0};
    dj_buf b;
    add(m, 0, 1);
    memset(&n, 0, sizeof n);
    n.participant = names;
    n.slot_start = st;
    n.slot_end = en;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, -1, DJ_SCHED_FMT_TEXT), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "09:20-09:40  Table 1") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_HTML), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "A&lt;&amp;&gt;") != NULL);
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_CSV), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "\"B,\"\"x\"\"\"\r\n") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_fini(&b);
    dj_sched_free(m);
}

/* Over several days the text and HTML agendas date each meeting (09:00 on
 * two days would read the same); on one day they do not. */
Test(agenda, dates_when_the_slots_span_days)
{
    dj_sched *m = small(2, 3, 1);
    const char *names[3] = {"A", "B", "C"};
    const char *st[2] = {"2025-05-20T09:00", "2025-05-21T09:00"};
    const char *en[2] = {"2025-05-20T09:20", "2025-05-21T09:20"};
    dj_sched_names n;
    int slot[2] = {0, 1}, table[2] = {0, 0};
    char lab[DJ_SCHED_SLOT_LABEL];
    dj_buf b;
    add(m, 0, 1);
    add(m, 0, 2);
    memset(&n, 0, sizeof n);
    n.participant = names;
    n.slot_start = st;
    n.slot_end = en;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_TEXT), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "05-20 09:00-09:20  Table 1") != NULL, "%s", dj_buf_cstr(&b));
    cr_assert(strstr(dj_buf_cstr(&b), "05-21 09:00-09:20  Table 1") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_HTML), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "<td>05-21 09:00-09:20</td>") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_fini(&b);
    dj_sched_slot_label(lab, st[0], en[0], 0);
    cr_assert_str_eq(lab, "09:00-09:20");
    dj_sched_slot_label(lab, st[1], en[1], 1);
    cr_assert_str_eq(lab, "05-21 09:00-09:20");
    dj_sched_slot_label(lab, "早上", "中午", 1); /* not a time: shown as it is */
    cr_assert_str_eq(lab, "早上-中午");
    dj_sched_free(m);
}

/* In a person's own agenda a booth is "本方展位" for the exhibitor and
 * "对方展位" for its visitor; the CSV keeps the table label (what a meetings
 * import names). Text columns line up by display width, not bytes. */
Test(agenda, booth_as_own_or_partner)
{
    dj_sched *m = small(2, 3, 1);
    const char *names[3] = {"展商", "访客", "C"};
    const char *labels[2] = {"T1", "展商"};
    const char *st[2] = {"2025-05-20T09:00", "2025-05-20T09:20"};
    const char *en[2] = {"2025-05-20T09:20", "2025-05-20T09:40"};
    dj_sched_names n;
    int slot[2] = {0, 1}, table[2] = {1, 0};
    dj_buf b;
    cr_assert_eq(dj_sched_set_participant(m, 0, 0, 1), DJ_OK);
    add(m, 0, 1); /* at the booth of participant 0 */
    add(m, 1, 2); /* at pool table 0 */
    memset(&n, 0, sizeof n);
    n.participant = names;
    n.table_label = labels;
    n.slot_start = st;
    n.slot_end = en;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 0, DJ_SCHED_FMT_TEXT), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "09:00-09:20  本方展位    访客\n") != NULL, "%s",
              dj_buf_cstr(&b));
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 1, DJ_SCHED_FMT_TEXT), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "09:00-09:20  对方展位    展商\n") != NULL, "%s",
              dj_buf_cstr(&b));
    cr_assert(strstr(dj_buf_cstr(&b), "09:20-09:40  T1          C\n") != NULL, "%s",
              dj_buf_cstr(&b));
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 1, DJ_SCHED_FMT_HTML), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), "<td>对方展位</td>") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_reset(&b);
    cr_assert_eq(dj_sched_render_agenda(&b, m, slot, table, &n, 1, DJ_SCHED_FMT_CSV), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), ",展商,展商\r\n") != NULL, "%s", dj_buf_cstr(&b));
    dj_buf_fini(&b);
    dj_sched_free(m);
}

/* ---- determinism ---- */

static void solve_budgeted(dj_sched_result *res, const dj_sched *m, uint64_t seed)
{
    dj_sched_opts o;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.time_limit_s = 0.05; /* sets the work budget (reference work, not measured) */
    o.clock_cap_s = 600;   /* a slow (sanitizer) build still does the whole budget */
    dj_sched_result_init(res);
    cr_assert_eq(dj_sched_solve(res, m, &o), DJ_OK);
    cr_assert_eq(res->clock_cut, 0, "the safety cap fired: the run was not deterministic");
    cr_assert_gt(res->work, 0.0);
}

Test(sched, same_seed_and_options_give_identical_slots)
{
    /* a mid-size generated event (400 participants, ~3,000 requests) under a
     * time limit: the phases stop on work budgets, so two runs agree exactly
     * whatever the machine's speed or load */
    dj_sched_gen_opts g = {400, 16, 130, 8, 11, -1, 10};
    dj_sched *m = NULL;
    dj_sched_result a, b, c;
    int r, nr, differ = 0;
    cr_assert_eq(dj_sched_generate(&m, &g), DJ_OK);
    nr = dj_sched_nrequests(m);
    cr_assert_gt(nr, 1000);
    solve_budgeted(&a, m, 3);
    solve_budgeted(&b, m, 3);
    cr_assert_eq(a.iters, b.iters);
    cr_assert_eq(a.work, b.work);
    cr_assert_eq(a.weight, b.weight);
    cr_assert_eq(a.breaks, b.breaks);
    for (r = 0; r < nr; r++)
        cr_assert_eq(a.slot[r], b.slot[r], "request %d: slot %d vs %d", r, a.slot[r], b.slot[r]);
    /* the seed matters (so the check above is not vacuous) */
    solve_budgeted(&c, m, 4);
    for (r = 0; r < nr; r++)
        differ += a.slot[r] != c.slot[r];
    cr_assert_gt(differ, 0);
    dj_sched_result_fini(&a);
    dj_sched_result_fini(&b);
    dj_sched_result_fini(&c);
    dj_sched_free(m);
}

Test(sched, b2b_instance_is_deterministic_under_a_time_limit)
{
    /* an all-required instance exercises the exact search and the LNS too */
    dj_sched *m = test_read_shared_dzn("forum-13.original.dzn");
    dj_sched_result a, b;
    int r;
    solve_budgeted(&a, m, 9);
    solve_budgeted(&b, m, 9);
    cr_assert_eq(a.breaks, b.breaks);
    for (r = 0; r < dj_sched_nrequests(m); r++)
        cr_assert_eq(a.slot[r], b.slot[r]);
    dj_sched_result_fini(&a);
    dj_sched_result_fini(&b);
    dj_sched_free(m);
}

/* Progress reports (dj_sched_opts.progress) read the state only: a run
 * that reports gives the same schedule and work as one that does not. */
typedef struct progress_log {
    int calls, annealing, later_phase;
    double last_work;
    int work_backwards, figures_wrong;
    long long ub;
    int lb;
} progress_log;

static void log_progress(void *ctx, const dj_sched_progress *p)
{
    progress_log *l = ctx;
    l->calls++;
    l->annealing += strcmp(p->phase, "annealing") == 0;
    l->later_phase += strcmp(p->phase, "tabu search") == 0 || strncmp(p->phase, "SAT", 3) == 0;
    l->work_backwards += p->work < l->last_work;
    l->last_work = p->work;
    /* a reported schedule stays within the bounds; none yet is -1, -1 */
    l->figures_wrong += (p->weight < 0) != (p->breaks < 0) ||
                        (p->weight >= 0 && (p->weight > l->ub || p->breaks < 0)) ||
                        p->weight_ub != l->ub || p->breaks_lb < l->lb;
}

static void expect_same_with_progress(const dj_sched *m, uint64_t seed, int expect_later)
{
    dj_sched_result a, b;
    dj_sched_opts o;
    progress_log l;
    int r;

    memset(&l, 0, sizeof l);
    cr_assert_eq(dj_sched_bounds(&l.lb, &l.ub, m), DJ_OK);
    solve_budgeted(&a, m, seed);
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.time_limit_s = 0.05;
    o.clock_cap_s = 600;
    o.progress = log_progress;
    o.progress_ctx = &l;
    dj_sched_result_init(&b);
    cr_assert_eq(dj_sched_solve(&b, m, &o), DJ_OK);
    cr_assert_eq(b.clock_cut, 0);
    cr_assert_gt(l.annealing, 0, "the annealer reports when it starts");
    if (expect_later)
        cr_assert_gt(l.later_phase, 0, "the phases after the annealer report too");
    cr_assert_eq(l.work_backwards, 0);
    cr_assert_eq(l.figures_wrong, 0);
    cr_assert_eq(a.work, b.work);
    cr_assert_eq(a.iters, b.iters);
    cr_assert_eq(a.breaks, b.breaks);
    for (r = 0; r < dj_sched_nrequests(m); r++)
        cr_assert_eq(a.slot[r], b.slot[r], "request %d", r);
    dj_sched_result_fini(&a);
    dj_sched_result_fini(&b);
}

Test(sched, progress_reports_do_not_change_the_result)
{
    dj_sched_gen_opts g = {400, 16, 130, 8, 11, -1, 10};
    dj_sched *m = NULL;
    cr_assert_eq(dj_sched_generate(&m, &g), DJ_OK);
    expect_same_with_progress(m, 3, 0); /* optional requests: the annealer alone */
    dj_sched_free(m);
    m = test_read_shared_dzn("forum-14.original.dzn"); /* all required: every phase */
    expect_same_with_progress(m, 9, 1);
    dj_sched_free(m);
}

/* Window search (window.c) and compact spans (cp.c): A meets B and C; C can
 * only meet in slot 2. First-come-first-served puts A-B in slot 0 and leaves
 * A a break; the only zero-break timetables put A-B in slot 1 or 3, which
 * the window search must find (A's window has to move off the greedy one). */
static dj_sched *window_case(void)
{
    dj_sched *m = NULL;
    int t;
    cr_assert_eq(dj_sched_new(&m, 4, 3, 2), DJ_OK);
    for (t = 0; t < 4; t++)
        if (t != 2)
            cr_assert_eq(dj_sched_set_unavailable(m, 2, t, 0), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    return m;
}

Test(sched, window_search_finds_the_zero_break_timetable_greedy_misses)
{
    dj_sched *m = window_case();
    int greedy[2], sol[2], breaks = -1, cut = 0;
    double spent = 0;
    dj_sched_eval ev;

    cr_assert_eq(dj_sched_greedy(greedy, m), DJ_OK);
    cr_assert_eq(dj_sched_verify(&ev, m, greedy, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 1, "greedy leaves A a break");
    cr_assert_eq(dj__sched_window(sol, &breaks, m, greedy, 0, 1e8, -1, 1, &cut, &spent), DJ_OK);
    cr_assert_eq(breaks, 0);
    cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    cr_assert(sol[0] == 1 || sol[0] == 3, "A-B in slot %d", sol[0]);
    cr_assert_eq(sol[1], 2);
    cr_assert(spent > 0);
    cr_assert_eq(cut, 0);
    dj_sched_free(m);
}

Test(sched, compact_spans_forbid_breaks_and_prove_when_impossible)
{
    dj_sched *m = window_case();
    int slack[3] = {0, -1, -1}, slot[2] = {-1, -1};
    dj__sched_cp_out co;
    dj_sched_eval ev;

    cr_assert_eq(dj__sched_cp_compact(&co, slot, m, NULL, slack, -1, -1, 0, 0, 1), DJ_OK);
    cr_assert(co.found);
    cr_assert_eq(dj_sched_verify(&ev, m, slot, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    cr_assert(slot[0] == 1 || slot[0] == 3);
    /* B unavailable in 1 and 3: A-B must be at 0, so A needs a break */
    cr_assert_eq(dj_sched_set_unavailable(m, 1, 1, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 1, 3, 0), DJ_OK);
    slot[0] = slot[1] = -1;
    cr_assert_eq(dj__sched_cp_compact(&co, slot, m, NULL, slack, -1, -1, 0, 0, 1), DJ_OK);
    cr_assert(!co.found);
    cr_assert(co.complete, "no span without a break: a proof");
    slack[0] = 1;
    cr_assert_eq(dj__sched_cp_compact(&co, slot, m, NULL, slack, -1, -1, 0, 0, 1), DJ_OK);
    cr_assert(co.found);
    cr_assert_eq(slot[0], 0);
    dj_sched_free(m);
}

/* Tabu search (tabu.c) with relaxed hard rules: one pool table, four slots.
 * A meets B and C (C only in slot 2), D meets E (slots 0-1), F meets G
 * (slot 3 only). Start: A-B 0, D-E 1, A-C 2, F-G 3, so A has a break. The
 * only zero-break timetable puts A-B in 1 and D-E in 0; every single
 * relocation towards it overfills a slot's table, so the search has to pass
 * through an infeasible state (penalised, not forbidden) to reach it. */
static dj_sched *tabu_case(void)
{
    dj_sched *m = NULL;
    int t;
    cr_assert_eq(dj_sched_new(&m, 4, 7, 1), DJ_OK);
    for (t = 0; t < 4; t++) {
        if (t != 2)
            cr_assert_eq(dj_sched_set_unavailable(m, 2, t, 0), DJ_OK); /* C */
        if (t >= 2)
            cr_assert_eq(dj_sched_set_unavailable(m, 3, t, 0), DJ_OK); /* D */
        if (t != 3)
            cr_assert_eq(dj_sched_set_unavailable(m, 5, t, 0), DJ_OK); /* F */
    }
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 3, 4, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 5, 6, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    return m;
}

Test(sched, annealer_does_not_settle_among_invalid_states)
{
    /* tests/data/sched/stuck-invalid.dzn, started (as dj_sched_solve does)
     * from the exact search's first schedule, the annealer's share of a 1 s
     * run. With a fixed penalty of two breaks per hard violation the annealer
     * kept trading double bookings for breaks, and with these seeds its best
     * valid schedule ended at 71 / 66 / 70 breaks (lower bound 6, the whole
     * solver at 10 s: 17); the penalty that rises while no valid state is
     * visited ends them at 21 / 21 / 20. */
    static const int seeds[] = {4, 7, 11};
    dj_sched *m = test_read_dzn(DJ_SOURCE_DIR "/tests/data/sched/stuck-invalid.dzn");
    dj__sched_sa_opts o;
    dj__sched_sa_out out;
    dj__sched_cp_out co;
    dj_sched_eval ev;
    long long ub;
    int lb, *best, *start;
    size_t i;

    cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
    best = dj_malloc((size_t)dj_sched_nrequests(m) * sizeof *best);
    start = dj_malloc((size_t)dj_sched_nrequests(m) * sizeof *start);
    cr_assert(best && start);
    for (i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        cr_assert_eq(dj__sched_cp(&co, start, m, NULL, -1, 0, 0, 1e8, (uint64_t)seeds[i]), DJ_OK);
        cr_assert(co.found);
        memset(&o, 0, sizeof o);
        o.warm = start;
        o.lb = lb;
        o.ub = ub;
        o.work = 3.15e8;
        o.seed = (uint64_t)seeds[i];
        cr_assert_eq(dj__sched_anneal(best, &out, m, &o), DJ_OK);
        cr_assert(out.found);
        cr_assert_eq(dj_sched_verify(&ev, m, best, NULL, NULL), DJ_OK);
        cr_assert_leq(ev.breaks, 40, "seed %d: the annealer's best valid schedule has %d breaks",
                      seeds[i], ev.breaks);
    }
    dj_free(best);
    dj_free(start);
    dj_sched_free(m);
}

Test(sched, tabu_search_crosses_infeasibility_to_the_optimum)
{
    dj_sched *m = tabu_case();
    int start[4] = {0, 1, 2, 3}, sol[4], sol2[4], breaks = -1, breaks2 = -1, cut = 0;
    double spent = 0, spent2 = 0;
    dj_sched_eval ev;

    cr_assert_eq(dj_sched_verify(&ev, m, start, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 1, "the start leaves A a break");
    memcpy(sol, start, sizeof sol);
    cr_assert_eq(dj__sched_tabu(sol, &breaks, m, 0, 1e8, -1, 1, &cut, &spent), DJ_OK);
    cr_assert_eq(breaks, 0);
    cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    cr_assert_eq(sol[0], 1, "A-B in slot %d", sol[0]);
    cr_assert_eq(sol[1], 0, "D-E in slot %d", sol[1]);
    cr_assert_eq(sol[2], 2);
    cr_assert_eq(sol[3], 3);
    cr_assert(spent > 0 && spent < 1e8, "stops at the lower bound, spent %g", spent);
    cr_assert_eq(cut, 0);
    /* deterministic: the same seed gives the same schedule and work */
    memcpy(sol2, start, sizeof sol2);
    cr_assert_eq(dj__sched_tabu(sol2, &breaks2, m, 0, 1e8, -1, 1, &cut, &spent2), DJ_OK);
    cr_assert_eq(memcmp(sol, sol2, sizeof sol), 0);
    cr_assert(spent == spent2);
    /* an invalid start (A double-booked) is refused and left untouched */
    sol2[0] = 2;
    cr_assert_eq(dj__sched_tabu(sol2, &breaks2, m, 0, 1e8, -1, 1, &cut, &spent2), DJ_OK);
    cr_assert_eq(breaks2, -1);
    cr_assert_eq(sol2[0], 2);
    dj_sched_free(m);
}

/* Tabu search's multi-meeting moves (Kempe chains between two slots): on
 * random all-required instances with a tight pool and sessions, starting
 * from a valid schedule, the result is valid, never worse than the start,
 * never below the breaks lower bound, and reproducible. Debug builds also
 * assert inside tabu.c, after every applied move, that the cost kept by the
 * counters equals the cost predicted when the move was evaluated. */
Test(sched, tabu_kempe_moves_keep_schedules_valid_on_random_instances)
{
    uint64_t x = 12345;
    int inst, tried = 0;
    for (inst = 0; inst < 30; inst++) {
        dj_sched *m = NULL;
        dj_sched_result res;
        dj_sched_opts o;
        dj_sched_eval ev;
        int ns = 8 + inst % 5, np = 7 + inst % 4, nreq = 14 + inst % 7, r, t, p, lb = 0;
        int sol[32], sol2[32], breaks = -1, breaks2 = -1, cut = 0, start_breaks;
        long long ub = 0;
        double spent = 0, spent2 = 0;
        cr_assert_eq(dj_sched_new(&m, ns, np, 3), DJ_OK);
        for (t = 0; t < ns; t++)
            cr_assert_eq(dj_sched_set_slot(m, t, 0, t < ns / 2 ? 0 : 1, 3), DJ_OK);
        for (p = 0; p < np; p++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((x >> 40) % 3 == 0)
                cr_assert_eq(dj_sched_set_unavailable(m, p, (int)((x >> 20) % (uint64_t)ns), 0),
                             DJ_OK);
        }
        for (r = 0; r < nreq; r++) {
            int a, b, sess;
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            a = (int)((x >> 33) % (uint64_t)np);
            b = (int)((x >> 45) % (uint64_t)(np - 1));
            if (b >= a)
                b++;
            sess = (x >> 20) % 5 == 0 ? (int)((x >> 24) & 1) : DJ_SCHED_ANY;
            cr_assert_eq(
                dj_sched_add_request(NULL, m, a, b, DJ_SCHED_W_MUST, 1, sess, DJ_SCHED_ANY), DJ_OK);
        }
        /* a valid start: a short annealing run without a time limit */
        memset(&o, 0, sizeof o);
        o.seed = (uint64_t)inst + 1;
        o.max_iters = 300;
        dj_sched_result_init(&res);
        cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
        if (res.status != DJ_SCHED_FEASIBLE && res.status != DJ_SCHED_OPTIMAL) {
            dj_sched_result_fini(&res);
            dj_sched_free(m);
            continue;
        }
        tried++;
        memcpy(sol, res.slot, (size_t)nreq * sizeof *sol);
        start_breaks = res.breaks;
        dj_sched_result_fini(&res);
        cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
        memcpy(sol2, sol, sizeof sol);
        cr_assert_eq(dj__sched_tabu(sol, &breaks, m, -1, 3e6, -1, 7, &cut, &spent), DJ_OK);
        cr_assert_eq(cut, 0);
        cr_assert_geq(breaks, 0, "instance %d: no verified result", inst);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK, "instance %d", inst);
        cr_assert_eq(ev.breaks, breaks);
        cr_assert_leq(breaks, start_breaks, "instance %d", inst);
        cr_assert_geq(breaks, lb, "instance %d: below the lower bound", inst);
        cr_assert_eq(dj__sched_tabu(sol2, &breaks2, m, -1, 3e6, -1, 7, &cut, &spent2), DJ_OK);
        cr_assert_eq(memcmp(sol, sol2, (size_t)nreq * sizeof *sol), 0, "instance %d", inst);
        cr_assert(spent == spent2);
        dj_sched_free(m);
    }
    cr_assert_geq(tried, 10, "only %d random instances had a schedule", tried);
}
