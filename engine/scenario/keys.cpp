// The document-order walk over the YAML tree against the parameter table:
// unknown keys (with did-you-mean from the keys that place allows), malformed
// ids, and the per-replication draws of uncertain values.
//
// Why draws happen here and not where values are read: the builder reads in
// the order of the Scenario structs, but draws must not depend on that code's
// order, only on the file. One standardised value per uncertain node, in
// document order, from the (seed, replication, kParameterStream) stream, so
// the same file, seed and replication give the same Scenario; the builder
// turns each into a value with the node's own parameters.
#include <algorithm>
#include <vector>

#include "excerpt.hpp"
#include "porttwin/kernel/distributions.hpp"
#include "porttwin/scenario/suggest.hpp"
#include "reader.hpp"

namespace porttwin::scenario::detail {
namespace {

std::string join(const std::string& a, std::string_view b) {
  return a.empty() ? std::string(b) : a + "." + std::string(b);
}

void draw_for(const Node& n, kernel::RandomStream& rng, Draws& draws) {
  if (n.find("range") != nullptr) {
    draws[&n] = rng.uniform01();
    return;
  }
  const Node* dist = n.find("dist");
  if (dist == nullptr || !dist->is_scalar()) return;
  const std::string& kind = dist->text;
  if (kind == "uniform" || kind == "triangular" || kind == "empirical") {
    draws[&n] = rng.uniform01();
  } else if (kind == "exponential") {
    draws[&n] = kernel::standard_exponential(rng);
  } else if (kind == "normal" || kind == "lognormal") {
    draws[&n] = kernel::standard_normal(rng);
  }
}

class Walker {
 public:
  Walker(Reader& reader, kernel::RandomStream* rng, Draws& draws) : reader_(reader), rng_(rng), draws_(draws) {}

  void section(const Node& n, const std::string& pattern, const std::string& path) {
    if (!n.is_map()) return;
    for (const Entry& e : n.entries) {
      const std::string child = join(pattern, e.key);
      const Param* p = find_param(child);
      if (p == nullptr) {
        const std::vector<std::string_view> keys = child_keys(pattern);
        std::string message = "unknown key " + quoted_excerpt(e.key) + (path.empty() ? "" : " in " + path);
        const std::string hint = reader_.did_you_mean(e.key, keys);
        if (!hint.empty()) {
          message += hint;
        } else {
          message += " (expected one of: ";
          for (std::size_t i = 0; i < keys.size(); ++i) message += (i ? ", " : "") + std::string(keys[i]);
          message += ")";
        }
        reader_.problem(e.key_mark, message);
        continue;
      }
      if (!p->applies.key.empty()) check_applies(n, e, *p, pattern, path);
      value(e.value, *p, join(path, e.key));
    }
  }

 private:
  /// A key of `section` that applies only for some words of a sibling
  /// choice (the row's `applies`): refused, naming why, where the sibling
  /// (or its default) has another word. A sibling that is not one of its
  /// words is reported where it is read.
  void check_applies(const Node& section, const Entry& e, const Param& p, const std::string& pattern,
                     const std::string& path) {
    const Param* sibling = find_param(join(pattern, p.applies.key));
    if (sibling == nullptr) return;
    const Node* chosen = section.find(p.applies.key);
    std::string_view word;
    if (chosen != nullptr) {
      if (!chosen->is_scalar()) return;
      word = chosen->text;
    } else {
      word = sibling->default_value;
    }
    if (word.empty() || !has_word(sibling->choices, word) || has_word(p.applies.words, word)) return;
    reader_.problem(e.key_mark, join(path, e.key) + ": '" + e.key + "' has no effect here: it applies only where " +
                                    std::string(p.applies.key) + " is " + join_words(p.applies.words, " or ") +
                                    ", and here " + std::string(p.applies.key) + " is " + std::string(word) +
                                    (chosen == nullptr ? " (the default)" : "") + "; remove it");
  }

  static bool has_word(std::string_view words, std::string_view word) {
    const std::vector<std::string_view> all = split_words(words);
    return std::find(all.begin(), all.end(), word) != all.end();
  }

  void value(const Node& n, const Param& p, const std::string& path) {
    switch (p.type) {
      case ParamType::section: section(n, std::string(p.path), path); return;
      case ParamType::collection:
        if (!n.is_map()) return;
        for (const Entry& e : n.entries) {
          if (!valid_id(e.key)) {
            reader_.problem(e.key_mark, path +
                                            ": expected an id of lowercase letters, digits and '_' (at most 64); "
                                            "found " +
                                            quoted_excerpt(e.key));
          }
          section(e.value, std::string(p.path) + ".<id>", path + "." + path_segment(e.key));
        }
        return;
      case ParamType::list:
        if (!n.is_sequence()) return;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
          section(n.items[i], std::string(p.path) + ".<i>", path + "." + std::to_string(i));
        }
        return;
      default: break;
    }
    if (rng_ == nullptr || !n.is_map()) return;
    if (p.uncertain) {
      draw_for(n, *rng_, draws_);
    } else if (p.type == ParamType::distribution) {
      // A per-event distribution whose parameters vary per replication.
      for (const Entry& e : n.entries) {
        if (e.value.is_map()) draw_for(e.value, *rng_, draws_);
      }
    }
  }

  Reader& reader_;
  kernel::RandomStream* rng_;
  Draws& draws_;
};

}  // namespace

void check_keys_and_draw(const Node& root, Reader& reader, kernel::RandomStream* rng, Draws& draws) {
  Walker(reader, rng, draws).section(root, "", "");
}

}  // namespace porttwin::scenario::detail
