/* cmd_version.c - `duijie version`: prints the version and the libraries. */
#include "cli/cli.h"

#include <sqlite3.h>
#include <string.h>

const char dj_cmd_version_summary[] = "print the version";

int dj_cmd_version(int argc, char **argv)
{
    (void)argv;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        puts("usage: duijie version");
        return DJ_EXIT_OK;
    }
    printf("duijie 0.1.0 (sqlite %s)\n", sqlite3_libversion());
    return DJ_EXIT_OK;
}
