// The ensemble runner: replications give the same figures alone or in a batch,
// on any number of threads, in replication order.
#include "porttwin/run/ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace {

using namespace porttwin;

scenario::ScenarioDocument short_ransomware() {
  auto doc =
      scenario::ScenarioDocument::from_file(std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/terminal-ransomware.yaml");
  doc.set("settings.horizon", "40 d");
  return doc;
}

TEST(Ensemble, ThreadCountChangesNothingAndRowsAreTheSingleRuns) {
  const auto doc = short_ransomware();
  run::EnsembleOptions o;
  o.first = 2;
  o.count = 4;
  o.threads = 1;
  const run::EnsembleResult one = run::run_ensemble(doc, o);
  o.threads = 2;
  int calls = 0;
  o.progress = [&calls](const run::EnsembleProgress& p) {
    ++calls;
    EXPECT_EQ(p.total, 4U);
    EXPECT_EQ(p.done, static_cast<std::uint32_t>(calls));
  };
  const run::EnsembleResult two = run::run_ensemble(doc, o);
  EXPECT_EQ(calls, 4);
  ASSERT_EQ(one.values.size(), 4U);
  EXPECT_EQ(one.values, two.values);
  EXPECT_EQ(one.names, two.names);
  // Row k is replication first + k run alone.
  run::ScenarioRunOptions single;
  single.replication = 4;
  const run::ScenarioRun alone = run::run_scenario(doc.instantiate(4), single);
  const auto figures = run::key_figures(alone);
  ASSERT_EQ(figures.size(), one.names.size());
  for (std::size_t f = 0; f < figures.size(); ++f) EXPECT_EQ(one.values[2][f], figures[f].second) << figures[f].first;
}

TEST(Ensemble, SummariesAreOverTheRows) {
  const auto doc = short_ransomware();
  run::EnsembleOptions o;
  o.count = 3;
  o.threads = 2;
  const run::EnsembleResult r = run::run_ensemble(doc, o);
  for (std::size_t f = 0; f < r.names.size(); ++f) {
    const double mean = (r.values[0][f] + r.values[1][f] + r.values[2][f]) / 3.0;
    EXPECT_NEAR(r.summaries[f].mean, mean, 1e-9 * (1.0 + std::abs(mean))) << r.names[f];
    EXPECT_LE(r.summaries[f].ci95_low, r.summaries[f].mean);
    EXPECT_GE(r.summaries[f].ci95_high, r.summaries[f].mean);
  }
}

}  // namespace
