// Tests for include/porttwin/io/results_file.hpp on a hand-made layout:
// shards round-trip, records land in their replication's row, events append,
// and the ensemble statistics are the hand-computed ones.
#include "porttwin/io/results_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"

namespace {

namespace h5 = porttwin::io::h5;
namespace io = porttwin::io;
namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "porttwin-results-test";
  fs::create_directories(dir);
  return dir / name;
}

io::Layout layout() {
  io::Layout l;
  io::Coordinate time{"time", h5::Type::f64, {}, "h", "time", {}};
  time.values.f64 = {1, 2};
  l.coordinates.push_back(time);
  io::Coordinate node{"node", h5::Type::str, {}, "", "node", {}};
  node.values.str = {"a", "b", "c"};
  l.coordinates.push_back(node);
  const auto add = [&](std::string group, std::string name, std::vector<std::string> dims, h5::Type type,
                       std::string kind = "") {
    io::Variable v;
    v.group = std::move(group);
    v.name = std::move(name);
    v.dims = std::move(dims);
    v.type = type;
    v.units = "1";
    v.long_name = v.name;
    v.kind = std::move(kind);
    l.variables.push_back(v);
    l.fixed.emplace_back();
  };
  add("kpi", "x", {"replication"}, h5::Type::f64);
  add("timeseries", "level", {"replication", "time", "node"}, h5::Type::f64, "level");
  add("timeseries", "state", {"replication", "time", "node"}, h5::Type::i8, "state");
  l.variables.back().flag_values = {0, 1, 2, 3, 4, 5};  // categorical: its ensemble is a hit share
  l.variables.back().share = {"hit_share", "share hit", "states 1 to 4", {1, 2, 3, 4}};
  add("events", "time", {"event"}, h5::Type::f64);
  l.variables.back().ragged = true;
  add("events", "what", {"event"}, h5::Type::str);
  l.variables.back().ragged = true;
  add("graph", "kind", {"node"}, h5::Type::str);
  l.fixed.back().str = {"k1", "k2", "k3"};
  return l;
}

io::Record record(const io::Layout& l, std::uint32_t rep, double x, int events) {
  io::Record r;
  r.replication = rep;
  r.columns.resize(l.variables.size());
  r.columns[0].f64 = {x};
  for (int i = 0; i < 6; ++i) r.columns[1].f64.push_back(x + i);
  r.columns[2].i8 = {0, 1, 2, 3, 4, static_cast<std::int8_t>(rep % 6)};
  for (int e = 0; e < events; ++e) {
    r.columns[3].f64.push_back(x + e);
    r.columns[4].str.push_back("event " + std::to_string(e) + " of " + std::to_string(rep));
  }
  return r;
}

const io::ShardIdentity kRun{"fingerprint-of-run-a", {{"seed", "1"}, {"overrides", ""}}};

TEST(ResultsFile, ShardsRoundTripAndRefuseAnotherLayout) {
  const io::Layout l = layout();
  const std::string path = temp("shard.h5").string();
  io::write_shard(path, l, record(l, 7, 2.5, 3), kRun);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  const io::Record r = io::read_shard(path, l, kRun);
  EXPECT_EQ(r.replication, 7U);
  EXPECT_EQ(r.columns[0].f64, std::vector<double>{2.5});
  EXPECT_EQ(r.columns[4].str.size(), 3U);
  EXPECT_EQ(r.columns[4].str[2], "event 2 of 7");
  io::Layout other = l;
  other.coordinates[1].values.str.push_back("d");
  EXPECT_THROW((void)io::read_shard(path, other, kRun), porttwin::IoError);
  io::Record wrong = record(l, 1, 0, 0);
  wrong.columns[1].f64.pop_back();
  EXPECT_THROW(io::write_shard(temp("wrong.h5").string(), l, wrong, kRun), std::logic_error);
}

TEST(ResultsFile, AShardOfAnotherRunIsRefusedSayingWhatDiffers) {
  const io::Layout l = layout();
  const std::string path = temp("other-run.h5").string();
  io::write_shard(path, l, record(l, 3, 1.0, 1), kRun);
  const io::ShardIdentity other{"fingerprint-of-run-b", {{"seed", "7"}, {"overrides", ""}}};
  for (const auto& read : {std::function<void()>([&] { (void)io::read_shard(path, l, other); }),
                           std::function<void()>([&] { io::check_shard(path, l, other, 3); })}) {
    try {
      read();
      ADD_FAILURE() << "a shard of another run was accepted";
    } catch (const porttwin::IoError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path), std::string::npos) << what;
      EXPECT_NE(what.find("another run (seed differ"), std::string::npos) << what;
    }
  }
  io::check_shard(path, l, kRun, 3);
  EXPECT_THROW(io::check_shard(path, l, kRun, 4), porttwin::IoError);  // another replication's name
}

