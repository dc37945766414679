"""porttwin: a digital twin of port logistics under cyber disruption, from Python.

    import porttwin
    sc = porttwin.Scenario.from_yaml("scenarios/crane-vendor-compromise.yaml")
    sc = sc.with_overrides({"defences.backups.enabled": True})
    res = porttwin.run(sc, replications=50, threads=2, progress=True)
    res.kpis          # DataFrame: one row per replication, one column per key figure
    res.summary()     # mean and 95% interval per key figure, with units
    res.timeseries    # xarray.Dataset of the sampled series
    porttwin.open_results("results.h5")     # the same Result from a file the CLI wrote
    porttwin.analyze(sc)                    # attack paths before any run
    porttwin.to_networkx(sc)                # the dependency graph

The engine is the C++ library the ``porttwin`` program runs: the same scenario, seed and
replication give bit-identical figures here and there. Errors are porttwin.Error subclasses
with the CLI's messages (file:line:column: what was expected, what was found).
"""
from __future__ import annotations

from ._porttwin import (Error, Interrupted, IoError, ScenarioError, SimulationError, UsageError,
                        __version__)
from .ensemble import run
from .graph import analyze, graph_frames, to_networkx
from .progress import TextBar
from .results import KPI_STATISTICS, Result, open_results
from .scenario import Problem, Scenario, validate


def schema(markdown: bool = False) -> str:
    """The reference of every scenario parameter, as ``porttwin schema`` prints it
    (``markdown=True``: as docs/scenario-reference.md). As a table: ``Scenario.doc()``."""
    from . import _porttwin

    return _porttwin.schema_reference(markdown)


__all__ = [
    "Error", "Interrupted", "IoError", "KPI_STATISTICS", "Problem", "Result", "Scenario", "ScenarioError",
    "SimulationError", "TextBar", "UsageError", "__version__", "analyze", "graph_frames", "open_results", "run",
    "schema", "to_networkx", "validate",
]
