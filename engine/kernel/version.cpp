#include "porttwin/kernel/version.hpp"

namespace porttwin {

std::string_view version() noexcept { return PORTTWIN_VERSION; }

}  // namespace porttwin
