// What `porttwin report` shows, read from a results file
// (docs/results-format.md) into the one JSON object its page draws from
// (docs/report.md lists the members). Thin on purpose: ensemble statistics
// rather than every replication's series, time averaged into at most a few
// hundred columns, numbers rounded to five significant digits, so that a
// year-long ensemble of a large port still makes a page of a few megabytes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace porttwin::app::report {

struct PayloadOptions {
  std::string path;                         ///< the results file
  std::optional<std::size_t> point;         ///< sweeps: the point shown in detail (default 0)
  std::optional<std::int64_t> replication;  ///< the replication whose events are shown (default: a median one)
};

/// Reads the file (holding io::h5::lock() throughout). Throws IoError for a
/// file that is missing, not HDF5, not complete (`complete` != 1), of a newer
/// format or without the groups every results file has; UsageError for a
/// --point or --replication the file does not hold.
[[nodiscard]] nlohmann::ordered_json read_payload(const PayloadOptions& options);

}  // namespace porttwin::app::report
