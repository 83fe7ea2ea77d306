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
# .venv (scripts/test.sh makes it; or GP_HOST_PYTHON) are here, packaging/smoke_team_database.py --wine
# has the installed program open a throwaway team server over verified TLS and be refused with a wrong CA
# and a wrong host name; otherwise that part is skipped, saying why.
# Exit status 0 when everything passed.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

WINDOWS_USER="Siân Ó Dónaill"
PROGRAM="C:\\users\\$WINDOWS_USER\\AppData\\Local\\Programs\\GP Placements"
DATA="C:\\users\\$WINDOWS_USER\\GP data"
LOCAL_DATABASE="C:\\users\\$WINDOWS_USER\\AppData\\Local\\GP Placements\\GP Placements\\placements.db"
BUILD_USER="${USER:-$(id -un)}"

version() { sed -n 's/^__version__ = "\([^"]*\)"/\1/p' "$CHECKOUT/scheduler/__init__.py"; }

# packaging/smoke_team_database.py on the installed program: verified TLS trusted, a wrong CA and host refused.
team_database() {
  local python="${GP_HOST_PYTHON:-$CHECKOUT/.venv/bin/python}"
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    echo "SKIP team database over TLS: no PostgreSQL server binaries (apt-get install postgresql)"
    return 0
  fi
  if ! "$python" -c "import cryptography, sqlalchemy, psycopg" 2>/dev/null; then
    echo "SKIP team database over TLS: no Python with the test extras at $python (run scripts/test.sh once, or set GP_HOST_PYTHON)"
    return 0
  fi
  "$python" "$CHECKOUT/packaging/smoke_team_database.py" "$(unix_path "$PROGRAM")" --wine
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
  # Qt offscreen for every program of this prefix: Wine 8 does not hand QT_QPA_PLATFORM on from Linux
  run_windows reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /t REG_SZ /d offscreen /f >/dev/null
  local prefix_made=$((SECONDS - started))
  install_silently "$setup"
  # ... and fonts for it: Qt offscreen on Windows reads font files only from QT_QPA_FONTDIR (none: boxes)
  run_windows reg add 'HKCU\Environment' /v QT_QPA_FONTDIR /t REG_SZ /d "$PROGRAM\_internal\resources\fonts" /f \
    >/dev/null
  local installed_at=$SECONDS

  python3 "$CHECKOUT/packaging/wine/smoke_windows.py" --program "$PROGRAM" --data "$DATA" "${smoke_args[@]}" \
    || die "the Windows program's smoke test failed (work folder $work)"
  local checked_at=$SECONDS
  team_database || die "the Windows program's team-database smoke test failed"
  local team_at=$SECONDS
  wineserver -w
  check_rules "$(unix_path "$LOCAL_DATABASE")" "$work/rules-check.db"
  echo "times: new prefix ${prefix_made} s, install $((installed_at - started - prefix_made)) s," \
       "program $((checked_at - installed_at)) s, team database $((team_at - checked_at)) s," \
       "rules check $((SECONDS - team_at)) s, all $((SECONDS - started)) s"
  echo "PASS the installed Windows program under Wine (work folder $work)"
}

main "$@"
