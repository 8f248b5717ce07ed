/* main.c - the duijie binary: dispatches to src/cli/cmd_<name>.c. */
#include "cli/cli.h"

#include "util/buf.h"

#include <getopt.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
};

static const struct command commands[] = {
#define DJ_CMD(name) {#name, dj_cmd_##name, dj_cmd_##name##_summary},
#include "cli_commands.inc"
#undef DJ_CMD
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: duijie COMMAND [OPTIONS]\n\n"
               "duijie (对接) - technology supply-demand matchmaking, brokerage events,\n"
               "deals, investment projects and park reports.\n\ncommands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nCommon options: --db PATH (default $DUIJIE_DB or ./duijie.db), --json (results\n"
               "and errors as JSON, where a command's usage lists it), --help (-h).\n"
               "Only init, import, demo and news import create a missing database.\n"
               "Exit codes: 0 ok, 1 failed, 2 usage error.\n");
}

const char *dj_cli_db_path(const char *opt)
{
    const char *env;

    if (opt && *opt)
        return opt;
    env = getenv("DUIJIE_DB");
    return env && *env ? env : "duijie.db";
}

/* Set when the command line holds --json (before a "--"): usage errors
 * then also print a JSON error object, as dj_cli_finish does for others. */
static int json_wanted;

/* Writes s to stderr with control characters escaped (C0 but newline and
 * tab, and DEL, as \xHH; C1 as \u00HH): a file name or value echoed in a
 * message must not move the cursor or recolour the terminal of whoever
 * reads it (an ESC sequence). */
static void put_safe(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* U+0080..U+009F */
            fprintf(stderr, "\\u%04x", *++p);
        else
            fputc(*p, stderr);
    }
}

int dj_cli_fail(const char *cmd, int rc, const dj_diag *d)
{
    fprintf(stderr, "duijie %s: ", cmd);
    if (d && d->file[0]) {
        put_safe(d->file);
        fputc(':', stderr);
    }
    if (d && d->line)
        fprintf(stderr, "%ld:", d->line);
    if (d && (d->file[0] || d->line))
        fputc(' ', stderr);
    if (d && d->field[0]) {
        fputs("field ", stderr);
        put_safe(d->field);
        fputs(": ", stderr);
    }
    put_safe(d && d->message[0] ? d->message : dj_err_message(rc));
    fputc('\n', stderr);
    return DJ_EXIT_FAIL;
}

int dj_cli_not_found(dj_diag *d, const char *kind, const char *key, const char *hint)
{
    dj_diag_clear(d);
    return dj_diag_set(d, DJ_ENOTFOUND, "%s '%s' not found%s%s%s", kind, key, hint ? " (" : "",
                       hint ? hint : "", hint ? ")" : "");
}

void dj_cli_json_error(int rc, const dj_diag *d)
{
    dj_buf b;

    dj_buf_init(&b, 0);
    dj_buf_printf(&b, "{\"error\":{\"code\":\"%s\",\"message\":", dj_err_name(rc));
    if (d && d->message[0])
        dj_buf_json_str(&b, d->message, strlen(d->message));
    else
        dj_buf_json_str(&b, dj_err_message(rc), strlen(dj_err_message(rc)));
    if (d && d->file[0]) {
        dj_buf_puts(&b, ",\"file\":");
        dj_buf_json_str(&b, d->file, strlen(d->file));
    }
    if (d && d->line)
        dj_buf_printf(&b, ",\"line\":%ld", d->line);
    if (d && d->field[0]) {
        dj_buf_puts(&b, ",\"field\":");
        dj_buf_json_str(&b, d->field, strlen(d->field));
    }
    dj_buf_puts(&b, "}}\n");
    fputs(dj_buf_cstr(&b), stdout);
    dj_buf_fini(&b);
}

/* The whole command line (argv[1] is the command), for usage errors. */
static int cmd_argc;
static char **cmd_argv;

