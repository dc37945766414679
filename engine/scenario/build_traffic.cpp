// Building the traffic side of the Scenario: arrival streams (Poisson,
// timetable, CSV list), vessel classes with their shares and the checks that
// a class can be served at all (cargo, berth fit, cranes), the hinterland
// split and dwell times. See builder.hpp.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "builder.hpp"
#include "excerpt.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::scenario::detail {
namespace {

constexpr double kShareTolerance = 1e-9;

/// A sum of shares as people write it: 0.7 + 0.6 is "1.3", not "1.2999999999999998".
std::string rounded(double x) { return format_number(std::round(x * 1e9) / 1e9); }

struct CsvStream {
  Index stream = 0;
  std::string file;          // as written
  const Node* at = nullptr;  // the `file` key's node: never null once pushed
};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string key_path(const Where& w, std::string_view key) { return w.path + "." + std::string(key); }

void build_streams(Build& b, const Where& traffic, std::vector<CsvStream>& csv) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(traffic, "arrivals"))) {
    b.streams.index.emplace(id, static_cast<Index>(b.s.traffic.streams.size()));
    ArrivalStream& s = b.s.traffic.streams.emplace_back();
    s.id = id;
    b.stream_marks.push_back(w.mark);
    // What sets how many arrivals the stream brings, for the workload check.
    Build::Place& count = b.stream_count.emplace_back(Build::Place{w.mark, w.path});
    for (const char* key : {"rate", "times", "period", "file"}) {
      if (const Node* n = rd.node(w, key)) count = {n->mark, key_path(w, key)};
    }
    // Keys of another process (a timetable with a rate) are refused by the
    // key check (the rows' `applies`).
    if (!rd.choice(w, "process")) continue;
    rd.read_fields(w, s);
    switch (s.process) {
      case ArrivalStream::Process::poisson:
        if (rd.node(w, "rate") == nullptr) rd.missing(w, "rate");
        break;
      case ArrivalStream::Process::timetable: {
        if (rd.node(w, "times") == nullptr) {
          rd.missing(w, "times");
          break;
        }
        const Node* list = rd.node(w, "times");
        if (list == nullptr || !list->is_sequence() || list->items.size() != s.offsets_h.size()) break;
        for (std::size_t i = 0; i < s.offsets_h.size(); ++i) {
          const double t = s.offsets_h[i];
          if (t < 0.0 || t >= s.period_h) {
            rd.problem(list->items[i], w.path + ".times",
                       "expected a time in [0 h, period = " + format_number(s.period_h) + " h); found " +
                           found(list->items[i]));
          }
        }
        std::sort(s.offsets_h.begin(), s.offsets_h.end());
        break;
      }
      case ArrivalStream::Process::windows: {
        const Node* rate = rd.node(w, "rate");
        if (rate == nullptr) {
          rd.missing(w, "rate");
          break;
        }
        const double services = std::round(s.rate_per_h * s.period_h);
        if (services < 1.0 || services > static_cast<double>(Limits::kMaxServices)) {
          rd.problem(*rate, w.path + ".rate",
                     "expected rate x period to round to between 1 and " + format_number(Limits::kMaxServices) +
                         " services (one berth window each a period); found " + found(*rate) + " x " +
                         format_number(s.period_h) + " h = " + format_number(s.rate_per_h * s.period_h));
        }
        if (s.on_time < 1.0 && rd.node(w, "late") == nullptr) {
          rd.problem(w.mark, w.path + ": expected key 'late' (a late call's arrival after its window), as on_time " +
                                 format_number(s.on_time) + " leaves calls late; found none");
        }
        break;
      }
      case ArrivalStream::Process::csv:
        if (rd.node(w, "file") == nullptr) {
          rd.missing(w, "file");
        } else if (const auto f = rd.text(w, "file")) {
          csv.push_back({static_cast<Index>(b.s.traffic.streams.size() - 1), *f, rd.node(w, "file")});
        }
        break;
    }
  }
}

