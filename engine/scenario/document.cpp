// ScenarioDocument: the YAML text, its tree, --set overrides by dotted path,
// validation and instantiation; see scenario/document.hpp.
#include "porttwin/scenario/document.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "builder.hpp"
#include "excerpt.hpp"
#include "files.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/schema.hpp"
#include "porttwin/scenario/suggest.hpp"
#include "yaml_tree.hpp"

namespace porttwin::scenario {

using detail::Entry;
using detail::Node;

std::string Diagnostic::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

struct ScenarioDocument::Impl {
  std::string text;
  std::string file;
  std::string base_dir;
  bool read_from_file = false;  // Scenario::source_file is "" for a string
  std::string base_file;        // the file `base:` names, "" if none
  detail::FileAccess access;    // where `base:` and CSV files may be
  Node root;
  bool parsed = true;                         // false: the YAML itself could not be read
  std::vector<Diagnostic> yaml_problems;      // from parsing the file
  std::vector<Diagnostic> override_problems;  // --set values that are not YAML
  std::vector<Diagnostic> problems;

  /// Mark::source 0: the file, 1: a --set value, 2: the file `base:` names.
  [[nodiscard]] std::vector<std::string> sources() const { return {file, "--set", base_file}; }

  void add_yaml_problems(const std::vector<detail::YamlProblem>& from, std::vector<Diagnostic>& into) const {
    const std::vector<std::string> names = sources();
    for (const auto& p : from) {
      into.push_back(Diagnostic{names[std::min<std::size_t>(p.mark.source, names.size() - 1)], p.mark.line,
                                p.mark.column, p.message});
    }
  }

  [[nodiscard]] detail::BuildOptions options(std::optional<std::uint32_t> replication) const {
    detail::BuildOptions o;
    o.sources = sources();
    o.base_dir = base_dir;
    o.access = access;
    o.source_file = read_from_file ? file : std::string();
    o.base_file = base_file;
    o.replication = replication;
    return o;
  }

  void revalidate() {
    problems = yaml_problems;
    problems.insert(problems.end(), override_problems.begin(), override_problems.end());
    if (parsed) {
      detail::BuildResult r = detail::build_scenario(root, options(std::nullopt));
      problems.insert(problems.end(), r.problems.begin(), r.problems.end());
    }
    // File order: the scenario first, then --set values, then other files (CSV).
    const auto rank = [this](const Diagnostic& d) { return d.file == file ? 0 : d.file == "--set" ? 1 : 2; };
    std::stable_sort(problems.begin(), problems.end(), [&rank](const Diagnostic& x, const Diagnostic& y) {
      return std::make_tuple(rank(x), x.file, x.line, x.column) < std::make_tuple(rank(y), y.file, y.line, y.column);
    });
  }
};

namespace {

std::vector<std::string> split_dotted(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string join(const std::string& a, std::string_view b) {
  return a.empty() ? std::string(b) : a + "." + std::string(b);
}

std::string joined(const std::vector<Diagnostic>& problems) {
  std::string out;
  for (const Diagnostic& d : problems) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}

[[noreturn]] void unknown(std::string_view path, const std::vector<std::string>& segments, std::size_t at,
                          const std::vector<std::string_view>& candidates) {
  std::string message = "unknown parameter '" + std::string(path) + "'";
  if (const auto best = closest(segments[at], candidates)) {
    std::string suggestion;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      suggestion += (i ? "." : "") + (i == at ? *best : segments[i]);
    }
    message += "; did you mean '" + suggestion + "'?";
  } else {
    message += " (see 'porttwin schema' for every parameter)";
  }
  throw ScenarioError(message);
}

/// The node at a dotted path. With `create`, missing keys the table allows
/// are added (a parameter absent from the file, taking its default); ids of
/// collections and list indices must exist. Throws ScenarioError for a path
/// the table does not know, with a did-you-mean.
Node* locate(Node& root, std::string_view path, bool create) {
  const std::vector<std::string> segments = split_dotted(path);
  const auto index_of = [](const Node* n, const std::string& seg) -> Node* {
    if (n == nullptr || !n->is_sequence() || seg.empty() || seg.size() > 6 ||
        !std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return nullptr;
    }
    const std::size_t i = std::stoul(seg);
    return i < n->items.size() ? const_cast<Node*>(&n->items[i]) : nullptr;
  };
  Node* cur = &root;  // null once the path goes below what the file has
  std::string pattern;
  bool in_value = false;  // below a leaf: inside {dist: .., mean: ..} or {range: ..}
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    if (in_value) {
      // Inside a value only what the file already has can be set.
      Node* next = cur != nullptr && cur->is_map() ? cur->find(seg) : index_of(cur, seg);
      if (next == nullptr) {
        std::vector<std::string_view> keys;
        if (cur != nullptr) {
          for (const Entry& e : cur->entries) keys.push_back(e.key);
        }
        unknown(path, segments, i, keys);
      }
      cur = next;
      continue;
    }
    if (const Param* exact = seg.empty() ? nullptr : find_param(join(pattern, seg))) {
      pattern = join(pattern, seg);
      Node* next = cur != nullptr ? cur->find(seg) : nullptr;
      if (next == nullptr && create) {
        if (!cur->is_map()) {  // an empty (or scalar) place becomes a map
          const detail::Mark mark = cur->mark;
          *cur = Node{};
          cur->kind = Node::Kind::map;
          cur->mark = mark;
        }
        cur->entries.push_back(Entry{seg, cur->mark, Node{}});
        next = &cur->entries.back().value;
        next->mark = cur->mark;
      }
      cur = next;
      in_value =
          exact->type != ParamType::section && exact->type != ParamType::collection && exact->type != ParamType::list;
      continue;
    }
    const bool by_id = find_param(join(pattern, "<id>")) != nullptr;
    const bool by_index = find_param(join(pattern, "<i>")) != nullptr;
    if (by_id || by_index) {
      // Entries of collections must exist: --set changes them, it does not add terminals.
      Node* next = by_id ? (cur != nullptr ? cur->find(seg) : nullptr) : index_of(cur, seg);
      if (next == nullptr) {
        std::vector<std::string_view> ids;
        if (cur != nullptr) {
          for (const Entry& e : cur->entries) ids.push_back(e.key);
        }
        unknown(path, segments, i, ids);
      }
      pattern = join(pattern, by_id ? "<id>" : "<i>");
      cur = next;
      continue;
    }
    unknown(path, segments, i, child_keys(pattern));
  }
  return cur;
}

std::string read_file(const std::string& path) {
  detail::FileText read = detail::read_regular_file(path, Limits::kMaxFileBytes);
  if (!read.reason.empty()) throw IoError("cannot read scenario file '" + path + "': " + read.reason);
  return std::move(read.text);
}

}  // namespace

