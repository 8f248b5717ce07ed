/* test_terms.c - the domain terms of a database (src/app/terms.c): added,
 * imported, listed, removed and loaded as the segmenter's user dictionary;
 * a bad word, a bad file line or a role below staff changes nothing. */
#include "duijie/dj_app.h"
#include "duijie/dj_text.h"
#include "helper_db.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256], file[300];

static dj_app *open_as(int role)
{
    return th_open_as(path, role, 0);
}

static void setup(void)
{
    th_db_path(path, sizeof path, "terms");
    snprintf(file, sizeof file, "%s.txt", path);
}

static void teardown(void)
{
    th_db_remove(path);
    remove(file);
    dj_text_shutdown();
}

static void write_file(const char *content, size_t len)
{
    FILE *f = fopen(file, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(content, 1, len, f), len);
    fclose(f);
}

/* Rows of dict_terms, or of audit_log about them. */
static int64_t count(dj_app *app, const char *table)
{
    int64_t audited = -1, n = th_count(app, "dict_terms", &audited);
    return strcmp(table, "audit_log") == 0 ? audited : n;
}

struct find {
    const char *word;
    int found;
};

static int find_cb(const dj_term *t, void *ctx)
{
    struct find *f = ctx;
    f->found |= t->kind == DJ_TERM_WORD && t->len == strlen(f->word) &&
                memcmp(t->text, f->word, t->len) == 0;
    return 0;
}

/* 1 when analysing text yields word as one word term. */
static int segments_whole(const char *text, const char *word)
{
    struct find f = {word, 0};
    cr_assert_eq(dj_text_analyze(text, strlen(text), DJ_ANALYZE_WORDS, find_cb, &f), DJ_OK);
    return f.found;
}

