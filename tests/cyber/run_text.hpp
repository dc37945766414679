// One replication of a scenario given as text (the toy ports of the cyber tests), checked valid.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::testing {

inline run::ScenarioRun run_text(const std::string& text, const std::string& file_name) {
  const auto doc = scenario::ScenarioDocument::from_string(text, file_name);
  EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
  return run::run_scenario(doc.instantiate(0), {});
}

}  // namespace porttwin::testing
