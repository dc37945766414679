// The ensemble runner: replications give the same figures alone or in a batch,
// on any number of threads, in replication order.
#include "porttwin/run/ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <string_view>

#include "porttwin/run/figures.hpp"
#include "porttwin/run/results.hpp"

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

TEST(Figures, TheTableNamesEachFigureOnceWithUnitsWordsAndTheCascadeAfterThePort) {
  std::set<std::string_view> names;
  bool cascade = false;
  for (const run::Figure& f : run::figures()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name << " twice";
    EXPECT_FALSE(f.units.empty()) << f.name;
    EXPECT_FALSE(f.long_name.empty()) << f.name;
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_EQ(f.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos) << f.name;
    if (f.group == run::FigureGroup::cascade) cascade = true;
    EXPECT_TRUE(f.group == run::FigureGroup::cascade || !cascade) << f.name << ": a port figure after the cascade's";
    EXPECT_EQ(run::find_figure(f.name), &f);
  }
  EXPECT_EQ(run::find_figure("no_such_figure"), nullptr);
}

TEST(Figures, KeyFiguresAreTheTablesRowsComputedFromTheReplication) {
  const auto doc = short_ransomware();
  run::ScenarioRunOptions options;
  const run::ScenarioRun r = run::run_scenario(doc.instantiate(0), options);
  const auto figures = run::key_figures(r);
  const std::vector<const run::Figure*> rows = run::figures_for(true);
  ASSERT_EQ(figures.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(figures[i].first, rows[i]->name);
    const double v = rows[i]->value(r);
    if (std::isnan(v)) {
      EXPECT_TRUE(std::isnan(figures[i].second)) << figures[i].first;
    } else {
      EXPECT_EQ(figures[i].second, v) << figures[i].first;
    }
  }
  // By hand, from the outcome: the figures mean what their rows say.
  EXPECT_EQ(run::find_figure("vessel_calls")->value(r), static_cast<double>(r.port.kpi.vessel_calls));
  EXPECT_EQ(run::find_figure("events")->value(r),
            static_cast<double>(r.port.run.committed_events + r.baseline->run.committed_events +
                                r.cyber->run.committed_events));
  EXPECT_EQ(run::find_figure("vessel_delay_h")->value(r), r.cascade->figures.vessel_delay_h);
  // A replication without incidents has no cascade figures: NaN, and figures_for(false) leaves them out.
  run::ScenarioRun plain;
  plain.port = r.port;
  EXPECT_TRUE(std::isnan(run::find_figure("vessel_delay_h")->value(plain)));
  for (const run::Figure* f : run::figures_for(false)) EXPECT_EQ(f->group, run::FigureGroup::port) << f->name;
}

}  // namespace
