// Tests graph/attack.hpp on small hand-made graphs whose answers were worked
// out by hand (drawn in the comments; "a -x-> b" is an edge of type x, "p_x"
// the spread probability of type x in that test's model).
#include "porttwin/graph/attack.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/kernel/error.hpp"
#include "small_port.hpp"

namespace porttwin::graph {
namespace {

constexpr EdgeType kPhysical = EdgeType::physical_flow;
constexpr EdgeType kData = EdgeType::data_flow;
constexpr EdgeType kControl = EdgeType::control;
constexpr EdgeType kRemote = EdgeType::remote_access;
constexpr EdgeType kService = EdgeType::service;

using Vs = std::vector<Vertex>;

using testing::Builder;

/// A model with the given probability for each type listed, 0 for the others.
AttackModel model(std::initializer_list<std::pair<EdgeType, double>> probabilities) {
  std::array<double, kEdgeTypeCount> p{};
  for (const auto& [type, value] : probabilities) p[static_cast<std::size_t>(type)] = value;
  return AttackModel(p);
}

/// cyber.spread of the example: remote 0.8, data 0.3, control 0.9,
/// service and physical 0.
scenario::Scenario example_spread() {
  scenario::Scenario s;
  s.cyber.spread[static_cast<std::size_t>(kRemote)].probability = 0.8;
  s.cyber.spread[static_cast<std::size_t>(kData)].probability = 0.3;
  s.cyber.spread[static_cast<std::size_t>(kControl)].probability = 0.9;
  return s;
}

// ---- the spread model -------------------------------------------------------

TEST(AttackModel, WithoutDefencesIsTheScenarioSpread) {
  const AttackModel m = attack_model(example_spread());
  EXPECT_DOUBLE_EQ(m.probability(kRemote), 0.8);
  EXPECT_DOUBLE_EQ(m.probability(kData), 0.3);
  EXPECT_DOUBLE_EQ(m.probability(kControl), 0.9);
  EXPECT_DOUBLE_EQ(m.probability(kService), 0.0);
  EXPECT_DOUBLE_EQ(m.probability(kPhysical), 0.0);
  EXPECT_TRUE(m.spreading_types().contains(kData));
  EXPECT_FALSE(m.spreading_types().contains(kService));
}

TEST(AttackModel, SegmentationCutsItsTypesButNeverPhysicalFlowOrRemoteAccess) {
  scenario::Scenario s = example_spread();
  s.cyber.spread[static_cast<std::size_t>(kPhysical)].probability = 0.1;
  s.defences.segmentation = true;
  s.defences.segmentation_cuts = {kData, kPhysical, kRemote};
  const AttackModel m = attack_model(s);
  EXPECT_DOUBLE_EQ(m.probability(kData), 0.0);
  EXPECT_DOUBLE_EQ(m.probability(kControl), 0.9) << "not in the cuts";
  EXPECT_DOUBLE_EQ(m.probability(kPhysical), 0.1) << "cargo is not a network";
  EXPECT_DOUBLE_EQ(m.probability(kRemote), 0.8) << "a vendor's login is governed by vendor_access";
}

TEST(AttackModel, CutsListedButSegmentationDisabledCutNothing) {
  scenario::Scenario s = example_spread();
  s.defences.segmentation_cuts = {kData};
  EXPECT_DOUBLE_EQ(attack_model(s).probability(kData), 0.3);
}

TEST(AttackModel, VendorAccessRestrictedScalesAndRemovedZeroesRemoteAccessOnly) {
  scenario::Scenario s = example_spread();
  s.defences.vendor_access = scenario::VendorAccess::restricted;
  s.defences.restricted_factor = 0.25;
  EXPECT_DOUBLE_EQ(attack_model(s).probability(kRemote), 0.2);  // 0.8 x 0.25
  EXPECT_DOUBLE_EQ(attack_model(s).probability(kData), 0.3);
  s.defences.vendor_access = scenario::VendorAccess::removed;
  EXPECT_DOUBLE_EQ(attack_model(s).probability(kRemote), 0.0);
  EXPECT_DOUBLE_EQ(attack_model(s).probability(kControl), 0.9);
}

TEST(AttackModel, RejectsAProbabilityOutsideZeroToOne) {
  EXPECT_THROW(model({{kData, 1.5}}), std::invalid_argument);
  EXPECT_THROW(model({{kData, -0.1}}), std::invalid_argument);
  EXPECT_THROW(model({{kData, std::nan("")}}), std::invalid_argument);
  EXPECT_TRUE(AttackModel().spreading_types().empty()) << "no cyber layer: nothing spreads";
}

// ---- entry points -----------------------------------------------------------

/// zpmc -remote-> sts; liebherr (no link); cloud (data platform); pcs.
struct EntryGraph {
  Builder b;
  Vertex pcs = b.node("pcs", NodeKind::pcs);
  Vertex sts = b.node("sts", NodeKind::crane_group);
  Vertex zpmc = b.node("zpmc", NodeKind::vendor);
  Vertex liebherr = b.node("liebherr", NodeKind::vendor);
  Vertex cloud = b.node("cloud", NodeKind::data_platform);
  EntryGraph() {
    b.edge(zpmc, sts, kRemote);
    b.edge(liebherr, sts, kService);  // not remote access
  }
};

TEST(EntryPoints, VendorsWithRemoteAccessPlatformsAndIncidentTargetsInIndexOrder) {
  const EntryGraph n;
  const std::vector<std::string> targets = {"cloud", "pcs"};
  const std::vector<EntryPoint> entries = entry_points(n.b.graph, targets);
  const std::vector<EntryPoint> expected = {{n.pcs, EntryReason::incident_target},
                                            {n.zpmc, EntryReason::remote_access},
                                            {n.cloud, EntryReason::incident_target}};
  EXPECT_EQ(entries, expected) << "liebherr has no remote_access edge; cloud is listed once, as a target";
  EXPECT_EQ(to_string(EntryReason::external_platform), "external_platform");
}

TEST(EntryPoints, WithoutIncidentsAPlatformIsAnExternalPlatform) {
  const EntryGraph n;
  const std::vector<EntryPoint> entries = entry_points(n.b.graph, std::vector<std::string>{});
  const std::vector<EntryPoint> expected = {{n.zpmc, EntryReason::remote_access},
                                            {n.cloud, EntryReason::external_platform}};
  EXPECT_EQ(entries, expected);
}

TEST(EntryPoints, UnknownIncidentTargetIsAScenarioErrorWithADidYouMean) {
  const EntryGraph n;
  try {
    (void)entry_points(n.b.graph, std::vector<std::string>{"zpcm"});
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'zpcm'"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean 'zpmc'"), std::string::npos) << message;
  }
}

