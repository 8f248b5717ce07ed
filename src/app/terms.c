/* terms.c - the domain terms of a database (table dict_terms, migration
 * 008): words the segmenter keeps whole, added one by one or from a "word
 * [freq]" file, and loaded as the text module's user dictionary before a
 * command analyses any text (dj_app_text_init).
 * Invariant: every stored word passed check_term, so the dictionary text
 * built from the table always loads (no blanks, no control characters, no
 * leading '#', valid UTF-8, at most TERM_MAX_CHARS characters; freq NULL
 * or 1..FREQ_MAX). Changes need DJ_ACT_CONFIGURE and are audited. */
#include "app/app_int.h"

#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TERM_MAX_CHARS 32
#define FREQ_MAX       1000000000000LL

/* True for characters that print as nothing or break a line: C0 and C1
 * controls, DEL, zero-width and direction marks, line and paragraph
 * separators, word joiners, the BOM (U+FEFF, also mid-file when two
 * files were joined). A term holding one would not match the text a user
 * sees. */
static int invisible(uint32_t cp)
{
    return cp <= ' ' || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0x3000 ||
           cp == 0xfeff;
}

/* Why word (n bytes) cannot be a term, or NULL when it can. */
static const char *check_term(const char *word, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return "empty term";
    if (!dj_utf8_valid(word, n, NULL))
        return "invalid UTF-8";
    if (word[0] == '#')
        return "a term cannot start with # (it would read as a comment)";
    while (i < n)
        if (invisible(dj_utf8_next(word, n, &i)))
            return "a term is one word: no spaces, control characters or invisible marks "
                   "(zero-width, BOM, line separators)";
    if (dj_utf8_nchars(word, n) > TERM_MAX_CHARS)
        return "a term has at most 32 characters";
    return NULL;
}

typedef struct indexed_count {
    int kept, too_long;
} indexed_count;

static int count_indexed_cb(const dj_term *t, void *ctx)
{
    indexed_count *c = ctx;
    if (!t->is_stop && t->len > DJ_INDEX_TERM_MAX)
        c->too_long++;
    else if (!t->is_stop)
        c->kept++;
    return 0;
}

int dj__app_indexed_terms(const char *s, size_t n, int *count, int *too_long)
{
    indexed_count c = {0, 0};
    int rc = dj_text_analyze(s, n, DJ_ANALYZE_ALL, count_indexed_cb, &c);
    *count = c.kept;
    if (too_long)
        *too_long = c.too_long;
    return rc;
}

/* Why word (n bytes) is no use as a domain term, or NULL: a stop word (的,
 * 以上) is never indexed, whatever the segmenter makes of it, so the term
 * would change neither search nor match. The caller has started the
 * analyser (dj_app_text_init, once: an import must not reload it per
 * line); *rc is set when it cannot analyse. */
static const char *check_indexed(const char *word, size_t n, int *rc)
{
    int indexed = 0, spaced = 0;
    char *norm = NULL;
    size_t nl = 0, i;

    /* NFKC can spell one character as several words (ﷺ); the segmenter
     * would keep them as one term and their words alone would stop matching */
    if ((*rc = dj_text_normalize(&norm, &nl, NULL, word, n)) < 0)
        return NULL;
    for (i = 0; i < nl; i++)
        spaced |= (unsigned char)norm[i] <= ' ';
    dj_free(norm);
    if (spaced)
        return "a term is one word, also once normalised (NFKC spells this one with spaces)";
    *rc = dj__app_indexed_terms(word, n, &indexed, NULL);
    return *rc == DJ_OK && !indexed
               ? "a stop word is never indexed (nor are symbols such as emoji), "
                 "so it cannot be a domain term"
               : NULL;
}

