"""Executes one notebook with nbclient and fails on any error.

Usage: run_notebook.py NOTEBOOK WORKDIR [--timeout SECONDS] [--forbid-import MODULE]

The kernel runs in WORKDIR (results files are written there, not next to the notebook), with
the environment of this process (PORTTWIN_CLI, PORTTWIN_SOURCE_DIR, PYTHONPATH, MPLBACKEND).
The tests set MPLBACKEND to ipykernel's inline backend, which renders every figure with Agg
(offline) into the executed copy, so a figure that fails to draw fails the test.
--forbid-import MODULE fails if a code cell imports MODULE (notebook 04 must not need porttwin).
The executed notebook is saved as WORKDIR/<name>.ipynb for inspection; the source is not
touched. Prints the slowest cells' wall times and anything a cell wrote to stderr (warnings).
"""
import argparse
import re
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def cell_seconds(nb):
    """(seconds, index) of each executed code cell, from nbclient's timing metadata."""
    def parse(stamp):
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))

    for index, cell in enumerate(nb.cells):
        timing = cell.metadata.get("execution", {})
        begin, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if begin and end:
            yield (parse(end) - parse(begin)).total_seconds(), index


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--timeout", type=int, default=240, help="seconds per cell")
    parser.add_argument("--forbid-import", metavar="MODULE", help="fail if a code cell imports MODULE")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    if args.forbid_import:
        pattern = re.compile(rf"^\s*(import|from)\s+{re.escape(args.forbid_import)}\b", re.MULTILINE)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and pattern.search(cell.source):
                print(f"{args.notebook.name}: cell {index} imports {args.forbid_import}", file=sys.stderr)
                return 1
    args.workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(args.workdir)}})
    start = time.monotonic()
    try:
        client.execute()
        failed = None
    except CellExecutionError as error:
        failed = error
    finally:
        nbformat.write(nb, args.workdir / args.notebook.name)
    elapsed = time.monotonic() - start

    for index, cell in enumerate(nb.cells):
        text = "".join(output["text"] for output in cell.get("outputs", [])
                       if output.get("output_type") == "stream" and output.get("name") == "stderr")
        if text:
            # A progress bar redraws its line with \r: keep what the line finally showed.
            lines = [line.rsplit("\r", 1)[-1] for line in text.splitlines()]
            print(f"cell {index} stderr:\n" + "\n".join(line for line in lines if line.strip()), file=sys.stderr)
    if failed is not None:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(failed))  # the traceback without terminal colours
        print(f"{args.notebook.name}: FAILED after {elapsed:.1f} s\n{plain}", file=sys.stderr)
        return 1
    print(f"{args.notebook.name}: ran in {elapsed:.1f} s, kernel start included "
          f"(executed copy: {args.workdir / args.notebook.name}); slowest cells:")
    for seconds, index in sorted(cell_seconds(nb), reverse=True)[:3]:
        print(f"  cell {index}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
