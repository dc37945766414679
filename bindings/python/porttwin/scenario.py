"""porttwin.Scenario: a scenario file checked against the parameter table, with overrides."""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from . import _porttwin
from ._porttwin import ScenarioError, UsageError
from ._values import yaml_text

if TYPE_CHECKING:
    import pandas

PathLike = Union[str, "os.PathLike[str]"]


class Problem(NamedTuple):
    """One problem in a scenario, as `porttwin validate` lists it."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class Scenario:
    """A porttwin scenario: YAML checked against the one parameter table (units, ranges, ids).

    Make one with ``Scenario.from_yaml(path)``, ``Scenario.from_string(text)`` or
    ``Scenario.from_dict(data)``; a scenario with any problem raises ``ScenarioError`` listing
    every problem as ``file:line:column: message``, as ``porttwin validate`` does.

    Parameters are read and set by dotted path, as ``porttwin run --set`` takes them::

        sc["settings.horizon"]                       # '30 d' (YAML text)
        sc.set("settings.seed", 7)                   # in place
        sc2 = sc.with_overrides({"defences.backups.enabled": True})   # a new scenario

    ``Scenario.doc()`` lists every parameter with its type, unit, default, range and meaning.
    """

    __slots__ = ("_document", "_overrides")

    def __init__(self, document: _porttwin.ScenarioDocument, overrides: Iterable[str] = ()) -> None:
        """Wraps a checked engine document; use the from_* constructors instead."""
        self._document = document
        self._overrides = list(overrides)
        document.check()

    # ---- making one ---------------------------------------------------------------

    @classmethod
    def from_yaml(cls, path: PathLike, allow_paths: Iterable[PathLike] = ()) -> Scenario:
        """Reads a scenario file (IoError if it cannot be read, ScenarioError for every problem).

        The files it names (``base:``, CSV timetables) are read only from its own directory and
        below it, or from below a directory in `allow_paths` (as ``porttwin run --allow-path``):
        a scenario is data, and must not read, or show, files it was not meant to."""
        return cls(_porttwin.ScenarioDocument.from_file(os.fspath(path), _paths(allow_paths)))

    @classmethod
    def from_string(
        cls, text: str, name: str = "<string>", base_dir: PathLike = ".", allow_paths: Iterable[PathLike] = ()
    ) -> Scenario:
        """Reads scenario YAML from a string; `name` is what messages call it, `base_dir` is where
        relative paths inside (CSV timetables) are resolved and the directory tree they must lie in
        (or below one of `allow_paths`). ``base:`` is read only from files (the engine's rule): use
        from_yaml for a scenario that names a base."""
        if not isinstance(text, str):
            raise TypeError(f"Scenario.from_string: expected the YAML text as a str, got {type(text).__name__}")
        return cls(
            _porttwin.ScenarioDocument.from_string(
                text, name, os.path.abspath(os.fspath(base_dir)), _paths(allow_paths)
            )
        )

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        name: str = "<dict>",
        base_dir: PathLike = ".",
        allow_paths: Iterable[PathLike] = (),
    ) -> Scenario:
        """A scenario from nested dicts and lists, as the YAML file would hold them
        (quantities as text with units: ``{"settings": {"horizon": "30 d"}}``)."""
        return cls.from_string(_dump(data), name=name, base_dir=base_dir, allow_paths=allow_paths)

    # ---- parameters ----------------------------------------------------------------

    def get(self, path: str) -> str:
        """The value at a dotted path as YAML text (after overrides); ScenarioError for an unknown path."""
        return self._document.get(_path(path, "Scenario.get"))

    def __getitem__(self, path: str) -> str:
        """``sc[path]`` is ``sc.get(path)``."""
        return self.get(path)

    def set(self, path: str, value: Any) -> None:
        """Sets one parameter in place, checked as the file's own values are.

        `value` is YAML text (``"30 d"``), a bool, an int, a float, or a list or dict (as JSON).
        An unknown path or a value that does not fit raises ScenarioError and leaves the scenario
        unchanged.
        """
        self._apply({_path(path, "Scenario.set"): value}, "Scenario.set")

    def _apply(self, overrides: Mapping[str, Any], where: str = "Scenario.set") -> None:
        """Sets every override on a copy, checks the result once (so a horizon may shrink below
        the warm-up if the warm-up shrinks too), and keeps it only if valid."""
        texts = [(_path(path, where), _value_text(path, value, where)) for path, value in overrides.items()]
        trial = self._document.copy()
        for path, text in texts:
            trial.set(path, text)
        trial.check()
        self._document = trial
        self._overrides += [f"{path}={text}" for path, text in texts]

    def __setitem__(self, path: str, value: Any) -> None:
        """``sc[path] = value`` is ``sc.set(path, value)``."""
        self.set(path, value)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Scenario:
        """A new scenario with every (dotted path, value) of `overrides` set, in order, then
        checked as a whole (as ``porttwin run --set ... --set ...``); ScenarioError if the
        result is not valid, UsageError (a ValueError) if `overrides` is not such a mapping."""
        if not isinstance(overrides, Mapping):
            raise UsageError(
                "Scenario.with_overrides: expected a mapping of dotted parameter paths to values, e.g. "
                f"{{'settings.seed': 7, 'settings.horizon': '30 d'}}; got {_described(overrides)}"
            )
        out = self.copy()
        out._apply(overrides, "Scenario.with_overrides")
        return out

    def copy(self) -> Scenario:
        """An independent copy."""
        return Scenario(self._document.copy(), self._overrides)

    __copy__ = copy

    def __deepcopy__(self, memo: dict) -> Scenario:
        return self.copy()

    # ---- what it is --------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The scenario's `name`."""
        return self.get("name")

    @property
    def file(self) -> str:
        """The file it was read from (or the name given to from_string / from_dict)."""
        return self._document.file()

    @property
    def text(self) -> str:
        """The YAML text as read (overrides are not written into it)."""
        return self._document.text()

    @property
    def overrides(self) -> tuple[str, ...]:
        """Every override set so far, as ``path=value`` (what the results file records)."""
        return tuple(self._overrides)

    def __repr__(self) -> str:
        extra = f", {len(self._overrides)} override(s)" if self._overrides else ""
        return f"Scenario({self.name!r} from {self.file!r}{extra})"

    # ---- the parameter table, the graph, the analysis ----------------------------------

    @staticmethod
    def doc(match: str | None = None) -> pandas.DataFrame:
        """Every scenario parameter: path, type, unit, default, min, max (base units), choices,
        description (and allowed, kind, dimension, base_unit, required, uncertain).

        `match` keeps the rows whose path contains it. The same table drives parsing,
        validation, overrides and ``porttwin schema``; its text is ``porttwin.schema()``.
        """
        import pandas as pd

        table = pd.DataFrame(_porttwin.parameter_table())
        if match is not None:
            table = table[table["path"].str.contains(match, regex=False)].reset_index(drop=True)
        return table

    def graph(self) -> tuple[pandas.DataFrame, pandas.DataFrame]:
        """The dependency graph as (nodes, edges) DataFrames: nodes id, kind, name, zone,
        sensitive; edges source, target, type, rule (the target depends on the source)."""
        from .graph import graph_frames

        return graph_frames(self)

    def analyze(self, top: int = 10) -> dict:
        """The attack-graph analysis, as ``porttwin analyze --json`` (see porttwin.analyze)."""
        return _porttwin.analyze(self._document, top)

    @property
    def document(self) -> _porttwin.ScenarioDocument:
        """The engine's document (for the functions of porttwin._porttwin)."""
        return self._document


def _described(value: Any) -> str:
    """'NoneType None', "str 'settings.seed=7'": a value as messages name it (its repr cut short)."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _path(path: Any, where: str) -> str:
    """A dotted parameter path, or UsageError saying what one is."""
    if not isinstance(path, str):
        raise UsageError(
            f"{where}: expected a dotted parameter path as a str, e.g. 'settings.seed'; got {_described(path)}"
        )
    return path


def _value_text(path: str, value: Any, where: str) -> str:
    """yaml_text(value), its UsageError naming the call and the path."""
    try:
        return yaml_text(value)
    except UsageError as e:
        raise UsageError(f"{where}: {path}: {e}") from None


def _paths(paths: Iterable[PathLike]) -> list[str]:
    """allow_paths as the engine takes them: a list of directory names (a single path is one)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    try:
        out = [os.fspath(p) for p in paths]
    except TypeError:
        raise TypeError(
            f"allow_paths: expected directory paths (str or os.PathLike), got {paths!r}"
        ) from None
    for p in out:
        if not os.path.isdir(p):
            raise UsageError(f"allow_paths: expected a directory; {p!r} is not one")
    return out


def _dump(data: Mapping[str, Any]) -> str:
    """YAML text of nested data: block style (messages get useful line numbers) when PyYAML is
    there, else JSON (which is YAML too)."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - python3-yaml is a set-up package
        import json

        return json.dumps(data, indent=2)
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)


def as_scenario(scenario: Scenario | PathLike) -> Scenario:
    """A Scenario, or the scenario file at that path."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.from_yaml(scenario)
    raise UsageError(f"expected a porttwin.Scenario or a scenario file path, got {type(scenario).__name__}")


def validate(scenario: PathLike | str, *, text: bool = False, allow_paths: Iterable[PathLike] = ()) -> list[Problem]:
    """Every problem of a scenario file (or, with text=True, of YAML text), without raising:
    an empty list when it is valid, as ``porttwin validate`` lists them."""
    if text:
        document = _porttwin.ScenarioDocument.from_string(os.fspath(scenario), "<string>", ".", _paths(allow_paths))
    else:
        document = _porttwin.ScenarioDocument.from_file(os.fspath(scenario), _paths(allow_paths))
    return [Problem(*p) for p in document.problems()]


Scenario.doc.__doc__ = (Scenario.doc.__doc__ or "") + "\n\nThe reference:\n\n" + _porttwin.schema_reference(False)

__all__ = ["Problem", "Scenario", "ScenarioError", "as_scenario", "validate"]
