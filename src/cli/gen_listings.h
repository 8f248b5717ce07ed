/* gen_listings.h - `duijie gen listings`: synthetic listings for scale tests.
 *
 * `duijie gen` (cmd_gen.c) forwards to this function with argv
 * starting at the subcommand ("listings"). */
#ifndef DJ_CLI_GEN_LISTINGS_H
#define DJ_CLI_GEN_LISTINGS_H

#include <getopt.h>

/* Its options, for dj_cli_subcommands. */
extern const char dj_cli_gen_listings_shortopts[];
extern const struct option dj_cli_gen_listings_opts[];

/* Parses `listings --count N --seed S [--format jsonl|csv] [--out FILE]
 * [--orgs-out FILE] [--orgs M] [--no-header]` (argv[0] is "listings") and
 * writes the listings (and optionally their organisations). Returns
 * DJ_EXIT_OK, DJ_EXIT_FAIL (I/O error) or DJ_EXIT_USAGE. */
int dj_cli_gen_listings(int argc, char **argv);

#endif
