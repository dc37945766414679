"""The dependency graph and the attack-graph analysis: the CLI's, from Python."""
import json
import re

import networkx as nx

import porttwin
from conftest import SCENARIOS, porttwin_cli

CRANE = SCENARIOS / "crane-vendor-compromise.yaml"


def graphml(path):
    text = porttwin_cli("graph", path, "--format", "graphml").stdout
    nodes = re.findall(r'<node id="([^"]+)"', text)
    edges = re.findall(r'<edge [^>]*source="([^"]+)" target="([^"]+)"', text)
    return nodes, edges


def test_networkx_graph_has_the_nodes_and_edges_of_the_graphml_export():
    nodes, edges = graphml(CRANE)
    sc = porttwin.Scenario.from_yaml(CRANE)
    g = porttwin.to_networkx(sc)
    assert isinstance(g, nx.DiGraph)
    assert g.number_of_nodes() == len(nodes) and set(g.nodes) == set(nodes)
    assert set(g.edges) == set(edges)
    multi = porttwin.to_networkx(sc, multigraph=True)
    assert multi.number_of_edges() == len(edges)
    some = next(iter(g.nodes(data=True)))
    assert {"kind", "name", "zone"} <= set(some[1])
    assert all(d["type"] in d["types"] for _, _, d in g.edges(data=True))


def test_graph_frames_are_the_node_and_edge_lists():
    sc = porttwin.Scenario.from_yaml(CRANE)
    nodes, edges = sc.graph()
    assert list(nodes.columns[:4]) == ["id", "kind", "name", "zone"]
    assert list(edges.columns[:3]) == ["source", "target", "type"]
    assert set(edges["source"]) <= set(nodes["id"]) and set(edges["target"]) <= set(nodes["id"])


def test_analyze_gives_what_porttwin_analyze_json_prints():
    cli = json.loads(porttwin_cli("analyze", CRANE, "--json", "--top", 5).stdout)
    ours = porttwin.analyze(porttwin.Scenario.from_yaml(CRANE), top=5)
    assert list(ours) == list(cli)
    assert ours == cli


def test_analyze_refuses_top_below_one():
    import pytest

    with pytest.raises(porttwin.UsageError):
        porttwin.analyze(CRANE, top=0)
