/* helper_topics.c - the two-topic corpus of helper_topics.h. */
#include "helper_topics.h"

#include "helper_ws.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

void test_put_body(dj_index *idx, int64_t id, const char *body, int side)
{
    dj_index_doc d = {0};
    d.id = id;
    d.body = body;
    d.body_len = strlen(body);
    d.side = (uint8_t)side;
    cr_assert_eq(dj_index_put(idx, &d), DJ_OK);
}

void test_topic_doc(char *buf, size_t cap, unsigned *seed, char t)
{
    size_t n = (size_t)snprintf(buf, cap, "common");
    for (int w = 0; w < 8; w++) {
        *seed = *seed * 1103515245u + 12345u;
        n += (size_t)snprintf(buf + n, cap - n, " %c%u", t, (*seed >> 16) % 30);
    }
}

dj_index *test_topic_corpus(unsigned seed)
{
    dj_index *idx = test_ws_index();
    char buf[256];
    for (int i = 0; i < 30; i++) {
        test_topic_doc(buf, sizeof buf, &seed, 'a');
        test_put_body(idx, 1 + i, buf, 1);
        test_topic_doc(buf, sizeof buf, &seed, 'b');
        test_put_body(idx, 101 + i, buf, 2);
    }
    return idx;
}

long test_search_sem_oom_loop(const dj_index *idx, const dj_index_sem *sem, size_t k,
                              unsigned prf_docs)
{
    long n;
    for (n = 1;; n++) {
        dj_index_query q = {0};
        dj_index_hit *h = NULL;
        size_t nh = 0;
        q.text = "a1 b2 a3";
        q.len = strlen(q.text);
        q.k = k;
        q.prf_docs = prf_docs;
        dj_test_fail_alloc_after(n);
        int rc = dj_index_search_sem(&h, &nh, idx, &q, sem, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        dj_free(h);
        if (rc == DJ_OK && attempts < n)
            return n;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(h);
    }
}

long test_lsa_learn_oom_loop(const dj_index *idx, const dj_index_lsa_config *c)
{
    long n;
    for (n = 1;; n++) {
        dj_index_lsa *l = NULL;
        dj_test_fail_alloc_after(n);
        int rc = dj_index_lsa_learn(&l, idx, c);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            dj_index_lsa_free(l);
            return n;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(l);
    }
}

void test_lsa_update_oom_loop(dj_index *idx, dj_index_lsa *l)
{
    char buf[64];
    for (long n = 1;; n++) {
        snprintf(buf, sizeof buf, "a1 a2 b%ld", n % 30);
        test_put_body(idx, 1000 + n, buf, 1);
        float before = dj_index_lsa_similarity(l, idx, 1, 2);
        dj_test_fail_alloc_after(n);
        int rc = dj_index_lsa_update(l, idx);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n)
            return;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        /* unchanged: the new document still has no vector */
        cr_assert_eq(dj_index_lsa_similarity(l, idx, 1000 + n, 1), 0.0f);
        cr_assert_eq(dj_index_lsa_similarity(l, idx, 1, 2), before);
    }
}
