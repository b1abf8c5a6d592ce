// Value-building constructs: field and enum access, `with`, constructors, `the`, `if`, set,
// sequence and map literals, comprehensions.
#include <fmt/format.h>

#include "verify/encode/encoder.h"

namespace s2r::verify {

using ir::Expr;
using ir::ExprKind;
using smt::Op;
using smt::SortId;
using smt::TermId;

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
