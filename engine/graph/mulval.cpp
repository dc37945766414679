// Reading MulVAL's VERTICES.CSV; see graph/mulval.hpp.
#include "porttwin/graph/mulval.hpp"

#include <charconv>

#include "porttwin/kernel/error.hpp"

namespace porttwin::graph {
namespace {

[[noreturn]] void refuse(std::string_view file, std::size_t line, const std::string& what) {
  throw ScenarioError(std::string(file) + ":" + std::to_string(line) + ": " + what);
}

/// Splits one CSV line into fields; a field in double quotes may hold commas
/// and doubled quotes. Returns false for an unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// An atom as MulVAL writes it, without Prolog's single quotes.
std::string atom(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

}  // namespace

std::vector<MulvalHost> mulval_exec_hosts(std::string_view text, std::string_view file) {
  std::vector<MulvalHost> hosts;
  std::vector<std::string> fields;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_no;
    if (line.empty()) continue;
    if (!split_csv(line, fields)) refuse(file, line_no, "unterminated quote");
    if (fields.size() != 4) {
      refuse(
          file, line_no,
          "expected 4 fields id,\"label\",type,value (MulVAL's VERTICES.CSV); found " + std::to_string(fields.size()));
    }
    long long id = 0;
    const std::string_view id_text = trim(fields[0]);
    const auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc{} || ptr != id_text.data() + id_text.size()) {
      refuse(file, line_no, "expected a vertex id (a whole number); found '" + std::string(id_text) + "'");
    }
    const std::string_view type = trim(fields[2]);
    if (type != "LEAF" && type != "OR" && type != "AND") {
      refuse(file, line_no, "expected a vertex type LEAF, OR or AND; found '" + std::string(type) + "'");
    }
    const std::string_view label = trim(fields[1]);
    constexpr std::string_view kExec = "execCode(";
    if (label.substr(0, kExec.size()) != kExec) continue;
    if (label.back() != ')')
      refuse(file, line_no, "expected execCode(host,privilege); found '" + std::string(label) + "'");
    const std::string_view args = label.substr(kExec.size(), label.size() - kExec.size() - 1);
    const std::size_t comma = args.find(',');
    MulvalHost h;
    h.host = atom(args.substr(0, comma));
    h.privilege = comma == std::string_view::npos ? std::string() : atom(args.substr(comma + 1));
    h.vertex = id;
    if (h.host.empty()) refuse(file, line_no, "expected a host in execCode(host,privilege); found none");
    bool known = false;
    for (const MulvalHost& k : hosts) known = known || k.host == h.host;
    if (!known) hosts.push_back(std::move(h));
  }
  return hosts;
}

}  // namespace porttwin::graph
