/* fuzz_userdict.c - libFuzzer target for the user dictionary (one "word
 * [freq]" per line, written by park staff): any bytes must either load or
 * be refused with DJ_EPARSE naming a line (or DJ_ENOMEM); with a loaded
 * dictionary the analyser must still accept text and give terms whose
 * offsets lie inside it and are ordered. The bytes go to
 * dj_text_init_words (how a database's domain terms are loaded);
 * dj_text_init(path) reads a file into memory and runs the same parser.
 * Violations trap so that the fuzzer (or replay) reports them. */
#include "duijie/dj_text.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char text[] =
    "柔性钙钛矿太阳能电池与量子点显示屏，TOPCon电池效率26.5%；5G+工业互联网。";

typedef struct span {
    size_t len, last_start;
} span;

static int check_term(const dj_term *t, void *ctx)
{
    span *s = ctx;
    if (t->start > t->end || t->end > s->len || t->len == 0 || t->start < s->last_start)
        __builtin_trap(); /* offsets inside the text, terms in order of start */
    s->last_start = t->start;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_diag d;
    int rc;

    memset(&d, 0, sizeof d);
    rc = dj_text_init_words((const char *)data, size, "fuzz", &d);
    if (rc == DJ_OK) {
        span s = {strlen(text), 0};
        if (dj_text_analyze(text, s.len, DJ_ANALYZE_ALL, check_term, &s) != DJ_OK)
            __builtin_trap();
    } else if (rc == DJ_EPARSE) {
        if (d.line < 1)
            __builtin_trap(); /* the error names the line */
    } else if (rc != DJ_ENOMEM) {
        __builtin_trap();
    }
    dj_text_shutdown();
    return 0;
}
