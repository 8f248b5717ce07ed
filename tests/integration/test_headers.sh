#!/bin/bash
# Every public header compiles on its own with -std=c11 -Wpedantic -Werror
# (libgit2's headertest): no header depends on being included after another.
. "$(dirname "$0")/lib.sh"
cc=${CC:-cc}
for h in "$DJ_SOURCE_DIR"/include/duijie/*.h; do
    name=$(basename "$h")
    printf '#include "duijie/%s"\n' "$name" >"$T/h.c"
    if "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$DJ_SOURCE_DIR/include" \
        -I"$DJ_SOURCE_DIR/src" "$T/h.c" 2>"$T/err"; then ok "$name compiles alone"
    else not_ok "$name compiles alone" "$(head -3 "$T/err")"; fi
done
