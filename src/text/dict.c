/* dict.c - the segmentation dictionaries and the module's lifecycle.
 *
 * Two tries are walked code point by code point:
 *  - the built-in one, generated at build time (dict_data.h): breadth-first
 *    numbered nodes whose children are contiguous and sorted, found by a
 *    direct table at the root (BMP) and, below it, by one probe of an edge
 *    hash table built at init (dj__text_edges; interpolation search over
 *    the sorted children when it could not be built);
 *  - the user one, loaded by dj_text_init from a "word [freq]" file into a
 *    small malloc'd trie (first-child / next-sibling links).
 * Invariants: both are read-only between dj_text_init and dj_text_shutdown,
 * so walks need no locks; node 0 is the root of each and never a child, so a
 * child lookup returns 0 for "none". */
#include "text/dict_data.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct unode {
    uint32_t cp, child, sibling;
    float logp;
} unode;

static struct {
    int ready;
    unode *u; /* user trie, NULL when none */
    uint32_t nu, ucap;
    uint64_t fingerprint; /* of the dictionaries as loaded, set at the end of init */
    uint64_t asked;       /* asked_of() the user dictionary loaded */
} g;

int dj__text_is_ready(void)
{
    return g.ready;
}

int dj__text_has_user(void)
{
    return g.u != NULL;
}

uint32_t dj__text_user_child(uint32_t node, uint32_t cp)
{
    uint32_t c;

    if (!g.u)
        return 0;
    for (c = g.u[node].child; c; c = g.u[c].sibling) {
        if (g.u[c].cp == cp)
            return c;
    }
    return 0;
}

float dj__text_user_logp(uint32_t node)
{
    return g.u ? g.u[node].logp : DJ__TEXT_NOT_WORD;
}

double dj__text_unknown_logp(void)
{
    return -dj__text_dict_logtotal;
}

