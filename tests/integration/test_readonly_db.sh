#!/bin/bash
# A database this user may not write (a copy in a directory without write
# permission, the file itself read-only, as from a CD or a read-only share):
# every reading command prints exactly what it prints on the writable
# original, a saved index that cannot be written (or is stale, or broken)
# changes nothing, and a writing command fails with one line saying the
# database is read-only, leaving the file byte-identical and no -wal/-shm.
#
# Root ignores file permissions, so as root the commands run as the user
# nobody (setpriv from util-linux, or runuser); when neither can, or the
# permissions still let that user write, the script says SKIP instead of
# passing without testing anything.
. "$(dirname "$0")/lib.sh"
chmod 755 "$T" # the unprivileged user must reach the files below
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT # (a non-root user could not remove them)

RUN=()
BIN="$DUIJIE"
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        RUN=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
    elif command -v runuser >/dev/null && id nobody >/dev/null 2>&1; then
        RUN=(runuser -u nobody --)
    else
        echo "# SKIP running as root without setpriv or runuser: a read-only file cannot be tested"
        exit 0
    fi
    # the build directory may be unreadable to nobody (a home directory)
    mkdir "$T/bin" && cp "$DUIJIE" "$T/bin/duijie" && chmod 755 "$T/bin" "$T/bin/duijie"
    BIN="$T/bin/duijie"
fi
dj() { "$DUIJIE" "$@"; }           # as ourselves, on the writable original
dj_ro() { "${RUN[@]}" "$BIN" "$@"; } # as the user who may not write the copy

mkdir "$T/w" "$T/ro"
w="$T/w/demo.db"
ro="$T/ro/demo.db"
dj demo --db "$w" --data "$DJ_SOURCE_DIR/data/demo" >/dev/null || { not_ok "demo import"; exit 1; }
cp "$w" "$ro"
cp "$w" "$T/pristine.db"
chmod a-w "$ro" "$T/ro"
if "${RUN[@]}" sh -c ": > '$T/ro/probe'" 2>/dev/null || "${RUN[@]}" sh -c ": >> '$ro'" 2>/dev/null; then
    rm -f "$T/ro/probe"
    echo "# SKIP this user can still write $T/ro: the read-only path would not be exercised"
    exit 0
fi
"${RUN[@]}" test -r "$ro" || { not_ok "the test user can read the copy" "$(ls -la "$T/ro")"; exit 1; }

EV=EV-2024-GL-CXY
READS=(
    "search 光模块"
    "search 多天线认知无线|频谱 --json"
    "search 装配式建筑 --side 需求 --json"
    "match 1"
    "match 12 --json"
    "match 1 --semantic --json"
    "report --park 兰州高新区 --from 2024-01-01 --to 2024-05-31"
    "report --json"
    "export listings --format jsonl"
    "export orgs"
    "export deals --format gbk"
    "org list --limit 500"
    "org show 1 --json"
    "listing list"
    "listing show 12"
    "project list"
    "project show PJ-LZ-2024-01 --as-of 2024-12-31"
    "project history PJ-LZ-2024-01"
    "deal list --json"
    "event agenda $EV"
    "event show $EV --json"
    "event recommend $EV"
    "config list"
    "dict list"
    "news drafts"
)
# same_output TAG: every reading command, on the copy as the test user and
# on the original as ourselves, exits the same way and prints the same.
same_output() {
    local tag="$1" c args
    for c in "${READS[@]}"; do
        IFS=' ' read -r -a args <<<"$c"
        args=("${args[@]//|/ }")
        DUIJIE_INDEX_FILE=0 dj "${args[@]}" --db "$w" >"$T/want" 2>"$T/want.err"
        local want_rc=$?
        dj_ro "${args[@]}" --db "$ro" >"$T/got" 2>"$T/got.err"
        local got_rc=$?
        if [ "$want_rc" = 0 ] && [ "$got_rc" = 0 ] && cmp -s "$T/want" "$T/got" && [ -s "$T/got" ] &&
            [ ! -s "$T/got.err" ]; then
            ok "$tag: '$c' prints what it prints on the writable database"
        else
            not_ok "$tag: '$c' prints what it prints on the writable database" \
                "exit $got_rc (writable: $want_rc)" "stderr: $(head -c 400 "$T/got.err")" \
                "diff: $(diff "$T/want" "$T/got" | head -5)"
        fi
    done
}
unchanged() { # NAME: the copy is byte-identical and nothing was created beside it
    if cmp -s "$ro" "$T/pristine.db" && [ "$(ls -A "$T/ro")" = "demo.db${2:+
$2}" ]; then ok "$1"; else not_ok "$1" "$(ls -la "$T/ro")"; fi
}

same_output "no index file"
unchanged "reading left the copy as it was and wrote nothing beside it"

# A saved index that does not fit (taken from a changed catalog), or is
# garbage, is never trusted: still the same output, and left alone.
cp "$w" "$T/w/changed.db"
dj listing update 12 标题=完全不同的标题 --db "$T/w/changed.db" >/dev/null &&
    dj search 光模块 --db "$T/w/changed.db" >/dev/null && [ -s "$T/w/changed.db.index" ] ||
    not_ok "a stale index made"