/// Reads a CSV timetable: a header `time,class`, then one arrival a line.
void read_csv(Build& b, const CsvStream& c, std::vector<Index>& first_stream_of_class) {
  Reader& rd = b.rd;
  // A path is relative to the file that wrote it: the scenario, or its `base:`.
  const bool from_base = c.at->mark.source == kBaseSource && !b.options.base_file.empty();
  const std::filesystem::path dir =
      from_base ? std::filesystem::path(b.options.base_file).parent_path() : std::filesystem::path(b.options.base_dir);
  const std::string name = (dir / c.file).lexically_normal().string();
  const std::string key = "traffic.arrivals." + b.s.traffic.streams[c.stream].id + ".file";
  const NamedFile file = resolve_named_file(b.options.access, dir, c.file);
  if (!file.problem.empty()) {
    rd.problem(*c.at, key, file.problem);
    return;
  }
  const FileText read = read_regular_file(file.path, Limits::kMaxFileBytes);
  if (!read.reason.empty()) {
    rd.problem(*c.at, key, "expected a readable CSV file; cannot read " + quoted_path(name) + ": " + read.reason);
    return;
  }
  if (read.text.size() > Limits::kMaxFileBytes) {
    rd.problem_in_file(name, 1, 1,
                       "CSV file too large: more than " + std::to_string(Limits::kMaxFileBytes) + " bytes (the limit)");
    return;
  }
  ArrivalStream& s = b.s.traffic.streams[c.stream];
  std::istringstream in(read.text);
  std::string line;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    if (const auto bad = first_invalid_utf8(line)) {
      rd.problem_in_file(name, number, bad->column, bad->message);
      continue;
    }
    const std::string t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    const std::size_t comma = t.find(',');
    if (!header) {
      header = true;
      if (comma == std::string::npos || trim(t.substr(0, comma)) != "time" || trim(t.substr(comma + 1)) != "class") {
        rd.problem_in_file(name, number, 1, "expected the header 'time,class'; found " + quoted_excerpt(t));
        return;
      }
      continue;
    }
    if (s.listed.size() >= Limits::kMaxCsvRows) {
      rd.problem_in_file(name, number, 1, "expected at most " + std::to_string(Limits::kMaxCsvRows) + " rows");
      return;
    }
    if (comma == std::string::npos || t.find(',', comma + 1) != std::string::npos) {
      rd.problem_in_file(name, number, 1, "expected 'time,class' (two fields); found " + quoted_excerpt(t));
      continue;
    }
    const std::string time_text = trim(t.substr(0, comma));
    const std::string class_id = trim(t.substr(comma + 1));
    const int class_column = static_cast<int>(t.find_first_not_of(" \t", comma + 1) + 1);
    std::optional<double> time = parse_number(time_text);
    if (!time) {
      const QuantityParse q = parse_quantity(time_text, Dimension::duration);
      if (q.quantity) time = q.quantity->value;
    }
    if (!time || *time < 0.0) {
      rd.problem_in_file(
          name, number, 1,
          "expected a time >= 0 with a unit or in hours, e.g. '36 h'; found " + quoted_excerpt(time_text));
      continue;
    }
    const auto it = b.classes.index.find(class_id);
    if (it == b.classes.index.end()) {
      rd.problem_in_file(
          name, number, class_column,
          "expected a vessel class id; found " + quoted_excerpt(class_id) + rd.did_you_mean(class_id, b.classes.ids()));
      continue;
    }
    s.listed.push_back({*time, it->second});
    if (first_stream_of_class[it->second] == kNone) first_stream_of_class[it->second] = c.stream;
  }
  if (!header) rd.problem_in_file(name, 1, 1, "expected the header 'time,class'; found an empty file");
  std::stable_sort(s.listed.begin(), s.listed.end(),
                   [](const ArrivalStream::Listed& x, const ArrivalStream::Listed& y) { return x.time_h < y.time_h; });
}

struct ClassInfo {
  const Node* share_node = nullptr;
  std::optional<Reader::Share> share;
  bool has_arrivals = false;
  Mark mark;
  std::string path;
};

