#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds the examples against it twice: through CMake's
# find_package and through pkg-config. Then runs them on a demo database made by the installed tool,
# and imports the installed Python package.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > /dev/null
export LD_LIBRARY_PATH=$prefix/lib:${LD_LIBRARY_PATH:-}

"$prefix/bin/credcheck" demo --db "$work/demo.db" > /dev/null

# find_package
cmake -S "$source/examples/installed" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
cmake --build "$work/cmake-build" -j2 > /dev/null
"$work/cmake-build/permit_checker" "$work/demo.db" "$source/examples/c/applications.txt" 2026-11-28 | grep -F "verdict: favor" > /dev/null  # reads all: -q would close the pipe early (SIGPIPE under pipefail)
"$work/cmake-build/tender_screening" "$work/demo.db" "$source/examples/cpp/bidders.txt" 2026-11-28 | grep -F "1 of 5 bidders excluded, 2 to review" > /dev/null  # reads all: -q would close the pipe early (SIGPIPE under pipefail)

# pkg-config
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc -std=c99 -Wall -Wextra -pedantic -Werror "$source/examples/c/permit_checker.c" -o "$work/permit_pc" $(pkg-config --cflags --libs credcheck)
"$work/permit_pc" "$work/demo.db" "$source/examples/c/applications.txt" 2026-11-28 | grep -F "verdict: restrict" > /dev/null  # reads all: -q would close the pipe early (SIGPIPE under pipefail)
test "$(pkg-config --modversion credcheck)" = "$(grep -oP 'CREDCHECK_VERSION_STRING "\K[0-9.]+' "$source/capi/credcheck.h")"

# Python package from the prefix, finding the installed library on the system path
env -u CREDCHECK_LIBRARY PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c "
import credcheck
with credcheck.Database('$work/demo.db', read_only=True) as db:
    assert db.check('91420704MA003B2147', 'gov_procurement', as_of='2026-11-28').verdict is credcheck.Verdict.DENY
print('installed python package ok', credcheck.__version__)
"
echo "install: find_package, pkg-config and Python all work from $prefix"
