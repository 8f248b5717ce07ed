/* dj_text.h - Chinese text analysis: normalisation, word segmentation and
 * the analyser that feeds the index and the matcher.
 *
 * Contract (shared by src/text/, which implements it, and src/index/,
 * src/match/, which consume it):
 *  - dj_text_init() loads the read-only dictionary once, before threads
 *    start; every other function is then thread-safe and pure.
 *  - Input text is valid UTF-8 (validated at the boundary); decoders never
 *    read past len.
 *  - Offsets are byte offsets [start, end) into the ORIGINAL input, before
 *    normalisation, so that highlighting works on what the user wrote.
 *  - Terms are emitted normalised (NFKC, case-folded, traditional ->
 *    simplified), so that indexing and querying agree. */
#ifndef DJ_TEXT_H
#define DJ_TEXT_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

/* Loads the built-in dictionary (compiled into the binary at build time) and
 * the optional user dictionary file (one "word [freq]" per line, UTF-8; NULL
 * for none). Once ready, a NULL path keeps what is loaded and the same user
 * dictionary (path, or words for dj_text_init_words) is a no-op; another
 * one is loaded in place of the current one. Returns DJ_OK, DJ_ENOMEM, DJ_EIO or DJ_EPARSE (diag
 * names the line; the analyser is then not ready). Not thread-safe: call before starting threads,
 * and not while another thread analyses. */
int dj_text_init(const char *user_dict_path, dj_diag *diag);
/* The same with the user dictionary given as len bytes of text in the same
 * format (e.g. the domain terms kept in a database); source names it in
 * diag ("user dictionary" when NULL). NUL bytes are refused. */
int dj_text_init_words(const char *words, size_t len, const char *source, dj_diag *diag);
/* A 64-bit fingerprint of what the analyser reads text with: the
 * dictionaries loaded (built-in and user), the stop words and the
 * analyser's version; differs when any changes, so data analysed earlier
 * can be told stale. Valid after dj_text_init. */
uint64_t dj_text_fingerprint(void);
/* Releases what dj_text_init loaded (for leak checkers); safe to call twice. */
void dj_text_shutdown(void);
/* 1 between a successful dj_text_init (or _words) and dj_text_shutdown. */
int dj_text_ready(void);

enum dj_term_kind {
    DJ_TERM_WORD = 1,   /* dictionary word or out-of-dictionary run (CJK) */
    DJ_TERM_LATIN = 2,  /* Latin letters/digits token, e.g. "5g", "arynGPT" folded */
    DJ_TERM_NUMBER = 3, /* number token "3.6" */
    DJ_TERM_BIGRAM = 4  /* overlapping CJK character bigram, for recall */
};

typedef struct dj_term {
    const char *text; /* normalised term, UTF-8, not NUL-terminated; borrowed
                         for the duration of the callback only */
    size_t len;
    size_t start, end; /* byte offsets into the original input */
    int kind;          /* enum dj_term_kind */
    int pos;           /* ordinal position of the word in the text (bigrams
                          carry the position of the word they overlap) */
    int is_stop;       /* 1 when a stop word (callers usually skip it) */
} dj_term;

/* Called once per term, in order of start offset. Return 0 to continue, a
 * negative dj_err to stop analysis (returned by dj_text_analyze). */
typedef int (*dj_term_cb)(const dj_term *t, void *ctx);

enum dj_analyze_flags {
    DJ_ANALYZE_WORDS = 1,   /* words, Latin and number tokens */
    DJ_ANALYZE_BIGRAMS = 2, /* CJK bigrams */
    DJ_ANALYZE_SEARCH = 4,  /* search mode: also emit dictionary sub-words of
                               long words (like jieba's cut_for_search) */
    DJ_ANALYZE_ALL = 7
};

/* Analyses text[0..len). Returns DJ_OK, DJ_ENOMEM, DJ_EINVAL (dj_text_init
 * not called), or what cb returned. */
int dj_text_analyze(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx);

/* Reusable per-call buffers of the analyser. dj_text_analyze allocates its
 * buffers at every call and frees them on return; a caller that analyses
 * many texts in a row (bulk indexing) can keep them in a dj_text_buf and
 * pass it to dj_text_analyze_buf instead, which then allocates nothing once
 * the buffers fit. A buffer is used by one call at a time (not thread-safe);
 * buffers grown past a few tens of KB by a long text are released on
 * return. On DJ_OK *out is owned by the caller (dj_text_buf_free). Returns
 * DJ_OK or DJ_ENOMEM. */
typedef struct dj_text_buf dj_text_buf; /* opaque */
int dj_text_buf_new(dj_text_buf **out);
void dj_text_buf_free(dj_text_buf *buf); /* NULL is a no-op */

/* dj_text_analyze with the buffers of buf (same output, same return
 * codes). */
int dj_text_analyze_buf(dj_text_buf *buf, const char *text, size_t len, int flags, dj_term_cb cb,
                        void *ctx);

/* Segments text into words (the segmentation benchmark's output): calls cb
 * once per word with kind WORD/LATIN/NUMBER, punctuation included as its own
 * words, no bigrams, no normalisation of offsets lost. Same return codes as
 * dj_text_analyze. */
int dj_text_segment(const char *text, size_t len, dj_term_cb cb, void *ctx);

/* Normalises text (NFKC, case fold, t2s) into *out (dj_malloc'd, caller
 * frees with dj_free) and, when map_out is non-NULL, a dj_malloc'd array of
 * (out_len + 1) original byte offsets: map[i] = offset in text of the
 * character that produced output byte i. Returns DJ_OK, DJ_ENOMEM or
 * DJ_EINVAL (dj_text_init not called). */
int dj_text_normalize(char **out, size_t *out_len, size_t **map_out, const char *text, size_t len);

#endif
