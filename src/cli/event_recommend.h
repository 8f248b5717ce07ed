/* event_recommend.h - `duijie event recommend` (event_recommend.c). */
#ifndef DJ_CLI_EVENT_RECOMMEND_H
#define DJ_CLI_EVENT_RECOMMEND_H

#include <getopt.h>
#include <stddef.h>

/* Its options (for dj_cli_subcommands). */
extern const struct option dj_cli_event_recommend_opts[];

/* argv[0] is "recommend"; returns the exit code. */
int dj_cli_event_recommend(int argc, char **argv);

/* Prints the JSON of dj_app_event_recommend as text, each line after
 * indent: every pair, or the first limit (limit > 0) and how many more. */
void dj_cli_recommend_print(const char *json, int apply, size_t limit, const char *indent);

#endif
