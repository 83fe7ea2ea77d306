#!/usr/bin/env bash
# Tests the installer's mechanics under Wine: packaging/installer.nsi compiled around a small stand-in
# payload (two copies of a tiny NSIS-built Windows program and an _internal folder, not the real bundle),
# then in a fresh WINEPREFIX:
#   1. silent per-user install (no elevation requested): files, Start menu and desktop shortcuts (.lnk),
#      the HKCU uninstall entry and its values, nothing in HKLM;
#   2. a newer version installed over it: program files replaced (a file only the old version had is gone),
#      entry updated, a planted database and settings file in the user's data folder untouched;
#   3. silent uninstall: program folder, shortcuts and entry gone, the user's data still there;
#   4. /NODESKTOP with /D=folder, and /ALLUSERS (Program Files and HKLM; Wine's user counts as an
#      administrator), each installed and uninstalled again.
# Exit status 1 when any check fails. Needs makensis (Debian: nsis) and wine with 32-bit support
# (Debian: wine, wine64, wine32:i386), since NSIS installers are 32-bit programs.
#
#   bash packaging/test_installer.sh [WORK_DIR]
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${1:-$(mktemp -d /tmp/gp-installer-test.XXXXXX)}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
failures=0

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
die() { echo "FAIL $*"; exit 1; }

for tool in makensis wine wineserver; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install nsis wine wine64 wine32:i386)"
done

# --- the stand-in payload and two installer versions ----------------------------------------------------
cat > "$WORK/stub.nsi" <<'EOF'
; A tiny Windows program standing in for the frozen app: it starts and exits.
Unicode true
OutFile "stub.exe"
RequestExecutionLevel user
SilentInstall silent
Section
SectionEnd
EOF
(cd "$WORK" && makensis -V1 -WX stub.nsi) || die "makensis could not build the stand-in program"
make_payload() {  # version, extra file name
  local dir="$WORK/payload-$1"
  rm -rf "$dir"; mkdir -p "$dir/_internal"
  cp "$WORK/stub.exe" "$dir/GP Placements.exe"
  cp "$WORK/stub.exe" "$dir/gp-placements.exe"
  echo "$1" > "$dir/_internal/version.txt"
  echo "$1" > "$dir/_internal/$2"
}
make_payload 0.1.0 only-in-old.txt
make_payload 0.2.0 only-in-new.txt
for version in 0.1.0 0.2.0; do
  # -WX: any warning fails the build, as it would in the release workflow.
  makensis -V2 -WX -DVERSION=$version -DSOURCE_DIR="$WORK/payload-$version" \
    -DOUTFILE="$WORK/GP-Placements-$version-setup.exe" "$HERE/installer.nsi" >"$WORK/makensis-$version.log" 2>&1 \
    || { cat "$WORK/makensis-$version.log"; die "makensis failed or warned for version $version"; }
done
pass "makensis compiled the installer (0.1.0 and 0.2.0) with no warnings"
check "installer asks Windows for no elevation (manifest level asInvoker)" \
  grep -aq 'level="asInvoker"' "$WORK/GP-Placements-0.1.0-setup.exe"

# --- a fresh Wine prefix ---------------------------------------------------------------------------------
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"  # no Mono/Gecko prompts, no Linux menu entries
export HOME="$WORK/home"   # Wine links Desktop and Documents to $HOME folders: keep them in the work dir
mkdir -p "$HOME"
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1; wineserver -w
winvar() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }
unix() { winepath -u "$1" 2>/dev/null | tr -d '\r'; }
LOCAL="$(unix "$(winvar LOCALAPPDATA)")"
ROAMING="$(unix "$(winvar APPDATA)")"
DESKTOP="$(unix "$(winvar USERPROFILE)")/Desktop"
PROGRAMFILES="$(unix "$(winvar ProgramW6432)")"
[ -d "$LOCAL" ] && [ -d "$ROAMING" ] || die "Wine prefix has no user folders ($LOCAL, $ROAMING)"
INSTDIR="$LOCAL/Programs/GP Placements"
START_LNK="$ROAMING/Microsoft/Windows/Start Menu/Programs/GP Placements.lnk"
DESKTOP_LNK="$DESKTOP/GP Placements.lnk"
KEY='Software\Microsoft\Windows\CurrentVersion\Uninstall\GP Placements'

