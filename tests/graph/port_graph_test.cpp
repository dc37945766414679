// Tests graph/port_graph.hpp: PortGraph's invariants and build_port_graph's
// rules, on the hand-made port of small_port.hpp whose graph was counted by
// hand (the counts are in the comments).
#include "porttwin/graph/port_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"
#include "small_port.hpp"

namespace porttwin::graph {
namespace {

using testing::small_port;

Vertex at(const PortGraph& g, const std::string& id) {
  const auto v = g.find(id);
  if (!v) throw std::runtime_error("no node '" + id + "'");
  return *v;
}

bool has(const PortGraph& g, const std::string& source, const std::string& target, EdgeType type) {
  return g.has_edge(at(g, source), at(g, target), type);
}

/// Every edge as "source -type-> target".
std::vector<std::string> edge_list(const PortGraph& g) {
  std::vector<std::string> out;
  for (const Edge e : boost::make_iterator_range(boost::edges(g.graph()))) {
    out.push_back(g.node(g.source(e)).id + " -" + std::string(scenario::to_string(g.edge(e).type)) + "-> " +
                  g.node(g.target(e)).id);
  }
  return out;
}

std::size_t count_rule(const PortGraph& g, EdgeRule rule) {
  std::size_t n = 0;
  for (const Edge e : boost::make_iterator_range(boost::edges(g.graph()))) n += g.edge(e).rule == rule ? 1U : 0U;
  return n;
}

std::size_t count_type(const PortGraph& g, EdgeType type) {
  std::size_t n = 0;
  for (const Edge e : boost::make_iterator_range(boost::edges(g.graph()))) n += g.edge(e).type == type ? 1U : 0U;
  return n;
}

NodeProps plain(std::string id, NodeKind kind) {
  NodeProps n;
  n.id = std::move(id);
  n.kind = kind;
  return n;
}

// --- PortGraph --------------------------------------------------------------

TEST(PortGraph, EveryNodeKindCanBeGivenItsOwnCyberResponse) {
  // The scenario layer, below this one, spells the kind names for cyber.response: the two
  // lists must agree, so a new kind is refused nowhere.
  constexpr const char* kPort = R"(
name: kinds
terminals:
  t:
    berths: {b: {length: 300 m, depth: 15 m}}
    cranes: {c: {count: 1, productivity: 25 moves/h}}
    gates: {g: {truck_handling: 5 min}}
hinterland:
  road: {mode: truck, capacity: 1000 TEU/d}
traffic:
  arrivals: {s: {process: poisson, rate: 1 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: 100 moves, length: 200 m, draught: 10 m}
)";
  for (std::size_t k = 0; k < kNodeKindCount; ++k) {
    const std::string kind(to_string(static_cast<NodeKind>(k)));
    auto doc = scenario::ScenarioDocument::from_string(kPort, "kinds.yaml");
    doc.set("cyber.response", "{" + kind + ": {detection: 2 h}}");
    EXPECT_TRUE(doc.valid()) << kind << ": " << (doc.problems().empty() ? "" : doc.problems().front().to_string());
  }
}

TEST(PortGraph, AddNodeGivesDenseIndicesAndFindsThemById) {
  PortGraph g;
  EXPECT_EQ(g.add_node(plain("a", NodeKind::pcs)), 0U);
  EXPECT_EQ(g.add_node(plain("b", NodeKind::customs)), 1U);
  EXPECT_EQ(g.find("b"), std::optional<Vertex>(1));
  EXPECT_EQ(g.find("c"), std::nullopt);
  EXPECT_EQ(g.node_count(), 2U);
}

TEST(PortGraph, DuplicateIdIsAScenarioErrorNamingBothKinds) {
  PortGraph g;
  g.add_node(plain("maersk", NodeKind::shipping_line));
  try {
    g.add_node(plain("maersk", NodeKind::vendor));
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'maersk'"), std::string::npos) << message;
    EXPECT_NE(message.find("shipping_line"), std::string::npos) << message;
    EXPECT_NE(message.find("vendor"), std::string::npos) << message;
  }
  EXPECT_THROW(g.add_node(plain("", NodeKind::vendor)), ScenarioError);
}

TEST(PortGraph, ReservedOrRepeatedAttributeKeysAreRejected) {
  PortGraph g;
  NodeProps reserved = plain("a", NodeKind::company);
  reserved.attributes = {{"name", "x"}};
  EXPECT_THROW(g.add_node(reserved), std::invalid_argument);
  NodeProps repeated = plain("b", NodeKind::company);
  repeated.attributes = {{"sector", "steel"}, {"sector", "agri"}};
  EXPECT_THROW(g.add_node(repeated), std::invalid_argument);
  EXPECT_EQ(g.node_count(), 0U);
}

TEST(PortGraph, AddEdgeKeepsOneEdgePerSourceTargetAndType) {
  PortGraph g;
  const Vertex a = g.add_node(plain("a", NodeKind::pcs));
  const Vertex b = g.add_node(plain("b", NodeKind::terminal));
  EXPECT_TRUE(g.add_edge(a, b, EdgeType::data_flow, EdgeRule::pcs_message_exchange).second);
  const auto again = g.add_edge(a, b, EdgeType::data_flow, EdgeRule::declared);
  EXPECT_FALSE(again.second);
  EXPECT_EQ(g.edge(again.first).rule, EdgeRule::pcs_message_exchange) << "the first edge is kept";
  EXPECT_TRUE(g.add_edge(a, b, EdgeType::control, EdgeRule::declared).second) << "another type is another edge";
  EXPECT_TRUE(g.add_edge(b, a, EdgeType::data_flow, EdgeRule::declared).second) << "the other direction too";
  EXPECT_EQ(g.edge_count(), 3U);
  EXPECT_TRUE(g.has_edge(a, b, EdgeType::control));
  EXPECT_FALSE(g.has_edge(b, a, EdgeType::control));
}

TEST(PortGraph, AddEdgeRejectsSelfLoopsAndUnknownVertices) {
  PortGraph g;
  const Vertex a = g.add_node(plain("a", NodeKind::pcs));
  EXPECT_THROW(g.add_edge(a, a, EdgeType::data_flow, EdgeRule::declared), std::invalid_argument);
  EXPECT_THROW(g.add_edge(a, 7, EdgeType::data_flow, EdgeRule::declared), std::invalid_argument);
  EXPECT_EQ(g.edge_count(), 0U);
}

// --- build_port_graph: nodes ------------------------------------------------

TEST(BuildPortGraph, EveryScenarioElementIsOneNode) {
  const PortGraph g = build_port_graph(small_port());
  // 2 zones, PCS, customs, port authority, 2 terminals, 4 berths, 3 crane groups,
  // 2 yard blocks, 1 gate, 2 lines, 3 operators, 3 companies, 2 vendors, 1 platform.
  EXPECT_EQ(g.node_count(), 28U);
  const std::map<NodeKind, std::size_t> expected{{NodeKind::zone, 2},
                                                 {NodeKind::terminal, 2},
                                                 {NodeKind::berth, 4},
                                                 {NodeKind::crane_group, 3},
                                                 {NodeKind::yard_block, 2},
                                                 {NodeKind::gate, 1},
                                                 {NodeKind::pcs, 1},
                                                 {NodeKind::customs, 1},
                                                 {NodeKind::port_authority, 1},
                                                 {NodeKind::shipping_line, 2},
                                                 {NodeKind::hinterland_operator, 3},
                                                 {NodeKind::company, 3},
                                                 {NodeKind::vendor, 2},
                                                 {NodeKind::data_platform, 1}};
  for (const auto& [kind, count] : expected) EXPECT_EQ(g.nodes_of_kind(kind).size(), count) << to_string(kind);
  EXPECT_EQ(g.name(), "small-port");
}

TEST(BuildPortGraph, EquipmentIdsAreQualifiedByTheirTerminal) {
  const PortGraph g = build_port_graph(small_port());
  for (const char* id : {"ect_delta.sts", "ect_delta.rtg", "ect_delta.stack", "ect_delta.main", "ect_delta.deep#1",
                         "ect_delta.navy", "ore_terminal.stockyard", "ore_terminal.quay"}) {
    EXPECT_TRUE(g.find(id).has_value()) << id;
  }
  EXPECT_TRUE(g.find("ore_terminal.unloaders").has_value()) << "an id the scenario already qualified";
  EXPECT_FALSE(g.find("ore_terminal.ore_terminal.unloaders").has_value());
}

TEST(BuildPortGraph, NodesComeInTheDocumentedOrder) {
  const PortGraph g = build_port_graph(small_port());
  const std::vector<std::string> expected{"maasvlakte",
                                          "defence",
                                          "portbase",
                                          "customs",
                                          "harbour_master",
                                          "ect_delta",
                                          "ect_delta.deep#1",
                                          "ect_delta.deep#2",
                                          "ect_delta.navy",
                                          "ect_delta.sts",
                                          "ect_delta.rtg",
                                          "ect_delta.stack",
                                          "ect_delta.main",
                                          "ore_terminal",
                                          "ore_terminal.quay",
                                          "ore_terminal.unloaders",
                                          "ore_terminal.stockyard",
                                          "maersk",
                                          "msc",
                                          "road",
                                          "rail",
                                          "ore_conveyor",
                                          "tata_steel",
                                          "retailer",
                                          "power_plant",
                                          "zpmc",
                                          "liebherr",
                                          "tracking_cloud"};
  ASSERT_EQ(g.node_count(), expected.size());
  for (Vertex v = 0; v < expected.size(); ++v) EXPECT_EQ(g.node(v).id, expected[v]) << v;
}

TEST(BuildPortGraph, NodesRememberTheirScenarioEntityAndTerminal) {
  const PortGraph g = build_port_graph(small_port());
  const NodeProps& rtg = g.node(at(g, "ect_delta.rtg"));
  EXPECT_EQ(rtg.entity, 1U);
  EXPECT_EQ(rtg.terminal, 0U);
  const NodeProps& ore = g.node(at(g, "ore_terminal"));
  EXPECT_EQ(ore.entity, 1U);
  EXPECT_EQ(ore.terminal, 1U);
  EXPECT_EQ(g.node(at(g, "power_plant")).entity, 2U);
  EXPECT_EQ(g.node(at(g, "power_plant")).terminal, scenario::kNone);
}

TEST(BuildPortGraph, BerthsTakeTheirOwnZoneElseTheTerminalsAndSensitivityFollowsTheZone) {
  const PortGraph g = build_port_graph(small_port());
  const NodeProps& navy = g.node(at(g, "ect_delta.navy"));
  EXPECT_EQ(navy.zone, "defence");
  EXPECT_TRUE(navy.sensitive);
  const NodeProps& deep = g.node(at(g, "ect_delta.deep#1"));
  EXPECT_EQ(deep.zone, "maasvlakte");
  EXPECT_FALSE(deep.sensitive);
  EXPECT_EQ(g.node(at(g, "ore_terminal.quay")).zone, "") << "the ore terminal has no zone";
  EXPECT_TRUE(g.node(at(g, "defence")).sensitive);
  const std::vector<Vertex> defence = g.nodes_in_zone("defence");
  ASSERT_EQ(defence.size(), 2U);
  EXPECT_EQ(g.node(defence[0]).id, "defence");
  EXPECT_EQ(g.node(defence[1]).id, "ect_delta.navy");
  // maasvlakte: the zone, the terminal, two deep berths, two crane groups, the yard block, the gate.
  EXPECT_EQ(g.nodes_in_zone("maasvlakte").size(), 8U);
}

TEST(BuildPortGraph, AttributesCarryTheScenarioFigures) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_EQ(g.node(at(g, "ect_delta.deep#1")).attribute("length_m"), "400");
  EXPECT_EQ(g.node(at(g, "ect_delta.deep#1")).attribute("depth_m"), "16.5");
  EXPECT_EQ(g.node(at(g, "ect_delta.sts")).attribute("count"), "10");
  EXPECT_EQ(g.node(at(g, "ect_delta.sts")).attribute("vendor"), "zpmc");
  EXPECT_EQ(g.node(at(g, "ect_delta.rtg")).attribute("remote_maintenance"), "false");
  EXPECT_EQ(g.node(at(g, "ect_delta.stack")).attribute("capacity_unit"), "TEU");
  EXPECT_EQ(g.node(at(g, "ore_terminal.stockyard")).attribute("capacity_unit"), "t");
  EXPECT_EQ(g.node(at(g, "ore_terminal.stockyard")).attribute("capacity"), "2000000");
  EXPECT_EQ(g.node(at(g, "ect_delta")).attribute("cranes"), "14");
  EXPECT_EQ(g.node(at(g, "tata_steel")).attribute("supplied_by"), "ore_conveyor");
  EXPECT_EQ(g.node(at(g, "ect_delta")).attribute("no_such_key"), std::nullopt);
}

// --- build_port_graph: implied edges ------------------------------------------

TEST(BuildPortGraph, TerminalControlsExactlyItsOwnEquipment) {
  const PortGraph g = build_port_graph(small_port());
  for (const char* e : {"ect_delta.sts", "ect_delta.rtg", "ect_delta.stack", "ect_delta.main"}) {
    EXPECT_TRUE(has(g, "ect_delta", e, EdgeType::control)) << e;
  }
  EXPECT_TRUE(has(g, "ore_terminal", "ore_terminal.unloaders", EdgeType::control));
  EXPECT_TRUE(has(g, "ore_terminal", "ore_terminal.stockyard", EdgeType::control));
  EXPECT_FALSE(has(g, "ect_delta", "ore_terminal.unloaders", EdgeType::control));
  EXPECT_EQ(count_type(g, EdgeType::control), 6U) << "4 + 2; the declared duplicate adds none";
}

TEST(BuildPortGraph, BerthsServeTheirTerminal) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "ect_delta.navy", "ect_delta", EdgeType::service));
  EXPECT_TRUE(has(g, "ore_terminal.quay", "ore_terminal", EdgeType::service));
  EXPECT_FALSE(has(g, "ect_delta", "ect_delta.navy", EdgeType::service));
  EXPECT_EQ(count_type(g, EdgeType::service), 4U);
}

