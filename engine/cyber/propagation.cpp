// The cyber layer's kernel model: one LP per graph node plus the reporting
// desk. Rules in cyber/propagation.hpp.
#include "porttwin/cyber/propagation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <type_traits>

#include "porttwin/kernel/context.hpp"
#include "porttwin/kernel/simulate.hpp"
#include "porttwin/port/setup.hpp"

namespace porttwin::cyber {
namespace {

using graph::NodeKind;
using kernel::LpId;
using kernel::Ticks;
using port::hours;
using port::to_hours;
using scenario::IncidentKind;

// Streams below the LPs' range: one per incident (attack times), one for
// programme membership.
constexpr std::uint32_t kIncidentStream = 0x3000'0000U;
constexpr std::uint32_t kMembershipStream = 0x2FFF'FFFFU;
constexpr std::size_t kParts = scenario::words_of<scenario::TerminalPart>.size();

enum class Kind : std::uint8_t {
  attack,
  spread_now,
  attempt,
  detect,
  switch_over,
  contain,
  stage,
  restore,
  report,
  warning
};

struct Message {
  Kind kind = Kind::attack;
  std::uint8_t edge_type = 0;
  std::uint32_t incident = 0;
  std::uint32_t source = kNoVertex;
  std::uint32_t depth = 0;
  std::uint32_t version = 0;
  std::uint32_t target = 0;
  std::uint32_t stage = 0;  ///< Kind::stage: index into NodePlan::stages
};
static_assert(std::is_trivially_copyable_v<Message>);

bool disrupts(IncidentKind k) { return k != IncidentKind::exfiltration; }
bool timed(IncidentKind k) { return k == IncidentKind::platform_outage || k == IncidentKind::ddos; }

/// What the model knows of each node before the run.
struct NodePlan {
  NodeKind kind = NodeKind::zone;
  scenario::NodeResponse response;
  bool backups = false;
  bool member = false;
  double manual_level = -1.0;                            ///< < 0: no manual mode
  bool manual_flag = false;                              ///< the PCS: manual mode is its own mode
  std::vector<scenario::Index> data;                     ///< its own data classes
  std::vector<scenario::Index> platform_data;            ///< classes shared with it (data platforms)
  std::vector<std::pair<std::uint32_t, Ticks>> attacks;  ///< (incident, time)
  bool by_part = false;                                  ///< a terminal whose levels go part by part
  std::array<double, kParts> part_manual{};              ///< by part: manual level, < 0 none (by_part only)
  struct Stage {
    std::uint32_t incident = 0;
    Ticks after = 0;
    std::uint8_t part = kWholeNode;
    double level = 1.0;
  };
  std::vector<Stage> stages;  ///< restoration stages of the incidents naming this node or its parts
  struct Out {
    std::uint32_t target;
    std::uint8_t type;
  };
  std::vector<Out> out;  ///< edges compromise may cross (effective probability > 0)
};

struct NodeRun {
  CyberState state = CyberState::susceptible;
  bool disrupted = false;
  bool outage = false;  ///< down by an outage or DDoS (no compromise)
  bool warned = false;
  double hit_level = 1.0;
  Ticks hit = 0;                                                   ///< when the current incident hit
  std::array<double, kParts> part_level{1.0, 1.0, 1.0, 1.0, 1.0};  ///< by_part: each part's
  std::array<double, kParts> published{1.0, 1.0, 1.0, 1.0, 1.0};   ///< the part levels last recorded
  std::array<bool, kParts> staged{};  ///< a restoration stage has set the part since the hit
  std::uint32_t incident = 0;
  std::uint32_t version = 0;
  Ticks detect_due = 0;
  Ticks containment = 0;
  Ticks recovery = 0;
  double warned_h = -1.0;
  double reported_h = -1.0;
  std::size_t open_exposures = 0;  ///< exposures [end - open, end) still open
  std::vector<StateChange> states;
  std::vector<LevelChange> levels;
  std::vector<LevelChange> part_levels;
  std::vector<Exposure> exposures;
};

class CyberModel {
 public:
  using Payload = Message;

  CyberModel(const scenario::Scenario& s, std::vector<NodePlan> plans, Ticks latency)
      : s_(&s), plans_(std::move(plans)), runs_(plans_.size()), latency_(latency) {
    for (std::size_t t = 0; t < probability_.size(); ++t) {
      probability_[t] = effective_probability(s, static_cast<scenario::DependencyType>(t));
    }
  }

