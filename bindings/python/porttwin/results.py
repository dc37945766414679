"""porttwin.Result: one run's results, from memory or from a results file, as pandas and xarray.

Both sources give the same objects: what ``porttwin.run`` keeps in memory is exactly what it
would write to a file (docs/results-format.md), and a file is read with h5py following that
layout. Numeric arrays from a run in memory are the engine's own buffers (no copy); column
names carry no units: units are in ``Result.units``, ``DataFrame.attrs["units"]`` and each
xarray variable's ``units`` attribute, as in the file.
"""
from __future__ import annotations

import contextlib
import functools
import os
from typing import TYPE_CHECKING, Any, NamedTuple, Optional, Union

import numpy as np

from . import _porttwin
from ._porttwin import Error, IoError, UsageError
from .scenario import PathLike, Scenario

if TYPE_CHECKING:
    import pandas
    import xarray

KPI_STATISTICS: tuple[str, ...] = tuple(_porttwin.KPI_STATISTICS)

# HDF5 and netCDF bookkeeping attributes: not part of a variable's meaning.
_INTERNAL_ATTRIBUTES = {"CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST"}
_REPLICATION_ATTRIBUTES = {"units": "1", "long_name": "replication number (its own random streams)"}


class Variable(NamedTuple):
    """One variable of a results group: dims, values (array) and attributes (units, long_name...)."""

    name: str
    dims: tuple[str, ...]
    values: np.ndarray
    attrs: dict


# ---- where results come from ---------------------------------------------------------

class _MemorySource:
    """The records of porttwin.run (the engine's arrays, no copies)."""

    def __init__(self, records: dict, attrs: dict) -> None:
        self.replications: np.ndarray = records["replications"]
        self.attrs = attrs
        kpi = records["kpi"]
        self._kpi = (list(kpi["names"]), kpi["values"],
                     [_attributes(u, ln, d, "", {}) for u, ln, d in
                      zip(kpi["units"], kpi["long_names"], kpi["descriptions"])])
        self._coordinates = {"replication": Variable("replication", ("replication",), self.replications,
                                                     dict(_REPLICATION_ATTRIBUTES))}
        for c in records["coordinates"]:
            self._coordinates[c["name"]] = Variable(c["name"], (c["name"],), _array(c["values"]),
                                                    _attributes(c["units"], c["long_name"], "", "", c["attributes"]))
        self._groups: dict[str, list[Variable]] = {}
        for v in records["variables"]:
            attrs = _attributes(v["units"], v["long_name"], v["description"], v["kind"], v["attributes"])
            if v["flag_values"]:
                attrs["flag_values"] = np.asarray(v["flag_values"], dtype=np.int8)
            self._groups.setdefault(v["group"], []).append(Variable(v["name"], tuple(v["dims"]),
                                                                    _array(v["values"]), attrs))

    def kpi(self) -> tuple[list[str], np.ndarray, list[dict]]:
        return self._kpi

    def group(self, name: str) -> tuple[list[Variable], list[Variable]]:
        variables = self._groups.get(name, [])
        dims: list[str] = []
        for v in variables:
            dims += [d for d in v.dims if d not in dims and d in self._coordinates]
        return [self._coordinates[d] for d in dims], variables

    def ensemble_kpi(self) -> tuple[list[str], np.ndarray]:
        names, values, _ = self._kpi
        table = np.array([_porttwin.kpi_statistics(values[:, f]) for f in range(len(names))]).reshape(
            len(names), len(KPI_STATISTICS))
        return names, table.T

    def scenario(self) -> Optional[Scenario]:
        return None


