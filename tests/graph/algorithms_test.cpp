// Tests graph/algorithms.hpp on small hand-made graphs whose answers were
// worked out by hand (drawn in the comments; "a -x-> b" is an edge of type x).
#include "porttwin/graph/algorithms.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "small_port.hpp"

namespace porttwin::graph {
namespace {

constexpr EdgeType kPhysical = EdgeType::physical_flow;
constexpr EdgeType kData = EdgeType::data_flow;
constexpr EdgeType kControl = EdgeType::control;
constexpr EdgeType kRemote = EdgeType::remote_access;
constexpr EdgeType kService = EdgeType::service;

using testing::Builder;

/// The small terminal of most tests:
///   v -remote-> c1        t -control-> c1, c2      p -data-> t, t -data-> p
///   p -data-> l           l -physical-> t          t -physical-> h -physical-> co
///   x: an isolated company
struct Terminal {
  Builder b;
  Vertex v = b.node("vendor", NodeKind::vendor);
  Vertex c1 = b.node("c1", NodeKind::crane_group);
  Vertex c2 = b.node("c2", NodeKind::crane_group);
  Vertex t = b.node("terminal", NodeKind::terminal);
  Vertex p = b.node("pcs", NodeKind::pcs);
  Vertex l = b.node("line", NodeKind::shipping_line);
  Vertex h = b.node("rail", NodeKind::hinterland_operator);
  Vertex co = b.node("steel", NodeKind::company);
  Vertex x = b.node("bakery", NodeKind::company);
  Terminal() {
    b.edge(v, c1, kRemote);
    b.edge(t, c1, kControl);
    b.edge(t, c2, kControl);
    b.edge(p, t, kData);
    b.edge(t, p, kData);
    b.edge(p, l, kData);
    b.edge(l, t, kPhysical);
    b.edge(t, h, kPhysical);
    b.edge(h, co, kPhysical);
  }
  const PortGraph& g() const { return b.graph; }
};

using Vs = std::vector<Vertex>;

TEST(Reachable, DownstreamFromAVendorReachesOnlyItsCrane) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.v}, EdgeTypes::all()), (Vs{n.v, n.c1}));
  EXPECT_EQ(reachable(n.g(), n.v, EdgeTypes::all()), (Vs{n.v, n.c1})) << "the one-source overload";
}

TEST(Reachable, DataFlowAloneStaysWithinTheMessagePartners) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.p}, EdgeTypes{kData}), (Vs{n.t, n.p, n.l}));
}

TEST(Reachable, AllTypesFromThePcsReachEverythingButTheVendorAndTheIsolatedCompany) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.p}, EdgeTypes::all()), (Vs{n.c1, n.c2, n.t, n.p, n.l, n.h, n.co}));
}

TEST(Reachable, UpstreamFindsWhatACompanyDependsOn) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.co}, EdgeTypes{kPhysical}, Direction::upstream), (Vs{n.t, n.l, n.h, n.co}));
  EXPECT_EQ(reachable(n.g(), Vs{n.co}, EdgeTypes::all(), Direction::upstream), (Vs{n.t, n.p, n.l, n.h, n.co}));
}

TEST(Reachable, SeveralSourcesAreSearchedTogether) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.h, n.v}, EdgeTypes::all()), (Vs{n.v, n.c1, n.h, n.co}));
}

TEST(Reachable, NoEdgeTypesLeavesOnlyTheSources) {
  const Terminal n;
  EXPECT_EQ(reachable(n.g(), Vs{n.t}, EdgeTypes{}), (Vs{n.t}));
  EXPECT_TRUE(reachable(n.g(), Vs{}, EdgeTypes::all()).empty());
}

TEST(Reachable, UnknownSourceIsRejected) {
  const Terminal n;
  EXPECT_THROW((void)reachable(n.g(), Vs{99}, EdgeTypes::all()), std::invalid_argument);
}

TEST(EdgeTypes, HoldsExactlyTheTypesGiven) {
  const EdgeTypes some{kData, kRemote};
  EXPECT_TRUE(some.contains(kData));
  EXPECT_TRUE(some.contains(kRemote));
  EXPECT_FALSE(some.contains(kPhysical));
  EXPECT_FALSE(some.contains(kControl));
  EXPECT_FALSE(some.contains(kService));
  EXPECT_TRUE(EdgeTypes{}.empty());
  for (EdgeType t : {kPhysical, kData, kControl, kRemote, kService}) EXPECT_TRUE(EdgeTypes::all().contains(t));
}

