// Reading values that vary: per-replication uncertain values ({range: ..},
// {dist: ..} on a scalar) and per-event distribution fields; see reader.hpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "excerpt.hpp"
#include "porttwin/scenario/suggest.hpp"
#include "reader.hpp"

namespace porttwin::scenario::detail {

std::optional<std::vector<Reader::Value>> Reader::dist_params(const Node& n, const Param& p, const std::string& path,
                                                              std::string_view kind, bool allow_uncertain) {
  const std::vector<std::string_view> keys = distribution_keys(kind);
  bool ok = true;
  for (const Entry& e : n.entries) {
    if (e.key == "dist" || std::find(keys.begin(), keys.end(), e.key) != keys.end()) continue;
    problem(
        e.key_mark, path + ": unknown key " + quoted_excerpt(e.key) + " for a " + std::string(kind) +
                        " distribution (takes " +
                        [&] {
                          std::string s;
                          for (const auto k : keys) s += (s.empty() ? "" : ", ") + std::string(k);
                          return s;
                        }() +
                        ")" + did_you_mean(e.key, keys));
    ok = false;
  }
  std::vector<Value> values;
  for (const std::string_view key : keys) {
    const Node* v = n.find(key);
    const std::string sub = path + "." + std::string(key);
    if (v == nullptr) {
      problem(n.mark, "missing required key '" + std::string(key) + "' in " + path + " (a " + std::string(kind) +
                          " distribution)");
      ok = false;
      continue;
    }
    Param q = p;  // a parameter's own range: sd is >= 0 whatever the field
    q.min = key == "sd" ? 0.0 : -kUnbounded;
    q.max = kUnbounded;
    q.min_open = q.max_open = false;
    q.uncertain = allow_uncertain;
    if (key == "values") {
      if (!v->is_sequence() || v->items.size() < 2 || v->items.size() > 10000) {
        problem(*v, sub,
                "expected a list of 2..10000 values; found " +
                    (v->is_sequence() ? std::to_string(v->items.size()) + " values" : found(*v)));
        ok = false;
        continue;
      }
      for (const Node& item : v->items) {
        const auto x = plain(item, p.dimension, sub);
        ok = ok && x.has_value();
        if (x) values.push_back(*x);
      }
      continue;
    }
    const auto x = scalar(*v, q, sub, allow_uncertain);
    ok = ok && x.has_value();
    if (x) values.push_back(*x);
  }
  if (!ok) return std::nullopt;
  for (const Value& v : values) {
    if (v.cargo != values.front().cargo) {
      problem(n, path,
              "expected every parameter in the same unit; found '" + std::string(to_string(v.cargo)) + "' and '" +
                  std::string(to_string(values.front().cargo)) + "'");
      return std::nullopt;
    }
  }
  return values;
}

std::optional<Reader::Value> Reader::uncertain(const Node& n, const Param& p, const std::string& path) {
  const Node* range = n.find("range");
  const Node* dist = n.find("dist");
  if (range != nullptr) {
    for (const Entry& e : n.entries) {
      if (e.key != "range") problem(e.key_mark, path + ": unknown key " + quoted_excerpt(e.key) + " beside range");
    }
    if (!range->is_sequence() || range->items.size() != 2) {
      problem(*range, path + ".range", "expected [lo, hi]; found " + found(*range));
      return std::nullopt;
    }
    const auto lo = scalar(range->items[0], p, path + ".range", false);
    const auto hi = scalar(range->items[1], p, path + ".range", false);
    if (!lo || !hi) return std::nullopt;
    if (lo->value > hi->value || lo->cargo != hi->cargo) {
      problem(*range, path + ".range", "expected lo <= hi in the same unit; found " + excerpt(to_flow_yaml(*range)));
      return std::nullopt;
    }
    const double u = draw(n).value_or(0.5);
    return Value{lo->value + (hi->value - lo->value) * u, lo->cargo};
  }
  if (dist == nullptr || !dist->is_scalar()) {
    problem(n, path,
            "expected " + std::string(article_noun(p)) + ", {range: [lo, hi]} or {dist: ...}; found " +
                (dist == nullptr ? std::string("a map without range or dist") : found(*dist)));
    return std::nullopt;
  }
  const std::string& kind = dist->text;
  if (distribution_keys(kind).empty()) {
    problem(*dist, path + ".dist",
            "expected one of exponential, uniform, normal, lognormal, triangular, empirical; found " + found(*dist) +
                did_you_mean(kind, distribution_kinds()));
    return std::nullopt;
  }
  const auto params = dist_params(n, p, path, kind, false);
  if (!params) return std::nullopt;
  const std::vector<Value>& v = *params;
  const std::optional<double> d = draw(n);
  double x = 0.0;
  try {
    if (kind == "exponential") {
      x = v[0].value * d.value_or(1.0);
      if (!(v[0].value > 0)) throw std::invalid_argument("exponential: mean must be > 0");
    } else if (kind == "uniform") {
      if (v[0].value > v[1].value) throw std::invalid_argument("uniform: min must be <= max");
      x = v[0].value + (v[1].value - v[0].value) * d.value_or(0.5);
    } else if (kind == "normal") {
      x = v[0].value + v[1].value * d.value_or(0.0);
    } else if (kind == "lognormal") {
      const auto ln = kernel::LogNormal::from_mean_stddev(v[0].value, v[1].value);
      x = d ? std::exp(ln.mu() + ln.sigma() * *d) : v[0].value;
    } else if (kind == "triangular") {
      const kernel::Triangular t(v[0].value, v[1].value, v[2].value);
      if (d) {
        const double width = t.hi() - t.lo();
        x = *d * width < t.mode() - t.lo() ? t.lo() + std::sqrt(*d * width * (t.mode() - t.lo()))
                                           : t.hi() - std::sqrt((1.0 - *d) * width * (t.hi() - t.mode()));
      } else {
        x = t.mean();
      }
    } else {  // empirical: inverse of the piecewise-linear CDF through the sorted values
      std::vector<double> xs;
      xs.reserve(v.size());
      for (const Value& e : v) xs.push_back(e.value);
      const auto emp = kernel::Empirical::from_samples(xs);
      if (d) {
        const std::vector<double>& s = emp.values();
        const double pos = *d * static_cast<double>(s.size() - 1);
        const auto i = std::min(static_cast<std::size_t>(pos), s.size() - 2);
        x = s[i] + (pos - static_cast<double>(i)) * (s[i + 1] - s[i]);
      } else {
        x = emp.mean();
      }
    }
  } catch (const std::invalid_argument& e) {
    problem(n, path, std::string("invalid distribution: ") + e.what());
    return std::nullopt;
  }
  // The nominal value must be allowed; a draw beyond the range is clamped to it.
  if (!d) {
    if (!in_range(n, p, path, x)) return std::nullopt;
  } else {
    const double lo = p.min_open ? std::nextafter(p.min, kUnbounded) : p.min;
    const double hi = p.max_open ? std::nextafter(p.max, -kUnbounded) : p.max;
    x = std::clamp(x, lo, hi);
  }
  return Value{x, v[0].cargo};
}

std::optional<kernel::Distribution> Reader::distribution(const Where& parent, std::string_view key, CargoUnit* unit) {
  auto f = field(parent, key);
  if (!f) return std::nullopt;
  const Node& n = f->node != nullptr ? *f->node : f->fallback;
  const Param& p = *f->param;
  if (!n.is_map()) {
    const auto v = plain(n, p.dimension, f->path);
    if (!v || !in_range(n, p, f->path, v->value)) return std::nullopt;
    if (unit != nullptr) *unit = v->cargo;
    // In place: moving a temporary variant into the optional trips GCC 12 -O1 maybe-uninitialized.
    return std::optional<kernel::Distribution>(std::in_place, kernel::Deterministic(v->value));
  }
  const Node* dist = n.find("dist");
  if (dist == nullptr || !dist->is_scalar()) {
    const bool range = n.find("range") != nullptr;
    problem(n, f->path,
            range ? std::string("expected a quantity or {dist: ...}; found {range: ...}, which is for values drawn "
                                "once per replication (write {dist: uniform, min: .., max: ..} for a draw per event)")
                  : "expected a quantity or {dist: ...}; found a map without dist");
    return std::nullopt;
  }
  const std::string& kind = dist->text;
  if (distribution_keys(kind).empty()) {
    problem(*dist, f->path + ".dist",
            "expected one of exponential, uniform, normal, lognormal, triangular, empirical; found " + found(*dist) +
                did_you_mean(kind, distribution_kinds()));
    return std::nullopt;
  }
  const auto params = dist_params(n, p, f->path, kind, true);
  if (!params) return std::nullopt;
  std::vector<double> x;
  for (const Value& v : *params) x.push_back(v.value);
  if (unit != nullptr) *unit = params->front().cargo;
  // The field's range must hold for every draw: bounded kinds by their ends,
  // the normal by mean +- 6 sd (a draw beyond is below one in 5e8), the
  // exponential and log-normal (support (0, inf)) by their mean.
  const auto allowed = [&p](double v) {
    return (p.min_open ? v > p.min : v >= p.min) && (p.max_open ? v < p.max : v <= p.max);
  };
  bool ok = true;
  std::string what;
  try {
    // The constructors check their parameters (throwing std::invalid_argument).
    const auto make = [&kind, &x]() -> kernel::Distribution {
      if (kind == "exponential") return kernel::Exponential(x[0]);
      if (kind == "uniform") return kernel::Uniform(x[0], x[1]);
      if (kind == "normal") return kernel::Normal(x[0], x[1]);
      if (kind == "lognormal") return kernel::LogNormal::from_mean_stddev(x[0], x[1]);
      if (kind == "triangular") return kernel::Triangular(x[0], x[1], x[2]);
      return kernel::Empirical::from_samples(x);
    };
    std::optional<kernel::Distribution> d(make());
    if (kind == "exponential" || kind == "lognormal") {
      ok = allowed(x[0]) && p.max == kUnbounded;
      what = "mean";
    } else if (kind == "uniform") {
      ok = allowed(x[0]) && allowed(x[1]);
      what = "min and max";
    } else if (kind == "normal") {
      ok = allowed(x[0] - 6.0 * x[1]) && allowed(x[0] + 6.0 * x[1]);
      what = "mean +- 6 sd";
    } else if (kind == "triangular") {
      ok = allowed(x[0]) && allowed(x[2]);
      what = "min and max";
    } else {
      ok = std::all_of(x.begin(), x.end(), allowed);
      what = "every value";
    }
    if (!ok) {
      problem(n, f->path,
              "expected " + what + " of the distribution" + range_phrase(p) + "; found " + excerpt(to_flow_yaml(n)));
      return std::nullopt;
    }
    return d;
  } catch (const std::invalid_argument& e) {
    problem(n, f->path, std::string("invalid distribution: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace porttwin::scenario::detail
