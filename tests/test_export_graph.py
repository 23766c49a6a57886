"""GraphML and GEXF: networkx reads back the same nodes and edges; Gephi conventions for labels and dates."""

from __future__ import annotations

import networkx as nx
import pytest

from actorgraph.export.graph import gexf, graphml, period
from test_export_kb import seed_kb, small_kb  # noqa: F401


def read_back(store, tmp_path, fmt):
    text, _ = {"graphml": graphml, "gexf": gexf}[fmt](store)
    path = tmp_path / f"g.{fmt}"
    path.write_text(text, encoding="utf-8")
    return text, (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(str(path))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_back_same_counts(small_kb, tmp_path, fmt):
    text, graph = read_back(small_kb, tmp_path, fmt)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (6, 4)
    assert graph.nodes["iskp"]["type"] == "group"
    assert graph.nodes["iskp"]["mentions"] == 7
    assert "IS-K" in graph.nodes["iskp"]["aliases"].split("; ")
    edge = graph.edges["hafiz_saeed_khan", "iskp"] if not graph.is_multigraph() else \
        next(iter(graph.get_edge_data("hafiz_saeed_khan", "iskp").values()))
    assert edge["relation"] == "leader_of" and edge["start_text"] == "2015-01"


def test_graphml_declares_typed_keys(small_kb):
    text, _ = graphml(small_kb)
    assert '<key id="d4" for="node" attr.name="mentions" attr.type="long"/>' in text or 'attr.name="mentions" attr.type="long"' in text
    assert 'attr.name="label" attr.type="string"' in text


def test_gexf_has_labels_and_dynamic_dated_edges(small_kb):
    text, _ = gexf(small_kb)
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert 'label="Islamic State Khorasan Province"' in text
    assert 'start="2015-01-01" end="2016-07-31"' in text


def test_period_widens_prefixes_to_days():
    assert [d.isoformat() for d in period("2016-02")] == ["2016-02-01", "2016-02-29"]
    assert period("2016-13") is None and period(None) is None


@pytest.mark.seeds
@pytest.mark.model
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_seed_graph_reads_back_same_counts(seed_kb, tmp_path, fmt):
    from actorgraph.export.graph import entity_graph

    expected = entity_graph(seed_kb)
    _, graph = read_back(seed_kb, tmp_path, fmt)
    assert graph.number_of_nodes() == expected.number_of_nodes()
    assert graph.number_of_edges() == expected.number_of_edges()