TEST(BuildPortGraph, VendorsReachOnlyRemotelyMaintainedCranes) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "zpmc", "ect_delta.sts", EdgeType::remote_access));
  EXPECT_FALSE(has(g, "zpmc", "ect_delta.rtg", EdgeType::remote_access));
  EXPECT_TRUE(has(g, "liebherr", "ore_terminal.unloaders", EdgeType::remote_access));
  EXPECT_EQ(count_type(g, EdgeType::remote_access), 2U);
}

TEST(BuildPortGraph, PcsExchangesDataBothWaysWithEveryPartner) {
  const PortGraph g = build_port_graph(small_port());
  for (const char* p :
       {"ect_delta", "ore_terminal", "customs", "harbour_master", "maersk", "msc", "road", "rail", "ore_conveyor"}) {
    EXPECT_TRUE(has(g, "portbase", p, EdgeType::data_flow)) << p;
    EXPECT_TRUE(has(g, p, "portbase", EdgeType::data_flow)) << p;
  }
  EXPECT_FALSE(has(g, "portbase", "tata_steel", EdgeType::data_flow));
  EXPECT_FALSE(has(g, "portbase", "zpmc", EdgeType::data_flow));
  EXPECT_EQ(count_rule(g, EdgeRule::pcs_message_exchange), 18U) << "9 partners, both ways";
}