TEST(EntryPoints, ScenarioIncidentTargetsAreCollected) {
  const EntryGraph n;
  scenario::Scenario s;
  scenario::Incident notpetya;
  notpetya.targets = {"sts"};
  s.cyber.incidents = {notpetya};
  const std::vector<EntryPoint> entries = entry_points(n.b.graph, s);
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0], (EntryPoint{n.sts, EntryReason::incident_target}));
}

// ---- reachability and most likely paths ------------------------------------

/// vendor -remote-> crane;  terminal -control-> crane;
/// terminal -physical-> rail -data-> steel;  terminal -data-> pcs.
struct Spread {
  Builder b;
  Vertex vendor = b.node("vendor", NodeKind::vendor);
  Vertex crane = b.node("crane", NodeKind::crane_group);
  Vertex terminal = b.node("terminal", NodeKind::terminal);
  Vertex rail = b.node("rail", NodeKind::hinterland_operator);
  Vertex steel = b.node("steel", NodeKind::company);
  Vertex pcs = b.node("pcs", NodeKind::pcs);
  Spread() {
    b.edge(vendor, crane, kRemote);
    b.edge(terminal, crane, kControl);
    b.edge(terminal, rail, kPhysical);
    b.edge(rail, steel, kData);
    b.edge(terminal, pcs, kData);
  }
};

TEST(LikelyPaths, PhysicalFlowAloneDoesNotCarryCompromise) {
  const Spread n;
  const LikelyPaths from_terminal(n.b.graph, attack_model(example_spread()), n.terminal);
  EXPECT_EQ(from_terminal.reached(), (Vs{n.crane, n.pcs})) << "rail and steel are only behind a cargo edge";
  EXPECT_FALSE(from_terminal.reaches(n.steel));
  EXPECT_FALSE(from_terminal.path_to(n.rail).has_value());
  EXPECT_DOUBLE_EQ(from_terminal.probability(n.crane), 0.9);
  EXPECT_DOUBLE_EQ(from_terminal.probability(n.terminal), 1.0) << "the origin itself";
}

