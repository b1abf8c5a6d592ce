// Encoder helpers: failures, coercions between sorts, cardinality, witnesses and side
// conditions.
#include <fmt/format.h>

#include "verify/encode/encoder.h"

namespace s2r::verify {

using smt::SortId;
using smt::TermId;

void Encoder::Fail(std::string message) const { throw TranslationFailure{std::move(message)}; }

std::string Encoder::Describe(SortId sort) const {
  const smt::SortInfo& info = store_.Sort(sort);
  switch (info.kind) {
    case smt::SortKind::kOption:
      return fmt::format("Option[{}]", Describe(info.args[0]));
    case smt::SortKind::kArray:
      if (store_.IsSet(sort)) {
        return fmt::format("Set[{}]", Describe(info.args[0]));
      }
      return fmt::format("Map[{}, {}]", Describe(info.args[0]), Describe(info.args[1]));
    case smt::SortKind::kSeq:
      return fmt::format("Seq[{}]", Describe(info.args[0]));
    case smt::SortKind::kReal:
      return "Float";
    default:
      return info.name;
  }
}

TermId Encoder::CoerceTo(TermId term, SortId target) {
  SortId sort = store_.SortOf(term);
  if (sort == target) {
    return term;
  }
  if (sort == store_.IntSort() && target == store_.RealSort()) {
    return store_.ToReal(term);
  }
  if (store_.IsOption(target)) {
    return store_.Some(CoerceTo(term, store_.ElementOf(target)));
  }
  if (store_.IsOption(sort)) {
    // An Option used where its element is expected reads the wrapped value.
    return CoerceTo(store_.ValueOf(term), target);
  }
  Fail(fmt::format("expected a value of type `{}`, found `{}`", Describe(target), Describe(sort)));
}

TermId Encoder::Numeric(TermId term) {
  SortId sort = store_.SortOf(term);
  if (store_.IsOption(sort) && store_.IsNumeric(store_.ElementOf(sort))) {
    return store_.ValueOf(term);
  }
  if (!store_.IsNumeric(sort)) {
    Fail(fmt::format("arithmetic needs numbers, found `{}`", Describe(sort)));
  }
  return term;
}

std::pair<TermId, TermId> Encoder::UnifyNumeric(TermId a, TermId b) {
  a = Numeric(a);
  b = Numeric(b);
  if (store_.SortOf(a) != store_.SortOf(b)) {
    return {store_.ToReal(a), store_.ToReal(b)};
  }
  return {a, b};
}

TermId Encoder::CardOf(TermId set) {
  SortId set_sort = store_.SortOf(set);
  std::string name = "card_" + store_.SortName(store_.ElementOf(set_sort));
  TermId card = store_.App(store_.DeclareOrGet(name, {set_sort}, store_.IntSort()), {set});
  AddSide(store_.Arith(smt::Op::kGe, card, store_.IntLit(0)));
  const smt::Term& term = store_.Get(set);
  if (term.op == smt::Op::kConstArray && store_.Get(term.args[0]).op == smt::Op::kBoolLit &&
      !store_.Get(term.args[0]).bool_value) {
    AddSide(store_.Eq(card, store_.IntLit(0)));
  }
  return card;
}

// store(set, key, insert) plus, when the spec uses `#`, the exact cardinality step:
// inserting a new key adds one, removing a present key subtracts one.
TermId Encoder::StoreInto(TermId set, TermId key, bool insert) {
  TermId result = store_.Store(set, key, store_.BoolLit(insert));
  if (prepared_.uses_cardinality) {
    TermId before = CardOf(set);
    TermId after = CardOf(result);
    TermId present = store_.Select(set, key);
    TermId one = store_.IntLit(1);
    TermId changed = insert ? store_.Arith(smt::Op::kAdd, before, one)
                            : store_.Arith(smt::Op::kSub, before, one);
    AddSide(store_.Eq(after, insert ? store_.Ite(present, before, changed)
                                    : store_.Ite(present, changed, before)));
  }
  return result;
}

// A fresh witness; under binders it is a function of every variable in scope.
TermId Encoder::Skolem(const std::string& base, SortId sort) {
  if (bound_vars_.empty()) {
    return FreshConst(base, sort);
  }
  std::vector<SortId> domain;
  for (TermId var : bound_vars_) {
    domain.push_back(store_.SortOf(var));
  }
  smt::FuncId func = store_.Declare(store_.FreshName(base), domain, sort);
  return store_.App(func, bound_vars_);
}

void Encoder::OpenSide() { side_.emplace_back(); }

void Encoder::AddSide(TermId condition) {
  if (side_.empty()) {
    Fail("internal: side condition outside a clause");
  }
  if (condition != store_.True()) {
    side_.back().push_back(condition);
  }
}

std::vector<TermId> Encoder::PopSide() {
  std::vector<TermId> out = std::move(side_.back());
  side_.pop_back();
  return out;
}

// Attaches the definitions and facts collected while translating `atom`: as a conjunct when
// the atom occurs positively (an existential witness), as an assumption when negatively.
TermId Encoder::CloseSide(TermId atom, Polarity polarity) {
  std::vector<TermId> conditions = PopSide();
  if (conditions.empty()) {
    return atom;
  }
  TermId all = store_.And(conditions);
  if (polarity == Polarity::kNegative) {
    return store_.Implies(all, atom);
  }
  return store_.And({all, atom});
}

Hint Encoder::HintOf(const Value& value) const {
  Hint hint;
  if (value.IsSequence()) {
    // A marker sort: sequences are never terms of Z3 sequence sort.
    hint.sort = const_cast<smt::TermStore&>(store_).SeqSort(SeqElementSort(value));
    return hint;
  }
  if (value.IsRelation()) {
    hint.key = store_.ElementOf(store_.SortOf(value.term));
    hint.value = store_.RangeOf(store_.SortOf(value.map));
  } else if (value.term != smt::kNoTerm) {
    hint.sort = store_.SortOf(value.term);
  }
  return hint;
}

SortId Encoder::SeqElementSort(const Value& sequence) const {
  return store_.RangeOf(store_.SortOf(sequence.map));
}

TermId Encoder::SeqItem(const Value& sequence, TermId index) {
  return store_.Select(sequence.map, index);
}

TermId Encoder::InRange(const Value& sequence, TermId index) {
  return store_.And({store_.Arith(smt::Op::kLe, store_.IntLit(0), index),
                     store_.Arith(smt::Op::kLt, index, sequence.term)});
}

// a ++ b: b's elements shifted by a's length.
Value Encoder::SeqConcat(const Value& a, const Value& b) {
  if (SeqElementSort(a) != SeqElementSort(b)) {
    Fail(fmt::format("cannot concatenate `Seq[{}]` and `Seq[{}]`", Describe(SeqElementSort(a)),
                     Describe(SeqElementSort(b))));
  }
  TermId index = store_.Var("i", store_.IntSort());
  TermId items = store_.Quantifier(
      smt::Op::kLambda, {index},
      store_.Ite(store_.Arith(smt::Op::kLt, index, a.term), store_.Select(a.map, index),
                 store_.Select(b.map, store_.Arith(smt::Op::kSub, index, a.term))));
  return Value::Sequence(store_.Arith(smt::Op::kAdd, a.term, b.term), items);
}

void Encoder::PushLocal(const std::string& name, const Value& value) {
  locals_.push_back({name, value});
}

void Encoder::PopLocals(std::size_t mark) { locals_.resize(mark); }

}  // namespace s2r::verify
