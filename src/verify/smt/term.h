// A small SMT term language: sorts, function symbols and hash-consed terms in one arena.
// The encoder builds verification conditions here; only smt/session.cpp turns them into Z3.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace s2r::verify::smt {

using SortId = std::uint32_t;
using FuncId = std::uint32_t;
using TermId = std::uint32_t;
inline constexpr TermId kNoTerm = 0xFFFFFFFFu;

enum class SortKind {
  kBool, kInt, kReal, kString, kRegex,
  kUninterpreted,  // entities, UUID
  kEnum,           // a closed datatype of nullary constructors (members)
  kOption,         // datatype none | some(value)
  kArray,          // args = {domain, range}; sets are arrays to Bool
  kSeq,            // args = {element}
};

struct SortInfo {
  SortKind kind = SortKind::kBool;
  std::string name;                  // uninterpreted/enum name; mangled for the others
  std::vector<SortId> args;          // array: {domain, range}; seq and option: {element}
  std::vector<std::string> members;  // enum constructor names, declaration order
};

// An uninterpreted function (0-ary: a constant).
struct FuncInfo {
  std::string name;
  std::vector<SortId> domain;
  SortId range = 0;
};

enum class Op {
  kBoolLit, kIntLit, kRealLit, kStringLit,
  kApp,         // func(args)
  kVar,         // a bound variable; text is its unique name
  kEnumMember,  // index = member position in the enum sort
  kNot, kAnd, kOr, kImplies, kIte, kEq, kDistinct,
  kAdd, kSub, kMul, kDiv, kIntDiv, kNeg, kLt, kLe, kGt, kGe, kToReal,
  kSelect, kStore, kConstArray, kSetUnion, kSetIntersect, kSetDifference, kSubset,
  kForall, kExists, kLambda,  // args = {bound vars..., body}; index = number of bound vars
  kStrConcat, kStrLen, kStrLt, kStrLe, kInRe,
  kSeqEmpty, kSeqUnit, kSeqConcat, kSeqLen, kSeqNth, kSeqContains,
  kReLiteral,   // str.to_re of a string term
  kReRange,     // index..index2: single characters by code point
  kReAllChar, kReEmpty, kReFull,
  kReUnion, kReConcat, kReIntersect, kReStar, kRePlus, kReOption, kReComplement,
  kReLoop,      // index..index2 repetitions
  kNone, kSome, kIsSome, kValueOf,
};

struct Term {
  Op op = Op::kBoolLit;
  SortId sort = 0;
  std::vector<TermId> args;
  std::string text;  // literal spelling (decimal, string bytes), variable name
  FuncId func = 0;
  std::uint32_t index = 0;
  std::uint32_t index2 = 0;
  bool bool_value = false;
};

// Owns sorts, functions and terms of one verification unit. Terms are immutable and
// structurally shared (hash-consed), so equal terms have equal ids. Builders never fail on
// well-sorted input; ill-sorted input is a bug in the encoder (S2R_CHECK).
class TermStore {
 public:
  TermStore();

  // ---- sorts ----
  [[nodiscard]] SortId BoolSort() const { return bool_; }
  [[nodiscard]] SortId IntSort() const { return int_; }
  [[nodiscard]] SortId RealSort() const { return real_; }
  [[nodiscard]] SortId StringSort() const { return string_; }
  [[nodiscard]] SortId RegexSort() const { return regex_; }
  SortId UninterpretedSort(const std::string& name);
  SortId EnumSort(const std::string& name, const std::vector<std::string>& members);
  SortId OptionSort(SortId element);
  SortId ArraySort(SortId domain, SortId range);
  SortId SetSort(SortId element) { return ArraySort(element, bool_); }
  SortId SeqSort(SortId element);
  [[nodiscard]] const SortInfo& Sort(SortId id) const { return sorts_[id]; }
  [[nodiscard]] std::size_t SortCount() const { return sorts_.size(); }
  [[nodiscard]] bool IsNumeric(SortId id) const { return id == int_ || id == real_; }
  [[nodiscard]] bool IsSet(SortId id) const;
  [[nodiscard]] bool IsArray(SortId id) const { return sorts_[id].kind == SortKind::kArray; }
  [[nodiscard]] bool IsSeq(SortId id) const { return sorts_[id].kind == SortKind::kSeq; }
  [[nodiscard]] bool IsOption(SortId id) const { return sorts_[id].kind == SortKind::kOption; }
  // Element of a set/seq/option, domain of an array.
  [[nodiscard]] SortId ElementOf(SortId id) const { return sorts_[id].args.at(0); }
  [[nodiscard]] SortId RangeOf(SortId id) const { return sorts_[id].args.at(1); }
  // `Int`, `Set_User`, `Option_String`: readable names for mangling symbols.
  [[nodiscard]] std::string SortName(SortId id) const;

