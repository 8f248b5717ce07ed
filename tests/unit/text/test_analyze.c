/* test_analyze.c - dj_text_analyze (words, bigrams, search-mode sub-words,
 * stop words, order and offsets), dj_text_analyze_buf (same terms with
 * reused buffers), dj_text_init with a user dictionary, and OOM loops. */
#include "duijie/dj_text.h"
#include "helper_text.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static collected c;

static void analyze(const char *in, int flags)
{
    memset(&c, 0, sizeof c);
    cr_assert_eq(dj_text_analyze(in, strlen(in), flags, dj_test_collect, &c), DJ_OK);
}

static void check_order(void)
{
    size_t i;
    for (i = 1; i < c.n; i++)
        cr_assert_geq(c.start[i], c.start[i - 1], "term %zu (%s) out of order", i, c.text[i]);
}

Test(analyze, words_and_bigrams_in_offset_order, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    long w, b1, b2, b3;
    analyze("频谱感知的5G技术", DJ_ANALYZE_WORDS | DJ_ANALYZE_BIGRAMS);
    check_order();
    cr_assert_geq(w = dj_test_find(&c, "频谱", DJ_TERM_WORD), 0);
    cr_assert_geq(b1 = dj_test_find(&c, "频谱", DJ_TERM_BIGRAM), 0);
    cr_assert_geq(b2 = dj_test_find(&c, "谱感", DJ_TERM_BIGRAM), 0);
    cr_assert_geq(b3 = dj_test_find(&c, "知的", DJ_TERM_BIGRAM), 0);
    cr_assert_eq(c.start[b2], 3);
    cr_assert_eq(c.end[b2], 9);
    cr_assert_eq(c.pos[b2], c.pos[w], "bigram carries the position of its word");
    cr_assert_lt(dj_test_find(&c, "的5", 0), 0, "no bigram across a Latin run");
    cr_assert_lt(dj_test_find(&c, "g技", 0), 0);
    cr_assert_geq(w = dj_test_find(&c, "5g", DJ_TERM_LATIN), 0);
    cr_assert_eq(c.start[w], 15);
    cr_assert_eq(c.end[w], 17);
    cr_assert_geq(w = dj_test_find(&c, "的", DJ_TERM_WORD), 0);
    cr_assert_eq(c.stop[w], 1);
    cr_assert_eq(c.stop[dj_test_find(&c, "频谱", DJ_TERM_WORD)], 0);
    (void)b1;
    (void)b3;
}

Test(analyze, flags_select_term_kinds, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    size_t i;
    analyze("频谱感知技术", DJ_ANALYZE_BIGRAMS);
    cr_assert_eq(c.n, 5);
    for (i = 0; i < c.n; i++)
        cr_assert_eq(c.kind[i], DJ_TERM_BIGRAM);
    analyze("频谱感知技术，", DJ_ANALYZE_WORDS);
    for (i = 0; i < c.n; i++)
        cr_assert_neq(c.kind[i], DJ_TERM_BIGRAM);
    cr_assert_lt(dj_test_find(&c, ",", 0), 0, "punctuation is not a term");
}

Test(analyze, search_mode_adds_sub_words, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    long w, s1, s2;
    analyze("中华人民共和国科学技术部", DJ_ANALYZE_WORDS);
    cr_assert_lt(dj_test_find(&c, "人民", 0), 0, "plain mode keeps long words whole");
    analyze("中华人民共和国科学技术部", DJ_ANALYZE_WORDS | DJ_ANALYZE_SEARCH);
    check_order();
    cr_assert_geq(w = dj_test_find(&c, "中华人民共和国", 0), 0);
    cr_assert_geq(s1 = dj_test_find(&c, "人民", 0), 0);
    cr_assert_geq(s2 = dj_test_find(&c, "共和国", 0), 0);
    cr_assert_eq(c.start[s1], 6);
    cr_assert_eq(c.end[s1], 12);
    cr_assert_eq(c.pos[s1], c.pos[w]);
    cr_assert_eq(c.pos[s2], c.pos[w]);
}

