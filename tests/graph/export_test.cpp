// Tests graph/export.hpp: the GraphML is read back by two independent
// readers (Boost.Graph's read_graphml and Boost.PropertyTree's XML parser),
// the DOT text is checked line by line, and awkward strings survive both.
#include "porttwin/graph/export.hpp"

#include <gtest/gtest.h>

#include <boost/graph/graphml.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "small_port.hpp"

namespace porttwin::graph {
namespace {

const std::string kAwkward = "Quay \"A\" <&> it's";
const std::string kAwkwardId = "t.\"odd\"#1<&>";

std::string graphml_of(const PortGraph& g) {
  std::ostringstream out;
  write_graphml(out, g);
  return out.str();
}

std::string dot_of(const PortGraph& g) {
  std::ostringstream out;
  write_dot(out, g);
  return out.str();
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

/// A two-node graph with awkward strings everywhere.
PortGraph awkward_graph() {
  PortGraph g("scenario <&> \"x\"");
  NodeProps a;
  a.id = kAwkwardId;
  a.kind = NodeKind::terminal;
  a.name = kAwkward;
  a.zone = "z";
  a.attributes = {{"note", "line one\nline two\ttab"}};
  NodeProps b;
  b.id = "plain";
  b.kind = NodeKind::company;
  b.name = "back\\slash";
  const Vertex va = g.add_node(a);
  const Vertex vb = g.add_node(b);
  g.add_edge(va, vb, EdgeType::physical_flow, EdgeRule::declared);
  return g;
}

// --- GraphML ----------------------------------------------------------------

struct ReadNode {
  std::string kind;
  std::string name;
  std::string zone;
  std::string sensitive;
  std::string length_m;
};
struct ReadEdge {
  std::string type;
  std::string rule;
};
using ReadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ReadNode, ReadEdge>;

ReadGraph read_back(const std::string& text) {
  ReadGraph g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("kind", boost::get(&ReadNode::kind, g));
  dp.property("name", boost::get(&ReadNode::name, g));
  dp.property("zone", boost::get(&ReadNode::zone, g));
  dp.property("sensitive", boost::get(&ReadNode::sensitive, g));
  dp.property("length_m", boost::get(&ReadNode::length_m, g));
  dp.property("type", boost::get(&ReadEdge::type, g));
  dp.property("rule", boost::get(&ReadEdge::rule, g));
  std::istringstream in(text);
  boost::read_graphml(in, g, dp);
  return g;
}

TEST(WriteGraphml, BoostReadsBackEveryNodeAndEdgeWithItsType) {
  const PortGraph g = build_port_graph(testing::small_port());
  const ReadGraph back = read_back(graphml_of(g));
  ASSERT_EQ(boost::num_vertices(back), 28U);
  ASSERT_EQ(boost::num_edges(back), 45U);
  std::map<std::string, int> kinds;
  for (const auto v : boost::make_iterator_range(boost::vertices(back))) ++kinds[back[v].kind];
  EXPECT_EQ(kinds["berth"], 4);
  EXPECT_EQ(kinds["crane_group"], 3);
  EXPECT_EQ(kinds["hinterland_operator"], 3);
  std::map<std::string, int> types;
  for (const auto e : boost::make_iterator_range(boost::edges(back))) ++types[back[e].type];
  EXPECT_EQ(types,
            (std::map<std::string, int>{
                {"control", 6}, {"data_flow", 20}, {"physical_flow", 13}, {"remote_access", 2}, {"service", 4}}));
  // Vertex order is kept: the navy berth (index 8) is in the sensitive zone, 400 m deep berths at 6 and 7.
  EXPECT_EQ(back[8].zone, "defence");
  EXPECT_EQ(back[8].sensitive, "true");
  EXPECT_EQ(back[6].length_m, "400");
  EXPECT_EQ(back[5].name, "ECT Delta");
}

TEST(WriteGraphml, IdsNamesAndValuesSurviveAnXmlParser) {
  namespace pt = boost::property_tree;
  const std::string text = graphml_of(awkward_graph());
  pt::ptree tree;
  std::istringstream in(text);
  pt::read_xml(in, tree);
  const pt::ptree& graph = tree.get_child("graphml.graph");
  std::map<std::string, std::string> key_names;  // key id -> attr.name
  for (const auto& [tag, key] : tree.get_child("graphml")) {
    if (tag == "key")
      key_names[key.get<std::string>("<xmlattr>.id")] =
          key.get<std::string>(pt::ptree::path_type("<xmlattr>/attr.name", '/'));
  }
  std::vector<std::map<std::string, std::string>> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  std::string graph_name;
  for (const auto& [tag, child] : graph) {
    if (tag == "data") graph_name = child.data();
    if (tag == "node") {
      auto& n = nodes.emplace_back();
      n["@id"] = child.get<std::string>("<xmlattr>.id");
      for (const auto& [data_tag, data] : child) {
        if (data_tag == "data") n[key_names.at(data.get<std::string>("<xmlattr>.key"))] = data.data();
      }
    }
    if (tag == "edge") {
      edges.emplace_back(child.get<std::string>("<xmlattr>.source"), child.get<std::string>("<xmlattr>.target"));
    }
  }
  EXPECT_EQ(graph_name, "scenario <&> \"x\"");
  ASSERT_EQ(nodes.size(), 2U);
  EXPECT_EQ(nodes[0]["@id"], kAwkwardId);
  EXPECT_EQ(nodes[0]["name"], kAwkward);
  EXPECT_EQ(nodes[0]["note"], "line one\nline two\ttab");
  EXPECT_EQ(nodes[0]["kind"], "terminal");
  EXPECT_EQ(nodes[1]["name"], "back\\slash");
  ASSERT_EQ(edges.size(), 1U);
  EXPECT_EQ(edges[0].first, kAwkwardId);
  EXPECT_EQ(edges[0].second, "plain");
  EXPECT_NE(text.find("Quay &quot;A&quot; &lt;&amp;&gt; it&apos;s"), std::string::npos);
}

TEST(WriteGraphml, ControlCharactersAndBrokenUtf8BecomeReplacementCharacters) {
  PortGraph g;
  NodeProps n;
  n.id = "a";
  n.name = "bell\x07|bad\xFF|cut\xE2\x82|euro\xE2\x82\xAC";
  g.add_node(n);
  const std::string text = graphml_of(g);
  EXPECT_NE(text.find("bell\xEF\xBF\xBD|bad\xEF\xBF\xBD|cut\xEF\xBF\xBD\xEF\xBF\xBD|euro\xE2\x82\xAC"),
            std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  const ReadGraph back = read_back(text);
  EXPECT_EQ(back[0].name, "bell\xEF\xBF\xBD|bad\xEF\xBF\xBD|cut\xEF\xBF\xBD\xEF\xBF\xBD|euro\xE2\x82\xAC");
}

TEST(XmlEscape, EscapesTheFiveSpecialCharactersAndWhitespaceInAttributes) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
  EXPECT_EQ(xml_escape("plain_id.with#hash"), "plain_id.with#hash");
  EXPECT_EQ(xml_escape("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9") << "valid UTF-8 is kept";
  EXPECT_EQ(xml_escape(std::string("\xC0\xAF", 2)), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong '/'";
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "a surrogate";
}

// --- DOT ----------------------------------------------------------------------

TEST(WriteDot, EveryNodeIsDeclaredOnceAndEveryEdgeIsWritten) {
  const PortGraph g = build_port_graph(testing::small_port());
  const std::string text = dot_of(g);
  for (const Vertex v : boost::make_iterator_range(boost::vertices(g.graph()))) {
    const std::string declaration = "\"" + g.node(v).id + "\" [label=";
    EXPECT_EQ(occurrences(text, declaration), 1U) << g.node(v).id;
  }
  EXPECT_EQ(occurrences(text, "\" -> \""), 45U);
  EXPECT_EQ(occurrences(text, "[type=\"remote_access\""), 2U);
  EXPECT_EQ(occurrences(text, "\"zpmc\" -> \"ect_delta.sts\" [type=\"remote_access\""), 1U);
  EXPECT_EQ(occurrences(text, "digraph "), 1U);
  EXPECT_EQ(occurrences(text, "digraph \"small-port\" {\n"), 1U);
  EXPECT_EQ(text.substr(text.size() - 2), "}\n");
}

TEST(WriteDot, ZoneMembersSitInTheirZonesCluster) {
  const PortGraph g = build_port_graph(testing::small_port());
  const std::string text = dot_of(g);
  const std::size_t maasvlakte = text.find("subgraph \"cluster_maasvlakte\" {");
  const std::size_t defence = text.find("subgraph \"cluster_defence\" {");
  ASSERT_NE(maasvlakte, std::string::npos);
  ASSERT_NE(defence, std::string::npos);
  const std::size_t maasvlakte_end = text.find("\n  }\n", maasvlakte);
  const std::size_t defence_end = text.find("\n  }\n", defence);
  const auto inside = [&text](const std::string& id, std::size_t begin, std::size_t end) {
    const std::size_t at = text.find("\"" + id + "\" [label=");
    return at > begin && at < end;
  };
  EXPECT_TRUE(inside("ect_delta", maasvlakte, maasvlakte_end));
  EXPECT_TRUE(inside("ect_delta.sts", maasvlakte, maasvlakte_end));
  EXPECT_TRUE(inside("ect_delta.navy", defence, defence_end)) << "its own zone, not the terminal's";
  EXPECT_FALSE(inside("ect_delta.navy", maasvlakte, maasvlakte_end));
  EXPECT_FALSE(inside("ore_terminal", maasvlakte, maasvlakte_end)) << "no zone";
  EXPECT_FALSE(inside("ore_terminal", defence, defence_end));
}

TEST(WriteDot, QuotesBackslashesAndLineBreaksAreEscaped) {
  const std::string text = dot_of(awkward_graph());
  EXPECT_NE(text.find("[label=\"Quay \\\"A\\\" <&> it's\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"t.\\\"odd\\\"#1<&>\" [label="), std::string::npos) << text;
  EXPECT_NE(text.find("\"t.\\\"odd\\\"#1<&>\" -> \"plain\""), std::string::npos) << text;
  EXPECT_NE(text.find("[label=\"back\\\\slash\""), std::string::npos) << text;
  EXPECT_NE(text.find("line one\\nline two"), std::string::npos) << "an attribute in the tooltip: " << text;
  EXPECT_NE(text.find("digraph \"scenario <&> \\\"x\\\"\" {"), std::string::npos) << text;
}

TEST(DotQuote, QuotesAndEscapes) {
  EXPECT_EQ(dot_quote("plain"), "\"plain\"");
  EXPECT_EQ(dot_quote("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(dot_quote("a\\"), "\"a\\\\\"") << "a trailing backslash must not escape the closing quote";
  EXPECT_EQ(dot_quote("two\r\nlines"), "\"two\\nlines\"");
  EXPECT_EQ(dot_quote("<&>"), "\"<&>\"") << "only HTML-like labels <...> need these escaped";
}

}  // namespace
}  // namespace porttwin::graph
