/* cli.h - what every subcommand file of the duijie binary shares.
 *
 * Each src/cli/cmd_<name>.c defines
 *     int dj_cmd_<name>(int argc, char **argv);   argv[0] is "<name>"
 *     extern const char dj_cmd_<name>_summary[];  one line for `duijie --help`
 * and the dispatch table is generated from the file names (CMakeLists.txt).
 * Commands return DJ_EXIT_OK, DJ_EXIT_FAIL (runtime failure: bad input,
 * database error) or DJ_EXIT_USAGE (bad arguments). Options are parsed with
 * getopt_long; `--help` prints the command's usage on stdout and exits 0
 * (main.c turns -h into --help before a command sees it). */
#ifndef DJ_CLI_H
#define DJ_CLI_H

#include "duijie/dj_error.h"

/* The binary as it was run (main's argv[0]), for hints that show a command
 * to type: ./build/duijie, duijie. */
extern const char *dj_cli_program;

#include <stdio.h>

struct option; /* <getopt.h> */

enum { DJ_EXIT_OK = 0, DJ_EXIT_FAIL = 1, DJ_EXIT_USAGE = 2 };

/* Declarations of every dj_cmd_<name> (generated list). */
#define DJ_CMD(name)                          \
    int dj_cmd_##name(int argc, char **argv); \
    extern const char dj_cmd_##name##_summary[];
#include "cli_commands.inc"
#undef DJ_CMD

/* The database path: --db PATH, else $DUIJIE_DB, else ./duijie.db. */
const char *dj_cli_db_path(const char *opt);

/* Prints "duijie <cmd>: <message>" on stderr, with file:line: field: when the
 * diag names them, and returns DJ_EXIT_FAIL. */
int dj_cli_fail(const char *cmd, int rc, const dj_diag *d);

/* The one way a command says that the record the user named is not there:
 * replaces the error in d by "KIND 'KEY' not found" (KEY as typed; hint,
 * when not NULL, follows in parentheses) and returns DJ_ENOTFOUND, for
 * dj_cli_finish: exit 1, with --json {"error":{"code":"DJ_ENOTFOUND",
 * "message":...}}. Only for the record a command acts on: a value naming
 * another record (an option, a FIELD=VALUE reference) is an invalid value
 * of that field, as in an import. */
int dj_cli_not_found(dj_diag *d, const char *kind, const char *key, const char *hint);

/* Prints "duijie <cmd>: <msg>\nTry 'duijie <cmd> --help'." on stderr and
 * returns DJ_EXIT_USAGE. When an argument after a "--" looks like a long
 * option, a line between the two says it was read as an operand ("--"
 * ends the options in every command). */
int dj_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A number option: a plain decimal (optional '-', digits, at most one
 * point; no hex, exponent, inf or nan, which strtod would take) in lo..hi
 * into *out: 0, else -1. */
int dj_cli_number(double *out, const char *s, double lo, double hi);

/* The usage error for the unknown option getopt_long just returned '?'
 * for, naming the argument that holds it. Returns DJ_EXIT_USAGE. */
int dj_cli_unknown_option(const char *cmd, int argc, char **argv);

/* One subcommand of a command whose subcommands each parse their own
 * options (event agenda, gen listings, bench beir): its name, its entry
 * point (argv[0] is the name) and the shortopts and opts its getopt_long
 * reads. */
typedef struct dj_cli_sub {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *shortopts;
    const struct option *opts;
} dj_cli_sub;

/* The whole of such a command (argv[0] is the command): runs the
 * subcommand that is the first operand of argv as that subcommand's own
 * options read it, so that options may come before the subcommand as they
 * may for every other command (duijie event --db X agenda 1, duijie gen
 * --seed 3 event ...): argv is rearranged in place, the subcommand first,
 * the other arguments in their order (a "--" stays where it is and ends
 * the options, as anywhere). When the arguments read so for two
 * subcommands, the one that knows every option wins. Without one: --help
 * (before any "--"), print_usage on stdout and DJ_EXIT_OK; else the usage
 * error "unknown WHAT 'FOUND' (KNOWN)" or, with no arguments at all too,
 * "missing WHAT (KNOWN)", as every command with subcommands says it.
 * Returns the exit code. */
int dj_cli_subcommands(const char *cmd, int argc, char **argv, const dj_cli_sub *subs, size_t nsubs,
                       const char *what, const char *known, void (*print_usage)(FILE *));

/* Reset getopt before a subcommand parses its own argv. */
void dj_cli_getopt_reset(void);

/* Prints a JSON error object {"error":{"code","message","file","line","field"}}
 * on stdout (for --json callers) in addition to the stderr text. */
void dj_cli_json_error(int rc, const dj_diag *d);

#endif
