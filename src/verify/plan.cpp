// Check planning, routing and trust classification.
#include "verify/plan.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "verify/subset.h"

namespace s2r::verify {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Classifies a check from the expressions it is trusted on.
void Classify(PlannedCheck& check, const std::vector<const ir::Expr*>& expressions,
              const ir::Module& module) {
  for (const ir::Expr* e : expressions) {
    check.bounded = check.bounded || UsesPowerset(*e);
  }
  if (check.bounded) {
    check.trust = Trust::kBestEffort;
    return;
  }
  for (const ir::Expr* e : expressions) {
    if (std::optional<std::string> reason = OutsideSubset(*e, module)) {
      check.trust = Trust::kBestEffort;
      check.outside_subset = std::move(reason);
      return;
    }
  }
}

}  // namespace

Plan PlanChecks(const PreparedModule& prepared) {
  const ir::Module& module = *prepared.module;
  Plan plan;
  std::vector<const ir::Expr*> invariants;
  for (const ir::Expr& e : prepared.invariants) {
    invariants.push_back(&e);
  }

  Unit global_unit;
  PlannedCheck global;
  global.id = "global";
  global.kind = CheckKind::kGlobal;
  Classify(global, invariants, module);
  global_unit.checks.push_back(plan.checks.size());
  plan.checks.push_back(global);

  std::vector<std::size_t> order(module.operations.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return Lower(module.operations[a].name) < Lower(module.operations[b].name);
  });

  std::vector<Unit> operation_units;
  for (std::size_t index : order) {
    const PreparedOperation& op = prepared.operations[index];
    const std::string& name = op.operation->name;
    Unit unit;
    unit.operation = static_cast<int>(index);
    std::vector<const ir::Expr*> requires_set;
    for (const ir::Expr& e : op.requires_exprs) {
      requires_set.push_back(&e);
    }
    std::vector<const ir::Expr*> ensures_set;
    for (const ir::Expr& e : op.ensures_exprs) {
      ensures_set.push_back(&e);
    }
    auto add = [&](PlannedCheck check, const std::vector<const ir::Expr*>& trusted) {
      check.operation = static_cast<int>(index);
      Classify(check, trusted, module);
      unit.checks.push_back(plan.checks.size());
      plan.checks.push_back(std::move(check));
    };
    PlannedCheck requires_check;
    requires_check.id = name + ".requires";
    requires_check.kind = CheckKind::kRequires;
    add(requires_check, requires_set);

    std::vector<const ir::Expr*> enabled_set = requires_set;
    enabled_set.insert(enabled_set.end(), invariants.begin(), invariants.end());
    PlannedCheck enabled;
    enabled.id = name + ".enabled";
    enabled.kind = CheckKind::kEnabled;
    add(enabled, enabled_set);

    std::vector<const ir::Expr*> ensures_trust = enabled_set;
    ensures_trust.insert(ensures_trust.end(), ensures_set.begin(), ensures_set.end());
    PlannedCheck ensures;
    ensures.id = name + ".ensures";
    ensures.kind = CheckKind::kEnsures;
    add(ensures, ensures_trust);

    for (std::size_t i = 0; i < prepared.invariants.size(); ++i) {
      std::vector<const ir::Expr*> trusted{&prepared.invariants[i]};
      trusted.insert(trusted.end(), requires_set.begin(), requires_set.end());
      trusted.insert(trusted.end(), ensures_set.begin(), ensures_set.end());
      PlannedCheck preservation;
      preservation.id = fmt::format("{}.preserves.{}", name, prepared.invariant_names[i]);
      preservation.kind = CheckKind::kPreservation;
      preservation.invariant = static_cast<int>(i);
      add(preservation, trusted);
    }
    operation_units.push_back(std::move(unit));
  }

  for (std::size_t i = 0; i < module.temporals.size(); ++i) {
    PlannedCheck temporal;
    temporal.id = "temporal." + module.temporals[i].name;
    temporal.kind = CheckKind::kTemporal;
    temporal.temporal = static_cast<int>(i);
    temporal.bounded = true;
    temporal.trust = Trust::kBestEffort;
    global_unit.checks.push_back(plan.checks.size());
    plan.checks.push_back(std::move(temporal));
  }

  plan.units.push_back(std::move(global_unit));
  for (Unit& unit : operation_units) {
    plan.units.push_back(std::move(unit));
  }
  return plan;
}

}  // namespace s2r::verify
