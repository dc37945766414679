// GraphML and DOT writers for the dependency graph (see graph/export.hpp).
#include "porttwin/graph/export.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace porttwin::graph {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// Length of the valid UTF-8 sequence starting at text[i] that XML 1.0 may
/// carry, or 0 (invalid, overlong, a surrogate, beyond U+10FFFF, U+FFFE/F).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&text](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (b0 < 0x80U) return 1;
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    length = 2;
    code = b0 & 0x1FU;
  } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
    length = 3;
    code = b0 & 0x0FU;
  } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
    length = 4;
    code = b0 & 0x07U;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
    code = (code << 6U) | (byte(i + k) & 0x3FU);
  }
  constexpr std::array<std::uint32_t, 5> kMinimum{0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || code > 0x10FFFFU) return 0;
  if ((code >= 0xD800U && code <= 0xDFFFU) || code == 0xFFFEU || code == 0xFFFFU) return 0;
  return length;
}

/// Calls `emit` with each character of `text` as a string_view, having
/// replaced invalid UTF-8 and C0 control characters other than tab, line feed
/// and carriage return by U+FFFD (XML 1.0 cannot carry them at all, and
/// Graphviz reads UTF-8).
template <class Emit>
void for_each_char(std::string_view text, Emit emit) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence(text, i);
    if (n == 0) {
      emit(kReplacement);
      ++i;
      continue;
    }
    const char c = text[i];
    if (n == 1 && static_cast<unsigned char>(c) < 0x20U && c != '\t' && c != '\n' && c != '\r') {
      emit(kReplacement);
    } else {
      emit(text.substr(i, n));
    }
    i += n;
  }
}

struct KindStyle {
  std::string_view shape;
  std::string_view fill;
};

KindStyle style_of(NodeKind kind) {
  switch (kind) {
    case NodeKind::zone: return {"tab", "#eeeeee"};
    case NodeKind::terminal: return {"box3d", "#6baed6"};
    case NodeKind::berth: return {"larrow", "#c6dbef"};
    case NodeKind::crane_group: return {"invtrapezium", "#fdae6b"};
    case NodeKind::yard_block: return {"box", "#fdd0a2"};
    case NodeKind::gate: return {"house", "#fee6ce"};
    case NodeKind::pcs: return {"component", "#74c476"};
    case NodeKind::customs: return {"octagon", "#c7e9c0"};
    case NodeKind::port_authority: return {"doubleoctagon", "#c7e9c0"};
    case NodeKind::shipping_line: return {"cds", "#9e9ac8"};
    case NodeKind::hinterland_operator: return {"parallelogram", "#bcbddc"};
    case NodeKind::company: return {"box", "#fcbba1"};
    case NodeKind::vendor: return {"hexagon", "#fb6a4a"};
    case NodeKind::data_platform: return {"cylinder", "#a1d99b"};
    case NodeKind::terminal_system: return {"component", "#9ecae1"};
  }
  return {"ellipse", "#ffffff"};
}

struct TypeStyle {
  std::string_view style;
  std::string_view colour;
};

TypeStyle style_of(EdgeType type) {
  switch (type) {
    case EdgeType::physical_flow: return {"bold", "#525252"};
    case EdgeType::data_flow: return {"dashed", "#2171b5"};
    case EdgeType::control: return {"solid", "#cb181d"};
    case EdgeType::remote_access: return {"dotted", "#e6550d"};
    case EdgeType::service: return {"solid", "#969696"};
  }
  return {"solid", "#000000"};
}

std::string_view bool_text(bool value) { return value ? "true" : "false"; }

void graphml_keys(std::ostream& out, const PortGraph& graph, std::map<std::string, std::string, std::less<>>& keys) {
  std::set<std::string, std::less<>> attribute_names;
  for (const Vertex v : boost::make_iterator_range(boost::vertices(graph.graph()))) {
    for (const Attribute& a : graph.node(v).attributes) attribute_names.insert(a.key);
  }
  int next = 0;
  const auto key = [&](std::string_view domain, std::string_view name) {
    std::string id = "d";  // not "d" + to_string(): GCC 12 gives a false -Wrestrict there (PR 105329)
    id += std::to_string(next++);
    out << "  <key id=\"" << id << "\" for=\"" << domain << "\" attr.name=\"" << xml_escape(name)
        << "\" attr.type=\"string\"/>\n";
    keys.emplace(std::string(domain) + ":" + std::string(name), id);
  };
  key("graph", "name");
  for (const std::string_view fixed : {"kind", "name", "zone", "sensitive"}) key("node", fixed);
  for (const std::string& name : attribute_names) key("node", name);
  key("edge", "type");
  key("edge", "rule");
}

