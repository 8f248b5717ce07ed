/* test_model.c - validation of the values that enter the database. */
#include "duijie/dj_csv.h"
#include "duijie/dj_model.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <string.h>

Test(uscc, accepts_valid_and_rejects_bad_checksums)
{
    char code[19] = "91450200MA5K00000";
    dj_diag d;
    code[17] = dj_uscc_check_char(code);
    code[18] = '\0';
    cr_assert_eq(dj_uscc_check(code, 18, &d), DJ_OK, "%s", d.message);
    /* a published real code: 阿里巴巴（中国）有限公司 */
    cr_assert_eq(dj_uscc_check("91330100799655058B", 18, &d), DJ_OK, "%s", d.message);
    code[17] = code[17] == '0' ? '1' : '0';
    cr_assert_eq(dj_uscc_check(code, 18, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "checksum") != NULL);
    cr_assert_eq(dj_uscc_check("91450200MA5K0000I0", 18, &d), DJ_EINVAL); /* I not allowed */
    cr_assert_eq(dj_uscc_check("914502", 6, &d), DJ_EINVAL);
}

Test(region, normalises_prefixes_and_rejects_unknown_codes)
{
    char out[7];
    cr_assert_eq(dj_region_normalize(out, "4502", 4), DJ_OK);
    cr_assert_str_eq(out, "450200");
    cr_assert_str_eq(dj_region_name("450200"), "柳州市");
    cr_assert_str_eq(dj_region_name("620100"), "兰州市");
    cr_assert_str_eq(dj_region_name("810000"), "香港特别行政区"); /* not in the package */
    cr_assert_eq(dj_region_normalize(out, "82", 2), DJ_OK);
    cr_assert_str_eq(out, "820000");
    cr_assert_str_eq(dj_region_name("710000"), "台湾省");
    cr_assert_eq(dj_region_normalize(out, "999999", 6), DJ_EINVAL);
    cr_assert_eq(dj_region_normalize(out, "45020", 5), DJ_EINVAL);
    cr_assert_eq(dj_region_normalize(out, "45x200", 6), DJ_EINVAL);
}

/* A region by its name, with or without its suffix; an equal name of two
 * regions is refused with both codes; a prefix covers the codes below. */
Test(region, found_by_name)
{
    static const struct {
        const char *in, *code;
    } good[] = {{"南宁市", "450100"},         {"南宁", "450100"},   {"广西", "450000"},
                {"广西壮族自治区", "450000"}, {"450300", "450300"}, {"4503", "450300"}};
    char out[7], why[300];
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        cr_assert_eq(dj_region_find(out, good[i].in, strlen(good[i].in), why, sizeof why), DJ_OK,
                     "%s: %s", good[i].in, why);
        cr_assert_str_eq(out, good[i].code, "%s", good[i].in);
    }
    cr_assert_eq(dj_region_find(out, "朝阳区", strlen("朝阳区"), why, sizeof why), DJ_EINVAL);
    cr_assert(strstr(why, "110105") && strstr(why, "220104"), "%s", why);
    cr_assert_eq(dj_region_find(out, "不存在", strlen("不存在"), why, sizeof why), DJ_EINVAL);
    cr_assert(strstr(why, "unknown region"), "%s", why);
    cr_assert_eq(dj_region_find(out, "南", strlen("南"), why, sizeof why), DJ_EINVAL,
                 "a part of a name is no name");
    cr_assert_eq(dj_region_prefix_len("450000"), 2);
    cr_assert_eq(dj_region_prefix_len("450100"), 4);
    cr_assert_eq(dj_region_prefix_len("450103"), 6);
}