TEST(BuildPortGraph, LinesAndTerminalsFollowTheirClassesCargo) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "maersk", "ect_delta", EdgeType::physical_flow)) << "ulcv discharges there";
  EXPECT_TRUE(has(g, "ect_delta", "maersk", EdgeType::physical_flow)) << "ulcv loads there";
  EXPECT_TRUE(has(g, "msc", "ect_delta", EdgeType::physical_flow));
  EXPECT_FALSE(has(g, "ect_delta", "msc", EdgeType::physical_flow)) << "the feeder only discharges";
  EXPECT_FALSE(has(g, "maersk", "ore_terminal", EdgeType::physical_flow)) << "ulcv carries containers only";
  EXPECT_EQ(count_rule(g, EdgeRule::line_delivers_to_terminal) + count_rule(g, EdgeRule::terminal_loads_line), 3U);
}

TEST(BuildPortGraph, HinterlandOperatorsTakeCargoFromTheTerminalsTheyServe) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "ect_delta", "road", EdgeType::physical_flow));
  EXPECT_TRUE(has(g, "ore_terminal", "road", EdgeType::physical_flow)) << "road lists no terminals: all";
  EXPECT_TRUE(has(g, "ect_delta", "rail", EdgeType::physical_flow));
  EXPECT_TRUE(has(g, "ore_terminal", "ore_conveyor", EdgeType::physical_flow));
  EXPECT_FALSE(has(g, "ect_delta", "ore_conveyor", EdgeType::physical_flow));
  // Exports come in only where a class loads exports: ect_delta (ulcv), not the ore terminal.
  EXPECT_TRUE(has(g, "road", "ect_delta", EdgeType::physical_flow));
  EXPECT_TRUE(has(g, "rail", "ect_delta", EdgeType::physical_flow));
  EXPECT_FALSE(has(g, "road", "ore_terminal", EdgeType::physical_flow));
  EXPECT_EQ(count_rule(g, EdgeRule::terminal_feeds_hinterland), 4U);
  EXPECT_EQ(count_rule(g, EdgeRule::hinterland_feeds_terminal), 2U);
}

