/* helper_dzn.h - reading B2BSP instances (the published ones in the shared
 * data, or the project's own test files) for the scheduler tests. */
#ifndef DJ_TEST_HELPER_DZN_H
#define DJ_TEST_HELPER_DZN_H

#include "duijie/dj_sched.h"

/* Reads b2b/NAME of the shared data ($DJ_SHARED_DATA, else ../shared/data
 * next to the source tree) into a model; skips the calling test when the
 * file is not there, fails it when the file does not parse. */
dj_sched *test_read_shared_dzn(const char *name);

/* Reads the .dzn file at path (e.g. under tests/data/sched) into a model;
 * fails the calling test when it is missing or does not parse. */
dj_sched *test_read_dzn(const char *path);

#endif
