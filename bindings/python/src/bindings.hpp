// The pieces of the `_porttwin` extension module (bindings/python/porttwin is
// the package users import). Each piece binds one part of the engine library,
// calling the same functions the CLI calls; pandas and xarray objects are
// built in Python, not here.
#pragma once

#include <pybind11/pybind11.h>

namespace porttwin::bindings {

namespace py = pybind11;

/// porttwin.Error and its subclasses, and the translation of the engine's exceptions.
void bind_errors(py::module_& m);
/// ScenarioDocument and the parameter table.
void bind_scenario(py::module_& m);
/// The dependency graph and the attack-graph analysis.
void bind_graph(py::module_& m);
/// Ensembles in memory and to a results file.
void bind_run(py::module_& m);

}  // namespace porttwin::bindings