/* Adds or updates one term inside the caller's transaction. */
static int put_term(dj_app *app, const char *word, size_t n, int64_t freq, dj_diag *diag)
{
    static const char *const key[] = {"word", NULL};
    char now[32];
    dj_field f[4];

    dj_store_now(now);
    f[0] = (dj_field){"word", dj_v_textn(word, n)};
    f[1] = (dj_field){"freq", freq > 0 ? dj_v_int(freq) : dj_v_null()};
    f[2] = (dj_field){"created_at", dj_v_text(now)};
    f[3] = (dj_field){"created_by", dj_v_text(app->actor.login)};
    return dj_store_upsert(app->st, "dict_terms", f, 4, key, NULL, diag);
}

/* *held = 1 when word is stored with this frequency (none: freq <= 0). */
static int term_held(dj_app *app, const char *word, size_t n, int64_t freq, int64_t *held,
                     dj_diag *diag)
{
    dj_field w[2] = {{"word", dj_v_textn(word, n)},
                     {"freq", freq > 0 ? dj_v_int(freq) : dj_v_null()}};
    return dj_store_count(app->st, "dict_terms", w, 2, held, diag);
}

/* The stored terms keyed by their normalised form: ＡＩ判图 and ai判图,
 * 數據 and 数据 read as one term to the segmenter, so a second spelling
 * names the stored one (add and import update it, remove removes it). The
 * table holds a few hundred terms, read once per command; an import adds
 * each line it puts, so two spellings in one file are one term too. */
typedef struct spelling {
    uint64_t hash; /* of norm */
    char *norm;
    size_t len;
    char *word; /* as stored */
} spelling;

typedef struct spellings {
    spelling *v;
    size_t n, cap;
    int rc;
} spellings;

static void spellings_free(spellings *sp)
{
    size_t i;
    for (i = 0; i < sp->n; i++) {
        dj_free(sp->v[i].norm);
        dj_free(sp->v[i].word);
    }
    dj_free(sp->v);
}

/* Adds word (n bytes) under its normalised form, which the caller has
 * (norm, len; taken over, also on failure). */
static int spellings_put(spellings *sp, char *norm, size_t len, const char *word, size_t n)
{
    spelling *e;
    int rc;
    DJ_ARRAY_GROW(rc, sp->v, sp->cap, sp->n);
    if (rc < 0) {
        dj_free(norm);
        return rc;
    }
    e = &sp->v[sp->n];
    *e = (spelling){dj_hash64(norm, len, 0), norm, len, dj_malloc(n + 1)};
    if (!e->word) {
        dj_free(norm);
        return DJ_ENOMEM;
    }
    memcpy(e->word, word, n);
    e->word[n] = '\0';
    sp->n++;
    return DJ_OK;
}

static int spellings_row_cb(const dj_row *row, void *ctx)
{
    spellings *sp = ctx;
    const char *w = dj_row_text(row, "word");
    char *norm = NULL;
    size_t len = 0;
    if (!w)
        return 0;
    if ((sp->rc = dj_text_normalize(&norm, &len, NULL, w, strlen(w))) < 0 ||
        (sp->rc = spellings_put(sp, norm, len, w, strlen(w))) < 0)
        return sp->rc;
    return 0;
}

/* Reads the stored terms; the analyser is started (normalising needs it). */
static int spellings_load(dj_app *app, spellings *sp, dj_diag *diag)
{
    int rc;
    *sp = (spellings){NULL, 0, 0, DJ_OK};
    if ((rc = dj_app_text_init(app, diag)) < 0)
        return rc;
    rc = dj_store_each(app->st, "dict_terms", NULL, 0, NULL, 0, 0, spellings_row_cb, sp, diag);
    return rc < 0 ? rc : sp->rc;
}

/* *norm_out (dj_malloc'd) = word's normalised form; *stored = the stored
 * spelling of the same term, or NULL. */
static int spellings_find(const spellings *sp, const char *word, size_t n, char **norm_out,
                          size_t *len_out, const char **stored)
{
    uint64_t h;
    size_t i;
    int rc;

    *stored = NULL;
    if ((rc = dj_text_normalize(norm_out, len_out, NULL, word, n)) < 0)
        return rc;
    h = dj_hash64(*norm_out, *len_out, 0);
    for (i = 0; i < sp->n && !*stored; i++)
        if (sp->v[i].hash == h && sp->v[i].len == *len_out &&
            !memcmp(sp->v[i].norm, *norm_out, *len_out))
            *stored = sp->v[i].word;
    return DJ_OK;
}

