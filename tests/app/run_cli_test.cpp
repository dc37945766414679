// `porttwin run` as a user runs it: every shipped scenario runs a year and
// its key figures fall within bounds a port person would accept; the --json
// contract; the same figures from both schedulers; bad input exits cleanly.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::Outcome;

/// stdout and stderr kept apart, so that JSON or GraphML on stdout stays clean.
Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, false); }

std::string scenario(const char* name) { return std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/" + name; }

nlohmann::json run_json(const std::string& arguments) {
  const Outcome o = run(arguments + " --json");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return nlohmann::json::parse(o.out);
}

TEST(RunCommand, RotterdamBaselineYearIsAPlausibleRotterdam) {
  const nlohmann::json j = run_json("run " + scenario("rotterdam-baseline.yaml"));
  for (const char* key : {"vessel_calls", "mean_wait_h", "p95_wait_h", "mean_time_in_port_h", "berth_utilisation",
                          "teu_handled", "peak_yard_teu", "events", "events_per_second", "wall_seconds"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  // Calibrated to 13.4 M TEU (2023); a year of one replication within about 10%.
  EXPECT_GT(j["teu_handled"].get<double>(), 12.0e6);
  EXPECT_LT(j["teu_handled"].get<double>(), 14.8e6);
  EXPECT_GT(j["vessel_calls"].get<double>(), 7000);
  EXPECT_LT(j["vessel_calls"].get<double>(), 9500);
  EXPECT_LT(j["mean_wait_h"].get<double>(), 6.0);
  EXPECT_GE(j["p95_wait_h"].get<double>(), j["mean_wait_h"].get<double>());
  EXPECT_GT(j["berth_utilisation"].get<double>(), 0.15);
  EXPECT_LT(j["berth_utilisation"].get<double>(), 0.8);
  // A few days of imports on the terminals: tens to hundreds of thousands of TEU.
  EXPECT_GT(j["peak_yard_teu"].get<double>(), 50e3);
  EXPECT_LT(j["peak_yard_teu"].get<double>(), 400e3);
  EXPECT_LT(j["vessels_left_port"].get<double>(), 0.01 * j["vessel_calls"].get<double>());
}

TEST(RunCommand, ParallelSchedulerGivesTheSameYearAsTheSequentialOne) {
  const nlohmann::json a = run_json("run " + scenario("rotterdam-baseline.yaml") + " --set settings.horizon=60d");
  const nlohmann::json b = run_json("run " + scenario("rotterdam-baseline.yaml") +
                                    " --set settings.horizon=60d --scheduler parallel --threads 2");
  EXPECT_EQ(a["trace_hash"], b["trace_hash"]);
  EXPECT_EQ(a["teu_handled"], b["teu_handled"]);
  EXPECT_EQ(a["mean_wait_h"], b["mean_wait_h"]);
  EXPECT_EQ(a["peak_yard_teu"], b["peak_yard_teu"]);
}

TEST(RunCommand, NorthSeaCanalBaselineKeepsItsPlantsSupplied) {
  const nlohmann::json j = run_json("run " + scenario("amsterdam-nzkg-baseline.yaml"));
  // 2022-based bulk volumes, about 77 Mt expected.
  EXPECT_GT(j["bulk_t_handled"].get<double>(), 60e6);
  EXPECT_LT(j["bulk_t_handled"].get<double>(), 95e6);
  EXPECT_GT(j["units_handled"].get<double>(), 0.0);
  EXPECT_EQ(j["company_shortage_h"].get<double>(), 0.0);
  ASSERT_FALSE(j["companies"].empty());
  for (const auto& company : j["companies"]) EXPECT_GT(company["consumed"].get<double>(), 0.0) << company["id"];
}

TEST(RunCommand, MmcValidationScenarioWaitsAboutAsErlangCSays) {
  // Erlang C for the file's M/M/3 at rho 2/3: Wq = 4.44 h. One year per
  // replication is ~1600 calls, so three replications are checked loosely
  // here; tests/port checks the model against Erlang C within 3%.
  double sum = 0.0;
  for (int r = 0; r < 3; ++r) {
    sum += run_json("run " + scenario("mmc-validation.yaml") + " --replication " + std::to_string(r))["mean_wait_h"]
               .get<double>();
  }
  EXPECT_NEAR(sum / 3.0, 4.44, 0.25 * 4.44);
}

TEST(RunCommand, SeedChangesTheRunAndIsReported) {
  const std::string base = "run " + scenario("mmc-validation.yaml") + " --set settings.horizon=60d";
  const nlohmann::json a = run_json(base + " --seed 1");
  const nlohmann::json b = run_json(base + " --seed 2");
  EXPECT_EQ(a["seed"], 1);
  EXPECT_EQ(b["seed"], 2);
  EXPECT_NE(a["trace_hash"], b["trace_hash"]);
}

TEST(RunCommand, HumanSummaryNamesTheKeyFigures) {
  const Outcome o = run("run " + scenario("mmc-validation.yaml") + " --set settings.horizon=60d");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("vessel calls"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("wait before berthing"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("berth utilisation"), std::string::npos) << o.out;
}

TEST(RunCommand, UnknownParameterIsExitOneWithDidYouMean) {
  const Outcome o = run("run " + scenario("rotterdam-baseline.yaml") + " --set settings.horizn=30d");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("settings.horizon"), std::string::npos) << o.err;
}

TEST(RunCommand, MalformedSetIsExitTwo) {
  const Outcome o = run("run " + scenario("rotterdam-baseline.yaml") + " --set settings.horizon");
  EXPECT_EQ(o.exit_code, 2) << o.err;
}

TEST(RunCommand, MissingFileIsExitOneNamingIt) {
  const Outcome o = run("run /nonexistent/port.yaml");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("/nonexistent/port.yaml"), std::string::npos) << o.err;
}

TEST(RunCommand, ImpossibleThreadCountIsExitTwo) {
  const Outcome o = run("run " + scenario("mmc-validation.yaml") + " --threads 0");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--threads"), std::string::npos) << o.err;
}

TEST(RunCommand, InvalidScenarioIsExitOneWithPosition) {
  const Outcome o = run("run " + std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/bad/negative-length.yaml");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("negative-length.yaml:"), std::string::npos) << o.err;
}

TEST(RunCommand, TextThatIsNotUtf8IsRefusedAtLoadNotByTheJsonWriter) {
  // A Latin-1 name used to pass validation and then stop `run --json` with
  // the JSON library's internal error, after the whole run.
  const std::string file = std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/bad/invalid-utf8.yaml";
  const Outcome o = run("run " + file + " --json --set 'settings.horizon=2 d'");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "porttwin run: error: " + file + ":3:10: expected UTF-8 text; found the byte 0xe9 in 'name: caf\\xe9'\n");
}

// ---- incident scenarios ------------------------------------------------------

/// The cascade keys issue 5 names, present and in range.
void expect_cascade_keys(const nlohmann::json& j) {
  for (const char* key : {"vessel_delay_h", "teu_backlog_peak", "companies_affected", "reportable_companies",
                          "economic_loss_eur", "cyber_events", "affected", "reporting", "exposure"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_GE(j["teu_backlog_peak"].get<double>(), 0.0);
  EXPECT_GE(j["economic_loss_eur"].get<double>(), 0.0);
  EXPECT_LE(j["reportable_companies"].get<double>(), j["companies_affected"].get<double>());
}

TEST(RunCommand, TerminalRansomwareStopsTwoTerminalsForDaysAndBothMustReport) {
  const nlohmann::json j = run_json("run " + scenario("terminal-ransomware.yaml"));
  expect_cascade_keys(j);
  // NotPetya stopped APMT for about ten days (port-reference.md): hundreds of vessel-hours
  // and tens of thousands of TEU behind, at most a few percent of the port's ten weeks.
  EXPECT_GT(j["vessel_delay_h"].get<double>(), 200.0);
  EXPECT_GT(j["teu_backlog_peak"].get<double>(), 5000.0);
  EXPECT_LT(j["teu_backlog_peak"].get<double>(), 0.2 * j["teu_handled"].get<double>());
  EXPECT_GE(j["companies_affected"].get<int>(), 2);
  int must = 0;
  for (const auto& r : j["reporting"]) must += r["obligation"] == "must_report" ? 1 : 0;
  EXPECT_GE(must, 2) << j["reporting"].dump(1);
  EXPECT_GT(j["economic_loss_eur"].get<double>(), 1e6);
}

TEST(RunCommand, BackupsShortenTheRansomwareCascade) {
  const nlohmann::json a = run_json("run " + scenario("terminal-ransomware.yaml"));
  const nlohmann::json b =
      run_json("run " + scenario("terminal-ransomware.yaml") + " --set defences.backups.enabled=true");
  EXPECT_LT(b["vessel_delay_h"].get<double>(), a["vessel_delay_h"].get<double>());
  EXPECT_LT(b["economic_loss_eur"].get<double>(), a["economic_loss_eur"].get<double>());
}

TEST(RunCommand, CraneVendorCompromiseStopsCranesAtTwoTerminalsButNotTheMilitaryQuay) {
  const nlohmann::json j = run_json("run " + scenario("crane-vendor-compromise.yaml"));
  expect_cascade_keys(j);
  std::set<std::string> hit;
  for (const auto& e : j["cyber_events"]) {
    if (e["state"] == "compromised") hit.insert(e["node"].get<std::string>());
  }
  EXPECT_EQ(hit, (std::set<std::string>{"crane_vendor_b", "apmt_mvii.sts", "ect_euromax.sts"}));
  EXPECT_EQ(j["sensitive_data_exposed"], false);
  EXPECT_GT(j["vessel_delay_h"].get<double>(), 0.0);
}

TEST(RunCommand, PcsOutageHoldsMessagesOnlyWithoutTheManualFallback) {
  const nlohmann::json a = run_json("run " + scenario("pcs-outage-48h.yaml"));
  const nlohmann::json b =
      run_json("run " + scenario("pcs-outage-48h.yaml") + " --set defences.manual_fallback.enabled=false");
  expect_cascade_keys(a);
  EXPECT_GT(b["pcs_messages_held"].get<double>(), a["pcs_messages_held"].get<double>());
  EXPECT_GT(b["late_clearances"].get<double>(), a["late_clearances"].get<double>());
  // With the desk every clearance still comes in time, so no vessel waits longer: exactly,
  // because each call draws from its own streams (common random numbers that stay common).
  EXPECT_EQ(a["vessel_delay_h"].get<double>(), 0.0);
  EXPECT_EQ(a["teu_backlog_peak"].get<double>(), 0.0);
  // Without it, pickups wait for the PCS: containers pile up in the yards.
  EXPECT_GT(b["yard_excess_peak_teu"].get<double>(), 2.0 * a["yard_excess_peak_teu"].get<double>());
}

TEST(RunCommand, AWeeksPcsOutageWithManualFallbackCostsWhatTheDeskAndTheHeldDeclarationsImply) {
  // Messages count one per box (port/services.hpp), so a desk below the
  // box-message demand binds, and customs declarations that wait for the
  // system hold every import of the calls declared meanwhile.
  const std::string week =
      "run " + scenario("pcs-outage-48h.yaml") + " --set cyber.incidents.portbase_down.duration=168h";
  const nlohmann::json slow = run_json(week + " --set pcs.manual.capacity=100/h");
  const nlohmann::json fast = run_json(week + " --set pcs.manual.capacity=600/h");
  const nlohmann::json passed =
      run_json(week + " --set pcs.manual.capacity=600/h --set pcs.manual.hold_declarations=false");
  const nlohmann::json two_days = run_json("run " + scenario("pcs-outage-48h.yaml"));
  EXPECT_LT(slow["pcs_messages_manual"].get<double>(), fast["pcs_messages_manual"].get<double>());
  EXPECT_GT(slow["yard_excess_peak_teu"].get<double>(), 1.1 * fast["yard_excess_peak_teu"].get<double>());
  EXPECT_GT(fast["yard_excess_peak_teu"].get<double>(), 2.0 * passed["yard_excess_peak_teu"].get<double>());
  EXPECT_GT(fast["yard_excess_peak_teu"].get<double>(), 5.0 * two_days["yard_excess_peak_teu"].get<double>());
  // Real messages are of Portbase's order: about a million in the counted eight weeks.
  EXPECT_GT(two_days["pcs_messages"].get<double>(), 5e5);
}

TEST(RunCommand, PlatformBreachExposesSensitiveDataWithoutStoppingAnything) {
  const nlohmann::json j = run_json("run " + scenario("platform-data-exposure.yaml"));
  expect_cascade_keys(j);
  EXPECT_EQ(j["sensitive_data_exposed"], true);
  EXPECT_EQ(j["vessel_delay_h"].get<double>(), 0.0);
  EXPECT_EQ(j["teu_backlog_peak"].get<double>(), 0.0);
  EXPECT_EQ(j["trace_hash"], j["baseline_trace_hash"]);
}

TEST(RunCommand, InformationSharingCampaignRunsAtEveryMembership) {
  for (const char* m : {"0", "0.5", "1"}) {
    const nlohmann::json j = run_json("run " + scenario("nzkg-information-sharing.yaml") +
                                      " --set defences.information_sharing.membership=" + m);
    expect_cascade_keys(j);
    EXPECT_GE(j["reportable_companies"].get<int>(), 1) << m;
  }
}

TEST(RunCommand, IncidentRunIsTheSameWithBothSchedulers) {
  const nlohmann::json a = run_json("run " + scenario("terminal-ransomware.yaml"));
  const nlohmann::json b =
      run_json("run " + scenario("terminal-ransomware.yaml") + " --scheduler parallel --threads 2");
  EXPECT_EQ(a["trace_hash"], b["trace_hash"]);
  EXPECT_EQ(a["cyber_events"], b["cyber_events"]);
  EXPECT_EQ(a["vessel_delay_h"], b["vessel_delay_h"]);
}

TEST(RunCommand, AnEnsembleGivesMeansAndConfidenceIntervalsIndependentOfThreads) {
  const std::string base =
      "run " + scenario("terminal-ransomware.yaml") + " --set settings.horizon=30d --replications 3";
  const nlohmann::json a = run_json(base + " --threads 1");
  const nlohmann::json b = run_json(base + " --threads 2");
  EXPECT_EQ(a["replications"], 3);
  EXPECT_EQ(a["figures"], b["figures"]);
  const nlohmann::json& delay = a["figures"]["vessel_delay_h"];
  ASSERT_EQ(delay["values"].size(), 3U);
  EXPECT_LE(delay["ci95"][0].get<double>(), delay["mean"].get<double>());
  EXPECT_GE(delay["ci95"][1].get<double>(), delay["mean"].get<double>());
  // Replication 1 of the ensemble is replication 1 run alone.
  const nlohmann::json alone =
      run_json("run " + scenario("terminal-ransomware.yaml") + " --set settings.horizon=30d --replication 1");
  EXPECT_EQ(delay["values"][1], alone["vessel_delay_h"]);
}

TEST(RunCommand, ImpossibleReplicationCountIsExitTwo) {
  const Outcome o = run("run " + scenario("mmc-validation.yaml") + " --replications 0");
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("--replications must be between 1 and 1000000"), std::string::npos) << o.err;
}

TEST(RunCommand, AbsurdResultsSizesAreRefusedBeforeAnythingRuns) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("porttwin-absurd-" + std::to_string(::getpid()) + ".h5");
  const Outcome o =
      run("run " + scenario("rotterdam-baseline.yaml") + " --replications 1000000 --quiet -o " + out.string());
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("TB before compression"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("settings.sample_interval"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".partial"));
}

TEST(RunCommand, OutputWritesTheSameFiguresTheEnsemblePrints) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("porttwin-run-o-" + std::to_string(::getpid()) + ".h5");
  const std::string base =
      "run " + scenario("mmc-validation.yaml") + " --set settings.horizon=40d --replications 3 --quiet";
  const nlohmann::json plain = run_json(base);
  const nlohmann::json written = run_json(base + " -o " + out.string());
  EXPECT_EQ(written["output"], out.string());
  EXPECT_EQ(written["replications_run"], 3);
  EXPECT_GT(written["file_bytes"].get<double>(), 0.0);
  for (const auto& [name, figure] : plain["figures"].items()) {
    EXPECT_EQ(figure["values"], written["figures"][name]["values"]) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".partial"));
  std::filesystem::remove(out);
}

}  // namespace
