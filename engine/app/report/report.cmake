# The HTML report (porttwin report): embeds the page template, its script and
# style and ECharts' minified build (from npm, pinned by package-lock.json)
# into the porttwin binary. Included by engine/CMakeLists.txt.
set(PORTTWIN_REPORT_DIR ${CMAKE_CURRENT_LIST_DIR})
set(PORTTWIN_REPORT_ECHARTS ${PORTTWIN_REPORT_DIR}/node_modules/echarts/dist/echarts.min.js)
if(NOT EXISTS ${PORTTWIN_REPORT_ECHARTS} OR NOT EXISTS ${PORTTWIN_REPORT_DIR}/node_modules/echarts/package.json)
  message(FATAL_ERROR
    "porttwin report needs ECharts from npm, and ${PORTTWIN_REPORT_ECHARTS} is missing: "
    "run scripts/setup.sh (npm ci in engine/app/report)")
endif()
file(READ ${PORTTWIN_REPORT_DIR}/node_modules/echarts/package.json porttwin_echarts_package)
string(JSON PORTTWIN_ECHARTS_VERSION GET "${porttwin_echarts_package}" version)
# Re-run CMake when npm installs another ECharts (its version is compiled in).
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PORTTWIN_REPORT_DIR}/node_modules/echarts/package.json ${PORTTWIN_REPORT_DIR}/assets.cpp.in)

set(porttwin_report_assets ${CMAKE_CURRENT_BINARY_DIR}/report_assets.cpp)
configure_file(${PORTTWIN_REPORT_DIR}/assets.cpp.in ${porttwin_report_assets} @ONLY)
target_sources(porttwin PRIVATE ${porttwin_report_assets} ${PORTTWIN_REPORT_DIR}/payload.cpp)
# .incbin is invisible to the compiler's dependency scan: name the files.
set_source_files_properties(${porttwin_report_assets} PROPERTIES OBJECT_DEPENDS
  "${PORTTWIN_REPORT_DIR}/template.html;${PORTTWIN_REPORT_DIR}/report.js;${PORTTWIN_REPORT_DIR}/report.css;${PORTTWIN_REPORT_ECHARTS};${PORTTWIN_REPORT_DIR}/assets.hpp")