ScenarioDocument::ScenarioDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScenarioDocument::ScenarioDocument(ScenarioDocument&&) noexcept = default;
ScenarioDocument& ScenarioDocument::operator=(ScenarioDocument&&) noexcept = default;
ScenarioDocument::ScenarioDocument(const ScenarioDocument& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
ScenarioDocument& ScenarioDocument::operator=(const ScenarioDocument& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
ScenarioDocument::~ScenarioDocument() = default;

namespace {

/// Lays `over` onto `into`: maps key by key (recursively), anything else replaced.
void overlay(Node& into, const Node& over) {
  if (!(into.is_map() && over.is_map())) {
    into = over;
    return;
  }
  // By an index: both maps may hold thousands of keys. The entries never
  // move (reserved first), so the index's views stay valid.
  into.entries.reserve(into.entries.size() + over.entries.size());
  std::unordered_map<std::string_view, std::size_t> slot;
  for (std::size_t i = 0; i < into.entries.size(); ++i) slot.emplace(into.entries[i].key, i);
  for (const Entry& e : over.entries) {
    if (const auto it = slot.find(e.key); it != slot.end()) {
      overlay(into.entries[it->second].value, e.value);
    } else {
      into.entries.push_back(e);
    }
  }
}

}  // namespace

/// `base: other.yaml`: start from that file's keys (one level: a base may
/// not name a base itself), then this file's on top. A base that may not or
/// cannot be read is a problem at the `base:` value, not an exception: it
/// is the scenario's mistake, and validate lists it with the others.
void ScenarioDocument::merge_base() {
  Impl& impl = *impl_;
  const Node* named = impl.parsed ? impl.root.find("base") : nullptr;
  if (named == nullptr || !named->is_scalar() || named->text.empty()) return;
  // Without its base the scenario lacks what the base gives (terminals,
  // traffic, the ids it refers to): only this problem is reported, as for
  // a base whose YAML is malformed.
  const auto refuse = [&](const std::string& message) {
    impl.yaml_problems.push_back(Diagnostic{impl.file, named->mark.line, named->mark.column, "base: " + message});
    impl.parsed = false;
    impl.revalidate();
  };
  const detail::NamedFile file = detail::resolve_named_file(impl.access, impl.base_dir, named->text);
  if (!file.problem.empty()) return refuse(file.problem);
  const detail::FileText read = detail::read_regular_file(file.path, Limits::kMaxFileBytes);
  if (!read.reason.empty()) {
    return refuse("expected a readable scenario file; cannot read " + detail::quoted_path(named->text) + ": " +
                  read.reason);
  }
  impl.base_file = (std::filesystem::path(impl.base_dir) / named->text).lexically_normal().string();
  detail::YamlParse parse = detail::parse_yaml(read.text, detail::kBaseSource);
  impl.add_yaml_problems(parse.problems, impl.yaml_problems);
  if (!parse.ok) {
    impl.parsed = false;
  } else if (!parse.root.is_map()) {
    // Whatever the file is, only an excerpt of it is shown.
    return refuse("expected a scenario (a map of scenario keys) in " + detail::quoted_path(named->text) + "; found " +
                  (parse.root.is_null() ? std::string("an empty document") : detail::found(parse.root)));
  } else if (parse.root.find("base") != nullptr) {
    return refuse(detail::quoted_path(named->text) +
                  " names a base itself; expected a scenario without `base` (one "
                  "level only)");
  } else {
    Node merged = std::move(parse.root);
    overlay(merged, impl.root);
    impl.root = std::move(merged);
  }
  impl.revalidate();
}

ScenarioDocument ScenarioDocument::from_file(const std::string& path, const std::vector<std::string>& allow_paths) {
  const std::string text = read_file(path);
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  ScenarioDocument doc = from_string(text, path, dir, allow_paths);
  doc.impl_->read_from_file = true;
  doc.merge_base();
  return doc;
}

ScenarioDocument ScenarioDocument::from_string(std::string_view text, std::string name, std::string base_dir,
                                               const std::vector<std::string>& allow_paths) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text.substr(0, std::min(text.size(), Limits::kMaxFileBytes + 1)));
  impl->file = std::move(name);
  impl->base_dir = std::move(base_dir);
  impl->access = detail::FileAccess::make(impl->base_dir, allow_paths);
  detail::YamlParse parse = detail::parse_yaml(text, 0);
  impl->root = std::move(parse.root);
  impl->parsed = parse.ok;
  impl->add_yaml_problems(parse.problems, impl->yaml_problems);
  impl->revalidate();
  return ScenarioDocument(std::move(impl));
}