class _FileSource:
    """A results file read with h5py (docs/results-format.md); groups are read when asked for."""

    def __init__(self, path: str, point: Union[None, int, str]) -> None:
        self.path = path
        # The engine's checks, as the CLI's report and compare make them (io::open_results):
        # complete, a format this porttwin reads, one row per replication everywhere.
        _porttwin.check_results(path)
        with self._open() as f, _reading(path):
            self.attrs = {k: _plain(v) for k, v in f.attrs.items()}
            points = sorted(k for k in f.keys() if k.startswith("point_"))
            if self.attrs.get("kind") == "sweep":
                if point is None:
                    raise UsageError(f"{path} is a sweep of {len(points)} points: pass point= one of 0..{len(points) - 1} "
                                     f"({', '.join(points)})")
                name = point if isinstance(point, str) else f"point_{point:03d}"
                if name not in points:
                    raise UsageError(f"{path}: no sweep point {point!r} (points: {', '.join(points)})")
                self.prefix = name + "/"
                self.attrs["point"] = name
                self.attrs["point_overrides"] = _plain(f[name].attrs.get("overrides", ""))
            else:
                if point is not None:
                    raise UsageError(f"{path} is a run, not a sweep: point must be None")
                self.prefix = ""
            self.replications = f[self.prefix + "kpi/replication"][()]
            self.scenario_text = f["scenario"].asstr()[()]
            self.base_text = f["base_scenario"].asstr()[()] if "base_scenario" in f else None
            self.base_file = _plain(f["base_scenario"].attrs.get("file", "")) if "base_scenario" in f else None

    def _open(self) -> Any:
        import h5py

        try:
            return h5py.File(self.path, "r")
        except OSError as e:
            raise IoError(f"{self.path}: cannot open as a results file ({e})") from None

    def kpi(self) -> tuple[list[str], np.ndarray, list[dict]]:
        with self._open() as f, _reading(self.path):
            coordinates, variables = _read_group(f[self.prefix + "kpi"])
        names = [v.name for v in variables]
        values = np.column_stack([v.values for v in variables]) if variables else np.empty((len(self.replications), 0))
        return names, values, [v.attrs for v in variables]

    def group(self, name: str) -> tuple[list[Variable], list[Variable]]:
        with self._open() as f, _reading(self.path):
            if self.prefix + name not in f:
                return [], []
            return _read_group(f[self.prefix + name])

    def ensemble_kpi(self) -> tuple[list[str], np.ndarray]:
        with self._open() as f, _reading(self.path):
            coordinates, variables = _read_group(f[self.prefix + "ensemble/kpi"])
        statistics = [c for c in coordinates if c.name == "statistic"][0].values
        if tuple(statistics) != KPI_STATISTICS:
            raise IoError(f"{self.path}: /ensemble/kpi has statistics {list(statistics)}, expected {list(KPI_STATISTICS)}")
        return [v.name for v in variables], np.column_stack([v.values for v in variables])

    def scenario(self) -> Optional[Scenario]:
        """The scenario the file ran, with the recorded overrides: from its file when that is
        still there unchanged (SHA-256 as recorded), else from the text the results file keeps
        (not possible for a scenario with ``base:``, which the engine reads only from files)."""
        file = str(self.attrs.get("scenario_file", "<results>"))
        base_unchanged = self.base_text is None or _unchanged(self.base_file, self.attrs.get("base_scenario_sha256"))
        if _unchanged(file, self.attrs.get("scenario_sha256")) and base_unchanged:
            sc = Scenario.from_yaml(file)
        elif self.base_text is None:
            sc = Scenario.from_string(self.scenario_text, name=file, base_dir=os.path.dirname(os.path.abspath(file)))
        else:
            raise IoError(f"{self.path}: the scenario {file} (which names a base: file) is missing or changed since "
                          "the run; its text is in the results file's /scenario and /base_scenario")
        lines = str(self.attrs.get("overrides", "")).splitlines()
        lines += str(self.attrs.get("point_overrides", "")).splitlines()
        overrides = {}
        for line in lines:
            path, sep, value = line.partition("=")
            if sep:
                overrides[path] = value
        sc._apply(overrides)
        return sc


def _unchanged(path: str, sha256: Any) -> bool:
    """Whether the file at `path` has the recorded SHA-256."""
    import hashlib

    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest() == sha256
    except OSError:
        return False


class _DamagedFile(Exception):
    """A dataset that cannot be read: carries its name to _reading."""

    def __init__(self, name: str, reason: BaseException) -> None:
        super().__init__(name)
        self.name, self.reason = name, reason


