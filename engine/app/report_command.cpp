// `porttwin report RESULTS.h5 -o report.html`: one self-contained HTML page
// of a results file, viewable offline (docs/report.md): the page template,
// its script and style and ECharts are embedded in the binary
// (report/report.cmake); the results go into the page as JSON
// (report/payload.hpp).
//
// Escaping, which is the whole of this file's care: text from the file (in
// the end, from whoever wrote the scenario) enters the page in exactly two
// places. The title, HTML-escaped, in <title> and <h1>; everything else as
// JSON inside <script type="application/json">, with < > & and U+2028/9
// written as \u escapes so that no string can close the element or start a
// comment. The page's script then puts it into the DOM as text only.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/kernel/version.hpp"
#include "report/assets.hpp"
#include "report/payload.hpp"

namespace porttwin::app {

namespace {

struct ReportArgs {
  std::string results;
  std::string output;  ///< "" for RESULTS with .html, "-" for standard output
  long long point = 0;
  long long replication = 0;
};

/// Text for HTML element content or a quoted attribute value.
std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// JSON that can sit inside <script type="application/json">: the HTML
/// parser ends that element at the first "</script" and treats "<!--" in it
/// specially, so no '<' may appear; '>' and '&' go too (as OWASP advises),
/// and U+2028/U+2029, which older JavaScript does not allow in strings. These
/// characters can only stand inside JSON strings, where \uXXXX means the same.
/// Invalid UTF-8 from a damaged file becomes U+FFFD rather than an error.
std::string script_json(const nlohmann::ordered_json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/// Whether `text` holds `tag` ("</script", say) in any letter case.
bool contains_ignoring_case(std::string_view text, std::string_view tag) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i + tag.size() <= text.size(); ++i) {
    std::size_t k = 0;
    while (k < tag.size() && lower(text[i + k]) == tag[k]) ++k;
    if (k == tag.size()) return true;
  }
  return false;
}

/// Fills the template's slots (NAME between two pairs of at-signs) in one
/// pass: inserted text is never scanned for slots itself.
std::string fill(std::string_view page, const std::vector<std::pair<std::string_view, std::string_view>>& slots) {
  std::size_t size = page.size();
  for (const auto& [name, value] : slots) size += value.size();
  std::string out;
  out.reserve(size);
  std::size_t pos = 0;
  while (pos < page.size()) {
    const std::size_t open = page.find("@@", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = page.find("@@", open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = page.substr(open + 2, close - open - 2);
    const auto slot = std::find_if(slots.begin(), slots.end(), [&](const auto& s) { return s.first == name; });
    if (slot == slots.end()) throw std::logic_error("report template: unknown slot '" + std::string(name) + "'");
    out.append(page.substr(pos, open - pos));
    out.append(slot->second);
    pos = close + 2;
  }
  out.append(page.substr(pos));
  return out;
}

std::string page(const nlohmann::ordered_json& data) {
  // The embedded files are ours; a future ECharts that held "</script" would
  // end its element early, so refuse rather than write a broken page.
  for (const auto& [file, text, tag] : {std::tuple{"report.js", report_assets::script(), "</script"},
                                        std::tuple{"echarts.min.js", report_assets::echarts(), "</script"},
                                        std::tuple{"report.css", report_assets::style(), "</style"}}) {
    if (contains_ignoring_case(text, tag)) {
      throw std::logic_error(std::string("report: embedded ") + file + " contains " + tag);
    }
  }
  std::string title = data["meta"]["title"].get<std::string>();
  if (title.empty()) title = "porttwin results";
  if (!data["sweep"].is_null())
    title += " (sweep point " + std::to_string(data["sweep"]["shown"].get<std::size_t>()) + ")";
  const std::string escaped_title = html_escape(title);
  const std::string version = html_escape(porttwin::version());
  const std::string echarts_version = html_escape(report_assets::echarts_version());
  const std::string json = script_json(data);
  return fill(report_assets::page_template(), {{"TITLE", escaped_title},
                                               {"VERSION", version},
                                               {"ECHARTS_VERSION", echarts_version},
                                               {"STYLE", report_assets::style()},
                                               {"DATA", json},
                                               {"ECHARTS", report_assets::echarts()},
                                               {"SCRIPT", report_assets::script()}});
}

}  // namespace

CommandFn add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "Write an HTML report (charts, tables) of a results file");
  cmd->add_option("RESULTS", args->results, "Results file written by 'porttwin run -o' or 'porttwin sweep -o'")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "HTML file to write (default: RESULTS with .html; '-': standard output); written to a temporary "
                  "name beside it and renamed when complete");
  CLI::Option* point = cmd->add_option("--point", args->point, "Sweeps: the point shown in detail (default 0)");
  CLI::Option* replication = cmd->add_option(
      "--replication", args->replication,
      "The replication whose events the cascade section lists (default: a median one by nodes compromised)");
  cmd->footer(
      "The page is one file with everything inlined (ECharts included): it opens offline in any browser.\n"
      "Sections: throughput and resilience curves with 5-95% bands, key-figure distributions, the\n"
      "dependency graph coloured by impact, the cascade over time, the reporting classification;\n"
      "for a sweep, first a comparison of its points. docs/report.md says how each is computed.\n"
      "Examples:\n"
      "  porttwin run scenarios/terminal-ransomware.yaml --replications 20 -o ransomware.h5\n"
      "  porttwin report ransomware.h5 -o ransomware.html\n"
      "  porttwin report ransomware.h5 --replication 7 -o ransomware-7.html\n"
      "  porttwin report sweep.h5 --point 2 -o sweep.html\n"
      "Exit codes: 0 written; 1 the results file is missing, not a complete porttwin results file, or\n"
      "the output cannot be written; 2 bad arguments.");

  return [args, point, replication] {
    const ReportArgs& a = *args;
    report::PayloadOptions options;
    options.path = a.results;
    if (point->count() > 0) {
      if (a.point < 0) throw UsageError("--point must be 0 or more, got " + std::to_string(a.point));
      options.point = static_cast<std::size_t>(a.point);
    }
    if (replication->count() > 0) options.replication = a.replication;
    std::string output = a.output;
    if (output.empty()) output = std::filesystem::path(a.results).replace_extension(".html").string();
    std::error_code ignored;
    if (output != "-" && std::filesystem::equivalent(output, a.results, ignored)) {
      throw UsageError("-o " + output + " is the results file itself");
    }

    const std::string html = page(report::read_payload(options));
    if (output == "-") {
      std::cout << html << std::flush;
      if (!std::cout) throw IoError("cannot write the report to standard output");
    } else {
      io::write_file_atomically(output, html, io::Durability::disk);
      std::printf("report written to %s (%.1f MB)\n", output.c_str(), static_cast<double>(html.size()) / 1e6);
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