  [[nodiscard]] LpId lp_count() const noexcept { return static_cast<LpId>(plans_.size() + 1); }
  [[nodiscard]] LpId desk() const noexcept { return static_cast<LpId>(plans_.size()); }
  [[nodiscard]] const std::vector<NodeRun>& runs() const noexcept { return runs_; }

  void init(kernel::Context<Message>& ctx) {
    if (ctx.self() == desk()) return;
    for (const auto& [incident, at] : plans_[ctx.self()].attacks) {
      Message m;
      m.kind = Kind::attack;
      m.incident = incident;
      ctx.schedule(at, m);
    }
  }

  void handle(kernel::Context<Message>& ctx, const kernel::Event<Message>& event) {
    const Message& m = event.payload;
    if (ctx.self() == desk()) {
      if (m.kind == Kind::report && !warned_all_) warn_members(ctx);
      return;
    }
    NodeRun& r = runs_[ctx.self()];
    switch (m.kind) {
      case Kind::attack: attack(ctx, r, m); break;
      case Kind::attempt: try_compromise(ctx, r, m, probability_[m.edge_type]); break;
      case Kind::spread_now:
        if (r.state == CyberState::compromised || r.state == CyberState::detected) {
          Message a = m;
          a.kind = Kind::attempt;
          ctx.send(m.target, latency_, a);
        }
        break;
      case Kind::detect:
        if (m.version == r.version && r.state == CyberState::compromised) detect(ctx, r);
        break;
      case Kind::switch_over:
        if (r.disrupted && m.version == r.version) switch_over(ctx, r);
        break;
      case Kind::contain: contain(ctx, r); break;
      case Kind::stage:
        if (m.version == r.version && r.disrupted) stage(ctx, r, plans_[ctx.self()].stages[m.stage]);
        break;
      case Kind::restore:
        if (m.version != r.version) break;
        if (r.outage || r.state == CyberState::recovering) record(ctx, r, CyberState::restored);
        if (r.state == CyberState::recovering) r.state = CyberState::restored;
        if (r.disrupted) set_level(ctx, r, 1.0, false);
        r.disrupted = false;
        r.outage = false;
        break;
      case Kind::warning: warned(ctx, r); break;
      case Kind::report: break;
    }
  }

 private:
  [[nodiscard]] const scenario::Incident& incident(std::uint32_t i) const { return s_->cyber.incidents[i]; }

  void record(kernel::Context<Message>& ctx, NodeRun& r, CyberState state, std::uint32_t source = kNoVertex,
              std::uint32_t depth = 0) {
    r.states.push_back(StateChange{to_hours(ctx.now()), ctx.self(), state, r.incident, source, depth});
  }

  /// The whole node at `level` (a node that goes by part: every part).
  void set_level(kernel::Context<Message>& ctx, NodeRun& r, double level, bool manual) {
    if (!plans_[ctx.self()].by_part) {
      r.levels.push_back(LevelChange{to_hours(ctx.now()), ctx.self(), level, manual});
      return;
    }
    r.part_level.fill(level);
    publish_parts(ctx, r, manual);
  }

  /// Records the parts whose level changed, and the node's own level: its lowest part's.
  void publish_parts(kernel::Context<Message>& ctx, NodeRun& r, bool manual) {
    const double now = to_hours(ctx.now());
    for (std::size_t p = 0; p < kParts; ++p) {
      if (r.part_level[p] == r.published[p]) continue;
      r.part_levels.push_back(LevelChange{now, ctx.self(), r.part_level[p], manual, static_cast<std::uint8_t>(p)});
      r.published[p] = r.part_level[p];
    }
    const double lowest = *std::min_element(r.part_level.begin(), r.part_level.end());
    r.levels.push_back(LevelChange{now, ctx.self(), lowest, manual});
  }

  void switch_over(kernel::Context<Message>& ctx, NodeRun& r) {
    const NodePlan& p = plans_[ctx.self()];
    if (!p.by_part) {
      set_level(ctx, r, std::max(r.hit_level, p.manual_flag ? 1.0 : p.manual_level), p.manual_flag);
      return;
    }
    for (std::size_t k = 0; k < kParts; ++k) {
      if (!r.staged[k] && p.part_manual[k] >= 0.0) r.part_level[k] = std::max(r.hit_level, p.part_manual[k]);
    }
    publish_parts(ctx, r, false);
  }

