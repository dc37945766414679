// The report page's files, embedded in the porttwin binary at build time
// (report.cmake generates their definitions from assets.cpp.in): the page
// template, its own script and style, and ECharts' minified build.
#pragma once

#include <string_view>

namespace porttwin::app::report_assets {

[[nodiscard]] std::string_view page_template() noexcept;    ///< template.html
[[nodiscard]] std::string_view script() noexcept;           ///< report.js
[[nodiscard]] std::string_view style() noexcept;            ///< report.css
[[nodiscard]] std::string_view echarts() noexcept;          ///< node_modules/echarts/dist/echarts.min.js
[[nodiscard]] std::string_view echarts_version() noexcept;  ///< from node_modules/echarts/package.json

}  // namespace porttwin::app::report_assets
