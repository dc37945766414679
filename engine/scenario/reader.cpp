// Reading table-described values from the YAML tree; see reader.hpp.
#include "reader.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <system_error>

#include "excerpt.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::scenario::detail {
namespace {

std::string join(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  std::string out(a);
  out += '.';
  out += b;
  return out;
}

}  // namespace

std::string_view article_noun(const Param& p) {
  if (p.type == ParamType::integer) return "an integer";
  switch (p.dimension) {
    case Dimension::none: return "a number";
    case Dimension::duration: return "a duration";
    case Dimension::length: return "a length";
    case Dimension::rate: return "a rate";
    case Dimension::cargo: return "a cargo amount";
    case Dimension::cargo_rate: return "a cargo rate";
    case Dimension::money_rate: return "a money rate";
    case Dimension::cargo_money_rate: return "a money rate per cargo unit";
  }
  return "a number";
}

std::string range_phrase(const Param& p) {
  std::string r = describe_range(p);
  if (r.empty()) return "";
  if (r.front() == '(' || r.front() == '[') return " in " + r;
  if (p.type == ParamType::integer && r.find("..") != std::string::npos) return " in " + r;
  return " " + r;
}

Where Where::key(std::string_view k) const { return Where{join(path, k), join(pattern, k), nullptr, Mark{}}; }

Where Where::item(std::string_view id, bool list) const {
  return Where{join(path, path_segment(id)), join(pattern, list ? "<i>" : "<id>"), nullptr, Mark{}};
}

std::string path_segment(std::string_view key) { return valid_id(key) ? std::string(key) : excerpt(key); }

bool valid_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

const std::vector<std::string_view>& distribution_kinds() {
  static const std::vector<std::string_view> kinds{"exponential", "uniform",    "normal",
                                                   "lognormal",   "triangular", "empirical"};
  return kinds;
}

std::vector<std::string_view> distribution_keys(std::string_view kind) {
  if (kind == "exponential") return {"mean"};
  if (kind == "uniform") return {"min", "max"};
  if (kind == "normal" || kind == "lognormal") return {"mean", "sd"};
  if (kind == "triangular") return {"min", "mode", "max"};
  if (kind == "empirical") return {"values"};
  return {};
}

// ---- problems ----------------------------------------------------------------

void Reader::problem(const Mark& at, std::string message) {
  // Said once: a section reached by both the builder and the fields read
  // from it is checked twice.
  const std::string& file = source_name(at.source);
  if (!said_.insert(file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + message).second) {
    return;
  }
  problems_.push_back(Diagnostic{file, at.line, at.column, std::move(message)});
}

void Reader::problem(const Node& at, std::string_view path, std::string_view message) {
  problem(at.mark, std::string(path) + ": " + std::string(message));
}

void Reader::missing(const Where& parent, std::string_view key) {
  // Below an absent section nothing more is said: the section's own absence
  // is the problem (reported if it is required), not each of its keys.
  if (parent.absent) return;
  const Mark at = parent.node != nullptr ? parent.node->mark : parent.mark.line > 0 ? parent.mark : Mark{1, 1, 0};
  const std::string where = parent.path.empty() ? std::string("the scenario") : parent.path;
  problem(at, "missing required key '" + std::string(key) + "' in " + where);
}

void Reader::problem_in_file(std::string file, int line, int column, std::string message) {
  problems_.push_back(Diagnostic{std::move(file), line, column, std::move(message)});
}

std::vector<Diagnostic> Reader::take_problems() { return std::move(problems_); }

std::string Reader::did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  // An estimate in O(1): summing the candidates' lengths would itself cost
  // what the budget is there to bound.
  const std::size_t cost = candidates.size() * (std::min<std::size_t>(word.size(), 1000) + 8);
  if (cost > suggestion_budget_) return {};
  suggestion_budget_ -= cost;
  return scenario::did_you_mean(word, candidates);
}

const std::string& Reader::source_name(std::uint32_t source) const {
  return sources_.at(std::min<std::size_t>(source, sources_.size() - 1));
}

// ---- fields -------------------------------------------------------------------

