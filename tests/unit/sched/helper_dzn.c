/* helper_dzn.c - see helper_dzn.h. */
#include "helper_dzn.h"

#include "util/alloc.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

/* path into a model; a missing file skips the test when `skip`, else fails it */
static dj_sched *read_dzn(const char *path, int skip)
{
    char *buf = NULL;
    size_t len = 0;
    dj_sched *m = NULL;

    if (dj_file_read(&buf, &len, path, 0) == DJ_EIO) {
        if (skip)
            cr_skip_test("B2BSP data not found at %s: set DJ_SHARED_DATA", path);
        cr_assert_fail("%s not found", path);
    }
    cr_assert(buf);
    cr_assert_eq(dj_sched_read_dzn(&m, buf, len, NULL), DJ_OK, "%s does not parse", path);
    dj_free(buf);
    return m;
}

dj_sched *test_read_shared_dzn(const char *name)
{
    const char *root = getenv("DJ_SHARED_DATA");
    char path[1024];

    snprintf(path, sizeof path, "%s/b2b/%s", root ? root : DJ_SOURCE_DIR "/../shared/data", name);
    return read_dzn(path, 1);
}

dj_sched *test_read_dzn(const char *path)
{
    return read_dzn(path, 0);
}
