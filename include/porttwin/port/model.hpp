// The port model as the kernel sees it: one SimulationModel whose LPs are the
// sea side, port authority, PCS, customs, terminals, hinterland operators and
// companies (layout in setup.hpp). It only dispatches: each LP's behaviour
// lives in its own class (terminal.hpp, services.hpp, hinterland.hpp).
#pragma once

#include <vector>

#include "porttwin/port/hinterland.hpp"
#include "porttwin/port/services.hpp"
#include "porttwin/port/terminal.hpp"

namespace porttwin::port {

class PortModel {
 public:
  using Payload = Message;

  explicit PortModel(const Setup& setup);

  [[nodiscard]] LpId lp_count() const noexcept { return setup_->lp_count(); }
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  void finish(LpId lp, Ticks final_time);

  [[nodiscard]] const Setup& setup() const noexcept { return *setup_; }
  [[nodiscard]] const Sea& sea() const noexcept { return sea_; }
  [[nodiscard]] const PortAuthority& port_authority() const noexcept { return port_authority_; }
  [[nodiscard]] const Pcs& pcs() const noexcept { return pcs_; }
  [[nodiscard]] const Customs& customs() const noexcept { return customs_; }
  [[nodiscard]] const std::vector<Terminal>& terminals() const noexcept { return terminals_; }
  [[nodiscard]] const std::vector<HinterlandOperator>& operators() const noexcept { return operators_; }
  [[nodiscard]] const std::vector<Company>& companies() const noexcept { return companies_; }

 private:
  const Setup* setup_;
  Sea sea_;
  PortAuthority port_authority_;
  Pcs pcs_;
  Customs customs_;
  std::vector<Terminal> terminals_;
  std::vector<HinterlandOperator> operators_;
  std::vector<Company> companies_;
};

}  // namespace porttwin::port
