// How a diagnostic shows text it did not write itself (a key, a value, a CSV
// field, a line of a file named by `base:`), and the one UTF-8 check every
// such text passes. Internal to the scenario layer.
//
// Why excerpts: a message quotes what it found, and what it found may be a
// 3-million-character CSV line, a line of a file that is nobody's business
// (a `base:` naming /etc/shadow), or bytes that rewrite the terminal (escape
// sequences, bidirectional overrides). An excerpt is short, one line and
// inert: at most kExcerptChars characters, control and non-printable
// characters and bytes that are not UTF-8 written as escapes, "..." when cut.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace porttwin::scenario::detail {

/// Characters of an excerpt before it is cut (escapes count by their length).
inline constexpr std::size_t kExcerptChars = 40;

/// `text` shortened and escaped for a message: printable UTF-8 as it is;
/// \n, \r, \t, \\ and \xNN for the rest; "..." appended when cut.
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t max_chars = kExcerptChars);

/// excerpt() between single quotes: how messages say what they found.
[[nodiscard]] std::string quoted_excerpt(std::string_view text, std::size_t max_chars = kExcerptChars);

/// The first byte of a file's text that does not start a valid UTF-8
/// sequence (overlong forms, surrogates and code points past U+10FFFF are
/// invalid), where it is and what to say: "expected UTF-8 text; found the
/// byte 0xe9 in 'name: caf\xe9'". Checked on whole files (scenario, base,
/// CSV) and --set values: every key, value and field, comments too, since
/// the text goes into results files and JSON as it is.
struct InvalidUtf8 {
  int line = 0;    ///< 1-based
  int column = 0;  ///< 1-based, in characters
  std::string message;
};
[[nodiscard]] std::optional<InvalidUtf8> first_invalid_utf8(std::string_view text);

}  // namespace porttwin::scenario::detail
