// Importing a MulVAL attack graph (Ou, Govindavajhala and Appel, "MulVAL: a
// logic-based network security analyzer", USENIX Security 2005) as entry
// points of the port's dependency graph.
//
// MulVAL writes VERTICES.CSV, one derived fact per line:
//   id,"label",type,value        e.g.  12,"execCode(tos_server,root)","OR",0
// (type LEAF, OR or AND; the label is a Prolog fact, quoted because it holds
// commas). Every execCode(host, privilege) vertex is a host on which the
// attacker can run code; those hosts, mapped to scenario node ids, become
// entry points of `porttwin analyze` (reason "mulval"). ARCS.CSV (how each
// fact was derived) is not needed for that and is not read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace porttwin::graph {

/// One host MulVAL says the attacker can run code on.
struct MulvalHost {
  std::string host;       ///< the first argument of execCode, quotes removed
  std::string privilege;  ///< the second (e.g. root, user)
  long long vertex = 0;   ///< its vertex id in the file (the first such vertex)
};

/// The execCode hosts of a VERTICES.CSV text, each once, in file order.
/// Throws ScenarioError "<file>:<line>: ..." for a line that is not
/// `id,"label",type,value`.
[[nodiscard]] std::vector<MulvalHost> mulval_exec_hosts(std::string_view vertices_csv, std::string_view file_name);

}  // namespace porttwin::graph