TEST(ResultsFile, AFlippedBitInAShardsValuesIsFound) {
  const io::Layout l = layout();
  const std::string path = temp("flipped.h5").string();
  io::write_shard(path, l, record(l, 6, 1234.5678, 2), kRun);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const double value = 1234.5678;  // the key figure, stored as it is in memory
  const std::string pattern(reinterpret_cast<const char*>(&value), sizeof value);
  const std::size_t at = bytes.find(pattern);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = static_cast<char>(bytes[at + 3] ^ 0x01);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  try {
    (void)io::read_shard(path, l, kRun);
    ADD_FAILURE() << "a damaged shard was read";
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

TEST(ResultsFile, AShardCutShortIsFoundByCheckShard) {
  const io::Layout l = layout();
  const std::string path = temp("cut.h5").string();
  io::write_shard(path, l, record(l, 5, 1.0, 40), kRun);
  fs::resize_file(path, fs::file_size(path) / 2);
  try {
    io::check_shard(path, l, kRun, 5);
    ADD_FAILURE() << "a shard cut short passed";
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(ResultsFile, ShardBytesMadeInMemoryAreTheShardFile) {
  const io::Layout l = layout();
  const io::Record original = record(l, 9, 4.25, 5);
  const std::vector<unsigned char> bytes = io::shard_bytes(l, original, kRun);
  ASSERT_GT(bytes.size(), 8U);
  EXPECT_EQ(std::string(bytes.begin() + 1, bytes.begin() + 4), "HDF");  // the HDF5 signature
  // Read from memory, and from the file the bytes make: the record that went in.
  const io::Record from_memory = io::read_shard_bytes(bytes, "memory", l, kRun);
  const std::string path = temp("from-bytes.h5").string();
  io::write_file_atomically(path, bytes);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  const io::Record from_file = io::read_shard(path, l, kRun);
  for (const io::Record* r : {&from_memory, &from_file}) {
    EXPECT_EQ(r->replication, 9U);
    EXPECT_EQ(r->columns[0].f64, original.columns[0].f64);
    EXPECT_EQ(r->columns[1].f64, original.columns[1].f64);
    EXPECT_EQ(r->columns[2].i8, original.columns[2].i8);
    EXPECT_EQ(r->columns[4].str, original.columns[4].str);
  }
  // Bytes that are not a shard, and a place that cannot be written, say so.
  const std::vector<unsigned char> junk(100, 7);
  try {
    (void)io::read_shard_bytes(junk, "rank 3's replication", l, kRun);
    ADD_FAILURE() << "junk was read";
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("rank 3's replication"), std::string::npos) << e.what();
  }
  EXPECT_THROW(io::write_file_atomically(temp("missing-dir").string() + "/x/y.h5", bytes), porttwin::IoError);
}

TEST(ResultsFile, RowsFollowReplicationsAndStatisticsAreHandComputed) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const io::Layout l = layout();
  const std::string path = temp("file.h5").string();
  {
    h5::Handle f = h5::create_file(path);
    io::ResultsWriter w(f, "/", l, {10, 11, 12, 13});
    // Out of order: rows still follow the replication list.
    w.write(record(l, 12, 3.0, 1));
    w.write(record(l, 10, 1.0, 2));
    w.write(record(l, 13, std::nan(""), 0));
    w.write(record(l, 11, 2.0, 0));
    w.write_ensemble();
    f.close();
  }
  h5::Handle f = h5::open_file(path);
  EXPECT_EQ(h5::read_ints(h5::open_dataset(f, "kpi/replication")), (std::vector<std::int64_t>{10, 11, 12, 13}));
  const auto x = h5::read_doubles(h5::open_dataset(f, "kpi/x"));
  EXPECT_EQ(x[0], 1.0);
  EXPECT_EQ(x[1], 2.0);
  EXPECT_EQ(x[2], 3.0);
  EXPECT_TRUE(std::isnan(x[3]));
  // Events in the order written, with their own coordinate.
  EXPECT_EQ(h5::read_strings(h5::open_dataset(f, "events/what")),
            (std::vector<std::string>{"event 0 of 12", "event 0 of 10", "event 1 of 10"}));
  EXPECT_EQ(h5::read_ints(h5::open_dataset(f, "events/event")), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(h5::read_strings(h5::open_dataset(f, "graph/kind")), (std::vector<std::string>{"k1", "k2", "k3"}));
  // Key figure statistics over 1, 2, 3 (the NaN left out): mean 2, sd 1,
  // q05 = 1 + 0.1 * 1 = 1.1 (linear), q50 2, q95 2.9, t(0.975, 2) = 4.302653.
  const auto s = h5::read_doubles(h5::open_dataset(f, "ensemble/kpi/x"));
  ASSERT_EQ(s.size(), 10U);
  EXPECT_DOUBLE_EQ(s[0], 2.0);
  EXPECT_DOUBLE_EQ(s[1], 1.0);
  EXPECT_NEAR(s[2], 1.1, 1e-12);
  EXPECT_DOUBLE_EQ(s[3], 2.0);
  EXPECT_NEAR(s[4], 2.9, 1e-12);
  EXPECT_NEAR(s[5], 2.0 - 4.302652729749464 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(s[6], 2.0 + 4.302652729749464 / std::sqrt(3.0), 1e-9);
  EXPECT_EQ(s[7], 1.0);
  EXPECT_EQ(s[8], 3.0);
  EXPECT_EQ(s[9], 3.0);
  // Series: statistic x time x node; cell (time 0, node 1) holds x + 1 for x = 1, 2, 3.
  const auto level = h5::read_doubles(h5::open_dataset(f, "ensemble/timeseries/level"));
  ASSERT_EQ(level.size(), 5U * 2 * 3);
  EXPECT_DOUBLE_EQ(level[0 * 6 + 1], 3.0);    // mean
  EXPECT_DOUBLE_EQ(level[1 * 6 + 1], 1.0);    // sd
  EXPECT_NEAR(level[4 * 6 + 1], 3.9, 1e-12);  // q95
  // The state's hit share: states 1..4 count; cell (time 1, node 2) holds rep % 6 = 4, 5, 0, 1.
  const auto share = h5::read_doubles(h5::open_dataset(f, "ensemble/timeseries/hit_share"));
  ASSERT_EQ(share.size(), 6U);
  EXPECT_DOUBLE_EQ(share[5], 0.5);
  EXPECT_DOUBLE_EQ(share[1], 1.0);  // state 1 everywhere
  EXPECT_DOUBLE_EQ(share[0], 0.0);
}

TEST(ResultsFile, StatisticsFromMemoryEqualThoseReadBack) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  // The writer keeps small ensembles' series in memory; larger ones are read
  // back from the file a block at a time. Both give the same bits.
  const io::Layout l = layout();
  std::vector<std::vector<double>> got;
  for (const std::size_t cache : {io::kCacheBytes, std::size_t{0}}) {
    const std::string path = temp("cache-" + std::to_string(cache) + ".h5").string();
    {
      h5::Handle f = h5::create_file(path);
      io::ResultsWriter w(f, "/", l, {0, 1, 2, 3, 4}, cache);
      for (std::uint32_t r = 0; r < 5; ++r) w.write(record(l, r, 0.5 * r * r, 1));
      w.write_ensemble();
      f.close();
    }
    h5::Handle f = h5::open_file(path);
    got.push_back(h5::read_doubles(h5::open_dataset(f, "ensemble/timeseries/level")));
    const auto share = h5::read_doubles(h5::open_dataset(f, "ensemble/timeseries/hit_share"));
    got.back().insert(got.back().end(), share.begin(), share.end());
  }
  ASSERT_EQ(got[0].size(), 5U * 2 * 3 + 6);
  EXPECT_EQ(got[0], got[1]);
}

TEST(ResultsFile, OpenResultsRefusesWhatIsNotAFinishedRun) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = temp("unfinished.h5").string();
  {
    h5::Handle f = h5::create_file(path);
    h5::set_attribute(f, "porttwin_version", std::string_view("x"));
    h5::set_attribute(f, "complete", std::int8_t{0});
  }
  try {
    (void)io::open_results(path);
    FAIL();
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("not a complete porttwin results file"), std::string::npos);
  }
  const std::string other = temp("other.h5").string();
  (void)h5::create_file(other);
  EXPECT_THROW((void)io::open_results(other), porttwin::IoError);
}

}  // namespace