static int unode_add(uint32_t *out)
{
    if (g.nu == g.ucap) {
        uint32_t cap = g.ucap ? g.ucap * 2 : 256;
        unode *p = dj_realloc(g.u, cap * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        g.u = p;
        g.ucap = cap;
    }
    memset(&g.u[g.nu], 0, sizeof g.u[g.nu]);
    g.u[g.nu].logp = DJ__TEXT_NOT_WORD;
    *out = g.nu++;
    return DJ_OK;
}

/* Inserts the normalised word w[0..len) with log-probability logp. */
static int user_insert(const char *w, size_t len, float logp)
{
    uint32_t node = 0;
    size_t i = 0;
    int rc;

    if (!g.u && (rc = unode_add(&node)) < 0)
        return rc;
    node = 0;
    while (i < len) {
        uint32_t cp = dj_utf8_next(w, len, &i);
        uint32_t c = dj__text_user_child(node, cp);
        if (!c) {
            if ((rc = unode_add(&c)) < 0)
                return rc;
            g.u[c].cp = cp;
            g.u[c].sibling = g.u[node].child;
            g.u[node].child = c;
        }
        node = c;
    }
    if (node != 0)
        g.u[node].logp = logp;
    return DJ_OK;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Sets diag for an error at line lineno of source (0: the whole source). */
static int user_error(dj_diag *diag, int rc, const char *source, long lineno, const char *why)
{
    if (diag) {
        dj_diag_set(diag, rc, "user dictionary: %s", why);
        snprintf(diag->file, sizeof diag->file, "%s", source);
        diag->line = lineno;
    }
    return rc;
}

/* Parses one line "word [freq [tag]]"; the word is normalised like text. */
static int user_line(dj__text_scratch *s, const char *line, size_t len, long lineno,
                     const char *path, dj_diag *diag)
{
    size_t i = 0, w0, w1;
    double logp = 0;
    int have_freq = 0, rc;

    while (i < len && is_blank((unsigned char)line[i]))
        i++;
    if (i == len || line[i] == '#')
        return DJ_OK;
    w0 = i;
    while (i < len && !is_blank((unsigned char)line[i]))
        i++;
    w1 = i;
    while (i < len && is_blank((unsigned char)line[i]))
        i++;
    if (i < len) {
        double f = 0;
        size_t digits = 0;
        while (i < len && line[i] >= '0' && line[i] <= '9' && digits < 15) {
            f = f * 10 + (line[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || (i < len && !is_blank((unsigned char)line[i])) || f <= 0)
            return user_error(diag, DJ_EPARSE, path, lineno, "bad frequency");
        have_freq = 1;
        logp = log(f) - dj__text_dict_logtotal;
    }
    if (!dj_utf8_valid(line + w0, w1 - w0, NULL))
        return user_error(diag, DJ_EPARSE, path, lineno, "invalid UTF-8");
    if ((rc = dj__text_norm_chunk(s, line + w0, w1 - w0, 0)) < 0)
        return rc;
    if (s->norm_len == 0)
        return DJ_OK;
    if (!have_freq) {
        /* Default: just more probable than the best split of the word under
         * the dictionaries loaded so far, so that the word wins locally. */
        if ((rc = dj__text_seg_chunk(s)) < 0)
            return rc;
        logp = s->route[0] + 1.0;
        if (logp > -3.0)
            logp = -3.0;
    }
    return user_insert(s->norm, s->norm_len, (float)logp);
}

int dj__text_dict_load_user_text(const char *text, size_t len, const char *source, dj_diag *diag)
{
    dj__text_scratch s;
    long lineno = 0;
    size_t at = 0;
    int rc = DJ_OK;

    memset(&s, 0, sizeof s);
    while (at < len && rc == DJ_OK) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) + 1 : len - at;
        lineno++;
        if (n >= DJ__USER_LINE_MAX)
            rc = user_error(diag, DJ_EPARSE, source, lineno, "line too long");
        else if (memchr(text + at, '\0', n))
            rc = user_error(diag, DJ_EPARSE, source, lineno, "NUL byte");
        else
            rc = user_line(&s, text + at, n, lineno, source, diag);
        at += n;
    }
    dj__text_scratch_fini(&s);
    if (rc == DJ_ENOMEM && diag)
        dj_diag_set(diag, DJ_ENOMEM, "out of memory loading the user dictionary");
    return rc;
}

int dj__text_dict_load_user(const char *path, dj_diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    int rc = dj_file_read(&text, &len, path, DJ__USER_FILE_MAX);

    if (rc == DJ_EIO)
        return user_error(diag, DJ_EIO, path, 0, strerror(errno));
    if (rc == DJ_ELIMIT)
        return user_error(diag, DJ_ELIMIT, path, 0, "file larger than 64 MiB");
    if (rc < 0)
        return rc;
    rc = dj__text_dict_load_user_text(text, len, path, diag);
    dj_free(text);
    return rc;
}

void dj__text_dict_free_user(void)
{
    DJ_FREE(g.u);
    g.nu = g.ucap = 0;
}

uint64_t *dj__text_edges;
uint64_t *dj__text_edge_filter;
uint32_t dj__text_edge_mask;

void dj__text_edges_build(void)
{
    uint32_t nn = dj__text_dict_nnodes, cap = 1024, p, c;
    uint64_t *t, *f;

    if (dj__text_edges || nn >= (1u << 21))
        return;
    while (cap < 2 * nn)
        cap *= 2;
    if (!(t = dj_calloc(cap, sizeof *t)))
        return;
    dj_advise_huge(t, (size_t)cap * sizeof *t); /* probed at random by every walk */
    if (!(f = dj_calloc((size_t)1 << (DJ__EDGE_FILTER_BITS - 6), sizeof *f))) {
        dj_free(t);
        return;
    }
    for (p = 1; p < nn; p++) {
        for (c = dj__text_dict_first[p]; c < dj__text_dict_first[p + 1]; c++) {
            uint32_t cp = dj__text_dict_cp[c], i = dj__text_edge_slot(p, cp) & (cap - 1);
            uint32_t b = (uint32_t)(dj__text_edge_hash(p, cp) >> (64 - DJ__EDGE_FILTER_BITS));
            while (t[i])
                i = (i + 1) & (cap - 1);
            t[i] = (uint64_t)p << 42 | (uint64_t)cp << 21 | c;
            f[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
    dj__text_edge_mask = cap - 1;
    dj__text_edges = t;
    dj__text_edge_filter = f;
}

void dj__text_edges_free(void)
{
    DJ_FREE(dj__text_edges);
    DJ_FREE(dj__text_edge_filter);
    dj__text_edge_mask = 0;
}

/* The hash dj_text_fingerprint answers: dictionaries, stop words, version. */
static uint64_t fingerprint(void)
{
    uint64_t h = dj_hash64(&dj__text_dict_logtotal, sizeof dj__text_dict_logtotal,
                           (uint64_t)dj__text_dict_nnodes << 32 | dj__text_dict_nwords);
    h ^= dj__text_stop_hash() + DJ__TEXT_ANALYSER_VERSION;
    h = dj_hash64(dj__text_dict_logp, dj__text_dict_nnodes * sizeof *dj__text_dict_logp, h);
    return g.u ? dj_hash64(g.u, g.nu * sizeof *g.u, h) : h;
}

/* Names the user dictionary init is asked for: 0 for none, else a hash of
 * its path or of its words (odd, so never 0). */
static uint64_t asked_of(const char *path, const char *text, size_t len)
{
    if (path)
        return dj_hash64(path, strlen(path), 1) | 1;
    return text ? dj_hash64(text, len, 2) | 1 : 0;
}

/* dj_text_init and dj_text_init_words: the built-in state, then the user
 * dictionary from a file (path) or from memory (text). */
static int init(const char *path, const char *text, size_t len, const char *source, dj_diag *diag)
{
    uint64_t asked = asked_of(path, text, len);
    int rc = DJ_OK;

    if (g.ready && (g.asked == asked || asked == 0))
        return DJ_OK;
    if (g.ready) /* another user dictionary: reload */
        dj_text_shutdown();
    if ((rc = dj__text_norm_open(diag)) < 0)
        return rc;
    dj__text_edges_build();
    dj__text_stop_init();
    g.ready = 1; /* the user dictionary is normalised and segmented below */
    if (path)
        rc = dj__text_dict_load_user(path, diag);
    else if (text)
        rc = dj__text_dict_load_user_text(text, len, source ? source : "user dictionary", diag);
    if (rc < 0)
        dj_text_shutdown();
    else {
        g.fingerprint = fingerprint(); /* hashes megabytes: once, not per listing */
        g.asked = asked;
    }
    return rc;
}

int dj_text_init(const char *user_dict_path, dj_diag *diag)
{
    return init(user_dict_path, NULL, 0, NULL, diag);
}

int dj_text_init_words(const char *words, size_t len, const char *source, dj_diag *diag)
{
    return init(NULL, words, len, source, diag);
}

uint64_t dj_text_fingerprint(void)
{
    return g.ready ? g.fingerprint : fingerprint();
}

int dj_text_ready(void)
{
    return g.ready;
}

void dj_text_shutdown(void)
{
    dj__text_dict_free_user();
    dj__text_norm_close();
    dj__text_edges_free();
    g.ready = 0;
}
