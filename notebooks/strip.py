#!/usr/bin/env python3
"""Strips outputs and execution counts from notebooks before they are committed.

    python3 notebooks/strip.py                 # every notebooks/*.ipynb, in place
    python3 notebooks/strip.py a.ipynb b.ipynb
    python3 notebooks/strip.py --check         # exit 1 and name the notebooks that are not stripped

Uses only nbformat (Debian's python3-nbformat). Keeps cells, cell ids and the kernelspec;
drops outputs, execution counts and per-cell execution metadata.
"""
import sys
from pathlib import Path

import nbformat

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info")


def stripped(nb):
    """A copy of `nb` without outputs, execution counts or run metadata."""
    nb = nbformat.from_dict(nb)
    nb.metadata = nbformat.from_dict({k: nb.metadata[k] for k in KEEP_NOTEBOOK_METADATA if k in nb.metadata})
    if "language_info" in nb.metadata:
        nb.metadata.language_info = nbformat.from_dict({"name": nb.metadata.language_info.get("name", "python")})
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict({})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def main(argv):
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or sorted(Path(__file__).resolve().parent.glob("*.ipynb"))
    dirty = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        clean = stripped(nb)
        if clean != nb:
            dirty.append(path)
            if not check:
                nbformat.write(clean, path)
    if check and dirty:
        for path in dirty:
            print(f"{path}: has outputs, execution counts or run metadata; run python3 notebooks/strip.py",
                  file=sys.stderr)
        return 1
    if not check:
        print(f"stripped {len(dirty)} of {len(paths)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
