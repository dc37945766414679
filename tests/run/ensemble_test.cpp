// The ensemble runner: replications give the same figures alone or in a batch,
// on any number of threads, in replication order.
#include "porttwin/run/ensemble.hpp"
#include "porttwin/run/results.hpp"

#include <gtest/gtest.h>

#include <cstring>

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
  // Bit for bit (NaN, an undefined figure, equals itself here).
  ASSERT_EQ(one.values.size(), two.values.size());
  for (std::size_t k = 0; k < one.values.size(); ++k) {
    ASSERT_EQ(one.values[k].size(), two.values[k].size());
    EXPECT_EQ(std::memcmp(one.values[k].data(), two.values[k].data(), one.values[k].size() * sizeof(double)), 0) << k;
  }
  EXPECT_EQ(one.names, two.names);
  // Row k is replication first + k run alone.
  run::ScenarioRunOptions single;
  single.replication = 4;
  const run::ScenarioRun alone = run::run_scenario(doc.instantiate(4), single);
  const auto figures = run::key_figures(alone);
  ASSERT_EQ(figures.size(), one.names.size());
  for (std::size_t f = 0; f < figures.size(); ++f) {
    if (std::isnan(figures[f].second)) {
      EXPECT_TRUE(std::isnan(one.values[2][f])) << figures[f].first;
    } else {
      EXPECT_EQ(one.values[2][f], figures[f].second) << figures[f].first;
    }
  }
}

TEST(Ensemble, SummariesAreOverTheRows) {
  const auto doc = short_ransomware();
  run::EnsembleOptions o;
  o.count = 3;
  o.threads = 2;
  const run::EnsembleResult r = run::run_ensemble(doc, o);
  for (std::size_t f = 0; f < r.names.size(); ++f) {
    // Undefined values (NaN: e.g. the port never recovered) are left out.
    double sum = 0.0;
    int n = 0;
    for (int k = 0; k < 3; ++k) {
      if (!std::isnan(r.values[static_cast<std::size_t>(k)][f])) {
        sum += r.values[static_cast<std::size_t>(k)][f];
        ++n;
      }
    }
    EXPECT_EQ(r.summaries[f].n, static_cast<std::size_t>(n)) << r.names[f];
    if (n == 0) continue;
    const double mean = sum / n;
    EXPECT_NEAR(r.summaries[f].mean, mean, 1e-9 * (1.0 + std::abs(mean))) << r.names[f];
    EXPECT_LE(r.summaries[f].ci95_low, r.summaries[f].mean);
    EXPECT_GE(r.summaries[f].ci95_high, r.summaries[f].mean);
  }
}

TEST(Ensemble, EveryKeyFigureIsInTheCatalogueInItsOrder) {
  // The results file writes the figures the catalogue (run/results.hpp) lists, with their
  // units: a figure key_figures() gives but the catalogue lacks would be lost.
  const auto doc = short_ransomware();
  run::ScenarioRunOptions options;
  const run::ScenarioRun r = run::run_scenario(doc.instantiate(0), options);
  const auto figures = run::key_figures(r);
  const run::FigureInfo* previous = nullptr;
  for (const auto& [name, value] : figures) {
    const run::FigureInfo* info = run::figure_info(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_FALSE(info->units.empty()) << name;
    if (previous != nullptr) {
      EXPECT_GT(info, previous) << name << " out of the catalogue's order";
    }
    previous = info;
  }
}

}  // namespace
