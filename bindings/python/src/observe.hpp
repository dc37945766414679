// Running engine work while Python stays responsive.
//
// The work (an ensemble) runs on a thread of its own; the calling Python
// thread waits with the GIL released and wakes at every progress report and
// at least every 100 ms. Each time it takes the GIL, passes the reports to the
// Python callback (in order, on the caller's thread) and runs Python's signal
// handlers (PyErr_CheckSignals), so Ctrl-C raises KeyboardInterrupt there.
//
// Why not call Python from the engine's progress hook, as the CLI prints from
// it: the hook runs on oneTBB worker threads, and Python runs signal handlers
// only on its main thread, so Ctrl-C would be noticed only when the main
// thread happened to be the one finishing a replication.
//
// When the callback or a signal handler raises, `stop` is called (again at
// every wake, so a run that clears its stop flag when it starts still sees
// it): replications not yet started are not started, running ones finish, and
// the work ends with run::Interrupted. Then the Python exception is raised
// here (KeyboardInterrupt stays KeyboardInterrupt), with the engine's
// Interrupted message added as a note when `note_interrupted`.
#pragma once

#include <functional>

#include "bindings.hpp"
#include "porttwin/run/ensemble.hpp"

namespace porttwin::bindings {

using ProgressFn = std::function<void(const run::EnsembleProgress&)>;

/// Runs work(progress) as described above; `callback` is None or a callable
/// (done, total, events, wall_seconds). Called with the GIL held.
void observe(const std::function<void(const ProgressFn&)>& work, const py::object& callback,
             const std::function<void()>& stop, bool note_interrupted);

}  // namespace porttwin::bindings
