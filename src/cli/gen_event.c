/* gen_event.c - `duijie gen event`: a realistic generated event (skewed
 * requests, sessions, late arrivals) written as .dzn for solve-b2b and the
 * bench. The generator itself is dj_sched_generate() in src/sched/gen.c. */
#include "cli/gen_event.h"

#include "cli/cli.h"
#include "duijie/dj_sched.h"
#include "util/buf.h"
#include "util/file.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: duijie gen event --participants N --tables T --requests-per R [--slots S]\n"
    "                        [--seed S] [--must-pct P] [--booth-pct P] [--out FILE]\n"
    "--slots defaults to 16, --seed to 0.\n";

static int num(long *out, const char *s, long lo, long hi)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

const struct option dj_cli_gen_event_opts[] = {{"participants", required_argument, NULL, 'p'},
                                               {"slots", required_argument, NULL, 's'},
                                               {"tables", required_argument, NULL, 't'},
                                               {"requests-per", required_argument, NULL, 'r'},
                                               {"seed", required_argument, NULL, 'S'},
                                               {"must-pct", required_argument, NULL, 'm'},
                                               {"booth-pct", required_argument, NULL, 'b'},
                                               {"out", required_argument, NULL, 'o'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};

int dj_cli_gen_event(int argc, char **argv)
{
    dj_sched_gen_opts o;
    dj_sched *m = NULL;
    dj_buf b;
    const char *outp = NULL;
    long v;
    int c, rc;

    memset(&o, 0, sizeof o);
    o.participants = -1;
    o.slots = 16;
    o.tables = -1;
    o.requests_per = -1;
    o.must_pct = -1;
    o.booth_pct = -1;
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", dj_cli_gen_event_opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (num(&v, optarg, 2, 1000000))
                return dj_cli_usage_error("gen", "bad --participants '%s'", optarg);
            o.participants = (int)v;
            break;
        case 's':
            if (num(&v, optarg, 1, DJ_SCHED_MAX_SLOTS))
                return dj_cli_usage_error("gen", "--slots must be 1..%d", DJ_SCHED_MAX_SLOTS);
            o.slots = (int)v;
            break;
        case 't':
            if (num(&v, optarg, 0, 1000000))
                return dj_cli_usage_error("gen", "bad --tables '%s'", optarg);
            o.tables = (int)v;
            break;
        case 'r':
            if (num(&v, optarg, 0, 1000))
                return dj_cli_usage_error("gen", "bad --requests-per '%s'", optarg);
            o.requests_per = (int)v;
            break;
        case 'S':
            if (num(&v, optarg, 0, 2147483647L))
                return dj_cli_usage_error("gen", "bad --seed '%s'", optarg);
            o.seed = (uint64_t)v;
            break;
        case 'm':
            if (num(&v, optarg, 0, 100))
                return dj_cli_usage_error("gen", "bad --must-pct '%s'", optarg);
            o.must_pct = (int)v;
            break;
        case 'b':
            if (num(&v, optarg, 0, 100))
                return dj_cli_usage_error("gen", "bad --booth-pct '%s'", optarg);
            o.booth_pct = (int)v;
            break;
        case 'o':
            outp = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("gen", argc, argv);
        }
    }
    if (optind != argc)
        return dj_cli_usage_error("gen", "unexpected argument '%s'", argv[optind]);
    if (o.participants < 0 || o.tables < 0 || o.requests_per < 0)
        return dj_cli_usage_error("gen", "--participants, --tables and --requests-per are needed");
    if (o.requests_per >= o.participants)
        return dj_cli_usage_error("gen", "--requests-per must be below --participants");
    if ((rc = dj_sched_generate(&m, &o)) < 0)
        return dj_cli_fail("gen", rc, NULL);
    dj_buf_init(&b, 0);
    rc = dj_sched_write_dzn(&b, m);
    dj_sched_free(m);
    if (rc < 0) {
        dj_buf_fini(&b);
        return dj_cli_fail("gen", rc, NULL);
    }
    if (outp) /* whole or not at all: an old file stays when this fails */
        rc = dj_file_write_whole(outp, dj_buf_cstr(&b), dj_buf_len(&b));
    else
        rc = fwrite(dj_buf_cstr(&b), 1, dj_buf_len(&b), stdout) == dj_buf_len(&b) ? DJ_OK : DJ_EIO;
    dj_buf_fini(&b);
    if (rc < 0) {
        int err = errno;
        dj_diag d;
        dj_diag_clear(&d);
        dj_diag_set(&d, rc, "cannot write %s: %s", outp ? outp : "stdout", strerror(err));
        return dj_cli_fail("gen", rc, &d);
    }
    return rc < 0 ? dj_cli_fail("gen", rc, NULL) : DJ_EXIT_OK;
}
