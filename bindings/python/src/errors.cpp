// The engine's exception tree (kernel/error.hpp) as Python exceptions with
// the same messages the CLI prints (file:line:column: ...):
//
//   porttwin.Error(Exception)
//   ├── UsageError(Error, ValueError)     bad arguments or impossible values
//   ├── ScenarioError(Error)              a scenario or override that is not valid
//   ├── IoError(Error, OSError)           a file that cannot be read or written
//   ├── SimulationError(Error)            a run that cannot go on
//   └── Interrupted(Error)                a run stopped (run::request_stop) with no Python exception to re-raise
#include <Python.h>

#include "bindings.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/results.hpp"

namespace porttwin::bindings {

namespace {

/// A new exception class porttwin.<name> with `bases`, added to `m`. The
/// module holds the reference for the interpreter's lifetime.
PyObject* new_exception(py::module_& m, const char* name, const py::tuple& bases, const char* doc) {
  const std::string qualified = std::string("porttwin.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module takes a reference; ours lives as long as the process
  return type;
}

PyObject* g_error = nullptr;
PyObject* g_usage = nullptr;
PyObject* g_scenario = nullptr;
PyObject* g_io = nullptr;
PyObject* g_simulation = nullptr;
PyObject* g_interrupted = nullptr;

}  // namespace

void bind_errors(py::module_& m) {
  const py::handle exception(PyExc_Exception);
  const py::handle value_error(PyExc_ValueError);
  const py::handle os_error(PyExc_OSError);
  g_error = new_exception(m, "Error", py::make_tuple(exception), "Anything porttwin reports to a user.");
  const py::handle error(g_error);
  g_usage = new_exception(m, "UsageError", py::make_tuple(error, value_error),
                          "Bad arguments or impossible values (the CLI's exit code 2).");
  g_scenario = new_exception(m, "ScenarioError", py::make_tuple(error),
                             "A scenario or override that is not valid; the message holds every problem, one per "
                             "line, as file:line:column: what was expected, what was found.");
  g_io = new_exception(m, "IoError", py::make_tuple(error, os_error), "A file that cannot be read or written.");
  g_simulation = new_exception(m, "SimulationError", py::make_tuple(error),
                               "A run that cannot go on: a model broke a kernel rule (with the LP, time and event).");
  g_interrupted = new_exception(m, "Interrupted", py::make_tuple(error),
                                "A run stopped before it finished; a results file's finished replications are kept "
                                "(run again with resume=True).");

  // Most derived first: every class here derives from porttwin::Error.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const run::Interrupted& e) {
      PyErr_SetString(g_interrupted, e.what());
    } catch (const UsageError& e) {
      PyErr_SetString(g_usage, e.what());
    } catch (const ScenarioError& e) {
      PyErr_SetString(g_scenario, e.what());
    } catch (const IoError& e) {
      PyErr_SetString(g_io, e.what());
    } catch (const SimulationError& e) {
      PyErr_SetString(g_simulation, e.what());
    } catch (const Error& e) {
      PyErr_SetString(g_error, e.what());
    }
  });
}

}  // namespace porttwin::bindings
