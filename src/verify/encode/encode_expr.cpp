// Expression translation: formulas (with polarity), terms, names, and the value-building
// constructs (with, constructors, the, literals, comprehensions).
#include <fmt/format.h>

#include "verify/encode/encoder.h"
#include "verify/inline.h"
#include "verify/ir_util.h"

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

// Literals whose sort comes from the other side of a comparison or operator.
bool NeedsHint(const Expr& e) {
  return e.kind == ExprKind::kNoneLit || e.kind == ExprKind::kSetLiteral ||
         e.kind == ExprKind::kSeqLiteral || e.kind == ExprKind::kMapLiteral ||
         (e.kind == ExprKind::kSomeWrap && NeedsHint(e.Operand()));
}

}  // namespace

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
  for (std::size_t i = 0; i < e.names.size(); ++i) {
    Domain domain = QuantDomain(e.operands[i], e.binding_kinds[i]);
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

TermId Encoder::Equality(const Expr& left, const Expr& right, Polarity polarity) {
  auto [a, b] = TermPair(left, right);
  return ValueEquality(a, b, polarity);
}

TermId Encoder::ValueEquality(const Value& a, const Value& b, Polarity polarity) {
  if (a.IsSequence() || b.IsSequence()) {
    if (!a.IsSequence() || !b.IsSequence() || SeqElementSort(a) != SeqElementSort(b)) {
      Fail("a sequence can only be compared with a sequence of the same element type");
    }
    TermId lengths = store_.Eq(a.term, b.term);
    if (polarity == Polarity::kPositive) {
      return store_.And({lengths, store_.Eq(a.map, b.map)});
    }
    TermId index = store_.Var("i", store_.IntSort());
    TermId same = store_.Quantifier(
        Op::kForall, {index},
        store_.Implies(InRange(a, index), store_.Eq(SeqItem(a, index), SeqItem(b, index))));
    return store_.And({lengths, same});
  }
  if (a.IsRelation() || b.IsRelation()) {
    if (!a.IsRelation() || !b.IsRelation()) {
      Fail("cannot compare a relation or map with a single value");
    }
    if (store_.SortOf(a.term) != store_.SortOf(b.term) ||
        store_.SortOf(a.map) != store_.SortOf(b.map)) {
      Fail(fmt::format("cannot compare maps of different types (`{}` and `{}`)",
                       Describe(store_.SortOf(a.map)), Describe(store_.SortOf(b.map))));
    }
    TermId domains = store_.Eq(a.term, b.term);
    if (polarity == Polarity::kPositive) {
      // Definitional use (`X' = ...`): the value arrays may be equated outright, which only
      // fixes the unobservable values outside the domain.
      return store_.And({domains, store_.Eq(a.map, b.map)});
    }
    TermId key = store_.Var("k", store_.ElementOf(store_.SortOf(a.term)));
    TermId same = store_.Quantifier(
        Op::kForall, {key},
        store_.Implies(store_.Select(a.term, key),
                       store_.Eq(store_.Select(a.map, key), store_.Select(b.map, key))));
    return store_.And({domains, same});
  }
  SortId sa = store_.SortOf(a.term);
  SortId sb = store_.SortOf(b.term);
  if (sa == sb) {
    return store_.Eq(a.term, b.term);
  }
  if (store_.IsNumeric(sa) && store_.IsNumeric(sb)) {
    auto [x, y] = UnifyNumeric(a.term, b.term);
    return store_.Eq(x, y);
  }
  if (store_.IsOption(sa) && !store_.IsOption(sb)) {
    return store_.Eq(a.term, CoerceTo(b.term, sa));
  }
  if (store_.IsOption(sb) && !store_.IsOption(sa)) {
    return store_.Eq(CoerceTo(a.term, sb), b.term);
  }
  Fail(fmt::format("cannot compare `{}` with `{}`", Describe(sa), Describe(sb)));
}

TermId Encoder::Membership(const Expr& element, const Expr& collection) {
  if (collection.kind == ExprKind::kSetLiteral) {
    Value x = Term(element);
    SortId sort = store_.SortOf(x.term);
    Hint hint;
    hint.sort = store_.IsOption(sort) ? store_.ElementOf(sort) : sort;
    std::vector<TermId> options;
    for (const Expr& member : collection.operands) {
      options.push_back(ValueEquality(x, Term(member, hint), Polarity::kBoth));
    }
    return store_.Or(options);
  }
  std::string_view callee = CalleeName(collection);
  if ((callee == "ran" || callee == "range" || callee == "dom") &&
      collection.operands.size() == 2) {
    Value relation = Term(collection.operands[1]);
    if (!relation.IsRelation()) {
      Fail(fmt::format("`{}` needs a relation or map argument", callee));
    }
    SortId key_sort = store_.ElementOf(store_.SortOf(relation.term));
    if (callee == "dom") {
      Hint hint;
      hint.sort = key_sort;
      return store_.Select(relation.term, CoerceTo(Plain(element, hint), key_sort));
    }
    Hint hint;
    hint.sort = store_.RangeOf(store_.SortOf(relation.map));
    Value x = Term(element, hint);
    TermId key = store_.Var("k", key_sort);
    TermId found = ValueEquality(Value{store_.Select(relation.map, key), smt::kNoTerm}, x,
                                 Polarity::kBoth);
    return store_.Quantifier(Op::kExists, {key},
                             store_.And({store_.Select(relation.term, key), found}));
  }
  if (collection.kind == ExprKind::kSetComprehension) {
    Domain domain = QuantDomain(collection.operands[0], BindingKind::kIn);
    Hint hint;
    hint.sort = domain.sort;
    TermId x = CoerceTo(Plain(element, hint), domain.sort);
    std::size_t mark = locals_.size();
    PushLocal(collection.text, Value{x, smt::kNoTerm});
    TermId guard = DomainGuard(domain, x);
    TermId body = Formula(collection.operands[1], Polarity::kBoth);
    PopLocals(mark);
    return store_.And({guard, body});
  }
  if (std::optional<ir::Type> type = TypeNamed(collection)) {
    TermId x = Plain(element);
    SortId sort = SortOf(*type);
    if (store_.SortOf(x) != sort) {
      Fail(fmt::format("`{}` is not a `{}`", Describe(store_.SortOf(x)), collection.text));
    }
    bound_vars_.push_back(x);
    std::vector<TermId> parts = TypeAxioms(*type, Value{x, smt::kNoTerm});
    bound_vars_.pop_back();
    return store_.And(parts);
  }
  Value set = Term(collection);
  if (set.IsRelation()) {
    SortId key_sort = store_.ElementOf(store_.SortOf(set.term));
    Hint hint;
    hint.sort = key_sort;
    return store_.Select(set.term, CoerceTo(Plain(element, hint), key_sort));
  }
  if (set.IsSequence()) {
    Hint hint;
    hint.sort = SeqElementSort(set);
    TermId x = Plain(element, hint);
    TermId guard = store_.True();
    if (store_.IsOption(store_.SortOf(x)) && store_.ElementOf(store_.SortOf(x)) == hint.sort) {
      guard = store_.IsSome(x);
      x = store_.ValueOf(x);
    }
    x = CoerceTo(x, hint.sort);
    TermId index = store_.Var("i", store_.IntSort());
    TermId found = store_.Quantifier(
        Op::kExists, {index},
        store_.And({InRange(set, index), store_.Eq(SeqItem(set, index), x)}));
    return store_.And({guard, found});
  }
  SortId sort = store_.SortOf(set.term);
  if (!store_.IsSet(sort)) {
    Fail(fmt::format("`in` needs a set, sequence, map or relation on the right, found `{}`",
                     Describe(sort)));
  }
  SortId element_sort = store_.ElementOf(sort);
  Hint hint;
  hint.sort = element_sort;
  TermId x = Plain(element, hint);
  if (store_.IsOption(store_.SortOf(x)) && store_.ElementOf(store_.SortOf(x)) == element_sort) {
    return store_.And({store_.IsSome(x), store_.Select(set.term, store_.ValueOf(x))});
  }
  return store_.Select(set.term, CoerceTo(x, element_sort));
}

TermId Encoder::Compare(BinaryOp op, const Expr& left, const Expr& right) {
  auto [a, b] = TermPair(left, right);
  if (!a.IsPlain() || !b.IsPlain()) {
    Fail("cannot order relations, maps or sequences");
  }
  SortId sa = store_.SortOf(a.term);
  SortId sb = store_.SortOf(b.term);
  if (sa == store_.StringSort() && sb == store_.StringSort()) {
    switch (op) {
      case BinaryOp::kLt:
        return store_.StrCompare(Op::kStrLt, a.term, b.term);
      case BinaryOp::kLe:
        return store_.StrCompare(Op::kStrLe, a.term, b.term);
      case BinaryOp::kGt:
        return store_.StrCompare(Op::kStrLt, b.term, a.term);
      default:
        return store_.StrCompare(Op::kStrLe, b.term, a.term);
    }
  }
  auto [x, y] = UnifyNumeric(a.term, b.term);
  switch (op) {
    case BinaryOp::kLt:
      return store_.Arith(Op::kLt, x, y);
    case BinaryOp::kLe:
      return store_.Arith(Op::kLe, x, y);
    case BinaryOp::kGt:
      return store_.Arith(Op::kGt, x, y);
    default:
      return store_.Arith(Op::kGe, x, y);
  }
}

Value Encoder::Binary(const Expr& e, const Hint& hint) {
  auto plain = [](TermId t) { return Value{t, smt::kNoTerm}; };
  switch (e.binary_op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr:
    case BinaryOp::kImplies:
    case BinaryOp::kIff:
    case BinaryOp::kEq:
    case BinaryOp::kNeq:
      return plain(Formula(e, Polarity::kBoth));
    case BinaryOp::kLt:
    case BinaryOp::kGt:
    case BinaryOp::kLe:
    case BinaryOp::kGe:
      return plain(Compare(e.binary_op, e.Left(), e.Right()));
    case BinaryOp::kIn:
      return plain(Membership(e.Left(), e.Right()));
    case BinaryOp::kNotIn:
      return plain(store_.Not(Membership(e.Left(), e.Right())));
    case BinaryOp::kSubset: {
      auto [a, b] = TermPair(e.Left(), e.Right());
      if (!a.IsPlain() || !b.IsPlain() || !store_.IsSet(store_.SortOf(a.term)) ||
          store_.SortOf(a.term) != store_.SortOf(b.term)) {
        Fail("`subset` needs two sets of the same element type");
      }
      return plain(store_.Subset(a.term, b.term));
    }
    case BinaryOp::kUnion:
    case BinaryOp::kIntersect:
    case BinaryOp::kMinus:
      return SetAlgebra(e);
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
      return Arithmetic(e, hint);
  }
  Fail("unsupported operator");
}

// `+` and `-` on every sort they mean something for, and `*` `/` on numbers. Literal
// right-hand sides of set and map updates become array stores (with cardinality steps).
Value Encoder::Arithmetic(const Expr& e, const Hint& hint) {
  bool add = e.binary_op == BinaryOp::kAdd;
  bool sub = e.binary_op == BinaryOp::kSub;
  const Expr& right = e.Right();
  if (add && !NeedsHint(e.Left()) && right.kind == ExprKind::kSeqLiteral) {
    // `s + [a, b]`: stores after the current length.
    Value base = Term(e.Left(), hint);
    if (base.IsSequence()) {
      SortId element = SeqElementSort(base);
      Hint element_hint;
      element_hint.sort = element;
      TermId items = base.map;
      for (std::size_t i = 0; i < right.operands.size(); ++i) {
        TermId at = store_.Arith(Op::kAdd, base.term, store_.IntLit(static_cast<long long>(i)));
        items = store_.Store(items, at, CoerceTo(Plain(right.operands[i], element_hint), element));
      }
      TermId length = store_.Arith(
          Op::kAdd, base.term, store_.IntLit(static_cast<long long>(right.operands.size())));
      return Value::Sequence(length, items);
    }
  }
  if ((add || sub) && !NeedsHint(e.Left()) &&
      (right.kind == ExprKind::kMapLiteral || right.kind == ExprKind::kSetLiteral)) {
    Value base = Term(e.Left(), hint);
    if (base.IsRelation()) {
      SortId key_sort = store_.ElementOf(store_.SortOf(base.term));
      SortId value_sort = store_.RangeOf(store_.SortOf(base.map));
      Hint key_hint;
      key_hint.sort = key_sort;
      Hint value_hint;
      value_hint.sort = value_sort;
      Value out = base;
      if (add && right.kind == ExprKind::kMapLiteral) {
        for (std::size_t i = 0; i + 1 < right.operands.size(); i += 2) {
          TermId key = CoerceTo(Plain(right.operands[i], key_hint), key_sort);
          TermId value = CoerceTo(Plain(right.operands[i + 1], value_hint), value_sort);
          out.term = StoreInto(out.term, key, true);
          out.map = store_.Store(out.map, key, value);
        }
        return out;
      }
      if (sub && right.kind == ExprKind::kSetLiteral) {
        for (const Expr& key_expr : right.operands) {
          out.term = StoreInto(out.term, CoerceTo(Plain(key_expr, key_hint), key_sort), false);
        }
        return out;
      }
    } else if (store_.IsSet(store_.SortOf(base.term)) && right.kind == ExprKind::kSetLiteral) {
      SortId element_sort = store_.ElementOf(store_.SortOf(base.term));
      Hint element_hint;
      element_hint.sort = element_sort;
      TermId out = base.term;
      for (const Expr& member : right.operands) {
        out = StoreInto(out, CoerceTo(Plain(member, element_hint), element_sort), add);
      }
      return Value{out, smt::kNoTerm};
    }
  }
  auto [a, b] = TermPair(e.Left(), right);
  if (a.IsSequence() || b.IsSequence()) {
    if (add && a.IsSequence() && b.IsSequence()) {
      return SeqConcat(a, b);
    }
    Fail("sequences can only be concatenated with `+`");
  }
  if (a.IsRelation()) {
    if (add && b.IsRelation() && store_.SortOf(a.term) == store_.SortOf(b.term) &&
        store_.SortOf(a.map) == store_.SortOf(b.map)) {
      TermId key = store_.Var("k", store_.ElementOf(store_.SortOf(a.term)));
      TermId map = store_.Quantifier(
          Op::kLambda, {key},
          store_.Ite(store_.Select(b.term, key), store_.Select(b.map, key),
                     store_.Select(a.map, key)));
      return Value{store_.SetOp(Op::kSetUnion, a.term, b.term), map};
    }
    if (sub && !b.IsRelation() && store_.SortOf(b.term) == store_.SortOf(a.term)) {
      return Value{store_.SetOp(Op::kSetDifference, a.term, b.term), a.map};
    }
    Fail("a map or relation can only be updated with `+ {k -> v}` or `- {keys}`");
  }
  if (b.IsRelation()) {
    Fail("a map or relation cannot be the right operand here");
  }
  SortId sa = store_.SortOf(a.term);
  SortId sb = store_.SortOf(b.term);
  if (add && sa == store_.StringSort() && sb == store_.StringSort()) {
    return Value{store_.StrConcat(a.term, b.term), smt::kNoTerm};
  }
  if ((add || sub) && store_.IsSet(sa) && sa == sb) {
    return Value{store_.SetOp(add ? Op::kSetUnion : Op::kSetDifference, a.term, b.term),
                 smt::kNoTerm};
  }
  if (!store_.IsNumeric(sa) && !(store_.IsOption(sa) && store_.IsNumeric(store_.ElementOf(sa)))) {
    Fail(fmt::format("`{}` is not defined for `{}` and `{}`", Spelling(e.binary_op),
                     Describe(sa), Describe(sb)));
  }
  auto [x, y] = UnifyNumeric(a.term, b.term);
  Op op = add ? Op::kAdd : sub ? Op::kSub : e.binary_op == BinaryOp::kMul ? Op::kMul : Op::kDiv;
  return Value{store_.Arith(op, x, y), smt::kNoTerm};
}

Value Encoder::SetAlgebra(const Expr& e) {
  if (e.binary_op != BinaryOp::kIntersect) {
    Expr as_arithmetic = e;
    as_arithmetic.binary_op = e.binary_op == BinaryOp::kUnion ? BinaryOp::kAdd : BinaryOp::kSub;
    Value out = Arithmetic(as_arithmetic, {});
    if (out.IsSequence() || (out.IsPlain() && !store_.IsSet(store_.SortOf(out.term)))) {
      Fail(fmt::format("`{}` needs sets", Spelling(e.binary_op)));
    }
    return out;
  }
  auto [a, b] = TermPair(e.Left(), e.Right());
  if (!a.IsPlain() || !b.IsPlain() || !store_.IsSet(store_.SortOf(a.term)) ||
      store_.SortOf(a.term) != store_.SortOf(b.term)) {
    Fail("`intersect` needs two sets of the same element type");
  }
  return Value{store_.SetOp(Op::kSetIntersect, a.term, b.term), smt::kNoTerm};
}

Value Encoder::Cardinality(const Expr& operand) {
  Value value = Term(operand);
  if (value.IsRelation()) {
    return Value{CardOf(value.term), smt::kNoTerm};
  }
  if (value.IsSequence()) {
    return Value::Plain(value.term);
  }
  SortId sort = store_.SortOf(value.term);
  if (store_.IsSet(sort)) {
    return Value{CardOf(value.term), smt::kNoTerm};
  }
  if (sort == store_.StringSort()) {
    TermId length = store_.StrLen(value.term);
    AddSide(store_.Arith(Op::kGe, length, store_.IntLit(0)));
    return Value{length, smt::kNoTerm};
  }
  Fail(fmt::format("`#` needs a collection, found `{}`", Describe(sort)));
}

Value Encoder::Index(const Expr& e) {
  Value base = Term(e.operands[0]);
  if (base.IsRelation()) {
    SortId key_sort = store_.ElementOf(store_.SortOf(base.term));
    Hint hint;
    hint.sort = key_sort;
    TermId key = CoerceTo(Plain(e.operands[1], hint), key_sort);
    return Value{store_.Select(base.map, key), smt::kNoTerm};
  }
  if (base.IsSequence()) {
    Hint hint;
    hint.sort = store_.IntSort();
    TermId index = Numeric(Plain(e.operands[1], hint));
    if (store_.SortOf(index) != store_.IntSort()) {
      Fail("a sequence index must be an integer");
    }
    return Value::Plain(SeqItem(base, index));
  }
  Fail(fmt::format("indexing needs a map, relation or sequence, found `{}`",
                   Describe(store_.SortOf(base.term))));
}

Value Encoder::FieldAccess(const Expr& e) {
  TermId base = Plain(e.Operand());
  if (store_.IsOption(store_.SortOf(base))) {
    base = store_.ValueOf(base);
  }
  const EntitySymbols* entity = EntityBySort(store_.SortOf(base));
  if (entity == nullptr) {
    Fail(fmt::format("field access `.{}` needs an entity value, found `{}`", e.text,
                     Describe(store_.SortOf(base))));
  }
  const FieldSymbols* field = entity->Find(e.text);
  if (field == nullptr) {
    Fail(fmt::format("entity `{}` has no field `{}`", entity->entity->name, e.text));
  }
  return FieldValue(*entity, *field, base);
}

Value Encoder::EnumAccess(const Expr& e) {
  const Expr& base = e.Operand();
  const ir::Enum* enumeration =
      base.kind == ExprKind::kIdentifier ? module_.FindEnum(base.text) : nullptr;
  if (enumeration == nullptr) {
    Fail(fmt::format("`.{}` needs an enum name on the left", e.text));
  }
  SortId sort = EnumSortOf(*enumeration);
  for (std::uint32_t i = 0; i < enumeration->values.size(); ++i) {
    if (enumeration->values[i] == e.text) {
      return Value{store_.EnumMember(sort, i), smt::kNoTerm};
    }
  }
  Fail(fmt::format("enum `{}` has no member `{}`", enumeration->name, e.text));
}

Value Encoder::With(const Expr& e) {
  TermId base = Plain(e.operands[0]);
  if (store_.IsOption(store_.SortOf(base))) {
    base = store_.ValueOf(base);
  }
  const EntitySymbols* entity = EntityBySort(store_.SortOf(base));
  if (entity == nullptr) {
    Fail(fmt::format("`with` needs an entity value, found `{}`", Describe(store_.SortOf(base))));
  }
  for (const ir::Name& name : e.names) {
    if (entity->Find(name.text) == nullptr) {
      Fail(fmt::format("entity `{}` has no field `{}`", entity->entity->name, name.text));
    }
  }
  TermId result = Skolem("with_" + entity->entity->name, entity->sort);
  AddSide(Valid(*entity, result));
  for (const FieldSymbols& field : entity->fields) {
    Value target = FieldValue(*entity, field, result);
    Value source = FieldValue(*entity, field, base);
    for (std::size_t i = 0; i < e.names.size(); ++i) {
      if (e.names[i].text == field.field->name) {
        source = Term(e.operands[i + 1], HintOf(target));
      }
    }
    AddSide(ValueEquality(target, source, Polarity::kPositive));
  }
  return Value{result, smt::kNoTerm};
}

Value Encoder::Constructor(const Expr& e) {
  const EntitySymbols* entity = EntityByName(e.text);
  if (entity == nullptr) {
    Fail(fmt::format("`{} {{ ... }}` needs an entity name", e.text));
  }
  TermId result = Skolem("construct_" + entity->entity->name, entity->sort);
  AddSide(Valid(*entity, result));
  for (std::size_t i = 0; i < e.names.size(); ++i) {
    const FieldSymbols* field = entity->Find(e.names[i].text);
    if (field == nullptr) {
      Fail(fmt::format("entity `{}` has no field `{}`", e.text, e.names[i].text));
    }
    Value target = FieldValue(*entity, *field, result);
    AddSide(ValueEquality(target, Term(e.operands[i], HintOf(target)), Polarity::kPositive));
  }
  return Value{result, smt::kNoTerm};
}

// `the x in D | P`: a witness c with c in D, P(c), and every such element equal to c.
Value Encoder::The(const Expr& e) {
  Domain domain = QuantDomain(e.operands[0], BindingKind::kIn);
  TermId witness = Skolem("the_" + e.text, domain.sort);
  std::size_t mark = locals_.size();
  PushLocal(e.text, Value{witness, smt::kNoTerm});
  TermId holds = store_.And({DomainGuard(domain, witness),
                             Formula(e.operands[1], Polarity::kPositive)});
  PopLocals(mark);
  TermId other = store_.Var(e.text, domain.sort);
  PushLocal(e.text, Value{other, smt::kNoTerm});
  bound_vars_.push_back(other);
  TermId other_holds = store_.And({DomainGuard(domain, other),
                                   Formula(e.operands[1], Polarity::kNegative)});
  bound_vars_.pop_back();
  PopLocals(mark);
  TermId unique = store_.Quantifier(Op::kForall, {other},
                                    store_.Implies(other_holds, store_.Eq(other, witness)));
  AddSide(store_.And({holds, unique}));
  return Value{witness, smt::kNoTerm};
}

Value Encoder::IfThenElse(const Expr& e, const Hint& hint) {
  TermId condition = Formula(e.operands[0], Polarity::kBoth);
  Value a;
  Value b;
  if (NeedsHint(e.operands[1]) && !NeedsHint(e.operands[2]) && hint.sort == kNoSort &&
      hint.key == kNoSort) {
    b = Term(e.operands[2]);
    a = Term(e.operands[1], HintOf(b));
  } else {
    a = Term(e.operands[1], hint);
    b = Term(e.operands[2], hint.sort != kNoSort || hint.key != kNoSort ? hint : HintOf(a));
  }
  if (a.IsRelation() != b.IsRelation() || a.IsSequence() != b.IsSequence()) {
    Fail("both branches of `if` must have the same shape (map, sequence or single value)");
  }
  if (!a.IsPlain()) {
    if (store_.SortOf(a.map) != store_.SortOf(b.map)) {
      Fail("both branches of `if` must have the same type");
    }
    return Value{store_.Ite(condition, a.term, b.term), store_.Ite(condition, a.map, b.map),
                 a.sequence};
  }
  SortId sa = store_.SortOf(a.term);
  SortId sb = store_.SortOf(b.term);
  if (sa != sb) {
    if (store_.IsNumeric(sa) && store_.IsNumeric(sb)) {
      auto [x, y] = UnifyNumeric(a.term, b.term);
      return Value{store_.Ite(condition, x, y), smt::kNoTerm};
    }
    if (store_.IsOption(sa)) {
      return Value{store_.Ite(condition, a.term, CoerceTo(b.term, sa)), smt::kNoTerm};
    }
    return Value{store_.Ite(condition, CoerceTo(a.term, sb), b.term), smt::kNoTerm};
  }
  return Value{store_.Ite(condition, a.term, b.term), smt::kNoTerm};
}

Value Encoder::SetLiteral(const Expr& e, const Hint& hint) {
  if (e.operands.empty() && hint.key != kNoSort) {
    // `{}` where a map is expected: the empty map.
    Value out;
    out.term = store_.EmptySet(hint.key);
    out.map = FreshConst("empty_map", store_.ArraySort(hint.key, hint.value));
    return out;
  }
  SortId element = kNoSort;
  if (hint.sort != kNoSort && store_.IsSet(hint.sort)) {
    element = store_.ElementOf(hint.sort);
  }
  std::vector<TermId> members;
  for (const Expr& member : e.operands) {
    Hint member_hint;
    member_hint.sort = element;
    TermId value = Plain(member, member_hint);
    if (element == kNoSort) {
      element = store_.SortOf(value);
    }
    members.push_back(CoerceTo(value, element));
  }
  if (element == kNoSort) {
    Fail("`{}` needs a typed context (compare it with a set)");
  }
  TermId out = store_.EmptySet(element);
  if (prepared_.uses_cardinality) {
    CardOf(out);
  }
  for (TermId member : members) {
    out = StoreInto(out, member, true);
  }
  return Value{out, smt::kNoTerm};
}

Value Encoder::SeqLiteral(const Expr& e, const Hint& hint) {
  SortId element = kNoSort;
  if (hint.sort != kNoSort && store_.IsSeq(hint.sort)) {
    element = store_.ElementOf(hint.sort);
  }
  std::vector<TermId> items;
  for (const Expr& item : e.operands) {
    Hint item_hint;
    item_hint.sort = element;
    TermId value = Plain(item, item_hint);
    if (element == kNoSort) {
      element = store_.SortOf(value);
    }
    items.push_back(CoerceTo(value, element));
  }
  if (element == kNoSort) {
    Fail("`[]` needs a typed context (compare it with a sequence)");
  }
  TermId array = FreshConst("seq_literal", store_.ArraySort(store_.IntSort(), element));
  for (std::size_t i = 0; i < items.size(); ++i) {
    array = store_.Store(array, store_.IntLit(static_cast<long long>(i)), items[i]);
  }
  return Value::Sequence(store_.IntLit(static_cast<long long>(items.size())), array);
}

Value Encoder::MapLiteral(const Expr& e, const Hint& hint) {
  SortId key_sort = hint.key;
  SortId value_sort = hint.value;
  std::vector<std::pair<TermId, TermId>> entries;
  for (std::size_t i = 0; i + 1 < e.operands.size(); i += 2) {
    Hint key_hint;
    key_hint.sort = key_sort;
    Hint value_hint;
    value_hint.sort = value_sort;
    TermId key = Plain(e.operands[i], key_hint);
    TermId value = Plain(e.operands[i + 1], value_hint);
    if (key_sort == kNoSort) {
      key_sort = store_.SortOf(key);
    }
    if (value_sort == kNoSort) {
      value_sort = store_.SortOf(value);
    }
    entries.emplace_back(CoerceTo(key, key_sort), CoerceTo(value, value_sort));
  }
  if (key_sort == kNoSort || value_sort == kNoSort) {
    Fail("an empty map literal needs a typed context");
  }
  Value out;
  out.term = store_.EmptySet(key_sort);
  out.map = FreshConst("map_literal", store_.ArraySort(key_sort, value_sort));
  for (const auto& [key, value] : entries) {
    out.term = StoreInto(out.term, key, true);
    out.map = store_.Store(out.map, key, value);
  }
  return out;
}

// `{x in D | P}` as a set (a lambda). Ranging over a relation gives its keys, except when the
// context expects a set of the relation's values: then it is the set of values (`entries =
// {m in metadata | true}` with entries: Set[UrlMapping]).
Value Encoder::Comprehension(const Expr& e, const Hint& hint) {
  Domain domain = QuantDomain(e.operands[0], BindingKind::kIn);
  std::size_t mark = locals_.size();
  SortId expected = hint.sort != kNoSort && store_.IsSet(hint.sort)
                        ? store_.ElementOf(hint.sort)
                        : kNoSort;
  TermId body = smt::kNoTerm;
  TermId var = smt::kNoTerm;
  if (domain.kind == Domain::Kind::kRelation && expected != kNoSort && expected != domain.sort &&
      expected == store_.RangeOf(store_.SortOf(domain.value.map))) {
    var = store_.Var(e.text, expected);
    TermId key = store_.Var("k", domain.sort);
    TermId present = store_.Quantifier(
        Op::kExists, {key},
        store_.And({store_.Select(domain.value.term, key),
                    store_.Eq(store_.Select(domain.value.map, key), var)}));
    PushLocal(e.text, Value{var, smt::kNoTerm});
    bound_vars_.push_back(var);
    body = store_.And({present, Formula(e.operands[1], Polarity::kBoth)});
  } else {
    var = store_.Var(e.text, domain.sort);
    PushLocal(e.text, Value{var, smt::kNoTerm});
    bound_vars_.push_back(var);
    body = store_.And({DomainGuard(domain, var), Formula(e.operands[1], Polarity::kBoth)});
  }
  bound_vars_.pop_back();
  PopLocals(mark);
  return Value{store_.Quantifier(Op::kLambda, {var}, body), smt::kNoTerm};
}

}  // namespace s2r::verify
