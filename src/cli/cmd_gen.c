/* cmd_gen.c - `duijie gen`: synthetic data for scale tests and benchmarks,
 * reproducible for a seed. Each kind lives in its own file (gen_*.c). */
#include "cli/cli.h"
#include "cli/gen_event.h"
#include "cli/gen_listings.h"

#include <string.h>

const char dj_cmd_gen_summary[] = "generate synthetic data (listings, events) for scale tests";

static void usage(FILE *f)
{
    fprintf(f, "usage: duijie gen listings [-n|--count N] [-s|--seed S] [-f|--format jsonl|csv]\n"
               "                           [-o|--out FILE] [--orgs-out FILE] [--orgs M]\n"
               "                           [--no-header]\n"
               "       duijie gen event --participants N --tables T --requests-per R [--slots S]\n"
               "                        [--seed S] [--must-pct P] [--booth-pct P] [--out FILE]\n"
               "Same seed, same bytes. Options may come before or after KIND.\n"
               "Run 'duijie gen KIND --help' for details.\n");
}

int dj_cmd_gen(int argc, char **argv)
{
    static const dj_cli_sub kinds[] = {
        {"listings", dj_cli_gen_listings, dj_cli_gen_listings_shortopts, dj_cli_gen_listings_opts},
        {"event", dj_cli_gen_event, "", dj_cli_gen_event_opts}};

    return dj_cli_subcommands("gen", argc, argv, kinds, 2, "kind", "listings or event", usage);
}