Test(analyze, terms_are_normalised_offsets_original, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    long i;
    analyze("臺灣電腦ＡＢＣ公司", DJ_ANALYZE_WORDS);
    cr_assert_geq(i = dj_test_find(&c, "电脑", 0), 0);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 12);
    cr_assert_geq(i = dj_test_find(&c, "abc", DJ_TERM_LATIN), 0);
    cr_assert_eq(c.start[i], 12);
    cr_assert_eq(c.end[i], 21);
}

static void write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(content, f);
    fclose(f);
}

/* Makes the temporary file named by the template path ("...XXXXXX") and
 * writes a user dictionary to it. */
static void temp_dict(char *path, const char *content)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    write_file(path, content);
}

Test(analyze, user_dictionary_adds_words)
{
    char path[] = "/tmp/dj_userdict_XXXXXX";
    dj_diag d;
    long i;

    temp_dict(path, "# domain terms\n量子点显示屏 1000\n柔性钙钛矿\n\n  ＴＯＰＣｏｎ电池 50 nz\n");
    dj_diag_clear(&d);
    cr_assert_eq(dj_text_analyze("柔性", 6, DJ_ANALYZE_WORDS, dj_test_collect, &c), DJ_EINVAL,
                 "not initialised");
    cr_assert_eq(dj_text_init(path, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_text_init(NULL, &d), DJ_OK, "idempotent");
    analyze("柔性钙钛矿太阳能和量子点显示屏，TOPCon电池", DJ_ANALYZE_WORDS);
    cr_assert_geq(dj_test_find(&c, "柔性钙钛矿", 0), 0);
    cr_assert_geq(dj_test_find(&c, "量子点显示屏", 0), 0);
    cr_assert_geq(i = dj_test_find(&c, "topcon电池", 0), 0);
    dj_text_shutdown();
    dj_text_shutdown();
    unlink(path);
}

Test(analyze, user_dictionary_errors)
{
    char path[] = "/tmp/dj_userdict_XXXXXX";
    dj_diag d;

    temp_dict(path, "好词 10\n坏词 12x\n");
    dj_diag_clear(&d);
    cr_assert_eq(dj_text_init(path, &d), DJ_EPARSE);
    cr_assert_eq(d.line, 2);
    cr_assert_eq(dj_text_segment("a", 1, dj_test_collect, &c), DJ_EINVAL, "init failed: not ready");
    write_file(path, "ok 1\n\xff\xfe 3\n");
    cr_assert_eq(dj_text_init(path, &d), DJ_EPARSE);
    cr_assert_eq(d.line, 2);
    unlink(path);
    cr_assert_eq(dj_text_init(path, &d), DJ_EIO);
    cr_assert_eq(dj_text_init(NULL, &d), DJ_OK, "recovers after failures");
    dj_text_shutdown();
}

Test(analyze, user_dictionary_from_memory)
{
    static const char words[] = "量子点显示屏 1000\n柔性钙钛矿"; /* no final newline */
    dj_diag d;

    dj_diag_clear(&d);
    cr_assert_eq(dj_text_init_words(words, sizeof words - 1, "database", &d), DJ_OK, "%s",
                 d.message);
    analyze("柔性钙钛矿和量子点显示屏", DJ_ANALYZE_WORDS);
    cr_assert_geq(dj_test_find(&c, "柔性钙钛矿", 0), 0);
    cr_assert_geq(dj_test_find(&c, "量子点显示屏", 0), 0);
    dj_text_shutdown();

    cr_assert_eq(dj_text_init_words("好词 10\n坏\0词\n", 17, "database", &d), DJ_EPARSE);
    cr_assert_eq(d.line, 2);
    cr_assert_str_eq(d.file, "database");
    cr_assert(strstr(d.message, "NUL byte"), "%s", d.message);
    cr_assert_eq(dj_text_init_words("好词 0\n", 9, NULL, &d), DJ_EPARSE);
    cr_assert_str_eq(d.file, "user dictionary");
    cr_assert(strstr(d.message, "bad frequency"), "%s", d.message);
    cr_assert_eq(dj_text_init_words("", 0, NULL, &d), DJ_OK, "an empty dictionary");
    dj_text_shutdown();
}

static int abort_cb(const dj_term *t, void *ctx)
{
    (void)t;
    (void)ctx;
    return DJ_EBUSY;
}

Test(analyze, callback_error_stops, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    cr_assert_eq(dj_text_analyze("科技", 6, DJ_ANALYZE_ALL, abort_cb, NULL), DJ_EBUSY);
}

Test(analyze, survives_every_allocation_failure, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    const char *in = "臺灣的ＡＢＣ公司研发多天线认知无线网络，中华人民共和国 c++ 3.6%";
    long n;
    for (n = 1;; n++) {
        int rc;
        long attempts;
        memset(&c, 0, sizeof c);
        dj_test_fail_alloc_after(n);
        rc = dj_text_analyze(in, strlen(in), DJ_ANALYZE_ALL, dj_test_collect, &c);
        attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1);
    cr_assert_gt(c.n, 20);
}

static collected c2;

static int same_terms(const collected *a, const collected *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->text[i], b->text[i]) != 0 || a->start[i] != b->start[i] ||
            a->end[i] != b->end[i] || a->kind[i] != b->kind[i] || a->pos[i] != b->pos[i] ||
            a->stop[i] != b->stop[i])
            return 0;
    }
    return 1;
}