run() { wine "$@" >/dev/null 2>&1; local status=$?; wineserver -w; return $status; }
# /reg:64: the 64-bit registry view, the one Apps & features reads (Wine's reg.exe defaults to 32-bit).
# The uninstaller copies itself to a temporary folder and starts that copy: wineserver -w waits for it.
reg_value() {  # hive, value name -> the value's data (empty when missing)
  wine reg query "$1\\$KEY" /v "$2" /reg:64 2>/dev/null | tr -d '\r' | awk -v name="$2" '$1 == name { $1 = ""; $2 = ""; sub(/^  */, ""); print }'
}
has_key() { wine reg query "$1\\$KEY" /reg:64 >/dev/null 2>&1; }
no_key() { ! has_key "$1"; }
only_key() { has_key "$1" && no_key "$2"; }
lnk_targets() {  # .lnk file, expected target (Windows path, e.g. C:\...\GP Placements.exe)
  python3 - "$1" "$2" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
target = sys.argv[2].lower()
text = data.decode("utf-16-le", "ignore").lower() + data.decode("latin-1").lower()
sys.exit(0 if data[:4] == b"L\x00\x00\x00" and target in text else 1)
EOF
}
same_content() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
winpath() { winepath -w "$1" 2>/dev/null | tr -d '\r'; }

# --- 1. per-user silent install --------------------------------------------------------------------------
run "$WORK/GP-Placements-0.1.0-setup.exe" /S || fail "the 0.1.0 installer exited with an error"
check "program installed per user in %LOCALAPPDATA%\\Programs\\GP Placements" test -f "$INSTDIR/GP Placements.exe"
check "console program and uninstaller installed" test -f "$INSTDIR/gp-placements.exe" -a -f "$INSTDIR/Uninstall.exe"
check "payload 0.1.0 in place" same_content "$INSTDIR/_internal/version.txt" 0.1.0
check "Start menu shortcut points at the program" lnk_targets "$START_LNK" "$(winpath "$INSTDIR/GP Placements.exe")"
check "desktop shortcut points at the program" lnk_targets "$DESKTOP_LNK" "$(winpath "$INSTDIR/GP Placements.exe")"
check "uninstall entry in HKCU: DisplayName" test "$(reg_value HKCU DisplayName)" = "GP Placements"
check "uninstall entry: DisplayVersion 0.1.0" test "$(reg_value HKCU DisplayVersion)" = "0.1.0"
check "uninstall entry: Publisher" test -n "$(reg_value HKCU Publisher)"
check "uninstall entry: DisplayIcon is the program" test "$(reg_value HKCU DisplayIcon)" = "$(winpath "$INSTDIR/GP Placements.exe"),0"
check "uninstall entry: UninstallString" test "$(reg_value HKCU UninstallString)" = "\"$(winpath "$INSTDIR/Uninstall.exe")\""
check "uninstall entry: QuietUninstallString has /S" test "$(reg_value HKCU QuietUninstallString)" = "\"$(winpath "$INSTDIR/Uninstall.exe")\" /S"
check "uninstall entry: InstallLocation" test "$(reg_value HKCU InstallLocation)" = "$(winpath "$INSTDIR")"
check "uninstall entry: EstimatedSize set" test -n "$(reg_value HKCU EstimatedSize)"
check "nothing written to HKLM by a per-user install" no_key HKLM

# The user's own data, where the app keeps it (platformdirs): it must outlive upgrade and uninstall.
DATA="$LOCAL/GP Placements/GP Placements"
mkdir -p "$DATA" "$LOCAL/GP Placement Scheduler/Logs"
echo "planted database" > "$DATA/placements.db"
echo "planted backup" > "$DATA/placements.db.backup-20260101T000000Z"
echo "planted log" > "$LOCAL/GP Placement Scheduler/Logs/gp-placements.log"