/// Counts `more` (vessel class, terminal) pairs, or reports at the class
/// that they pass the limit: every class lists its terminals (and the port
/// model a list per class), and 10,000 classes x 10,000 terminals would be
/// gigabytes.
bool count_class_terminals(Build& b, const Where& w, std::size_t more) {
  if (b.class_terminals + more <= Limits::kMaxClassTerminals) {
    b.class_terminals += more;
    return true;
  }
  if (b.class_terminals <= Limits::kMaxClassTerminals) {  // said once
    b.rd.problem(w.mark, w.path + ": expected at most " + std::to_string(Limits::kMaxClassTerminals) +
                             " (vessel class, terminal) pairs in the scenario (the terminals each class may use, "
                             "summed); found more");
  }
  b.class_terminals = Limits::kMaxClassTerminals + 1;
  return false;
}

void build_class(Build& b, const Where& w, VesselClass& v, ClassInfo& info) {
  Reader& rd = b.rd;
  info.mark = w.mark;
  info.path = w.path;
  const Node* call_size = rd.node(w, "call_size");
  b.call_size.push_back({call_size != nullptr ? call_size->mark : w.mark, key_path(w, "call_size")});
  if (const auto a = rd.reference(w, "arrivals")) {
    info.has_arrivals = true;
    v.stream = b.resolve(b.streams, *a, *rd.node(w, "arrivals"), w.path + ".arrivals");
    b.incomplete_classes = b.incomplete_classes || v.stream == kNone;
  } else if (rd.node(w, "arrivals") != nullptr) {
    b.incomplete_classes = true;
  }
  info.share_node = rd.node(w, "share");
  if (info.share_node != nullptr) info.share = rd.share(w, "share");
  if (const auto l = rd.reference(w, "line")) v.line = b.resolve(b.lines, *l, *rd.node(w, "line"), w.path + ".line");
  v.cranes_max = 0;  // not given (or not readable): min, below
  rd.read_fields(w, v);
  CargoUnit unit = CargoUnit::none;
  if (auto d = rd.distribution(w, "call_size", &unit)) {
    v.call_size = std::move(*d);
    if (to_string(unit) != cargo_unit(v.cargo)) {
      rd.problem(*rd.node(w, "call_size"), w.path + ".call_size",
                 "expected " + std::string(cargo_unit(v.cargo)) + " for a class carrying " +
                     std::string(to_string(v.cargo)) + "; found '" + std::string(to_string(unit)) + "'");
    }
  }
  const Where cranes = rd.section(w, "cranes");
  if (v.cranes_max == 0) v.cranes_max = v.cranes_min;  // the default: min
  if (v.cranes_max < v.cranes_min) {
    rd.problem(*rd.node(cranes, "max"), cranes.path + ".max",
               "expected max >= min (" + std::to_string(v.cranes_min) + "); found " + std::to_string(v.cranes_max));
  }
  if (const auto refs = rd.references(w, "terminals")) {
    for (const auto& [tid, at] : *refs) {
      const Index i = b.resolve(b.terminals, tid, *at, w.path + ".terminals");
      if (i == kNone) continue;
      if (b.s.terminals[i].cargo != v.cargo) {
        rd.problem(*at, w.path + ".terminals",
                   "expected a terminal handling " + std::string(to_string(v.cargo)) + "; found '" + tid +
                       "', which handles " + std::string(to_string(b.s.terminals[i].cargo)));
        continue;
      }
      if (count_class_terminals(b, w, 1)) v.terminals.push_back(i);
    }
  } else {
    std::size_t of_cargo = 0;
    for (const Terminal& t : b.s.terminals) of_cargo += t.cargo == v.cargo ? 1 : 0;
    // Every class lists its terminals (and the port model keeps a list per
    // class): 10,000 classes x 10,000 terminals would be gigabytes.
    if (!count_class_terminals(b, w, of_cargo)) of_cargo = 0;
    for (Index i = 0; i < b.s.terminals.size() && of_cargo > 0; ++i) {
      if (b.s.terminals[i].cargo == v.cargo) v.terminals.push_back(i);
    }
    if (v.terminals.empty() && !b.s.terminals.empty()) {
      rd.problem(w.mark, w.path + ": no terminal handles " + std::string(to_string(v.cargo)) +
                             ", the cargo of this vessel class");
    }
  }
  const Where split = rd.section(w, "split");
  if (split.node != nullptr) {
    v.import_share = rd.number(split, "import").value_or(0.0);
    v.export_share = rd.number(split, "export").value_or(0.0);
    v.transshipment_share = rd.number(split, "transshipment").value_or(0.0);
    const double sum = v.import_share + v.export_share + v.transshipment_share;
    if (!b.sampled && std::abs(sum - 1.0) > kShareTolerance) {
      rd.problem(split.node->mark,
                 split.path + ": expected import + export + transshipment = 1; found " + rounded(sum));
    } else if (sum > 0.0) {
      v.import_share /= sum;
      v.export_share /= sum;
      v.transshipment_share /= sum;
    }
  }
  if (const auto c = rd.reference(w, "consignee")) {
    v.consignee = b.resolve(b.companies, *c, *rd.node(w, "consignee"), w.path + ".consignee");
    if (v.consignee != kNone && v.cargo != CargoKind::containers &&
        to_string(b.company_unit[v.consignee]) != cargo_unit(v.cargo) &&
        b.company_unit[v.consignee] != CargoUnit::none) {
      rd.problem(*rd.node(w, "consignee"), w.path + ".consignee",
                 "expected a company consuming " + std::string(cargo_unit(v.cargo)) + " (the class's cargo unit); " +
                     quoted_excerpt(*c) + " consumes " + std::string(to_string(b.company_unit[v.consignee])));
    }
  }
}

