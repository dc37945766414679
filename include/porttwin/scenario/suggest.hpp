// "Did you mean ...?": the closest known word to a misspelt one, by edit
// distance, for unknown keys, ids and --set paths.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace porttwin::scenario {

/// Levenshtein distance (insertions, deletions, substitutions), with an
/// adjacent transposition counting as one edit ("lenght" -> "length": 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a plausible
/// typo: at most 1 edit for words up to 4 characters, 2 up to 8, else a
/// third of the length. Ties go to the first candidate.
[[nodiscard]] std::optional<std::string> closest(std::string_view word,
                                                 const std::vector<std::string_view>& candidates);

/// "; did you mean 'x'?" or "".
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace porttwin::scenario