/* one buffer over texts of growing, shrinking and oversized length (its
 * buffers are released after the oversized one) gives dj_text_analyze's terms */
Test(analyze, buf_gives_the_same_terms, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    static char big[40000];
    const char *in[] = {"科技",
                        "臺灣的ＡＢＣ公司研发多天线认知无线网络，中华人民共和国 c++ 3.6%",
                        "新型储能电站",
                        big,
                        "频谱感知的5G技术",
                        ""};
    dj_text_buf *b;
    size_t at = 0;

    /* > 4096 code points (the buffer is released after it), few terms */
    memcpy(big, "频谱感知", 12);
    at = 12;
    while (at + 20 < sizeof big)
        big[at++] = ' ';
    memcpy(big + at, "认知无线", 12);
    at += 12;
    big[at] = '\0';
    cr_assert_eq(dj_text_buf_new(&b), DJ_OK);
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        memset(&c, 0, sizeof c);
        memset(&c2, 0, sizeof c2);
        cr_assert_eq(dj_text_analyze(in[i], strlen(in[i]), DJ_ANALYZE_ALL, dj_test_collect, &c),
                     DJ_OK);
        cr_assert_eq(
            dj_text_analyze_buf(b, in[i], strlen(in[i]), DJ_ANALYZE_ALL, dj_test_collect, &c2),
            DJ_OK);
        cr_assert(same_terms(&c, &c2), "text %zu", i);
    }
    cr_assert_eq(dj_text_analyze_buf(b, "科技", 6, DJ_ANALYZE_ALL, abort_cb, NULL), DJ_EBUSY);
    dj_text_buf_free(b);
    dj_text_buf_free(NULL);
}

/* a failed call leaves the buffer usable: the next call gives every term */
Test(analyze, buf_survives_every_allocation_failure, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    const char *in = "臺灣的ＡＢＣ公司研发多天线认知无线网络，中华人民共和国 c++ 3.6%";
    dj_text_buf *b = NULL;
    long n;

    memset(&c2, 0, sizeof c2);
    cr_assert_eq(dj_text_analyze(in, strlen(in), DJ_ANALYZE_ALL, dj_test_collect, &c2), DJ_OK);
    for (n = 1;; n++) {
        int rc;
        long attempts;
        memset(&c, 0, sizeof c);
        dj_test_fail_alloc_after(n);
        rc = b ? DJ_OK : dj_text_buf_new(&b);
        if (rc == DJ_OK)
            rc = dj_text_analyze_buf(b, in, strlen(in), DJ_ANALYZE_ALL, dj_test_collect, &c);
        attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        if (b) {
            memset(&c, 0, sizeof c);
            cr_assert_eq(
                dj_text_analyze_buf(b, in, strlen(in), DJ_ANALYZE_ALL, dj_test_collect, &c), DJ_OK);
            cr_assert(same_terms(&c, &c2), "n=%ld", n);
            dj_text_buf_free(b);
            b = NULL;
        }
    }
    cr_assert(same_terms(&c, &c2));
    cr_assert_gt(n, 1);
    dj_text_buf_free(b);
}