/// What check_servable needs of a terminal, computed once: a class is
/// checked against its terminals, not against every berth of each (10,000
/// classes x 100,000 identical berths would be 1e9 comparisons).
struct Quay {
  /// Berths by length, longest first, each with the greatest depth among
  /// it and the longer ones: a vessel fits if, among the berths at least as
  /// long as it, the deepest is deep enough.
  std::vector<std::pair<double, double>> by_length;
  std::uint64_t cranes = 0;

  [[nodiscard]] bool fits(double length_m, double draught_m) const {
    // The last berth at least as long as the vessel has the deepest of them.
    const auto end = std::partition_point(by_length.begin(), by_length.end(),
                                          [&](const auto& berth) { return berth.first >= length_m; });
    return end != by_length.begin() && std::prev(end)->second >= draught_m;
  }
  [[nodiscard]] double longest() const { return by_length.empty() ? 0.0 : by_length.front().first; }
  [[nodiscard]] double deepest() const { return by_length.empty() ? 0.0 : by_length.back().second; }
};

std::vector<Quay> quays(const Build& b) {
  std::vector<Quay> out(b.s.terminals.size());
  for (std::size_t t = 0; t < out.size(); ++t) {
    const Terminal& terminal = b.s.terminals[t];
    for (const CraneGroup& g : terminal.crane_groups) out[t].cranes += g.count;
    auto& berths = out[t].by_length;
    for (const Berth& berth : terminal.berths) berths.emplace_back(berth.length_m, berth.depth_m);
    std::sort(berths.begin(), berths.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 1; i < berths.size(); ++i) berths[i].second = std::max(berths[i].second, berths[i - 1].second);
  }
  return out;
}

/// A class must be servable: some allowed terminal has a berth it fits and
/// enough cranes to start it.
void check_servable(Build& b, const std::vector<Quay>& quays, const VesselClass& v, const ClassInfo& info) {
  // After a berth or class value that could not be read, the fit would be
  // judged on a placeholder: that problem is already reported.
  if (b.incomplete_berths || v.terminals.empty() || v.length_m <= 0.0 || v.draught_m <= 0.0) return;
  double longest = 0.0;
  double deepest = 0.0;
  std::uint64_t most_cranes = 0;
  bool fits = false;
  for (const Index i : v.terminals) {
    most_cranes = std::max(most_cranes, quays[i].cranes);
    longest = std::max(longest, quays[i].longest());
    deepest = std::max(deepest, quays[i].deepest());
    fits = fits || quays[i].fits(v.length_m, v.draught_m);
  }
  if (!fits) {
    b.rd.problem(info.mark, info.path + ": vessel class (" + format_number(v.length_m) + " m long, " +
                                format_number(v.draught_m) + " m draught) fits no berth of its terminals (longest " +
                                format_number(longest) + " m, deepest " + format_number(deepest) + " m)");
  }
  if (v.cranes_min > most_cranes) {
    b.rd.problem(info.mark, info.path + ": cranes.min is " + std::to_string(v.cranes_min) +
                                " but no terminal it may use has more than " + std::to_string(most_cranes) + " cranes");
  }
}

