#!/usr/bin/env bash
# Installs what porttwin needs to build and test, from Debian's packages only.
# Idempotent and quick when everything is there: it asks dpkg first and runs
# apt-get (update, then install) only for what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-graph-dev libtbb-dev libhdf5-dev libeigen3-dev libyaml-cpp-dev
  libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format clang-tidy
  hyperfine libssl-dev
  # results files read back from Python (tests, notebooks) with Debian's /usr/bin/python3
  python3-numpy python3-h5py python3-h5netcdf python3-xarray python3-pil python3-pytest
  # the Python bindings and the notebooks (Debian's /usr/bin/python3; PyPI is not reachable)
  pybind11-dev python3-pybind11 python3-pandas python3-matplotlib python3-networkx python3-yaml
  python3-nbclient python3-nbformat python3-ipykernel python3-setuptools
  # distributed ensembles: OpenMPI (mpirun -n R porttwin run|sweep) and mpi4py for the bindings
  openmpi-bin libopenmpi-dev python3-mpi4py
  # the HTML report: headless Chromium renders it in the tests (its charting library comes from npm)
  chromium
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Node.js and npm: this kind of machine ships them (NodeSource's nodejs bundles npm); Debian's
# own packages only where they are absent.
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
else
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The report's JavaScript dependencies, exactly as package-lock.json pins them.
report_dir=engine/app/report
stamp=$report_dir/node_modules/.porttwin-installed-lock
if [[ -f $report_dir/package-lock.json ]] && ! cmp -s "$report_dir/package-lock.json" "$stamp" 2>/dev/null; then
  echo "setup: npm ci in $report_dir"
  npm ci --prefix "$report_dir" --no-audit --no-fund --loglevel=error
  cp "$report_dir/package-lock.json" "$stamp"
fi
