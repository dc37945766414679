"""Fails unless every notebook in notebooks/ is stored stripped: no outputs, no execution
counts, no run metadata (python3 notebooks/strip.py fixes them)."""
import sys
from pathlib import Path

import nbformat

notebooks = sorted((Path(sys.argv[1]) / "notebooks").glob("*.ipynb"))
if not notebooks:
    sys.exit("no notebooks found")
bad = []
for path in notebooks:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            bad.append(f"{path.name}: cell {index} has outputs or an execution count")
        if cell.metadata.get("execution"):
            bad.append(f"{path.name}: cell {index} has execution metadata")
    if "widgets" in nb.metadata:
        bad.append(f"{path.name}: has widget state in its metadata")
if bad:
    print("\n".join(bad) + "\nrun: python3 notebooks/strip.py", file=sys.stderr)
    sys.exit(1)
print(f"{len(notebooks)} notebooks stripped")
