// Operators: equality, membership, ordering, arithmetic, set algebra, cardinality, indexing.
#include <fmt/format.h>

#include "verify/encode/encoder.h"
#include "verify/inline.h"

namespace s2r::verify {

using ir::Expr;
using ir::ExprKind;
using smt::Op;
using smt::SortId;
using smt::TermId;

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

}  // namespace s2r::verify
