// Expression translation: formulas (with polarity), quantifiers and their domains, name
// resolution and the term dispatcher. Operators live in encode_ops.cpp, value-building
// constructs in encode_values.cpp.
#include <fmt/format.h>

#include "verify/encode/encoder.h"

namespace s2r::verify {

using ir::Expr;
using ir::ExprKind;
using smt::Op;
using smt::SortId;
using smt::TermId;

namespace {

Polarity Flip(Polarity polarity) {
  switch (polarity) {
    case Polarity::kPositive:
      return Polarity::kNegative;
    case Polarity::kNegative:
      return Polarity::kPositive;
    case Polarity::kBoth:
      return Polarity::kBoth;
  }
  return Polarity::kBoth;
}

}  // namespace

// Literals whose sort comes from the other side of a comparison or operator.
bool Encoder::NeedsHint(const Expr& e) {
  return e.kind == ExprKind::kNoneLit || e.kind == ExprKind::kSetLiteral ||
         e.kind == ExprKind::kSeqLiteral || e.kind == ExprKind::kMapLiteral ||
         (e.kind == ExprKind::kSomeWrap && NeedsHint(e.Operand()));
}

// ---- formulas ----

TermId Encoder::Formula(const Expr& e, Polarity polarity) {
  switch (e.kind) {
    case ExprKind::kBoolLit:
      return store_.BoolLit(e.bool_value);
    case ExprKind::kBinary:
      switch (e.binary_op) {
        case BinaryOp::kAnd:
          return store_.And({Formula(e.Left(), polarity), Formula(e.Right(), polarity)});
        case BinaryOp::kOr:
          return store_.Or({Formula(e.Left(), polarity), Formula(e.Right(), polarity)});
        case BinaryOp::kImplies:
          return store_.Implies(Formula(e.Left(), Flip(polarity)), Formula(e.Right(), polarity));
        case BinaryOp::kIff:
          return store_.Eq(Formula(e.Left(), Polarity::kBoth),
                           Formula(e.Right(), Polarity::kBoth));
        default:
          break;
      }
      break;
    case ExprKind::kUnary:
      if (e.unary_op == UnaryOp::kNot) {
        return store_.Not(Formula(e.Operand(), Flip(polarity)));
      }
      break;
    case ExprKind::kQuantifier:
      return Quantifier(e, polarity);
    case ExprKind::kLet: {
      OpenSide();
      Value value = Term(e.operands[0]);
      std::size_t mark = locals_.size();
      PushLocal(e.text, value);
      TermId body = Formula(e.Body(), polarity);
      PopLocals(mark);
      return CloseSide(body, polarity);
    }
    case ExprKind::kIf:
      return store_.Ite(Formula(e.operands[0], Polarity::kBoth), Formula(e.operands[1], polarity),
                        Formula(e.operands[2], polarity));
    case ExprKind::kPrime:
    case ExprKind::kPre: {
      Mode saved = mode_;
      mode_ = e.kind == ExprKind::kPrime ? Mode::kPost : Mode::kPre;
      TermId out = Formula(e.Operand(), polarity);
      mode_ = saved;
      return out;
    }
    default:
      break;
  }
  OpenSide();
  TermId atom = Atom(e, polarity);
  return CloseSide(atom, polarity);
}

TermId Encoder::Atom(const Expr& e, Polarity polarity) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kEq) {
    return Equality(e.Left(), e.Right(), polarity);
  }
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kNeq) {
    return store_.Not(Equality(e.Left(), e.Right(), Flip(polarity)));
  }
  Hint hint;
  hint.sort = store_.BoolSort();
  TermId out = Plain(e, hint);
  if (store_.SortOf(out) != store_.BoolSort()) {
    Fail(fmt::format("expected a condition, found a value of type `{}`",
                     Describe(store_.SortOf(out))));
  }
  return out;
}