Test(analyze, init_survives_every_allocation_failure)
{
    char path[] = "/tmp/dj_userdict_XXXXXX";
    long n;

    temp_dict(path, "量子点显示屏 1000\n柔性钙钛矿\n新型储能电站\n");
    for (n = 1;; n++) {
        int rc;
        long attempts;
        dj_test_fail_alloc_after(n);
        rc = dj_text_init(path, NULL);
        attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK) {
            analyze("柔性钙钛矿", DJ_ANALYZE_WORDS);
            cr_assert_geq(dj_test_find(&c, "柔性钙钛矿", 0), 0);
            dj_text_shutdown();
            if (attempts < n)
                break;
            continue;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1);
    unlink(path);
}

/* Analyses text (words) and checks that each of words[0..n) is a term
 * flagged as a stop word (want 1) or not (want 0). */
static void expect_stop(const char *text, const char *const *words, size_t n, int want)
{
    size_t i;
    long w;
    analyze(text, DJ_ANALYZE_WORDS);
    for (i = 0; i < n; i++) {
        cr_assert_geq(w = dj_test_find(&c, words[i], 0), 0, "%s", words[i]);
        cr_assert_eq(c.stop[w], want, "%s: stop flag %d, want %d", words[i], c.stop[w], want);
    }
}

/* Stop words are found by a hash probe (analyze.c): words of every length
 * class (1-6 bytes, Latin and Han) are flagged, and near misses (a prefix
 * or extension of a stop word, a longer word) are not. */
Test(analyze, stop_words_by_length, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    static const char *const stop[] = {"a", "an", "the", "that", "with", "我们", "的", "通过"};
    static const char *const plain[] = {"ant", "thee", "withdrawn", "数据", "系统"};
    const char *text = "A ant an the thee that withdrawn with 我们的数据通过系统";
    expect_stop(text, stop, sizeof stop / sizeof stop[0], 1);
    expect_stop(text, plain, sizeof plain / sizeof plain[0], 0);
}

/* Function words of listing descriptions ("良率约85%，提升至95%以上") are
 * stop words too, so that match explanations do not give them as reasons;
 * the content words around them are not. */
Test(analyze, description_function_words_are_stop_words, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    static const char *const stop[] = {"约", "以上", "左右"};
    static const char *const plain[] = {"提升", "温度"};
    const char *text = "良率约85%，提升至95%以上，温度在20度左右";
    expect_stop(text, stop, sizeof stop / sizeof stop[0], 1);
    expect_stop(text, plain, sizeof plain / sizeof plain[0], 0);
}

/* The locative characters 上 下 中 standing alone ("已在实验线上完成",
 * "在此条件下", "在系统中") are stop words: a listing on 线上服务 was
 * matched to a photonics offer by 上 alone. Words that hold them (上海,
 * 下载, 中药) are not. */
Test(analyze, lone_locatives_are_stop_words, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    static const char *const stop[] = {"上", "下", "中"};
    static const char *const plain[] = {"上海", "下载", "中药"};
    const char *text = "已在实验线上完成，在此条件下运行，在系统中；上海的中药下载";
    expect_stop(text, stop, sizeof stop / sizeof stop[0], 1);
    expect_stop(text, plain, sizeof plain / sizeof plain[0], 0);
}

/* A two-character stop word is a stop word as a bigram too (search 以上
 * found every listing with 以上, and match gave it as a reason); the same
 * two characters across two words (以 上海) or inside a word (可能性) are an
 * ordinary bigram. */
