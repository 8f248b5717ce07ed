/* news_items.c - stages 1 and 2 of dj_news_extract (see news.c and
 * docs/news.md): bulletin text to a list of items (paragraphs, headings,
 * bylines).
 *
 * Raw lines are stripped and a byline tail after the last sentence end is
 * cut off; full-width lines join into paragraphs, which end at a sentence
 * end; short unpunctuated lines are headings, or bylines when they are only
 * personal names. Also the article-opening tests (本报讯, 近日 ...).
 * Invariants: every item owns its cleaned text (dj_free via
 * dj__news_items_free); a byline's text is its names, NUL-separated. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static int items_push(items *it, int kind, const char *s, size_t len, size_t nnames)
{
    item *x;
    int rc;
    DJ_ARRAY_GROW(rc, it->v, it->cap, it->n);
    if (rc < 0)
        return rc;
    x = &it->v[it->n];
    x->text = dj_strndup(s, len);
    if (!x->text)
        return DJ_ENOMEM;
    x->kind = kind;
    x->len = len;
    x->nnames = nnames;
    it->n++;
    return DJ_OK;
}

void dj__news_items_free(items *it)
{
    size_t i;
    for (i = 0; i < it->n; i++)
        dj_free(it->v[i].text);
    dj_free(it->v);
}

/* ------------------------------------------------------------- cleanup */

/* Drops spaces next to CJK text, keeps one space between Latin/digits. */
static int clean_line(dj_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    uint32_t prev = 0;
    int pending_space = 0;

    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        char enc[4];
        if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r') {
            pending_space = prev != 0;
            continue;
        }
        if (pending_space && !dj__news_is_cjk_text(prev) && !dj__news_is_cjk_text(c))
            dj_buf_putc(b, ' ');
        pending_space = 0;
        dj_buf_append(b, enc, dj_utf8_put(enc, c));
        prev = c;
    }
    return dj_buf_rc(b);
}

static int line_width(const char *s, size_t len)
{
    size_t i = 0;
    int w = 0;
    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        w += dj__news_is_cjk_text(c) ? 2 : 1;
    }
    return w;
}

static uint32_t last_cp(const char *s, size_t len, uint32_t *before)
{
    size_t i = 0;
    uint32_t c = 0, p = 0;
    while (i < len) {
        p = c;
        c = dj_utf8_next(s, len, &i);
    }
    if (before)
        *before = p;
    return c;
}

static int ends_sentence(const char *s, size_t len)
{
    uint32_t p, c = last_cp(s, len, &p);
    if (dj__news_is_final_punct(c))
        return 1;
    return (c == 0x201D || c == 0x2019 || c == 0xFF09 || c == ')') && dj__news_is_final_punct(p);
}

static int starts_with(const char *s, size_t len, const char *w)
{
    size_t l = strlen(w);
    return len >= l && memcmp(s, w, l) == 0;
}

int dj__news_opens_always(const char *s, size_t len)
{
    return starts_with(s, len, "本报讯") || starts_with(s, len, "本报记者") ||
           starts_with(s, len, "本报电") || starts_with(s, len, "讯 ") ||
           starts_with(s, len, "【本报讯】");
}

int dj__news_opens_after_break(const char *s, size_t len)
{
    return dj__news_opens_always(s, len) || starts_with(s, len, "近日") ||
           starts_with(s, len, "日前");
}

typedef struct rawline {
    const char *s;
    size_t len;
    int blank_before;
} rawline;

/* Finds a byline tail after the last sentence end of a raw line: returns the
 * byte offset where it starts (the sentence part is s[0..off)), or len. */
static size_t byline_tail(const char *s, size_t len, char *names, size_t cap, size_t *count)
{
    size_t i = 0, cut = 0;
    int found = 0;
    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        if (dj__news_is_final_punct(c) || c == 0x201D) {
            cut = i;
            found = 1;
        }
    }
    if (!found || cut >= len)
        return len;
    if (dj__news_byline(s + cut, len - cut, names, cap, count))
        return cut;
    return len;
}

/* True when the whole line is made of doubled runs (a bold headline). */
static int is_doubled(const char *s, size_t len)
{
    char *u = dj_malloc(len + 1);
    int r;
    if (!u)
        return 0;
    r = dj_news_undouble(u, s, len) < len;
    dj_free(u);
    return r;
}