TEST(LikelyPaths, SegmentationOfDataFlowCutsThePcs) {
  const Spread n;
  scenario::Scenario s = example_spread();
  s.defences.segmentation = true;
  s.defences.segmentation_cuts = {kData};
  const LikelyPaths from_terminal(n.b.graph, attack_model(s), n.terminal);
  EXPECT_EQ(from_terminal.reached(), (Vs{n.crane}));
}

TEST(LikelyPaths, VendorAccessRemovedReachesNothingAndRestrictedIsScaled) {
  const Spread n;
  scenario::Scenario s = example_spread();
  s.defences.vendor_access = scenario::VendorAccess::removed;
  EXPECT_TRUE(LikelyPaths(n.b.graph, attack_model(s), n.vendor).reached().empty());
  s.defences.vendor_access = scenario::VendorAccess::restricted;
  s.defences.restricted_factor = 0.2;
  const LikelyPaths restricted(n.b.graph, attack_model(s), n.vendor);
  EXPECT_EQ(restricted.reached(), (Vs{n.crane}));
  EXPECT_NEAR(restricted.probability(n.crane), 0.16, 1e-15);  // 0.8 x 0.2
}

/// The direct way is short and improbable, the long way likely:
///   a -data(0.1)-> t                                      P = 0.1
///   a -remote(0.8)-> x -control(0.9)-> y -control(0.9)-> t  P = 0.8 x 0.9 x 0.9 = 0.648
TEST(LikelyPaths, PrefersALongerMoreProbablePathToAShortImprobableOne) {
  Builder b;
  const Vertex a = b.node("a", NodeKind::vendor);
  const Vertex t = b.node("t", NodeKind::terminal);
  const Vertex x = b.node("x", NodeKind::crane_group);
  const Vertex y = b.node("y", NodeKind::crane_group);
  b.edge(a, t, kData);
  b.edge(a, x, kRemote);
  b.edge(x, y, kControl);
  b.edge(y, t, kControl);
  const LikelyPaths paths(b.graph, model({{kData, 0.1}, {kRemote, 0.8}, {kControl, 0.9}}), a);
  const std::optional<SpreadPath> path = paths.path_to(t);
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(path->nodes, (Vs{a, x, y, t}));
  EXPECT_NEAR(path->probability, 0.648, 1e-15);
  EXPECT_EQ(path->hops(), 3U);
  EXPECT_EQ(path->from, a);
  EXPECT_EQ(path->to, t);
}

/// Two ways of equal probability 0.5 x 0.5 into d; q is built (and linked)
/// before p, but p has the lower index, so the path goes through p:
///   a -data-> q -data-> d   (edges added first)
///   a -data-> p -data-> d
TEST(LikelyPaths, EqualProbabilitiesGoToTheLowerIndexPredecessor) {
  for (const bool low_first : {false, true}) {
    Builder b;
    const Vertex a = b.node("a", NodeKind::pcs);
    const Vertex p = b.node("p", NodeKind::terminal);
    const Vertex q = b.node("q", NodeKind::terminal);
    const Vertex d = b.node("d", NodeKind::company);
    if (low_first) {
      b.edge(a, p, kData);
      b.edge(p, d, kData);
    }
    b.edge(a, q, kData);
    b.edge(q, d, kData);
    if (!low_first) {
      b.edge(a, p, kData);
      b.edge(p, d, kData);
    }
    const LikelyPaths paths(b.graph, model({{kData, 0.5}}), a);
    EXPECT_EQ(paths.path_to(d)->nodes, (Vs{a, p, d})) << "low-index edges added first: " << low_first;
    EXPECT_DOUBLE_EQ(paths.probability(d), 0.25);
  }
}

/// Equal products by different types in a different order: 0.8 x 0.5 = 0.5 x 0.8.
///   a -remote-> hi -data-> d       a -data-> lo -remote-> d     (lo < hi)
TEST(LikelyPaths, EqualProductsOfDifferentTypesAreATie) {
  Builder b;
  const Vertex a = b.node("a", NodeKind::vendor);
  const Vertex lo = b.node("lo", NodeKind::terminal);
  const Vertex hi = b.node("hi", NodeKind::terminal);
  const Vertex d = b.node("d", NodeKind::company);
  b.edge(a, hi, kRemote);
  b.edge(hi, d, kData);
  b.edge(a, lo, kData);
  b.edge(lo, d, kRemote);
  const LikelyPaths paths(b.graph, model({{kData, 0.5}, {kRemote, 0.8}}), a);
  EXPECT_EQ(paths.path_to(d)->nodes, (Vs{a, lo, d}));
  EXPECT_NEAR(paths.probability(d), 0.4, 1e-15);
}