Test(date, parses_four_spellings_and_checks_the_calendar)
{
    char out[11];
    cr_assert_eq(dj_date_parse(out, "2024-06-05", 10), DJ_OK);
    cr_assert_str_eq(out, "2024-06-05");
    cr_assert_eq(dj_date_parse(out, "2024/6/5", 8), DJ_OK);
    cr_assert_str_eq(out, "2024-06-05");
    cr_assert_eq(dj_date_parse(out, "2024.6.5", 8), DJ_OK, "dotted, as in many official tables");
    cr_assert_str_eq(out, "2024-06-05");
    cr_assert_eq(dj_date_parse(out, "2024.06.05", 10), DJ_OK);
    cr_assert_str_eq(out, "2024-06-05");
    cr_assert_eq(dj_date_parse(out, "2024.6", 6), DJ_EINVAL, "a month is no date");
    cr_assert_eq(dj_date_parse(out, "2024..5", 7), DJ_EINVAL);
    cr_assert_eq(dj_date_parse(out, "2026年6月1日", strlen("2026年6月1日")), DJ_OK);
    cr_assert_str_eq(out, "2026-06-01");
    cr_assert_eq(dj_date_parse(out, "2024-02-30", 10), DJ_EINVAL);
    cr_assert_eq(dj_date_parse(out, "2023-02-29", 10), DJ_EINVAL);
    cr_assert_eq(dj_date_parse(out, "2024-02-29", 10), DJ_OK);
}

/* As a spreadsheet writes a date cell: its midnight time, or the digits only. */
Test(date, spreadsheet_forms)
{
    static const char *const good[] = {"2024/3/5 0:00", "2024/03/05 00:00:00", "2024-03-05T00:00",
                                       "20240305"};
    static const char *const bad[] = {"2024/3/5 9:30", "2024/3/5 0:0",      "2024/3/5 0:00:01",
                                      "2024/3/5 ",     "2024年3月5日 0:00", "20240230",
                                      "2024030",       "202403051"};
    char out[11];
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        cr_assert_eq(dj_date_parse(out, good[i], strlen(good[i])), DJ_OK, "%s", good[i]);
        cr_assert_str_eq(out, "2024-03-05", "%s", good[i]);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(dj_date_parse(out, bad[i], strlen(bad[i])), DJ_EINVAL, "%s", bad[i]);
}

