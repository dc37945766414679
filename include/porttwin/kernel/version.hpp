// The porttwin version string, as written into results and printed by the CLI.
#pragma once

#include <string_view>

namespace porttwin {

[[nodiscard]] std::string_view version() noexcept;

}  // namespace porttwin
