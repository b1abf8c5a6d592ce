// Arranging a service state through its own operations (see arrangement.h).
#include "emit/python_fastapi/testgen/arrangement.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "emit/python_fastapi/names.h"
#include "synth/expr_util.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

using ir::Expr;
using ir::ExprKind;
using ir::RefKind;

// The state field a (possibly `pre(...)`-wrapped) expression names, or empty.
std::string StateName(const Expr& e) {
  if (e.kind == ExprKind::kPre) return StateName(e.Operand());
  if (e.kind == ExprKind::kIdentifier && e.ref == RefKind::kStateField) return e.text;
  return "";
}

std::string InputName(const Expr& e) {
  if (e.kind == ExprKind::kIdentifier && e.ref == RefKind::kInput) return e.text;
  return "";
}

// An enum member (`TODO`, `Status.TODO`), or empty.
std::string EnumValue(const Expr& e) {
  if (e.kind == ExprKind::kIdentifier && e.ref == RefKind::kEnumValue) return e.text;
  if (e.kind == ExprKind::kEnumAccess) return e.text;
  return "";
}

bool IsKeyedRelation(const convention::StateBinding* binding) {
  if (binding == nullptr) return false;
  return (binding->storage == convention::StateStorage::kEntityRows &&
          !binding->key_column.empty()) ||
         binding->storage == convention::StateStorage::kEntityColumns;
}

}  // namespace

Arrangement::Arrangement(const ir::Module& module, const convention::ServiceModel& model,
                         const std::vector<synth::OperationPlan>& plans)
    : module_(module), model_(model), plans_(plans) {
  FindProducers();
}

bool Arrangement::Callable(const convention::Operation& op) const {
  const synth::OperationPlan* plan = synth::FindPlan(plans_, op.name);
  return plan != nullptr && !plan->stub && op.auth.empty();
}

std::vector<const ir::Expr*> Arrangement::Requires(const convention::Operation& op) const {
  std::vector<const ir::Expr*> out;
  for (const ir::Expr& clause : Ir(op).requires_exprs) convention::SplitAnd(clause, out);
  return out;
}

std::vector<KeyNeed> Arrangement::KeyNeeds(const convention::Operation& op) const {
  std::vector<KeyNeed> needs;
  for (const ir::Expr* c : Requires(op)) {
    if (c->kind != ExprKind::kBinary || c->binary_op != BinaryOp::kIn) continue;
    std::string input = InputName(c->Left());
    std::string relation = StateName(c->Right());
    if (input.empty() || !IsKeyedRelation(model_.FindState(relation))) continue;
    bool seen = false;
    for (const KeyNeed& need : needs) seen = seen || need.input == input;
    if (!seen) needs.push_back({input, relation});
  }
  return needs;
}

std::vector<KeyConflict> Arrangement::KeyConflicts(const convention::Operation& op) const {
  std::vector<KeyConflict> out;
  std::vector<const ir::Expr*> conjuncts = Requires(op);
  for (std::size_t i = 0; i < conjuncts.size(); ++i) {
    const ir::Expr* c = conjuncts[i];
    if (c->kind != ExprKind::kBinary || c->binary_op != BinaryOp::kNotIn) continue;
    std::string input = InputName(c->Left());
    std::string relation = StateName(c->Right());
    if (input.empty() || !IsKeyedRelation(model_.FindState(relation))) continue;
    out.push_back({input, relation, i});
  }
  return out;
}

int Arrangement::GuardStatus(const convention::Operation& op, const ir::Expr& conjunct) const {
  std::optional<int> found;
  std::function<void(const std::vector<synth::Step>&)> scan =
      [&](const std::vector<synth::Step>& steps) {
        for (const synth::Step& step : steps) {
          if (!found && step.kind == synth::StepKind::kGuard && step.guard &&
              step.guard->span.begin == conjunct.span.begin &&
              step.guard->span.end == conjunct.span.end) {
            switch (step.guard->kind) {
              case synth::GuardKind::kMissingKey: found = 404; break;
              case synth::GuardKind::kConflict: found = 409; break;
              case synth::GuardKind::kInvalidValue: found = 422; break;
            }
          }
          scan(step.then_steps);
          scan(step.else_steps);
        }
      };
  if (const synth::OperationPlan* plan = synth::FindPlan(plans_, op.name)) scan(plan->steps);
  if (found) return *found;
  if (conjunct.kind == ExprKind::kBinary && conjunct.binary_op == BinaryOp::kIn &&
      synth::MentionsState(conjunct.Right())) {
    return 404;
  }
  return synth::MentionsState(conjunct) ? 409 : 422;
}

