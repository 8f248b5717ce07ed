/* cli_progress.h - progress of long work on a terminal. */
#ifndef DJ_CLI_PROGRESS_H
#define DJ_CLI_PROGRESS_H

#include "duijie/dj_sched.h"

/* A dj_sched_progress_fn: when stderr is a terminal, rewrites one status
 * line there (elapsed time, phase, share of the work budget, best weight
 * and breaks against their bounds); otherwise prints nothing. ctx unused. */
void dj_cli_sched_progress(void *ctx, const dj_sched_progress *p);

/* A dj_app_progress_fn: the same status line for app work ("import
 * listings.csv 45%"). ctx unused. */
void dj_cli_task_progress(void *ctx, const char *task, double done, double total);

/* Clears the status line (on a terminal). */
void dj_cli_progress_end(void);

#endif