Test(date, next_day_crosses_months_years_and_leap_days)
{
    char out[11];
    static const char *const cases[][2] = {
        {"2026-02-27", "2026-02-28"}, {"2026-02-28", "2026-03-01"}, {"2024-02-28", "2024-02-29"},
        {"2024-02-29", "2024-03-01"}, {"2000-02-28", "2000-02-29"}, {"2100-02-28", "2100-03-01"},
        {"2026-04-30", "2026-05-01"}, {"2026-12-31", "2027-01-01"}, {"2026-01-31", "2026-02-01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_assert_eq(dj_date_next(out, cases[i][0]), DJ_OK, "%s", cases[i][0]);
        cr_assert_str_eq(out, cases[i][1]);
    }
    strcpy(out, "2026-12-31"); /* in place */
    cr_assert_eq(dj_date_next(out, out), DJ_OK);
    cr_assert_str_eq(out, "2027-01-01");
    cr_assert_eq(dj_date_next(out, "2026-02-29"), DJ_EINVAL);
    cr_assert_eq(dj_date_next(out, "2026/03/01"), DJ_EINVAL); /* not normalised */
    cr_assert_eq(dj_date_next(out, "2026-3-1"), DJ_EINVAL);
    cr_assert_eq(dj_date_next(out, NULL), DJ_EINVAL);
}

static int parse(const char *type, const char *col, const char *text, dj_cell *c, dj_diag *d)
{
    const dj_record_type *t = dj_record_type_find(type);
    int k = dj_record_column(t, col, strlen(col));
    cr_assert_geq(k, 0, "column %s", col);
    return dj_cell_parse(c, &t->cols[k], text, strlen(text), d);
}

Test(cell, parses_each_column_type)
{
    dj_cell c;
    dj_diag d;
    cr_assert_eq(parse("listings", "供需", "需求", &c, &d), DJ_OK);
    cr_assert_str_eq(c.s, "demand");
    dj_free(c.s);
    cr_assert_eq(parse("listings", "合作方式", "转让；技术服务", &c, &d), DJ_OK);
    cr_assert_eq(c.i, (1 << 0) | (1 << 3));
    cr_assert_eq(parse("projects", "总投资", "11亿元", &c, &d), DJ_OK);
    cr_assert_eq(c.i, 110000000000LL);
    cr_assert_eq(parse("projects", "建筑面积", "3.79万", &c, &d), DJ_OK);
    cr_assert_eq(c.i, 3790000); /* hundredths of m² */
    cr_assert_eq(parse("listings", "关键词", " 5G， 光电子 、 ", &c, &d), DJ_OK);
    cr_assert_str_eq(c.s, "5G;光电子");
    dj_free(c.s);
}

/* Numbers, dates and codes typed in an input method's full-width mode are
 * read as their ASCII forms; an error quotes the value as written. */
Test(cell, full_width_numbers_dates_and_codes)
{
    dj_cell c;
    dj_diag d;
    cr_assert_eq(parse("projects", "就业岗位", "１２０", &c, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(c.i, 120);
    cr_assert_eq(parse("projects", "用地亩数", "３５．５", &c, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(c.i, 3550);
    cr_assert_eq(parse("projects", "总投资", "１，５００万元", &c, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(c.i, 1500000000LL);
    cr_assert_eq(parse("projects", "签约日期", "２０２４年３月５日", &c, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_str_eq(c.s, "2024-03-05");
    dj_free(c.s);
    cr_assert_eq(parse("projects", "签约日期", "２０２４－０３－０５　", &c, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_str_eq(c.s, "2024-03-05");
    dj_free(c.s);
    cr_assert_eq(parse("projects", "行业", "ｃ３６", &c, &d), DJ_OK, "%s", d.message);
    cr_assert_str_eq(c.s, "C36");
    dj_free(c.s);
    cr_assert_eq(parse("projects", "就业岗位", "１２Ａ", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "'１２Ａ'") != NULL, "%s", d.message);
}

Test(cell, names_the_reason_for_each_error_class)
{
    dj_cell c;
    dj_diag d;
    char long_title[700];
    size_t i;

    cr_assert_eq(parse("listings", "类别", "投资啊", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "unknown value") != NULL);
    cr_assert_str_eq(d.field, "类别");
    cr_assert_eq(parse("orgs", "地区", "459999", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "region") != NULL);
    cr_assert_eq(parse("projects", "总投资", "-5万", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "negative") != NULL);
    cr_assert_eq(parse("orgs", "名称", "a\xff", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "UTF-8") != NULL);
    for (i = 0; i < 201; i++)
        memcpy(long_title + 3 * i, "长", 3);
    long_title[603] = '\0';
    cr_assert_eq(parse("listings", "标题", long_title, &c, &d), DJ_ELIMIT);
    cr_assert_eq(parse("orgs", "统一社会信用代码", "91330100799655058C", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "checksum") != NULL, "%s", d.message);
}

/* Control characters are refused in every cell (they reached terminals,
 * ICS and XLSX as they were: an ESC sequence in a title rewrote the screen
 * of whoever searched); tab and line ends are text. */
Test(cell, control_characters_are_refused)
{
    dj_cell c;
    dj_diag d;
    cr_assert_eq(parse("orgs", "名称", "控制\x01字符公司", &c, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "control character U+0001 at byte 7"), "%s", d.message);
    cr_assert_str_eq(d.field, "名称");
    cr_assert_eq(parse("listings", "标题", "终端\x1b[2J标题", &c, &d), DJ_EINVAL);
    cr_assert_eq(parse("listings", "关键词", "a;b\x7f", &c, &d), DJ_EINVAL);
    cr_assert_eq(parse("listings", "内容", "第一行\n第二行\r\n\t缩进", &c, &d), DJ_OK);
    dj_free(c.s);
}

/* Invisible and Unicode space characters at the ends of a value are
 * trimmed like ASCII blanks, so a title of only zero-width spaces is a
 * missing title; inside a value they stay. */
Test(cell, unicode_blanks_are_trimmed)
{
    dj_cell c;
    dj_diag d;
    cr_assert_eq(parse("listings", "标题", "\xE2\x80\x8B\xEF\xBB\xBF\xE3\x80\x80", &c, &d),
                 DJ_EINVAL);
    cr_assert(strstr(d.message, "required value is missing"), "%s", d.message);
    cr_assert_eq(
        parse("listings", "标题", "\xC2\xA0 光电\xE2\x80\x8B子\xE2\x80\xAF\xE2\x81\xA0", &c, &d),
        DJ_OK);
    cr_assert_str_eq(c.s, "光电\xE2\x80\x8B子");
    dj_free(c.s);
    cr_assert_eq(parse("listings", "标题", "合\xC2\xA0", &c, &d), DJ_OK);
    cr_assert_str_eq(c.s, "合");
    dj_free(c.s);
}

/* 面议 (negotiable) where a price list has no amount is no amount: blank,
 * as an empty cell; any other word is still refused. */
Test(cell, negotiable_price_is_blank)
{
    static const char *const words[] = {"面议", " 议价 ", "面谈", "待定"};
    dj_cell c;
    dj_diag d;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        cr_assert_eq(parse("listings", "价格下限", words[i], &c, &d), DJ_OK, "%s", words[i]);
        cr_assert_eq(c.present, 0, "%s", words[i]);
    }
    cr_assert_eq(parse("listings", "价格下限", "很贵", &c, &d), DJ_EINVAL);
}

/* Industry codes (GB/T 4754) of orgs, listings and projects: stored
 * upper-case, so that c39 and C39 are one code for search and match; what
 * is no such code is refused, naming 行业 and the reason. */
Test(cell, industry_codes_are_upper_cased_and_checked)
{
    static const char *const types[] = {"orgs", "listings", "projects"};
    static const char *const good[][2] = {
        {"c39", "C39"},       {"C39", "C39"},    {"i65", "I65"},
        {" c3911 ", "C3911"}, {"C391", "C391"},  {"a", "A"},
        {"T", "T"},           {"Ｃ３９", "C39"}, {"ｃ３９１１", "C3911"},
    };
    static const char *const bad_codes[] = {"ZZZ99", "U12",  "C3",       "C39111", "39",   "CC39",
                                            "C-39",  "c 39", "集成电路", "Ｃ３",   "C３9x"};
    dj_cell c;
    dj_diag d;

    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
            cr_assert_eq(parse(types[t], "行业", good[i][0], &c, &d), DJ_OK, "%s %s: %s", types[t],
                         good[i][0], d.message);
            cr_assert_str_eq(c.s, good[i][1], "%s '%s'", types[t], good[i][0]);
            dj_free(c.s);
        }
        for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
            dj_diag_clear(&d);
            cr_assert_eq(parse(types[t], "industry", bad_codes[i], &c, &d), DJ_EINVAL, "%s '%s'",
                         types[t], bad_codes[i]);
            cr_assert_str_eq(d.field, "行业");
            cr_assert(strstr(d.message, "not a GB/T 4754 industry code"), "%s", d.message);
            cr_assert(strstr(d.message, bad_codes[i]), "%s", d.message);
        }
        cr_assert_eq(parse(types[t], "行业", "  ", &c, &d), DJ_OK, "empty stays allowed");
        cr_assert(!c.present);
    }
}

Test(csv, decodes_gbk_and_bom_and_reads_quoted_records)
{
    /* "名称\n桂林" in GBK: C3FB B3C6 0A B9F0 C1D6 */
    const char gbk[] = "\xC3\xFB\xB3\xC6\n\xB9\xF0\xC1\xD6\n";
    const char bom[] = "\xEF\xBB\xBF"
                       "a,b\n";
    char *out;
    size_t len;
    int enc;
    dj_csv r;
    dj_csv_field f[DJ_CSV_MAX_FIELDS];
    int n;
    long line;

    cr_assert_eq(dj_csv_decode(&out, &len, &enc, gbk, sizeof gbk - 1, NULL), DJ_OK);
    cr_assert_eq(enc, DJ_ENC_GB18030);
    cr_assert_str_eq(out, "名称\n桂林\n");
    dj_free(out);
    cr_assert_eq(dj_csv_decode(&out, &len, &enc, bom, sizeof bom - 1, NULL), DJ_OK);
    cr_assert_eq(enc, DJ_ENC_UTF8_BOM);
    cr_assert_str_eq(out, "a,b\n");
    dj_free(out);

    const char *text = "x,\"a,\"\"b\"\"\nc\"\n\ny,z\n";
    dj_csv_init(&r, text, strlen(text));
    cr_assert_eq(dj_csv_next(&r, f, &n, &line, NULL), 1);
    cr_assert_eq(n, 2);
    cr_assert_eq(f[1].len, 7);
    cr_assert_eq(memcmp(f[1].ptr, "a,\"b\"\nc", 7), 0);
    cr_assert_eq(dj_csv_next(&r, f, &n, &line, NULL), 1);
    cr_assert_eq(line, 4, "the second record starts on physical line 4");
    cr_assert_eq(dj_csv_next(&r, f, &n, &line, NULL), 0);
    dj_csv_fini(&r);
}

/* GBK whose first non-ASCII character happens to be valid UTF-8 (园 is
 * D4 B0) is still GBK; UTF-8 with one broken byte is still UTF-8. */
Test(csv, tells_gbk_from_slightly_broken_utf8)
{
    const char gbk[] = "name,kind,region\n\xD4\xB0\xC7\xF8\xBC\xD7,\xD4\xB0\xC7\xF8,"
                       "450200\n\xD1\xA7\xD4\xBA\xD2\xD2,\xB8\xDF\xD0\xA3,450200\n";
    const char utf8[] = "名称,类型\n桂林电子科技大学,高\xff校\n";
    char *out = NULL;
    size_t len;
    int enc;

    cr_assert_eq(dj_csv_decode(&out, &len, &enc, gbk, sizeof gbk - 1, NULL), DJ_OK);
    cr_assert_eq(enc, DJ_ENC_GB18030);
    cr_assert(strstr(out, "园区甲,园区,450200\n学院乙,高校"), "%s", out);
    dj_free(out);
    cr_assert_eq(dj_csv_decode(&out, &len, &enc, utf8, sizeof utf8 - 1, NULL), DJ_OK);
    cr_assert_eq(enc, DJ_ENC_UTF8, "the broken byte is left for the cell validator");
    dj_free(out);

    /* a GBK header ("名称" C3FB B3C6) decides, even over cells of 园 (D4 B0) */
    char yuan[4 + 1 + 2 * 64 + 2];
    size_t k = 0;
    memcpy(yuan, "\xC3\xFB\xB3\xC6\n", 5);
    for (k = 0; k < 64; k++)
        memcpy(yuan + 5 + 2 * k, "\xD4\xB0", 2);
    yuan[5 + 128] = '\n';
    cr_assert_eq(dj_csv_decode(&out, &len, &enc, yuan, 5 + 128 + 1, NULL), DJ_OK);
    cr_assert_eq(enc, DJ_ENC_GB18030);
    cr_assert(!strncmp(out, "名称\n园园", strlen("名称\n园园")), "%s", out);
    dj_free(out);
}

Test(csv, rejects_bytes_valid_in_neither_encoding)
{
    const char bad[] = "ok\n\x81\x20\n";
    char *out = NULL;
    size_t len;
    int enc;
    dj_diag d;
    dj_diag_clear(&d);
    cr_assert_eq(dj_csv_decode(&out, &len, &enc, bad, sizeof bad - 1, &d), DJ_EINVAL);
    cr_assert_eq(d.line, 2);
}
