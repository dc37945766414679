// build_scenario: the order of the parts, the per-replication draws, and the
// diagnostics sorted into file order. See builder.hpp.
#include "builder.hpp"

#include <algorithm>
#include <tuple>

namespace porttwin::scenario::detail {

BuildResult build_scenario(const Node& root, const BuildOptions& options) {
  BuildResult out;
  Draws draws;
  Reader rd(options.sources, options.replication ? &draws : nullptr);
  Where top;
  top.mark = Mark{1, 1, 0};
  if (root.is_map()) {
    top.node = &root;
  } else {
    rd.problem(root.mark.line > 0 ? root.mark : Mark{1, 1, 0},
               "expected a map of scenario keys (name, settings, terminals, traffic, ...); found " +
                   (root.is_null() ? std::string("an empty document") : found(root)));
  }

  std::optional<kernel::RandomStream> rng;
  if (options.replication) {
    // The seed comes first: the draws depend on it. Its problems, if any,
    // are reported by the full pass below.
    Reader quiet(options.sources, nullptr);
    const std::uint64_t seed = quiet.integer(quiet.section(top, "settings"), "seed").value_or(1);
    rng.emplace(seed, *options.replication, kParameterStream);
  }
  check_keys_and_draw(root, rd, rng ? &*rng : nullptr, draws);

  Build b(rd, out.scenario, options, options.replication.has_value());
  (void)rd.text(top, "base");  // merged by ScenarioDocument::from_file; checked for type here
  build_settings(b, top);
  build_organisations(b, top);
  build_terminals(b, top);
  build_hinterland(b, top);
  build_traffic(b, top);
  build_dependencies(b, top);
  build_capacity_changes(b, top);
  build_cyber(b, top);
  check_workload(b);
  out.scenario.source_file = options.source_file;
  out.scenario.base_file = options.base_file;

  out.problems = rd.take_problems();
  const std::string& main_file = options.sources.empty() ? std::string() : options.sources.front();
  const auto key = [&main_file](const Diagnostic& d) {
    return std::make_tuple(d.file != main_file, d.file, d.line, d.column);
  };
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [&key](const Diagnostic& x, const Diagnostic& y) { return key(x) < key(y); });
  out.problems.erase(std::unique(out.problems.begin(), out.problems.end(),
                                 [](const Diagnostic& x, const Diagnostic& y) {
                                   return x.file == y.file && x.line == y.line && x.column == y.column &&
                                          x.message == y.message;
                                 }),
                     out.problems.end());
  return out;
}

}  // namespace porttwin::scenario::detail