/* Blank-like characters trimmed from line edges: space, tab, CR, form
 * feed (pdftotext's page break starts the next page's first line) and
 * vertical tab, U+00A0, U+3000, U+200B and a BOM (U+FEFF). */
static const char *const edge_blanks[] = {
    " ", "\t", "\r", "\f", "\v", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\x8b", "\xef\xbb\xbf"};

/* Byte length of the blank-like character starting (at_end: ending) at the
 * edge of s[a, z), or 0. */
static size_t edge_blank(const char *s, size_t a, size_t z, int at_end)
{
    size_t k;
    for (k = 0; k < sizeof edge_blanks / sizeof edge_blanks[0]; k++) {
        size_t l = strlen(edge_blanks[k]);
        if (z - a >= l && memcmp(at_end ? s + z - l : s + a, edge_blanks[k], l) == 0)
            return l;
    }
    return 0;
}

/* The page's non-blank lines, trimmed (edge_blanks, in any mix, at the
 * edges); a blank line is kept as blank_before on the line above it. */
static int split_lines(rawline **out, size_t *n_out, const char *s, size_t len)
{
    rawline *lines = NULL;
    size_t nl = 0, cap = 0, i = 0;

    while (i <= len) {
        size_t e = i, a, z, l;
        while (e < len && s[e] != '\n')
            e++;
        a = i;
        z = e;
        while ((l = edge_blank(s, a, z, 0)) > 0)
            a += l;
        while ((l = edge_blank(s, a, z, 1)) > 0)
            z -= l;
        if (z == a) {
            if (nl > 0)
                lines[nl - 1].blank_before = 1; /* marks a blank after line nl-1 */
        } else {
            int rc;
            DJ_ARRAY_GROW(rc, lines, cap, nl);
            if (rc < 0) {
                dj_free(lines);
                return rc;
            }
            lines[nl].s = s + a;
            lines[nl].len = z - a;
            lines[nl].blank_before = 0;
            nl++;
        }
        i = e + 1;
    }
    *out = lines;
    *n_out = nl;
    return DJ_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* What dj__news_build_items works with. */
typedef struct builder {
    items *out;
    const rawline *lines;
    size_t nl;
    int *widths;      /* [nl] cleaned width of each line */
    int column;       /* the column width: the 3/4 quantile (most lines are full) */
    int blank_breaks; /* a blank line ends a paragraph (not when the PDF puts one after every
                         line) */
    dj_buf para, tmp, nxt;
} builder;

/* Cleaned widths, the column width and whether blank lines break. */
static int measure(builder *b)
{
    size_t i, gaps = 0, blank_gaps = 0;
    int *sorted;

    for (i = 0; i + 1 < b->nl; i++) {
        gaps++;
        blank_gaps += b->lines[i].blank_before != 0;
    }
    b->blank_breaks = !(gaps > 0 && blank_gaps * 10 >= gaps * 6);
    b->widths = dj_malloc(b->nl * sizeof *b->widths);
    sorted = dj_malloc(b->nl * sizeof *sorted);
    if (!b->widths || !sorted) {
        dj_free(sorted);
        return DJ_ENOMEM;
    }
    for (i = 0; i < b->nl; i++) {
        int rc;
        dj_buf_reset(&b->tmp);
        if ((rc = clean_line(&b->tmp, b->lines[i].s, b->lines[i].len)) < 0) {
            dj_free(sorted);
            return rc;
        }
        b->widths[i] = sorted[i] = line_width(dj_buf_cstr(&b->tmp), dj_buf_len(&b->tmp));
    }
    qsort(sorted, b->nl, sizeof *sorted, cmp_int);
    b->column = sorted[(b->nl * 3) / 4];
    dj_free(sorted);
    return DJ_OK;
}

/* The paragraph gathered so far becomes an item. */
static int flush_para(builder *b)
{
    int rc = DJ_OK;
    if (dj_buf_len(&b->para) > 0)
        rc = items_push(b->out, IT_PARA, dj_buf_cstr(&b->para), dj_buf_len(&b->para), 0);
    dj_buf_reset(&b->para);
    return rc;
}

/* Is line i short (a heading candidate): narrower than 60 % of the column
 * and unpunctuated? *is_short receives it. */
static int is_short_line(builder *b, size_t i, const char *cs, size_t cl, size_t cut, int *is_short)
{
    int rc;
    *is_short = b->widths[i] * 10 < b->column * 6 && !ends_sentence(cs, cl);
    if (!*is_short && cut == b->lines[i].len && !ends_sentence(cs, cl) &&
        dj_buf_len(&b->para) == 0) {
        /* a wide unpunctuated line starting a paragraph is a headline
         * when it is doubled, or when a heading or the end follows */
        int next_head = i + 1 == b->nl;
        if (!next_head) {
            char nn2[512];
            size_t c2, k2;
            const rawline *nx = &b->lines[i + 1];
            c2 = byline_tail(nx->s, nx->len, nn2, sizeof nn2, &k2);
            dj_buf_reset(&b->nxt);
            if ((rc = clean_line(&b->nxt, nx->s, c2)) < 0)
                return rc;
            next_head = c2 == nx->len && b->widths[i + 1] * 10 < b->column * 6 &&
                        !ends_sentence(dj_buf_cstr(&b->nxt), dj_buf_len(&b->nxt));
        }
        if (next_head || is_doubled(cs, cl))
            *is_short = 1;
    }
    return DJ_OK;
}

/* Line i: a heading or byline item of its own, or joined to the paragraph
 * (which it may end). */
static int one_line(builder *b, size_t i)
{
    const char *ls = b->lines[i].s, *cs;
    size_t ll = b->lines[i].len, nnames = 0, cut, cl;
    char names[512];
    int is_short, rc;

    cut = byline_tail(ls, ll, names, sizeof names, &nnames);
    dj_buf_reset(&b->tmp);
    if ((rc = clean_line(&b->tmp, ls, cut)) < 0)
        return rc;
    cs = dj_buf_cstr(&b->tmp);
    cl = dj_buf_len(&b->tmp);
    if ((rc = is_short_line(b, i, cs, cl, cut, &is_short)) < 0)
        return rc;
    if (dj__news_opens_always(cs, cl) && (rc = flush_para(b)) < 0)
        return rc;
    if (is_short && cut == ll) {
        size_t nn = 0;
        if ((rc = flush_para(b)) < 0)
            return rc;
        if (dj__news_byline(ls, ll, names, sizeof names, &nn) && nn > 0)
            return items_push(b->out, IT_BYLINE, names, sizeof names, nn);
        return items_push(b->out, IT_HEAD, cs, cl, 0);
    }
    /* join: a space only between two Latin/digit characters */
    if (dj_buf_len(&b->para) > 0 && cl > 0) {
        uint32_t pc = last_cp(dj_buf_cstr(&b->para), dj_buf_len(&b->para), NULL);
        size_t z = 0;
        uint32_t fc = dj_utf8_next(cs, cl, &z);
        if (dj__news_is_ascii_alnum(pc) && dj__news_is_ascii_alnum(fc))
            dj_buf_putc(&b->para, ' ');
    }
    dj_buf_append(&b->para, cs, cl);
    if ((rc = dj_buf_rc(&b->para)) < 0)
        return rc;
    if (ends_sentence(cs, cl) || cut < ll || (b->blank_breaks && b->lines[i].blank_before) ||
        i + 1 == b->nl) {
        if ((rc = flush_para(b)) < 0)
            return rc;
        if (cut < ll)
            return items_push(b->out, IT_BYLINE, names, sizeof names, nnames);
    }
    return DJ_OK;
}

int dj__news_build_items(items *out, const char *s, size_t len)
{
    builder b;
    rawline *lines = NULL;
    size_t i;
    int rc;

    memset(&b, 0, sizeof b);
    b.out = out;
    dj_buf_init(&b.para, 0);
    dj_buf_init(&b.tmp, 0);
    dj_buf_init(&b.nxt, 0);
    rc = split_lines(&lines, &b.nl, s, len);
    b.lines = lines;
    if (rc >= 0 && b.nl > 0)
        rc = measure(&b);
    for (i = 0; rc >= 0 && i < b.nl; i++)
        rc = one_line(&b, i);
    if (rc >= 0 && b.nl > 0)
        rc = flush_para(&b);
    dj_buf_fini(&b.para);
    dj_buf_fini(&b.tmp);
    dj_buf_fini(&b.nxt);
    dj_free(lines);
    dj_free(b.widths);
    return rc;
}
