// Builtin calls (len, dom, ran, now, durations, hash, abs, max/min, sum) and `matches`.
#include <fmt/format.h>

#include "verify/encode/encoder.h"
#include "verify/encode/regex.h"
#include "verify/inline.h"
#include "verify/ir_util.h"

namespace s2r::verify {

using ir::Expr;
using ir::ExprKind;
using smt::Op;
using smt::SortId;
using smt::TermId;

namespace {

// The preamble's patterns, used when a module does not carry the preamble predicates.
constexpr std::string_view kUriPattern = "^https?://[^\\s\\x00-\\x1f\\x7f]+";
constexpr std::string_view kEmailPattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

long long DurationFactor(std::string_view name) {
  if (name == "seconds") {
    return 1;
  }
  if (name == "minutes") {
    return 60;
  }
  if (name == "hours") {
    return 3600;
  }
  if (name == "days") {
    return 86400;
  }
  if (name == "weeks") {
    return 604800;
  }
  return 0;
}

}  // namespace

TermId Encoder::Regex(const std::string& pattern, bool& ok) {
  Result<TermId> regex = TranslateRegex(pattern, store_);
  ok = regex.has_value();
  return ok ? *regex : smt::kNoTerm;
}

TermId Encoder::Matches(const Expr& e) {
  TermId subject = Plain(e.Operand());
  TermId guard = store_.True();
  if (store_.IsOption(store_.SortOf(subject))) {
    guard = store_.IsSome(subject);
    subject = store_.ValueOf(subject);
  }
  if (store_.SortOf(subject) != store_.StringSort()) {
    Fail(fmt::format("`matches` needs a String, found `{}`", Describe(store_.SortOf(subject))));
  }
  bool ok = false;
  TermId regex = Regex(e.text, ok);
  if (ok) {
    return store_.And({guard, store_.InRe(subject, regex)});
  }
  // An unsupported pattern becomes an uninterpreted predicate: equal strings agree on it.
  auto [it, inserted] =
      regex_keys_.emplace(e.text, static_cast<std::uint32_t>(regex_keys_.size()));
  (void)inserted;
  smt::FuncId func = store_.DeclareOrGet(fmt::format("matches_{}", it->second),
                                         {store_.StringSort()}, store_.BoolSort());
  return store_.And({guard, store_.App(func, {subject})});
}

Value Encoder::Sum(const Expr& e) {
  if (e.operands.size() != 3 || e.operands[2].kind != ExprKind::kLambda) {
    Fail("`sum` takes a collection and a lambda: sum(items, i => i.price)");
  }
  Value collection = Term(e.operands[1]);
  if (collection.IsRelation() ||
      (collection.IsPlain() && !store_.IsSet(store_.SortOf(collection.term)))) {
    Fail("`sum` needs a set or a sequence");
  }
  SortId element_sort = collection.IsSequence()
                            ? SeqElementSort(collection)
                            : store_.ElementOf(store_.SortOf(collection.term));
  const Expr& lambda = e.operands[2];
  // Sort of the summed expression: translate the body once over a fresh element.
  TermId element = store_.Var(lambda.text, element_sort);
  std::size_t mark = locals_.size();
  PushLocal(lambda.text, Value{element, smt::kNoTerm});
  bound_vars_.push_back(element);
  OpenSide();
  TermId body = Plain(lambda.Body());
  PopSide();
  bound_vars_.pop_back();
  PopLocals(mark);
  SortId result = store_.SortOf(body);
  if (store_.IsOption(result)) {
    result = store_.ElementOf(result);
  }
  if (!store_.IsNumeric(result)) {
    Fail("`sum` needs a numeric body");
  }
  // The aggregate is uninterpreted, keyed by the body: equal collections give equal sums.
  std::map<std::string, const Expr*> canonical{{lambda.text, nullptr}};
  Expr placeholder = MakeIdentifier("_");
  canonical[lambda.text] = &placeholder;
  std::string key = StructuralKey(Substitute(lambda.Body(), canonical));
  auto [it, inserted] = sum_keys_.emplace(key, static_cast<std::uint32_t>(sum_keys_.size()));
  (void)inserted;
  if (collection.IsSequence()) {
    SortId items = store_.SortOf(collection.map);
    std::string name = fmt::format("aggsum_{}_Seq_{}", it->second, store_.SortName(element_sort));
    smt::FuncId func = store_.DeclareOrGet(name, {store_.IntSort(), items}, result);
    return Value::Plain(store_.App(func, {collection.term, collection.map}));
  }
  SortId sort = store_.SortOf(collection.term);
  std::string name = fmt::format("aggsum_{}_{}", it->second, store_.SortName(sort));
  return Value::Plain(store_.App(store_.DeclareOrGet(name, {sort}, result), {collection.term}));
}

Value Encoder::Call(const Expr& e, const Hint& hint) {
  (void)hint;
  std::string name(CalleeName(e));
  if (name.empty()) {
    Fail("only named functions can be called");
  }
  std::size_t arity = e.operands.size() - 1;
  auto expect = [&](std::size_t n) {
    if (arity != n) {
      Fail(fmt::format("`{}` takes {} argument(s), {} given", name, n, arity));
    }
  };
  auto plain = [](TermId t) { return Value{t, smt::kNoTerm}; };
  if (name == "len") {
    expect(1);
    Value v = Term(e.operands[1]);
    if (v.IsRelation()) {
      return plain(CardOf(v.term));
    }
    if (v.IsSequence()) {
      return plain(v.term);
    }
    TermId term = v.term;
    if (store_.IsOption(store_.SortOf(term))) {
      term = store_.ValueOf(term);
    }
    SortId sort = store_.SortOf(term);
    if (sort == store_.StringSort()) {
      TermId length = store_.StrLen(term);
      AddSide(store_.Arith(Op::kGe, length, store_.IntLit(0)));
      return plain(length);
    }
    if (store_.IsSet(sort)) {
      return plain(CardOf(term));
    }
    Fail(fmt::format("`len` needs a string or a collection, found `{}`", Describe(sort)));
  }
  if (name == "dom" || name == "ran" || name == "range") {
    expect(1);
    Value v = Term(e.operands[1]);
    if (!v.IsRelation()) {
      Fail(fmt::format("`{}` needs a map or relation", name));
    }
    if (name == "dom") {
      return plain(v.term);
    }
    SortId key_sort = store_.ElementOf(store_.SortOf(v.term));
    TermId element = store_.Var("v", store_.RangeOf(store_.SortOf(v.map)));
    TermId key = store_.Var("k", key_sort);
    TermId body = store_.Quantifier(
        Op::kExists, {key},
        store_.And({store_.Select(v.term, key), store_.Eq(store_.Select(v.map, key), element)}));
    return plain(store_.Quantifier(Op::kLambda, {element}, body));
  }
  if (name == "now") {
    expect(0);
    return plain(store_.Const(store_.DeclareOrGet("now", {}, store_.IntSort())));
  }
  if (long long factor = DurationFactor(name); factor != 0) {
    expect(1);
    TermId n = Numeric(Plain(e.operands[1]));
    TermId scale = store_.SortOf(n) == store_.RealSort() ? store_.RealLit(std::to_string(factor))
                                                           : store_.IntLit(factor);
    return plain(store_.Arith(Op::kMul, n, scale));
  }
  if (name == "hash") {
    expect(1);
    TermId s = CoerceTo(Plain(e.operands[1]), store_.StringSort());
    TermId digest =
        store_.App(store_.DeclareOrGet("hash", {store_.StringSort()}, store_.StringSort()), {s});
    // SHA-256 hex digests are 64 characters long.
    AddSide(store_.Eq(store_.StrLen(digest), store_.IntLit(64)));
    return plain(digest);
  }
  if (name == "abs") {
    expect(1);
    TermId n = Numeric(Plain(e.operands[1]));
    TermId zero = store_.SortOf(n) == store_.RealSort() ? store_.RealLit("0") : store_.IntLit(0);
    return plain(store_.Ite(store_.Arith(Op::kLt, n, zero), store_.Neg(n), n));
  }
  if (name == "max" || name == "min") {
    expect(1);
    const Expr& argument = e.operands[1];
    if (argument.kind == ExprKind::kSetLiteral && !argument.operands.empty()) {
      // Exact over a literal: `max({a, b})` is `ite(a >= b, a, b)`, element by element.
      TermId best = Numeric(Plain(argument.operands[0]));
      for (std::size_t i = 1; i < argument.operands.size(); ++i) {
        auto [kept, next] = UnifyNumeric(best, Plain(argument.operands[i]));
        best = store_.Ite(store_.Arith(name == "max" ? Op::kGe : Op::kLe, kept, next), kept, next);
      }
      return plain(best);
    }
    TermId collection = Plain(argument);
    SortId sort = store_.SortOf(collection);
    if (!store_.IsSet(sort) || !store_.IsNumeric(store_.ElementOf(sort))) {
      Fail(fmt::format("`{}` needs a collection of numbers", name));
    }
    smt::FuncId func = store_.DeclareOrGet(name + "_" + store_.SortName(sort), {sort},
                                           store_.ElementOf(sort));
    return plain(store_.App(func, {collection}));
  }
  if (name == "sum") {
    return Sum(e);
  }
  if ((name == "isValidURI" || name == "isValidEmail") && module_.FindPredicate(name) == nullptr) {
    expect(1);
    TermId s = CoerceTo(Plain(e.operands[1]), store_.StringSort());
    bool ok = false;
    TermId regex = Regex(std::string(name == "isValidURI" ? kUriPattern : kEmailPattern), ok);
    return plain(store_.InRe(s, regex));
  }
  if (module_.FindFunction(name) != nullptr || module_.FindPredicate(name) != nullptr) {
    Fail(fmt::format("call to `{}` could not be inlined (recursive definition?)", name));
  }
  Fail(fmt::format("unknown function `{}`", name));
}

}  // namespace s2r::verify
