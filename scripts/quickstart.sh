#!/usr/bin/env bash
# Sets up the app in .venv, makes the full demo data set, imports it into the default
# database (a SQLite file in your user data folder), plans all five years, and opens the window.
# Without a display it prints the database's summary instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
app=.venv/bin/gp-placements
data=demo-data
[ -f "$data/students.csv" ] || $app demo "$data" --scale full
if [ "$($app info --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["students"])')" = "0" ]; then
  $app import "$data"
fi
[ "$($app info --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["plans"])')" != "0" ] || $app solve --time-limit 60
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec $app
fi
echo "No display here, so the window was not opened. Summary of the database:"
$app info
