"""porttwin.run: replications of a scenario, kept in memory or also written to a results file."""
from __future__ import annotations

import operator
import os
from typing import Any, Optional

from . import _porttwin
from ._porttwin import UsageError
from .progress import Progress, callback
from .results import Result, from_records, open_results
from .scenario import PathLike, Scenario, as_scenario


def run(scenario: Scenario | PathLike, replications: int = 1, threads: int = 1, seed: Optional[int] = None,
        first_replication: int = 0, progress: Progress = None, output: Optional[PathLike] = None,
        resume: bool = False, scheduler: str = "sequential", comm: Any = None) -> Optional[Result]:
    """Runs replications first_replication .. first_replication + replications - 1 of a scenario,
    `threads` of them at a time, and returns their Result.

    The same scenario, seed and replication give bit-identical figures to ``porttwin run``,
    with any number of threads and either scheduler. `seed` overrides settings.seed (as
    ``--seed``). `progress` is None, True (a text bar on stderr) or a callable
    ``progress(done, total, events, wall_seconds)``, called on this thread after each
    replication. The GIL is released while the engine runs, and Ctrl-C (KeyboardInterrupt) or
    an exception raised by `progress` stops the run: replications not yet started are not
    started, and the exception propagates once the running ones have finished.

    `scheduler` ("sequential" or "parallel") is each replication's scheduler; the figures are
    the same with either.

    With `output`, the results file is written as ``porttwin run -o`` writes it
    (docs/results-format.md) and the Result reads it back; an interrupted run keeps its finished
    replications in OUTPUT.partial/ and ``resume=True`` finishes it. Without it, every
    replication's results stay in memory, handed over from the engine without copies.

    With `comm` (an mpi4py communicator, e.g. ``MPI.COMM_WORLD``, under ``mpirun -n R python3
    ...``) the replications are spread over its ranks as ``mpirun -n R porttwin run`` spreads
    them: every rank must call ``run`` with the same arguments, `threads` is per rank, `output`
    is required, and the file is identical to a one-process run's. Rank 0 writes it and gets the
    Result; the other ranks get None. See bindings/examples/mpi_ensemble.py.
    """
    sc = as_scenario(scenario)
    count = _whole(replications, "replications")
    workers = _whole(threads, "threads")
    first = _whole(first_replication, "first_replication")
    if seed is not None:
        sc = sc.with_overrides({"settings.seed": _whole(seed, "seed")})
    report = callback(progress)
    handle = -1
    if comm is not None:
        if output is None:
            raise UsageError("comm needs output: rank 0 gathers the ranks' replications in the results file")
        if not _porttwin.HAVE_MPI:
            raise UsageError("comm: this porttwin was built without MPI (configure with -DPORTTWIN_MPI=ON)")
        try:
            handle = int(comm.py2f())
        except AttributeError:
            raise TypeError(f"comm must be an mpi4py communicator, got {type(comm).__name__}") from None
    if output is None:
        if resume:
            raise UsageError("resume=True needs output (the results file whose run to finish)")
        records = _porttwin.run_records(sc.document, first, count, workers, scheduler, report)
        attrs = {"title": sc.name, "scenario_file": sc.file, "seed": int(sc.get("settings.seed")),
                 "overrides": "".join(o + "\n" for o in sc.overrides), "first_replication": first,
                 "replications": count, "kind": "run"}
        return from_records(records, sc, attrs)
    path = os.fspath(output)
    command = (f"porttwin.run({sc.file!r}, replications={count}, threads={workers}, first_replication={first}, "
               f"scheduler={scheduler!r}, output={path!r}{', resume=True' if resume else ''})  # Python")
    try:
        info = _porttwin.run_to_file(sc.document, path, first, count, workers, scheduler, bool(resume),
                                     list(sc.overrides), command, report, handle)
    except BaseException as e:
        # The engine's messages say what the CLI takes (--resume); say it as Python does too.
        if any("--resume" in text for text in [str(e), *getattr(e, "__notes__", [])]):
            e.add_note("From Python: porttwin.run(..., output=..., resume=True) with the same scenario, "
                       "overrides, seed and replications.")
        raise
    if not info["writer"]:
        return None  # another rank of `comm` wrote the file
    result = open_results(path)
    result._scenario = sc
    result.run_info = dict(info)
    return result


def _whole(value: object, name: str) -> int:
    """An integer argument (bool refused: True replications is a mistake)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}") from None


__all__ = ["run"]
