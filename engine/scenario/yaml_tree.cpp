// Building the position-carrying YAML tree from yaml-cpp's events, with the
// loader's limits; see yaml_tree.hpp.
#include "yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <exception>
#include <map>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "excerpt.hpp"
#include "porttwin/scenario/schema.hpp"

namespace porttwin::scenario::detail {

const Node* Node::find(std::string_view key) const noexcept {
  const Entry* e = entry(key);
  return e != nullptr ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) noexcept {
  if (kind != Kind::map) return nullptr;
  for (Entry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const Entry* Node::entry(std::string_view key) const noexcept {
  if (kind != Kind::map) return nullptr;
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

namespace {

/// Thrown from inside the event handler to stop yaml-cpp at a limit.
struct LimitReached {
  Mark mark;
  std::string message;
};

struct Cost {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
};

Cost cost_of(const Node& node) {
  Cost c{1, node.text.size()};
  for (const Node& item : node.items) {
    const Cost i = cost_of(item);
    c.nodes += i.nodes;
    c.bytes += i.bytes;
  }
  for (const Entry& e : node.entries) {
    const Cost i = cost_of(e.value);
    c.nodes += i.nodes + 1;
    c.bytes += i.bytes + e.key.size();
  }
  return c;
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::uint32_t source, std::vector<YamlProblem>& problems) : source_(source), problems_(problems) {}

  Node take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.mark = to_mark(mark);
    charge(n.mark, 1, 0);
    complete(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      problems_.push_back({to_mark(mark), "malformed YAML: alias to an unknown anchor"});
      Node n;
      n.mark = to_mark(mark);
      complete(std::move(n), 0);
      return;
    }
    // Every alias is a full copy, so its cost is charged in full: this is
    // what bounds a "billion laughs" document.
    charge(to_mark(mark), it->second.second.nodes, it->second.second.bytes);
    Node copy = it->second.first;
    complete(std::move(copy), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.kind = Node::Kind::scalar;
    n.mark = to_mark(mark);
    charge(n.mark, 1, value.size());
    n.text = value;
    complete(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(Node::Kind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(Node::Kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    bool expecting_key = true;  // maps: the next complete node is a key
    bool key_ok = false;
    std::string key;
    Mark key_mark;
    // Maps: each key's line, for duplicates in constant time (a scan of the
    // entries made a map of n keys cost n^2: 124,000 keys took 32 s).
    std::unordered_map<std::string, int> key_lines;
  };

  [[nodiscard]] Mark to_mark(const YAML::Mark& m) const {
    if (m.is_null()) return Mark{0, 0, source_};
    return Mark{m.line + 1, m.column + 1, source_};
  }

  void charge(const Mark& at, std::size_t nodes, std::size_t bytes) {
    nodes_ += nodes;
    bytes_ += bytes;
    if (nodes_ > Limits::kMaxNodes) {
      throw LimitReached{at, "document too large: more than " + std::to_string(Limits::kMaxNodes) +
                                 " YAML values (aliases count once per use)"};
    }
    if (bytes_ > Limits::kMaxExpandedBytes) {
      throw LimitReached{at, "document too large: more than " + std::to_string(Limits::kMaxExpandedBytes >> 20U) +
                                 " MiB of text once aliases are expanded"};
    }
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame f;
    f.node.kind = kind;
    f.node.mark = to_mark(mark);
    if (stack_.size() + 1 > static_cast<std::size_t>(Limits::kMaxNesting)) {
      throw LimitReached{f.node.mark, "nesting too deep: more than " + std::to_string(Limits::kMaxNesting) +
                                          " maps and lists inside each other"};
    }
    charge(f.node.mark, 1, 0);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(f.node), f.anchor);
  }

  void complete(Node n, YAML::anchor_t anchor) {
    if (anchor != 0) {
      // The anchor keeps a copy: charged like any other, so nested anchors
      // cannot multiply memory either.
      const Cost c = cost_of(n);
      charge(n.mark, c.nodes, c.bytes);
      anchors_[anchor] = {n, c};
    }
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Node::Kind::sequence) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (top.expecting_key) {
      // Checked as the key is read, before its value: the limit is what
      // keeps every later step over the map's entries cheap.
      if (top.key_lines.size() >= Limits::kMaxMapEntries) {
        throw LimitReached{n.mark, "map too large: more than " + std::to_string(Limits::kMaxMapEntries) +
                                       " keys in one map (the limit)"};
      }
      top.expecting_key = false;
      top.key_ok = n.kind == Node::Kind::scalar;
      top.key_mark = n.mark;
      if (top.key_ok) {
        top.key = std::move(n.text);
      } else {
        problems_.push_back({n.mark, "expected a plain key (a word); found " + found(n)});
      }
      return;
    }
    top.expecting_key = true;
    if (!top.key_ok) return;
    if (const auto [first, inserted] = top.key_lines.emplace(top.key, top.key_mark.line); !inserted) {
      problems_.push_back({top.key_mark, "duplicate key " + quoted_excerpt(top.key) + " (first given at line " +
                                             std::to_string(first->second) + ")"});
      return;
    }
    top.node.entries.push_back(Entry{std::move(top.key), top.key_mark, std::move(n)});
  }

  std::uint32_t source_;
  std::vector<YamlProblem>& problems_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<Node, Cost>> anchors_;
  Node root_;
  std::size_t nodes_ = 0;
  std::size_t bytes_ = 0;
};

/// Stops at the start of a second document, to report it.
class SecondDocument final : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

Mark mark_of(const YAML::Mark& m, std::uint32_t source) {
  if (m.is_null()) return Mark{1, 1, source};
  return Mark{m.line + 1, m.column + 1, source};
}

bool needs_quotes(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return true;
  for (const char c : s) {
    if (c == ':' || c == '#' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == '\'' ||
        c == '\n' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' || c == '`' ||
        c == '\\') {
      return true;
    }
  }
  return false;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

YamlParse parse_yaml(std::string_view text, std::uint32_t source) {
  YamlParse out;
  if (text.size() > Limits::kMaxFileBytes) {
    out.ok = false;
    out.problems.push_back({Mark{1, 1, source}, "file too large: more than " + std::to_string(Limits::kMaxFileBytes) +
                                                    " bytes (the limit)"});
    return out;
  }
  if (const auto bad = first_invalid_utf8(text)) {
    // Reported, and the tree still built: the rest of the file is checked too.
    out.problems.push_back({Mark{bad->line, bad->column, source}, bad->message});
  }
  std::istringstream stream{std::string(text)};
  try {
    YAML::Parser parser(stream);
    TreeBuilder builder(source, out.problems);
    parser.HandleNextDocument(builder);
    out.root = builder.take_root();
    try {
      SecondDocument second;
      parser.HandleNextDocument(second);
    } catch (const SecondDocument::Found& f) {
      out.problems.push_back({mark_of(f.mark, source), "expected a single YAML document; found a second one"});
    }
  } catch (const LimitReached& e) {
    out.ok = false;
    out.problems.push_back({e.mark, e.message});
  } catch (const YAML::Exception& e) {
    out.ok = false;
    out.problems.push_back({mark_of(e.mark, source), "malformed YAML: " + e.msg});
  } catch (const std::exception& e) {  // e.g. std::bad_alloc from yaml-cpp's scanner
    out.ok = false;
    out.problems.push_back({Mark{1, 1, source}, std::string("malformed YAML: ") + e.what()});
  }
  if (!out.ok) out.root = Node{};
  return out;
}

std::string found(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return "nothing";
    case Node::Kind::map: return "a map";
    case Node::Kind::sequence: return "a list";
    case Node::Kind::scalar: break;
  }
  return quoted_excerpt(node.text);
}

std::string to_flow_yaml(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return needs_quotes(node.text) ? quoted(node.text) : node.text;
    case Node::Kind::sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) out += (i ? ", " : "") + to_flow_yaml(node.items[i]);
      return out + "]";
    }
    case Node::Kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        const Entry& e = node.entries[i];
        out += (i ? ", " : "") + (needs_quotes(e.key) ? quoted(e.key) : e.key) + ": " + to_flow_yaml(e.value);
      }
      return out + "}";
    }
  }
  return "null";
}

}  // namespace porttwin::scenario::detail