/* *found = the stored spelling of word's term (dj_malloc'd), or NULL. */
static int find_same_term(dj_app *app, const char *word, size_t n, char **found, dj_diag *diag)
{
    spellings sp;
    const char *stored = NULL;
    char *norm = NULL;
    size_t len = 0;
    int rc;

    *found = NULL;
    if ((rc = spellings_load(app, &sp, diag)) == DJ_OK &&
        (rc = spellings_find(&sp, word, n, &norm, &len, &stored)) == DJ_OK && stored &&
        !(*found = dj_strdup(stored)))
        rc = DJ_ENOMEM;
    dj_free(norm);
    spellings_free(&sp);
    return rc;
}

/* Ends a write: the audit entry, then commit; rollback on any error. */
static int finish(dj_app *app, int rc, const char *action, const char *detail, dj_diag *diag)
{
    if (rc == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, action, "dict_terms", 0, detail, diag);
    if (rc == DJ_OK)
        return dj_store_commit(app->st, diag);
    dj_store_rollback(app->st);
    return rc;
}

/* {"word": word} (or {"file": ..., "terms": n}) for the audit log. */
static int detail_json(dj_buf *b, const char *key, const char *s, long n)
{
    dj_buf_printf(b, "{\"%s\":", key);
    dj_buf_json_str(b, s, strlen(s));
    if (n >= 0)
        dj_buf_printf(b, ",\"terms\":%ld", n);
    dj_buf_putc(b, '}');
    return dj_buf_rc(b);
}

int dj_app_term_add(dj_app *app, const char *word, int64_t freq, int *changed_out, dj_diag *diag)
{
    const char *why;
    dj_buf detail;
    int rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_CONFIGURE))
        return dj_diag_set(diag, DJ_EPERM, "role may not change the domain terms");
    if ((why = check_term(word, strlen(word))))
        return dj_diag_set(diag, DJ_EINVAL, "'%s': %s", word, why);
    if ((rc = dj_app_text_init(app, diag)) < 0)
        return rc;
    if ((why = check_indexed(word, strlen(word), &rc)) || rc < 0)
        return why ? dj_diag_set(diag, DJ_EINVAL, "'%s': %s", word, why) : rc;
    if (freq < 0 || freq > FREQ_MAX)
        return dj_diag_set(diag, DJ_EINVAL, "frequency %lld: give 1..10^12 (or none)",
                           (long long)freq);
    dj_buf_init(&detail, 0);
    if ((rc = detail_json(&detail, "word", word, -1)) == DJ_OK &&
        (rc = dj_store_begin(app->st, diag)) == DJ_OK) {
        char *same = NULL; /* a term already stored in another spelling is that term */
        const char *as = word;
        int64_t held = 0;
        rc = find_same_term(app, word, strlen(word), &same, diag);
        if (rc == DJ_OK) { /* stored already, with this frequency: nothing to write */
            as = same ? same : word;
            rc = term_held(app, as, strlen(as), freq, &held, diag);
        }
        if (rc == DJ_OK && held) {
            dj_store_rollback(app->st);
        } else {
            if (rc == DJ_OK)
                rc = put_term(app, as, strlen(as), freq, diag);
            rc = finish(app, rc, "add", dj_buf_cstr(&detail), diag);
        }
        dj_free(same);
        if (changed_out)
            *changed_out = rc == DJ_OK && !held;
    }
    dj_buf_fini(&detail);
    return rc;
}

