/* event_day.h - `duijie event publish`, `mark` and `checkin` (event_day.c). */
#ifndef DJ_CLI_EVENT_DAY_H
#define DJ_CLI_EVENT_DAY_H

#include <getopt.h>

/* The options of publish and checkin, and of mark (for dj_cli_subcommands). */
extern const struct option dj_cli_event_undo_opts[];
extern const struct option dj_cli_event_mark_opts[];

/* argv[0] is "publish"; returns the exit code. */
int dj_cli_event_publish(int argc, char **argv);
/* argv[0] is "mark"; returns the exit code. */
int dj_cli_event_mark(int argc, char **argv);
/* argv[0] is "checkin"; returns the exit code. */
int dj_cli_event_checkin(int argc, char **argv);

#endif
