/* gen_listings.c - `duijie gen listings`: writes synthetic listings (and,
 * with --orgs-out, the organisations they reference) via dj_gen.
 *
 * The format defaults to csv when --out ends in ".csv", else jsonl. Output
 * goes to stdout unless --out is given; a file is written whole or not at
 * all, so a failed run never leaves a truncated file that looks complete,
 * nor removes the file that was there. */
#include "cli/gen_listings.h"

#include "cli/cli.h"
#include "duijie/dj_gen.h"
#include "util/file.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "gen" /* as gen event: one prefix for the command */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: duijie gen listings [-n|--count N] [-s|--seed S] [-f|--format jsonl|csv]\n"
            "                           [-o|--out FILE] [--orgs-out FILE] [--orgs M]\n"
            "                           [--no-header]\n\n"
            "Writes N synthetic supply/demand listings (default 1000) in the import format of\n"
            "docs/import.md. The same seed and options always give byte-identical output.\n\n"
            "  -n, --count N   number of listings (at most %llu)\n"
            "  -s, --seed S    PRNG seed, an unsigned 64-bit integer (default 1)\n"
            "  -f, --format F  jsonl (English keys) or csv (Chinese headers); default: csv when\n"
            "                  --out ends in .csv, else jsonl\n"
            "  -o, --out FILE  write listings to FILE instead of stdout\n"
            "  --orgs-out FILE also write the organisations the listings reference, so that\n"
            "                  `duijie import orgs.csv listings.csv` resolves every org name\n"
            "  --orgs M        draw from M organisations (default count/50, at least 20;\n"
            "                  at most %u)\n"
            "  --no-header     CSV without the header row\n",
            (unsigned long long)DJ_GEN_MAX_COUNT, DJ_GEN_MAX_ORGS);
}

static int parse_u64(uint64_t *out, const char *s)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int write_file(const char *data, size_t len, void *ctx)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : DJ_EIO;
}

/* Runs one generator into path (or stdout when path is NULL), whole or not
 * at all: a temporary file beside path, renamed over it when complete, so
 * a failure (a full disk) leaves an old file at path as it was. */
static int run(int (*fn)(const dj_gen_opts *, dj_gen_write_fn, void *, dj_diag *),
               const dj_gen_opts *o, const char *path, dj_diag *d)
{
    char tmp[4096];
    FILE *f = stdout;
    int rc;

    if (path && dj_file_tmp_create(tmp, sizeof tmp, path) < 0)
        return dj_diag_set(d, DJ_EIO, "cannot write %s: %s", path, strerror(errno));
    if (path && !(f = fopen(tmp, "wb"))) {
        rc = dj_diag_set(d, DJ_EIO, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return rc;
    }
    rc = fn(o, write_file, f, d);
    if (fflush(f) != 0 && rc == DJ_OK)
        rc = dj_diag_set(d, DJ_EIO, "writing %s: %s", path ? path : "stdout", strerror(errno));
    if (path) {
        if (fclose(f) != 0 && rc == DJ_OK)
            rc = dj_diag_set(d, DJ_EIO, "closing %s: %s", path, strerror(errno));
        if (rc == DJ_OK && dj_file_tmp_commit(tmp, path) < 0)
            rc = dj_diag_set(d, DJ_EIO, "cannot write %s: %s", path, strerror(errno));
        else if (rc != DJ_OK)
            remove(tmp);
    }
    if (rc == DJ_EIO && !d->message[0])
        dj_diag_set(d, DJ_EIO, "writing %s failed", path ? path : "stdout");
    return rc;
}

const char dj_cli_gen_listings_shortopts[] = "n:s:f:o:";
const struct option dj_cli_gen_listings_opts[] = {{"count", required_argument, NULL, 'n'},
                                                  {"seed", required_argument, NULL, 's'},
                                                  {"format", required_argument, NULL, 'f'},
                                                  {"out", required_argument, NULL, 'o'},
                                                  {"orgs-out", required_argument, NULL, 'g'},
                                                  {"orgs", required_argument, NULL, 'm'},
                                                  {"no-header", no_argument, NULL, 'H'},
                                                  {"help", no_argument, NULL, 'h'},
                                                  {NULL, 0, NULL, 0}};

int dj_cli_gen_listings(int argc, char **argv)
{
    dj_gen_opts o;
    dj_diag d;
    const char *out = NULL, *orgs_out = NULL, *format = NULL;
    int c, rc;

    dj_gen_opts_init(&o);
    dj_diag_clear(&d);
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, dj_cli_gen_listings_shortopts, dj_cli_gen_listings_opts,
                            NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_u64(&o.count, optarg) < 0 || o.count > DJ_GEN_MAX_COUNT)
                return dj_cli_usage_error(CMD, "bad --count '%s' (0..%llu)", optarg,
                                          (unsigned long long)DJ_GEN_MAX_COUNT);
            break;
        case 's':
            if (parse_u64(&o.seed, optarg) < 0)
                return dj_cli_usage_error(CMD, "bad --seed '%s' (an unsigned integer)", optarg);
            break;
        case 'f':
            format = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'g':
            orgs_out = optarg;
            break;
        case 'm':
            if (parse_u64(&o.norgs, optarg) < 0 || o.norgs < 1 || o.norgs > DJ_GEN_MAX_ORGS)
                return dj_cli_usage_error(CMD, "bad --orgs '%s' (1..%u)", optarg, DJ_GEN_MAX_ORGS);
            break;
        case 'H':
            o.header = 0;
            break;
        case 'h':
            usage(stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option(CMD, argc, argv);
        }
    }
    if (optind < argc)
        return dj_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!format)
        o.format = out && ends_with(out, ".csv") ? DJ_GEN_CSV : DJ_GEN_JSONL;
    else if (strcmp(format, "jsonl") == 0 || strcmp(format, "json") == 0)
        o.format = DJ_GEN_JSONL;
    else if (strcmp(format, "csv") == 0)
        o.format = DJ_GEN_CSV;
    else
        return dj_cli_usage_error(CMD, "bad --format '%s' (jsonl or csv)", format);

    if (orgs_out && (rc = run(dj_gen_orgs, &o, orgs_out, &d)) != DJ_OK)
        return dj_cli_fail(CMD, rc, &d);
    if ((rc = run(dj_gen_listings, &o, out, &d)) != DJ_OK)
        return dj_cli_fail(CMD, rc, &d);
    return DJ_EXIT_OK;
}
