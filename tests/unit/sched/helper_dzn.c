/* helper_dzn.c - see helper_dzn.h. */
#include "helper_dzn.h"

#include "util/alloc.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

dj_sched *test_read_shared_dzn(const char *name)
{
    const char *root = getenv("DJ_SHARED_DATA");
    char path[1024], *buf = NULL;
    size_t len = 0;
    dj_sched *m = NULL;

    snprintf(path, sizeof path, "%s/b2b/%s", root ? root : DJ_SOURCE_DIR "/../shared/data", name);
    if (dj_file_read(&buf, &len, path, 0) == DJ_EIO)
        cr_skip_test("B2BSP data not found at %s: set DJ_SHARED_DATA", path);
    cr_assert(buf);
    cr_assert_eq(dj_sched_read_dzn(&m, buf, len, NULL), DJ_OK, "%s does not parse", path);
    dj_free(buf);
    return m;
}
