"""The dependency graph as DataFrames and networkx graphs, and the attack-graph analysis."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from . import _porttwin
from .scenario import PathLike, Scenario, as_scenario

if TYPE_CHECKING:
    import networkx
    import pandas

    from .results import Result


def graph_frames(scenario: Scenario | PathLike) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """(nodes, edges) of a scenario's dependency graph (replication 0), as ``porttwin graph``
    writes it: nodes id, kind, name, zone, sensitive; edges source, target, type, rule."""
    import pandas as pd

    columns = _porttwin.graph(as_scenario(scenario).document)
    return pd.DataFrame(columns["nodes"]), pd.DataFrame(columns["edges"])


def to_networkx(source: Union[Scenario, "Result", PathLike], multigraph: bool = False) -> Any:
    """The dependency graph as a networkx.DiGraph (edge source -> target: the target depends
    on the source), from a Scenario, a scenario file or a Result (its file's /graph).

    Node attributes: kind, name, zone (and sensitive from a scenario); edge attributes: type and
    types. Two nodes may be joined by edges of several types: a DiGraph keeps one edge with
    `types` listing them all and `type` the first; ``multigraph=True`` gives a MultiDiGraph with
    one edge per type instead (keyed by type).
    """
    import networkx as nx

    from .results import Result

    if isinstance(source, Result):
        nodes, edges = source.graph
    else:
        nodes, edges = graph_frames(source)
    g: networkx.DiGraph = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    for row in nodes.to_dict("records"):
        node_id = row.pop("id")
        g.add_node(node_id, **row)
    for row in edges.to_dict("records"):
        source_id, target_id, edge_type = row.pop("source"), row.pop("target"), row["type"]
        if multigraph:
            g.add_edge(source_id, target_id, key=edge_type, **row)
        elif g.has_edge(source_id, target_id):
            g.edges[source_id, target_id]["types"] += (edge_type,)
        else:
            g.add_edge(source_id, target_id, types=(edge_type,), **row)
    return g


def analyze(scenario: Scenario | PathLike, top: int = 10) -> dict:
    """The attack-graph analysis before any run, as ``porttwin analyze --json`` prints it:
    scenario, method, spread_probability, entry_points, reachable, attack_paths, flow_sources,
    critical_nodes (the `top` whose loss cuts most operational flow) and
    sensitive_zones_reachable. Static: no random draws."""
    return _porttwin.analyze(as_scenario(scenario).document, top)


__all__ = ["analyze", "graph_frames", "to_networkx"]
