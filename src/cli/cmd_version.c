/* cmd_version.c - `duijie version`: prints the version and the libraries. */
#include "cli/cli.h"

#include <sqlite3.h>
#include <string.h>

const char dj_cmd_version_summary[] = "print the version";

int dj_cmd_version(int argc, char **argv)
{
    int json = argc == 2 && strcmp(argv[1], "--json") == 0;

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        puts("usage: duijie version [--json]");
        return DJ_EXIT_OK;
    }
    if (argc > 2 || (argc == 2 && !json))
        return dj_cli_usage_error("version", "takes only --json");
    printf(json ? "{\"version\":\"0.1.0\",\"sqlite\":\"%s\"}\n" : "duijie 0.1.0 (sqlite %s)\n",
           sqlite3_libversion());
    return DJ_EXIT_OK;
}