/// A container terminal whose cargo leaves or arrives by truck needs gate
/// lanes: the trucks would queue at none forever (the model refuses it).
/// Its cargo: that of every class that may call there (a terminal of its
/// list with a berth it fits) with an import or export share.
void check_gates(Build& b, const std::vector<Quay>& quays) {
  if (!(b.s.traffic.truck_share > 0.0)) return;
  std::vector<bool> trucked(b.s.terminals.size(), false);
  for (const VesselClass& v : b.s.traffic.vessel_classes) {
    if (!(v.import_share > 0.0 || v.export_share > 0.0)) continue;
    for (const Index t : v.terminals) {
      if (t < trucked.size() && quays[t].cranes > 0 && quays[t].fits(v.length_m, v.draught_m)) trucked[t] = true;
    }
  }
  for (Index t = 0; t < b.s.terminals.size() && t < b.terminal.size(); ++t) {
    const Terminal& terminal = b.s.terminals[t];
    std::uint64_t lanes = 0;
    for (const Gate& g : terminal.gates) lanes += g.lanes;
    if (terminal.cargo != CargoKind::containers || lanes > 0 || !trucked[t]) continue;
    b.rd.problem(b.terminal[t].mark, b.terminal[t].path +
                                         ": expected gates (a container terminal whose import or export cargo "
                                         "goes by truck: traffic.hinterland_split.truck > 0); found none");
  }
}

/// Shares of each Poisson or timetable stream sum to 1; `remainder` takes the rest.
void resolve_shares(Build& b, const std::vector<ClassInfo>& infos) {
  std::vector<VesselClass>& classes = b.s.traffic.vessel_classes;
  // Each stream's classes in one pass, in class order.
  std::vector<std::vector<Index>> members_of(b.s.traffic.streams.size());
  for (Index c = 0; c < classes.size(); ++c) {
    if (infos[c].has_arrivals && classes[c].stream < members_of.size()) members_of[classes[c].stream].push_back(c);
  }
  for (Index s = 0; s < b.s.traffic.streams.size(); ++s) {
    const ArrivalStream& stream = b.s.traffic.streams[s];
    if (stream.process == ArrivalStream::Process::csv) continue;
    const std::vector<Index>& members = members_of[s];
    const std::string where = "traffic.arrivals." + stream.id;
    if (members.empty()) {
      if (b.incomplete_classes) continue;  // a class naming an unknown stream is reported already
      b.rd.problem(b.stream_marks[s], where + ": no vessel class arrives with this stream");
      continue;
    }
    Index remainder = kNone;
    double sum = 0.0;
    bool complete = true;
    for (const Index c : members) {
      const ClassInfo& info = infos[c];
      if (info.share_node == nullptr) {
        if (members.size() == 1) {
          classes[c].share = 1.0;
          sum += 1.0;
        } else {
          b.rd.problem(info.mark, "missing required key 'share' in " + info.path + " (stream " + stream.id +
                                      " has several classes)");
          complete = false;
        }
      } else if (!info.share) {
        complete = false;
      } else if (info.share->remainder) {
        if (remainder != kNone) {
          b.rd.problem(*info.share_node, info.path + ".share",
                       "expected at most one 'remainder' per stream; found a second in stream " + stream.id);
          complete = false;
        }
        remainder = c;
      } else {
        classes[c].share = info.share->value;
        sum += info.share->value;
      }
    }
    if (!complete) continue;
    if (remainder != kNone) {
      if (sum > 1.0 + kShareTolerance && !b.sampled) {
        b.rd.problem(*infos[remainder].share_node, infos[remainder].path + ".share",
                     "expected the other shares of stream " + stream.id + " to leave a remainder >= 0; they sum to " +
                         rounded(sum));
        continue;
      }
      classes[remainder].share = std::max(0.0, 1.0 - sum);
      sum += classes[remainder].share;
    } else if (std::abs(sum - 1.0) > kShareTolerance && !b.sampled) {
      b.rd.problem(infos[members.front()].mark,
                   where + ": expected the shares of its vessel classes to sum to 1; found " + rounded(sum));
      continue;
    }
    // Drawn shares are normalised so each replication's shares sum to 1.
    if (sum > 0.0) {
      for (const Index c : members) classes[c].share /= sum;
    }
  }
}