  void stage(kernel::Context<Message>& ctx, NodeRun& r, const NodePlan::Stage& st) {
    if (st.part == kWholeNode) {
      r.staged.fill(true);
      set_level(ctx, r, st.level, false);
      return;
    }
    r.staged[st.part] = true;
    r.part_level[st.part] = st.level;
    publish_parts(ctx, r, false);
  }

  void attack(kernel::Context<Message>& ctx, NodeRun& r, const Message& m) {
    const scenario::Incident& inc = incident(m.incident);
    if (!timed(inc.kind)) {
      try_compromise(ctx, r, m, inc.success_probability);
      return;
    }
    if (r.disrupted || r.state == CyberState::compromised || r.state == CyberState::detected) return;
    r.incident = m.incident;
    ++r.version;
    r.disrupted = true;
    r.outage = true;  // not a compromise: the node's own state stays as it was
    r.hit_level = inc.kind == IncidentKind::ddos ? inc.level : 0.0;
    r.hit = ctx.now();
    r.staged.fill(false);
    record(ctx, r, CyberState::compromised);
    record(ctx, r, CyberState::detected);
    set_level(ctx, r, r.hit_level, false);
    schedule_switch_over(ctx, r);
    Message restore;
    restore.kind = Kind::restore;
    restore.version = r.version;
    ctx.schedule(hours(inc.duration_h), restore);
  }

  void try_compromise(kernel::Context<Message>& ctx, NodeRun& r, const Message& m, double probability) {
    const double u = ctx.rng().uniform01();  // always drawn: one word per attempt
    if (r.state != CyberState::susceptible || r.disrupted) return;
    if (r.warned) probability *= s_->defences.susceptibility_factor;
    if (!(u < probability)) return;
    const scenario::Incident& inc = incident(m.incident);
    const NodePlan& p = plans_[ctx.self()];
    r.incident = m.incident;
    ++r.version;
    r.state = CyberState::compromised;
    record(ctx, r, CyberState::compromised, m.source, m.depth);
    double detection = std::max(0.0, p.response.detection_h.sample(ctx.rng()));
    if (r.warned) detection *= s_->defences.detection_factor;
    r.detect_due = ctx.now() + hours(detection);
    r.containment = hours(std::max(0.0, p.response.containment_h.sample(ctx.rng())));
    const kernel::Distribution& restore = p.backups ? s_->defences.backup_restore_h : p.response.recovery_h;
    r.recovery = hours(std::max(0.0, restore.sample(ctx.rng())));
    Message d;
    d.kind = Kind::detect;
    d.version = r.version;
    ctx.schedule(r.detect_due - ctx.now(), d);
    if (disrupts(inc.kind)) {
      r.disrupted = true;
      r.hit_level = inc.kind == IncidentKind::vendor_compromise ? inc.level : 0.0;
      r.hit = ctx.now();
      r.staged.fill(false);
      set_level(ctx, r, r.hit_level, false);
    }
    expose(ctx, r, inc);
    if (!inc.spread) return;
    for (const NodePlan::Out& e : p.out) {
      const auto& spread = s_->cyber.spread[e.type];
      const Ticks delay = std::max(latency_, hours(std::max(0.0, spread.delay_h.sample(ctx.rng()))));
      Message a;
      a.kind = Kind::spread_now;
      a.edge_type = e.type;
      a.incident = m.incident;
      a.source = ctx.self();
      a.depth = m.depth + 1;
      a.target = e.target;
      ctx.schedule(delay - latency_, a);
    }
  }

  void expose(kernel::Context<Message>& ctx, NodeRun& r, const scenario::Incident& inc) {
    const NodePlan& p = plans_[ctx.self()];
    const auto wanted = [&inc](scenario::Index c) {
      return inc.data_classes.empty() ||
             std::find(inc.data_classes.begin(), inc.data_classes.end(), c) != inc.data_classes.end();
    };
    const double now = to_hours(ctx.now());
    const double open = to_hours(ctx.end_time() == kernel::kTimeMax ? ctx.now() : ctx.end_time());
    r.open_exposures = 0;
    for (const auto* list : {&p.data, &p.platform_data}) {
      for (const scenario::Index c : *list) {
        if (!wanted(c)) continue;
        r.exposures.push_back(Exposure{ctx.self(), c, r.incident, now, open, list == &p.platform_data});
        ++r.open_exposures;
      }
    }
  }

  void schedule_switch_over(kernel::Context<Message>& ctx, NodeRun& r) {
    const NodePlan& p = plans_[ctx.self()];
    if (!s_->defences.manual_fallback || (p.manual_level < 0.0 && !p.manual_flag)) return;
    Message w;
    w.kind = Kind::switch_over;
    w.version = r.version;
    ctx.schedule(hours(s_->defences.switch_over_h), w);
  }

