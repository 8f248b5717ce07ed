/* cli_app.h - helpers for subcommands that work on the database. */
#ifndef DJ_CLI_APP_H
#define DJ_CLI_APP_H

#include "cli/cli.h"
#include "duijie/dj_app.h"
#include "duijie/dj_model.h"

#include <stdint.h>

/* Opens the app on --db/$DUIJIE_DB/./duijie.db as the CLI actor (admin);
 * prints the error itself. */
int dj_cli_open(dj_app **out, const char *cmd, const char *db_opt, dj_diag *diag);

/* Splits FIELD=VALUE arguments in place; returns the count or -1 after
 * printing a usage error. */
int dj_cli_pairs(char **argv, int argc, const char **cols, const char **vals, int max,
                 const char *cmd);

/* Prints the fields of a record type for --help. */
void dj_cli_print_columns(FILE *f, const char *type);

/* DJ_EXIT_OK for rc >= 0; otherwise prints the error (and the JSON error
 * object when json) and returns DJ_EXIT_FAIL. */
int dj_cli_finish(const char *cmd, int rc, const dj_diag *d, int json);

/* A positive record id, or -1. */
int64_t dj_cli_id(const char *s);

#endif
