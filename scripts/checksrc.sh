#!/bin/sh
# Fails when C sources use functions banned by STYLE.md (after curl's list),
# or <ctype.h> on text. Run by `make test`.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 2>/dev/null || true)
[ -z "$files" ] && exit 0
bad=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|strncpy)[[:space:]]*\(' $files \
      | grep -vE '\b(snprintf|vsnprintf)\b' || true)
ctype=$(grep -n '#include <ctype.h>' $files || true)
if [ -n "$bad$ctype" ]; then
    echo "checksrc: banned calls:" >&2
    [ -n "$bad" ] && echo "$bad" >&2
    [ -n "$ctype" ] && echo "$ctype" >&2
    exit 1
fi
exit 0