TEST(BuildPortGraph, CompaniesDependOnTheirSupplierNeverDirectlyOnATerminal) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "ore_conveyor", "tata_steel", EdgeType::physical_flow));
  EXPECT_TRUE(has(g, "road", "retailer", EdgeType::physical_flow));
  EXPECT_TRUE(has(g, "rail", "power_plant", EdgeType::physical_flow));
  for (const Vertex c : g.nodes_of_kind(NodeKind::company)) {
    for (const Edge e : boost::make_iterator_range(boost::in_edges(c, g.graph()))) {
      EXPECT_EQ(g.node(g.source(e)).kind, NodeKind::hinterland_operator) << g.node(c).id;
    }
  }
}

TEST(BuildPortGraph, ConsigneeCargoRoutesThroughTheSupplierEvenIfItDoesNotListTheTerminal) {
  const PortGraph g = build_port_graph(small_port());
  // coal calls at the ore terminal for power_plant, supplied by rail, which lists only ect_delta.
  const Vertex ore = at(g, "ore_terminal");
  const Vertex rail = at(g, "rail");
  ASSERT_TRUE(g.has_edge(ore, rail, EdgeType::physical_flow));
  const auto [edge, added] = boost::edge(ore, rail, g.graph());
  ASSERT_TRUE(added);
  EXPECT_EQ(g.edge(edge).rule, EdgeRule::consignee_route);
  EXPECT_EQ(count_rule(g, EdgeRule::consignee_route), 1U) << "the other consignee routes exist already";
}

