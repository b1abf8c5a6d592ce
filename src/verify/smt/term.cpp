// The term arena: sort interning, function declarations and hash-consed term builders.
#include "verify/smt/term.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "base/check.h"

namespace s2r::verify::smt {
namespace {

std::string SortKey(const SortInfo& info) {
  std::string key = fmt::format("{}:{}", static_cast<int>(info.kind), info.name);
  for (SortId arg : info.args) {
    key += fmt::format(",{}", arg);
  }
  return key;
}

std::string TermKey(const Term& term) {
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|", static_cast<int>(term.op), term.sort,
                                term.func, term.index, term.index2, term.bool_value ? 1 : 0);
  for (TermId arg : term.args) {
    key += fmt::format("{},", arg);
  }
  key += '|';
  key += term.text;
  return key;
}

}  // namespace

TermStore::TermStore() {
  bool_ = InternSort({SortKind::kBool, "Bool", {}, {}});
  int_ = InternSort({SortKind::kInt, "Int", {}, {}});
  real_ = InternSort({SortKind::kReal, "Real", {}, {}});
  string_ = InternSort({SortKind::kString, "String", {}, {}});
  regex_ = InternSort({SortKind::kRegex, "RegLan", {}, {}});
}

SortId TermStore::InternSort(SortInfo info) {
  std::string key = SortKey(info);
  auto found = sort_by_key_.find(key);
  if (found != sort_by_key_.end()) {
    return found->second;
  }
  SortId id = static_cast<SortId>(sorts_.size());
  sorts_.push_back(std::move(info));
  sort_by_key_.emplace(std::move(key), id);
  return id;
}

SortId TermStore::UninterpretedSort(const std::string& name) {
  return InternSort({SortKind::kUninterpreted, name, {}, {}});
}

SortId TermStore::EnumSort(const std::string& name, const std::vector<std::string>& members) {
  return InternSort({SortKind::kEnum, name, {}, members});
}

SortId TermStore::OptionSort(SortId element) {
  return InternSort({SortKind::kOption, "Option_" + SortName(element), {element}, {}});
}

SortId TermStore::ArraySort(SortId domain, SortId range) {
  return InternSort({SortKind::kArray, "", {domain, range}, {}});
}

SortId TermStore::SeqSort(SortId element) {
  return InternSort({SortKind::kSeq, "", {element}, {}});
}

bool TermStore::IsSet(SortId id) const {
  return sorts_[id].kind == SortKind::kArray && sorts_[id].args[1] == bool_;
}

std::string TermStore::SortName(SortId id) const {
  const SortInfo& info = sorts_[id];
  switch (info.kind) {
    case SortKind::kBool:
    case SortKind::kInt:
    case SortKind::kReal:
    case SortKind::kString:
    case SortKind::kRegex:
    case SortKind::kUninterpreted:
    case SortKind::kEnum:
    case SortKind::kOption:
      return info.name;
    case SortKind::kArray:
      if (info.args[1] == bool_) {
        return "Set_" + SortName(info.args[0]);
      }
      return "Map_" + SortName(info.args[0]) + "_" + SortName(info.args[1]);
    case SortKind::kSeq:
      return "Seq_" + SortName(info.args[0]);
  }
  return "?";
}

FuncId TermStore::Declare(const std::string& name, std::vector<SortId> domain, SortId range) {
  S2R_CHECK(func_by_name_.count(name) == 0);
  FuncId id = static_cast<FuncId>(funcs_.size());
  funcs_.push_back({name, std::move(domain), range});
  func_by_name_.emplace(name, id);
  return id;
}

FuncId TermStore::DeclareOrGet(const std::string& name, std::vector<SortId> domain,
                               SortId range) {
  auto found = func_by_name_.find(name);
  if (found != func_by_name_.end()) {
    S2R_CHECK(funcs_[found->second].domain == domain && funcs_[found->second].range == range);
    return found->second;
  }
  return Declare(name, std::move(domain), range);
}

std::string TermStore::FreshName(std::string_view base) {
  std::string name(base);
  std::uint32_t& counter = fresh_counters_[name];
  std::string candidate = counter == 0 ? name : fmt::format("{}_{}", name, counter);
  while (func_by_name_.count(candidate) > 0) {
    ++counter;
    candidate = fmt::format("{}_{}", name, counter);
  }
  ++counter;
  return candidate;
}