/// Certain edges (p = 1) cost nothing: a -control-> m -control-> d and
/// a -control-> d are both certain; the one-hop path wins the tie.
TEST(LikelyPaths, CertainPathsOfEqualProbabilityGoToFewerHops) {
  Builder b;
  const Vertex a = b.node("a", NodeKind::terminal);
  const Vertex m = b.node("m", NodeKind::crane_group);
  const Vertex d = b.node("d", NodeKind::crane_group);
  b.edge(a, m, kControl);
  b.edge(m, d, kControl);
  b.edge(a, d, kControl);
  const LikelyPaths paths(b.graph, model({{kControl, 1.0}}), a);
  EXPECT_EQ(paths.path_to(d)->nodes, (Vs{a, d}));
  EXPECT_DOUBLE_EQ(paths.probability(d), 1.0);
  EXPECT_EQ(paths.path_to(m)->nodes, (Vs{a, m}));
}

/// Two edges between the same nodes: the more probable type counts.
TEST(LikelyPaths, ParallelEdgesCountAsTheMoreProbableOne) {
  Builder b;
  const Vertex a = b.node("a", NodeKind::terminal);
  const Vertex c = b.node("c", NodeKind::crane_group);
  b.edge(a, c, kData);
  b.edge(a, c, kControl);
  const LikelyPaths paths(b.graph, model({{kData, 0.3}, {kControl, 0.9}}), a);
  EXPECT_DOUBLE_EQ(paths.probability(c), 0.9);
}

TEST(LikelyPaths, OriginOutOfRangeThrows) {
  const Spread n;
  EXPECT_THROW(LikelyPaths(n.b.graph, AttackModel(), 99), std::invalid_argument);
}

// ---- critical nodes ---------------------------------------------------------

/// A diamond then a chain, on operational edges, plus equipment and a vendor:
///   L -phys-> T1 -phys-> H -phys-> C       T1 -control-> G, K
///   L -phys-> T2 -phys-> H                 V -remote-> K
/// Sources {L}. Removing L cuts all 6 others it reaches; T1 cuts G and K (H
/// still comes through T2); T2 cuts nothing; H cuts C; V is not reached.
/// Betweenness (pairs through the node; two shortest L-H paths share 1):
/// T1: (L,G) 1 + (L,K) 1 + (L,H) 1/2 + (L,C) 1/2 = 3; T2: 1/2 + 1/2 = 1;
/// H: (L,C) + (T1,C) + (T2,C) = 3; every other node 0.
struct Diamond {
  Builder b;
  Vertex l = b.node("line", NodeKind::shipping_line);
  Vertex t1 = b.node("t1", NodeKind::terminal);
  Vertex t2 = b.node("t2", NodeKind::terminal);
  Vertex h = b.node("rail", NodeKind::hinterland_operator);
  Vertex c = b.node("steel", NodeKind::company);
  Vertex g = b.node("t1.gate", NodeKind::gate);
  Vertex k = b.node("t1.sts", NodeKind::crane_group);
  Vertex v = b.node("zpmc", NodeKind::vendor);
  Diamond() {
    b.edge(l, t1, kPhysical);
    b.edge(l, t2, kPhysical);
    b.edge(t1, h, kPhysical);
    b.edge(t2, h, kPhysical);
    b.edge(h, c, kPhysical);
    b.edge(t1, g, kControl);
    b.edge(t1, k, kControl);
    b.edge(v, k, kRemote);
  }
};

TEST(CriticalNodes, CutCountsOnADiamondAndAChain) {
  const Diamond n;
  EXPECT_EQ(flow_sources(n.b.graph), (Vs{n.l}));
  const std::vector<std::size_t> cuts = cut_counts(n.b.graph, Vs{n.l}, kOperationalEdges);
  //                                           L  T1 T2 H  C  G  K  V
  EXPECT_EQ(cuts, (std::vector<std::size_t>{6, 2, 0, 1, 0, 0, 0, 0}));
}

