#!/usr/bin/env bash
# Runs the test suite under Windows CPython 3.11 in Wine: the core's tests (tests/scheduler) and, with
# --desktop, the window's (tests/desktop, Qt offscreen).
#
#   bash packaging/wine/test-windows.sh [--desktop] [--timeout SECONDS] [-- PYTEST ARGS...]
#
# The interpreter and the project's Windows wheels come from packaging/wine/windows-python.sh, in a prefix
# of its own ($GP_WINE_CACHE/test-prefix, or $GP_WINE_TEST_PREFIX) so a build running at the same time is
# not disturbed. The checkout is imported from where it is (Z:\...). pytest runs with its cache off (the
# checkout is shared with the Linux runs), a per-test timeout (default 300 s; pytest-timeout's thread
# method, Windows has no SIGALRM) and its output on a pipe (Wine gives a Windows program whose output is
# a file an "Invalid handle"). Tests marked wine_limitation are skipped under Wine alone (tests/conftest.py).
# Prints each suite's counts last, as "<suite>: N passed, N failed, N skipped, N errors"; exit status 1
# when any test failed.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

# Counts of a junit XML report: "N passed, N failed, N skipped, N errors".
junit_counts() {
  python3 - "$1" <<'EOF'
import sys
import xml.etree.ElementTree as ET

suites = ET.parse(sys.argv[1]).getroot()
suite = suites if suites.tag == "testsuite" else suites.find("testsuite")
total, failed, errors, skipped = (int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped"))
print(f"{total - failed - errors - skipped} passed, {failed} failed, {skipped} skipped, {errors} errors")
EOF
}

main() {
  local suites=(tests/scheduler) timeout=300 pytest_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --desktop) suites+=(tests/desktop); shift ;;
      --timeout) timeout="$2"; shift 2 ;;
      --) shift; pytest_args=("$@"); break ;;
      *) die "unknown argument $1 (usage: test-windows.sh [--desktop] [--timeout SECONDS] [-- PYTEST ARGS...])" ;;
    esac
  done
  local prefix="${GP_WINE_TEST_PREFIX:-$GP_WINE_CACHE/test-prefix}"
  bash "$CHECKOUT/packaging/wine/windows-python.sh" --prefix "$prefix" >&2
  use_prefix "$prefix"

  local reports summary=() status=0 suite name
  reports="$(mktemp -d)"
  cd "$CHECKOUT"
  export PYTHONPATH
  PYTHONPATH="$(windows_path "$CHECKOUT")"
  export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1 PYTHONUTF8=0
  for suite in "${suites[@]}"; do
    name="$(basename "$suite")"
    log "pytest $suite under Windows Python"
    windows_python -m pytest "$suite" -p no:cacheprovider -q -rfEs --timeout "$timeout" \
      --junitxml "$(windows_path "$reports")\\$name.xml" "${pytest_args[@]}" || status=1
    if [ -f "$reports/$name.xml" ]; then
      summary+=("$name: $(junit_counts "$reports/$name.xml")")
    else
      summary+=("$name: no report (pytest did not finish)")
      status=1
    fi
  done
  wineserver -w || true
  rm -rf "$reports"
  printf '%s\n' "${summary[@]}"
  return "$status"
}

main "$@"