namespace {

/// The bound rows read from a place of each pattern: a row belongs to the
/// place of every section above it up to the nearest collection entry or
/// list item (or the root).
const std::unordered_map<std::string_view, std::vector<const Param*>>& bound_rows() {
  static const auto rows = [] {
    std::unordered_map<std::string_view, std::vector<const Param*>> m;
    for (const Param& p : parameter_table()) {
      if (!p.bind) continue;
      const std::string_view path = p.path;
      for (std::size_t dot = path.rfind('.');; dot = path.rfind('.', dot - 1)) {
        const std::string_view prefix = dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
        m[prefix].push_back(&p);
        if (dot == std::string_view::npos || prefix.ends_with("<id>") || prefix.ends_with("<i>")) break;
      }
    }
    return m;
  }();
  return rows;
}

}  // namespace

std::optional<ReadValue> Reader::read_value(const Where& parent, std::string_view key) {
  const Param& p = row(parent, key);
  const auto wrap = [](auto v) -> std::optional<ReadValue> {
    if (!v) return std::nullopt;
    return ReadValue{std::move(*v)};
  };
  switch (p.type) {
    case ParamType::text:
    case ParamType::identifier: return wrap(text(parent, key));
    case ParamType::boolean: return wrap(boolean(parent, key));
    case ParamType::integer: return wrap(integer(parent, key));
    case ParamType::number:
    case ParamType::quantity: return wrap(number(parent, key));
    case ParamType::distribution: return wrap(distribution(parent, key));
    case ParamType::choice: {
      const auto c = choice(parent, key);
      if (!c) return std::nullopt;
      return ReadValue{ChoiceIndex{*c}};
    }
    case ParamType::durations: return wrap(durations(parent, key));
    default:
      throw std::logic_error("parameter '" + std::string(p.path) + "' is bound but its type is read by the builder");
  }
}

bool Reader::read_bound(const Where& at, const void* owner, void* object, bool present_only) {
  const auto& all = bound_rows();
  const auto it = all.find(at.pattern);
  if (it == all.end()) return true;
  bool complete = true;
  // The sections between `at` and each row, taken once each.
  std::vector<std::pair<std::string_view, Where>> sections;
  for (const Param* p : it->second) {
    if (p->bind.owner != owner) continue;
    // "pre_arrival.lead" below "rules": each section on the way, then the key.
    const std::string_view relative = std::string_view(p->path).substr(at.pattern.empty() ? 0 : at.pattern.size() + 1);
    Where parent = at;
    std::size_t start = 0;
    for (std::size_t dot = relative.find('.'); dot != std::string_view::npos; dot = relative.find('.', start)) {
      const std::string_view sections_so_far = relative.substr(0, dot);
      const auto known =
          std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.first == sections_so_far; });
      if (known != sections.end()) {
        parent = known->second;
      } else {
        parent = section(parent, relative.substr(start, dot - start));
        sections.emplace_back(sections_so_far, parent);
      }
      start = dot + 1;
    }
    const std::string_view key = relative.substr(start);
    const bool given = node(parent, key) != nullptr;
    if (present_only && !given) continue;
    const auto v = read_value(parent, key);
    if (!v) {
      complete = complete && !given && !p->required;
      continue;
    }
    if (!p->bind.assign(object, *v)) {
      throw std::logic_error("parameter '" + std::string(p->path) + "' is bound to a field that cannot hold its value");
    }
  }
  return complete;
}

// ---- structure ----------------------------------------------------------------

const Param& Reader::row(const Where& parent, std::string_view key) {
  const Param* p = find_param(join(parent.pattern, key));
  if (p == nullptr)
    throw std::logic_error("scenario builder reads '" + join(parent.pattern, key) + "', not in the table");
  return *p;
}

const Node* Reader::node(const Where& parent, std::string_view key) const {
  return parent.node != nullptr ? parent.node->find(key) : nullptr;
}

std::optional<Reader::Field> Reader::field(const Where& parent, std::string_view key) {
  Field f;
  f.param = &row(parent, key);
  f.path = join(parent.path, key);
  f.node = node(parent, key);
  if (f.node != nullptr) return f;
  if (f.param->required) {
    missing(parent, key);
    return std::nullopt;
  }
  if (f.param->default_value.empty()) return std::nullopt;
  std::string_view d = f.param->default_value;
  if (d == "\"\"") d = "";
  f.fallback.kind = Node::Kind::scalar;
  f.fallback.text = std::string(d);
  if (parent.node != nullptr) f.fallback.mark = parent.node->mark;
  return f;
}

