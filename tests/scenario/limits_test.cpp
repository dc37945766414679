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
    gates:
      g: {lanes: 2, truck_handling: 5 min}
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

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const char* const kPort = R"(terminals:
  t:
    berths:
      b: {count: 100000, length: 300 m, depth: 15 m}
    cranes:
      c: {count: 2, productivity: 30 moves/h}
    gates:
      g: {lanes: 2, truck_handling: 5 min}
traffic:
  arrivals:
    s: {process: poisson, rate: 4 /d}
  vessel_classes:
    v: {arrivals: s, call_size: 500 moves, length: 200 m, draught: 12 m}
)";

TEST(Limits, AMapWithTooManyKeysIsRefusedAsItIsReadAtTheFirstKeyPastTheLimit) {
  // 124,000 keys used to take 32 s (each key compared with every one before
  // it) before the value limit refused them.
  std::string text = "name: x\n";
  for (int i = 0; i < 124000; ++i) text.append("k").append(std::to_string(i)).append(": 1\n");
  const auto start = std::chrono::steady_clock::now();
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "keys.yaml");
  EXPECT_LT(seconds_since(start), 5.0);
  ASSERT_EQ(doc.problems().size(), 1U) << first_problem(doc);
  EXPECT_EQ(first_problem(doc), "keys.yaml:10001:1: map too large: more than 10000 keys in one map (the limit)");
}

TEST(Limits, DuplicateKeysAreFoundInAMapAtTheLimit) {
  std::string text = "name: x\nzones:\n";
  for (int i = 0; i < 9998; ++i) text.append("  z").append(std::to_string(i)).append(": {}\n");
  text += "  z17: {}\n";
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "dup.yaml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : doc.problems()) messages.push_back(d.to_string());
  EXPECT_NE(
      std::find(messages.begin(), messages.end(), "dup.yaml:10001:3: duplicate key 'z17' (first given at line 20)"),
      messages.end());
}

TEST(Limits, ManyBadReferencesAmongManyIdsAreReportedQuickly) {
  // 120,000 unknown targets among 100,000 berth ids: each used to compute
  // a did-you-mean against every id (over two minutes); past a budget they
  // are reported without one.
  std::string text = "name: x\n" + std::string(kPort) +
                     "cyber:\n  incidents:\n    i:\n      kind: ransomware\n"
                     "      at: 1 h\n      targets: [t.b#1x";
  for (int i = 2; i <= 120000; ++i) text.append(", t.b#").append(std::to_string(i)).append("x");
  text += "]\n";
  const auto start = std::chrono::steady_clock::now();
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "targets.yaml");
  EXPECT_LT(seconds_since(start), 20.0);
  ASSERT_EQ(doc.problems().size(), 120000U);
  EXPECT_EQ(doc.problems().front().message,
            "cyber.incidents.i.targets: expected a node id (a terminal, organisation, operator, company, vendor, "
            "platform or <terminal>.<equipment>); found 't.b#1x'; did you mean 't.b#1'?");
  EXPECT_EQ(doc.problems().back().message.find("did you mean"), std::string::npos);
}

TEST(Limits, VesselClassTimesTerminalPairsAreBounded) {
  // Every class keeps the list of terminals it may use: 10,000 classes at
  // 10,000 terminals would be 10^8 entries here and as many in the model.
  std::string text = "name: x\nterminals:\n";
  for (int i = 0; i < 2000; ++i) {
    text.append("  t").append(std::to_string(i));
    text += ": {berths: {b: {length: 300 m, depth: 15 m}}, cranes: {c: {productivity: 1 moves/h}}}\n";
  }
  text += "traffic:\n  arrivals:\n    s: {process: poisson, rate: 4 /d}\n  vessel_classes:\n";
  for (int i = 0; i < 600; ++i) {
    text.append("    v").append(std::to_string(i));
    text += ": {arrivals: s, share: 0.001, call_size: 1 moves, length: 1 m, draught: 1 m}\n";
  }
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "pairs.yaml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : doc.problems()) messages.push_back(d.to_string());
  EXPECT_NE(std::find(messages.begin(), messages.end(),
                      "pairs.yaml:2507:5: traffic.vessel_classes.v500: expected at most 1000000 (vessel class, "
                      "terminal) pairs in the scenario (the terminals each class may use, summed); found more"),
            messages.end())
      << first_problem(doc);
}

TEST(Limits, AnEmptyDocumentSaysWhatIsExpected) {
  const ScenarioDocument doc = ScenarioDocument::from_string("", "empty.yaml");
  EXPECT_EQ(first_problem(doc),
            "empty.yaml:1:1: expected a map of scenario keys (name, settings, terminals, traffic, ...); found an "
            "empty document");
}

}  // namespace
}  // namespace porttwin::scenario
