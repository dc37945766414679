// Must not compile: io knows nothing of the run layer (scenarios, ensembles) above it.
#include "porttwin/run/figures.hpp"
