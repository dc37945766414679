#!/usr/bin/env bash
# Makes a Python interpreter (Debian's /usr/bin/python3 by default) import the porttwin
# package of a CMake build tree from any directory, by a .pth file: one line naming the
# build's python directory, put in the interpreter's site directory for local packages
# (/usr/local/lib/python3.X/dist-packages on Debian; Debian's own packages are not touched).
# Nothing is copied, so rebuilding updates what `import porttwin` loads.
#
#   bindings/install.sh BUILD/python [PYTHON]        # what `cmake --build BUILD --target porttwin_python_install` runs
#   bindings/install.sh --uninstall [PYTHON]
set -euo pipefail

usage() { echo "usage: $0 BUILD_PYTHON_DIR [PYTHON] | --uninstall [PYTHON]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
target=$1
python=${2:-/usr/bin/python3}

site=$("$python" -c 'import site; print(site.getsitepackages()[0])')
pth=$site/porttwin.pth
sudo=()
if [[ $(id -u) -ne 0 ]] && [[ ! -w $site ]]; then sudo=(sudo); fi

if [[ $target == --uninstall ]]; then
  "${sudo[@]}" rm -f "$pth"
  echo "porttwin: removed $pth"
  exit 0
fi

dir=$(cd "$target" && pwd)
if [[ ! -f $dir/porttwin/__init__.py ]] || ! compgen -G "$dir/porttwin/_porttwin*.so" >/dev/null; then
  echo "porttwin: $dir has no built package (build the porttwin_python target first)" >&2
  exit 1
fi
"${sudo[@]}" mkdir -p "$site"
printf '%s\n' "$dir" | "${sudo[@]}" tee "$pth" >/dev/null

# Check from a directory unrelated to the build that this build is what Python imports.
found=$(cd / && "$python" -c 'import porttwin, os; print(os.path.dirname(os.path.dirname(porttwin.__file__)))')
if [[ $found != "$dir" ]]; then
  echo "porttwin: $python imports porttwin from $found, not $dir (another installation comes first on sys.path;" \
       "remove it, e.g. pip uninstall porttwin)" >&2
  exit 1
fi
echo "porttwin: $python imports porttwin $(cd / && "$python" -c 'import porttwin; print(porttwin.__version__)') from $dir ($pth)"
