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

#endif
