/* cmd_news.c - `duijie news`: bulletin text from newspaper PDFs to articles,
 * figures and draft records, and the review of those drafts.
 *
 *   extract FILE [--json]            articles ({"articles": [...]}, see
 *                                    dj_news.h; a fixed interface) or a
 *                                    readable summary; touches no database
 *   import FILE [--db] [--json]      stores the proposed draft events, deals
 *                                    and projects as pending (app_news.h)
 *   drafts [--status S] [--json]     lists stored drafts
 *   show ID                          one draft as JSON
 *   accept ID [FIELD=VALUE...]       creates the real record from the draft
 *   reject ID                        marks the draft rejected
 * Nothing becomes a real record until accepted. */
#include "cli/cli.h"

#include "app/app_news.h"
#include "cli/cli_app.h"
#include "duijie/dj_csv.h"
#include "duijie/dj_news.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char dj_cmd_news_summary[] = "extract articles, figures and draft records from bulletin text";

static void usage(FILE *f)
{
    fputs("usage: duijie news extract FILE [--json]\n"
          "       duijie news import FILE [--db PATH] [--json]\n"
          "       duijie news drafts [--status pending|accepted|rejected] [--limit N]\n"
          "                          [--offset N] [--db PATH] [--json]\n"
          "       duijie news show ID [--db PATH]\n"
          "       duijie news accept ID [FIELD=VALUE...] [--db PATH] [--json]\n"
          "       duijie news reject ID [--db PATH] [--json]\n\n"
          "extract  split PDF-extracted bulletin text into articles with title, place,\n"
          "         authors, organisations, dates and labelled quantity facts\n"
          "import   propose draft events, deals and projects from the articles and store\n"
          "         them for review (pending); importing a file again adds nothing.\n"
          "         Nothing becomes a real record until accepted.\n"
          "drafts   list the stored drafts (all, or those with --status; the first 100\n"
          "         unless --limit)\n"
          "show     print one draft as JSON (payload: counts, date, evidence, article)\n"
          "accept   create the event, deal or project the draft proposes: its name,\n"
          "         place (as park, when a park organisation has that name) and amount\n"
          "         are filled in; FIELD=VALUE (Chinese or English names, docs/import.md)\n"
          "         completes or overrides them, FIELD= removes one. Missing required\n"
          "         fields are listed by name.\n"
          "reject   mark the draft rejected\n"
          "FILE may be - for standard input.\n",
          f);
}

/* Reads the text of a bulletin from path ("-" = stdin) as UTF-8: a UTF-8
 * BOM is dropped and GB18030/GBK text (as Chinese Windows tools save it) is
 * converted, by the same detection as CSV imports (dj_csv_decode). A PDF
 * itself is refused with a hint: the engine reads the text extracted from
 * it. A read error (a directory, an I/O error) is DJ_EIO. Every error names
 * path in d->file. */
static int read_all(char **out, size_t *len_out, const char *path, dj_diag *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    dj_buf b;
    char tmp[65536];
    size_t n;
    int enc, rc, err = 0;

    snprintf(d->file, sizeof d->file, "%s", path);
    if (!f)
        return dj_diag_set(d, DJ_EIO, "cannot open: %s", strerror(errno));
    dj_buf_init(&b, (size_t)64 << 20);
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        dj_buf_append(&b, tmp, n);
    if (ferror(f))
        err = errno ? errno : EIO;
    if (f != stdin)
        fclose(f);
    if (err) {
        dj_buf_fini(&b);
        return dj_diag_set(d, DJ_EIO, "cannot read: %s", strerror(err));
    }
    if ((rc = dj_buf_rc(&b)) < 0) {
        dj_buf_fini(&b);
        return dj_diag_set(d, rc, "too large or out of memory");
    }
    if (dj_buf_len(&b) >= 5 && !memcmp(dj_buf_cstr(&b), "%PDF-", 5)) {
        dj_buf_fini(&b);
        return dj_diag_set(d, DJ_EINVAL,
                           "this is a PDF file, not its text: extract the text first (for example "
                           "pdftotext -layout FILE.pdf FILE.txt) and give that file");
    }
    rc = dj_csv_decode(out, len_out, &enc, dj_buf_cstr(&b), dj_buf_len(&b), d);
    dj_buf_fini(&b);
    if (rc == DJ_OK)
        d->file[0] = 0; /* later errors are not about the file's bytes */
    return rc;
}