void build_split(Build& b, const Where& traffic) {
  Reader& rd = b.rd;
  Traffic& t = b.s.traffic;
  const Where split = rd.section(traffic, "hinterland_split");
  bool has_mode[3] = {false, false, false};
  for (const HinterlandOperator& h : b.s.hinterland) {
    if (h.mode == HinterlandMode::truck || h.mode == HinterlandMode::rail || h.mode == HinterlandMode::barge) {
      has_mode[static_cast<std::size_t>(h.mode)] = true;
    }
  }
  if (split.node == nullptr) {
    t.truck_share = t.rail_share = t.barge_share = 0.0;
    if (has_mode[0] || !(has_mode[1] || has_mode[2])) {
      t.truck_share = 1.0;
    } else {
      (has_mode[1] ? t.rail_share : t.barge_share) = 1.0;
    }
  } else {
    t.truck_share = rd.number(split, "truck").value_or(0.0);
    t.rail_share = rd.number(split, "rail").value_or(0.0);
    t.barge_share = rd.number(split, "barge").value_or(0.0);
    const double sum = t.truck_share + t.rail_share + t.barge_share;
    if (!b.sampled && std::abs(sum - 1.0) > kShareTolerance) {
      rd.problem(split.node->mark, split.path + ": expected truck + rail + barge = 1; found " + rounded(sum));
    } else if (sum > 0.0) {
      t.truck_share /= sum;
      t.rail_share /= sum;
      t.barge_share /= sum;
    }
    const char* const names[3] = {"truck", "rail", "barge"};
    const double shares[3] = {t.truck_share, t.rail_share, t.barge_share};
    for (std::size_t m = 0; m < 3; ++m) {
      const Node* n = rd.node(split, names[m]);
      if (shares[m] > 0.0 && !has_mode[m] && n != nullptr) {
        rd.problem(
            *n, split.path + "." + names[m],
            "expected a hinterland operator with mode " + std::string(names[m]) + " for a share > 0; there is none");
      }
    }
  }
  // The dwell times are bound to b.s.traffic: read with the settings.
}

}  // namespace

void build_traffic(Build& b, const Where& root) {
  Reader& rd = b.rd;
  const Where traffic = rd.section(root, "traffic");
  std::vector<CsvStream> csv;
  build_streams(b, traffic, csv);

  std::vector<ClassInfo> infos;
  for (const auto& [id, w] : rd.entries(rd.collection(traffic, "vessel_classes"))) {
    b.classes.index.emplace(id, static_cast<Index>(b.s.traffic.vessel_classes.size()));
    VesselClass& v = b.s.traffic.vessel_classes.emplace_back();
    v.id = id;
    build_class(b, w, v, infos.emplace_back());
  }

  std::vector<Index> listed_in(b.s.traffic.vessel_classes.size(), kNone);
  for (const CsvStream& c : csv) read_csv(b, c, listed_in);
  const std::vector<Quay> terminal_quays = quays(b);
  for (Index c = 0; c < b.s.traffic.vessel_classes.size(); ++c) {
    VesselClass& v = b.s.traffic.vessel_classes[c];
    if (!infos[c].has_arrivals) {
      if (listed_in[c] != kNone) {
        v.stream = listed_in[c];
      } else {
        rd.problem(infos[c].mark, "missing required key 'arrivals' in " + infos[c].path +
                                      " (needed unless a csv stream lists the class)");
      }
    }
    check_servable(b, terminal_quays, v, infos[c]);
  }
  resolve_shares(b, infos);
  build_split(b, traffic);
  if (!b.incomplete_berths) check_gates(b, terminal_quays);
}

}  // namespace porttwin::scenario::detail
