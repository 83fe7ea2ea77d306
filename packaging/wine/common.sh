# Shared by packaging/wine/*.sh (sourced, not run): the cache folder, the Debian packages Wine needs,
# a Wine prefix made once, and a way to run Windows programs whose output Wine can hand back.
#
# Wine 8 gives a Windows program an "Invalid handle" when its standard input is /dev/null or its
# standard output is a file, so every Windows program here runs with both on pipes (run_windows).

GP_WINE_CACHE="${GP_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gp-placements-wine}"
# The Windows Python's folder inside a prefix (C:\Python311).
WINDOWS_PYTHON_DIR='C:\Python311'

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get install for the Debian packages (name or name:arch) that are not installed yet.
ensure_debian_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  if printf '%s\n' "${missing[@]}" | grep -q ':i386$' && ! dpkg --print-foreign-architectures | grep -qx i386; then
    as_root dpkg --add-architecture i386
  fi
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Wine with 32-bit support (NSIS installers are 32-bit) and a host Python with pip for the bootstrap downloads.
ensure_wine() {
  ensure_debian_packages wine wine64 wine32:i386 python3
  python3 -m pip --version >/dev/null 2>&1 || ensure_debian_packages python3-pip
}

# Exports the variables every Wine call here uses; the prefix is $1 (made on first use, 64-bit).
use_prefix() {
  export WINEPREFIX="$1" WINEARCH=win64
  export WINEDEBUG="${WINEDEBUG:--all}"
  # no Mono/Gecko download prompts, no Linux menu entries for what gets installed
  export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}"
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "new Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    run_windows wineboot -i >/dev/null
    wineserver -w
  fi
}

# Runs a Windows program (wine ARGS...) with standard input and output on pipes; its exit status is kept.
run_windows() {
  wine "$@" < <(true) 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

# The Unix path of a Windows path in the current prefix.
unix_path() { realpath -m "$(winepath -u "$1" 2>/dev/null | tr -d "\r")"; }
# The Windows path (Z:\...) of a Unix path.
windows_path() { winepath -w "$1" 2>/dev/null | tr -d '\r'; }

# The Windows Python of the current prefix, with the host's pip settings that name Unix paths translated
# (a Windows pip reads PIP_* variables too, but not /etc/pip.conf).
windows_python() {
  local cert="${PIP_CERT:-${REQUESTS_CA_BUNDLE:-}}"
  local -a settings=(-u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_CERT -u PYTHONHOME)
  [ -n "$cert" ] && [ -f "$cert" ] && settings+=("PIP_CERT=$(windows_path "$cert")")
  env "${settings[@]}" wine "$WINDOWS_PYTHON_DIR\\python.exe" "$@" < <(true) 2>&1 | cat
  return "${PIPESTATUS[0]}"
}
