// Must not compile: the port layer sees no header of the cyber layer above it.
#include "porttwin/cyber/propagation.hpp"