std::string Arrangement::UnarrangedCondition(const convention::Operation& op) const {
  std::optional<StatusNeed> status = StatusNeedOf(op);
  std::vector<KeyConflict> conflicts = KeyConflicts(op);
  std::vector<const ir::Expr*> conjuncts = Requires(op);
  for (std::size_t i = 0; i < conjuncts.size(); ++i) {
    const ir::Expr& c = *conjuncts[i];
    if (synth::IsTrueLiteral(c) || GuardStatus(op, c) != 409) continue;
    bool handled = status && std::find(status->clauses.begin(), status->clauses.end(), i) !=
                                 status->clauses.end();
    for (const KeyConflict& conflict : conflicts) handled = handled || conflict.clause == i;
    if (!handled) return convention::ExprText(c);
  }
  return "";
}

const ir::Transition* Arrangement::TransitionOf(const std::string& relation) const {
  const convention::StateBinding* binding = model_.FindState(relation);
  if (binding == nullptr || binding->entity.empty()) return nullptr;
  for (const ir::Transition& t : module_.transitions) {
    if (t.entity == binding->entity) return &t;
  }
  return nullptr;
}

void Arrangement::FindProducers() {
  std::vector<Producer> candidates;
  for (const convention::StateBinding& binding : model_.state) {
    if (!IsKeyedRelation(&binding)) continue;
    for (const convention::Operation& op : model_.operations) {
      const synth::OperationPlan* plan = synth::FindPlan(plans_, op.name);
      if (!Callable(op) || plan == nullptr) continue;
      bool writes = false;
      for (const std::string& w : plan->written_state) writes = writes || w == binding.name;
      if (!writes) continue;
      bool needs_itself = false;
      for (const KeyNeed& need : KeyNeeds(op)) {
        needs_itself = needs_itself || need.relation == binding.name;
      }
      if (needs_itself) continue;
      std::string key;
      const ir::Operation& ir_op = Ir(op);
      if (op.response.kind == convention::ResponseKind::kEntity &&
          op.response.entity == binding.entity && !binding.key_field.empty()) {
        key = binding.key_field;
      } else if (op.response.kind == convention::ResponseKind::kOutputs) {
        const ir::StateField* field = module_.FindStateField(binding.name);
        std::string key_alias;
        if (field != nullptr && !field->type.args.empty()) key_alias = field->type.args[0].alias;
        for (const ir::Param& out : ir_op.outputs) {
          if (out.name == binding.key_field ||
              (!key_alias.empty() && out.type.alias == key_alias)) {
            key = out.name;
            break;
          }
        }
      }
      if (key.empty()) continue;
      Producer producer{&op, binding.name, fmt::format("response.json()[{}]", PyString(key)), {}};
      // The status a new row starts in: `out.<transition field> = <member>` in the ensures.
      if (const ir::Transition* t = TransitionOf(binding.name)) {
        std::vector<const ir::Expr*> ensures;
        for (const ir::Expr& clause : ir_op.ensures_exprs) convention::SplitAnd(clause, ensures);
        for (const ir::Expr* e : ensures) {
          if (e->kind != ExprKind::kBinary || e->binary_op != BinaryOp::kEq) continue;
          const ir::Expr& lhs = e->Left();
          if (lhs.kind == ExprKind::kFieldAccess && lhs.text == t->field &&
              lhs.Operand().kind == ExprKind::kIdentifier &&
              lhs.Operand().ref == RefKind::kOutput && !EnumValue(e->Right()).empty()) {
            producer.initial_status = EnumValue(e->Right());
          }
        }
      }
      candidates.push_back(std::move(producer));
      break;
    }
  }
  // Keep the producers whose own key needs can be produced (no cycles, bounded depth).
  std::map<std::string, const Producer*> by_relation;
  for (const Producer& p : candidates) by_relation[p.relation] = &p;
  std::function<bool(const std::string&, int)> ok = [&](const std::string& relation,
                                                        int depth) -> bool {
    auto it = by_relation.find(relation);
    if (it == by_relation.end() || depth > 3) return false;
    for (const KeyNeed& need : KeyNeeds(*it->second->op)) {
      if (!ok(need.relation, depth + 1)) return false;
    }
    return true;
  };
  for (const Producer& p : candidates) {
    if (ok(p.relation, 0)) producers_.push_back(p);
  }
}

