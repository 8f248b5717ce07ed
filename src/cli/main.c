/* main.c - the duijie binary: dispatches to src/cli/cmd_<name>.c. */
#include "cli/cli.h"

#include "util/buf.h"

#include <getopt.h>
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
    fprintf(f, "\nCommon options: --db PATH (default $DUIJIE_DB or ./duijie.db), --json, --help.\n"
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

int dj_cli_fail(const char *cmd, int rc, const dj_diag *d)
{
    fprintf(stderr, "duijie %s: ", cmd);
    if (d && d->file[0])
        fprintf(stderr, "%s:", d->file);
    if (d && d->line)
        fprintf(stderr, "%ld:", d->line);
    if (d && (d->file[0] || d->line))
        fputc(' ', stderr);
    if (d && d->field[0])
        fprintf(stderr, "field %s: ", d->field);
    if (d && d->message[0])
        fprintf(stderr, "%s\n", d->message);
    else
        fprintf(stderr, "%s\n", dj_err_message(rc));
    return DJ_EXIT_FAIL;
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

int dj_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "duijie %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'duijie %s --help'.\n", cmd);
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

int main(int argc, char **argv)
{
    size_t i;

    keep_heap_top();
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
            dj_cli_getopt_reset();
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "duijie: unknown command '%s'\nTry 'duijie --help'.\n", argv[1]);
    return DJ_EXIT_USAGE;
}
