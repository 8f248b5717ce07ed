/* news.c - split PDF bulletin text into articles and extract each article's
 * title, authors, place, organisations, dates and labelled quantity facts.
 *
 * Stages (docs/news.md):
 *  1. lines: raw lines, stripped; a byline tail after the last sentence end
 *     ("……亿元。 周敏") is cut off; spaces next to CJK dropped. Blank lines
 *     are noise when most gaps are blank (column PDFs), breaks otherwise.
 *  2. items: full-width lines join into paragraphs, which end at a sentence
 *     end; short unpunctuated lines (< 60 % of the median width) are
 *     headings, or bylines when they are only personal names.
 *  3. articles: a paragraph opens an article when it starts with 本报讯 (or
 *     本报记者/本报电), or follows a byline or a heading, or is the first;
 *     近日/日前 open one after a byline or heading. The trailing headings
 *     form the headline block; doubled runs are collapsed there.
 *  4. headline block entries (kicker place line + headline) are attached to
 *     the article whose text contains the kicker, else the one sharing the
 *     longest common substring.
 *  5. per article: place, orgs, quantities (dj_quant_extract) with labels.
 * Files: news_items.c (stages 1-2: lines and items), news_facts.c (stage 5:
 * place, organisations, labelled facts), this file (stages 3-4 and the
 * JSON output); clean.c and draft.c; shared declarations in news_int.h.
 * Invariants: every string in the result is owned by the doc and valid
 * UTF-8; fact and date offsets lie within the article text. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

#define NEWS_MAX_INPUT ((size_t)64 << 20)

typedef struct art_build {
    dj_buf text;
    dj_buf heading;
    char names[512];
    size_t nnames;
    int ended;
} art_build;

/* -------------------------------------------------------- headline block */

/* Length in bytes of the longest common substring of a and b made of whole
 * characters (at least 2 characters counted by the caller). */
static size_t common_run(const char *a, size_t al, const char *b, size_t bl)
{
    size_t i, best = 0;
    for (i = 0; i < al; i++) {
        size_t j;
        if (((unsigned char)a[i] & 0xC0) == 0x80)
            continue;
        for (j = 0; j < bl; j++) {
            size_t k = 0;
            if (((unsigned char)b[j] & 0xC0) == 0x80)
                continue;
            while (i + k < al && j + k < bl && a[i + k] == b[j + k])
                k++;
            while (k > 0 && i + k < al && ((unsigned char)a[i + k] & 0xC0) == 0x80)
                k--;
            if (k > best)
                best = k;
        }
    }
    return best;
}

typedef struct block_entry {
    const char *kicker;
    size_t klen;
    dj_buf head;
} block_entry;

