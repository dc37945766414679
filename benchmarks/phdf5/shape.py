#!/usr/bin/python3
"""Describe a porttwin results file's per-replication data for phdf5_bench.

  shape.py RESULTS.h5 OUTDIR

Writes OUTDIR/shape.txt (one line per variable) and OUTDIR/<group>.<name>.bin with the real
values of every reference replication, so the benchmark writes data that compresses like
porttwin's own. Lines of shape.txt:
  nref N                            replications in the reference file
  var GROUP NAME TYPE D1 D2 ...     per-replication variable; dims after `replication`
  ragged GROUP DIM C0 C1 ...        event-like group: rows per reference replication
  col GROUP NAME TYPE               a column of that group (TYPE str: variable-length string)
TYPE is f8, i8 or i1. Binary files: nref rows of raw little-endian values; for ragged numeric
columns all rows; for strings every value followed by a NUL byte.
"""
import os, sys
import h5py, numpy as np

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
f = h5py.File(src, "r")
nref = int(f.attrs["replications"])
codes = {np.dtype("f8"): "f8", np.dtype("i8"): "i8", np.dtype("i1"): "i1"}
lines = ["nref %d" % nref]

def dimnames(d):
    return [x[0].name.split("/")[-1] if len(x) else "-" for x in d.dims]

for g in ("kpi", "timeseries", "nodes"):
    if g not in f:
        continue
    for name, d in f[g].items():
        if not isinstance(d, h5py.Dataset) or d.ndim == 0 or name == "replication":
            continue
        if dimnames(d)[0] != "replication":
            continue
        lines.append("var %s %s %s %s" % (g, name, codes[d.dtype], " ".join(str(x) for x in d.shape[1:])))
        np.ascontiguousarray(d[...]).tofile(os.path.join(out, "%s.%s.bin" % (g, name)))

for g, dim in (("events", "event"), ("vessels", "vessel")):
    if g not in f or f[g]["replication"].shape[0] == 0 and False:
        continue
    reps = f[g]["replication"][...]
    counts = [int((reps == r).sum()) for r in f["kpi/replication"][...]]
    lines.append("ragged %s %s %s" % (g, dim, " ".join(map(str, counts))))
    for name, d in f[g].items():
        if not isinstance(d, h5py.Dataset) or d.ndim != 1:
            continue
        if name != dim and dimnames(d)[0] != dim:
            continue
        if h5py.check_string_dtype(d.dtype):
            lines.append("col %s %s str" % (g, name))
            with open(os.path.join(out, "%s.%s.bin" % (g, name)), "wb") as b:
                for s in d.asstr()[...]:
                    b.write(s.encode("utf-8") + b"\0")
        else:
            lines.append("col %s %s %s" % (g, name, codes[d.dtype]))
            np.ascontiguousarray(d[...]).tofile(os.path.join(out, "%s.%s.bin" % (g, name)))

open(os.path.join(out, "shape.txt"), "w").write("\n".join(lines) + "\n")
# A one-line summary for the report.
per_rep = 0
for l in lines:
    p = l.split()
    if p[0] == "var":
        n = int(np.prod([int(x) for x in p[4:]])) if len(p) > 4 else 1
        per_rep += n * {"f8": 8, "i8": 8, "i1": 1}[p[3]]
print("%s: %d reference replications, %d per-replication variables, %.1f kB of fixed-shape values per replication, %s"
      % (os.path.basename(src), nref, sum(1 for l in lines if l.startswith("var")), per_rep / 1e3,
         ", ".join("%s %.0f rows/replication (%d columns)" % (l.split()[1], np.mean([int(x) for x in l.split()[3:]]),
                   sum(1 for m in lines if m.startswith("col " + l.split()[1] + " ")))
                   for l in lines if l.startswith("ragged"))))