@contextlib.contextmanager
def _reading(path: str):
    """h5py's errors while reading a results file as porttwin.IoError naming the file and the
    variable (a damaged chunk fails its checksum: h5py says OSError)."""
    try:
        yield
    except Error:
        raise  # porttwin's own (UsageError is also a ValueError)
    except _DamagedFile as e:
        raise IoError(f"{path}: /{e.name}: cannot read: the file is damaged ({e.reason})") from None
    except KeyError as e:
        raise IoError(f"{path}: {e.args[0] if e.args else 'an object'} is missing (not a porttwin results file, or "
                      "a damaged one)") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise IoError(f"{path}: cannot read: the file is damaged ({e})") from None


def _read_group(group: Any) -> tuple[list[Variable], list[Variable]]:
    """(coordinates, variables) of an h5py group, in creation order, dims from the dimension scales."""
    coordinates: list[Variable] = []
    variables: list[Variable] = []
    for name, d in group.items():
        if not hasattr(d, "dtype"):
            continue  # a subgroup
        attrs = {k: _plain(v) for k, v in d.attrs.items() if k not in _INTERNAL_ATTRIBUTES and not k.startswith("_")}
        try:
            values = d.asstr()[()] if d.dtype.kind == "O" else d[()]
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise _DamagedFile(d.name.lstrip("/"), e) from None
        if isinstance(values, np.ndarray) and values.dtype.kind == "O":
            values = values.astype(object)
        if _plain(d.attrs.get("CLASS", "")) == "DIMENSION_SCALE":
            coordinates.append(Variable(name, (name,), values, attrs))
            continue
        dims = tuple(d.dims[k][0].name.rsplit("/", 1)[-1] if len(d.dims[k]) else f"dim_{k}" for k in range(d.ndim))
        variables.append(Variable(name, dims, values, attrs))
    return coordinates, variables


def _plain(value: Any) -> Any:
    """An HDF5 attribute as a plain Python value (str, int, float; arrays stay arrays)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def _array(values: Any) -> np.ndarray:
    """An array as the engine gave it (no copy), or strings as an object array (as h5py reads them)."""
    if isinstance(values, np.ndarray):
        return values
    return np.array(values, dtype=object)


def _attributes(units: str, long_name: str, description: str, kind: str, extra: dict) -> dict:
    """A variable's attributes in the order the results file writes them (empty ones left out)."""
    out = {}
    for key, value in (("units", units), ("long_name", long_name), ("description", description), ("kind", kind)):
        if value:
            out[key] = value
    out.update(extra)
    return out


# ---- the result ----------------------------------------------------------------------

