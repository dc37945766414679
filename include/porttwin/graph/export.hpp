// The dependency graph for other tools: GraphML (yEd, Gephi, networkx, igraph,
// boost::read_graphml) and Graphviz DOT (dot -Tsvg).
//
// Both carry every node with its id, kind, name, zone and attributes, and every
// edge with its type and rule; both are written by hand rather than with
// boost::write_graphml / write_graphviz, because nodes of different kinds carry
// different attributes (dynamic_properties wants every property on every
// vertex) and DOT here has one cluster per zone (write_graphviz has none).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "porttwin/graph/port_graph.hpp"

namespace porttwin::graph {

/// GraphML 1.0, UTF-8. Node ids are the porttwin ids; node data keys: kind,
/// name, zone, sensitive, and one key per attribute name used by any node
/// (all strings); edge data keys: type, rule. Every string is XML-escaped
/// (& < > " ' and line breaks in attributes); control characters XML 1.0 cannot
/// carry, and invalid UTF-8, become U+FFFD. Nodes in index order, edges by
/// source node then insertion.
void write_graphml(std::ostream& out, const PortGraph& graph);

/// Graphviz DOT: a digraph with one cluster per zone (holding the zone's node
/// and its members), shape and colour per node kind, style and colour per edge
/// type, and `kind`, `type`, `rule` attributes for programs reading it back.
/// Every id and label is a quoted DOT string (see dot_quote).
void write_dot(std::ostream& out, const PortGraph& graph);

/// `text` as XML character data or attribute value (the five entities, plus
/// &#9; &#10; &#13; so attribute values keep their whitespace).
[[nodiscard]] std::string xml_escape(std::string_view text);

/// `text` as a quoted DOT string: `"` and `\` are backslash-escaped, a line
/// break becomes \n (a centred line break in labels). Graphviz undoes \\ in
/// labels but not in node names, so an id holding a backslash reads back
/// doubled (porttwin ids never do).
[[nodiscard]] std::string dot_quote(std::string_view text);

}  // namespace porttwin::graph