Test(analyze, stop_word_bigrams, .init = dj_test_text_setup, .fini = dj_test_text_teardown)
{
    size_t i;
    int stopped = 0, plain = 0;
    analyze("寿命十年以上，以上海为例，可能性很大", DJ_ANALYZE_WORDS | DJ_ANALYZE_BIGRAMS);
    for (i = 0; i < c.n; i++) {
        if (c.kind[i] != DJ_TERM_BIGRAM)
            continue;
        if (!strcmp(c.text[i], "以上") && c.start[i] == 12)
            stopped += c.stop[i] == 1;
        if (!strcmp(c.text[i], "以上") && c.start[i] == 21)
            plain += c.stop[i] == 0;
        if (!strcmp(c.text[i], "可能"))
            plain += c.stop[i] == 0;
        if (!strcmp(c.text[i], "十年"))
            plain += c.stop[i] == 0;
    }
    cr_assert_eq(stopped, 1, "the bigram of the word 以上 is a stop word");
    cr_assert_eq(plain, 3, "以(上海), (可能)性 and 十年 are not");
}

/* A term that ends inside what one original character became (㍿ -> 株式
 * 会社) spans that whole character: its highlight was empty. */
Test(analyze, term_inside_an_expansion_spans_the_character, .init = dj_test_text_setup,
     .fini = dj_test_text_teardown)
{
    long i;
    analyze("日本㍿合作", DJ_ANALYZE_ALL);
    cr_assert_geq(i = dj_test_find(&c, "式会", DJ_TERM_BIGRAM), 0);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 9, "end %zu", c.end[i]);
    cr_assert_geq(i = dj_test_find(&c, "株式", DJ_TERM_BIGRAM), 0);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 9);
    cr_assert_geq(i = dj_test_find(&c, "会社", DJ_TERM_BIGRAM), 0);
    cr_assert_eq(c.end[i], 9);
    cr_assert_geq(i = dj_test_find(&c, "社合", DJ_TERM_BIGRAM), 0);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 12);
}

/* A dictionary word mixing Latin and Han (5G专网, a user term) keeps its
 * Latin part searchable in search mode: "5g" is a term of its own, as it is
 * when the word is not in the dictionary, and so are its Han sub-words. */
Test(analyze, latin_part_of_a_mixed_word)
{
    char path[] = "/tmp/dj_userdict_XXXXXX";
    dj_diag d;
    long i;

    temp_dict(path, "5G专网 1000\n");
    cr_assert_eq(dj_text_init(path, &d), DJ_OK, "%s", d.message);
    analyze("工厂5G专网改造", DJ_ANALYZE_ALL);
    cr_assert_geq(dj_test_find(&c, "5g专网", DJ_TERM_WORD), 0);
    cr_assert_geq(i = dj_test_find(&c, "5g", DJ_TERM_LATIN), 0);
    cr_assert_eq(c.start[i], 6);
    cr_assert_eq(c.end[i], 8);
    analyze("工厂5G专网改造", DJ_ANALYZE_WORDS);
    cr_assert_lt(dj_test_find(&c, "5g", DJ_TERM_LATIN), 0, "only in search mode");
    dj_text_shutdown();
    unlink(path);
}

/* The fingerprint names what the analyser reads text with: the same after
 * a second start with the same dictionaries, another with a user word; the
 * one kept from the start is the one computed when stopped. */
Test(analyze, fingerprint_follows_the_dictionaries)
{
    uint64_t plain, again, user, stopped;
    cr_assert_eq(dj_text_init(NULL, NULL), DJ_OK);
    plain = dj_text_fingerprint();
    dj_text_shutdown();
    cr_assert_eq(dj_text_init(NULL, NULL), DJ_OK);
    again = dj_text_fingerprint();
    dj_text_shutdown();
    cr_assert_eq(dj_text_init_words("硅基光互连\n", strlen("硅基光互连\n"), NULL, NULL), DJ_OK);
    user = dj_text_fingerprint();
    dj_text_shutdown();
    stopped = dj_text_fingerprint();
    cr_assert_eq(plain, again);
    cr_assert_neq(plain, user);
    cr_assert_eq(stopped, plain);
}