static int attach_block(dj_news_doc *d, const items *it, size_t from, int *has_title)
{
    block_entry *e = NULL;
    size_t ne = 0, i, k;
    int rc = DJ_OK;
    char *ud = NULL;

    e = dj_calloc(it->n - from + 1, sizeof *e);
    if (!e)
        return DJ_ENOMEM;
    for (i = from; i < it->n; i++) {
        const item *x = &it->v[i];
        if (x->kind != IT_HEAD)
            continue;
        if (dj__news_is_place_line(x->text, x->len) &&
            (ne == 0 || dj_buf_len(&e[ne - 1].head) > 0 || e[ne - 1].kicker == NULL)) {
            dj_buf_init(&e[ne].head, 4096);
            e[ne].kicker = x->text;
            e[ne].klen = x->len;
            ne++;
            continue;
        }
        if (ne == 0 || dj_buf_len(&e[ne - 1].head) > 0) {
            dj_buf_init(&e[ne].head, 4096);
            ne++;
        }
        ud = dj_malloc(x->len + 1);
        if (!ud) {
            rc = DJ_ENOMEM;
            goto done;
        }
        dj_buf_append(&e[ne - 1].head, ud, dj_news_undouble(ud, x->text, x->len));
        DJ_FREE(ud);
    }
    for (k = 0; k < ne; k++) {
        size_t best = (size_t)-1, best_score = 0;
        const char *h = dj_buf_cstr(&e[k].head);
        size_t hl = dj_buf_len(&e[k].head);
        if ((rc = dj_buf_rc(&e[k].head)) < 0)
            goto done;
        if (hl == 0)
            continue;
        for (i = 0; i < d->narticles; i++) {
            const dj_news_article *a = &d->articles[i];
            size_t score = 0;
            if (has_title[i])
                continue;
            if (e[k].kicker) {
                char *z = dj_strndup(e[k].kicker, e[k].klen);
                if (!z) {
                    rc = DJ_ENOMEM;
                    goto done;
                }
                if (strstr(a->text, z) || strcmp(a->place, z) == 0)
                    score = 1000 + e[k].klen;
                else if (a->place[0] && (strstr(z, a->place) || strstr(a->place, z)))
                    score = 900;
                dj_free(z);
            }
            if (score == 0) {
                size_t c = common_run(h, hl, a->text, a->text_len);
                if (e[k].kicker) {
                    size_t c2 = common_run(e[k].kicker, e[k].klen, a->text, a->text_len);
                    if (c2 > c)
                        c = c2;
                }
                if (c >= 6) /* at least two CJK characters */
                    score = c;
            }
            if (score > best_score) {
                best_score = score;
                best = i;
            }
        }
        if (best != (size_t)-1) {
            dj_news_article *a = &d->articles[best];
            char *title = dj_strndup(h, hl);
            if (!title) {
                rc = DJ_ENOMEM;
                goto done;
            }
            if (a->title[0] && !a->subtitle[0]) {
                dj_free(a->subtitle);
                a->subtitle = a->title;
            } else {
                dj_free(a->title);
            }
            a->title = title;
            has_title[best] = 1;
        }
    }
done:
    for (k = 0; k < ne; k++)
        dj_buf_fini(&e[k].head);
    dj_free(e);
    dj_free(ud);
    return rc;
}

/* ----------------------------------------------------------------- main */

static void article_fini(dj_news_article *a)
{
    size_t i;
    dj_free(a->title);
    dj_free(a->subtitle);
    dj_free(a->place);
    for (i = 0; i < a->nauthors; i++)
        dj_free(a->authors[i]);
    dj_free(a->authors);
    dj_free(a->text);
    dj_free(a->facts);
    dj_free(a->dates);
    for (i = 0; i < a->norgs; i++)
        dj_free(a->orgs[i]);
    dj_free(a->orgs);
}

void dj_news_doc_free(dj_news_doc *d)
{
    size_t i;
    if (!d)
        return;
    for (i = 0; i < d->narticles; i++)
        article_fini(&d->articles[i]);
    dj_free(d->articles);
    dj_free(d);
}

/* Appends an article from its builder to d. */
static int finish_article(dj_news_doc *d, art_build *ab)
{
    dj_news_article *a, *p;
    size_t k, off = 0;
    int rc;

    if (dj_buf_len(&ab->text) == 0 && dj_buf_len(&ab->heading) == 0)
        return DJ_OK;
    if ((rc = dj_buf_rc(&ab->text)) < 0 || (rc = dj_buf_rc(&ab->heading)) < 0)
        return rc;
    if (dj_buf_len(&ab->text) == 0)
        return DJ_OK; /* a heading with no body is kept for the block pass */
    p = dj_realloc(d->articles, (d->narticles + 1) * sizeof *p);
    if (!p)
        return DJ_ENOMEM;
    d->articles = p;
    a = &d->articles[d->narticles];
    memset(a, 0, sizeof *a);
    d->narticles++;
    {
        size_t hl = dj_buf_len(&ab->heading);
        char *ud = dj_malloc(hl + 1);
        if (!ud)
            return DJ_ENOMEM;
        hl = dj_news_undouble(ud, dj_buf_cstr(&ab->heading), hl);
        a->title = dj__news_dupstr(ud, hl);
        a->subtitle = dj__news_dupstr(ud, hl);
        dj_free(ud);
    }
    a->text_len = dj_buf_len(&ab->text);
    a->text = dj__news_dupstr(dj_buf_cstr(&ab->text), a->text_len);
    if (!a->title || !a->subtitle || !a->text)
        return DJ_ENOMEM;
    if (!ab->nnames && /* no byline line: 本报讯（记者 王五）, or ……。（记者 周敏） */
        !dj__news_lead_byline(a->text, a->text_len, ab->names, sizeof ab->names, &ab->nnames))
        (void)dj__news_tail_byline(a->text, a->text_len, ab->names, sizeof ab->names, &ab->nnames);
    if (ab->nnames) {
        a->authors = dj_calloc(ab->nnames, sizeof *a->authors);
        if (!a->authors)
            return DJ_ENOMEM;
        for (k = 0; k < ab->nnames; k++) {
            size_t l = strlen(ab->names + off);
            a->authors[k] = dj__news_dupstr(ab->names + off, l);
            if (!a->authors[k])
                return DJ_ENOMEM;
            a->nauthors++;
            off += l + 1;
        }
    }
    if ((rc = dj__news_find_place(&a->place, a->text, a->text_len)) < 0)
        return rc;
    if ((rc = dj__news_find_orgs(a)) < 0)
        return rc;
    return dj__news_extract_facts(a);
}