TermId TermStore::Intern(Term term) {
  std::string key = TermKey(term);
  auto found = term_by_key_.find(key);
  if (found != term_by_key_.end()) {
    return found->second;
  }
  TermId id = static_cast<TermId>(terms_.size());
  terms_.push_back(std::move(term));
  term_by_key_.emplace(std::move(key), id);
  return id;
}

TermId TermStore::BoolLit(bool value) {
  Term t;
  t.op = Op::kBoolLit;
  t.sort = bool_;
  t.bool_value = value;
  return Intern(std::move(t));
}

TermId TermStore::IntLit(std::string_view decimal) {
  // Normalise leading zeros so `007` and `7` are the same term.
  bool negative = !decimal.empty() && decimal[0] == '-';
  std::string_view digits = negative ? decimal.substr(1) : decimal;
  std::size_t first = digits.find_first_not_of('0');
  std::string normal = first == std::string_view::npos ? "0" : std::string(digits.substr(first));
  Term t;
  t.op = Op::kIntLit;
  t.sort = int_;
  t.text = (negative && normal != "0") ? "-" + normal : normal;
  return Intern(std::move(t));
}

TermId TermStore::IntLit(long long value) { return IntLit(std::to_string(value)); }

TermId TermStore::RealLit(std::string_view decimal) {
  Term t;
  t.op = Op::kRealLit;
  t.sort = real_;
  t.text = std::string(decimal);
  return Intern(std::move(t));
}

TermId TermStore::StringLit(std::string bytes) {
  Term t;
  t.op = Op::kStringLit;
  t.sort = string_;
  t.text = std::move(bytes);
  return Intern(std::move(t));
}

TermId TermStore::App(FuncId func, std::vector<TermId> args) {
  const FuncInfo& info = funcs_.at(func);
  S2R_CHECK(info.domain.size() == args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    S2R_CHECK(SortOf(args[i]) == info.domain[i]);
  }
  Term t;
  t.op = Op::kApp;
  t.sort = info.range;
  t.func = func;
  t.args = std::move(args);
  return Intern(std::move(t));
}

TermId TermStore::Var(const std::string& base_name, SortId sort) {
  Term t;
  t.op = Op::kVar;
  t.sort = sort;
  t.text = FreshName(base_name + "!");
  // Reserve the name so no function ever shadows a variable in the rendered script.
  func_by_name_.emplace(t.text, static_cast<FuncId>(-1));
  return Intern(std::move(t));
}

TermId TermStore::EnumMember(SortId sort, std::uint32_t index) {
  S2R_CHECK(sorts_[sort].kind == SortKind::kEnum && index < sorts_[sort].members.size());
  Term t;
  t.op = Op::kEnumMember;
  t.sort = sort;
  t.index = index;
  return Intern(std::move(t));
}

TermId TermStore::Not(TermId a) {
  S2R_CHECK(SortOf(a) == bool_);
  const Term& inner = terms_[a];
  if (inner.op == Op::kBoolLit) {
    return BoolLit(!inner.bool_value);
  }
  if (inner.op == Op::kNot) {
    return inner.args[0];
  }
  Term t;
  t.op = Op::kNot;
  t.sort = bool_;
  t.args = std::vector<TermId>{a};
  return Intern(std::move(t));
}

TermId TermStore::And(std::vector<TermId> args) {
  std::vector<TermId> kept;
  for (TermId a : args) {
    S2R_CHECK(SortOf(a) == bool_);
    const Term& term = terms_[a];
    if (term.op == Op::kBoolLit) {
      if (!term.bool_value) {
        return False();
      }
      continue;
    }
    if (term.op == Op::kAnd) {
      kept.insert(kept.end(), term.args.begin(), term.args.end());
    } else {
      kept.push_back(a);
    }
  }
  if (kept.empty()) {
    return True();
  }
  if (kept.size() == 1) {
    return kept[0];
  }
  Term t;
  t.op = Op::kAnd;
  t.sort = bool_;
  t.args = std::move(kept);
  return Intern(std::move(t));
}

