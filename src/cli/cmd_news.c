/* cmd_news.c - `duijie news extract|import FILE [--json]`: bulletin text from
 * newspaper PDFs to articles, figures and draft records.
 *
 * extract prints the articles ({"articles": [...]}, see dj_news.h) or a
 * readable summary; import prints the draft events, deals and projects that
 * the articles propose. Drafts are NOT stored: the integrator's storing step
 * (app/) will take them for review and accept them. */
#include "cli/cli.h"

#include "duijie/dj_news.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char dj_cmd_news_summary[] = "extract articles, figures and draft records from bulletin text";

static void usage(FILE *f)
{
    fputs("usage: duijie news extract FILE [--json]\n"
          "       duijie news import FILE [--json]\n\n"
          "extract  split PDF-extracted bulletin text into articles with title, place,\n"
          "         authors, organisations, dates and labelled quantity facts\n"
          "import   propose draft events, deals and projects from the articles\n"
          "         (drafts only: nothing is stored until accepted)\n"
          "FILE may be - for standard input.\n",
          f);
}

static int read_all(char **out, size_t *len_out, const char *path, dj_diag *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    dj_buf b;
    char tmp[65536];
    size_t n;

    if (!f) {
        snprintf(d->file, sizeof d->file, "%s", path);
        return dj_diag_set(d, DJ_EIO, "cannot open %s", path);
    }
    dj_buf_init(&b, (size_t)64 << 20);
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        dj_buf_append(&b, tmp, n);
    if (f != stdin)
        fclose(f);
    if (dj_buf_rc(&b) < 0) {
        int rc = dj_buf_rc(&b);
        dj_buf_fini(&b);
        return dj_diag_set(d, rc, "%s: too large or out of memory", path);
    }
    *len_out = dj_buf_len(&b);
    *out = dj_buf_detach(&b);
    return *out ? DJ_OK : DJ_ENOMEM;
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
            char v[64];
            dj_quant_format_value(v, sizeof v, &f->q);
            printf("      %-16s %s %s%s   「%.*s」\n", f->label[0] ? f->label : "-", v, f->q.unit,
                   f->q.approx ? " (approx.)" : "", (int)(f->q.end - f->q.start),
                   a->text + f->q.start);
        }
    }
}

static void print_drafts(const dj_news_doc *doc, const dj_news_draft *dr, size_t n)
{
    size_t i, k;
    printf("%zu draft record(s) proposed from %zu article(s) - NOT stored; review and accept "
           "them to create records.\n",
           n, doc->narticles);
    for (i = 0; i < n; i++) {
        const dj_news_draft *d = &dr[i];
        char m[64];
        printf("\n[draft %s] %s\n    place: %s   article: %zu   date: %s\n",
               dj_news_draft_kind_name(d->kind), d->name, d->place[0] ? d->place : "-",
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
}

int dj_cmd_news(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, c, rc, ret = DJ_EXIT_OK;
    const char *sub, *path;
    char *text = NULL;
    size_t len = 0;
    dj_diag diag;
    dj_news_doc *doc = NULL;
    dj_buf out;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return DJ_EXIT_OK;
        }
        if (c == 'j')
            json = 1;
        else
            return dj_cli_usage_error("news", "unknown option");
    }
    /* getopt_long moved the options first: SUBCOMMAND FILE remain */
    if (optind >= argc)
        return dj_cli_usage_error("news", "missing subcommand (extract or import)");
    sub = argv[optind++];
    if (strcmp(sub, "extract") != 0 && strcmp(sub, "import") != 0)
        return dj_cli_usage_error("news", "unknown subcommand '%s'", sub);
    if (optind + 1 != argc)
        return dj_cli_usage_error("news", "expected one FILE");
    path = argv[optind];
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
    if (strcmp(sub, "extract") == 0) {
        if (json)
            rc = dj_news_to_json(&out, doc);
        else
            print_text(doc);
    } else {
        dj_news_draft *dr = NULL;
        size_t n = 0;
        if ((rc = dj_news_drafts(&dr, &n, doc)) == DJ_OK) {
            if (json)
                rc = dj_news_drafts_json(&out, dr, n);
            else
                print_drafts(doc, dr, n);
        }
        dj_free(dr);
    }
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
