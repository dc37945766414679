// Inputs built to exhaust memory or time, and inputs yaml-cpp rejects, end as
// diagnostics with a position, quickly; nothing crashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/schema.hpp"

namespace porttwin::scenario {
namespace {

std::string first_problem(const ScenarioDocument& doc) {
  return doc.problems().empty() ? std::string("(none)") : doc.problems().front().to_string();
}

TEST(Limits, DeepNestingIsRefusedWithAPosition) {
  std::string text = "name: x\nterminals: ";
  text.append(100000, '[');
  text.append(100000, ']');
  text += '\n';
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "deep.yaml");
  ASSERT_EQ(doc.problems().size(), 1U);
  EXPECT_EQ(first_problem(doc).rfind("deep.yaml:2:", 0), 0U) << first_problem(doc);
  EXPECT_NE(first_problem(doc).find("nesting too deep"), std::string::npos);
}

TEST(Limits, DeepBlockNestingIsRefusedToo) {
  std::string text = "name: x\n";
  for (int i = 0; i < 200; ++i) {
    text.append(static_cast<std::size_t>(i), ' ');
    text += 'k';
    text += std::to_string(i);
    text += ":\n";
  }
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "deep.yaml");
  EXPECT_NE(first_problem(doc).find("nesting too deep"), std::string::npos) << first_problem(doc);
}

TEST(Limits, AnAliasBombStopsAtTheValueLimitQuickly) {
  std::string text = "name: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    text += 'a';
    text += std::to_string(i);
    text += ": &a";
    text += std::to_string(i);
    text += " [";
    for (int k = 0; k < 10; ++k) {
      text += k ? ", *a" : "*a";
      text += std::to_string(i - 1);
    }
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "lol.yaml");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(first_problem(doc).find("document too large"), std::string::npos) << first_problem(doc);
  EXPECT_LT(seconds, 20.0);
}

TEST(Limits, AFileLargerThanTheLimitIsRefusedWithoutParsing) {
  std::string text = "name: x\n# ";
  text.append(Limits::kMaxFileBytes, 'x');
  text += '\n';
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "big.yaml");
  ASSERT_EQ(doc.problems().size(), 1U);
  EXPECT_NE(first_problem(doc).find("big.yaml:1:1: file too large"), std::string::npos) << first_problem(doc);
}

TEST(Limits, BerthsBeyondTheTotalLimitAreRefusedBeforeAllocating) {
  const std::string text = R"(name: x
terminals:
  t:
    berths:
      a: {count: 100000, length: 300 m, depth: 15 m}
      b: {count: 100000, length: 300 m, depth: 15 m}
    cranes:
      c: {count: 2, productivity: 30 moves/h}
traffic:
  arrivals: {s: {process: poisson, rate: 1 /d}}
  vessel_classes: {v: {arrivals: s, call_size: 5 moves, length: 20 m, draught: 2 m}}
)";
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "many.yaml");
  ASSERT_EQ(doc.problems().size(), 1U) << first_problem(doc);
  EXPECT_EQ(first_problem(doc),
            "many.yaml:6:18: terminals.t.berths.b.count: expected at most 100000 berths in the scenario; found 200000 "
            "so far");
}

TEST(Limits, TooManySamplesPerRunAreRefused) {
  const std::string text = "name: x\nsettings: {horizon: 50 yr, sample_interval: 1 min}\n";
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "s.yaml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : doc.problems()) messages.push_back(d.to_string());
  EXPECT_NE(std::find(messages.begin(), messages.end(),
                      "s.yaml:2:45: settings.sample_interval: expected at most 1e7 samples per run (horizon / "
                      "sample_interval); found 26280000"),
            messages.end());
}

TEST(Limits, ASecondYamlDocumentIsReported) {
  const ScenarioDocument doc = ScenarioDocument::from_string("name: x\n---\nname: y\n", "two.yaml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : doc.problems()) messages.push_back(d.to_string());
  EXPECT_NE(
      std::find(messages.begin(), messages.end(), "two.yaml:2:1: expected a single YAML document; found a second one"),
      messages.end());
}

TEST(Limits, ControlCharactersAndBinaryAreDiagnosticsNotCrashes) {
  const std::string text("name: \x01\x02\xff\xfe\n\t- [}\0x", 16);
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "bin.yaml");
  EXPECT_FALSE(doc.valid());
}

TEST(Limits, AnEmptyDocumentSaysWhatIsExpected) {
  const ScenarioDocument doc = ScenarioDocument::from_string("", "empty.yaml");
  EXPECT_EQ(first_problem(doc),
            "empty.yaml:1:1: expected a map of scenario keys (name, settings, terminals, traffic, ...); found an "
            "empty document");
}

}  // namespace
}  // namespace porttwin::scenario
