/* helper_topics.h - a two-topic corpus for the semantic-vector tests: each
 * document holds 8 random words of its topic's 30 ('a3', 'b17', ...) and
 * the word "common"; the whitespace analyser of helper_ws.h reads it. */
#ifndef DJ_TEST_HELPER_TOPICS_H
#define DJ_TEST_HELPER_TOPICS_H

#include "duijie/dj_index.h"

#include <stddef.h>
#include <stdint.h>

/* Adds a document with only a body; asserts success. */
void test_put_body(dj_index *idx, int64_t id, const char *body, int side);
/* Writes one document of topic t ('a' or 'b') to buf, advancing *seed. */
void test_topic_doc(char *buf, size_t cap, unsigned *seed, char t);
/* 60 documents: ids 1..30 topic a (side 1), 101..130 topic b (side 2). */
dj_index *test_topic_corpus(unsigned seed);
/* Runs the query "a1 b2 a3" (k hits, prf_docs feedback) through
 * dj_index_search_sem with the n-th allocation failing, n = 1, 2, ..., until
 * one succeeds untouched; asserts every failure is DJ_ENOMEM with no hits.
 * Returns the n that succeeded. */
long test_search_sem_oom_loop(const dj_index *idx, const dj_index_sem *sem, size_t k,
                              unsigned prf_docs);

/* dj_index_lsa_learn with the n-th allocation failing, n = 1, 2, ..., until
 * one succeeds untouched; asserts every failure is DJ_ENOMEM with no model.
 * Returns the n that succeeded. */
long test_lsa_learn_oom_loop(const dj_index *idx, const dj_index_lsa_config *c);

/* dj_index_lsa_update of l with the n-th allocation failing, n = 1, 2, ...,
 * each time after putting document 1000 + n ("a1 a2 b<n % 30>"), until one
 * succeeds untouched; asserts every failure is DJ_ENOMEM and leaves the
 * model as it was (the new document has no vector, 1 and 2 keep their
 * similarity). */
void test_lsa_update_oom_loop(dj_index *idx, dj_index_lsa *l);

#endif