TEST(CriticalNodes, RemoteAccessIsNotOperationalFlow) {
  const Diamond n;
  // With V as a second source: over operational edges V leads nowhere, so T1
  // still cuts G and K; counting V's login as flow, K stays reachable.
  const Vs both{n.l, n.v};
  EXPECT_EQ(cut_counts(n.b.graph, both, kOperationalEdges)[n.t1], 2U);
  EXPECT_EQ(cut_counts(n.b.graph, both, EdgeTypes::all())[n.t1], 1U) << "K still comes through V's login";
}

TEST(CriticalNodes, RankedByCutsThenBetweennessLeavingOutNodesThatMatterNowhere) {
  const Diamond n;
  const std::vector<CriticalNode> all = critical_nodes(n.b.graph, 10);
  const std::vector<CriticalNode> expected = {{n.l, 6, 0.0}, {n.t1, 2, 3.0}, {n.h, 1, 3.0}, {n.t2, 0, 1.0}};
  ASSERT_EQ(all.size(), expected.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].node, expected[i].node) << i;
    EXPECT_EQ(all[i].cut_nodes, expected[i].cut_nodes) << i;
    EXPECT_NEAR(all[i].betweenness, expected[i].betweenness, 1e-12) << i;
  }
  EXPECT_EQ(critical_nodes(n.b.graph, 2).size(), 2U) << "top bounds the list";
}

TEST(CriticalNodes, EqualCutsAreRankedByBetweennessThenIndex) {
  // s -phys-> a -phys-> b -phys-> c and s -phys-> e -phys-> f: s cuts 5, a cuts
  // b and c (2), b cuts c (1), e cuts f (1). b and e tie on cuts; b lies on two
  // pairs' paths ((s,c), (a,c)), e on one ((s,f)), so b ranks first although
  // e has the lower index. c and f matter nowhere and are left out.
  Builder b;
  const Vertex s = b.node("s", NodeKind::shipping_line);
  const Vertex e = b.node("e", NodeKind::terminal);
  const Vertex f = b.node("f", NodeKind::hinterland_operator);
  const Vertex a = b.node("a", NodeKind::terminal);
  const Vertex bb = b.node("b", NodeKind::hinterland_operator);
  const Vertex c = b.node("c", NodeKind::company);
  b.edge(s, a, kPhysical);
  b.edge(a, bb, kPhysical);
  b.edge(bb, c, kPhysical);
  b.edge(s, e, kPhysical);
  b.edge(e, f, kPhysical);
  const std::vector<CriticalNode> ranked = critical_nodes(b.graph, 10);
  ASSERT_EQ(ranked.size(), 4U);
  EXPECT_EQ(ranked[0].node, s);   // cuts 5
  EXPECT_EQ(ranked[1].node, a);   // cuts 2
  EXPECT_EQ(ranked[2].node, bb);  // cuts 1, betweenness 2
  EXPECT_EQ(ranked[3].node, e);   // cuts 1, betweenness 1
}

TEST(CriticalNodes, WithoutShippingLinesTheTerminalsAreTheSources) {
  Builder b;
  const Vertex h = b.node("rail", NodeKind::hinterland_operator);
  const Vertex t1 = b.node("t1", NodeKind::terminal);
  const Vertex t2 = b.node("t2", NodeKind::terminal);
  b.edge(t1, h, kPhysical);
  b.edge(t2, h, kPhysical);
  EXPECT_EQ(flow_sources(b.graph), (Vs{t1, t2}));
  EXPECT_EQ(cut_counts(b.graph, flow_sources(b.graph), kOperationalEdges), (std::vector<std::size_t>{0, 0, 0}))
      << "either terminal alone still feeds the operator";
}

// ---- sensitive zones and the whole analysis --------------------------------

/// pcs -data-> navy_desk (in the sensitive zone `defence`), zpmc -remote-> sts.
struct Defence {
  Builder b;
  Vertex zone = b.node("defence", NodeKind::zone, "defence", true);
  Vertex pcs = b.node("pcs", NodeKind::pcs);
  Vertex sts = b.node("sts", NodeKind::crane_group);
  Vertex desk = b.node("navy_desk", NodeKind::company, "defence", true);
  Vertex zpmc = b.node("zpmc", NodeKind::vendor);
  Defence() {
    b.edge(pcs, desk, kData);
    b.edge(zpmc, sts, kRemote);
  }
};

