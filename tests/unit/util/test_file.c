/* test_file.c - whole-file writes over a file that is there: the new file
 * keeps the old one's permission bits, a new file is 0666 less the umask,
 * and a file the user may not write is refused and left as it was (even
 * though its directory would allow the rename). */
#include "util/file.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

/* Each test's own directory, removed with what it holds after the test. */
static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/dj_file_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    DIR *d;
    struct dirent *e;
    char path[512];

    if (!dir[0] || !(d = opendir(dir)))
        return;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
    closedir(d);
    rmdir(dir);
}

TestSuite(file, .fini = remove_dir);

static void at(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(chmod(path, mode), 0);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s: %s", path, strerror(errno));
    return st.st_mode & 07777;
}

static void content_is(const char *path, const char *want)
{
    char *s = NULL;
    size_t len = 0;
    cr_assert_eq(dj_file_read(&s, &len, path, 0), DJ_OK);
    cr_assert_str_eq(s, want);
    dj_free(s);
}

/* The directory holds only the given number of entries (no *.tmp-PID). */
static void entries_are(int want)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    cr_assert_not_null(d);
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    cr_assert_eq(n, want, "%d entries in %s, wanted %d", n, dir, want);
}

Test(file, write_whole_keeps_the_mode_of_the_file_it_replaces)
{
    static const mode_t modes[] = {0600, 0640, 0604, 0755};
    char path[128];
    size_t i;

    make_dir();
    at(path, sizeof path, "out.csv");
    umask(022);
    for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        put(path, "old", modes[i]);
        cr_assert_eq(dj_file_write_whole(path, "new", 3), DJ_OK, "%s", strerror(errno));
        content_is(path, "new");
        cr_assert_eq(mode_of(path), modes[i], "mode %o became %o", (unsigned)modes[i],
                     (unsigned)mode_of(path));
    }
    entries_are(1);
}

Test(file, write_whole_drops_set_id_bits_of_the_file_it_replaces)
{
    char path[128];

    make_dir();
    at(path, sizeof path, "out.csv");
    put(path, "old", 04755);
    cr_assert_eq(dj_file_write_whole(path, "new", 3), DJ_OK);
    cr_assert_eq(mode_of(path), 0755, "mode %o", (unsigned)mode_of(path));
}

Test(file, a_new_file_is_0666_less_the_umask)
{
    char path[128];

    make_dir();
    at(path, sizeof path, "new.csv");
    umask(027);
    cr_assert_eq(dj_file_write_whole(path, "new", 3), DJ_OK);
    cr_assert_eq(mode_of(path), 0640, "mode %o", (unsigned)mode_of(path));
    at(path, sizeof path, "new2.csv");
    umask(0);
    cr_assert_eq(dj_file_write_whole(path, "new", 3), DJ_OK);
    cr_assert_eq(mode_of(path), 0666, "mode %o", (unsigned)mode_of(path));
}

Test(file, tmp_commit_gives_the_old_mode_to_a_file_written_by_another_library)
{
    char path[128], tmp[256];

    make_dir();
    at(path, sizeof path, "book.xlsx");
    put(path, "old", 0600);
    umask(022);
    cr_assert_eq(dj_file_tmp_create(tmp, sizeof tmp, path), DJ_OK);
    put(tmp, "new", 0644); /* as libxlsxwriter leaves it */
    cr_assert_eq(dj_file_tmp_commit(tmp, path), DJ_OK);
    content_is(path, "new");
    cr_assert_eq(mode_of(path), 0600, "mode %o", (unsigned)mode_of(path));
    entries_are(1);
}

/* The refusals need a user whom access(W_OK) can refuse: as root they run
 * in a child process as nobody (65534), else as the user itself. The child
 * returns 0, or the line of the first check that failed (77: it could not
 * become nobody, a skip). */
static void as_user(int (*fn)(const char *path), const char *path)
{
    pid_t pid;
    int st;

    if (geteuid() == 0) {
        cr_assert_eq(chmod(dir, 0777), 0);
        cr_assert_eq(chown(path, 65534, 65534), 0);
    }
    cr_assert_neq(pid = fork(), -1);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0 || geteuid() == 0))
            _exit(77);
        _exit(fn(path));
    }
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st));
    if (WEXITSTATUS(st) == 77)
        cr_skip_test("running as root and cannot become nobody (65534)");
    cr_assert_eq(WEXITSTATUS(st), 0, "check at line %d failed as uid %d", WEXITSTATUS(st),
                 geteuid() == 0 ? 65534 : (int)geteuid());
}

#define CHECK(cond)                \
    do {                           \
        if (!(cond))               \
            return __LINE__ % 256; \
    } while (0)

static int refuse_read_only(const char *path)
{
    char tmp[256];
    errno = 0;
    CHECK(dj_file_write_whole(path, "new", 3) == DJ_EIO && errno == EACCES);
    errno = 0;
    CHECK(dj_file_tmp_create(tmp, sizeof tmp, path) == DJ_EIO && errno == EACCES);
    return 0;
}

Test(file, a_read_only_file_is_refused_and_kept)
{
    char path[128];

    make_dir();
    at(path, sizeof path, "ro.csv");
    put(path, "old", 0444);
    as_user(refuse_read_only, path);
    content_is(path, "old");
    cr_assert_eq(mode_of(path), 0444);
    entries_are(1);
}

static int refuse_at_commit(const char *path)
{
    char tmp[256];
    FILE *f;
    CHECK(dj_file_tmp_create(tmp, sizeof tmp, path) == DJ_OK);
    CHECK((f = fopen(tmp, "wb")) && fputs("new", f) >= 0 && fclose(f) == 0);
    CHECK(chmod(path, 0444) == 0); /* made read-only while the file was written */
    errno = 0;
    CHECK(dj_file_tmp_commit(tmp, path) == DJ_EIO && errno == EACCES);
    CHECK(access(tmp, F_OK) != 0); /* removed */
    return 0;
}

Test(file, a_file_made_read_only_while_writing_is_refused_at_the_commit)
{
    char path[128];

    make_dir();
    at(path, sizeof path, "ro.csv");
    put(path, "old", 0644);
    as_user(refuse_at_commit, path);
    content_is(path, "old");
    entries_are(1);
}