static void print_text(const dj_news_doc *doc)
{
    size_t i, k;
    for (i = 0; i < doc->narticles; i++) {
        const dj_news_article *a = &doc->articles[i];
        printf("[%zu] %s\n    place: %s\n    authors:", i + 1,
               a->title[0] ? a->title : "(untitled)", a->place[0] ? a->place : "-");
        for (k = 0; k < a->nauthors; k++)
            printf(" %s", a->authors[k]);
        printf("\n    orgs:");
        for (k = 0; k < a->norgs; k++)
            printf(" %s", a->orgs[k]);
        printf("\n    dates:");
        for (k = 0; k < a->ndates; k++)
            printf(" %.*s", (int)(a->dates[k].end - a->dates[k].start),
                   a->text + a->dates[k].start);
        printf("\n    facts:\n");
        for (k = 0; k < a->nfacts; k++) {
            const dj_news_fact *f = &a->facts[k];
            char v[96];
            int64_t fen;
            /* money as the bulletin writes it (286.5 万元); --json keeps yuan */
            if (f->q.kind == DJ_QUANT_MONEY && dj_quant_money_fen(&fen, &f->q) == DJ_OK)
                dj_money_format_cn(v, fen, " ");
            else {
                size_t n;
                dj_quant_format_value(v, 64, &f->q);
                n = strlen(v);
                snprintf(v + n, sizeof v - n, " %s", f->q.unit);
            }
            printf("      %-16s %s%s   「%.*s」\n", f->label[0] ? f->label : "-", v,
                   f->q.approx ? " (approx.)" : "", (int)(f->q.end - f->q.start),
                   a->text + f->q.start);
        }
    }
}

/* The draft's stored state, read back after an import. */
struct state {
    char status[16], record_type[16];
    int64_t record_id;
    dj_buf *json; /* row JSON appended here when non-NULL */
};

static int state_cb(const dj_news_draft_row *r, void *ctx)
{
    struct state *s = ctx;
    snprintf(s->status, sizeof s->status, "%s", r->status);
    snprintf(s->record_type, sizeof s->record_type, "%s", r->record_type);
    s->record_id = r->record_id;
    return s->json ? dj_app_news_row_json(s->json, r) : 0;
}

static void print_status(const struct state *s, int is_new)
{
    if (!strcmp(s->status, "accepted"))
        printf("[accepted: %s %lld]", s->record_type, (long long)s->record_id);
    else
        printf("[%s]", s->status);
    if (!is_new)
        printf(" (already stored)");
}

static void print_draft(const dj_news_draft *d)
{
    size_t k;
    char m[64];

    printf("    place: %s   article: %zu   date: %s\n", d->place[0] ? d->place : "-",
           d->article + 1, d->date[0] ? d->date : "-");
    if (d->amount_fen >= 0) {
        dj_money_format_cn(m, d->amount_fen, " ");
        printf("    amount: %s\n", m);
    }
    if (d->land_mu >= 0)
        printf("    land: %g 亩\n", d->land_mu);
    for (k = 0; k < d->ncounts; k++)
        printf("    %s: %.15g %s\n", d->counts[k].label[0] ? d->counts[k].label : "-",
               d->counts[k].value, d->counts[k].unit);
}