/* Ends the article being built (finish_article) and starts the next. */
static int next_article(dj_news_doc *d, art_build *ab)
{
    int rc = finish_article(d, ab);
    dj_buf_reset(&ab->text);
    dj_buf_reset(&ab->heading);
    ab->nnames = 0;
    ab->ended = 0;
    return rc;
}

/* A heading at item i (< block): after body text it opens the next article
 * only when the article has ended or a paragraph that can open one follows;
 * otherwise it is an in-article subheading and is dropped. */
static int on_heading(dj_news_doc *d, art_build *ab, const items *it, size_t i, size_t block)
{
    const item *x = &it->v[i];
    int rc;

    if (dj_buf_len(&ab->text) > 0) {
        size_t j = i + 1;
        while (j < block && it->v[j].kind == IT_HEAD)
            j++;
        if (!(ab->ended || (j < block && it->v[j].kind == IT_PARA &&
                            dj__news_opens_after_break(it->v[j].text, it->v[j].len))))
            return DJ_OK;
        if ((rc = next_article(d, ab)) < 0)
            return rc;
    }
    dj_buf_append(&ab->heading, x->text, x->len);
    return DJ_OK;
}

/* A paragraph: after a byline, or when it opens a report (本报讯 ...), it
 * starts the next article; the dateline marker is dropped from the body. */
static int on_paragraph(dj_news_doc *d, art_build *ab, const item *x)
{
    static const char *const marks[] = {"【本报讯】", "本报讯", "本报电"};
    const char *p = x->text;
    size_t l = x->len, m;
    int rc;

    if (dj_buf_len(&ab->text) > 0 && (ab->ended || dj__news_opens_always(x->text, x->len)) &&
        (rc = next_article(d, ab)) < 0)
        return rc;
    if (dj_buf_len(&ab->text) > 0)
        dj_buf_putc(&ab->text, '\n');
    for (m = 0; dj_buf_len(&ab->text) == 0 && m < sizeof marks / sizeof marks[0]; m++) {
        size_t ml = strlen(marks[m]);
        if (l >= ml && memcmp(p, marks[m], ml) == 0) {
            p += ml;
            l -= ml;
            while (l > 0 && (*p == ' ' || *p == ':'))
                p++, l--;
            break;
        }
    }
    dj_buf_append(&ab->text, p, l);
    return DJ_OK;
}

/* The headline block: the trailing headings after the last paragraph or
 * byline (it.n when there is none, or only headings). */
static size_t headline_block(const items *it)
{
    size_t block = it->n;
    while (block > 0 && it->v[block - 1].kind == IT_HEAD)
        block--;
    return block == 0 ? it->n : block;
}

