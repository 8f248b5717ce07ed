/* cmd_gen.c - `duijie gen`: synthetic data for scale tests and benchmarks,
 * reproducible for a seed. Each kind lives in its own file (gen_*.c). */
#include "cli/cli.h"
#include "cli/gen_event.h"
#include "cli/gen_listings.h"

#include <string.h>

const char dj_cmd_gen_summary[] = "generate synthetic data (listings, events) for scale tests";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: duijie gen listings [--count N] [--seed S] [--format jsonl|csv] [--out FILE]\n"
            "                           [--orgs-out FILE] [--orgs M] [--no-header]\n"
            "       duijie gen event --participants N --tables T --requests-per R [--slots S]\n"
            "                        [--seed S] [--must-pct P] [--booth-pct P] [--out FILE]\n"
            "Same seed, same bytes. Options may come before or after KIND.\n"
            "Run 'duijie gen KIND --help' for details.\n");
}

int dj_cmd_gen(int argc, char **argv)
{
    const char *kind;

    if (dj_cli_subcommand(NULL, argc, argv, "listings", dj_cli_gen_listings_shortopts,
                          dj_cli_gen_listings_opts))
        return dj_cli_gen_listings(argc - 1, argv + 1);
    if (dj_cli_subcommand(&kind, argc, argv, "event", "", dj_cli_gen_event_opts))
        return dj_cli_gen_event(argc - 1, argv + 1);
    return dj_cli_no_subcommand("gen", argc, argv, kind, "kind", "listings or event", usage);
}
