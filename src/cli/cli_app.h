/* cli_app.h - helpers for subcommands that work on the database. */
#ifndef DJ_CLI_APP_H
#define DJ_CLI_APP_H

#include "cli/cli.h"
#include "duijie/dj_app.h"
#include "duijie/dj_model.h"

#include <stdint.h>

/* Opens the app on --db/$DUIJIE_DB/./duijie.db as the CLI actor (admin);
 * prints the error itself (also as a JSON error object on stdout when json
 * is set, as dj_cli_finish does). A SQLite database must exist already: a
 * missing file is DJ_ENOTFOUND ("no database at PATH ..."), never created.
 * For a command that may write: a database this user may not write is
 * refused ("PATH: the database is read-only (why)") before any work. */
int dj_cli_open(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag);

/* dj_cli_open for a command that only reads (list, show, search, match,
 * report, export, agenda ...): a database this user may not write (a
 * read-only file, directory or mount) is opened read-only instead
 * (dj_app_open_read), with the same output as a writable one. */
int dj_cli_open_read(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag);

/* dj_cli_open that creates a missing SQLite database: for the commands that
 * start one (init, import, demo, news import). */
int dj_cli_create(dj_app **out, const char *cmd, const char *db_opt, int json, dj_diag *diag);

/* One verb of a subcommand that works on the database ("duijie config get
 * NAME"): its name, how many arguments it takes, and check (NULL: none),
 * which looks at the arguments before the database is opened, as every
 * other usage check does: it returns 0, or prints the usage error
 * (dj_cli_usage_error) and returns DJ_EXIT_USAGE. */
typedef struct dj_cli_verb {
    const char *name;
    int min_args, max_args;
    int (*check)(const char *cmd, char **args, int nargs);
    int reads; /* 1: the verb only reads (dj_cli_open_read) */
} dj_cli_verb;

/* Runs verb with its args (nargs of them) on the open app; prints its
 * result; returns DJ_OK or an error with diag set. */
typedef int (*dj_cli_verb_fn)(dj_app *app, const char *verb, char **args, int nargs, int json,
                              dj_diag *diag);

/* The whole of such a subcommand: --db, --json and --help (usage), the verb
 * (verbs[0] when none is given), its argument count and its check (a usage
 * error lists the verbs: hint), then the app opened as the CLI actor, run,
 * and the exit code. */
int dj_cli_verbs(int argc, char **argv, const char *cmd, const char *usage,
                 const dj_cli_verb *verbs, int nverbs, const char *hint, dj_cli_verb_fn run);

/* Splits FIELD=VALUE arguments in place; returns the count or -1 after
 * printing a usage error. */
int dj_cli_pairs(char **argv, int argc, const char **cols, const char **vals, int max,
                 const char *cmd);

/* Prints the fields of a record type for --help. */
void dj_cli_print_columns(FILE *f, const char *type);

/* DJ_EXIT_OK for rc >= 0; otherwise prints the error (and the JSON error
 * object when json) and returns DJ_EXIT_FAIL. */
int dj_cli_finish(const char *cmd, int rc, const dj_diag *d, int json);

/* A positive record id written in decimal digits only (no sign or
 * blank, within int64), or -1. */
int64_t dj_cli_id(const char *s);

/* --limit N (1 or more) or --offset N (0 or more) of a list into the page:
 * 0, or the exit code of the usage error it printed ("bad --limit 'x' (a
 * whole number from 1)"). opt: "limit" or "offset". */
int dj_cli_page_arg(const char *cmd, dj_app_page *page, const char *opt, const char *arg);

/* After a list printed as text: when the page left records out, says on
 * stderr which ones it showed and where the rest are ("1-100 of 250;
 * --offset 100 for the next 100"), so stdout keeps the records alone. */
void dj_cli_page_note(const dj_app_page *page);

/* Writes b to path (NULL or "-": stdout, flushed). DJ_OK, or DJ_EIO with d
 * naming the file. */
/* Writes b (a JSON object and its newline, built by the caller) to stdout
 * unless building it failed, and releases it. Returns dj_buf_rc. */
int dj_cli_print_buf(struct dj_buf *b);

/* 1 when the database db_opt names (as dj_cli_open resolves it) is a file
 * that does not exist yet, its path then in file (cap bytes); 0 otherwise
 * (it exists, or is not a plain file: a URI, :memory:, PostgreSQL). */
int dj_cli_db_new_file(const char *db_opt, char *file, size_t cap);

/* Removes a database file a failed command created, with its -wal, -shm
 * and -journal files: "leave the database as it was" when there was none. */
void dj_cli_db_discard(const char *file);

/* Writes b to path whole or not at all (a temporary file beside it, then
 * renamed: a failure leaves the old file, if any); NULL or "-" is stdout.
 * Returns DJ_OK or the error set in d ("cannot write PATH: reason"). */
int dj_cli_write_buf(const char *path, const struct dj_buf *b, dj_diag *d);

#endif