TEST(BuildPortGraph, DeclaredDependenciesAddTheirEdgesOnce) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_TRUE(has(g, "portbase", "tracking_cloud", EdgeType::data_flow));
  EXPECT_TRUE(has(g, "tracking_cloud", "maersk", EdgeType::data_flow));
  EXPECT_EQ(count_rule(g, EdgeRule::declared), 2U) << "the third repeats an implied edge";
  const auto [edge, found] = boost::edge(at(g, "ect_delta"), at(g, "ect_delta.sts"), g.graph());
  ASSERT_TRUE(found);
  EXPECT_EQ(g.edge(edge).rule, EdgeRule::terminal_controls_equipment);
}

TEST(BuildPortGraph, EdgeCountsByTypeMatchTheHandCount) {
  const PortGraph g = build_port_graph(small_port());
  EXPECT_EQ(count_type(g, EdgeType::data_flow), 20U) << "18 PCS + 2 declared";
  EXPECT_EQ(count_type(g, EdgeType::physical_flow), 13U) << "3 line + 6 terminal/hinterland + 3 company + 1 consignee";
  EXPECT_EQ(g.edge_count(), 45U);
}

TEST(BuildPortGraph, TheSameScenarioGivesTheSameGraph) {
  const PortGraph a = build_port_graph(small_port());
  const PortGraph b = build_port_graph(small_port());
  EXPECT_EQ(edge_list(a), edge_list(b));
}

