// Excerpts of foreign text for messages, and the UTF-8 check; see excerpt.hpp.
#include "excerpt.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace porttwin::scenario::detail {
namespace {

/// The length of the valid UTF-8 sequence at `text[at]` and its code point,
/// or 0 when the byte there starts none (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
std::size_t sequence_at(std::string_view text, std::size_t at, char32_t& code) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[at + i]); };
  const std::uint8_t b0 = byte(0);
  if (b0 < 0x80U) {
    code = b0;
    return 1;
  }
  std::size_t length = 0;
  char32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    length = 2, min = 0x80, code = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    length = 3, min = 0x800, code = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    length = 4, min = 0x10000, code = b0 & 0x07U;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return 0;
    code = (code << 6U) | (byte(i) & 0x3FU);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

/// Characters a terminal would act on rather than show: C0 and C1 controls,
/// DEL, line and paragraph separators, and the bidirectional embeddings,
/// overrides and isolates that can make a message read other than it is.
bool shown_as_escape(char32_t c) noexcept {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == '\\';
}

void append_escaped_byte(std::string& out, std::uint8_t b) {
  constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  switch (b) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\\': out += "\\\\"; return;
    default: break;
  }
  out += "\\x";
  out += kHex[b >> 4U];
  out += kHex[b & 0x0FU];
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t shown = 0;  // characters of `out` as a terminal shows them
  std::size_t at = 0;
  while (at < text.size()) {
    char32_t code = 0;
    std::size_t length = sequence_at(text, at, code);
    std::string piece;
    if (length == 0) {
      length = 1;
      append_escaped_byte(piece, static_cast<std::uint8_t>(text[at]));
    } else if (shown_as_escape(code)) {
      for (std::size_t i = 0; i < length; ++i) append_escaped_byte(piece, static_cast<std::uint8_t>(text[at + i]));
    } else {
      piece.assign(text.substr(at, length));
    }
    const std::size_t width = length == piece.size() && piece.front() != '\\' ? 1 : piece.size();
    if (shown + width > max_chars) return out + "...";
    out += piece;
    shown += width;
    at += length;
  }
  return out;
}

std::string quoted_excerpt(std::string_view text, std::size_t max_chars) {
  // Appended, not `"'" + excerpt(..) + "'"`: GCC 12 warns (-Wrestrict) on that form.
  std::string out(1, '\'');
  out += excerpt(text, max_chars);
  out += '\'';
  return out;
}

std::optional<InvalidUtf8> first_invalid_utf8(std::string_view text) {
  int line = 1;
  int column = 1;
  std::size_t line_start = 0;
  for (std::size_t at = 0; at < text.size();) {
    char32_t code = 0;
    const std::size_t length = sequence_at(text, at, code);
    if (length == 0) {
      std::string escaped;
      append_escaped_byte(escaped, static_cast<std::uint8_t>(text[at]));
      // The excerpt ends past the bad byte, so that it shows: from the
      // start of the line, or from a character a little before it.
      std::size_t from = std::max(line_start, at > 20 ? at - 20 : 0);
      while (from > line_start && (static_cast<std::uint8_t>(text[from]) & 0xC0U) == 0x80U) --from;
      const std::size_t end = std::min(text.find('\n', at), text.size());
      std::string message = "expected UTF-8 text; found the byte 0x" + escaped.substr(2) + " in '";
      if (from > line_start) message += "...";
      message += excerpt(text.substr(from, end - from));
      message += '\'';
      return InvalidUtf8{line, column, std::move(message)};
    }
    if (code == '\n') {
      ++line;
      column = 1;
      line_start = at + 1;
    } else {
      ++column;
    }
    at += length;
  }
  return std::nullopt;
}

}  // namespace porttwin::scenario::detail