TEST(AttackAnalysis, SensitiveZoneReachedThroughDataFlowWithItsPath) {
  const Defence n;
  const std::vector<EntryPoint> entries = {{n.pcs, EntryReason::incident_target}, {n.zpmc, EntryReason::remote_access}};
  const AttackAnalysis a = analyze_attack_graph(n.b.graph, model({{kData, 0.3}, {kRemote, 0.8}}), entries, 10);
  ASSERT_EQ(a.sensitive_zones.size(), 1U);
  const ZoneExposure& z = a.sensitive_zones[0];
  EXPECT_EQ(z.zone, n.zone);
  ASSERT_TRUE(z.path.has_value());
  EXPECT_EQ(z.path->from, n.pcs);
  EXPECT_EQ(z.path->nodes, (Vs{n.pcs, n.desk}));
  EXPECT_DOUBLE_EQ(z.path->probability, 0.3);
  EXPECT_EQ(a.reached, (std::vector<Vs>{{n.desk}, {n.sts}}));
  ASSERT_EQ(a.attack_paths.size(), 2U) << "the desk (company, sensitive) and the crane group";
  EXPECT_EQ(a.attack_paths[0].to, n.desk);
  EXPECT_EQ(a.attack_paths[1].to, n.sts);
  EXPECT_DOUBLE_EQ(a.attack_paths[1].probability, 0.8);
}

TEST(AttackAnalysis, SensitiveZoneNotReachedWhenDataFlowIsSegmented) {
  const Defence n;
  const std::vector<EntryPoint> entries = {{n.pcs, EntryReason::incident_target}};
  const AttackAnalysis a = analyze_attack_graph(n.b.graph, model({{kRemote, 0.8}}), entries, 10);
  ASSERT_EQ(a.sensitive_zones.size(), 1U);
  EXPECT_FALSE(a.sensitive_zones[0].path.has_value());
  EXPECT_TRUE(a.attack_paths.empty());
}

TEST(AttackAnalysis, AnEntryPointInsideTheZoneReachesItForCertain) {
  const Defence n;
  const std::vector<EntryPoint> entries = {{n.desk, EntryReason::incident_target}};
  const AttackAnalysis a = analyze_attack_graph(n.b.graph, AttackModel(), entries, 10);
  ASSERT_TRUE(a.sensitive_zones[0].path.has_value());
  EXPECT_EQ(a.sensitive_zones[0].path->nodes, (Vs{n.desk}));
  EXPECT_DOUBLE_EQ(a.sensitive_zones[0].path->probability, 1.0);
}

/// tests/graph/small_port.hpp: vendors zpmc (-> ect_delta.sts) and liebherr
/// (-> ore_terminal.unloaders) have remote links, tracking_cloud is the
/// platform. The navy berth (sensitive zone `defence`) has no edge into it,
/// so nothing reaches the zone; cranes have no out-edges, so the vendors
/// reach exactly their cranes.
TEST(AttackAnalysis, SmallPortFromTheScenario) {
  const scenario::Scenario s = [] {
    scenario::Scenario port = testing::small_port();
    port.cyber.spread = example_spread().cyber.spread;
    return port;
  }();
  const PortGraph g = build_port_graph(s);
  const AttackAnalysis a = analyze_attack_graph(g, s, 10);
  ASSERT_EQ(a.entry_points.size(), 3U);
  EXPECT_EQ(g.node(a.entry_points[0].node).id, "zpmc");
  EXPECT_EQ(g.node(a.entry_points[1].node).id, "liebherr");
  EXPECT_EQ(g.node(a.entry_points[2].node).id, "tracking_cloud");
  EXPECT_EQ(a.entry_points[2].reason, EntryReason::external_platform);
  EXPECT_EQ(a.reached[0], (Vs{*g.find("ect_delta.sts")}));
  EXPECT_EQ(a.reached[1], (Vs{*g.find("ore_terminal.unloaders")}));
  ASSERT_EQ(a.sensitive_zones.size(), 1U);
  EXPECT_EQ(a.sensitive_zones[0].sensitivity, "military_transport");
  EXPECT_FALSE(a.sensitive_zones[0].path.has_value());
  EXPECT_EQ(a.flow_sources, (Vs{*g.find("maersk"), *g.find("msc")}));
  EXPECT_FALSE(a.critical_nodes.empty());
}

}  // namespace
}  // namespace porttwin::graph