void graphml_data(std::ostream& out, const std::string& key_id, std::string_view value) {
  out << "      <data key=\"" << key_id << "\">" << xml_escape(value) << "</data>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_char(text, [&out](std::string_view c) {
    switch (c.front()) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  });
  return out;
}

std::string dot_quote(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for_each_char(text, [&out](std::string_view c) {
    switch (c.front()) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;  // a CR LF line break is one \n
      default: out += c;
    }
  });
  out += '"';
  return out;
}

void write_graphml(std::ostream& out, const PortGraph& graph) {
  const Graph& g = graph.graph();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!-- porttwin dependency graph: an edge source -> target means the target depends on the source -->\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  std::map<std::string, std::string, std::less<>> keys;
  graphml_keys(out, graph, keys);
  out << "  <graph id=\"porttwin\" edgedefault=\"directed\">\n";
  if (!graph.name().empty())
    out << "    <data key=\"" << keys.at("graph:name") << "\">" << xml_escape(graph.name()) << "</data>\n";
  for (const Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    const NodeProps& n = g[v];
    out << "    <node id=\"" << xml_escape(n.id) << "\">\n";
    graphml_data(out, keys.at("node:kind"), to_string(n.kind));
    if (!n.name.empty()) graphml_data(out, keys.at("node:name"), n.name);
    if (!n.zone.empty()) graphml_data(out, keys.at("node:zone"), n.zone);
    graphml_data(out, keys.at("node:sensitive"), bool_text(n.sensitive));
    for (const Attribute& a : n.attributes) graphml_data(out, keys.at("node:" + a.key), a.value);
    out << "    </node>\n";
  }
  std::size_t next = 0;
  for (const Edge e : boost::make_iterator_range(boost::edges(g))) {
    out << "    <edge id=\"e" << next++ << "\" source=\"" << xml_escape(g[boost::source(e, g)].id) << "\" target=\""
        << xml_escape(g[boost::target(e, g)].id) << "\">\n";
    graphml_data(out, keys.at("edge:type"), scenario::to_string(g[e].type));
    graphml_data(out, keys.at("edge:rule"), to_string(g[e].rule));
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

namespace {

void dot_node(std::ostream& out, const NodeProps& n, std::string_view indent) {
  const KindStyle style = style_of(n.kind);
  std::string tooltip = n.id + " (" + std::string(to_string(n.kind)) + ")";
  for (const Attribute& a : n.attributes) tooltip += "\n" + a.key + " = " + a.value;
  out << indent << dot_quote(n.id) << " [label=" << dot_quote(n.name.empty() ? n.id : n.name)
      << ", shape=" << style.shape << ", fillcolor=\"" << style.fill << "\", kind=\"" << to_string(n.kind) << '"';
  if (!n.zone.empty()) out << ", zone=" << dot_quote(n.zone);
  if (n.sensitive) out << R"(, sensitive="true", color="#a50f15", penwidth=2)";
  out << ", tooltip=" << dot_quote(tooltip) << "];\n";
}

}  // namespace

void write_dot(std::ostream& out, const PortGraph& graph) {
  const Graph& g = graph.graph();
  out << "// porttwin dependency graph: an edge source -> target means the target depends on the source.\n"
         "// Edge style by type: physical_flow bold grey, data_flow dashed blue, control red,\n"
         "// remote_access dotted orange, service light grey. One cluster per zone.\n";
  out << "digraph " << dot_quote(graph.name().empty() ? std::string("porttwin") : graph.name()) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12];\n"
      << "  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  std::vector<bool> written(graph.node_count(), false);
  for (const Vertex z : graph.nodes_of_kind(NodeKind::zone)) {
    const NodeProps& zone = g[z];
    out << "  subgraph " << dot_quote("cluster_" + zone.id) << " {\n"
        << "    label=" << dot_quote(zone.name.empty() ? zone.id : zone.name) << ";\n"
        << "    style=rounded;\n";
    if (zone.sensitive) out << "    color=\"#a50f15\";\n    penwidth=2;\n";
    for (const Vertex v : graph.nodes_in_zone(zone.id)) {
      if (written[v]) continue;  // a zone listed twice would be a duplicate id; cannot happen
      dot_node(out, g[v], "    ");
      written[v] = true;
    }
    out << "  }\n";
  }
  for (const Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    if (!written[v]) dot_node(out, g[v], "  ");
  }
  for (const Edge e : boost::make_iterator_range(boost::edges(g))) {
    const TypeStyle style = style_of(g[e].type);
    out << "  " << dot_quote(g[boost::source(e, g)].id) << " -> " << dot_quote(g[boost::target(e, g)].id) << " [type=\""
        << scenario::to_string(g[e].type) << "\", rule=\"" << to_string(g[e].rule) << "\", style=\"" << style.style
        << "\", color=\"" << style.colour << "\"];\n";
  }
  out << "}\n";
}

}  // namespace porttwin::graph
