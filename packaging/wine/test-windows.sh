#!/usr/bin/env bash
# Runs the test suite under Windows CPython 3.11 in Wine: the core's tests (tests/scheduler) and, with
# --desktop, the window's (tests/desktop, Qt offscreen).
#
#   bash packaging/wine/test-windows.sh [--desktop] [--timeout SECONDS] [FOLDER...] [-- PYTEST ARGS...]
#
# FOLDERs (e.g. tests/scheduler/faults) run instead of the suites, each chunked the same way.
# The interpreter and the project's Windows wheels come from packaging/wine/windows-python.sh, in a prefix
# of its own ($GP_WINE_CACHE/test-prefix, or $GP_WINE_TEST_PREFIX) so a build running at the same time is
# not disturbed. The checkout is imported from where it is (Z:\...). pytest runs with its cache off (the
# checkout is shared with the Linux runs), a per-test timeout (default 300 s; pytest-timeout's thread
# method, Windows has no SIGALRM) and its output on a pipe (Wine gives a Windows program whose output is
# a file an "Invalid handle"). Tests marked wine_limitation are skipped under Wine alone (tests/conftest.py).
# The thread method ends the whole pytest process at a timeout, so each suite runs in chunks, one pytest
# per subfolder (and one for the files directly in it): a test that hangs loses its chunk, not the run.
# Prints each chunk's counts and time, then each suite's, as "<suite>: N passed, N failed, N skipped,
# N errors"; exit status 1 when any test failed or a chunk did not finish.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

# Counts of junit XML reports, added up: "N passed, N failed, N skipped, N errors".
junit_counts() {
  python3 - "$@" <<'EOF'
import sys
import xml.etree.ElementTree as ET

totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
for report in sys.argv[1:]:
    suites = ET.parse(report).getroot()
    suite = suites if suites.tag == "testsuite" else suites.find("testsuite")
    for key in totals:
        totals[key] += int(suite.get(key, 0))
passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
print(f"{passed} passed, {totals['failures']} failed, {totals['skipped']} skipped, {totals['errors']} errors")
EOF
}

# The chunks of a suite folder: each subfolder holding tests, then the test files directly in it (one chunk).
suite_chunks() {
  local suite="$1" folder files
  for folder in "$suite"/*/; do
    compgen -G "${folder}test_*.py" >/dev/null && echo "${folder%/}"
  done
  files="$(compgen -G "$suite/test_*.py" | sort | tr '\n' ' ')"
  [ -n "$files" ] && echo "$files"
  return 0
}

main() {
  local suites=() timeout=300 pytest_args=() desktop=
  while [ $# -gt 0 ]; do
    case "$1" in
      --desktop) desktop=1; shift ;;
      --timeout) timeout="$2"; shift 2 ;;
      --) shift; pytest_args=("$@"); break ;;
      -*) die "unknown argument $1 (usage: test-windows.sh [--desktop] [--timeout SECONDS] [FOLDER...] [-- PYTEST ARGS...])" ;;
      *) [ -d "$CHECKOUT/$1" ] || die "no folder $1 in the checkout"; suites+=("$1"); shift ;;
    esac
  done
  [ ${#suites[@]} -gt 0 ] || suites=(tests/scheduler)
  [ -n "$desktop" ] && suites+=(tests/desktop)
  local prefix="${GP_WINE_TEST_PREFIX:-$GP_WINE_CACHE/test-prefix}"
  bash "$CHECKOUT/packaging/wine/windows-python.sh" --prefix "$prefix" >&2
  use_prefix "$prefix"

  local reports summary=() status=0 suite name chunk started reports_of_suite
  reports="$(mktemp -d)"
  cd "$CHECKOUT"
  export PYTHONPATH
  PYTHONPATH="$(windows_path "$CHECKOUT")"
  export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1 PYTHONUTF8=0
  for suite in "${suites[@]}"; do
    name="$(basename "$suite")"
    reports_of_suite=()
    while read -r chunk; do
      local report="$reports/$name-${#reports_of_suite[@]}.xml"
      local -a paths
      read -r -a paths <<< "$chunk"
      local label="${paths[*]}"
      [ ${#paths[@]} -gt 1 ] && label="$(dirname "${paths[0]}")/test_*.py"
      log "pytest $label under Windows Python"
      started=$SECONDS
      windows_python -m pytest "${paths[@]}" -p no:cacheprovider -q -rfEs --timeout "$timeout" \
        --junitxml "$(windows_path "$report")" "${pytest_args[@]}" || status=1
      if [ -f "$report" ]; then
        reports_of_suite+=("$report")
        summary+=("  $label: $(junit_counts "$report") in $((SECONDS - started)) s")
      else
        summary+=("  $label: no report (a test hung past the timeout or pytest crashed; run it with -v)")
        status=1
      fi
    done < <(suite_chunks "$suite")
    if [ ${#reports_of_suite[@]} -gt 0 ]; then
      summary+=("$name: $(junit_counts "${reports_of_suite[@]}")")
    else
      summary+=("$name: no report")
    fi
  done
  wineserver -w || true
  rm -rf "$reports"
  printf '%s\n' "${summary[@]}"
  return "$status"
}

main "$@"