TermId TermStore::Or(std::vector<TermId> args) {
  std::vector<TermId> kept;
  for (TermId a : args) {
    S2R_CHECK(SortOf(a) == bool_);
    const Term& term = terms_[a];
    if (term.op == Op::kBoolLit) {
      if (term.bool_value) {
        return True();
      }
      continue;
    }
    if (term.op == Op::kOr) {
      kept.insert(kept.end(), term.args.begin(), term.args.end());
    } else {
      kept.push_back(a);
    }
  }
  if (kept.empty()) {
    return False();
  }
  if (kept.size() == 1) {
    return kept[0];
  }
  Term t;
  t.op = Op::kOr;
  t.sort = bool_;
  t.args = std::move(kept);
  return Intern(std::move(t));
}

TermId TermStore::Implies(TermId a, TermId b) {
  S2R_CHECK(SortOf(a) == bool_ && SortOf(b) == bool_);
  if (terms_[a].op == Op::kBoolLit) {
    return terms_[a].bool_value ? b : True();
  }
  if (terms_[b].op == Op::kBoolLit && terms_[b].bool_value) {
    return True();
  }
  Term t;
  t.op = Op::kImplies;
  t.sort = bool_;
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::Ite(TermId c, TermId a, TermId b) {
  S2R_CHECK(SortOf(c) == bool_ && SortOf(a) == SortOf(b));
  if (terms_[c].op == Op::kBoolLit) {
    return terms_[c].bool_value ? a : b;
  }
  if (a == b) {
    return a;
  }
  Term t;
  t.op = Op::kIte;
  t.sort = SortOf(a);
  t.args = std::vector<TermId>{c, a, b};
  return Intern(std::move(t));
}

TermId TermStore::Eq(TermId a, TermId b) {
  S2R_CHECK(SortOf(a) == SortOf(b));
  if (a == b) {
    return True();
  }
  Term t;
  t.op = Op::kEq;
  t.sort = bool_;
  t.args = std::vector<TermId>{std::min(a, b), std::max(a, b)};
  return Intern(std::move(t));
}

TermId TermStore::Distinct(std::vector<TermId> args) {
  if (args.size() < 2) {
    return True();
  }
  for (TermId a : args) {
    S2R_CHECK(SortOf(a) == SortOf(args[0]));
  }
  Term t;
  t.op = Op::kDistinct;
  t.sort = bool_;
  t.args = std::move(args);
  return Intern(std::move(t));
}

TermId TermStore::Arith(Op op, TermId a, TermId b) {
  S2R_CHECK(IsNumeric(SortOf(a)) && SortOf(a) == SortOf(b));
  Term t;
  t.op = op;
  t.args = std::vector<TermId>{a, b};
  switch (op) {
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
      t.sort = SortOf(a);
      break;
    case Op::kDiv:
      t.op = SortOf(a) == int_ ? Op::kIntDiv : Op::kDiv;
      t.sort = SortOf(a);
      break;
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      t.sort = bool_;
      break;
    default:
      S2R_CHECK(false);
  }
  return Intern(std::move(t));
}

TermId TermStore::Neg(TermId a) {
  S2R_CHECK(IsNumeric(SortOf(a)));
  Term t;
  t.op = Op::kNeg;
  t.sort = SortOf(a);
  t.args = std::vector<TermId>{a};
  return Intern(std::move(t));
}

TermId TermStore::ToReal(TermId a) {
  if (SortOf(a) == real_) {
    return a;
  }
  S2R_CHECK(SortOf(a) == int_);
  Term t;
  t.op = Op::kToReal;
  t.sort = real_;
  t.args = std::vector<TermId>{a};
  return Intern(std::move(t));
}

TermId TermStore::Select(TermId array, TermId index) {
  SortId sort = SortOf(array);
  S2R_CHECK(IsArray(sort) && sorts_[sort].args[0] == SortOf(index));
  Term t;
  t.op = Op::kSelect;
  t.sort = sorts_[sort].args[1];
  t.args = std::vector<TermId>{array, index};
  return Intern(std::move(t));
}

TermId TermStore::Store(TermId array, TermId index, TermId value) {
  SortId sort = SortOf(array);
  S2R_CHECK(IsArray(sort) && sorts_[sort].args[0] == SortOf(index) &&
            sorts_[sort].args[1] == SortOf(value));
  Term t;
  t.op = Op::kStore;
  t.sort = sort;
  t.args = std::vector<TermId>{array, index, value};
  return Intern(std::move(t));
}

TermId TermStore::ConstArray(SortId domain, TermId value) {
  Term t;
  t.op = Op::kConstArray;
  t.sort = ArraySort(domain, SortOf(value));
  t.args = std::vector<TermId>{value};
  return Intern(std::move(t));
}

TermId TermStore::SetOp(Op op, TermId a, TermId b) {
  S2R_CHECK(IsSet(SortOf(a)) && SortOf(a) == SortOf(b));
  S2R_CHECK(op == Op::kSetUnion || op == Op::kSetIntersect || op == Op::kSetDifference);
  Term t;
  t.op = op;
  t.sort = SortOf(a);
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::Subset(TermId a, TermId b) {
  S2R_CHECK(IsSet(SortOf(a)) && SortOf(a) == SortOf(b));
  Term t;
  t.op = Op::kSubset;
  t.sort = bool_;
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::Quantifier(Op op, std::vector<TermId> vars, TermId body) {
  S2R_CHECK(op == Op::kForall || op == Op::kExists || op == Op::kLambda);
  if (vars.empty()) {
    return body;
  }
  if (op != Op::kLambda) {
    S2R_CHECK(SortOf(body) == bool_);
    if (terms_[body].op == Op::kBoolLit) {
      return body;
    }
  }
  Term t;
  t.op = op;
  t.index = static_cast<std::uint32_t>(vars.size());
  if (op == Op::kLambda) {
    S2R_CHECK(vars.size() == 1);
    t.sort = ArraySort(SortOf(vars[0]), SortOf(body));
  } else {
    t.sort = bool_;
  }
  for (TermId v : vars) {
    S2R_CHECK(terms_[v].op == Op::kVar);
  }
  t.args = std::move(vars);
  t.args.push_back(body);
  return Intern(std::move(t));
}

TermId TermStore::StrConcat(TermId a, TermId b) {
  S2R_CHECK(SortOf(a) == string_ && SortOf(b) == string_);
  Term t;
  t.op = Op::kStrConcat;
  t.sort = string_;
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::StrLen(TermId a) {
  S2R_CHECK(SortOf(a) == string_);
  Term t;
  t.op = Op::kStrLen;
  t.sort = int_;
  t.args = std::vector<TermId>{a};
  return Intern(std::move(t));
}

TermId TermStore::StrCompare(Op op, TermId a, TermId b) {
  S2R_CHECK(SortOf(a) == string_ && SortOf(b) == string_);
  S2R_CHECK(op == Op::kStrLt || op == Op::kStrLe);
  Term t;
  t.op = op;
  t.sort = bool_;
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::InRe(TermId s, TermId re) {
  S2R_CHECK(SortOf(s) == string_ && SortOf(re) == regex_);
  Term t;
  t.op = Op::kInRe;
  t.sort = bool_;
  t.args = std::vector<TermId>{s, re};
  return Intern(std::move(t));
}

TermId TermStore::SeqEmpty(SortId seq_sort) {
  S2R_CHECK(IsSeq(seq_sort));
  Term t;
  t.op = Op::kSeqEmpty;
  t.sort = seq_sort;
  return Intern(std::move(t));
}

TermId TermStore::SeqUnit(TermId element) {
  Term t;
  t.op = Op::kSeqUnit;
  t.sort = SeqSort(SortOf(element));
  t.args = std::vector<TermId>{element};
  return Intern(std::move(t));
}

TermId TermStore::SeqConcat(TermId a, TermId b) {
  S2R_CHECK(IsSeq(SortOf(a)) && SortOf(a) == SortOf(b));
  Term t;
  t.op = Op::kSeqConcat;
  t.sort = SortOf(a);
  t.args = std::vector<TermId>{a, b};
  return Intern(std::move(t));
}

TermId TermStore::SeqLen(TermId s) {
  S2R_CHECK(IsSeq(SortOf(s)));
  Term t;
  t.op = Op::kSeqLen;
  t.sort = int_;
  t.args = std::vector<TermId>{s};
  return Intern(std::move(t));
}

TermId TermStore::SeqNth(TermId s, TermId i) {
  S2R_CHECK(IsSeq(SortOf(s)) && SortOf(i) == int_);
  Term t;
  t.op = Op::kSeqNth;
  t.sort = ElementOf(SortOf(s));
  t.args = std::vector<TermId>{s, i};
  return Intern(std::move(t));
}

TermId TermStore::SeqContains(TermId s, TermId sub) {
  S2R_CHECK(IsSeq(SortOf(s)) && SortOf(s) == SortOf(sub));
  Term t;
  t.op = Op::kSeqContains;
  t.sort = bool_;
  t.args = std::vector<TermId>{s, sub};
  return Intern(std::move(t));
}

TermId TermStore::ReLiteral(TermId string_term) {
  S2R_CHECK(SortOf(string_term) == string_);
  Term t;
  t.op = Op::kReLiteral;
  t.sort = regex_;
  t.args = std::vector<TermId>{string_term};
  return Intern(std::move(t));
}

TermId TermStore::ReRange(std::uint32_t lo, std::uint32_t hi) {
  Term t;
  t.op = Op::kReRange;
  t.sort = regex_;
  t.index = lo;
  t.index2 = hi;
  return Intern(std::move(t));
}

TermId TermStore::ReNullary(Op op) {
  S2R_CHECK(op == Op::kReAllChar || op == Op::kReEmpty || op == Op::kReFull);
  Term t;
  t.op = op;
  t.sort = regex_;
  return Intern(std::move(t));
}

TermId TermStore::ReNary(Op op, std::vector<TermId> args) {
  S2R_CHECK(op == Op::kReUnion || op == Op::kReConcat || op == Op::kReIntersect);
  if (args.empty()) {
    return op == Op::kReConcat ? ReLiteral(StringLit("")) : ReNullary(Op::kReEmpty);
  }
  if (args.size() == 1) {
    return args[0];
  }
  for (TermId a : args) {
    S2R_CHECK(SortOf(a) == regex_);
  }
  Term t;
  t.op = op;
  t.sort = regex_;
  t.args = std::move(args);
  return Intern(std::move(t));
}

TermId TermStore::ReUnary(Op op, TermId a) {
  S2R_CHECK(op == Op::kReStar || op == Op::kRePlus || op == Op::kReOption ||
            op == Op::kReComplement);
  S2R_CHECK(SortOf(a) == regex_);
  Term t;
  t.op = op;
  t.sort = regex_;
  t.args = std::vector<TermId>{a};
  return Intern(std::move(t));
}

TermId TermStore::ReLoop(TermId a, std::uint32_t lo, std::uint32_t hi) {
  S2R_CHECK(SortOf(a) == regex_);
  Term t;
  t.op = Op::kReLoop;
  t.sort = regex_;
  t.args = std::vector<TermId>{a};
  t.index = lo;
  t.index2 = hi;
  return Intern(std::move(t));
}

TermId TermStore::None(SortId option_sort) {
  S2R_CHECK(IsOption(option_sort));
  Term t;
  t.op = Op::kNone;
  t.sort = option_sort;
  return Intern(std::move(t));
}

TermId TermStore::Some(TermId value) {
  Term t;
  t.op = Op::kSome;
  t.sort = OptionSort(SortOf(value));
  t.args = std::vector<TermId>{value};
  return Intern(std::move(t));
}

TermId TermStore::IsSome(TermId option) {
  S2R_CHECK(IsOption(SortOf(option)));
  Term t;
  t.op = Op::kIsSome;
  t.sort = bool_;
  t.args = std::vector<TermId>{option};
  return Intern(std::move(t));
}

TermId TermStore::ValueOf(TermId option) {
  S2R_CHECK(IsOption(SortOf(option)));
  const Term& inner = terms_[option];
  if (inner.op == Op::kSome) {
    return inner.args[0];
  }
  Term t;
  t.op = Op::kValueOf;
  t.sort = ElementOf(SortOf(option));
  t.args = std::vector<TermId>{option};
  return Intern(std::move(t));
}

bool TermStore::Mentions(TermId term, const std::vector<TermId>& vars) const {
  if (vars.empty()) {
    return false;
  }
  std::unordered_set<TermId> wanted(vars.begin(), vars.end());
  std::unordered_set<TermId> seen;
  std::vector<TermId> work{term};
  while (!work.empty()) {
    TermId id = work.back();
    work.pop_back();
    if (!seen.insert(id).second) {
      continue;
    }
    if (wanted.count(id) > 0) {
      return true;
    }
    for (TermId arg : terms_[id].args) {
      work.push_back(arg);
    }
  }
  return false;
}

}  // namespace s2r::verify::smt
