/* test_segment.c - dj_text_segment: golden cases from tests/data/seg.txt,
 * offset invariants, chunking of long input, callback abort and OOM. */
#include "duijie/dj_text.h"
#include "helper_text.h"
#include "text/text_int.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static collected c;

static void seg(const char *in, size_t len)
{
    memset(&c, 0, sizeof c);
    cr_assert_eq(dj_text_segment(in, len, dj_test_collect, &c), DJ_OK);
}

/* Words tile the input: increasing, non-empty, and only whitespace between
 * them; each word's original bytes are what the test compares. */
static void check_tiling(const char *in, size_t len)
{
    size_t i, last = 0, b;
    for (i = 0; i < c.n; i++) {
        cr_assert_lt(c.start[i], c.end[i], "empty word %zu", i);
        cr_assert_geq(c.start[i], last, "overlap at word %zu", i);
        cr_assert_leq(c.end[i], len);
        for (b = last; b < c.start[i]; b++)
            cr_assert(in[b] == ' ' || in[b] == '\n' || in[b] == '\t' || in[b] == '\r',
                      "non-space byte %zu skipped", b);
        last = c.end[i];
    }
    for (b = last; b < len; b++)
        cr_assert(in[b] == ' ' || in[b] == '\n' || in[b] == '\t' || in[b] == '\r');
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

Test(segment, golden_cases, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    static char input[8192], expect[8192], got[8192];
    FILE *f = fopen(DJ_SOURCE_DIR "/tests/data/seg.txt", "r");
    int cases = 0;

    cr_assert_not_null(f, "tests/data/seg.txt missing");
    while (fgets(input, sizeof input, f)) {
        size_t i, gl = 0;
        chomp(input);
        if (input[0] == '\0' || input[0] == '#')
            continue;
        cr_assert_not_null(fgets(expect, sizeof expect, f), "no expectation for %s", input);
        chomp(expect);
        seg(input, strlen(input));
        check_tiling(input, strlen(input));
        got[0] = '\0';
        for (i = 0; i < c.n; i++) {
            int w = snprintf(got + gl, sizeof got - gl, "%s%.*s", i ? " | " : "",
                             (int)(c.end[i] - c.start[i]), input + c.start[i]);
            gl += (size_t)w;
        }
        cr_expect_str_eq(got, expect, "input: %s", input);
        cases++;
    }
    fclose(f);
    cr_assert_gt(cases, 5);
}

Test(segment, kinds_and_normalised_text, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    const char *in = "版本ＶＥＲ2.1达到3.6亿元";
    long i;

    seg(in, strlen(in));
    cr_assert_geq(i = dj_test_find(&c, "ver2.1", 0), 0);
    cr_assert_eq(c.kind[i], DJ_TERM_LATIN);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 6 + 9 + 3);
    cr_assert_geq(i = dj_test_find(&c, "3.6亿", 0), 0);
    cr_assert_eq(c.kind[i], DJ_TERM_NUMBER);
    cr_assert_geq(i = dj_test_find(&c, "版本", 0), 0);
    cr_assert_eq(c.kind[i], DJ_TERM_WORD);
    cr_assert_eq(c.pos[i], 0);
}

Test(segment, empty_and_blank_input, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    seg("", 0);
    cr_assert_eq(c.n, 0);
    seg(" \n\t ", 4);
    cr_assert_eq(c.n, 0);
}

typedef struct stream {
    const char *in;
    size_t last, words, abc, bad;
    int pos;
} stream;

static int stream_cb(const dj_term *t, void *ctx)
{
    stream *s = ctx;
    if (t->start < s->last || t->end <= t->start || t->pos != s->pos)
        s->bad++;
    if (t->end - t->start == 6 && memcmp(s->in + t->start, "abc123", 6) == 0)
        s->abc++;
    s->last = t->end;
    s->pos++;
    s->words++;
    return 0;
}

/* Longer than one 64 KiB chunk, and without any newline: offsets must stay
 * absolute, positions must keep counting, and words must not overlap. */
Test(segment, long_input_spans_chunks, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    const char *unit = "科技成果转化促进中小企业发展abc123，";
    size_t ul = strlen(unit), reps = 200000 / ul, i, len = 0;
    char *in = malloc(reps * ul + 1);
    stream s = {0};

    cr_assert_not_null(in);
    for (i = 0; i < reps; i++) {
        memcpy(in + len, unit, ul);
        len += ul;
    }
    s.in = in;
    cr_assert_eq(dj_text_segment(in, len, stream_cb, &s), DJ_OK);
    cr_assert_eq(s.bad, 0);
    cr_assert_eq(s.abc, reps, "every Latin run found once: %zu of %zu", s.abc, reps);
    cr_assert_eq(s.last, len);
    free(in);
}