Test(terms, added_imported_listed_and_used, .init = setup, .fini = teardown)
{
    static const char lines[] =
        "\xef\xbb\xbf# 园区的领域词\n硅基光互连\r\n装配式建筑 500\n\n  多天线认知无线\n";
    dj_app *app = open_as(DJ_ROLE_STAFF);
    dj_buf out;
    dj_diag d;
    long added = 0, same = -1;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_term_add(app, "量子点显示屏", 0, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_term_add(app, "量子点显示屏", 1000, NULL, &d), DJ_OK,
                 "a second add updates");
    { /* the same again, in another spelling too: nothing written, no audit entry */
        int changed = -1;
        cr_assert_eq(dj_app_term_add(app, "量子點顯示屏", 1000, &changed, &d), DJ_OK, "%s",
                     d.message);
        cr_assert_eq(changed, 0);
        cr_assert_eq(count(app, "audit_log"), 2);
        cr_assert_eq(dj_app_term_add(app, "量子点显示屏", 0, &changed, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(changed, 1, "back to the automatic frequency is a change");
        cr_assert_eq(dj_app_term_add(app, "量子点显示屏", 1000, &changed, &d), DJ_OK, "%s",
                     d.message);
        cr_assert_eq(changed, 1);
    }
    write_file(lines, sizeof lines - 1);
    cr_assert_eq(dj_app_terms_import(app, file, &added, &same, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(added, 3);
    cr_assert_eq(same, 0);
    cr_assert_eq(count(app, "dict_terms"), 4);
    cr_assert_eq(count(app, "audit_log"), 5);
    /* the same file again: every term stored as it is, nothing written */
    cr_assert_eq(dj_app_terms_import(app, file, &added, &same, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(added, 0);
    cr_assert_eq(same, 3);
    cr_assert_eq(count(app, "audit_log"), 5, "an import that wrote nothing is not audited");
    cr_assert_eq(dj_app_terms_json(app, &out, &d), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&out), "{\"word\":\"量子点显示屏\",\"freq\":1000,"), "%s",
              dj_buf_cstr(&out));
    cr_assert(strstr(dj_buf_cstr(&out), "{\"word\":\"硅基光互连\",\"freq\":null,"), "%s",
              dj_buf_cstr(&out));

    cr_assert_eq(dj_app_text_init(app, &d), DJ_OK, "%s", d.message);
    cr_assert(segments_whole("高速光电子器件与硅基光互连技术", "硅基光互连"));
    cr_assert(segments_whole("新型装配式建筑施工", "装配式建筑"));
    dj_text_shutdown();

    cr_assert_eq(dj_app_term_remove(app, "硅基光互连", &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_term_remove(app, "硅基光互连", &d), DJ_ENOTFOUND);
    cr_assert_eq(count(app, "audit_log"), 6, "a refused removal is not recorded");
    cr_assert_eq(dj_app_text_init(app, &d), DJ_OK, "%s", d.message);
    cr_assert(!segments_whole("高速光电子器件与硅基光互连技术", "硅基光互连"), "removed");
    dj_buf_fini(&out);
    dj_app_close(app);
}

/* An import maps a second spelling of a term (full-width, upper case,
 * traditional) onto the stored one, as dj_app_term_add does, also between
 * two lines of one file and after a BOM where two files were joined; so
 * removing one spelling removes the term. */
Test(terms, import_merges_spellings_of_one_term, .init = setup, .fini = teardown)
{
    static const char lines[] = "ai判图 50\n數據中台\n\xef\xbb\xbf数据中台 7\n";
    dj_app *app = open_as(DJ_ROLE_STAFF);
    dj_buf out;
    dj_diag d;
    long added = 0;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_term_add(app, "ＡＩ判图", 0, NULL, &d), DJ_OK, "%s", d.message);
    write_file(lines, sizeof lines - 1);
    cr_assert_eq(dj_app_terms_import(app, file, &added, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(added, 3, "each line changes a term");
    cr_assert_eq(count(app, "dict_terms"), 2, "two terms, each in one spelling");
    cr_assert_eq(dj_app_terms_json(app, &out, &d), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&out), "{\"word\":\"ＡＩ判图\",\"freq\":50,"), "%s",
              dj_buf_cstr(&out));
    cr_assert(strstr(dj_buf_cstr(&out), "{\"word\":\"數據中台\",\"freq\":7,"), "%s",
              dj_buf_cstr(&out));
    cr_assert_eq(dj_app_term_remove(app, "ai判图", &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_term_remove(app, "数据中台", &d), DJ_OK, "%s", d.message);
    cr_assert_eq(count(app, "dict_terms"), 0, "no second row left behind");
    dj_buf_fini(&out);
    dj_app_close(app);
}

Test(terms, bad_words_files_and_roles_change_nothing, .init = setup, .fini = teardown)
{
    static const struct {
        const char *word, *says;
    } bad[] = {
        {"", "empty term"},
        {"两个 词", "one word"},
        {"制表\t符", "one word"},
        {"#话题", "cannot start with #"},
        {"\xff\xfe", "invalid UTF-8"},
        {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "at most 32"},
        {"\xc2\x85控制", "invisible"},         /* C1 control (NEL) */
        {"行\xe2\x80\xa8分隔", "invisible"},   /* U+2028 line separator */
        {"零\xe2\x80\x8b宽", "invisible"},     /* U+200B zero-width space */
        {"\xef\xbb\xbf储能", "invisible"},     /* U+FEFF, a BOM inside a word */
        {"全角\xe3\x80\x80空格", "invisible"}, /* U+3000 ideographic space */
    };
    static const struct {
        const char *content;
        long line;
        const char *says;
    } files[] = {
        {"好词\n坏 词 x\n", 2, "frequency must be a whole number"},
        {"好词 0\n", 1, "frequency must be a whole number"},
        {"好词 10000000000000\n", 1, "frequency must be a whole number"},
        {"好词\n\n#注释\n#话\xff\n\xff\n", 5, "invalid UTF-8"},
        {"好词\n好词 1\xff\n", 2, "invalid UTF-8"}, /* not "a bad frequency" */
        {"好词\n半\xc2\xa0角\n", 2, "invisible"},
    };
    static const int below_staff[] = {DJ_ROLE_VIEWER, DJ_ROLE_MEMBER, DJ_ROLE_ORGANISER};
    dj_app *app = open_as(DJ_ROLE_ADMIN);
    dj_diag d;
    long added = 7;

    cr_assert_eq(dj_app_term_add(app, "储能电站", 0, NULL, &d), DJ_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dj_diag_clear(&d);
        cr_assert_eq(dj_app_term_add(app, bad[i].word, 0, NULL, &d), DJ_EINVAL, "'%s'",
                     bad[i].word);
        cr_assert(strstr(d.message, bad[i].says), "'%s': %s", bad[i].word, d.message);
    }
    cr_assert_eq(dj_app_term_add(app, "好词", -1, NULL, &d), DJ_EINVAL);
    cr_assert_eq(dj_app_term_add(app, "好词", 1000000000001LL, NULL, &d), DJ_EINVAL);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        dj_diag_clear(&d);
        write_file(files[i].content, strlen(files[i].content));
        cr_assert_eq(dj_app_terms_import(app, file, &added, NULL, &d), DJ_EINVAL, "file %zu", i);
        cr_assert_eq(d.line, files[i].line, "file %zu: line %ld", i, d.line);
        cr_assert_str_eq(d.file, file);
        cr_assert(strstr(d.message, files[i].says), "file %zu: %s", i, d.message);
        cr_assert_eq(added, 0);
    }
    write_file("好\0词\n", 7);
    cr_assert_eq(dj_app_terms_import(app, file, NULL, NULL, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "NUL byte"), "%s", d.message);
    remove(file);
    cr_assert_eq(dj_app_terms_import(app, file, NULL, NULL, &d), DJ_EIO);
    cr_assert_str_eq(d.file, file);
    dj_app_close(app);

    for (size_t i = 0; i < sizeof below_staff / sizeof below_staff[0]; i++) {
        app = open_as(below_staff[i]);
        cr_assert_eq(dj_app_term_add(app, "好词", 0, NULL, &d), DJ_EPERM);
        cr_assert_eq(dj_app_term_remove(app, "储能电站", &d), DJ_EPERM);
        cr_assert_eq(dj_app_terms_import(app, file, NULL, NULL, &d), DJ_EPERM);
        dj_app_close(app);
    }
    app = open_as(DJ_ROLE_ADMIN);
    cr_assert_eq(count(app, "dict_terms"), 1, "only the good word");
    cr_assert_eq(count(app, "audit_log"), 1, "nothing refused was recorded");
    dj_app_close(app);
}

/* An allocation failure anywhere in an import (or in loading the terms as
 * the segmenter's dictionary) is DJ_ENOMEM and changes nothing; the same
 * call then succeeds (a failed load leaves nothing to shut down first). */
Test(terms, allocation_failures_change_nothing, .init = setup, .fini = teardown)
{
    static const char lines[] = "硅基光互连\n装配式建筑 500\n多天线认知无线\n";
    dj_app *app = open_as(DJ_ROLE_STAFF);
    long n, added = 0;
    int rc = DJ_ENOMEM;

    write_file(lines, sizeof lines - 1);
    for (n = 1; rc != DJ_OK; n++) {
        dj_test_fail_alloc_after(n);
        rc = dj_app_terms_import(app, file, &added, NULL, NULL);
        dj_test_fail_alloc_after(0);
        if (rc == DJ_OK) /* every allocation made, or the rest optional (statement cache) */
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_eq(added, 0);
        cr_assert_eq(count(app, "dict_terms"), 0, "n=%ld: a failed import wrote terms", n);
        cr_assert_eq(count(app, "audit_log"), 0, "n=%ld: a failed import was recorded", n);
    }
    cr_assert_gt(n, 1, "the import never reached an allocation");
    cr_assert_eq(added, 3);
    cr_assert_eq(count(app, "dict_terms"), 3);

    for (n = 1, rc = DJ_ENOMEM; rc != DJ_OK; n++) {
        dj_test_fail_alloc_after(n);
        rc = dj_app_text_init(app, NULL);
        dj_test_fail_alloc_after(0);
        if (rc == DJ_OK)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "loading the terms never reached an allocation");
    cr_assert(segments_whole("高速光电子器件与硅基光互连技术", "硅基光互连"));
    dj_app_close(app);
}
