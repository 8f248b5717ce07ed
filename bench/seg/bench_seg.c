/* bench_seg.c - segmentation benchmark driver.
 *
 *   bench_seg [-o OUT] [-r REPEAT] [-d USER_DICT] INPUT
 *
 * Segments INPUT (UTF-8 text) with dj_text_segment, writes the words
 * separated by two spaces, line structure kept, to OUT (the format the
 * SIGHAN score script compares with the gold file), then times REPEAT
 * further passes over the whole text in memory with a callback that only
 * counts words, and prints one line:
 *   bytes=<n> words=<n> seconds=<best pass> mbps=<MB/s of the best pass>
 *   cpu_seconds=<best pass, thread CPU time> cpu_mbps=<MB/s per CPU second>
 * (MB = 10^6 bytes; the CPU figures are what one core does when the machine
 * is shared). Load time of the dictionary goes to stderr. */
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct out_ctx {
    FILE *f;
    const char *text;
    size_t last; /* end of the previous word */
    int first_on_line;
} out_ctx;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static int write_cb(const dj_term *t, void *vctx)
{
    out_ctx *c = vctx;
    size_t i;

    for (i = c->last; i < t->start; i++) {
        if (c->text[i] == '\n') {
            fputc('\n', c->f);
            c->first_on_line = 1;
        }
    }
    if (!c->first_on_line)
        fputs("  ", c->f);
    fwrite(c->text + t->start, 1, t->end - t->start, c->f);
    c->first_on_line = 0;
    c->last = t->end;
    return 0;
}

static int count_cb(const dj_term *t, void *vctx)
{
    (void)t;
    (*(size_t *)vctx)++;
    return 0;
}

/* Reads a whole file (util/file.h); NULL when it cannot. Free with dj_free. */
static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    return dj_file_read(&buf, len, path, 0) == DJ_OK ? buf : NULL;
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *in_path = NULL, *user = NULL;
    int repeat = 3, i, rc;
    size_t len, words = 0;
    char *text;
    double t0, best = 1e30, best_cpu = 1e30;
    dj_diag diag;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            repeat = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc)
            user = argv[++i];
        else
            in_path = argv[i];
    }
    if (!in_path) {
        fprintf(stderr, "usage: bench_seg [-o OUT] [-r REPEAT] [-d USER_DICT] INPUT\n");
        return 2;
    }
    if (!(text = slurp(in_path, &len))) {
        perror(in_path);
        return 1;
    }
    dj_diag_clear(&diag);
    t0 = now();
    if ((rc = dj_text_init(user, &diag)) != DJ_OK) {
        fprintf(stderr, "dj_text_init: %s %s\n", dj_err_name(rc), diag.message);
        return 1;
    }
    fprintf(stderr, "dictionary load: %.1f ms\n", (now() - t0) * 1000);
    if (out_path) {
        out_ctx c = {NULL, text, 0, 1};
        if (!(c.f = fopen(out_path, "wb"))) {
            perror(out_path);
            return 1;
        }
        rc = dj_text_segment(text, len, write_cb, &c);
        fputc('\n', c.f);
        fclose(c.f);
        if (rc != DJ_OK) {
            fprintf(stderr, "segment: %s\n", dj_err_name(rc));
            return 1;
        }
    }
    for (i = 0; i < repeat; i++) {
        double t, tc;
        words = 0;
        t = now();
        tc = clock_s(CLOCK_THREAD_CPUTIME_ID);
        if (dj_text_segment(text, len, count_cb, &words) != DJ_OK)
            return 1;
        tc = clock_s(CLOCK_THREAD_CPUTIME_ID) - tc;
        t = now() - t;
        if (t < best)
            best = t;
        if (tc < best_cpu)
            best_cpu = tc;
    }
    if (repeat > 0)
        printf("bytes=%zu words=%zu seconds=%.4f mbps=%.2f cpu_seconds=%.4f cpu_mbps=%.2f\n", len,
               words, best, (double)len / 1e6 / best, best_cpu, (double)len / 1e6 / best_cpu);
    dj_text_shutdown();
    dj_free(text);
    return 0;
}
