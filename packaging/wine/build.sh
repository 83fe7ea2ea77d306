#!/usr/bin/env bash
# Builds the Windows program and its installer on Linux, under Wine, from this checkout:
#
#   bash packaging/wine/build.sh
#
# On a fresh Debian machine it apt-gets what is missing (wine, wine64, wine32:i386, nsis, python3-pip),
# makes the Windows Python with the Windows wheels (packaging/wine/windows-python.sh), freezes the app
# with `pyinstaller build.spec` under Wine and wraps the bundle with makensis. It leaves
#   dist/windows/GP Placements/              the Windows onedir bundle (dist/GP Placements/ is the Linux one)
#   dist/GP-Placements-<version>-setup.exe   the installer around it
# PyInstaller's log and work files go to build/windows/. Sizes and times are printed at the end.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

BUNDLE="$CHECKOUT/dist/windows/GP Placements"
WORK="$CHECKOUT/build/windows"

version() {
  sed -n 's/^__version__ = "\([^"]*\)"/\1/p' "$CHECKOUT/scheduler/__init__.py"
}

freeze() {
  mkdir -p "$WORK"
  log "pyinstaller build.spec under Wine (log: $WORK/pyinstaller.log)"
  (cd "$CHECKOUT" && windows_python -m PyInstaller --noconfirm --log-level WARN \
      --distpath "$(windows_path "$CHECKOUT/dist/windows")" --workpath "$(windows_path "$WORK")" \
      "$(windows_path "$CHECKOUT/build.spec")") > "$WORK/pyinstaller.log" \
    || { tail -40 "$WORK/pyinstaller.log"; die "pyinstaller failed under Wine"; }
  [ -f "$BUNDLE/gp-placements.exe" ] && [ -f "$BUNDLE/GP Placements.exe" ] \
    || die "pyinstaller left no gp-placements.exe and GP Placements.exe in $BUNDLE"
  # Wine's api-ms-win-* forwarders are not on PyInstaller's list of Windows' own DLLs; on Windows they are.
  local warnings
  warnings="$(grep -c 'WARNING' "$WORK/pyinstaller.log" || true)"
  log "pyinstaller: $warnings warnings, $(grep 'WARNING' "$WORK/pyinstaller.log" | grep -vc 'api-ms-win-' || true) not about api-ms-win-* (see the log)"
}

installer() {
  local setup="$1"
  log "makensis around the bundle"
  makensis -V2 -WX "-DVERSION=$(version)" "-DSOURCE_DIR=$BUNDLE" "-DOUTFILE=$setup" \
    "$CHECKOUT/packaging/installer.nsi" > "$WORK/makensis.log" 2>&1 \
    || { cat "$WORK/makensis.log"; die "makensis failed or warned"; }
}

mebibytes() { du -sb "$1" | awk '{printf "%.1f MiB", $1 / 1048576}'; }

main() {
  local started setup
  started=$SECONDS
  ensure_debian_packages nsis
  # runtime and build only, as the Windows workflow installs: nothing a test needs gets into the bundle
  bash "$CHECKOUT/packaging/wine/windows-python.sh" --extras build | sed 's/^/  /'
  use_prefix "$GP_WINE_CACHE/build-prefix"
  local frozen_at=$SECONDS
  freeze
  local frozen=$((SECONDS - frozen_at))
  setup="$CHECKOUT/dist/GP-Placements-$(version)-setup.exe"
  installer "$setup"
  wineserver -w
  echo "bundle:    $BUNDLE ($(mebibytes "$BUNDLE"), $(find "$BUNDLE" -type f | wc -l) files)"
  echo "installer: $setup ($(mebibytes "$setup"))"
  echo "times:     pyinstaller ${frozen} s, whole build $((SECONDS - started)) s"
}

main "$@"