TEST(BuildPortGraph, VesselClassWithoutTerminalsCallsAtEveryTerminalOfItsCargo) {
  scenario::Scenario s = small_port();
  scenario::Terminal second = s.terminals[0];
  second.id = "rwg";
  for (auto& b : second.berths) b.id = "rwg." + b.id.substr(b.id.find('.') + 1);
  s.terminals.push_back(second);
  const PortGraph g = build_port_graph(s);
  EXPECT_TRUE(has(g, "maersk", "rwg", EdgeType::physical_flow)) << "ulcv lists no terminals";
  EXPECT_FALSE(has(g, "msc", "rwg", EdgeType::physical_flow)) << "the feeder lists ect_delta only";
}

// --- build_port_graph: bad input ---------------------------------------------

TEST(BuildPortGraph, UnknownDeclaredIdIsAScenarioErrorWithADidYouMean) {
  scenario::Scenario s = small_port();
  s.source_file = "port.yaml";
  s.dependencies.push_back({"portbase", "tracking_clod", scenario::DependencyType::data_flow});
  try {
    (void)build_port_graph(s);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("port.yaml"), std::string::npos) << message;
    EXPECT_NE(message.find("unknown node id 'tracking_clod'"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean 'tracking_cloud'?"), std::string::npos) << message;
  }
}

TEST(BuildPortGraph, UnknownDeclaredSourceIsNamedToo) {
  scenario::Scenario s = small_port();
  s.dependencies.push_back({"nowhere_at_all", "portbase", scenario::DependencyType::service});
  try {
    (void)build_port_graph(s);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown node id 'nowhere_at_all'"), std::string::npos) << message;
    EXPECT_EQ(message.find("did you mean"), std::string::npos) << "nothing is close: " << message;
  }
}

TEST(BuildPortGraph, DeclaredSelfDependencyIsAScenarioError) {
  scenario::Scenario s = small_port();
  s.dependencies.push_back({"portbase", "portbase", scenario::DependencyType::data_flow});
  EXPECT_THROW((void)build_port_graph(s), ScenarioError);
}

TEST(BuildPortGraph, CollidingIdsAcrossCollectionsAreAScenarioError) {
  scenario::Scenario s = small_port();
  s.vendors[0].id = "maersk";
  EXPECT_THROW((void)build_port_graph(s), ScenarioError);
}

TEST(BuildPortGraph, EmptyScenarioHasOnlyTheThreeInstitutions) {
  const PortGraph g = build_port_graph(scenario::Scenario{});
  EXPECT_EQ(g.node_count(), 3U) << "PCS, customs, port authority always exist";
  EXPECT_EQ(g.edge_count(), 4U) << "PCS <-> customs, PCS <-> port authority";
}

}  // namespace
}  // namespace porttwin::graph
