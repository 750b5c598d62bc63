"""GraphML, GEXF and CSV exports read by real readers: networkx and Python's csv module.

Run by scripts/test.sh after `event-lens export` has written the files into tests/artifacts/exports/.
The bundled sample has 15 events and 22 relations, one pair of events with two relations.
"""
import csv
import json
import os
import unittest

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTS = os.path.join(HERE, "..", "artifacts", "exports")
SAMPLE = os.path.join(HERE, "..", "..", "www", "sample.json")
SEED = "us-iran-backchannel-agreement"
RATIONALE_START = "Event 12 notes that the US and Iran are advancing backchannel negotiations."


def sample_rationales():
    with open(SAMPLE, encoding="utf-8") as f:
        data = json.load(f)
    rationales = [r["rationale"] for r in data["relations"]]
    rationales += [r["rationale"] for e in data["events"] for r in e.get("related", [])]
    return data, rationales


class NetworkToolExports(unittest.TestCase):
    def check_graph(self, graph):
        data, rationales = sample_rationales()
        self.assertTrue(graph.is_directed())
        self.assertTrue(graph.is_multigraph(), "two rationales for one pair are two edges")
        self.assertEqual(graph.number_of_nodes(), 15)
        self.assertEqual(graph.number_of_edges(), 22)
        titles = {e["id"]: e["title"] for e in data["events"]}
        self.assertEqual(graph.nodes[SEED]["date"], "2026-04-18")
        for node, title in titles.items():
            self.assertEqual(graph.nodes[node].get("title", graph.nodes[node].get("label")), title)
        edge = [d for s, t, d in graph.edges(data=True) if s == "israeli-pressure-military-operation" and t == SEED]
        self.assertEqual(len(edge), 1)
        self.assertTrue(edge[0]["rationale"].startswith(RATIONALE_START))
        self.assertEqual(edge[0]["kind"], "escalation")
        self.assertEqual(sorted(d["rationale"] for _, _, d in graph.edges(data=True)), sorted(rationales))

    def test_graphml_is_read_by_networkx_with_all_nodes_edges_and_attributes(self):
        self.check_graph(nx.read_graphml(os.path.join(EXPORTS, "sample.graphml")))

    def test_gexf_is_read_by_networkx_with_all_nodes_edges_and_attributes(self):
        self.check_graph(nx.read_gexf(os.path.join(EXPORTS, "sample.gexf")))

    def test_csv_edge_list_is_properly_quoted(self):
        _, rationales = sample_rationales()
        with open(os.path.join(EXPORTS, "sample.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["source", "target", "kind", "rationale"])
        self.assertEqual(len(rows), 23)
        self.assertTrue(all(len(row) == 4 for row in rows))
        self.assertEqual(sorted(row[3] for row in rows[1:]), sorted(rationales))

    def test_hostile_text_stays_well_formed_xml(self):
        graph = nx.read_graphml(os.path.join(EXPORTS, "hostile.graphml"))
        titles = [d["title"] for _, d in graph.nodes(data=True)]
        self.assertIn('<b onmouseover="window.__pwned=3">Bold?</b> <script>window.__pwned=4</script>', titles)
        nx.read_gexf(os.path.join(EXPORTS, "hostile.gexf"))


if __name__ == "__main__":
    unittest.main()