/* import: text (len bytes, read from path by read_all) into pending drafts. */
static int cmd_import(dj_app *app, const char *path, const char *text, size_t len, int json,
                      dj_diag *diag)
{
    const char *source = strcmp(path, "-") == 0 ? "stdin" : path;
    dj_news_import_result res;
    size_t i;
    dj_buf out;
    int rc;

    if (strrchr(source, '/'))
        source = strrchr(source, '/') + 1;
    rc = dj_app_news_import(app, source, text, len, &res, diag);
    if (rc < 0) {
        snprintf(diag->file, sizeof diag->file, "%s", path);
        return rc;
    }
    dj_buf_init(&out, 0);
    if (json) {
        dj_buf_puts(&out, "{\"source\":");
        dj_buf_json_str(&out, source, strlen(source));
        dj_buf_printf(&out, ",\"articles\":%zu,\"new\":%zu,\"existing\":%zu,\"drafts\":[",
                      res.doc->narticles, res.nnew, res.ndrafts - res.nnew);
    } else {
        printf("%s: %zu article(s), %zu draft record(s): %zu new, %zu already stored.\n"
               "Drafts wait for review: nothing becomes an event, deal or project until "
               "accepted.\n",
               source, res.doc->narticles, res.ndrafts, res.nnew, res.ndrafts - res.nnew);
    }
    for (i = 0; i < res.ndrafts && rc == DJ_OK; i++) {
        struct state s;
        memset(&s, 0, sizeof s);
        if (json) {
            s.json = &out;
            if (i)
                dj_buf_putc(&out, ',');
        }
        if ((rc = dj_app_news_each(app, NULL, res.ids[i], state_cb, &s, diag)) < 0)
            break;
        if (!json) {
            printf("\n#%lld %s ", (long long)res.ids[i],
                   dj_news_draft_kind_name(res.drafts[i].kind));
            print_status(&s, res.is_new[i]);
            printf(" %s\n", res.drafts[i].name);
            print_draft(&res.drafts[i]);
        }
    }
    if (rc == DJ_OK && json) {
        dj_buf_puts(&out, "]}\n");
        if ((rc = dj_buf_rc(&out)) < 0)
            dj_diag_set(diag, rc, "cannot format the result");
        else
            fwrite(dj_buf_cstr(&out), 1, dj_buf_len(&out), stdout);
    } else if (rc == DJ_OK && res.ndrafts) {
        printf("\nreview: duijie news drafts | duijie news accept ID FIELD=VALUE... | "
               "duijie news reject ID\n");
    }
    dj_buf_fini(&out);
    dj_app_news_import_fini(&res);
    return rc;
}

struct list_ctx {
    int json;
    long n;
    dj_buf *out;
    dj_app_page *page; /* NULL: every draft (show ID) */
};

/* Prints at most max bytes of s, cut on a character boundary, with … when cut. */
static void print_cut(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max) {
        fputs(s, stdout);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    printf("%.*s…", (int)max, s);
}

static int list_cb(const dj_news_draft_row *r, void *ctx)
{
    struct list_ctx *x = ctx;
    char m[64];

    if (!dj_app_page_take(x->page))
        return 0;
    if (x->json) {
        if (x->n++)
            dj_buf_putc(x->out, ',');
        return dj_app_news_row_json(x->out, r);
    }
    x->n++;
    printf("#%-4lld %-8s %-8s %s", (long long)r->id, r->status, r->kind, r->name);
    if (r->record_id > 0)
        printf("  -> %s %lld", r->record_type, (long long)r->record_id);
    printf("\n      %s", r->place[0] ? r->place : "-");
    if (r->amount_fen >= 0) {
        dj_money_format_cn(m, r->amount_fen, " ");
        printf(" · %s", m);
    }
    printf(" · %s article %ld", r->source, r->article + 1);
    if (r->evidence[0]) {
        printf(" · 「");
        print_cut(r->evidence, 120);
        printf("」");
    }
    putchar('\n');
    return 0;
}

