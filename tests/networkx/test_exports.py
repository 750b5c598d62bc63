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
CONTROL = os.path.join(HERE, "..", "fixtures", "control-characters.json")
SEED = "us-iran-backchannel-agreement"
RATIONALE_START = "Event 12 notes that the US and Iran are advancing backchannel negotiations."


def decode_exact(text):
    """Undoes the exports' escaping of what XML 1.0 cannot carry (docs/data-format.md): a doubled
    backslash is one backslash, a backslash, u and four hex digits the character they name, and
    any other backslash is itself."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1:i + 2] == "\\":
            out.append("\\")
            i += 2
        elif c == "\\" and text[i + 1:i + 2] == "u" and len(text[i + 2:i + 6]) == 4 and all(
            h in "0123456789abcdefABCDEF" for h in text[i + 2:i + 6]
        ):
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        else:
            out.append(c)
            i += 1
    return "".join(out)


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


    def check_exact(self, graph, title_key):
        with open(CONTROL, encoding="utf-8") as f:
            data = json.load(f)
        self.assertEqual(graph.number_of_nodes(), len(data["events"]), "no two ids merge")
        nodes = {decode_exact(node): attributes for node, attributes in graph.nodes(data=True)}
        for event in data["events"]:
            self.assertIn(event["id"], nodes)
            attributes = nodes[event["id"]]
            self.assertEqual(decode_exact(attributes[title_key]), event["title"])
            self.assertEqual(decode_exact(attributes["summary"]), event["summary"])
        edges = sorted(
            (decode_exact(s), decode_exact(t), decode_exact(d["rationale"]), decode_exact(d["kind"]))
            for s, t, d in graph.edges(data=True)
        )
        expected = sorted((r["source"], r["target"], r["rationale"], r["kind"]) for r in data["relations"])
        self.assertEqual(edges, expected)

    def test_graphml_keeps_ids_and_values_with_control_characters_exact(self):
        self.check_exact(nx.read_graphml(os.path.join(EXPORTS, "control-characters.graphml")), "title")

    def test_gexf_keeps_ids_and_values_with_control_characters_exact(self):
        self.check_exact(nx.read_gexf(os.path.join(EXPORTS, "control-characters.gexf")), "label")

    def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_raw_on_request(self):
        with open(CONTROL, encoding="utf-8") as f:
            data = json.load(f)
        def rows(name):
            with open(os.path.join(EXPORTS, name), newline="", encoding="utf-8") as f:
                return list(csv.reader(f))[1:]
        neutral, raw = rows("control-characters.csv"), rows("control-characters-raw.csv")
        expected = [[r["source"], r["target"], r["kind"], r["rationale"]] for r in data["relations"]]
        self.assertEqual(raw, expected, "raw cells are the data exactly")
        for written, value in zip((c for row in neutral for c in row), (c for row in expected for c in row)):
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                self.assertEqual(written, "'" + value)
            else:
                self.assertEqual(written, value)
        self.assertTrue(any(row[3].startswith("'=HYPERLINK(") for row in neutral))


if __name__ == "__main__":
    unittest.main()
