// Tests of include/porttwin/scenario/units.hpp and suggest.hpp: quantities
// with units into base units (hand-computed), what is refused, did-you-mean.
#include "porttwin/scenario/units.hpp"

#include <gtest/gtest.h>

#include "porttwin/scenario/suggest.hpp"

namespace porttwin::scenario {
namespace {

double parsed(std::string_view text, Dimension d) {
  const QuantityParse q = parse_quantity(text, d);
  EXPECT_TRUE(q.quantity.has_value()) << text << ": " << q.expected;
  return q.quantity ? q.quantity->value : -1.0;
}

bool refused(std::string_view text, Dimension d) { return !parse_quantity(text, d).quantity.has_value(); }

TEST(Units, DurationsAreConvertedToHours) {
  EXPECT_DOUBLE_EQ(parsed("24 h", Dimension::duration), 24.0);
  EXPECT_DOUBLE_EQ(parsed("2 d", Dimension::duration), 48.0);
  EXPECT_DOUBLE_EQ(parsed("90 min", Dimension::duration), 1.5);
  EXPECT_DOUBLE_EQ(parsed("1800 s", Dimension::duration), 0.5);
  EXPECT_DOUBLE_EQ(parsed("1 wk", Dimension::duration), 168.0);
  EXPECT_DOUBLE_EQ(parsed("1 yr", Dimension::duration), 8760.0);
  EXPECT_DOUBLE_EQ(parsed("1.5e1 min", Dimension::duration), 0.25);
}

TEST(Units, TheSpaceBeforeTheUnitIsOptional) {
  EXPECT_DOUBLE_EQ(parsed("24h", Dimension::duration), 24.0);
  EXPECT_DOUBLE_EQ(parsed("12/d", Dimension::rate), 0.5);
  EXPECT_DOUBLE_EQ(parsed("400m", Dimension::length), 400.0);
}

TEST(Units, LengthsAreConvertedToMetres) {
  EXPECT_DOUBLE_EQ(parsed("400 m", Dimension::length), 400.0);
  EXPECT_DOUBLE_EQ(parsed("0.25 km", Dimension::length), 250.0);
}

TEST(Units, RatesAreConvertedToPerHour) {
  EXPECT_DOUBLE_EQ(parsed("12 /d", Dimension::rate), 0.5);
  EXPECT_DOUBLE_EQ(parsed("3 /h", Dimension::rate), 3.0);
  EXPECT_DOUBLE_EQ(parsed("84 /wk", Dimension::rate), 0.5);
  EXPECT_DOUBLE_EQ(parsed("8760 /yr", Dimension::rate), 1.0);
}

TEST(Units, CargoRatesKeepTheirCargoUnitAndBecomePerHour) {
  const QuantityParse teu = parse_quantity("20000 TEU/d", Dimension::cargo_rate);
  ASSERT_TRUE(teu.quantity);
  EXPECT_DOUBLE_EQ(teu.quantity->value, 20000.0 / 24.0);
  EXPECT_EQ(teu.quantity->cargo, CargoUnit::teu);
  const QuantityParse moves = parse_quantity("28 moves/h", Dimension::cargo_rate);
  ASSERT_TRUE(moves.quantity);
  EXPECT_DOUBLE_EQ(moves.quantity->value, 28.0);
  EXPECT_EQ(moves.quantity->cargo, CargoUnit::moves);
  const QuantityParse tonnes = parse_quantity("22500 t / d", Dimension::cargo_rate);
  ASSERT_TRUE(tonnes.quantity);
  EXPECT_DOUBLE_EQ(tonnes.quantity->value, 937.5);
  EXPECT_EQ(tonnes.quantity->cargo, CargoUnit::tonnes);
}

TEST(Units, CargoAmountsKeepTheirUnit) {
  const QuantityParse q = parse_quantity("5000 units", Dimension::cargo);
  ASSERT_TRUE(q.quantity);
  EXPECT_DOUBLE_EQ(q.quantity->value, 5000.0);
  EXPECT_EQ(q.quantity->cargo, CargoUnit::units);
  EXPECT_TRUE(refused("5000 boxes", Dimension::cargo));
  EXPECT_TRUE(refused("5000 teu", Dimension::cargo)) << "TEU is written in capitals";
}

TEST(Units, ABareNumberIsRefusedWhereAUnitIsRequired) {
  const QuantityParse q = parse_quantity("24", Dimension::duration);
  EXPECT_FALSE(q.quantity);
  EXPECT_EQ(q.expected, "a duration with a unit (s, min, h, d, wk, yr), e.g. '24 h'");
  EXPECT_TRUE(refused("400", Dimension::length));
  EXPECT_TRUE(refused("12", Dimension::rate));
}

TEST(Units, AUnitOfTheWrongDimensionIsRefused) {
  EXPECT_TRUE(refused("24 m", Dimension::duration));
  EXPECT_TRUE(refused("24 h", Dimension::length));
  EXPECT_TRUE(refused("24 hours", Dimension::duration));
  EXPECT_TRUE(refused("12 /d", Dimension::duration));
  EXPECT_TRUE(refused("28 moves", Dimension::cargo_rate));
  EXPECT_TRUE(refused("0.5 h", Dimension::none));
}

TEST(Units, NonNumbersAndNonFiniteValuesAreRefused) {
  EXPECT_TRUE(refused("", Dimension::duration));
  EXPECT_TRUE(refused("h", Dimension::duration));
  EXPECT_TRUE(refused("nan h", Dimension::duration));
  EXPECT_TRUE(refused("inf h", Dimension::duration));
  EXPECT_TRUE(refused("1e999 h", Dimension::duration));
  EXPECT_TRUE(refused("0x10 h", Dimension::duration));
  EXPECT_TRUE(refused("1..2 h", Dimension::duration));
  EXPECT_TRUE(refused("nan", Dimension::none));
}

TEST(Units, NumbersBeyondTheMagnitudeLimitAreRefusedAndSaidSo) {
  // 1e308 /d used to pass (4e306 /h is finite) and overflow later.
  EXPECT_TRUE(refused("1e308 /d", Dimension::rate));
  EXPECT_EQ(parse_quantity("1e308 /d", Dimension::rate).expected, "a number at most 1e15 in magnitude, with its unit");
  EXPECT_EQ(parse_quantity("-2e15", Dimension::none).expected, "a number at most 1e15 in magnitude");
  EXPECT_EQ(parse_quantity("1e999 h", Dimension::duration).expected,
            "a number at most 1e15 in magnitude, with its unit");
  EXPECT_FALSE(parse_number("1e16").has_value());
  // At the limit, and its conversions (x 3600 at most), are numbers.
  EXPECT_DOUBLE_EQ(parsed("1e15 /s", Dimension::rate), 3.6e18);
  EXPECT_DOUBLE_EQ(*parse_number("-1e15"), -1e15);
  // Too small to hold is not "too large".
  EXPECT_NE(parse_quantity("1e-400 h", Dimension::duration).expected.find("a duration with a unit"), std::string::npos);
}

TEST(Units, BareNumbersAreNumbers) {
  EXPECT_DOUBLE_EQ(parsed("0.5", Dimension::none), 0.5);
  EXPECT_DOUBLE_EQ(parsed("-3", Dimension::none), -3.0);
  EXPECT_DOUBLE_EQ(parsed("1e3", Dimension::none), 1000.0);
}

TEST(Units, WholeNumbersAreFormattedWithoutExponent) {
  EXPECT_EQ(format_number(100000.0), "100000");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1e20), "1e+20");
}

TEST(Suggest, EditDistanceCountsATranspositionAsOneEdit) {
  EXPECT_EQ(edit_distance("lenght", "length"), 1U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("same", "same"), 0U);
}

TEST(Suggest, ClosestOffersOnlyPlausibleTypos) {
  const std::vector<std::string_view> keys{"horizon", "warmup", "seed", "replications"};
  EXPECT_EQ(closest("horizn", keys), "horizon");
  EXPECT_EQ(closest("replication", keys), "replications");
  EXPECT_FALSE(closest("colour", keys));
  EXPECT_EQ(did_you_mean("sed", keys), "; did you mean 'seed'?");
  EXPECT_EQ(did_you_mean("zzzzzz", keys), "");
}

}  // namespace
}  // namespace porttwin::scenario