TEST(ShortestAttackPaths, FewestHopsFromThePcsToEveryCrane) {
  const Terminal n;
  const auto paths = shortest_attack_paths(n.g(), n.p, NodeKind::crane_group, PathCosts::hops(EdgeTypes::all()));
  ASSERT_EQ(paths.size(), 2U);
  EXPECT_EQ(paths[0].target, n.c1);
  EXPECT_EQ(paths[1].target, n.c2);
  for (const AttackPath& path : paths) {
    EXPECT_TRUE(path.reachable);
    EXPECT_EQ(path.cost, 2.0);
    EXPECT_EQ(path.hops(), 2U);
    EXPECT_EQ(path.nodes, (Vs{n.p, n.t, path.target}));
    EXPECT_EQ(path.steps, (std::vector<EdgeType>{kData, kControl}));
  }
}

TEST(ShortestAttackPaths, UnreachableTargetsAreListedAsSuch) {
  const Terminal n;
  const auto paths = shortest_attack_paths(n.g(), n.v, NodeKind::crane_group, PathCosts::hops(EdgeTypes::all()));
  ASSERT_EQ(paths.size(), 2U);
  EXPECT_TRUE(paths[0].reachable);
  EXPECT_EQ(paths[0].nodes, (Vs{n.v, n.c1}));
  EXPECT_EQ(paths[0].steps, (std::vector<EdgeType>{kRemote}));
  EXPECT_FALSE(paths[1].reachable) << "the vendor has no way to c2";
  EXPECT_TRUE(std::isinf(paths[1].cost));
  EXPECT_TRUE(paths[1].nodes.empty());
}

TEST(ShortestAttackPaths, EdgeTypesLeftOutCannotBeCrossed) {
  const Terminal n;
  const auto paths = shortest_attack_paths(n.g(), n.p, NodeKind::company, PathCosts::hops(EdgeTypes{kData, kPhysical}));
  ASSERT_EQ(paths.size(), 2U);
  EXPECT_EQ(paths[0].target, n.co);
  EXPECT_EQ(paths[0].nodes, (Vs{n.p, n.t, n.h, n.co})) << "p -data-> t -physical-> h -physical-> co";
  EXPECT_FALSE(paths[1].reachable);
  const auto no_physical = shortest_attack_paths(n.g(), n.p, NodeKind::company, PathCosts::hops(EdgeTypes{kData}));
  EXPECT_FALSE(no_physical[0].reachable);
}

TEST(ShortestAttackPaths, TheStartIsItsOwnTargetAtCostZero) {
  const Terminal n;
  const auto paths = shortest_attack_paths(n.g(), n.t, NodeKind::terminal, PathCosts::hops(EdgeTypes::all()));
  ASSERT_EQ(paths.size(), 1U);
  EXPECT_TRUE(paths[0].reachable);
  EXPECT_EQ(paths[0].cost, 0.0);
  EXPECT_EQ(paths[0].nodes, (Vs{n.t}));
  EXPECT_EQ(paths[0].hops(), 0U);
}

/// Two ways from an attacker's vendor foothold a to the crane d:
///   a -remote-> b -control-> d              (2 hops)
///   a -data-> c -data-> b -control-> d      (3 hops)
struct TwoWays {
  Builder b;
  Vertex a = b.node("a", NodeKind::vendor);
  Vertex bt = b.node("b", NodeKind::terminal);
  Vertex c = b.node("c", NodeKind::pcs);
  Vertex d = b.node("d", NodeKind::crane_group);
  TwoWays() {
    b.edge(a, bt, kRemote);
    b.edge(a, c, kData);
    b.edge(c, bt, kData);
    b.edge(bt, d, kControl);
  }
};

PathCosts costs(double physical, double data, double control, double remote, double service) {
  return PathCosts{{physical, data, control, remote, service}};
}

