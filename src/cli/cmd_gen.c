/* cmd_gen.c - `duijie gen`: synthetic data for scale tests and benchmarks,
 * reproducible for a seed. Each kind lives in its own file (gen_*.c). */
#include "cli/cli.h"
#include "cli/gen_event.h"
#include "cli/gen_listings.h"

#include <string.h>

const char dj_cmd_gen_summary[] = "generate synthetic data (listings, events) for scale tests";

static void usage(FILE *f)
{
    fprintf(f, "usage: duijie gen listings --count N --seed S [--format jsonl|csv] [--out FILE]\n"
               "                           [--orgs-out FILE] [--orgs M] [--no-header]\n"
               "       duijie gen event --participants N --slots S --tables T --requests-per R\n"
               "                        --seed S [--out FILE]\n"
               "Same seed, same bytes. Run 'duijie gen KIND --help' for details.\n");
}

int dj_cmd_gen(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return DJ_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return DJ_EXIT_OK;
    }
    if (!strcmp(argv[1], "listings"))
        return dj_cli_gen_listings(argc - 1, argv + 1);
    if (!strcmp(argv[1], "event"))
        return dj_cli_gen_event(argc - 1, argv + 1);
    return dj_cli_usage_error("gen", "unknown kind '%s'", argv[1]);
}
