/* cli_progress.c - a one-line status on stderr while long work runs (the
 * timetable solver, imports per file). Only on a terminal: piped or
 * redirected output, and every --json consumer, never sees it. The line is
 * rewritten in place (\r, erase to end of line) and cleared at the end. */
#include "cli/cli_progress.h"

#include <stdio.h>
#include <unistd.h>

void dj_cli_sched_progress(void *ctx, const dj_sched_progress *p)
{
    (void)ctx;
    if (!isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "\r  %.1f s, %s", p->elapsed_ms / 1000.0, p->phase);
    if (p->budget > 0) /* the clock may cut a run on a slow or busy machine before 100 % */
        fprintf(stderr, " (%.0f%% of the work)",
                p->work < p->budget ? 100.0 * p->work / p->budget : 100.0);
    if (p->weight >= 0)
        fprintf(stderr, " - best: weight %lld of at most %lld, breaks %d (at least %d)", p->weight,
                p->weight_ub, p->breaks, p->breaks_lb);
    fputs("\033[K", stderr);
    fflush(stderr);
}

void dj_cli_task_progress(void *ctx, const char *task, double done, double total)
{
    (void)ctx;
    if (!isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "\r  %s %3.0f%%\033[K", task, total > 0 ? 100.0 * done / total : 100.0);
    fflush(stderr);
}

void dj_cli_progress_end(void)
{
    if (!isatty(STDERR_FILENO))
        return;
    fputs("\r\033[K", stderr); /* on a fresh line (every output line ends in \n): harmless */
    fflush(stderr);
}
