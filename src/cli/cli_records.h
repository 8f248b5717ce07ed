/* cli_records.h - shared implementation of record subcommands. */
#ifndef DJ_CLI_RECORDS_H
#define DJ_CLI_RECORDS_H

#include <getopt.h>

/* The options of every records subcommand (for dj_cli_subcommands). */
extern const struct option dj_cli_records_opts[];

/* Runs `duijie <cmd> add|show|list|update|close ...` on records of type. */
int dj_cli_records(const char *cmd, const char *type, int argc, char **argv);

#endif
