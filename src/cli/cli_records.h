/* cli_records.h - shared implementation of record subcommands. */
#ifndef DJ_CLI_RECORDS_H
#define DJ_CLI_RECORDS_H

#include <getopt.h>

/* The options of every records subcommand (for dj_cli_subcommands). */
extern const struct option dj_cli_records_opts[];

/* The line of a write that may change nothing: {"id":N,"changed":B} with
 * json, else "<done> <what> N" or "no change: <what> N already has these
 * values" (done: saved, updated). */
struct dj_buf;
void dj_cli_write_result(struct dj_buf *out, int json, const char *done, const char *what,
                         long long id, int changed);

/* Runs `duijie <cmd> add|show|list|update|close ...` on records of type. */
int dj_cli_records(const char *cmd, const char *type, int argc, char **argv);

#endif