/* news drafts / show ID */
static int cmd_list(dj_app *app, const char *status, int64_t id, int json, dj_app_page *page,
                    dj_diag *diag)
{
    struct list_ctx x = {json, 0, NULL, page};
    dj_buf out;
    int rc;

    dj_buf_init(&out, 0);
    x.out = &out;
    if (json && !id)
        dj_buf_putc(&out, '[');
    rc = dj_app_news_each(app, status, id, list_cb, &x, diag);
    if (json && !id)
        dj_buf_putc(&out, ']');
    dj_buf_putc(&out, '\n');
    if (rc == DJ_OK && (rc = dj_buf_rc(&out)) < 0)
        dj_diag_set(diag, rc, "cannot format the result");
    if (rc == DJ_OK && json)
        fwrite(dj_buf_cstr(&out), 1, dj_buf_len(&out), stdout);
    else if (rc == DJ_OK && x.n == 0)
        printf("no %s%snews drafts\n", status ? status : "", status ? " " : "");
    if (rc == DJ_OK && !json && page)
        dj_cli_page_note(page);
    dj_buf_fini(&out);
    return rc;
}

/* extract: the original engine-only path (its JSON is a fixed interface). */
static int cmd_extract(const char *path, int json)
{
    int rc, ret = DJ_EXIT_OK;
    char *text = NULL;
    size_t len = 0;
    dj_diag diag;
    dj_news_doc *doc = NULL;
    dj_buf out;

    dj_diag_clear(&diag);
    if ((rc = read_all(&text, &len, path, &diag)) < 0 ||
        (rc = dj_news_extract(&doc, text, len, &diag)) < 0) {
        snprintf(diag.file, sizeof diag.file, "%s", path);
        if (json)
            dj_cli_json_error(rc, &diag);
        dj_free(text);
        return dj_cli_fail("news", rc, &diag);
    }
    dj_buf_init(&out, 0);
    if (json)
        rc = dj_news_to_json(&out, doc);
    else
        print_text(doc);
    if (rc < 0) {
        dj_diag_set(&diag, rc, "cannot format the result");
        ret = dj_cli_fail("news", rc, &diag);
    } else if (json) {
        fwrite(dj_buf_cstr(&out), 1, dj_buf_len(&out), stdout);
    }
    dj_buf_fini(&out);
    dj_news_doc_free(doc);
    dj_free(text);
    return ret;
}

