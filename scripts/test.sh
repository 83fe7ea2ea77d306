#!/usr/bin/env bash
# Sets up a virtual environment with the test extras and runs the whole test suite (Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest exits 5 when it collected no test: that is a failure here, never a pass.
[ $status -eq 5 ] && echo "No tests were collected." >&2 && exit 1
exit $status