TermId Encoder::Quantifier(const Expr& e, Polarity polarity) {
  std::size_t local_mark = locals_.size();
  std::size_t bound_mark = bound_vars_.size();
  std::vector<TermId> vars;
  std::vector<TermId> guards;
  OpenSide();
  bool some = e.quantifier == QuantifierKind::kSome || e.quantifier == QuantifierKind::kExists;
  bool existential = (some && polarity == Polarity::kPositive) ||
                     (!some && polarity == Polarity::kNegative);
  for (std::size_t i = 0; i < e.names.size(); ++i) {
    Domain domain = QuantDomain(e.operands[i], e.binding_kinds[i]);
    if (domain.kind == Domain::Kind::kPowerset && !existential) {
      // Z3 cannot decide universal quantification over sets (incomplete array theory); the
      // reference rejects it too.
      Fail("quantifying universally over a powerset `^s` is not supported (only `some t in "
           "^s | ...` where it is asserted)");
    }
    if (domain.kind == Domain::Kind::kSeq) {
      // Over a sequence the binder is an index; the name denotes the element at it.
      TermId index = store_.Var(e.names[i].text + "_index", store_.IntSort());
      guards.push_back(InRange(domain.value, index));
      vars.push_back(index);
      PushLocal(e.names[i].text, Value::Plain(SeqItem(domain.value, index)));
      bound_vars_.push_back(index);
      continue;
    }
    TermId var = store_.Var(e.names[i].text, domain.sort);
    guards.push_back(DomainGuard(domain, var));
    vars.push_back(var);
    PushLocal(e.names[i].text, Value{var, smt::kNoTerm});
    bound_vars_.push_back(var);
  }
  // Definitions made while translating the domains belong to the guard.
  for (TermId condition : PopSide()) {
    guards.push_back(condition);
  }
  bool negated_body = e.quantifier == QuantifierKind::kNo;
  TermId body = Formula(e.Body(), negated_body ? Flip(polarity) : polarity);
  PopLocals(local_mark);
  bound_vars_.resize(bound_mark);
  TermId guard = store_.And(guards);
  switch (e.quantifier) {
    case QuantifierKind::kAll:
      return store_.Quantifier(Op::kForall, vars, store_.Implies(guard, body));
    case QuantifierKind::kSome:
    case QuantifierKind::kExists:
      return store_.Quantifier(Op::kExists, vars, store_.And({guard, body}));
    case QuantifierKind::kNo:
      return store_.Not(store_.Quantifier(Op::kExists, vars, store_.And({guard, body})));
  }
  return store_.True();
}

bool Encoder::IsValueName(const std::string& name) const {
  for (const Local& local : locals_) {
    if (local.name == name) {
      return true;
    }
  }
  if ((name == "value" && value_binding_) || (name == "self" && entity_context_ != nullptr)) {
    return true;
  }
  if (entity_context_ != nullptr && entity_context_->Find(name) != nullptr) {
    return true;
  }
  for (const auto& [param, value] : inputs_) {
    if (param->name == name) {
      return true;
    }
  }
  for (const auto& [param, value] : outputs_) {
    if (param->name == name) {
      return true;
    }
  }
  return StateByName(name) != nullptr;
}

std::optional<ir::Type> Encoder::TypeNamed(const Expr& e) const {
  if (e.kind != ExprKind::kIdentifier || IsValueName(e.text)) {
    return std::nullopt;
  }
  if (module_.FindEntity(e.text) != nullptr) {
    return ir::Type::Named(ir::TypeKind::kEntity, e.text);
  }
  if (module_.FindEnum(e.text) != nullptr) {
    return ir::Type::Named(ir::TypeKind::kEnum, e.text);
  }
  if (const ir::TypeAlias* alias = module_.FindAlias(e.text)) {
    ir::Type type = alias->base;
    type.alias = alias->name;
    return type;
  }
  return std::nullopt;
}

Encoder::Domain Encoder::QuantDomain(const Expr& domain_expr, BindingKind binding) {
  Domain domain;
  std::optional<ir::Type> type = TypeNamed(domain_expr);
  if (binding == BindingKind::kColon && !type) {
    Fail("a `x: T` binding needs a type name after the colon");
  }
  if (type) {
    domain.kind = Domain::Kind::kType;
    domain.sort = SortOf(*type);
    domain.type = *type;
    return domain;
  }
  if (domain_expr.kind == ExprKind::kUnary && domain_expr.unary_op == UnaryOp::kPowerset) {
    TermId set = Plain(domain_expr.Operand());
    if (!store_.IsSet(store_.SortOf(set))) {
      Fail(fmt::format("`^` needs a set, found `{}`", Describe(store_.SortOf(set))));
    }
    domain.kind = Domain::Kind::kPowerset;
    domain.sort = store_.SortOf(set);
    domain.value = Value{set, smt::kNoTerm};
    return domain;
  }
  domain.value = Term(domain_expr);
  if (domain.value.IsRelation()) {
    domain.kind = Domain::Kind::kRelation;
    domain.sort = store_.ElementOf(store_.SortOf(domain.value.term));
    return domain;
  }
  if (domain.value.IsSequence()) {
    domain.kind = Domain::Kind::kSeq;
    domain.sort = SeqElementSort(domain.value);
    return domain;
  }
  SortId sort = store_.SortOf(domain.value.term);
  if (store_.IsSet(sort)) {
    domain.kind = Domain::Kind::kSet;
    domain.sort = store_.ElementOf(sort);
    return domain;
  }
  Fail(fmt::format("cannot range over a value of type `{}`", Describe(sort)));
}

