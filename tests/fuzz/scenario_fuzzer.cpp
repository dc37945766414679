// libFuzzer target: any bytes through the whole scenario layer. Parsing,
// validation, --set overrides and instantiation must end in a document (with
// diagnostics) or a porttwin::Error, never a crash, hang or sanitizer report.
//
// An input whose first line is "#set PATH=VALUE" also applies that override
// (a YAML comment, so the rest of the input is unaffected).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using porttwin::scenario::ScenarioDocument;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    ScenarioDocument doc = ScenarioDocument::from_string(text, "fuzz.yaml", PORTTWIN_FUZZ_DATA);
    if (text.rfind("#set ", 0) == 0) {
      const std::string_view line =
          text.substr(5, text.find('\n') == std::string_view::npos ? text.size() - 5 : text.find('\n') - 5);
      const std::size_t eq = line.find('=');
      if (eq != std::string_view::npos) {
        doc.set(line.substr(0, eq), line.substr(eq + 1));
        (void)doc.get(line.substr(0, eq));
      }
    }
    for (const auto& d : doc.problems()) (void)d.to_string();
    if (doc.valid()) {
      (void)doc.instantiate(0);
      (void)doc.instantiate(7);
    }
  } catch (const porttwin::Error&) {
    // ScenarioError for an unknown --set path or a replication whose draws break a rule.
  }
  return 0;
}
