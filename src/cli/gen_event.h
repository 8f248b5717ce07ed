/* gen_event.h - `duijie gen event`: writes a generated brokerage event as
 * .dzn (B2BSP data plus the duijie weight extensions, docs/sched.md).
 * `duijie gen` (cmd_gen.c) forwards to it. */
#ifndef DJ_CLI_GEN_EVENT_H
#define DJ_CLI_GEN_EVENT_H

#include <getopt.h>

/* Its options, for dj_cli_subcommands. */
extern const struct option dj_cli_gen_event_opts[];

/* argv[0] is "event". Options: --participants N --slots S --tables T
 * --requests-per R --seed S [--must-pct P] [--booth-pct P] [--out FILE].
 * Returns DJ_EXIT_OK, DJ_EXIT_FAIL or DJ_EXIT_USAGE. */
int dj_cli_gen_event(int argc, char **argv);

#endif