TermId Encoder::DomainGuard(const Domain& domain, TermId var) {
  switch (domain.kind) {
    case Domain::Kind::kType:
      bound_vars_.push_back(var);
      {
        std::vector<TermId> parts = TypeAxioms(*domain.type, Value{var, smt::kNoTerm});
        bound_vars_.pop_back();
        return store_.And(parts);
      }
    case Domain::Kind::kRelation:
    case Domain::Kind::kSet:
      return store_.Select(domain.value.term, var);
    case Domain::Kind::kSeq: {
      TermId index = store_.Var("i", store_.IntSort());
      return store_.Quantifier(
          Op::kExists, {index},
          store_.And({InRange(domain.value, index),
                      store_.Eq(SeqItem(domain.value, index), var)}));
    }
    case Domain::Kind::kPowerset:
      return store_.Subset(var, domain.value.term);
  }
  return store_.True();
}

// ---- terms ----

TermId Encoder::Plain(const Expr& e, const Hint& hint) {
  Value value = Term(e, hint);
  if (!value.IsPlain()) {
    Fail(value.IsSequence() ? "a sequence cannot be used as a single value here"
                            : "a relation or map cannot be used as a single value here");
  }
  return value.term;
}

Value Encoder::Term(const Expr& e, const Hint& hint) {
  auto plain = [](TermId t) { return Value{t, smt::kNoTerm}; };
  switch (e.kind) {
    case ExprKind::kIntLit:
      if (hint.sort == store_.RealSort()) {
        return plain(store_.RealLit(e.text));
      }
      return plain(store_.IntLit(e.text));
    case ExprKind::kFloatLit:
      return plain(store_.RealLit(e.text));
    case ExprKind::kStringLit:
      return plain(store_.StringLit(e.text));
    case ExprKind::kBoolLit:
      return plain(store_.BoolLit(e.bool_value));
    case ExprKind::kNoneLit:
      if (hint.sort != kNoSort && store_.IsOption(hint.sort)) {
        return plain(store_.None(hint.sort));
      }
      Fail("`none` needs an Option context (compare it with an Option value)");
    case ExprKind::kIdentifier:
      return Resolve(e, hint);
    case ExprKind::kBinary:
      return Binary(e, hint);
    case ExprKind::kUnary:
      switch (e.unary_op) {
        case UnaryOp::kNot:
          return plain(Formula(e, Polarity::kBoth));
        case UnaryOp::kNegate: {
          TermId operand = Numeric(Plain(e.Operand(), hint));
          return plain(store_.Neg(operand));
        }
        case UnaryOp::kCardinality:
          return Cardinality(e.Operand());
        case UnaryOp::kPowerset:
          Fail("`^` (powerset) is only supported as the domain of `some`/`all`/`no`");
      }
      break;
    case ExprKind::kQuantifier:
      return plain(Formula(e, Polarity::kBoth));
    case ExprKind::kMatches:
      return plain(Matches(e));
    case ExprKind::kSomeWrap: {
      Hint inner;
      if (hint.sort != kNoSort && store_.IsOption(hint.sort)) {
        inner.sort = store_.ElementOf(hint.sort);
      }
      TermId value = Plain(e.Operand(), inner);
      if (inner.sort != kNoSort) {
        value = CoerceTo(value, inner.sort);
      }
      return plain(store_.Some(value));
    }
    case ExprKind::kThe:
      return The(e);
    case ExprKind::kFieldAccess:
      return FieldAccess(e);
    case ExprKind::kEnumAccess:
      return EnumAccess(e);
    case ExprKind::kIndex:
      return Index(e);
    case ExprKind::kCall:
      return Call(e, hint);
    case ExprKind::kPrime:
    case ExprKind::kPre: {
      Mode saved = mode_;
      mode_ = e.kind == ExprKind::kPrime ? Mode::kPost : Mode::kPre;
      Value out = Term(e.Operand(), hint);
      mode_ = saved;
      return out;
    }
    case ExprKind::kWith:
      return With(e);
    case ExprKind::kIf:
      return IfThenElse(e, hint);
    case ExprKind::kLet: {
      Value value = Term(e.operands[0]);
      std::size_t mark = locals_.size();
      PushLocal(e.text, value);
      Value out = Term(e.Body(), hint);
      PopLocals(mark);
      return out;
    }
    case ExprKind::kLambda:
      Fail("a lambda is only supported as the second argument of `sum`");
    case ExprKind::kConstructor:
      return Constructor(e);
    case ExprKind::kSetLiteral:
      return SetLiteral(e, hint);
    case ExprKind::kMapLiteral:
      return MapLiteral(e, hint);
    case ExprKind::kSetComprehension:
      return Comprehension(e, hint);
    case ExprKind::kSeqLiteral:
      return SeqLiteral(e, hint);
  }
  Fail("unsupported expression");
}

