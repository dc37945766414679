// Tests for include/porttwin/io/hdf5.hpp: what is written reads back the
// same, in creation order, and every failure is one IoError naming the file.
#include "porttwin/io/hdf5.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>

#include "porttwin/kernel/error.hpp"

namespace {

namespace h5 = porttwin::io::h5;
namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "porttwin-io-test";
  fs::create_directories(dir);
  return dir / name;
}

TEST(Hdf5, EveryTypeRoundTrips) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = temp("types.h5").string();
  {
    h5::Handle f = h5::create_file(path);
    h5::Handle g = h5::create_group(f, "a/b");  // parents created
    const std::vector<double> d{1.5, -2.0, std::numeric_limits<double>::quiet_NaN(), 1e300};
    const std::vector<std::int64_t> i{-5, 0, 1LL << 40};
    const std::vector<std::int8_t> b{0, 1, -1};
    const std::vector<std::string> s{"", "ümlaut ✓", std::string("nul\0inside", 10).substr(0, 3), "</script>"};
    h5::write(h5::create_dataset(g, "d", h5::Type::f64, {2, 2}, {{1, 2}, {}, true, true}), std::span<const double>(d));
    h5::write(h5::create_dataset(g, "i", h5::Type::i64, {3}), std::span<const std::int64_t>(i));
    h5::write(h5::create_dataset(g, "b", h5::Type::i8, {3}), std::span<const std::int8_t>(b));
    h5::write(h5::create_dataset(g, "s", h5::Type::str, {4}, {{4}, {}, true, false}), std::span<const std::string>(s));
    h5::set_attribute(g, "text", std::string_view("hello"));
    h5::set_attribute(g, "count", std::int64_t{42});
    h5::set_attribute(g, "flag", std::int8_t{1});
    h5::set_attribute(g, "x", 0.25);
    h5::set_attribute(g, "text", std::string_view("replaced"));
    f.close();
  }
  h5::Handle f = h5::open_file(path);
  h5::Handle g = h5::open_group(f, "a/b");
  const auto d = h5::read_doubles(h5::open_dataset(g, "d"));
  ASSERT_EQ(d.size(), 4U);
  EXPECT_EQ(d[0], 1.5);
  EXPECT_TRUE(std::isnan(d[2]));
  EXPECT_EQ(d[3], 1e300);
  EXPECT_EQ(h5::shape(h5::open_dataset(g, "d")), (std::vector<std::uint64_t>{2, 2}));
  EXPECT_EQ(h5::read_ints(h5::open_dataset(g, "i")), (std::vector<std::int64_t>{-5, 0, 1LL << 40}));
  EXPECT_EQ(h5::read_int8s(h5::open_dataset(g, "b")), (std::vector<std::int8_t>{0, 1, -1}));
  EXPECT_EQ(h5::read_strings(h5::open_dataset(g, "s")), (std::vector<std::string>{"", "ümlaut ✓", "nul", "</script>"}));
  EXPECT_EQ(h5::type(h5::open_dataset(g, "s")), h5::Type::str);
  EXPECT_EQ(h5::string_attribute(g, "text"), "replaced");
  EXPECT_EQ(h5::int_attribute(g, "count"), 42);
  EXPECT_EQ(h5::int_attribute(g, "flag"), 1);
  EXPECT_EQ(h5::double_attribute(g, "x"), 0.25);
  EXPECT_FALSE(h5::has_attribute(g, "nope"));
  // A block of a 2-D dataset, and numbers read as another type.
  EXPECT_EQ(h5::read_doubles(h5::open_dataset(g, "d"), {1, 1}, {1, 1}), std::vector<double>{1e300});
  EXPECT_EQ(h5::read_doubles(h5::open_dataset(g, "i"), {1}, {2}), (std::vector<double>{0.0, 1099511627776.0}));
}

TEST(Hdf5, MembersKeepCreationOrderAndExistsWalksPaths) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = temp("order.h5").string();
  h5::Handle f = h5::create_file(path);
  for (const char* name : {"zeta", "alpha", "mid"}) (void)h5::create_group(f, std::string("g/") + name);
  EXPECT_EQ(h5::members(h5::open_group(f, "g")), (std::vector<std::string>{"zeta", "alpha", "mid"}));
  EXPECT_TRUE(h5::exists(f, "g/alpha"));
  EXPECT_FALSE(h5::exists(f, "g/nope/deeper"));
  EXPECT_FALSE(h5::exists(f, "nope/deeper"));
  EXPECT_TRUE(h5::is_group(f, "g/mid"));
}

TEST(Hdf5, ExtendableDatasetsGrow) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = temp("grow.h5").string();
  h5::Handle f = h5::create_file(path);
  h5::Handle d = h5::create_dataset(f, "e", h5::Type::f64, {0}, {{4}, {true}, true, true});
  h5::extend(d, {3});
  h5::write(d, std::span<const double>(std::vector<double>{1, 2, 3}), {0}, {3});
  h5::extend(d, {5});
  h5::write(d, std::span<const double>(std::vector<double>{4, 5}), {3}, {2});
  EXPECT_EQ(h5::read_doubles(d), (std::vector<double>{1, 2, 3, 4, 5}));
}

