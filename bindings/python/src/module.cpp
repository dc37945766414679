// The `_porttwin` extension module: the engine library's scenario, graph and
// run functions for the Python package `porttwin` (bindings/python/porttwin).
#include "bindings.hpp"
#include "porttwin/kernel/version.hpp"

PYBIND11_MODULE(_porttwin, m) {
  using namespace porttwin::bindings;
  m.doc() = "porttwin's engine (C++): scenario documents, the dependency graph, ensembles. Import `porttwin`.";
  m.attr("__version__") = std::string(porttwin::version());
  bind_errors(m);
  bind_scenario(m);
  bind_graph(m);
  bind_run(m);
}