int dj_cmd_news(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"db", required_argument, NULL, 'd'},
                                         {"status", required_argument, NULL, 's'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"offset", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *sub, *db = NULL, *status = NULL, *cols[64], *vals[64], *rtype = NULL, *key = NULL;
    int json = 0, c, rc = DJ_OK, n = 0, by_id, paged = 0;
    int64_t id = 0, rid = 0;
    dj_app_page page = {100, 0, 0}; /* drafts: the first 100 unless --limit */
    dj_app *app = NULL;
    dj_diag diag;
    char *text = NULL;
    size_t len = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return DJ_EXIT_OK;
        }
        if (c == 'j')
            json = 1;
        else if (c == 'd')
            db = optarg;
        else if (c == 's')
            status = optarg;
        else if (c == 'l' || c == 'o') {
            if ((rc = dj_cli_page_arg("news", &page, c == 'l' ? "limit" : "offset", optarg)) != 0)
                return rc;
            paged = 1;
        } else
            return dj_cli_unknown_option("news", argc, argv);
    }
    /* getopt_long moved the options first: SUBCOMMAND and its arguments remain */
    if (optind >= argc)
        return dj_cli_usage_error("news", "missing subcommand (extract, import, drafts, show, "
                                          "accept or reject)");
    sub = argv[optind++];
    if (status && strcmp(sub, "drafts")) /* only drafts filters by status */
        return dj_cli_usage_error("news", "%s does not take --status", sub);
    if (paged && strcmp(sub, "drafts")) /* nor pages */
        return dj_cli_usage_error("news", "%s does not take --limit or --offset", sub);
    if (db && !strcmp(sub, "extract")) /* extract reads a file, no database */
        return dj_cli_usage_error("news", "extract does not take --db");
    by_id = !strcmp(sub, "show") || !strcmp(sub, "accept") || !strcmp(sub, "reject");
    if (!strcmp(sub, "extract") || !strcmp(sub, "import")) {
        if (optind + 1 != argc)
            return dj_cli_usage_error("news", "expected one FILE");
        if (!strcmp(sub, "extract"))
            return cmd_extract(argv[optind], json);
    } else if (by_id) {
        if (optind >= argc || (id = dj_cli_id(argv[optind])) < 0)
            return dj_cli_usage_error("news", "%s needs a draft ID", sub);
        key = argv[optind++];
        if (strcmp(sub, "accept") && optind != argc)
            return dj_cli_usage_error("news", "%s takes only an ID", sub);
        if ((n = dj_cli_pairs(argv + optind, argc - optind, cols, vals, 64, "news")) < 0)
            return DJ_EXIT_USAGE;
    } else if (!strcmp(sub, "drafts")) {
        if (optind != argc)
            return dj_cli_usage_error("news", "drafts takes no arguments (use --status)");
    } else {
        return dj_cli_usage_error("news", "unknown subcommand '%s'", sub);
    }
    if (status && strcmp(sub, "drafts"))
        return dj_cli_usage_error("news", "--status applies to drafts only");
    if (status && strcmp(status, "pending") && strcmp(status, "accepted") &&
        strcmp(status, "rejected"))
        return dj_cli_usage_error("news", "--status takes pending, accepted or rejected");
    dj_diag_clear(&diag);
    /* the file is read before the database is touched: a file that cannot
     * be read creates no database */
    if (!strcmp(sub, "import") && (rc = read_all(&text, &len, argv[optind], &diag)) < 0)
        return dj_cli_finish("news", rc, &diag, json);
    /* an import may start a database, as `duijie import` does */
    rc = !strcmp(sub, "import") ? dj_cli_create(&app, "news", db, json, &diag)
         : !strcmp(sub, "drafts") || !strcmp(sub, "show")
             ? dj_cli_open_read(&app, "news", db, json, &diag)
             : dj_cli_open(&app, "news", db, json, &diag);
    if (rc < 0) {
        dj_free(text);
        return DJ_EXIT_FAIL;
    }
    if (!strcmp(sub, "import")) {
        rc = cmd_import(app, argv[optind], text, len, json, &diag);
        dj_free(text);
    } else if (!strcmp(sub, "drafts")) {
        rc = cmd_list(app, status, 0, json, &page, &diag);
    } else if (!strcmp(sub, "show")) {
        rc = cmd_list(app, NULL, id, 1, NULL, &diag);
    } else if (!strcmp(sub, "accept")) {
        rc = dj_app_news_accept(app, id, cols, vals, n, &rtype, &rid, &diag);
        if (rc == DJ_OK && json)
            printf("{\"id\":%lld,\"status\":\"accepted\",\"record_type\":\"%s\",\"record_id\":%lld}"
                   "\n",
                   (long long)id, rtype, (long long)rid);
        else if (rc == DJ_OK)
            printf("accepted news draft %lld: created %s %lld\n", (long long)id, rtype,
                   (long long)rid);
    } else {
        rc = dj_app_news_reject(app, id, &diag);
        if (rc == DJ_OK)
            printf(json ? "{\"id\":%lld,\"status\":\"rejected\"}\n" : "rejected news draft %lld\n",
                   (long long)id);
    }
    if (rc == DJ_ENOTFOUND && key) /* show, accept, reject: the draft ID */
        rc = dj_cli_not_found(&diag, "news draft", key, NULL);
    dj_app_close(app);
    return dj_cli_finish("news", rc, &diag, json);
}
