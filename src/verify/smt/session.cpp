// The Z3 adapter: converts TermStore terms to Z3 (abstract or concrete), runs the solvers and
// reads models. Every Z3 exception is caught here and rethrown as BackendError.
#include "verify/smt/session.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <z3++.h>

#include "base/check.h"

namespace s2r::verify::smt {
namespace {

// The largest character Z3 4.8.12 knows in its default (unicode) string encoding.
constexpr std::uint32_t kMaxChar = 0x2FFFF;

struct OptionDecls {
  z3::sort sort;
  z3::func_decl none;
  z3::func_decl some;
  z3::func_decl is_some;
  z3::func_decl value;
};

struct EnumDecls {
  z3::sort sort;
  std::vector<z3::func_decl> members;
};

}  // namespace

// Datatype declarations are cached per context: declaring `Status` twice in one context would
// create two distinct sorts.
struct SolverContext::Impl {
  z3::context context;
  std::map<std::string, EnumDecls> enums;
  std::map<std::string, OptionDecls> options;
};

SolverContext::SolverContext() {
  try {
    impl_ = std::make_unique<Impl>();
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

SolverContext::~SolverContext() = default;

struct Session::Impl {
  Impl(SolverContext::Impl& ctx, const TermStore& term_store)
      : shared(ctx), context(ctx.context), store(term_store) {}

  struct Entry {
    TermId term = kNoTerm;
    bool tracked = false;
    std::uint32_t label = 0;
  };

  SolverContext::Impl& shared;
  z3::context& context;
  const TermStore& store;
  // Incremental solvers over the abstract form of the assertion stack, one per E-matching
  // setting: once a Z3 solver has run without E-matching, turning it back on does not restore
  // its instantiation power, so the two configurations never share a solver.
  std::optional<z3::solver> solvers[2];
  std::vector<std::optional<z3::sort>> sorts;
  std::vector<std::optional<z3::func_decl>> funcs;
  std::vector<std::optional<z3::expr>> abstract_terms;
  std::vector<std::optional<z3::expr>> concrete_terms;
  std::vector<std::int8_t> string_theory;  // memo: -1 unknown, 0 no, 1 yes
  std::map<TermId, z3::func_decl> regex_functions;
  std::optional<z3::func_decl> length_function;
  std::vector<Entry> stack;
  std::vector<std::size_t> marks;
  std::vector<std::uint32_t> core;
  std::optional<z3::model> model;
  bool model_concrete = false;
  std::map<SortId, std::vector<z3::expr>> universes;

  z3::sort SortFor(SortId id);
  z3::func_decl FuncFor(FuncId id);
  z3::expr ExprFor(TermId id, bool concrete);
  z3::expr Build(TermId id, bool concrete);
  z3::expr Char(std::uint32_t code_point);
  const OptionDecls& Option(SortId id);
  const EnumDecls& Enum(SortId id);
  bool NeedsStrings(TermId id);
  z3::expr Indicator(std::uint32_t label) {
    return context.bool_const(fmt::format("track!{}", label).c_str());
  }
  z3::expr Tracked(const Entry& entry, bool concrete) {
    z3::expr formula = ExprFor(entry.term, concrete);
    return entry.tracked ? z3::implies(Indicator(entry.label), formula) : formula;
  }
  z3::solver& SolverFor(bool ematching) {
    std::optional<z3::solver>& slot = solvers[ematching ? 1 : 0];
    if (!slot) {
      slot.emplace(context, z3::solver::simple());
      std::size_t next_mark = 0;
      for (std::size_t i = 0; i < stack.size(); ++i) {
        while (next_mark < marks.size() && marks[next_mark] == i) {
          slot->push();
          ++next_mark;
        }
        slot->add(Tracked(stack[i], false));
      }
      while (next_mark < marks.size()) {
        slot->push();
        ++next_mark;
      }
    }
    return *slot;
  }
  void AddToSolvers(const Entry& entry) {
    for (std::optional<z3::solver>& solver : solvers) {
      if (solver) {
        solver->add(Tracked(entry, false));
      }
    }
  }
  bool AnyStrings() {
    for (const Entry& entry : stack) {
      if (NeedsStrings(entry.term)) {
        return true;
      }
    }
    return false;
  }

  ModelValue Display(const z3::expr& value, int depth);
  const std::vector<z3::expr>& UniverseOf(SortId sort);
  std::optional<SortId> SortIdOf(const z3::sort& sort);
  void CollectIndices(const z3::expr& array_value, std::vector<z3::expr>& out);
  std::vector<z3::expr> CandidateElements(SortId element_sort, const z3::expr& array_value);
  z3::expr Eval(TermId term) { return model->eval(ExprFor(term, model_concrete), true); }
};

const EnumDecls& Session::Impl::Enum(SortId id) {
  const SortInfo& info = store.Sort(id);
  std::string key = info.name + "|" + fmt::format("{}", fmt::join(info.members, ","));
  auto found = shared.enums.find(key);
  if (found != shared.enums.end()) {
    return found->second;
  }
  std::vector<std::string> names;
  std::vector<const char*> pointers;
  for (const std::string& member : info.members) {
    names.push_back(info.name + "_" + member);
  }
  for (const std::string& name : names) {
    pointers.push_back(name.c_str());
  }
  z3::func_decl_vector constructors(context);
  z3::func_decl_vector testers(context);
  z3::sort sort = context.enumeration_sort(info.name.c_str(),
                                           static_cast<unsigned>(pointers.size()), pointers.data(),
                                           constructors, testers);
  EnumDecls decls{sort, {}};
  for (unsigned i = 0; i < constructors.size(); ++i) {
    decls.members.push_back(constructors[i]);
  }
  return shared.enums.emplace(key, std::move(decls)).first->second;
}

const OptionDecls& Session::Impl::Option(SortId id) {
  const SortInfo& info = store.Sort(id);
  auto found = shared.options.find(info.name);
  if (found != shared.options.end()) {
    return found->second;
  }
  z3::sort element = SortFor(info.args[0]);
  std::string suffix = store.SortName(info.args[0]);
  Z3_context c = context;
  Z3_symbol value_name = Z3_mk_string_symbol(c, ("valOf_" + suffix).c_str());
  Z3_sort field_sort = element;
  unsigned ref = 0;
  Z3_constructor none_con =
      Z3_mk_constructor(c, Z3_mk_string_symbol(c, ("none_" + suffix).c_str()),
                        Z3_mk_string_symbol(c, ("is_none_" + suffix).c_str()), 0, nullptr,
                        nullptr, nullptr);
  Z3_constructor some_con =
      Z3_mk_constructor(c, Z3_mk_string_symbol(c, ("some_" + suffix).c_str()),
                        Z3_mk_string_symbol(c, ("is_some_" + suffix).c_str()), 1, &value_name,
                        &field_sort, &ref);
  Z3_constructor constructors[2] = {none_con, some_con};
  z3::sort sort(context,
                Z3_mk_datatype(c, Z3_mk_string_symbol(c, info.name.c_str()), 2, constructors));
  context.check_error();
  // Results of the C API are only alive until the next call: wrap (reference) them at once.
  Z3_func_decl raw[3] = {nullptr, nullptr, nullptr};
  Z3_query_constructor(c, none_con, 0, &raw[0], &raw[1], nullptr);
  z3::func_decl none(context, raw[0]);
  Z3_query_constructor(c, some_con, 1, &raw[0], &raw[1], &raw[2]);
  z3::func_decl some(context, raw[0]);
  z3::func_decl is_some(context, raw[1]);
  z3::func_decl value(context, raw[2]);
  Z3_del_constructor(c, none_con);
  Z3_del_constructor(c, some_con);
  context.check_error();
  OptionDecls decls{sort, none, some, is_some, value};
  return shared.options.emplace(info.name, decls).first->second;
}

z3::sort Session::Impl::SortFor(SortId id) {
  if (sorts.size() <= id) {
    sorts.resize(store.SortCount());
  }
  if (sorts[id]) {
    return *sorts[id];
  }
  const SortInfo& info = store.Sort(id);
  std::optional<z3::sort> made;
  switch (info.kind) {
    case SortKind::kBool:
      made = context.bool_sort();
      break;
    case SortKind::kInt:
      made = context.int_sort();
      break;
    case SortKind::kReal:
      made = context.real_sort();
      break;
    case SortKind::kString:
      made = context.string_sort();
      break;
    case SortKind::kRegex: {
      z3::sort string_sort = context.string_sort();
      made = context.re_sort(string_sort);
      break;
    }
    case SortKind::kUninterpreted:
      made = context.uninterpreted_sort(info.name.c_str());
      break;
    case SortKind::kEnum:
      made = Enum(id).sort;
      break;
    case SortKind::kOption:
      made = Option(id).sort;
      break;
    case SortKind::kArray:
      made = context.array_sort(SortFor(info.args[0]), SortFor(info.args[1]));
      break;
    case SortKind::kSeq: {
      z3::sort element = SortFor(info.args[0]);
      made = context.seq_sort(element);
      break;
    }
  }
  sorts[id] = *made;
  return *made;
}

z3::func_decl Session::Impl::FuncFor(FuncId id) {
  if (funcs.size() <= id) {
    funcs.resize(store.FuncCount());
  }
  if (funcs[id]) {
    return *funcs[id];
  }
  const FuncInfo& info = store.Func(id);
  z3::sort_vector domain(context);
  for (SortId s : info.domain) {
    domain.push_back(SortFor(s));
  }
  funcs[id] = context.function(info.name.c_str(), domain, SortFor(info.range));
  return *funcs[id];
}

z3::expr Session::Impl::Char(std::uint32_t code_point) {
  if (code_point < 0x80) {
    char byte = static_cast<char>(code_point);
    return z3::expr(context, Z3_mk_lstring(context, 1, &byte));
  }
  return context.string_val(fmt::format("\\u{{{:x}}}", code_point));
}

bool Session::Impl::NeedsStrings(TermId id) {
  if (string_theory.size() <= id) {
    string_theory.resize(store.TermCount(), -1);
  }
  if (string_theory[id] >= 0) {
    return string_theory[id] == 1;
  }
  const Term& term = store.Get(id);
  bool needs = term.op == Op::kInRe || term.op == Op::kStrLen;
  for (std::size_t i = 0; !needs && i < term.args.size(); ++i) {
    needs = NeedsStrings(term.args[i]);
  }
  string_theory[id] = needs ? 1 : 0;
  return needs;
}

z3::expr Session::Impl::ExprFor(TermId id, bool concrete) {
  std::vector<std::optional<z3::expr>>& memo = concrete ? concrete_terms : abstract_terms;
  if (memo.size() <= id) {
    memo.resize(store.TermCount());
  }
  if (memo[id]) {
    return *memo[id];
  }
  // Terms without string-theory atoms are the same in both forms.
  if (concrete && !NeedsStrings(id)) {
    z3::expr shared_form = ExprFor(id, false);
    concrete_terms[id] = shared_form;
    return shared_form;
  }
  z3::expr made = Build(id, concrete);
  std::vector<std::optional<z3::expr>>& again = concrete ? concrete_terms : abstract_terms;
  again[id] = made;
  return made;
}

z3::expr Session::Impl::Build(TermId id, bool concrete) {
  const Term& term = store.Get(id);
  auto arg = [&](std::size_t i) { return ExprFor(term.args[i], concrete); };
  auto all_args = [&]() {
    z3::expr_vector out(context);
    for (TermId a : term.args) {
      out.push_back(ExprFor(a, concrete));
    }
    return out;
  };
  switch (term.op) {
    case Op::kBoolLit:
      return context.bool_val(term.bool_value);
    case Op::kIntLit:
      return context.int_val(term.text.c_str());
    case Op::kRealLit:
      return context.real_val(term.text.c_str());
    case Op::kStringLit:
      return z3::expr(context, Z3_mk_lstring(context, static_cast<unsigned>(term.text.size()),
                                             term.text.data()));
    case Op::kApp:
      return FuncFor(term.func)(all_args());
    case Op::kVar:
      return context.constant(term.text.c_str(), SortFor(term.sort));
    case Op::kEnumMember:
      SortFor(term.sort);
      return Enum(term.sort).members.at(term.index)();
    case Op::kNot:
      return !arg(0);
    case Op::kAnd:
      return z3::mk_and(all_args());
    case Op::kOr:
      return z3::mk_or(all_args());
    case Op::kImplies:
      return z3::implies(arg(0), arg(1));
    case Op::kIte:
      return z3::ite(arg(0), arg(1), arg(2));
    case Op::kEq:
      return arg(0) == arg(1);
    case Op::kDistinct:
      return z3::distinct(all_args());
    case Op::kAdd:
      return arg(0) + arg(1);
    case Op::kSub:
      return arg(0) - arg(1);
    case Op::kMul:
      return arg(0) * arg(1);
    case Op::kDiv:
    case Op::kIntDiv:
      return arg(0) / arg(1);
    case Op::kNeg:
      return -arg(0);
    case Op::kLt:
      return arg(0) < arg(1);
    case Op::kLe:
      return arg(0) <= arg(1);
    case Op::kGt:
      return arg(0) > arg(1);
    case Op::kGe:
      return arg(0) >= arg(1);
    case Op::kToReal:
      return z3::to_real(arg(0));
    case Op::kSelect:
      return z3::select(arg(0), arg(1));
    case Op::kStore:
      return z3::store(arg(0), arg(1), arg(2));
    case Op::kConstArray:
      return z3::const_array(SortFor(store.ElementOf(term.sort)), arg(0));
    case Op::kSetUnion:
      return z3::set_union(arg(0), arg(1));
    case Op::kSetIntersect:
      return z3::set_intersect(arg(0), arg(1));
    case Op::kSetDifference:
      return z3::set_difference(arg(0), arg(1));
    case Op::kSubset:
      return z3::set_subset(arg(0), arg(1));
    case Op::kForall:
    case Op::kExists:
    case Op::kLambda: {
      z3::expr_vector vars(context);
      for (std::uint32_t i = 0; i < term.index; ++i) {
        vars.push_back(arg(i));
      }
      z3::expr body = arg(term.index);
      if (term.op == Op::kForall) {
        return z3::forall(vars, body);
      }
      if (term.op == Op::kExists) {
        return z3::exists(vars, body);
      }
      return z3::lambda(vars, body);
    }
    case Op::kStrConcat:
    case Op::kSeqConcat:
      return z3::concat(arg(0), arg(1));
    case Op::kStrLen:
      // Literal arguments are evaluated exactly even in the abstraction (the rewriter folds them).
      if (!concrete && store.Get(term.args[0]).op != Op::kStringLit) {
        if (!length_function) {
          length_function = context.function("len!String", context.string_sort(), context.int_sort());
        }
        return (*length_function)(arg(0));
      }
      return arg(0).length();
    case Op::kSeqLen:
      return arg(0).length();
    case Op::kStrLt:
      return z3::expr(context, Z3_mk_str_lt(context, arg(0), arg(1)));
    case Op::kStrLe:
      return z3::expr(context, Z3_mk_str_le(context, arg(0), arg(1)));
    case Op::kInRe:
      if (!concrete && store.Get(term.args[0]).op != Op::kStringLit) {
        TermId regex = term.args[1];
        auto found = regex_functions.find(regex);
        if (found == regex_functions.end()) {
          z3::func_decl f = context.function(fmt::format("matches!{}", regex).c_str(),
                                             context.string_sort(), context.bool_sort());
          found = regex_functions.emplace(regex, f).first;
        }
        return found->second(arg(0));
      }
      return z3::in_re(arg(0), arg(1));
    case Op::kSeqEmpty:
      return z3::empty(SortFor(term.sort));
    case Op::kSeqUnit:
      return arg(0).unit();
    case Op::kSeqNth:
      return arg(0).nth(arg(1));
    case Op::kSeqContains:
      return arg(0).contains(arg(1));
    case Op::kReLiteral:
      return z3::to_re(arg(0));
    case Op::kReRange:
      return z3::range(Char(term.index), Char(term.index2));
    case Op::kReAllChar:
      return z3::range(Char(0), Char(kMaxChar));
    case Op::kReEmpty:
      return z3::re_empty(SortFor(term.sort));
    case Op::kReFull:
      return z3::re_full(SortFor(term.sort));
    case Op::kReUnion: {
      z3::expr_vector parts = all_args();
      std::vector<Z3_ast> raw;
      for (unsigned i = 0; i < parts.size(); ++i) {
        raw.push_back(parts[i]);
      }
      Z3_ast out = Z3_mk_re_union(context, static_cast<unsigned>(raw.size()), raw.data());
      context.check_error();
      return z3::expr(context, out);
    }
    case Op::kReConcat:
      return z3::concat(all_args());
    case Op::kReIntersect:
      return z3::re_intersect(all_args());
    case Op::kReStar:
      return z3::star(arg(0));
    case Op::kRePlus:
      return z3::plus(arg(0));
    case Op::kReOption:
      return z3::option(arg(0));
    case Op::kReComplement:
      return z3::re_complement(arg(0));
    case Op::kReLoop:
      return arg(0).loop(term.index, term.index2);
    case Op::kNone:
      return Option(term.sort).none();
    case Op::kSome:
      return Option(term.sort).some(arg(0));
    case Op::kIsSome:
      return Option(store.SortOf(term.args[0])).is_some(arg(0));
    case Op::kValueOf:
      return Option(store.SortOf(term.args[0])).value(arg(0));
  }
  S2R_CHECK(false);
  return context.bool_val(false);
}

// ---- model reading ----

std::optional<SortId> Session::Impl::SortIdOf(const z3::sort& sort) {
  for (SortId id = 0; id < sorts.size(); ++id) {
    if (sorts[id] && z3::eq(*sorts[id], sort)) {
      return id;
    }
  }
  return std::nullopt;
}

const std::vector<z3::expr>& Session::Impl::UniverseOf(SortId sort) {
  auto found = universes.find(sort);
  if (found != universes.end()) {
    return found->second;
  }
  std::vector<z3::expr>& out = universes[sort];
  if (!model || sort >= sorts.size() || !sorts[sort]) {
    return out;
  }
  Z3_ast_vector raw = Z3_model_get_sort_universe(context, *model, *sorts[sort]);
  if (Z3_get_error_code(context) != Z3_OK || raw == nullptr) {
    return out;
  }
  z3::expr_vector elements(context, raw);
  for (unsigned i = 0; i < elements.size(); ++i) {
    out.push_back(elements[i]);
  }
  return out;
}

void Session::Impl::CollectIndices(const z3::expr& array_value, std::vector<z3::expr>& out) {
  z3::expr current = array_value;
  for (int guard = 0; guard < 10000; ++guard) {
    if (!current.is_app()) {
      return;
    }
    Z3_decl_kind kind = current.decl().decl_kind();
    if (kind == Z3_OP_STORE) {
      out.push_back(current.arg(1));
      current = current.arg(0);
      continue;
    }
    if (kind == Z3_OP_AS_ARRAY && model) {
      z3::func_decl f(context, Z3_get_as_array_func_decl(context, current));
      if (model->has_interp(f)) {
        z3::func_interp interp = model->get_func_interp(f);
        for (unsigned i = 0; i < interp.num_entries(); ++i) {
          z3::func_entry entry = interp.entry(i);
          if (entry.num_args() == 1) {
            out.push_back(entry.arg(0));
          }
        }
      }
    }
    return;
  }
}

std::vector<z3::expr> Session::Impl::CandidateElements(SortId element_sort,
                                                       const z3::expr& array_value) {
  std::vector<z3::expr> out;
  const SortInfo& info = store.Sort(element_sort);
  if (info.kind == SortKind::kUninterpreted) {
    out = UniverseOf(element_sort);
  } else if (info.kind == SortKind::kEnum) {
    for (const z3::func_decl& member : Enum(element_sort).members) {
      out.push_back(member());
    }
  } else if (info.kind == SortKind::kBool) {
    out.push_back(context.bool_val(false));
    out.push_back(context.bool_val(true));
  } else {
    CollectIndices(array_value, out);
  }
  return out;
}

ModelValue Session::Impl::Display(const z3::expr& value, int depth) {
  ModelValue out;
  out.raw = value.to_string();
  out.display = out.raw;
  if (depth > 8) {
    return out;
  }
  z3::sort sort = value.get_sort();
  if (sort.is_bool()) {
    if (value.is_true()) {
      out.display = "true";
    } else if (value.is_false()) {
      out.display = "false";
    }
    return out;
  }
  if ((sort.is_int() || sort.is_real()) && value.is_numeral()) {
    out.display = Z3_get_numeral_string(context, value);
    return out;
  }
  if (value.is_string_value()) {
    out.display = "\"" + value.get_escaped_string() + "\"";
    return out;
  }
  std::optional<SortId> id = SortIdOf(sort);
  if (!id) {
    return out;
  }
  const SortInfo& info = store.Sort(*id);
  switch (info.kind) {
    case SortKind::kUninterpreted: {
      const std::vector<z3::expr>& universe = UniverseOf(*id);
      for (std::size_t i = 0; i < universe.size(); ++i) {
        if (z3::eq(universe[i], value)) {
          out.display = fmt::format("{}#{}", info.name, i);
          out.label = out.display;
          return out;
        }
      }
      return out;
    }
    case SortKind::kEnum: {
      if (value.is_app()) {
        const std::vector<z3::func_decl>& members = Enum(*id).members;
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (z3::eq(members[i], value.decl())) {
            out.display = info.name + "." + info.members[i];
            out.label = out.display;
          }
        }
      }
      return out;
    }
    case SortKind::kOption: {
      const OptionDecls& decls = Option(*id);
      if (value.is_app() && z3::eq(value.decl(), decls.none)) {
        out.display = "none";
      } else if (value.is_app() && z3::eq(value.decl(), decls.some)) {
        ModelValue inner = Display(value.arg(0), depth + 1);
        out.display = "some(" + inner.display + ")";
        out.label = inner.label;
      }
      return out;
    }
    case SortKind::kArray: {
      if (!store.IsSet(*id) || !model) {
        return out;
      }
      std::vector<std::string> members;
      for (const z3::expr& candidate : CandidateElements(info.args[0], value)) {
        z3::expr in = model->eval(z3::select(value, candidate), true);
        if (in.is_true()) {
          std::string shown = Display(candidate, depth + 1).display;
          if (std::find(members.begin(), members.end(), shown) == members.end()) {
            members.push_back(shown);
          }
        }
      }
      out.display = "{" + fmt::format("{}", fmt::join(members, ", ")) + "}";
      return out;
    }
    case SortKind::kSeq: {
      std::vector<std::string> items;
      std::vector<z3::expr> work{value};
      while (!work.empty()) {
        z3::expr part = work.front();
        work.erase(work.begin());
        if (!part.is_app()) {
          return out;
        }
        Z3_decl_kind kind = part.decl().decl_kind();
        if (kind == Z3_OP_SEQ_CONCAT) {
          for (unsigned i = part.num_args(); i > 0; --i) {
            work.insert(work.begin(), part.arg(i - 1));
          }
        } else if (kind == Z3_OP_SEQ_UNIT) {
          items.push_back(Display(part.arg(0), depth + 1).display);
        } else if (kind != Z3_OP_SEQ_EMPTY) {
          return out;
        }
      }
      out.display = "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
      return out;
    }
    case SortKind::kBool:
    case SortKind::kInt:
    case SortKind::kReal:
    case SortKind::kString:
    case SortKind::kRegex:
      return out;
  }
  return out;
}

// ---- Session ----

Session::Session(SolverContext& context, const TermStore& store) {
  try {
    impl_ = std::make_unique<Impl>(*context.impl_, store);
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

Session::~Session() = default;

void Session::Assert(TermId formula) {
  try {
    Impl::Entry entry{formula, false, 0};
    impl_->Tracked(entry, false);
    impl_->AddToSolvers(entry);
    impl_->stack.push_back(entry);
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

void Session::AssertTracked(TermId formula, std::uint32_t label) {
  try {
    Impl::Entry entry{formula, true, label};
    impl_->Tracked(entry, false);
    impl_->AddToSolvers(entry);
    impl_->stack.push_back(entry);
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

void Session::Push() {
  for (std::optional<z3::solver>& solver : impl_->solvers) {
    if (solver) {
      solver->push();
    }
  }
  impl_->marks.push_back(impl_->stack.size());
}

void Session::Pop() {
  S2R_CHECK(!impl_->marks.empty());
  for (std::optional<z3::solver>& solver : impl_->solvers) {
    if (solver) {
      solver->pop();
    }
  }
  impl_->stack.resize(impl_->marks.back());
  impl_->marks.pop_back();
}

bool Session::UsesStringTheory() const { return impl_->AnyStrings(); }

SolveResult Session::Check(const CheckConfig& config) {
  Impl& s = *impl_;
  SolveResult result;
  s.model.reset();
  s.universes.clear();
  s.core.clear();
  try {
    z3::params params(s.context);
    params.set("timeout", config.timeout_ms == 0 ? 4294967295u : config.timeout_ms);
    params.set("ematching", config.ematching);
    params.set("random_seed", config.seed);
    // A concrete check needs its own solver only when the two forms differ.
    bool rebuild = config.concrete && s.AnyStrings();
    std::optional<z3::solver> concrete;
    z3::solver* solver = nullptr;
    if (!rebuild) {
      solver = &s.SolverFor(config.ematching);
    } else {
      concrete.emplace(s.context, z3::solver::simple());
      for (const Impl::Entry& entry : s.stack) {
        concrete->add(s.Tracked(entry, true));
      }
      solver = &*concrete;
    }
    solver->set(params);
    z3::expr_vector assumptions(s.context);
    for (const Impl::Entry& entry : s.stack) {
      if (entry.tracked) {
        assumptions.push_back(s.Indicator(entry.label));
      }
    }
    z3::check_result status =
        assumptions.empty() ? solver->check() : solver->check(assumptions);
    switch (status) {
      case z3::sat:
        result.status = SolverStatus::kSat;
        s.model = solver->get_model();
        s.model_concrete = rebuild;
        break;
      case z3::unsat: {
        result.status = SolverStatus::kUnsat;
        z3::expr_vector core = solver->unsat_core();
        for (unsigned i = 0; i < core.size(); ++i) {
          std::string name = core[i].decl().name().str();
          if (name.rfind("track!", 0) == 0) {
            s.core.push_back(static_cast<std::uint32_t>(std::stoul(name.substr(6))));
          }
        }
        std::sort(s.core.begin(), s.core.end());
        break;
      }
      case z3::unknown:
        result.status = SolverStatus::kUnknown;
        result.reason = solver->reason_unknown();
        break;
    }
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
  return result;
}

std::vector<std::uint32_t> Session::UnsatCore() const { return impl_->core; }

std::string Session::ToSmtLib(bool concrete) const {
  try {
    z3::solver dump(impl_->context, z3::solver::simple());
    for (const Impl::Entry& entry : impl_->stack) {
      dump.add(impl_->ExprFor(entry.term, concrete));
    }
    return dump.to_smt2();
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

void Session::ReplayInto(Session& other) const {
  std::size_t next_mark = 0;
  for (std::size_t i = 0; i < impl_->stack.size(); ++i) {
    while (next_mark < impl_->marks.size() && impl_->marks[next_mark] == i) {
      other.Push();
      ++next_mark;
    }
    const Impl::Entry& entry = impl_->stack[i];
    if (entry.tracked) {
      other.AssertTracked(entry.term, entry.label);
    } else {
      other.Assert(entry.term);
    }
  }
}

ModelValue Session::Evaluate(TermId term) const {
  try {
    if (!impl_->model) {
      return {"?", "", ""};
    }
    return impl_->Display(impl_->Eval(term), 0);
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
}

std::vector<ModelValue> Session::Universe(SortId sort) const {
  std::vector<ModelValue> out;
  try {
    impl_->SortFor(sort);
    const std::vector<z3::expr>& universe = impl_->UniverseOf(sort);
    for (std::size_t i = 0; i < universe.size(); ++i) {
      ModelValue value;
      value.display = fmt::format("{}#{}", impl_->store.Sort(sort).name, i);
      value.label = value.display;
      value.raw = universe[i].to_string();
      out.push_back(std::move(value));
    }
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
  return out;
}

std::vector<std::vector<ModelValue>> Session::ElementFields(
    SortId sort, const std::vector<FuncId>& fields) const {
  std::vector<std::vector<ModelValue>> out;
  try {
    if (!impl_->model) {
      return out;
    }
    impl_->SortFor(sort);
    std::vector<z3::expr> universe = impl_->UniverseOf(sort);
    for (const z3::expr& element : universe) {
      std::vector<ModelValue> row;
      for (FuncId field : fields) {
        z3::expr value = impl_->model->eval(impl_->FuncFor(field)(element), true);
        row.push_back(impl_->Display(value, 0));
      }
      out.push_back(std::move(row));
    }
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
  return out;
}

std::vector<ModelEntry> Session::RelationEntries(TermId domain, TermId map,
                                                 const std::vector<TermId>& extra_keys) const {
  std::vector<ModelEntry> out;
  try {
    if (!impl_->model) {
      return out;
    }
    const z3::model& model = *impl_->model;
    z3::expr domain_value = impl_->Eval(domain);
    z3::expr map_value = impl_->Eval(map);
    SortId key_sort = impl_->store.ElementOf(impl_->store.SortOf(domain));
    std::vector<z3::expr> candidates = impl_->CandidateElements(key_sort, domain_value);
    for (TermId key : extra_keys) {
      candidates.push_back(impl_->Eval(key));
    }
    std::set<std::string> seen;
    for (const z3::expr& key : candidates) {
      if (!seen.insert(key.to_string()).second) {
        continue;
      }
      if (!model.eval(z3::select(domain_value, key), true).is_true()) {
        continue;
      }
      ModelEntry entry;
      entry.key = impl_->Display(key, 0);
      entry.value = impl_->Display(model.eval(z3::select(map_value, key), true), 0);
      out.push_back(std::move(entry));
    }
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
  return out;
}

std::vector<ModelValue> Session::SequenceItems(TermId length, TermId items, std::size_t limit,
                                               bool& truncated) const {
  std::vector<ModelValue> out;
  truncated = false;
  try {
    if (!impl_->model) {
      return out;
    }
    z3::expr length_value = impl_->Eval(length);
    std::int64_t count = 0;
    if (!length_value.is_numeral_i64(count)) {
      return out;
    }
    z3::expr array = impl_->Eval(items);
    for (std::int64_t i = 0; i < count; ++i) {
      if (out.size() >= limit) {
        truncated = true;
        break;
      }
      z3::expr item = impl_->model->eval(z3::select(array, impl_->context.int_val(i)), true);
      out.push_back(impl_->Display(item, 0));
    }
  } catch (const z3::exception& e) {
    throw BackendError{e.msg()};
  }
  return out;
}

}  // namespace s2r::verify::smt