  void detect(kernel::Context<Message>& ctx, NodeRun& r) {
    r.state = CyberState::detected;
    record(ctx, r, CyberState::detected);
    const NodePlan& p = plans_[ctx.self()];
    if (p.member && s_->defences.information_sharing) {
      const Ticks delay = std::max(latency_, hours(s_->defences.report_within_h));
      r.reported_h = to_hours(ctx.now() + delay);
      Message rep;
      rep.kind = Kind::report;
      ctx.send(desk(), delay, rep);
    }
    if (r.disrupted) schedule_switch_over(ctx, r);
    Message c;
    c.kind = Kind::contain;
    c.version = r.version;
    ctx.schedule(r.containment, c);
  }

  void contain(kernel::Context<Message>& ctx, NodeRun& r) {
    if (r.state != CyberState::detected) return;
    record(ctx, r, CyberState::contained);
    record(ctx, r, CyberState::recovering);
    r.state = CyberState::recovering;
    const double now = to_hours(ctx.now());
    for (std::size_t i = r.exposures.size() - r.open_exposures; i < r.exposures.size(); ++i) {
      r.exposures[i].until_h = now;
    }
    r.open_exposures = 0;
    Message restore;
    restore.kind = Kind::restore;
    restore.version = r.version;
    // STAGED RESTORATION: this incident's stages at this node replace the recovery draw.
    const auto& stages = plans_[ctx.self()].stages;
    bool staged = false;
    Ticks last = 0;
    for (std::size_t k = 0; k < stages.size(); ++k) {
      if (stages[k].incident != r.incident) continue;
      const Ticks due = std::max<Ticks>(0, r.hit + stages[k].after - ctx.now());
      Message st;
      st.kind = Kind::stage;
      st.version = r.version;
      st.stage = static_cast<std::uint32_t>(k);
      ctx.schedule(due, st);
      last = std::max(last, due);
      staged = true;
    }
    ctx.schedule(staged ? last : r.recovery, restore);
  }

  void warned(kernel::Context<Message>& ctx, NodeRun& r) {
    if (r.warned) return;
    r.warned = true;
    r.warned_h = to_hours(ctx.now());
    if (r.state != CyberState::compromised) return;
    // Hunting for the reported indicators finds an intrusion sooner.
    const Ticks left = r.detect_due - ctx.now();
    r.detect_due =
        ctx.now() + static_cast<Ticks>(std::llround(static_cast<double>(left) * s_->defences.detection_factor));
    ++r.version;
    Message d;
    d.kind = Kind::detect;
    d.version = r.version;
    ctx.schedule(r.detect_due - ctx.now(), d);
  }

  void warn_members(kernel::Context<Message>& ctx) {
    warned_all_ = true;
    const Ticks delay = std::max(latency_, hours(s_->defences.warning_delay_h));
    Message w;
    w.kind = Kind::warning;
    for (std::size_t v = 0; v < plans_.size(); ++v) {
      if (plans_[v].member) ctx.send(static_cast<LpId>(v), delay, w);
    }
  }