Where Reader::section(const Where& parent, std::string_view key) {
  Where w = parent.key(key);
  w.mark = parent.node != nullptr ? parent.node->mark : parent.mark;
  const Param& p = row(parent, key);
  const Node* n = node(parent, key);
  if (n != nullptr) w.mark = n->is_null() ? parent.node->entry(key)->key_mark : n->mark;
  w.absent = n == nullptr;
  if (n == nullptr) {
    if (p.required) missing(parent, key);
    return w;
  }
  if (n->is_map()) {
    w.node = n;
  } else if (!n->is_null()) {
    problem(*n, w.path, "expected a map; found " + found(*n));
    w.absent = true;  // its keys' absence follows from this problem
  }
  return w;
}

Where Reader::collection(const Where& parent, std::string_view key) {
  Where w = parent.key(key);
  const Param& p = row(parent, key);
  const Node* n = node(parent, key);
  w.mark = n != nullptr             ? (n->is_null() ? parent.node->entry(key)->key_mark : n->mark)
           : parent.node != nullptr ? parent.node->mark
                                    : parent.mark;
  w.absent = n == nullptr;
  if (n == nullptr) {
    if (p.required) missing(parent, key);
    return w;
  }
  const bool list = p.type == ParamType::list;
  std::size_t count = 0;
  if (n->is_null()) {
    count = 0;
  } else if (list ? n->is_sequence() : n->is_map()) {
    count = list ? n->items.size() : n->entries.size();
    w.node = n;
  } else {
    problem(*n, w.path,
            std::string(list ? "expected a list" : "expected a map of entries by id") + "; found " + found(*n));
    w.absent = true;
    return w;
  }
  if (static_cast<double>(count) < p.min || static_cast<double>(count) > p.max) {
    problem(*n, w.path, "expected " + describe_range(p) + "; found " + std::to_string(count));
    if (static_cast<double>(count) > p.max) w.node = nullptr;  // do not build an absurd number of entries
  }
  return w;
}

std::vector<std::pair<std::string, Where>> Reader::entries(const Where& collection) {
  std::vector<std::pair<std::string, Where>> out;
  if (collection.node == nullptr || !collection.node->is_map()) return out;
  for (const Entry& e : collection.node->entries) {
    Where w = collection.item(e.key);
    w.mark = e.key_mark;
    if (e.value.is_map()) {
      w.node = &e.value;
    } else if (!e.value.is_null()) {
      problem(e.value, w.path, "expected a map of keys; found " + found(e.value));
      continue;
    }
    out.emplace_back(e.key, std::move(w));
  }
  return out;
}

std::vector<Where> Reader::items(const Where& list) {
  std::vector<Where> out;
  if (list.node == nullptr || !list.node->is_sequence()) return out;
  for (std::size_t i = 0; i < list.node->items.size(); ++i) {
    const Node& item = list.node->items[i];
    Where w = list.item(std::to_string(i), true);
    w.mark = item.mark;
    if (!item.is_map()) {
      problem(item, w.path, "expected a map of keys; found " + found(item));
      continue;
    }
    w.node = &item;
    out.push_back(std::move(w));
  }
  return out;
}

// ---- scalars ----------------------------------------------------------------

std::optional<std::string> Reader::text(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  if (!n.is_scalar()) {
    problem(n, f->path, "expected text; found " + found(n));
    return std::nullopt;
  }
  if (f->param->type == ParamType::identifier && !valid_id(n.text)) {
    problem(n, f->path, "expected an id of lowercase letters, digits and '_'; found " + found(n));
    return std::nullopt;
  }
  return n.text;
}

std::optional<bool> Reader::boolean(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  if (n.is_scalar()) {
    if (n.text == "true" || n.text == "True" || n.text == "TRUE") return true;
    if (n.text == "false" || n.text == "False" || n.text == "FALSE") return false;
  }
  problem(n, f->path, "expected true or false; found " + found(n));
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::integer(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  const Param& p = *f->param;
  const std::string expected = "expected an integer" + range_phrase(p) + "; found " + found(n);
  if (!n.is_scalar()) {
    problem(n, f->path, expected);
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const char* first = n.text.data();
  const char* last = first + n.text.size();
  const auto r = std::from_chars(first, last, value);
  if (r.ec != std::errc{} || r.ptr != last || static_cast<double>(value) < p.min ||
      static_cast<double>(value) > p.max) {
    problem(n, f->path, expected);
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::number(const Where& parent, std::string_view key) {
  const auto q = quantity(parent, key);
  if (!q) return std::nullopt;
  return q->value;
}

std::optional<Quantity> Reader::quantity(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  const auto v = scalar(n, *f->param, f->path, true);
  if (!v) return std::nullopt;
  return Quantity{v->value, v->cargo};
}

std::optional<std::size_t> Reader::choice(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  const std::vector<std::string_view> words = split_words(f->param->choices);
  if (n.is_scalar()) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i] == n.text) return i;
    }
  }
  problem(n, f->path,
          "expected one of " + describe_range(*f->param) + "; found " + found(n) +
              (n.is_scalar() ? did_you_mean(n.text, words) : std::string()));
  return std::nullopt;
}

