/* cmd_listing.c - `duijie listing`: supply and demand listings (供需). */
#include "cli/cli.h"
#include "cli/cli_records.h"

const char dj_cmd_listing_summary[] = "supply/demand listings: add, show, list, update, close";

int dj_cmd_listing(int argc, char **argv)
{
    return dj_cli_records("listing", "listings", argc, argv);
}