int dj_news_extract(dj_news_doc **out, const char *s, size_t len, dj_diag *diag)
{
    items it = {0};
    dj_news_doc *d = NULL;
    art_build ab;
    size_t i, block = 0, bad;
    int rc, *has_title = NULL;

    *out = NULL;
    memset(&ab, 0, sizeof ab);
    dj_buf_init(&ab.text, 0);
    dj_buf_init(&ab.heading, 4096);
    if (len > NEWS_MAX_INPUT) {
        rc = dj_diag_set(diag, DJ_ELIMIT, "news text over %zu bytes", NEWS_MAX_INPUT);
        goto done;
    }
    if (!dj_utf8_valid(s, len, &bad)) {
        rc = dj_diag_set(diag, DJ_EINVAL, "invalid UTF-8 at byte %zu", bad);
        if (diag) {
            diag->offset = bad;
            diag->line = dj_line_at(s, bad);
        }
        goto done;
    }
    if (!(d = dj_calloc(1, sizeof *d))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if ((rc = dj__news_build_items(&it, s, len)) < 0)
        goto done;
    block = headline_block(&it);
    for (i = 0; i < block && rc >= 0; i++) {
        const item *x = &it.v[i];
        if (x->kind == IT_HEAD) {
            rc = on_heading(d, &ab, &it, i, block);
        } else if (x->kind == IT_BYLINE) {
            if (ab.nnames == 0) {
                memcpy(ab.names, x->text, sizeof ab.names);
                ab.nnames = x->nnames;
            }
            ab.ended = 1;
        } else {
            rc = on_paragraph(d, &ab, x);
        }
    }
    if (rc < 0 || (rc = finish_article(d, &ab)) < 0)
        goto done;
    if (!(has_title = dj_calloc(d->narticles + 1, sizeof *has_title))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (block < it.n && (rc = attach_block(d, &it, block, has_title)) < 0)
        goto done;
    *out = d;
    d = NULL;
    rc = DJ_OK;
done:
    if (rc < 0 && diag && diag->code == 0)
        dj_diag_set(diag, rc, "news extraction failed");
    dj_buf_fini(&ab.text);
    dj_buf_fini(&ab.heading);
    dj__news_items_free(&it);
    dj_free(has_title);
    dj_news_doc_free(d);
    return rc;
}

/* ----------------------------------------------------------------- JSON */

static void json_strz(dj_buf *b, const char *s)
{
    dj_buf_json_str(b, s, strlen(s));
}

int dj_news_to_json(dj_buf *b, const dj_news_doc *d)
{
    size_t i, k;
    dj_buf_puts(b, "{\"articles\": [");
    for (i = 0; i < d->narticles; i++) {
        const dj_news_article *a = &d->articles[i];
        dj_buf_puts(b, i ? ",\n  {" : "\n  {");
        dj_buf_puts(b, "\"title\": ");
        json_strz(b, a->title);
        dj_buf_puts(b, ", \"subtitle\": ");
        json_strz(b, a->subtitle);
        dj_buf_puts(b, ", \"place\": ");
        json_strz(b, a->place);
        dj_buf_puts(b, ", \"authors\": [");
        for (k = 0; k < a->nauthors; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            json_strz(b, a->authors[k]);
        }
        dj_buf_puts(b, "], \"text\": ");
        dj_buf_json_str(b, a->text, a->text_len);
        dj_buf_puts(b, ",\n   \"facts\": [");
        for (k = 0; k < a->nfacts; k++) {
            const dj_news_fact *f = &a->facts[k];
            char v[64];
            dj_quant_format_value(v, sizeof v, &f->q);
            dj_buf_puts(b, k ? ",\n     {" : "\n     {");
            dj_buf_puts(b, "\"label\": ");
            json_strz(b, f->label);
            dj_buf_printf(b, ", \"value\": %s, \"unit\": ", v);
            json_strz(b, f->q.unit);
            dj_buf_printf(b, ", \"approx\": %s, \"text\": ", f->q.approx ? "true" : "false");
            dj_buf_json_str(b, a->text + f->q.start, f->q.end - f->q.start);
            dj_buf_printf(b, ", \"start\": %zu, \"end\": %zu, \"kind\": \"%s\"}", f->q.start,
                          f->q.end, dj_quant_kind_name(f->q.kind));
        }
        dj_buf_puts(b, "],\n   \"dates\": [");
        for (k = 0; k < a->ndates; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            dj_buf_json_str(b, a->text + a->dates[k].start, a->dates[k].end - a->dates[k].start);
        }
        dj_buf_puts(b, "], \"orgs\": [");
        for (k = 0; k < a->norgs; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            json_strz(b, a->orgs[k]);
        }
        dj_buf_puts(b, "]}");
    }
    dj_buf_puts(b, "\n]}\n");
    return dj_buf_rc(b);
}
