#!/usr/bin/env bash
# Smoke test of the real Windows installer and program under Wine, after packaging/wine/build.sh:
#
#   bash packaging/wine/smoke.sh [--setup FILE] [--work DIR] [--skip-stop]
#
# In a fresh WINEPREFIX whose Windows user is "Siân Ó Dónaill" (a space and accents in every per-user
# path), it installs the setup exe silently for that user (/S: %LOCALAPPDATA%\Programs\GP Placements),
# then packaging/wine/smoke_windows.py runs the installed program: demo, import, solve, export,
# timetables, letters, backup, restore on the database in %LOCALAPPDATA%, the window offscreen on the
# Plan page, the DLL check of every process and the stopped solves. The plan is then checked against
# benchmarks/rules.py by the build's Windows Python. When PostgreSQL's server binaries and the checkout's
# .venv (scripts/test.sh makes it; or GP_HOST_PYTHON) are here, the program also opens a throwaway team
# server over verified TLS and is refused with the wrong CA; otherwise that part is skipped, saying why.
# Exit status 0 when everything passed.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

WINDOWS_USER="Siân Ó Dónaill"
PROGRAM="C:\\users\\$WINDOWS_USER\\AppData\\Local\\Programs\\GP Placements"
DATA="C:\\users\\$WINDOWS_USER\\GP data"
LOCAL_DATABASE="C:\\users\\$WINDOWS_USER\\AppData\\Local\\GP Placements\\GP Placements\\placements.db"
BUILD_USER="$USER"
SERVER_PID=""

version() { sed -n 's/^__version__ = "\([^"]*\)"/\1/p' "$CHECKOUT/scheduler/__init__.py"; }

stop_team_server() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Starts tls_server.py in the background; prints the JSON file's path, or nothing (with the reason on stderr).
start_team_server() {
  local work="$1" python="${GP_HOST_PYTHON:-$CHECKOUT/.venv/bin/python}"
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    log "SKIP team database over TLS: no PostgreSQL server binaries (apt-get install postgresql)"
    return 0
  fi
  if ! "$python" -c "import cryptography, sqlalchemy, psycopg" 2>/dev/null; then
    log "SKIP team database over TLS: no host Python with the test extras at $python (run scripts/test.sh once, or set GP_HOST_PYTHON)"
    return 0
  fi
  local description="$work/team-server.json"
  rm -f "$description"
  "$python" "$CHECKOUT/packaging/wine/tls_server.py" "$description" >&2 &
  SERVER_PID=$!
  local waited=0
  until [ -f "$description" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=""; die "the throwaway PostgreSQL server did not start"; }
    [ $waited -ge 120 ] && die "the throwaway PostgreSQL server was not ready in 60 s"
    sleep 0.5; waited=$((waited + 1))
  done
  echo "$description"
}

install_silently() {
  local setup="$1"
  log "installing $(basename "$setup") silently for '$WINDOWS_USER'"
  run_windows "$setup" /S
  wineserver -w
  local installed
  installed="$(unix_path "$PROGRAM")"
  [ -f "$installed/gp-placements.exe" ] && [ -f "$installed/GP Placements.exe" ] \
    || die "the installer left no program in $installed"
  log "installed into $PROGRAM ($(du -sm "$installed" | cut -f1) MB)"
}

# benchmarks/rules.py on a copy of the plan's database, in the build prefix's Windows Python.
check_rules() {
  local database="$1" copy="$2"
  cp "$database" "$copy"
  (
    export USER="$BUILD_USER" HOME="$ORIGINAL_HOME"
    use_prefix "$GP_WINE_CACHE/build-prefix"
    windows_python "$(windows_path "$CHECKOUT/packaging/wine/check_rules.py")" "$(windows_path "$copy")"
  )
}

main() {
  local setup="$CHECKOUT/dist/GP-Placements-$(version)-setup.exe" work="" smoke_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --setup) setup="$2"; shift 2 ;;
      --work) work="$2"; shift 2 ;;
      --skip-stop) smoke_args+=(--skip-stop); shift ;;
      *) die "unknown argument $1 (usage: smoke.sh [--setup FILE] [--work DIR] [--skip-stop])" ;;
    esac
  done
  [ -f "$setup" ] || die "no $setup: run packaging/wine/build.sh first"
  ensure_wine
  work="${work:-$(mktemp -d /tmp/gp-wine-smoke.XXXXXX)}"
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  local started=$SECONDS

  ORIGINAL_HOME="$HOME"
  export USER="$WINDOWS_USER" LOGNAME="$WINDOWS_USER" HOME="$work/home"  # Wine names the profile after $USER
  mkdir -p "$HOME"
  rm -rf "$work/prefix"
  use_prefix "$work/prefix"
  local prefix_made=$((SECONDS - started))
  install_silently "$setup"
  local installed_at=$SECONDS

  trap stop_team_server EXIT
  local server
  server="$(start_team_server "$work")"
  [ -n "$server" ] && smoke_args+=(--team-server "$server")

  local status=0
  python3 "$CHECKOUT/packaging/wine/smoke_windows.py" --program "$PROGRAM" --data "$DATA" "${smoke_args[@]}" \
    || status=$?
  stop_team_server
  wineserver -k 2>/dev/null || true
  [ $status -eq 0 ] || die "the Windows program's smoke test failed (work folder $work)"

  local rules_at=$SECONDS
  check_rules "$(unix_path "$LOCAL_DATABASE")" "$work/rules-check.db"
  echo "times: new prefix ${prefix_made} s, install $((installed_at - started - prefix_made)) s," \
       "program checks $((rules_at - installed_at)) s, rules check $((SECONDS - rules_at)) s, all $((SECONDS - started)) s"
  echo "PASS the installed Windows program under Wine (work folder $work)"
}

main "$@"
