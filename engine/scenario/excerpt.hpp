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

/// The offset of the first byte of `text` that does not start a valid UTF-8
/// sequence (overlong forms, surrogates and code points past U+10FFFF are
/// invalid), or nothing when all of it is UTF-8.
[[nodiscard]] std::optional<std::size_t> invalid_utf8_at(std::string_view text) noexcept;

/// "expected UTF-8 text; found the byte 0xFF at character 3 of 'ab\xff...'"
/// for text that invalid_utf8_at() refuses at `offset`.
[[nodiscard]] std::string invalid_utf8_message(std::string_view text, std::size_t offset);

}  // namespace porttwin::scenario::detail