TEST(Hdf5, DimensionScalesAttach) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = temp("scales.h5").string();
  h5::Handle f = h5::create_file(path);
  h5::Handle time = h5::create_dataset(f, "time", h5::Type::f64, {3});
  h5::write(time, std::span<const double>(std::vector<double>{1, 2, 3}));
  h5::make_scale(time, "time");
  h5::Handle v = h5::create_dataset(f, "v", h5::Type::f64, {3});
  h5::attach_scale(v, time, 0);
  EXPECT_EQ(h5::string_attribute(time, "CLASS"), "DIMENSION_SCALE");
  EXPECT_TRUE(h5::has_attribute(v, "DIMENSION_LIST"));
}

TEST(Hdf5, FailuresNameTheFileAndTheReason) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const fs::path dir = temp("a-directory");
  fs::create_directories(dir);
  try {
    (void)h5::create_file(dir.string());
    FAIL() << "created a file over a directory";
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot create"), std::string::npos) << e.what();
  }
  const fs::path text = temp("not-hdf5.txt");
  std::ofstream(text) << "hello";
  try {
    (void)h5::open_file(text.string());
    FAIL();
  } catch (const porttwin::IoError& e) {
    EXPECT_EQ(std::string(e.what()), text.string() + ": not an HDF5 file");
  }
  try {
    (void)h5::open_file(temp("missing.h5").string());
    FAIL();
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
  h5::Handle f = h5::create_file(temp("errors.h5").string());
  EXPECT_THROW((void)h5::open_dataset(f, "nope"), porttwin::IoError);
  EXPECT_THROW((void)h5::int_attribute(f, "nope"), porttwin::IoError);
  h5::Handle d = h5::create_dataset(f, "d", h5::Type::f64, {3});
  try {
    h5::write(d, std::span<const double>(std::vector<double>{1, 2}));
    FAIL();
  } catch (const porttwin::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("2 values for a block of 3"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

/// Writes a 40 x 30 dataset of doubles in 10 x 10 chunks (compressed, with
/// the checksum), only the first `rows` rows; returns the path.
std::string chunked_file(const std::string& name, std::uint64_t rows) {
  const std::string path = temp(name).string();
  h5::Handle f = h5::create_file(path);
  h5::Handle d = h5::create_dataset(f, "x", h5::Type::f64, {40, 30}, {{10, 10}, {}, true, true});
  std::vector<double> values(rows * 30);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.5 * static_cast<double>(i);
  h5::write(d, std::span<const double>(values), {0, 0}, {rows, 30});
  d.close();
  f.close();
  return path;
}

std::string what_verify_says(const std::string& path) {
  h5::Handle f = h5::open_file(path);
  try {
    EXPECT_TRUE(h5::verify_chunks(h5::open_dataset(f, "x")));
  } catch (const porttwin::IoError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Hdf5, VerifyChunksChecksEveryStoredChunkAsHdf5Does) {
  const std::lock_guard guard(h5::lock());  // every HDF5 call holds it (io/hdf5.hpp)
  const std::string good = chunked_file("chunks-good.h5", 40);
  EXPECT_EQ(what_verify_says(good), "");
  // Strings have no checksum: verify_chunks says so and checks nothing.
  {
    h5::Handle f = h5::create_file(temp("chunks-strings.h5").string());
    const std::vector<std::string> s{"a", "b"};
    h5::Handle d = h5::create_dataset(f, "s", h5::Type::str, {2}, {{2}, {}, true, false});
    h5::write(d, std::span<const std::string>(s));
    EXPECT_FALSE(h5::verify_chunks(d));
  }
  // A flipped bit in a chunk (HDF5 writes this small file's chunks after its
  // metadata, the last at its end): our check and HDF5's own read refuse it.
  {
    std::fstream io(good, std::ios::in | std::ios::out | std::ios::binary);
    io.seekg(0, std::ios::end);
    const std::streamoff at = static_cast<std::streamoff>(io.tellg()) - 40;
    io.seekg(at);
    char byte = 0;
    io.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x08);
    io.seekp(at);
    io.write(&byte, 1);
  }
  const std::string damaged = what_verify_says(good);
  EXPECT_NE(damaged.find("/x: the file is damaged"), std::string::npos) << damaged;
  {
    h5::Handle f = h5::open_file(good);
    EXPECT_THROW((void)h5::read_doubles(h5::open_dataset(f, "x")), porttwin::IoError);
  }
}

TEST(Hdf5, VerifyChunksFindsAChunkThatNeverReachedTheFile) {
  const std::lock_guard guard(h5::lock());                         // every HDF5 call holds it (io/hdf5.hpp)
  const std::string path = chunked_file("chunks-partial.h5", 25);  // rows 30-39 never written
  const std::string what = what_verify_says(path);
  EXPECT_NE(what.find("the chunk at [30, 0] is not in the file"), std::string::npos) << what;
}

TEST(Hdf5, ACallWithoutTheLockIsRefusedAtOnce) {
  // HDF5 as Debian builds it is not thread-safe: a call without the lock is a
  // race that shows only sometimes, so every function checks for it.
  EXPECT_THROW((void)h5::open_file(temp("types.h5").string()), std::logic_error);
  const std::lock_guard guard(h5::lock());
  EXPECT_TRUE(h5::lock().held());
}