int dj_app_term_remove(dj_app *app, const char *word, dj_diag *diag)
{
    dj_field w = {"word", dj_v_text(word)};
    int64_t n = 0;
    dj_buf detail;
    int rc;

    if (!dj_app_can(app->actor.role, DJ_ACT_CONFIGURE))
        return dj_diag_set(diag, DJ_EPERM, "role may not change the domain terms");
    dj_buf_init(&detail, 0);
    if ((rc = detail_json(&detail, "word", word, -1)) == DJ_OK &&
        (rc = dj_store_begin(app->st, diag)) == DJ_OK) {
        char *same = NULL; /* ai判图 removes the stored ＡＩ判图 */
        rc = dj_store_delete(app->st, "dict_terms", &w, 1, &n, diag);
        if (rc == DJ_OK && n == 0 &&
            (rc = find_same_term(app, word, strlen(word), &same, diag)) == DJ_OK && same) {
            w.v = dj_v_text(same);
            rc = dj_store_delete(app->st, "dict_terms", &w, 1, &n, diag);
        }
        dj_free(same);
        if (rc == DJ_OK && n == 0)
            rc = dj_diag_set(diag, DJ_ENOTFOUND, "no domain term '%s'", word);
        rc = finish(app, rc, "remove", dj_buf_cstr(&detail), diag);
    }
    dj_buf_fini(&detail);
    return rc;
}

/* Reads one "word [freq]" line (comments and blank lines give n = 0). */
static const char *parse_line(const char *line, size_t len, const char **word, size_t *n,
                              int64_t *freq)
{
    size_t i = 0, w0;
    *n = 0;
    *freq = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == len || line[i] == '#')
        return NULL;
    if (!dj_utf8_valid(line + i, len - i, NULL)) /* before a bad byte reads as a bad frequency */
        return "invalid UTF-8 (save the file as UTF-8)";
    w0 = i;
    while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
        i++;
    *word = line + w0;
    *n = i - w0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i < len) {
        size_t digits = 0;
        while (i < len && line[i] >= '0' && line[i] <= '9' && digits < 13) {
            *freq = *freq * 10 + (line[i] - '0');
            i++;
            digits++;
        }
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (digits == 0 || i < len || *freq == 0 || *freq > FREQ_MAX)
            return "the frequency must be a whole number 1..10^12";
    }
    return check_term(*word, *n);
}

int dj_app_terms_import(dj_app *app, const char *path, long *added, long *unchanged, dj_diag *diag)
{
    char *text = NULL;
    size_t len = 0, at = 0;
    long lineno = 0, count = 0, nsame = 0;
    spellings sp;
    dj_buf detail;
    int rc;

    if (added)
        *added = 0;
    if (unchanged)
        *unchanged = 0;
    if (!dj_app_can(app->actor.role, DJ_ACT_CONFIGURE))
        return dj_diag_set(diag, DJ_EPERM, "role may not change the domain terms");
    if ((rc = dj_file_read(&text, &len, path, (size_t)16 << 20)) < 0) {
        if (rc == DJ_EIO)
            dj_diag_set(diag, rc, "cannot read: %s", strerror(errno));
        else if (rc == DJ_ELIMIT)
            dj_diag_set(diag, rc, "file larger than 16 MiB");
        if (diag)
            snprintf(diag->file, sizeof diag->file, "%s", path);
        return rc;
    }
    /* the analyser for check_indexed, with the terms as before the import */
    if ((rc = spellings_load(app, &sp, diag)) < 0 || (rc = dj_store_begin(app->st, diag)) < 0) {
        spellings_free(&sp);
        dj_free(text);
        return rc;
    }
    while (at < len && rc == DJ_OK) {
        const char *line = text + at, *nl = memchr(line, '\n', len - at), *word = NULL, *why;
        size_t n = nl ? (size_t)(nl - line) : len - at, wn = 0;
        int64_t freq = 0;
        lineno++;
        at += n + (nl != NULL);
        if (n >= 3 &&
            memcmp(line, "\xef\xbb\xbf", 3) == 0) { /* a BOM, also where files were joined */
            line += 3;
            n -= 3;
        }
        if (memchr(line, '\0', n))
            why = "NUL byte";
        else
            why = parse_line(line, n, &word, &wn, &freq);
        if (!why && word && wn && (why = check_indexed(word, wn, &rc)))
            rc = dj_diag_set(diag, DJ_EINVAL, "'%.*s': %s", (int)wn, word, why);
        else if (why)
            rc = dj_diag_set(diag, DJ_EINVAL, "%s", why);
        if (why && diag) {
            snprintf(diag->file, sizeof diag->file, "%s", path);
            diag->line = lineno;
        }
        if (rc == DJ_OK && word && wn) {
            const char *same = NULL;
            char *norm = NULL;
            size_t normlen = 0;
            int64_t held = 0;
            if ((rc = spellings_find(&sp, word, wn, &norm, &normlen, &same)) == DJ_OK && same) {
                if ((rc = term_held(app, same, strlen(same), freq, &held, diag)) == DJ_OK && !held)
                    rc = put_term(app, same, strlen(same), freq, diag);
            } else if (rc == DJ_OK && (rc = put_term(app, word, wn, freq, diag)) == DJ_OK) {
                rc = spellings_put(&sp, norm, normlen, word, wn); /* takes norm over */
                norm = NULL;
            }
            dj_free(norm);
            if (held)
                nsame++;
            else
                count++;
        }
    }
    spellings_free(&sp);
    dj_free(text);
    if (rc == DJ_OK && count == 0) { /* every term stored as it is: nothing to write */
        dj_store_rollback(app->st);
    } else {
        dj_buf_init(&detail, 0);
        if (rc == DJ_OK)
            rc = detail_json(&detail, "file", path, count);
        rc = finish(app, rc, "import", dj_buf_cstr(&detail), diag);
        dj_buf_fini(&detail);
    }
    if (rc == DJ_OK && added)
        *added = count;
    if (rc == DJ_OK && unchanged)
        *unchanged = nsame;
    return rc;
}