TEST(ShortestAttackPaths, WeightsChooseTheCheaperWayNotTheShorter) {
  const TwoWays w;
  const auto hard_remote = shortest_attack_paths(w.b.graph, w.a, NodeKind::crane_group, costs(1, 1, 1, 5, 1));
  ASSERT_EQ(hard_remote.size(), 1U);
  EXPECT_EQ(hard_remote[0].cost, 3.0) << "1 + 1 + 1 beats 5 + 1";
  EXPECT_EQ(hard_remote[0].nodes, (Vs{w.a, w.c, w.bt, w.d}));
  EXPECT_EQ(hard_remote[0].steps, (std::vector<EdgeType>{kData, kData, kControl}));

  const auto easy_remote = shortest_attack_paths(w.b.graph, w.a, NodeKind::crane_group, costs(1, 1, 1, 0.5, 1));
  EXPECT_EQ(easy_remote[0].cost, 1.5) << "0.5 + 1 beats 3";
  EXPECT_EQ(easy_remote[0].nodes, (Vs{w.a, w.bt, w.d}));

  const double inf = std::numeric_limits<double>::infinity();
  const auto no_remote = shortest_attack_paths(w.b.graph, w.a, NodeKind::crane_group, costs(1, 2, 1, inf, 1));
  EXPECT_EQ(no_remote[0].cost, 5.0);
  EXPECT_EQ(no_remote[0].hops(), 3U);
}

TEST(ShortestAttackPaths, NegativeOrNanCostsAreRejected) {
  const TwoWays w;
  EXPECT_THROW((void)shortest_attack_paths(w.b.graph, w.a, NodeKind::crane_group, costs(1, -1, 1, 1, 1)),
               std::invalid_argument);
  EXPECT_THROW((void)shortest_attack_paths(w.b.graph, w.a, NodeKind::crane_group,
                                           costs(1, 1, std::numeric_limits<double>::quiet_NaN(), 1, 1)),
               std::invalid_argument);
  EXPECT_THROW((void)shortest_attack_paths(w.b.graph, 17, NodeKind::crane_group, costs(1, 1, 1, 1, 1)),
               std::invalid_argument);
}

TEST(DependentCounts, CountTransitiveDependentsOverTheChosenTypes) {
  const Terminal n;
  // all types: v {c1}; t {c1, c2, p, l, h, co}; p {t, l, c1, c2, h, co}; l {t, p, c1, c2, h, co}; h {co}
  EXPECT_EQ(dependent_counts(n.g(), EdgeTypes::all()), (std::vector<std::size_t>{1, 0, 0, 6, 6, 6, 1, 0, 0}));
  // physical only: t {h, co}; l {t, h, co}; h {co}
  EXPECT_EQ(dependent_counts(n.g(), EdgeTypes{kPhysical}), (std::vector<std::size_t>{0, 0, 0, 2, 0, 3, 1, 0, 0}));
}

TEST(DependentCounts, ACycleCountsEachOtherOnce) {
  Builder b;
  const Vertex a = b.node("a", NodeKind::pcs);
  const Vertex c = b.node("c", NodeKind::terminal);
  b.edge(a, c, kData);
  b.edge(c, a, kData);
  b.edge(a, c, kService);  // a second edge between the same nodes is not a second dependent
  EXPECT_EQ(dependent_counts(b.graph, EdgeTypes::all()), (std::vector<std::size_t>{1, 1}));
}

TEST(Betweenness, InnerNodesOfAChainCarryEveryPathThroughThem) {
  Builder b;  // a -> b -> c -> d: b is on (a,c), (a,d); c on (a,d), (b,d)
  const Vertex a = b.node("a", NodeKind::vendor);
  const Vertex bb = b.node("b", NodeKind::terminal);
  const Vertex c = b.node("c", NodeKind::crane_group);
  const Vertex d = b.node("d", NodeKind::company);
  b.edge(a, bb, kRemote);
  b.edge(bb, c, kControl);
  b.edge(c, d, kPhysical);
  EXPECT_EQ(betweenness(b.graph, EdgeTypes::all()), (std::vector<double>{0, 2, 2, 0}));
}

TEST(Betweenness, TwoEqualPathsShareTheCreditAndFilteredTypesDoNotCount) {
  Builder b;  // a -> b -> d and a -> c -> d; a -> c is data_flow
  const Vertex a = b.node("a", NodeKind::pcs);
  const Vertex bb = b.node("b", NodeKind::terminal);
  const Vertex c = b.node("c", NodeKind::terminal);
  const Vertex d = b.node("d", NodeKind::company);
  b.edge(a, bb, kPhysical);
  b.edge(a, c, kData);
  b.edge(bb, d, kPhysical);
  b.edge(c, d, kPhysical);
  EXPECT_EQ(betweenness(b.graph, EdgeTypes::all()), (std::vector<double>{0, 0.5, 0.5, 0}));
  EXPECT_EQ(betweenness(b.graph, EdgeTypes{kPhysical}), (std::vector<double>{0, 1, 0, 0}));
}

}  // namespace
}  // namespace porttwin::graph