class Result:
    """The results of one run (an ensemble of replications): what ``porttwin.run`` returns and
    ``porttwin.open_results`` reads from a file, the same either way.

    kpis        DataFrame, one row per replication (index ``replication``), one float64 column
                per key figure (NaN: undefined in that replication); units in ``.attrs["units"]``
    terminal_kpis  DataFrame, one row per (replication, terminal), one column per terminal figure
    units       dict: key figure -> units
    timeseries  xarray.Dataset like the file's /timeseries (dims replication, time, terminal,
                node, sector); each variable has units, long_name and kind
    events      DataFrame (replication, time, node, kind, detail): incidents and state changes
    vessels     DataFrame: one row per vessel visit to a terminal (arrival, berthed, left, wait_h, outcome)
    nodes       xarray.Dataset like /nodes: per-node, per-terminal, per-company summaries
    ensemble    DataFrame statistic x figure (mean, std, q05, q50, q95, ci95_low, ci95_high,
                min, max, count), computed as the file's /ensemble/kpi
    summary()   DataFrame per figure: mean, ci95_low, ci95_high, units
    graph       (nodes, edges) DataFrames of the dependency graph
    scenario    the Scenario it ran
    attrs       what the run was: seed, replications, ... (a file's root attributes)
    """

    def __init__(self, source: Union[_MemorySource, _FileSource], scenario: Optional[Scenario] = None,
                 run_info: Optional[dict] = None) -> None:
        """Use porttwin.run or porttwin.open_results."""
        self._source = source
        self._scenario = scenario
        self.run_info: dict = dict(run_info or {})
        """How the run went: events, wall_seconds (and for a file: kept, ran, file_bytes, write_seconds)."""

    def __repr__(self) -> str:
        where = f" from {self._source.path!r}" if isinstance(self._source, _FileSource) else ""
        name = self.attrs.get("title", "")
        return (f"<porttwin.Result {name!r}: {len(self.replications)} replication(s), "
                f"{len(self.kpis.columns)} key figures{where}>")

    @property
    def replications(self) -> np.ndarray:
        """The replication numbers (int64), in row order."""
        return self._source.replications

    @property
    def attrs(self) -> dict:
        """What the run was: title, seed, first_replication, replications, overrides... (for a
        file, its root attributes)."""
        return self._source.attrs

    @property
    def path(self) -> Optional[str]:
        """The results file, or None for a run kept in memory only."""
        return self._source.path if isinstance(self._source, _FileSource) else None

    @functools.cached_property
    def kpis(self) -> pandas.DataFrame:
        """One row per replication, one float64 column per key figure, in the CLI's order."""
        import pandas as pd

        names, values, attrs = self._source.kpi()
        df = pd.DataFrame(values, index=pd.Index(self.replications, name="replication"), columns=names, copy=False)
        df.attrs["units"] = {n: a.get("units", "") for n, a in zip(names, attrs)}
        df.attrs["long_names"] = {n: a.get("long_name", "") for n, a in zip(names, attrs)}
        df.attrs["descriptions"] = {n: a.get("description", "") for n, a in zip(names, attrs)}
        return df

    @functools.cached_property
    def terminal_kpis(self) -> pandas.DataFrame:
        """One row per (replication, terminal), one float64 column per terminal figure (the file's
        /kpi/terminals/terminal_<name>, named without the prefix, as in ``run --json``'s ``terminals``).
        ``.attrs["units"]``: figure -> units, "yard unit" for those in each terminal's own unit;
        ``.attrs["yard_unit"]``: terminal -> TEU, t or units (the file's /kpi/yard_unit)."""
        import pandas as pd

        coordinates, variables = self._source.group("kpi/terminals")
        by_name = {c.name: c for c in coordinates}
        terminals = list(by_name["terminal"].values) if "terminal" in by_name else []
        figures = [v for v in variables if tuple(v.dims) == ("replication", "terminal")]
        index = pd.MultiIndex.from_product([self.replications, terminals], names=["replication", "terminal"])
        df = pd.DataFrame({v.name.removeprefix("terminal_"): np.asarray(v.values, dtype=np.float64).reshape(-1)
                           for v in figures}, index=index)
        df.attrs["units"] = {v.name.removeprefix("terminal_"):
                             ("yard unit" if v.attrs.get("units_variable") == "yard_unit" else v.attrs.get("units", ""))
                             for v in figures}
        units = [v for v in variables if v.name == "yard_unit"]
        df.attrs["yard_unit"] = dict(zip(terminals, (str(u) for u in units[0].values))) if units else {}
        return df

    @property
    def units(self) -> dict:
        """Key figure -> units (UDUNITS text; "1" for counts and fractions)."""
        return dict(self.kpis.attrs["units"])

    @functools.cached_property
    def timeseries(self) -> xarray.Dataset:
        """The sampled series, as the file's /timeseries (docs/results-format.md)."""
        return _dataset(*self._source.group("timeseries"))

    @functools.cached_property
    def nodes(self) -> xarray.Dataset:
        """Per-node, per-terminal and per-company summaries per replication, as /nodes."""
        return _dataset(*self._source.group("nodes"))

    @functools.cached_property
    def events(self) -> pandas.DataFrame:
        """Incidents and state changes: replication, time (h), node, kind, detail; ordered by
        replication, then time, then node. Empty for a scenario without incidents."""
        import pandas as pd

        _, variables = self._source.group("events")
        if not variables:
            df = pd.DataFrame({"replication": np.empty(0, np.int64), "time": np.empty(0, np.float64),
                               "node": np.empty(0, object), "kind": np.empty(0, object),
                               "detail": np.empty(0, object)})
            df.attrs["units"] = {"replication": "1", "time": "h"}
            return df
        df = pd.DataFrame({v.name: v.values for v in variables})
        df.attrs["units"] = {v.name: v.attrs["units"] for v in variables if v.attrs.get("units")}
        return df

    @functools.cached_property
    def graph(self) -> tuple[pandas.DataFrame, pandas.DataFrame]:
        """The dependency graph as (nodes, edges): nodes id, kind, name, zone; edges source,
        target, type. See porttwin.to_networkx."""
        import pandas as pd

        coordinates, variables = self._source.group("graph")
        by_name = {v.name: v.values for v in [*coordinates, *variables]}
        nodes = pd.DataFrame({"id": by_name.get("node", []), "kind": by_name.get("node_kind", []),
                              "name": by_name.get("node_name", []), "zone": by_name.get("node_zone", [])})
        edges = pd.DataFrame({"source": by_name.get("edge_source", []), "target": by_name.get("edge_target", []),
                              "type": by_name.get("edge_type", [])})
        return nodes, edges

    @functools.cached_property
    def ensemble(self) -> pandas.DataFrame:
        """Statistics over the replications: index statistic (mean, std, q05, q50, q95,
        ci95_low, ci95_high, min, max, count), one column per key figure. NaNs (undefined
        figures) are left out; quantiles interpolate linearly; ci95 is the Student-t interval."""
        import pandas as pd

        names, table = self._source.ensemble_kpi()
        df = pd.DataFrame(table, index=pd.Index(KPI_STATISTICS, name="statistic"), columns=names)
        df.attrs["units"] = self.units
        return df

    def summary(self) -> pandas.DataFrame:
        """One row per key figure: mean, ci95_low, ci95_high (Student-t 95% interval) and units."""
        import pandas as pd

        e = self.ensemble
        df = pd.DataFrame({"mean": e.loc["mean"], "ci95_low": e.loc["ci95_low"], "ci95_high": e.loc["ci95_high"],
                           "units": pd.Series(self.units)})
        return df.rename_axis("figure")

    @functools.cached_property
    def vessels(self) -> pandas.DataFrame:
        """One row per vessel visit to a terminal (a diverted vessel has one per terminal), as the
        file's /vessels: replication, call, vessel_class, terminal, arrival, berthed, left (h;
        NaN: never berthed / still in port), wait_h, moves, outcome (completed, diverted,
        left_port, in_port), counted (arrived after the warm-up: the calls the key figures
        count). Ordered by replication, then when the vessel left."""
        import pandas as pd

        _, variables = self._source.group("vessels")
        df = pd.DataFrame({v.name: v.values for v in variables})
        if "counted" in df:
            df["counted"] = df["counted"].astype(bool)
        df.attrs["units"] = {v.name: v.attrs["units"] for v in variables if v.attrs.get("units")}
        return df

    @property
    def scenario(self) -> Optional[Scenario]:
        """The Scenario that ran (for a file: its text as read, with the recorded overrides)."""
        if self._scenario is None:
            self._scenario = self._source.scenario()
        return self._scenario


def _dataset(coordinates: list[Variable], variables: list[Variable]) -> xarray.Dataset:
    """An xarray Dataset over the arrays as they are (xarray wraps numpy arrays without copying)."""
    import xarray as xr

    return xr.Dataset({v.name: (v.dims, v.values, v.attrs) for v in variables},
                      coords={c.name: (c.dims, c.values, c.attrs) for c in coordinates})


def open_results(path: PathLike, point: Union[None, int, str] = None) -> Result:
    """The Result in a results file written by ``porttwin run -o`` or ``porttwin.run(output=...)``
    (read with h5py; IoError for a file that is missing or not complete). For a sweep file
    (``porttwin sweep``), `point` picks the point: its number or its group name ("point_002")."""
    return Result(_FileSource(os.fspath(path), point))


def from_records(records: dict, scenario: Scenario, attrs: dict) -> Result:
    """The Result of porttwin.run kept in memory (internal)."""
    return Result(_MemorySource(records, attrs), scenario,
                  {"events": records["events"], "wall_seconds": records["wall_seconds"]})


__all__ = ["KPI_STATISTICS", "Result", "Variable", "open_results"]