Value Encoder::StateValue(const StateSymbols& state) const {
  return mode_ == Mode::kPost ? state.post : state.pre;
}

Value Encoder::FieldValue(const EntitySymbols& entity, const FieldSymbols& field, TermId base) {
  (void)entity;
  switch (field.shape) {
    case Shape::kRelation:
      return Value::Relation(store_.App(field.func, {base}), store_.App(field.map_func, {base}));
    case Shape::kSequence:
      return Value::Sequence(store_.App(field.func, {base}), store_.App(field.map_func, {base}));
    case Shape::kPlain:
      break;
  }
  return Value::Plain(store_.App(field.func, {base}));
}

Value Encoder::Resolve(const Expr& e, const Hint& hint) {
  const std::string& name = e.text;
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name == name) {
      return it->value;
    }
  }
  if (name == "value" && value_binding_) {
    return *value_binding_;
  }
  if (entity_context_ != nullptr) {
    if (name == "self") {
      return Value{self_, smt::kNoTerm};
    }
    if (const FieldSymbols* field = entity_context_->Find(name)) {
      return FieldValue(*entity_context_, *field, self_);
    }
  }
  for (const auto& [param, value] : inputs_) {
    if (param->name == name) {
      return value;
    }
  }
  for (const auto& [param, value] : outputs_) {
    if (param->name == name) {
      return value;
    }
  }
  if (const StateSymbols* state = StateByName(name)) {
    return StateValue(*state);
  }
  // A bare enum member: the resolved enum, else the expected enum, else the only enum
  // declaring it.
  SortId expected = hint.sort;
  if (expected != kNoSort && store_.IsOption(expected)) {
    expected = store_.ElementOf(expected);
  }
  std::vector<const ir::Enum*> declaring;
  for (const ir::Enum& enumeration : module_.enums) {
    for (const std::string& member : enumeration.values) {
      if (member == name) {
        declaring.push_back(&enumeration);
        break;
      }
    }
  }
  const ir::Enum* chosen = nullptr;
  for (const ir::Enum* enumeration : declaring) {
    if (e.ref == ir::RefKind::kEnumValue && e.enum_name == enumeration->name) {
      chosen = enumeration;
    }
  }
  for (const ir::Enum* enumeration : declaring) {
    if (chosen == nullptr && expected != kNoSort && EnumSortOf(*enumeration) == expected) {
      chosen = enumeration;
    }
  }
  if (chosen == nullptr && declaring.size() == 1) {
    chosen = declaring[0];
  }
  if (chosen != nullptr) {
    SortId sort = EnumSortOf(*chosen);
    for (std::uint32_t i = 0; i < chosen->values.size(); ++i) {
      if (chosen->values[i] == name) {
        return Value{store_.EnumMember(sort, i), smt::kNoTerm};
      }
    }
  }
  if (declaring.size() > 1) {
    Fail(fmt::format("`{}` is a member of several enums; write `Enum.{}`", name, name));
  }
  Fail(fmt::format("unresolved identifier `{}`", name));
}

std::pair<Value, Value> Encoder::TermPair(const Expr& left, const Expr& right) {
  if (NeedsHint(left) && !NeedsHint(right)) {
    Value b = Term(right);
    Value a = Term(left, HintOf(b));
    return {a, b};
  }
  Value a = Term(left);
  Value b = Term(right, HintOf(a));
  return {a, b};
}

}  // namespace s2r::verify