const std::vector<Diagnostic>& ScenarioDocument::problems() const noexcept { return impl_->problems; }

void ScenarioDocument::set(std::string_view dotted_path, std::string_view value) {
  (void)locate(impl_->root, dotted_path, false);  // throws for an unknown path before anything changes
  detail::YamlParse parse = detail::parse_yaml(value, 1);
  if (!parse.problems.empty()) {
    for (auto& p : parse.problems) p.message = std::string(dotted_path) + ": " + p.message;
    impl_->add_yaml_problems(parse.problems, impl_->override_problems);
    impl_->revalidate();
    if (!parse.ok) return;
  }
  if (!impl_->parsed) return;  // the file's YAML is broken: nothing to apply the value to
  Node* slot = locate(impl_->root, dotted_path, true);
  *slot = std::move(parse.root);
  impl_->revalidate();
}

std::string ScenarioDocument::get(std::string_view dotted_path) const {
  // locate() only reads when create is false.
  const Node* n = locate(const_cast<Node&>(impl_->root), dotted_path, false);
  if (n != nullptr) return detail::to_flow_yaml(*n);
  const Param* p = match_param(dotted_path);
  if (p != nullptr && !p->default_value.empty()) return p->default_value == "\"\"" ? "" : std::string(p->default_value);
  return "null";
}

Scenario ScenarioDocument::instantiate(std::uint32_t replication) const {
  if (!impl_->problems.empty()) throw ScenarioError(joined(impl_->problems));
  detail::BuildResult r = detail::build_scenario(impl_->root, impl_->options(replication));
  if (!r.problems.empty()) {
    throw ScenarioError("replication " + std::to_string(replication) +
                        ": values drawn for this replication break a rule:\n" + joined(r.problems));
  }
  return std::move(r.scenario);
}

const std::string& ScenarioDocument::text() const noexcept { return impl_->text; }
const std::string& ScenarioDocument::file() const noexcept { return impl_->file; }

}  // namespace porttwin::scenario
