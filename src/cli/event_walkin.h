/* event_walkin.h - `duijie event join` and `event request` (event_walkin.c). */
#ifndef DJ_CLI_EVENT_WALKIN_H
#define DJ_CLI_EVENT_WALKIN_H

#include <getopt.h>

/* The options of join and request (for dj_cli_subcommands). */
extern const struct option dj_cli_event_walkin_opts[];

/* argv[0] is "join"; returns the exit code. */
int dj_cli_event_join(int argc, char **argv);
/* argv[0] is "request"; returns the exit code. */
int dj_cli_event_request(int argc, char **argv);

#endif
