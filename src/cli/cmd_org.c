/* cmd_org.c - `duijie org`: organisations (企业, 高校, 园区 …). */
#include "cli/cli.h"
#include "cli/cli_records.h"

const char dj_cmd_org_summary[] = "organisations: add, show, list, update";

int dj_cmd_org(int argc, char **argv)
{
    return dj_cli_records("org", "orgs", argc, argv);
}
