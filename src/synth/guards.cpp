// requires -> guards: a missing key answers 404, a state conflict 409, a bad value 422.
#include <fmt/format.h>

#include "synth/derive_internal.h"
#include "synth/expr_util.h"

namespace s2r::synth {
namespace {

GuardKind Classify(const ir::Expr& condition) {
  if (condition.kind == ir::ExprKind::kBinary && condition.binary_op == BinaryOp::kIn &&
      PreStateName(condition.operands[1])) {
    return GuardKind::kMissingKey;
  }
  return MentionsState(condition) ? GuardKind::kConflict : GuardKind::kInvalidValue;
}

Step GuardStep(Guard guard) {
  Step step;
  step.kind = StepKind::kGuard;
  step.origin = guard.span;
  step.guard = std::move(guard);
  return step;
}

// The relation holding the transition's entity and the input that keys it, from the
// operation's `k in R` requirements (or the first input of the relation's key type).
std::optional<std::pair<const ir::StateField*, const ir::Param*>> TransitionTarget(
    const DerivationContext& context, const std::string& entity) {
  if (!context.module.state) {
    return std::nullopt;
  }
  for (const ir::StateField& field : *context.module.state) {
    const ir::Type& type = field.type;
    bool holds_entity = (type.kind == ir::TypeKind::kRelation || type.kind == ir::TypeKind::kMap) &&
                        type.args.size() == 2 && type.args[1].kind == ir::TypeKind::kEntity &&
                        type.args[1].name == entity;
    if (!holds_entity) {
      continue;
    }
    for (const ir::Expr& requirement : context.operation.requires_exprs) {
      if (requirement.kind == ir::ExprKind::kBinary && requirement.binary_op == BinaryOp::kIn &&
          PreStateName(requirement.operands[1]) == field.name &&
          requirement.operands[0].kind == ir::ExprKind::kIdentifier) {
        if (const ir::Param* input = context.operation.FindInput(requirement.operands[0].text)) {
          return std::make_pair(&field, input);
        }
      }
    }
    for (const ir::Param& input : context.operation.inputs) {
      if (input.type.SameAs(type.args[0])) {
        return std::make_pair(&field, &input);
      }
    }
  }
  return std::nullopt;
}

// The entity field a global invariant `all k in R | R[k].f = k` pins to the relation's key, if
// any: inside a transition guard, `f` is then the key input itself.
std::optional<std::string> KeyMatchedField(const DerivationContext& context,
                                           const std::string& relation) {
  for (const ir::Invariant& invariant : context.module.invariants) {
    const ir::Expr& e = invariant.expr;
    if (e.kind != ir::ExprKind::kQuantifier || e.quantifier != QuantifierKind::kAll ||
        e.names.size() != 1 || e.operands.size() != 2 || PreStateName(e.operands[0]) != relation) {
      continue;
    }
    const ir::Expr& body = e.operands[1];
    if (body.kind != ir::ExprKind::kBinary || body.binary_op != BinaryOp::kEq) continue;
    const std::string& variable = e.names[0].text;
    for (int side = 0; side < 2; ++side) {
      const ir::Expr& access = body.operands[side];
      const ir::Expr& key = body.operands[1 - side];
      if (key.kind == ir::ExprKind::kIdentifier && key.text == variable &&
          access.kind == ir::ExprKind::kFieldAccess &&
          access.operands[0].kind == ir::ExprKind::kIndex &&
          PreStateName(access.operands[0].operands[0]) == relation &&
          access.operands[0].operands[1].kind == ir::ExprKind::kIdentifier &&
          access.operands[0].operands[1].text == variable) {
        return access.text;
      }
    }
  }
  return std::nullopt;
}

ir::Expr ReplaceEntityField(const ir::Expr& expr, const std::string& field,
                            const ir::Expr& replacement) {
  if (expr.kind == ir::ExprKind::kIdentifier && expr.ref == ir::RefKind::kEntityField &&
      expr.text == field) {
    return replacement;
  }
  ir::Expr copy = expr;
  for (ir::Expr& operand : copy.operands) {
    operand = ReplaceEntityField(operand, field, replacement);
  }
  return copy;
}

void AddTransitionGuards(DerivationContext& context, std::vector<Step>& steps) {
  for (const ir::Transition& transition : context.module.transitions) {
    std::vector<const ir::TransitionRule*> rules;
    for (const ir::TransitionRule& rule : transition.rules) {
      if (rule.via == context.operation.name) {
        rules.push_back(&rule);
      }
    }
    const ir::Entity* entity = context.module.FindEntity(transition.entity);
    if (rules.empty() || entity == nullptr) {
      continue;
    }
    auto target = TransitionTarget(context, transition.entity);
    const ir::Field* state_field = entity->FindField(transition.field);
    if (!target || state_field == nullptr) {
      context.FailAt(transition.span,
                     fmt::format("transition `{}` needs a state relation of `{}` keyed by an input",
                                 transition.name, transition.entity));
      continue;
    }
    auto [relation, input] = *target;
    ir::Type entity_type = ir::Type::Named(ir::TypeKind::kEntity, entity->name);
    ir::Expr row = MakeIndex(MakeIdentifier(relation->name, ir::RefKind::kStateField, relation->type),
                             MakeIdentifier(input->name, ir::RefKind::kInput, input->type),
                             entity_type);
    ir::Expr current = MakeField(row, transition.field, state_field->type);
    std::vector<ir::Expr> from_values;
    std::string from_names;
    for (const ir::TransitionRule* rule : rules) {
      ir::Expr value = MakeIdentifier(rule->from, ir::RefKind::kEnumValue, state_field->type);
      value.enum_name = state_field->type.name;
      from_values.push_back(value);
      from_names += (from_names.empty() ? "" : ", ") + rule->from;
    }
    Guard state_guard{GuardKind::kConflict,
                      MakeBinary(BinaryOp::kIn, current,
                                 MakeSet(from_values, ir::Type::Wrap(ir::TypeKind::kSet,
                                                                     state_field->type)),
                                 ir::Type::Of(ir::TypeKind::kBool)),
                      fmt::format("{}: {} requires {} in {{{}}}", transition.name,
                                  context.operation.name, transition.field, from_names),
                      transition.span};
    steps.push_back(GuardStep(std::move(state_guard)));
    for (const ir::TransitionRule* rule : rules) {
      if (!rule->guard) {
        continue;
      }
      // From this rule's source state, its `when` condition must hold.
      ir::Expr from = MakeIdentifier(rule->from, ir::RefKind::kEnumValue, state_field->type);
      from.enum_name = state_field->type.name;
      ir::Expr in_state = MakeBinary(BinaryOp::kEq, current, from, ir::Type::Of(ir::TypeKind::kBool));
      ir::Expr when = *rule->guard;
      if (std::optional<std::string> key_field = KeyMatchedField(context, relation->name)) {
        when = ReplaceEntityField(when, *key_field,
                                  MakeIdentifier(input->name, ir::RefKind::kInput, input->type));
      }
      ir::Expr condition = MakeBinary(BinaryOp::kImplies, in_state,
                                      SubstituteEntityFields(when, row, *entity),
                                      ir::Type::Of(ir::TypeKind::kBool));
      steps.push_back(GuardStep(Guard{
          GuardKind::kConflict, std::move(condition),
          fmt::format("{}: {} -> {} via {} when {}", transition.name, rule->from, rule->to,
                      context.operation.name, context.Quote(rule->guard->span)),
          rule->span}));
    }
  }
}

}  // namespace

std::vector<Step> DeriveGuards(DerivationContext& context) {
  std::vector<Step> steps;
  for (const ir::Expr& requirement : context.operation.requires_exprs) {
    std::vector<const ir::Expr*> conjuncts;
    FlattenConjunction(requirement, conjuncts);
    for (const ir::Expr* conjunct : conjuncts) {
      if (IsTrueLiteral(*conjunct)) {
        continue;
      }
      GuardKind kind = Classify(*conjunct);
      std::string message =
          fmt::format("{}.requires: {}", context.operation.name, context.Quote(conjunct->span));
      steps.push_back(GuardStep(Guard{kind, *conjunct, std::move(message), conjunct->span}));
    }
  }
  AddTransitionGuards(context, steps);
  return steps;
}

}  // namespace s2r::synth