  // ---- functions ----
  // Declares a function; the name must be new (use FreshName for generated symbols).
  FuncId Declare(const std::string& name, std::vector<SortId> domain, SortId range);
  // Declares on first use, returns the existing one afterwards (same signature required).
  FuncId DeclareOrGet(const std::string& name, std::vector<SortId> domain, SortId range);
  [[nodiscard]] const FuncInfo& Func(FuncId id) const { return funcs_[id]; }
  [[nodiscard]] std::size_t FuncCount() const { return funcs_.size(); }
  [[nodiscard]] bool HasFunc(const std::string& name) const { return func_by_name_.count(name) > 0; }
  // `base`, `base_1`, `base_2`, ...: unique among functions and bound variables of this store.
  std::string FreshName(std::string_view base);

  // ---- terms ----
  [[nodiscard]] const Term& Get(TermId id) const { return terms_[id]; }
  [[nodiscard]] SortId SortOf(TermId id) const { return terms_[id].sort; }
  [[nodiscard]] std::size_t TermCount() const { return terms_.size(); }

  TermId True() { return BoolLit(true); }
  TermId False() { return BoolLit(false); }
  TermId BoolLit(bool value);
  TermId IntLit(std::string_view decimal);  // optional leading '-'
  TermId IntLit(long long value);
  TermId RealLit(std::string_view decimal);  // `1.5`, `-2`, `0.25`
  TermId StringLit(std::string bytes);
  TermId App(FuncId func, std::vector<TermId> args = {});
  TermId Const(FuncId func) { return App(func, {}); }
  TermId Var(const std::string& base_name, SortId sort);  // a fresh bound variable
  TermId EnumMember(SortId sort, std::uint32_t index);

  TermId Not(TermId a);
  TermId And(std::vector<TermId> args);
  TermId Or(std::vector<TermId> args);
  TermId Implies(TermId a, TermId b);
  TermId Ite(TermId c, TermId a, TermId b);
  TermId Eq(TermId a, TermId b);
  TermId Distinct(std::vector<TermId> args);

  TermId Arith(Op op, TermId a, TermId b);  // kAdd kSub kMul kDiv (real or int div) kLt..kGe
  TermId Neg(TermId a);
  TermId ToReal(TermId a);

  TermId Select(TermId array, TermId index);
  TermId Store(TermId array, TermId index, TermId value);
  TermId ConstArray(SortId domain, TermId value);
  TermId EmptySet(SortId element) { return ConstArray(element, False()); }
  TermId SetOp(Op op, TermId a, TermId b);  // union, intersect, difference
  TermId Subset(TermId a, TermId b);

  // Quantifiers and lambda over the given kVar terms.
  TermId Quantifier(Op op, std::vector<TermId> vars, TermId body);

  TermId StrConcat(TermId a, TermId b);
  TermId StrLen(TermId a);
  TermId StrCompare(Op op, TermId a, TermId b);  // kStrLt kStrLe
  TermId InRe(TermId s, TermId re);

  TermId SeqEmpty(SortId seq_sort);
  TermId SeqUnit(TermId element);
  TermId SeqConcat(TermId a, TermId b);
  TermId SeqLen(TermId s);
  TermId SeqNth(TermId s, TermId i);
  TermId SeqContains(TermId s, TermId sub);

  TermId ReLiteral(TermId string_term);
  TermId ReRange(std::uint32_t lo, std::uint32_t hi);
  TermId ReNullary(Op op);  // kReAllChar kReEmpty kReFull
  TermId ReNary(Op op, std::vector<TermId> args);  // kReUnion kReConcat kReIntersect
  TermId ReUnary(Op op, TermId a);  // kReStar kRePlus kReOption kReComplement
  TermId ReLoop(TermId a, std::uint32_t lo, std::uint32_t hi);

  TermId None(SortId option_sort);
  TermId Some(TermId value);
  TermId IsSome(TermId option);
  TermId ValueOf(TermId option);

  // True when `term` mentions any bound variable of `vars` (free occurrence).
  [[nodiscard]] bool Mentions(TermId term, const std::vector<TermId>& vars) const;

 private:
  TermId Intern(Term term);
  SortId InternSort(SortInfo info);

  std::vector<SortInfo> sorts_;
  std::unordered_map<std::string, SortId> sort_by_key_;
  std::vector<FuncInfo> funcs_;
  std::unordered_map<std::string, FuncId> func_by_name_;
  std::unordered_map<std::string, std::uint32_t> fresh_counters_;
  std::vector<Term> terms_;
  std::unordered_map<std::string, TermId> term_by_key_;
  SortId bool_ = 0;
  SortId int_ = 0;
  SortId real_ = 0;
  SortId string_ = 0;
  SortId regex_ = 0;
};

}  // namespace s2r::verify::smt