struct list_ctx {
    dj_buf *out; /* JSON array, or dictionary text when text is set */
    int text;
    long n;
};

static int list_cb(const dj_row *r, void *ctx)
{
    struct list_ctx *c = ctx;
    const char *word = dj_row_text(r, "word");
    int64_t freq = dj_row_int(r, "freq", 0);

    if (c->text) {
        dj_buf_puts(c->out, word);
        if (freq > 0)
            dj_buf_printf(c->out, " %lld", (long long)freq);
        dj_buf_putc(c->out, '\n');
    } else {
        dj_buf_puts(c->out, c->n ? ",{\"word\":" : "{\"word\":");
        dj_buf_json_str(c->out, word, strlen(word));
        if (freq > 0)
            dj_buf_printf(c->out, ",\"freq\":%lld", (long long)freq);
        else
            dj_buf_puts(c->out, ",\"freq\":null");
        dj_buf_puts(c->out, ",\"created_at\":");
        dj_buf_json_str(c->out, dj_row_text(r, "created_at"), strlen(dj_row_text(r, "created_at")));
        dj_buf_puts(c->out, ",\"created_by\":");
        dj_buf_json_str(c->out, dj_row_text(r, "created_by"), strlen(dj_row_text(r, "created_by")));
        dj_buf_putc(c->out, '}');
    }
    c->n++;
    return dj_buf_rc(c->out);
}

int dj_app_terms_json(dj_app *app, dj_buf *out, dj_diag *diag)
{
    struct list_ctx c = {out, 0, 0};
    int rc;
    dj_buf_putc(out, '[');
    if ((rc = dj_store_each(app->st, "dict_terms", NULL, 0, "word", 0, 0, list_cb, &c, diag)) < 0)
        return rc;
    dj_buf_putc(out, ']');
    return dj_buf_rc(out);
}

int dj_app_text_init(dj_app *app, dj_diag *diag)
{
    dj_buf words;
    struct list_ctx c = {&words, 1, 0};
    int rc;

    dj_buf_init(&words, 0);
    rc = dj_store_each(app->st, "dict_terms", NULL, 0, NULL, 0, 0, list_cb, &c, diag);
    if (rc == DJ_OK) /* no terms: "" (not NULL), so that removed terms are unloaded */
        rc = dj_text_init_words(c.n ? dj_buf_cstr(&words) : "", dj_buf_len(&words),
                                "domain terms (dict_terms)", diag);
    dj_buf_fini(&words);
    return rc;
}
