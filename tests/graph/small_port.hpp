// Hand-made inputs of the graph tests: a graph Builder, and a small port built
// by hand as Scenario structs (no YAML), whose graph is
// counted by hand in port_graph_test.cpp: two terminals (containers, ore), a
// sensitive defence berth, remotely maintained cranes, three hinterland
// operators, consignee companies and two declared dependencies.
#pragma once

#include <string>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::graph::testing {

/// A graph built node by node, for the algorithm tests' hand-made graphs.
struct Builder {
  PortGraph graph;
  Vertex node(const std::string& id, NodeKind kind, const std::string& zone = "", bool sensitive = false) {
    NodeProps n;
    n.id = id;
    n.kind = kind;
    n.zone = zone;
    n.sensitive = sensitive;
    return graph.add_node(n);
  }
  void edge(Vertex a, Vertex b, EdgeType type) { graph.add_edge(a, b, type, EdgeRule::declared); }
};

inline scenario::Scenario small_port() {
  using namespace porttwin::scenario;
  Scenario s;
  s.name = "small-port";
  s.zones = {{"maasvlakte", "Maasvlakte II", false, ""}, {"defence", "Defence quay", true, "military_transport"}};
  s.pcs.id = "portbase";
  s.customs.id = "customs";
  s.port_authority.id = "harbour_master";

  Terminal ect;
  ect.id = "ect_delta";
  ect.name = "ECT Delta";
  ect.cargo = CargoKind::containers;
  ect.zone = 0;
  ect.berths = {{"ect_delta.deep#1", 400.0, 16.5, kNone},
                {"ect_delta.deep#2", 400.0, 16.5, kNone},
                {"ect_delta.navy", 200.0, 10.0, 1}};
  CraneGroup sts;
  sts.id = "sts";
  sts.count = 10;
  sts.vendor = 0;  // zpmc
  sts.remote_maintenance = true;
  CraneGroup rtg;
  rtg.id = "rtg";
  rtg.count = 4;
  rtg.vendor = 0;  // zpmc, but no remote link
  ect.crane_groups = {sts, rtg};
  ect.yard_blocks = {{"stack", 30000.0}};
  Gate gate;
  gate.id = "main";
  gate.lanes = 20;
  ect.gates = {gate};

  Terminal ore;
  ore.id = "ore_terminal";
  ore.name = "Ore terminal";
  ore.cargo = CargoKind::dry_bulk;
  ore.berths = {{"ore_terminal.quay", 300.0, 23.0, kNone}};
  CraneGroup unloaders;
  unloaders.id = "ore_terminal.unloaders";  // already qualified by the scenario layer
  unloaders.count = 3;
  unloaders.vendor = 1;  // liebherr
  unloaders.remote_maintenance = true;
  ore.crane_groups = {unloaders};
  ore.yard_blocks = {{"stockyard", 2.0e6}};
  s.terminals = {ect, ore};

  s.shipping_lines = {{"maersk", "Maersk"}, {"msc", "MSC"}};
  HinterlandOperator road;
  road.id = "road";
  road.mode = HinterlandMode::truck;  // serves every terminal (empty list)
  HinterlandOperator rail;
  rail.id = "rail";
  rail.mode = HinterlandMode::rail;
  rail.terminals = {0};
  HinterlandOperator conveyor;
  conveyor.id = "ore_conveyor";
  conveyor.mode = HinterlandMode::conveyor;
  conveyor.terminals = {1};
  s.hinterland = {road, rail, conveyor};

  Company tata;
  tata.id = "tata_steel";
  tata.supplied_by = 2;  // ore_conveyor
  Company retailer;
  retailer.id = "retailer";
  retailer.supplied_by = 0;  // road
  Company power;
  power.id = "power_plant";
  power.supplied_by = 1;  // rail, which does not serve the ore terminal
  s.companies = {tata, retailer, power};
  s.vendors = {{"zpmc", "ZPMC"}, {"liebherr", "Liebherr"}};
  s.data_platforms = {{"tracking_cloud", "Tracking <cloud>"}};

  VesselClass ulcv;  // every container terminal; imports, exports and transshipment
  ulcv.id = "ulcv";
  ulcv.line = 0;
  ulcv.import_share = 0.4;
  ulcv.export_share = 0.35;
  ulcv.transshipment_share = 0.25;
  VesselClass feeder;  // imports only
  feeder.id = "feeder";
  feeder.line = 1;
  feeder.terminals = {0};
  VesselClass capesize;
  capesize.id = "capesize";
  capesize.cargo = CargoKind::dry_bulk;
  capesize.consignee = 0;  // tata_steel, through ore_conveyor
  VesselClass parcels;
  parcels.id = "parcels";
  parcels.terminals = {0};
  parcels.consignee = 1;  // retailer, through road
  VesselClass coal;
  coal.id = "coal";
  coal.cargo = CargoKind::dry_bulk;
  coal.terminals = {1};
  coal.consignee = 2;  // power_plant, through rail
  s.traffic.vessel_classes = {ulcv, feeder, capesize, parcels, coal};

  s.dependencies = {{"portbase", "tracking_cloud", DependencyType::data_flow},
                    {"tracking_cloud", "maersk", DependencyType::data_flow},
                    {"ect_delta", "ect_delta.sts", DependencyType::control}};  // also implied
  return s;
}

}  // namespace porttwin::graph::testing