const Producer* Arrangement::ProducerOf(const std::string& relation) const {
  for (const Producer& p : producers_) {
    if (p.relation == relation) return &p;
  }
  return nullptr;
}

std::optional<StatusNeed> Arrangement::StatusNeedOf(const convention::Operation& op) const {
  for (const KeyNeed& key : KeyNeeds(op)) {
    const ir::Transition* t = TransitionOf(key.relation);
    if (t == nullptr) continue;
    StatusNeed need{key, t->field, {}, {}, false};
    bool constrained = false;
    auto restrict = [&](const std::set<std::string>& values) {
      if (!constrained) {
        need.allowed = values;
      } else {
        std::set<std::string> kept;
        for (const std::string& v : need.allowed) {
          if (values.count(v) > 0) kept.insert(v);
        }
        need.allowed = kept;
      }
      constrained = true;
    };
    std::vector<const ir::Expr*> conjuncts = Requires(op);
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const ir::Expr* c = conjuncts[i];
      if (c->kind != ExprKind::kBinary) continue;
      const ir::Expr& lhs = c->Left();
      if (lhs.kind != ExprKind::kFieldAccess || lhs.text != t->field ||
          lhs.Operand().kind != ExprKind::kIndex ||
          StateName(lhs.Operand().Left()) != key.relation ||
          InputName(lhs.Operand().Right()) != key.input) {
        continue;
      }
      std::set<std::string> values;
      if (c->binary_op == BinaryOp::kEq && !EnumValue(c->Right()).empty()) {
        values.insert(EnumValue(c->Right()));
      } else if (c->binary_op == BinaryOp::kIn && (c->Right().kind == ExprKind::kSetLiteral)) {
        for (const ir::Expr& item : c->Right().operands) {
          if (EnumValue(item).empty()) {
            values.clear();
            break;
          }
          values.insert(EnumValue(item));
        }
      }
      if (values.empty()) continue;
      restrict(values);
      need.clauses.push_back(i);
    }
    std::set<std::string> froms;
    for (const ir::TransitionRule& rule : t->rules) {
      if (rule.via != op.name) continue;
      froms.insert(rule.from);
      need.guarded_via = need.guarded_via || rule.guard.has_value();
    }
    if (!froms.empty()) restrict(froms);
    if (constrained) return need;
  }
  return std::nullopt;
}

std::optional<std::vector<StatusStep>> Arrangement::PathTo(const std::string& relation,
                                                           const std::string& from,
                                                           const std::set<std::string>& targets,
                                                           bool inside) const {
  const ir::Transition* t = TransitionOf(relation);
  const convention::StateBinding* binding = model_.FindState(relation);
  if (t == nullptr || binding == nullptr) return std::nullopt;
  auto goal = [&](const std::string& s) { return (targets.count(s) > 0) == inside; };
  std::map<std::string, std::vector<StatusStep>> paths{{from, {}}};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    std::string status = queue.front();
    queue.pop_front();
    if (goal(status)) return paths[status];
    for (const ir::TransitionRule& rule : t->rules) {
      if (rule.from != status || rule.guard || paths.count(rule.to) > 0) continue;
      const convention::Operation* via = model_.FindOperation(rule.via);
      // A step must succeed whenever the row is in `rule.from`: no other key to make, no state
      // condition the arrangement does not establish.
      if (via == nullptr || !Callable(*via) || KeyNeeds(*via).size() != 1 ||
          !UnarrangedCondition(*via).empty()) {
        continue;
      }
      std::string key_input;
      for (const KeyNeed& need : KeyNeeds(*via)) {
        const convention::StateBinding* b = model_.FindState(need.relation);
        if (b != nullptr && b->entity == binding->entity) key_input = need.input;
      }
      if (key_input.empty()) continue;
      std::vector<StatusStep> path = paths[status];
      path.push_back({via, key_input, rule.from, rule.to});
      paths[rule.to] = std::move(path);
      queue.push_back(rule.to);
    }
  }
  return std::nullopt;
}

}  // namespace s2r::emit::python_fastapi::testgen
