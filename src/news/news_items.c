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
#include "util/buf.h"
#include "util/utf8.h"

#include <string.h>

static int items_push(items *it, int kind, const char *s, size_t len, size_t nnames)
{
    item *x;
    if (it->n == it->cap) {
        size_t nc = it->cap ? it->cap * 2 : 32;
        item *p = dj_realloc(it->v, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        it->v = p;
        it->cap = nc;
    }
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
           starts_with(s, len, "日前") || starts_with(s, len, "日前");
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

int dj__news_build_items(items *out, const char *s, size_t len)
{
    rawline *lines = NULL;
    size_t nl = 0, cap = 0, i = 0, gaps = 0, blank_gaps = 0;
    int *widths = NULL, median = 0, rc = DJ_OK, blank_is_break;
    dj_buf para, tmp, nxt;
    char names[512];

    dj_buf_init(&para, 0);
    dj_buf_init(&tmp, 0);
    dj_buf_init(&nxt, 0);
    /* raw lines */
    while (i <= len) {
        size_t e = i, a, z;
        int blank = 0;
        while (e < len && s[e] != '\n')
            e++;
        a = i;
        z = e;
        while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
            z--;
        /* U+3000 ideographic spaces at the edges */
        while (z - a >= 3 && memcmp(s + a, "\xe3\x80\x80", 3) == 0)
            a += 3;
        while (z - a >= 3 && memcmp(s + z - 3, "\xe3\x80\x80", 3) == 0)
            z -= 3;
        if (z == a) {
            blank = 1;
        } else {
            if (nl == cap) {
                size_t nc = cap ? cap * 2 : 64;
                rawline *p = dj_realloc(lines, nc * sizeof *p);
                if (!p) {
                    rc = DJ_ENOMEM;
                    goto done;
                }
                lines = p;
                cap = nc;
            }
            lines[nl].s = s + a;
            lines[nl].len = z - a;
            lines[nl].blank_before = 0;
            nl++;
        }
        if (blank && nl > 0)
            lines[nl - 1].blank_before = 1; /* marks a blank after line nl-1 */
        i = e + 1;
    }
    if (nl == 0)
        goto done;
    for (i = 0; i + 1 < nl; i++) {
        gaps++;
        blank_gaps += lines[i].blank_before != 0;
    }
    /* most gaps blank: the PDF puts a blank line after every line */
    blank_is_break = !(gaps > 0 && blank_gaps * 10 >= gaps * 6);
    /* median cleaned width */
    widths = dj_malloc(nl * sizeof *widths);
    if (!widths) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < nl; i++) {
        dj_buf_reset(&tmp);
        if ((rc = clean_line(&tmp, lines[i].s, lines[i].len)) < 0)
            goto done;
        widths[i] = line_width(dj_buf_cstr(&tmp), dj_buf_len(&tmp));
    }
    {
        int *sorted = dj_malloc(nl * sizeof *sorted);
        size_t a, b2;
        if (!sorted) {
            rc = DJ_ENOMEM;
            goto done;
        }
        memcpy(sorted, widths, nl * sizeof *sorted);
        for (a = 1; a < nl; a++) {
            int v = sorted[a];
            for (b2 = a; b2 > 0 && sorted[b2 - 1] > v; b2--)
                sorted[b2] = sorted[b2 - 1];
            sorted[b2] = v;
        }
        median = sorted[(nl * 3) / 4]; /* the column width: most lines are full */
        dj_free(sorted);
    }
    for (i = 0; i < nl; i++) {
        const char *ls = lines[i].s;
        size_t ll = lines[i].len, nnames = 0, cut;
        const char *cs;
        size_t cl;
        int is_short;

        cut = byline_tail(ls, ll, names, sizeof names, &nnames);
        dj_buf_reset(&tmp);
        if ((rc = clean_line(&tmp, ls, cut)) < 0)
            goto done;
        cs = dj_buf_cstr(&tmp);
        cl = dj_buf_len(&tmp);
        is_short = widths[i] * 10 < median * 6 && !ends_sentence(cs, cl);
        if (!is_short && cut == ll && !ends_sentence(cs, cl) && dj_buf_len(&para) == 0) {
            /* a wide unpunctuated line starting a paragraph is a headline
             * when it is doubled, or when a heading or the end follows */
            int next_head = i + 1 == nl;
            if (!next_head) {
                char nn2[512];
                size_t c2, k2;
                c2 = byline_tail(lines[i + 1].s, lines[i + 1].len, nn2, sizeof nn2, &k2);
                dj_buf_reset(&nxt);
                if ((rc = clean_line(&nxt, lines[i + 1].s, c2)) < 0)
                    goto done;
                next_head = c2 == lines[i + 1].len && widths[i + 1] * 10 < median * 6 &&
                            !ends_sentence(dj_buf_cstr(&nxt), dj_buf_len(&nxt));
            }
            if (next_head || is_doubled(cs, cl))
                is_short = 1;
        }
        if (dj__news_opens_always(cs, cl) && dj_buf_len(&para) > 0) {
            if ((rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                goto done;
            dj_buf_reset(&para);
        }
        if (is_short && cut == ll) {
            size_t nn = 0;
            if (dj_buf_len(&para) > 0) {
                if ((rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                    goto done;
                dj_buf_reset(&para);
            }
            if (dj__news_byline(ls, ll, names, sizeof names, &nn) && nn > 0)
                rc = items_push(out, IT_BYLINE, names, sizeof names, nn);
            else
                rc = items_push(out, IT_HEAD, cs, cl, 0);
            if (rc < 0)
                goto done;
            continue;
        }
        /* join: a space only between two Latin/digit characters */
        if (dj_buf_len(&para) > 0 && cl > 0) {
            uint32_t pc = last_cp(dj_buf_cstr(&para), dj_buf_len(&para), NULL);
            size_t z = 0;
            uint32_t fc = dj_utf8_next(cs, cl, &z);
            if (dj__news_is_ascii_alnum(pc) && dj__news_is_ascii_alnum(fc))
                dj_buf_putc(&para, ' ');
        }
        dj_buf_append(&para, cs, cl);
        if ((rc = dj_buf_rc(&para)) < 0)
            goto done;
        if (ends_sentence(cs, cl) || cut < ll || (blank_is_break && lines[i].blank_before) ||
            i + 1 == nl) {
            if (dj_buf_len(&para) > 0 &&
                (rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                goto done;
            dj_buf_reset(&para);
            if (cut < ll && (rc = items_push(out, IT_BYLINE, names, sizeof names, nnames)) < 0)
                goto done;
        }
    }
    if (dj_buf_len(&para) > 0)
        rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0);
done:
    dj_buf_fini(&para);
    dj_buf_fini(&tmp);
    dj_buf_fini(&nxt);
    dj_free(lines);
    dj_free(widths);
    return rc;
}