std::optional<Reader::Share> Reader::share(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  if (n.is_scalar() && n.text == "remainder") return Share{true, 0.0};
  if (n.is_scalar() && !parse_number(n.text)) {
    problem(n, f->path, "expected a share in [0, 1] or 'remainder'; found " + found(n));
    return std::nullopt;
  }
  const auto v = scalar(n, *f->param, f->path, true);
  if (!v) return std::nullopt;
  return Share{false, v->value};
}

std::optional<std::vector<double>> Reader::durations(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  const Param& p = *f->param;
  if (!n.is_sequence()) {
    problem(n, f->path, "expected a list of durations, e.g. [10 h, 58 h]; found " + found(n));
    return std::nullopt;
  }
  if (static_cast<double>(n.items.size()) < p.min || static_cast<double>(n.items.size()) > p.max) {
    problem(n, f->path, "expected " + describe_range(p) + "; found " + std::to_string(n.items.size()));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (const Node& item : n.items) {
    const auto v = plain(item, Dimension::duration, f->path);
    ok = ok && v.has_value();
    if (v) out.push_back(v->value);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> Reader::reference(const Where& parent, std::string_view key) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  if (!n.is_scalar() || n.text.empty()) {
    problem(n, f->path, "expected the id of one of " + std::string(f->param->choices) + "; found " + found(n));
    return std::nullopt;
  }
  return n.text;
}

std::optional<std::vector<std::pair<std::string, const Node*>>> Reader::references(const Where& parent,
                                                                                   std::string_view key) {
  auto f = field(parent, key);
  if (!f || f->node == nullptr) return std::nullopt;
  const Node& n = *f->node;
  if (!n.is_sequence()) {
    problem(n, f->path,
            "expected a list of ids of " + std::string(f->param->choices) + ", e.g. [a, b]; found " + found(n));
    return std::nullopt;
  }
  std::vector<std::pair<std::string, const Node*>> out;
  for (const Node& item : n.items) {
    if (!item.is_scalar() || item.text.empty()) {
      problem(item, f->path, "expected the id of one of " + std::string(f->param->choices) + "; found " + found(item));
      continue;
    }
    out.emplace_back(item.text, &item);
  }
  return out;
}

// ---- values with units and uncertainty ----------------------------------------

std::optional<Reader::Value> Reader::plain(const Node& n, Dimension d, const std::string& path) {
  if (n.is_scalar()) {
    const QuantityParse q = parse_quantity(n.text, d);
    if (q.quantity) return Value{q.quantity->value, q.quantity->cargo};
    problem(n, path, "expected " + q.expected + "; found " + found(n));
    return std::nullopt;
  }
  problem(n, path, "expected " + parse_quantity("", d).expected + "; found " + found(n));
  return std::nullopt;
}

bool Reader::in_range(const Node& n, const Param& p, const std::string& path, double v) {
  const bool low = p.min_open ? !(v > p.min) : !(v >= p.min);
  const bool high = p.max_open ? !(v < p.max) : !(v <= p.max);
  if (!low && !high) return true;
  problem(n, path, "expected " + std::string(article_noun(p)) + range_phrase(p) + "; found " + found(n));
  return false;
}

std::optional<Reader::Value> Reader::scalar(const Node& n, const Param& p, const std::string& path,
                                            bool allow_uncertain) {
  if (n.is_map()) {
    if (allow_uncertain && p.uncertain) return uncertain(n, p, path);
    problem(n, path,
            "expected " + std::string(article_noun(p)) + range_phrase(p) + "; found a map" +
                (p.uncertain ? "" : " (this parameter cannot vary per replication)"));
    return std::nullopt;
  }
  const auto v = plain(n, p.dimension, path);
  if (!v || !in_range(n, p, path, v->value)) return std::nullopt;
  return v;
}

std::optional<double> Reader::draw(const Node& n) const {
  if (draws_ == nullptr) return std::nullopt;
  const auto it = draws_->find(&n);
  if (it == draws_->end()) return std::nullopt;
  return it->second;
}

}  // namespace porttwin::scenario::detail
