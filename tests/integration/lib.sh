# lib.sh - shared by tests/integration/test_*.sh: TAP-style results and a
# temp directory per script. Each check prints "ok - name" or
# "not ok - name" (tests/run counts them). Needs $DUIJIE (the binary) and
# $DJ_SOURCE_DIR (the repository), both set by tests/run.
set -u
: "${DUIJIE:?set by tests/run}"
: "${DJ_SOURCE_DIR:?set by tests/run}"
FIX="$DJ_SOURCE_DIR/tests/data/import"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# check NAME COMMAND...: passes when the command exits 0.
check() {
    local name="$1"; shift
    if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}

# expect_exit NAME CODE COMMAND...: runs the command (stdout -> $T/out,
# stderr -> $T/err) and checks its exit code.
expect_exit() {
    local name="$1" want="$2"; shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name"; else
        not_ok "$name" "exit $rc, wanted $want: $*" "stderr: $(head -c 400 "$T/err")"; fi
}

# err_has NAME TEXT: the last expect_exit's stderr holds TEXT.
err_has() { grep -qF -- "$2" "$T/err" && ok "$1" || not_ok "$1" "stderr: $(head -c 400 "$T/err")"; }

# A stable digest of a database's content (schema and rows).
db_digest() { sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1; }

# A user whom file permissions bind, for checks that a read-only file is
# refused: the caller, or, when the caller is root (whom access(W_OK) never
# refuses), nobody through setpriv (util-linux). as_user COMMAND... runs a
# command as that user; user_dir DIR makes DIR, inside $T, theirs;
# user_can_run says whether they can run $DUIJIE at all (a build inside a
# directory nobody may enter cannot): a test that needs them skips visibly.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
    else "$@"; fi
}
user_dir() {
    mkdir -p "$1"
    if [ "$(id -u)" = 0 ]; then chmod 755 "$T" && chown nobody "$1"; fi
}
user_can_run() { as_user "$DUIJIE" --version >/dev/null 2>&1; }