/* A word that starts before an NFKC expansion and ends inside it (9ﷺ: ﷺ is
 * صلى الله عليه وسلم) joins the rest of the expansion: words never overlap
 * (9صلى [0, 4) and الله [1, 4) did; found by fuzz_analyze). */
Test(segment, no_overlap_around_an_expansion, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    const char *in = "9ﷺ钢结构", *in2 = "龇到…9ﷺ";
    stream s = {0};
    s.in = in;
    cr_assert_eq(dj_text_segment(in, strlen(in), stream_cb, &s), DJ_OK);
    cr_assert_eq(s.bad, 0, "overlapping or empty words");
    memset(&s, 0, sizeof s);
    s.in = in2;
    cr_assert_eq(dj_text_segment(in2, strlen(in2), stream_cb, &s), DJ_OK);
    cr_assert_eq(s.bad, 0, "overlapping or empty words");
}

typedef struct find_word {
    const char *in, *word;
    size_t at, found;
} find_word;

static int find_word_cb(const dj_term *t, void *ctx)
{
    find_word *f = ctx;
    if (t->start == f->at && t->end - t->start == strlen(f->word) &&
        !memcmp(f->in + t->start, f->word, t->end - t->start))
        f->found++;
    return 0;
}

/* A chunk that holds no newline and no ASCII punctuation ends after a
 * character that breaks words (an emoji), or before a CJK Ext-B character,
 * not inside the word that crosses the 64 KiB mark: 机器人 at byte 65,532
 * was analysed as 机 | 器人, robotics after Ext-B as robo | tics. */
Test(segment, chunk_ends_between_words, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    const char *words[] = {"机器人", "aiot", "robotics"};
    for (size_t w = 0; w < 3; w++) {
        size_t n = 16383, len = 0, wl = strlen(words[w]);
        char *in = malloc(n * 4 + wl + 1);
        find_word f = {0};
        cr_assert_not_null(in);
        for (size_t i = 0; i < n; i++, len += 4) /* U+1F600 (emoji), or U+20000 (Ext-B) */
            memcpy(in + len, w < 2 ? "\xF0\x9F\x98\x80" : "\xF0\xA0\x80\x80", 4);
        memcpy(in + len, words[w], wl);
        f.in = in;
        f.word = words[w];
        f.at = len;
        len += wl;
        cr_assert_eq(dj_text_segment(in, len, find_word_cb, &f), DJ_OK);
        cr_assert_eq(f.found, 1, "%s at byte %zu is one word", words[w], f.at);
        free(in);
    }
}

static int stop_after_two(const dj_term *t, void *ctx)
{
    (void)t;
    return ++*(int *)ctx == 2 ? DJ_ELIMIT : 0;
}

Test(segment, callback_error_stops, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    int calls = 0;
    const char *in = "我们使用Python开发软件";
    cr_assert_eq(dj_text_segment(in, strlen(in), stop_after_two, &calls), DJ_ELIMIT);
    cr_assert_eq(calls, 2);
}

Test(segment, survives_every_allocation_failure, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    const char *in = "臺灣的ＡＢＣ公司2023年营业收入达到3.6亿元，同比增长24.26%。";
    long n;
    for (n = 1;; n++) {
        int rc;
        long attempts;
        memset(&c, 0, sizeof c);
        dj_test_fail_alloc_after(n);
        rc = dj_text_segment(in, strlen(in), dj_test_collect, &c);
        attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "input never reached an allocation");
    cr_assert_gt(c.n, 10);
}

Test(segment, requires_init)
{
    cr_assert_eq(dj_text_segment("a", 1, dj_test_collect, &c), DJ_EINVAL);
}

/* The edge table built by dj_text_init answers every trie child look-up
 * exactly as a search of the sorted children does (present and absent). */
Test(segment, edge_table_matches_the_trie, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    uint32_t nn = dj__text_dict_nnodes, p, k;
    size_t checked = 0;
    cr_assert_not_null(dj__text_edges, "edge table not built");
    for (p = 1; p < nn; p++) {
        uint32_t lo = dj__text_dict_first[p], hi = dj__text_dict_first[p + 1];
        for (k = lo; k < hi; k++) {
            uint32_t cp = dj__text_dict_cp[k];
            cr_assert_eq(dj__text_dict_child(p, cp), k, "node %u cp %u", p, cp);
            /* the next code point is a child only when it is the next one */
            uint32_t want = k + 1 < hi && dj__text_dict_cp[k + 1] == cp + 1 ? k + 1 : 0;
            cr_assert_eq(dj__text_dict_child(p, cp + 1), want, "node %u cp %u", p, cp + 1);
            checked++;
        }
        if (lo == hi) /* a leaf has no child */
            cr_assert_eq(dj__text_dict_child(p, 0x4E00), 0);
    }
    cr_assert_gt(checked, 1000);
}