chmod u+w "$T/ro" && cp "$T/w/changed.db.index" "$ro.index" && chmod a-w "$T/ro" "$ro.index"
cp "$ro.index" "$T/stale.index"
same_output "stale index"
cmp -s "$ro.index" "$T/stale.index" && unchanged "a stale index: the copy and the index as they were" demo.db.index \
    || not_ok "a stale index: the copy and the index as they were"
chmod u+w "$T/ro" "$ro.index" && head -c 3000 "$T/stale.index" >"$ro.index" && chmod a-w "$T/ro" "$ro.index"
same_output "truncated index"
chmod u+w "$T/ro" && rm -f "$ro.index" && chmod a-w "$T/ro"

# A dry run of the timetable writes nothing, so it reads the copy too (it was
# refused as a write); its report has timings, so only its result is compared.
expect_exit "event schedule --dry-run on the read-only copy" 0 dj_ro event schedule "$EV" --dry-run --iters 2000 --db "$ro"
grep -v ' ms ' "$T/out" >"$T/dry.ro"
DUIJIE_INDEX_FILE=0 dj event schedule "$EV" --dry-run --iters 2000 --db "$w" | grep -v ' ms ' >"$T/dry.w"
grep -q 'dry run: nothing written' "$T/out" && cmp -s "$T/dry.ro" "$T/dry.w" \
    && ok "... reports the schedule the writable database gets" || not_ok "dry run on the copy" "$(diff "$T/dry.w" "$T/dry.ro" | head -5)"
unchanged "... and left the copy as it was"

# Writing commands: refused before any work, one line naming the file.
WRITES=(
    "org add 名称=只读测试 类型=企业 地区=450300"
    "listing close 1"
    "project progress PJ-LZ-2024-01 10亿 --date 2024-07-01"
    "event schedule $EV --iters 2000"
    "config set match.weights text=0.5"
    "dict add 只读测试词"
    "import $DJ_SOURCE_DIR/data/demo/orgs.csv"
)
for c in "${WRITES[@]}"; do
    IFS=' ' read -r -a args <<<"$c"
    expect_exit "'$c' on the read-only copy fails (1)" 1 dj_ro "${args[@]}" --db "$ro"
    if [ "$(wc -l <"$T/err")" = 1 ] && grep -qF "$ro: the database is read-only (" "$T/err"; then
        ok "'$c' says in one line that $ro is read-only, and why"
    else
        not_ok "'$c' says in one line that the database is read-only" "stderr: $(head -c 400 "$T/err")"
    fi
    unchanged "'$c' left the copy byte-identical, nothing beside it"
done
expect_exit "a write with --json fails (1)" 1 dj_ro org add 名称=只读测试 类型=企业 地区=450300 --db "$ro" --json
grep -q '"code":"DJ_ESTORE".*the database is read-only' "$T/out" && ok "with --json the error is a JSON object" \
    || not_ok "with --json the error is a JSON object" "$(cat "$T/out")"

# The writable original still takes the same write (the refusal was the copy's).
expect_exit "the writable original takes the write" 0 dj org add 名称=只读测试 类型=企业 地区=450300 --db "$w"

# A read-only file in a writable directory: reads work, writes are refused.
mkdir "$T/rf" && cp "$T/pristine.db" "$T/rf/demo.db" && chmod 444 "$T/rf/demo.db" && chmod 777 "$T/rf"
expect_exit "a read-only file in a writable directory: listing list" 0 dj_ro listing list --db "$T/rf/demo.db"
dj listing list --db "$T/pristine.db" | cmp -s - "$T/out" && ok "... prints what the writable database prints" \
    || not_ok "... prints what the writable database prints"
expect_exit "a read-only file in a writable directory: org add fails (1)" 1 \
    dj_ro org add 名称=只读测试 类型=企业 地区=450300 --db "$T/rf/demo.db"
err_has "... saying the file is not writable" "the database is read-only (the file is not writable"
cmp -s "$T/rf/demo.db" "$T/pristine.db" && ok "... and the file is byte-identical" || not_ok "... and the file is byte-identical"

# A directory only its owner may write (when we run as root the owner is
# root, the reader nobody): another process could be writing, so a WAL
# database without -shm is not read as immutable; the refusal says what to do.
if [ "$(id -u)" = 0 ]; then
    mkdir "$T/own" && cp "$T/pristine.db" "$T/own/demo.db" && chmod 755 "$T/own" && chmod 644 "$T/own/demo.db"
    expect_exit "a directory its owner may write, no -shm: listing list fails (1)" 1 \
        dj_ro listing list --db "$T/own/demo.db"
    err_has "... saying why it cannot be read safely" "another process could start writing"
    cmp -s "$T/own/demo.db" "$T/pristine.db" && [ "$(ls -A "$T/own")" = demo.db ] &&
        ok "... and nothing changed" || not_ok "... and nothing changed" "$(ls -la "$T/own")"
fi