/* In a usage error: an argument that looks like a long option but follows
 * "--" (event -- agenda EV --json) was read as an operand, as "--" ends the
 * options in every command; the error ("agenda needs exactly one EVENT")
 * then says why. */
static void note_after_dashes(const char *cmd)
{
    int i = 2;
    while (i < cmd_argc && strcmp(cmd_argv[i], "--"))
        i++;
    for (i++; i < cmd_argc; i++)
        if (!strncmp(cmd_argv[i], "--", 2) && cmd_argv[i][2]) {
            fprintf(stderr, "duijie %s: '", cmd);
            put_safe(cmd_argv[i]);
            fputs("' follows '--', which ends the options: it was read as an operand\n", stderr);
            return;
        }
}

int dj_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    dj_diag d;

    dj_diag_clear(&d);
    va_start(ap, fmt);
    vsnprintf(d.message, sizeof d.message, fmt, ap);
    va_end(ap);
    if (json_wanted)
        dj_cli_json_error(DJ_EINVAL, &d);
    fprintf(stderr, "duijie %s: ", cmd);
    put_safe(d.message);
    fputc('\n', stderr);
    note_after_dashes(cmd);
    fprintf(stderr, "Try 'duijie %s --help'.\n", cmd);
    return DJ_EXIT_USAGE;
}

int dj_cli_number(double *out, const char *s, double lo, double hi)
{
    size_t i = s[0] == '-', digits = 0, points = 0;
    for (; s[i]; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !points)
            points++;
        else
            return -1; /* hex, exponents, inf, nan, blanks: strtod would take them */
    }
    if (!digits)
        return -1;
    *out = strtod(s, NULL);
    return *out >= lo && *out <= hi ? 0 : -1;
}

int dj_cli_unknown_option(const char *cmd, int argc, char **argv)
{
    /* inside a cluster of short options (-5G: '-5', then 'G') getopt moves
     * optind past the argument only at its last character, so the one at
     * fault is argv[optind] while the cluster is unfinished */
    const char *arg = optind - 1 < argc ? argv[optind - 1] : "";
    if (optopt && optind < argc && argv[optind][0] == '-' && argv[optind][1] != '-' &&
        strchr(argv[optind] + 1, optopt))
        arg = argv[optind];
    else if (optopt && !strncmp(arg, "--", 2)) /* glibc: a known long option, its value missing */
        return dj_cli_usage_error(cmd, "option '%s' needs a value", arg);
    return dj_cli_usage_error(cmd,
                              "unknown option '%s' (an argument that starts with '-' goes after "
                              "'--', e.g. duijie search --db X.db -- -40℃电池)",
                              arg);
}

void dj_cli_getopt_reset(void)
{
    optind = 0; /* glibc: 0 also resets its internal state */
    opterr = 0;
}

/* The first operand of argv (argv[0] is the command) as getopt_long reads
 * it with the options of subcommand s, or NULL; *unknown_out is set when
 * that read met an option s does not know (or a known one without its
 * value). getopt_long permutes what it reads: it reads a copy, so that a
 * read with another subcommand's options leaves argv as it was. */
static char *first_operand(int *unknown_out, int argc, char **argv, const dj_cli_sub *s)
{
    char **copy, *first;
    int c;

    *unknown_out = 0;
    if (!(copy = malloc((size_t)argc * sizeof *copy)))
        return NULL;
    memcpy(copy, argv, (size_t)argc * sizeof *copy);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, copy, s->shortopts, s->opts, NULL)) != -1)
        if (c == '?')
            *unknown_out = 1;
    first = optind < argc ? copy[optind] : NULL;
    free(copy);
    dj_cli_getopt_reset();
    return first;
}