# --- 2. upgrade in place ---------------------------------------------------------------------------------
run "$WORK/GP-Placements-0.2.0-setup.exe" /S || fail "the 0.2.0 installer exited with an error"
check "upgrade: payload 0.2.0 in place" same_content "$INSTDIR/_internal/version.txt" 0.2.0
check "upgrade: the old version's files are gone" test ! -e "$INSTDIR/_internal/only-in-old.txt"
check "upgrade: the new version's files are there" test -f "$INSTDIR/_internal/only-in-new.txt"
check "upgrade: DisplayVersion 0.2.0" test "$(reg_value HKCU DisplayVersion)" = "0.2.0"
check "upgrade: database kept" same_content "$DATA/placements.db" "planted database"
check "upgrade: backup kept" same_content "$DATA/placements.db.backup-20260101T000000Z" "planted backup"
check "upgrade: log kept" same_content "$LOCAL/GP Placement Scheduler/Logs/gp-placements.log" "planted log"

# --- 3. silent uninstall ---------------------------------------------------------------------------------
run "$INSTDIR/Uninstall.exe" /S || fail "the uninstaller exited with an error"
check "uninstall: program folder removed" test ! -e "$INSTDIR"
check "uninstall: Start menu shortcut removed" test ! -e "$START_LNK"
check "uninstall: desktop shortcut removed" test ! -e "$DESKTOP_LNK"
check "uninstall: HKCU entry removed" no_key HKCU
check "uninstall: database kept" same_content "$DATA/placements.db" "planted database"
check "uninstall: backup kept" same_content "$DATA/placements.db.backup-20260101T000000Z" "planted backup"
check "uninstall: log kept" same_content "$LOCAL/GP Placement Scheduler/Logs/gp-placements.log" "planted log"

# --- 4. chosen folder without desktop shortcut; all users ------------------------------------------------
# No space in this folder: /D= takes no quotes, and Wine quotes an argument that has a space.
CHOSEN="$(unix 'C:\Apps\GP-Placements')"
run "$WORK/GP-Placements-0.2.0-setup.exe" /S /NODESKTOP '/D=C:\Apps\GP-Placements' || fail "the /D installer exited with an error"
check "/D: installed in the chosen folder" test -f "$CHOSEN/GP Placements.exe"
check "/D: entry's InstallLocation is the chosen folder" test "$(reg_value HKCU InstallLocation)" = 'C:\Apps\GP-Placements'
check "/NODESKTOP: no desktop shortcut" test ! -e "$DESKTOP_LNK"
check "/NODESKTOP: Start menu shortcut still made" test -f "$START_LNK"
run "$CHOSEN/Uninstall.exe" /S
check "/D: uninstalled from the chosen folder" test ! -e "$CHOSEN/GP Placements.exe"

ALL_INSTDIR="$PROGRAMFILES/GP Placements"
ALL_START="$(unix "$(winvar ProgramData)")/Microsoft/Windows/Start Menu/Programs/GP Placements.lnk"
run "$WORK/GP-Placements-0.2.0-setup.exe" /S /ALLUSERS || fail "the /ALLUSERS installer exited with an error"
check "/ALLUSERS: installed in Program Files" test -f "$ALL_INSTDIR/GP Placements.exe"
check "/ALLUSERS: entry in HKLM, not HKCU" only_key HKLM HKCU
check "/ALLUSERS: UninstallString carries /ALLUSERS" test "$(reg_value HKLM UninstallString)" = "\"$(winpath "$ALL_INSTDIR/Uninstall.exe")\" /ALLUSERS"
check "/ALLUSERS: Start menu shortcut for all users" test -f "$ALL_START"
run "$ALL_INSTDIR/Uninstall.exe" /ALLUSERS /S
check "/ALLUSERS: program folder removed" test ! -e "$ALL_INSTDIR"
check "/ALLUSERS: shortcut removed" test ! -e "$ALL_START"
check "/ALLUSERS: HKLM entry removed" no_key HKLM
check "user data still there at the end" same_content "$DATA/placements.db" "planted database"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed (work folder: $WORK)"
  exit 1
fi
echo "PASS all installer checks (work folder: $WORK)"