  const scenario::Scenario* s_;
  std::vector<NodePlan> plans_;
  std::vector<NodeRun> runs_;
  Ticks latency_;
  std::array<double, 5> probability_{};
  bool warned_all_ = false;  // the desk's own state
};

const scenario::NodeResponse& response_for(const scenario::Scenario& s, NodeKind kind) {
  const std::string_view name = graph::to_string(kind);
  for (const auto& [k, r] : s.cyber.response) {
    if (k == name) return r;
  }
  return s.cyber.default_response;
}

bool candidate_member(NodeKind k) {
  return k == NodeKind::terminal || k == NodeKind::hinterland_operator || k == NodeKind::company;
}

/// A terminal's manual level per part; it goes by part if any part's is its own.
void plan_parts(const scenario::Terminal& t, NodePlan& p) {
  for (std::size_t k = 0; k < kParts; ++k) {
    const auto& own = t.manual_parts[k];
    p.part_manual[k] = own ? *own : (t.automated ? -1.0 : t.manual_level);
    p.by_part = p.by_part || own.has_value();
  }
}

std::vector<NodePlan> make_plans(const scenario::Scenario& s, const graph::PortGraph& g, std::uint32_t replication) {
  const std::size_t n = g.node_count();
  std::vector<NodePlan> plans(n);
  std::map<std::string, scenario::Index, std::less<>> class_index;
  for (std::size_t c = 0; c < s.cyber.data_classes.size(); ++c) {
    class_index.emplace(s.cyber.data_classes[c].id, static_cast<scenario::Index>(c));
  }
  for (std::size_t v = 0; v < n; ++v) {
    const graph::NodeProps& node = g.node(v);
    NodePlan& p = plans[v];
    p.kind = node.kind;
    p.response = response_for(s, node.kind);
    p.backups = s.defences.backups;
    switch (node.kind) {
      case NodeKind::terminal:
      case NodeKind::crane_group:
      case NodeKind::yard_block:
      case NodeKind::gate:
      case NodeKind::terminal_system:
        if (node.terminal != scenario::kNone && !s.terminals[node.terminal].automated) {
          p.manual_level = s.terminals[node.terminal].manual_level;
        }
        if (node.kind == NodeKind::terminal) plan_parts(s.terminals[node.terminal], p);
        break;
      case NodeKind::pcs: p.manual_flag = true; break;
      case NodeKind::customs:
      case NodeKind::port_authority:
      case NodeKind::hinterland_operator:
      case NodeKind::company: p.manual_level = s.defences.manual_level; break;
      default: break;
    }
    if (node.kind == NodeKind::company) p.member = s.companies[node.entity].reporting_member;
    if (node.sensitive) {
      for (const auto& z : s.zones) {
        const auto it = class_index.find(z.sensitivity);
        if (z.id == node.zone && it != class_index.end()) p.data.push_back(it->second);
      }
    }
  }
  for (const auto& profile : s.cyber.profiles) {
    const auto v = g.find(profile.node);
    if (!v) continue;
    NodePlan& p = plans[*v];
    p.member = p.member || profile.member;
    for (const auto c : profile.data_classes) {
      if (std::find(p.data.begin(), p.data.end(), c) == p.data.end()) p.data.push_back(c);
    }
    if (profile.backups) p.backups = *profile.backups;
  }
  if (s.defences.membership) {
    // Exactly round(f x candidates) members, a uniformly drawn subset per
    // replication (a partial Fisher-Yates shuffle on its own stream).
    std::vector<std::uint32_t> candidates;
    for (std::size_t v = 0; v < n; ++v) {
      plans[v].member = false;
      if (candidate_member(plans[v].kind)) candidates.push_back(static_cast<std::uint32_t>(v));
    }
    const auto k =
        static_cast<std::size_t>(std::llround(*s.defences.membership * static_cast<double>(candidates.size())));
    kernel::RandomStream rng(s.settings.seed, replication, kMembershipStream);
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t j = i + static_cast<std::size_t>(rng.uniform01() * static_cast<double>(candidates.size() - i));
      std::swap(candidates[i], candidates[std::min(j, candidates.size() - 1)]);
      plans[candidates[i]].member = true;
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    for (const auto e : boost::make_iterator_range(boost::out_edges(v, g.graph()))) {
      const auto type = g.edge(e).type;
      const std::size_t target = g.target(e);
      if (effective_probability(s, type) > 0.0) {
        plans[v].out.push_back(NodePlan::Out{static_cast<std::uint32_t>(target), static_cast<std::uint8_t>(type)});
      }
      if (type == scenario::DependencyType::data_flow && plans[target].kind == NodeKind::data_platform) {
        for (const auto c : plans[v].data) {
          auto& shared = plans[target].platform_data;
          if (std::find(shared.begin(), shared.end(), c) == shared.end()) shared.push_back(c);
        }
      }
    }
  }
  for (std::size_t i = 0; i < s.cyber.incidents.size(); ++i) {
    for (const scenario::RestorationStage& st : s.cyber.incidents[i].restoration) {
      NodePlan::Stage stage{static_cast<std::uint32_t>(i), hours(st.after_h), kWholeNode, st.level};
      std::optional<std::size_t> v = g.find(st.node);
      if (const auto part = scenario::terminal_part(s, st.node); !v && part) {
        v = g.find(s.terminals[part->terminal].id);
        stage.part = static_cast<std::uint8_t>(part->part);
        if (v) plans[*v].by_part = true;
      }
      if (v) plans[*v].stages.push_back(stage);
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    // A terminal that goes by part has a manual mode if any part has one.
    NodePlan& p = plans[v];
    if (!p.by_part) continue;
    p.manual_level = *std::max_element(p.part_manual.begin(), p.part_manual.end());
  }
  for (std::size_t i = 0; i < s.cyber.incidents.size(); ++i) {
    const scenario::Incident& inc = s.cyber.incidents[i];
    kernel::RandomStream rng(s.settings.seed, replication, kIncidentStream + static_cast<std::uint32_t>(i));
    double at = inc.at_h;
    for (std::size_t k = 0; k < inc.targets.size(); ++k) {
      if (k > 0) at += std::max(0.0, inc.stagger_h.sample(rng));
      if (const auto v = g.find(inc.targets[k]))
        plans[*v].attacks.emplace_back(static_cast<std::uint32_t>(i), hours(at));
    }
  }
  return plans;
}

}  // namespace

std::string_view to_string(CyberState state) noexcept {
  switch (state) {
    case CyberState::susceptible: return "susceptible";
    case CyberState::compromised: return "compromised";
    case CyberState::detected: return "detected";
    case CyberState::contained: return "contained";
    case CyberState::recovering: return "recovering";
    case CyberState::restored: return "restored";
  }
  return "?";
}

double effective_probability(const scenario::Scenario& s, scenario::DependencyType type) {
  using scenario::DependencyType;
  double p = s.cyber.spread[static_cast<std::size_t>(type)].probability;
  if (type == DependencyType::remote_access) {
    if (s.defences.vendor_access == scenario::VendorAccess::removed) return 0.0;
    if (s.defences.vendor_access == scenario::VendorAccess::restricted) p *= s.defences.restricted_factor;
    return p;
  }
  if (type == DependencyType::physical_flow) return p;
  const auto& cuts = s.defences.segmentation_cuts;
  if (s.defences.segmentation && std::find(cuts.begin(), cuts.end(), type) != cuts.end()) return 0.0;
  return p;
}

CyberOutcome run_cyber(const scenario::Scenario& s, const graph::PortGraph& g, const CyberRunOptions& options) {
  const Ticks latency = hours(s.rules.message_latency_h);
  std::vector<NodePlan> plans = make_plans(s, g, options.replication);
  std::vector<kernel::Link> links;
  const auto desk = static_cast<LpId>(plans.size());
  std::vector<bool> member(plans.size());
  std::vector<bool> by_part(plans.size());
  for (std::size_t v = 0; v < plans.size(); ++v) {
    member[v] = plans[v].member;
    by_part[v] = plans[v].by_part;
    for (const auto& e : plans[v].out) links.push_back(kernel::Link{static_cast<LpId>(v), e.target, latency});
    if (plans[v].member) {
      links.push_back(kernel::Link{static_cast<LpId>(v), desk, latency});
      links.push_back(kernel::Link{desk, static_cast<LpId>(v), latency});
    }
  }
  CyberModel model(s, std::move(plans), latency);
  const kernel::LinkTable table = kernel::LinkTable::declared(model.lp_count(), links);
  kernel::RunOptions run;
  run.scheduler = options.scheduler;
  run.threads = options.threads;
  run.end_time = hours(s.settings.horizon_h);
  run.seed = s.settings.seed;
  run.replication = options.replication;
  run.first_stream = kFirstCyberStream;

  CyberOutcome out;
  out.run = kernel::simulate(model, table, run);
  out.member = std::move(member);
  out.by_part = std::move(by_part);
  for (const NodeRun& r : model.runs()) {
    out.states.insert(out.states.end(), r.states.begin(), r.states.end());
    out.levels.insert(out.levels.end(), r.levels.begin(), r.levels.end());
    out.part_levels.insert(out.part_levels.end(), r.part_levels.begin(), r.part_levels.end());
    out.exposures.insert(out.exposures.end(), r.exposures.begin(), r.exposures.end());
    out.warned_h.push_back(r.warned_h);
    out.reported_h.push_back(r.reported_h);
  }
  // Within one node the records are in time order already; stable sorts
  // keep that order for equal times.
  std::stable_sort(out.states.begin(), out.states.end(), [](const StateChange& a, const StateChange& b) {
    return std::tie(a.time_h, a.node) < std::tie(b.time_h, b.node);
  });
  std::stable_sort(out.levels.begin(), out.levels.end(), [](const LevelChange& a, const LevelChange& b) {
    return std::tie(a.time_h, a.node) < std::tie(b.time_h, b.node);
  });
  std::stable_sort(out.part_levels.begin(), out.part_levels.end(), [](const LevelChange& a, const LevelChange& b) {
    return std::tie(a.time_h, a.node, a.part) < std::tie(b.time_h, b.node, b.part);
  });
  return out;
}

}  // namespace porttwin::cyber
