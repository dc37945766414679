// Compiles: the port layer may use the scenario layer below it.
#include "porttwin/port/run.hpp"
#include "porttwin/scenario/scenario.hpp"