int dj_cli_subcommands(const char *cmd, int argc, char **argv, const dj_cli_sub *subs, size_t nsubs,
                       const char *what, const char *known, void (*print_usage)(FILE *))
{
    const dj_cli_sub *pick = NULL;
    char *first, *found = NULL, *name = NULL;
    int i, at, unknown, pick_unknown = 2, found_unknown = 2; /* 2: none yet */
    size_t s;

    /* the subcommand is the first operand as its own options read it; when
     * the arguments read so for two of them (a value before the name of
     * one is the name of the other), the one that knows every option wins */
    for (s = 0; s < nsubs && pick_unknown != 0; s++) {
        first = first_operand(&unknown, argc, argv, &subs[s]);
        if (first && !strcmp(first, subs[s].name) && unknown < pick_unknown) {
            pick = &subs[s];
            pick_unknown = unknown;
            name = first; /* argv's own pointer */
        }
        if (unknown < found_unknown) {
            found = first;
            found_unknown = unknown;
        }
    }
    if (pick) {
        /* argv[1] is the subcommand; the other arguments follow in order */
        for (at = 1; argv[at] != name; at++)
            ;
        for (i = at; i > 1; i--)
            argv[i] = argv[i - 1];
        argv[1] = name;
        return pick->fn(argc - 1, argv + 1);
    }
    for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help")) {
            print_usage(stdout);
            return DJ_EXIT_OK;
        }
    if (found)
        return dj_cli_usage_error(cmd, "unknown %s '%s' (%s)", what, found, known);
    return dj_cli_usage_error(cmd, "missing %s (%s)", what, known);
}

/* glibc returns the top of the heap to the kernel once 128 KiB of it is
 * free. SQLite frees a statement's journal when the statement ends, so a
 * transaction of thousands of upserts (a re-import of edited listings) grew
 * and trimmed the heap once per row: 11,812 rows took 3.4 s, 75 % of it in
 * the kernel; with the top kept up to 64 MiB, 0.7 s (docs/import.md). */
static void keep_heap_top(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/* Scans the options every command shares: --json (json_wanted) and an
 * empty --db, which would silently mean $DUIJIE_DB or ./duijie.db. Returns
 * 0, or a usage error's exit code. */
static int scan_common(int argc, char **argv)
{
    int i;
    for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
        json_wanted |= !strcmp(argv[i], "--json");
    for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
        if ((!strcmp(argv[i], "--db") && i + 1 < argc && !argv[i + 1][0]) ||
            !strcmp(argv[i], "--db="))
            return dj_cli_usage_error(argv[1], "--db needs a path (it was empty)");
    return 0;
}

/* -h is --help in every command and subcommand: an argument -h before any
 * "--" becomes --help here, once, rather than in each option table (as the
 * value of an option, write -h as --note=-h). */
static void short_help(int argc, char **argv)
{
    static char help[] = "--help";
    int i;

    for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "-h"))
            argv[i] = help;
}

/* Output that never reached stdout (a full disk, a closed pipe) is a
 * failure, not exit 0. */
static int finish_stdout(const char *cmd, int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    fprintf(stderr, "duijie %s: write error on stdout\n", cmd);
    return rc == DJ_EXIT_OK ? DJ_EXIT_FAIL : rc;
}

const char *dj_cli_program = "duijie";

int main(int argc, char **argv)
{
    size_t i;
    int rc;

    keep_heap_top();
    if (argc > 0 && argv[0] && argv[0][0])
        dj_cli_program = argv[0];
    /* a file size limit (ulimit -f) makes a write fail with EFBIG, which
     * every writer reports and cleans up after, instead of killing us */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return DJ_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return DJ_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("duijie 0.1.0");
        return DJ_EXIT_OK;
    }
    for (i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            cmd_argc = argc;
            cmd_argv = argv;
            short_help(argc, argv);
            if ((rc = scan_common(argc, argv)) != 0)
                return rc;
            dj_cli_getopt_reset();
            return finish_stdout(argv[1], commands[i].fn(argc - 1, argv + 1));
        }
    }
    fputs("duijie: unknown command '", stderr);
    put_safe(argv[1]);
    fputs("'\nTry 'duijie --help'.\n", stderr);
    return DJ_EXIT_USAGE;
}
