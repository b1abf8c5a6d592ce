// Spec expressions as Python over admin-state snapshots, inputs and responses (see py_expr.h).
#include "emit/python_fastapi/testgen/py_expr.h"

#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "emit/python_fastapi/names.h"
#include "ir/builtins.h"
#include "ir/infer_type.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

using ir::Expr;
using ir::ExprKind;
using ir::RefKind;
using ir::Type;
using ir::TypeKind;

// Which snapshot a state name reads: as written (`bare`), inside `pre(...)`, or primed.
enum class View { kBare, kPre, kPost };

// Names the generated tests use themselves; spec variables with these names get a `_`.
constexpr std::array<std::string_view, 20> kTestNames = {
    "pre",   "post",  "body",     "response", "now",  "support", "spec_model",
    "api",   "state", "expected", "start",    "seen", "st",      "pytest",
    "data",  "given", "httpx",    "l",        "O",    "I",
};

tl::unexpected<Skip> SkipBecause(std::string reason) {
  return tl::unexpected<Skip>(Skip{std::move(reason)});
}

PyCode Code(std::string text, int precedence) { return PyCode{std::move(text), precedence}; }

// `code` as an operand of an operator of strength `needed`: parenthesised when it binds looser.
std::string Operand(const PyCode& code, int needed) {
  if (code.precedence >= needed) {
    return code.text;
  }
  return "(" + code.text + ")";
}

std::string IntText(std::string_view digits) {
  std::size_t first = 0;
  while (first + 1 < digits.size() && digits[first] == '0') {
    ++first;
  }
  return std::string(digits.substr(first));
}

const Type& Known(const Expr& a, const Expr& b) {
  return a.type.IsKnown() && a.type.kind != TypeKind::kNone ? ir::Unwrapped(a.type)
                                                            : ir::Unwrapped(b.type);
}

bool IsEntity(const Type& t) { return ir::Unwrapped(t).kind == TypeKind::kEntity; }

// The entity named by the values of `t` (an entity, or a collection/relation of entities).
std::string EntityOfValues(const Type& type) {
  const Type& t = ir::Unwrapped(type);
  switch (t.kind) {
    case TypeKind::kEntity:
      return t.name;
    case TypeKind::kSet:
    case TypeKind::kSeq:
      return t.args.empty() ? "" : EntityOfValues(t.args[0]);
    case TypeKind::kMap:
    case TypeKind::kRelation:
      return t.args.size() < 2 ? "" : EntityOfValues(t.args[1]);
    default:
      return "";
  }
}

bool IsNowCall(const Expr& e) {
  if (e.kind == ExprKind::kSomeWrap) return IsNowCall(e.Operand());
  return e.kind == ExprKind::kCall && !e.operands.empty() &&
         e.operands[0].kind == ExprKind::kIdentifier && e.operands[0].text == "now";
}

class Translator {
 public:
  explicit Translator(const PyEnv& env) : env_(env) {}

  Translated<PyCode> Run(const Expr& e, View view) {
    switch (e.kind) {
      case ExprKind::kIntLit:
        return Code(IntText(e.text), kPyAtom);
      case ExprKind::kFloatLit:
        return Code(e.text, kPyAtom);
      case ExprKind::kStringLit:
        return Code(PyString(e.text), kPyAtom);
      case ExprKind::kBoolLit:
        return Code(e.bool_value ? "True" : "False", kPyAtom);
      case ExprKind::kNoneLit:
        return Code("None", kPyAtom);
      case ExprKind::kIdentifier:
        return Identifier(e, view);
      case ExprKind::kEnumAccess:
        return Code(PyString(e.text), kPyAtom);
      case ExprKind::kPre:
        return Run(e.Operand(), View::kPre);
      case ExprKind::kPrime:
        return Run(e.Operand(), View::kPost);
      case ExprKind::kSomeWrap:
        return Run(e.Operand(), view);
      case ExprKind::kBinary:
        return Binary(e, view);
      case ExprKind::kUnary:
        return Unary(e, view);
      case ExprKind::kFieldAccess:
        return FieldAccess(e, view);
      case ExprKind::kIndex:
        return Index(e, view);
      case ExprKind::kCall:
        return Call(e, view);
      case ExprKind::kQuantifier:
        return Quantifier(e, view);
      case ExprKind::kThe:
        return The(e, view);
      case ExprKind::kSetComprehension:
        return Comprehension(e, view);
      case ExprKind::kWith:
        return With(e, view);
      case ExprKind::kIf:
        return If(e, view);
      case ExprKind::kLet:
        return Let(e, view);
      case ExprKind::kLambda:
        return SkipBecause("a lambda outside `sum(collection, x => ...)`");
      case ExprKind::kConstructor:
        return Constructor(e, view);
      case ExprKind::kSetLiteral:
      case ExprKind::kSeqLiteral:
        return List(e, view);
      case ExprKind::kMapLiteral:
        return MapLiteral(e, view);
      case ExprKind::kMatches: {
        auto subject = Run(e.Operand(), view);
        if (!subject) return subject;
        return Code(fmt::format("{}matches({}, {})", env_.support_prefix, PyRegex(e.text),
                                subject->text),
                    kPyPrimary);
      }
    }
    return SkipBecause("unsupported expression");
  }

  // `not e`, spelled without `not (a in b)` / `not a is None` (ruff E713/E714).
  Translated<PyCode> Negated(const Expr& e, View view) {
    if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kNot) {
      return Run(e.Operand(), view);
    }
    if (e.kind == ExprKind::kBinary) {
      BinaryOp op = e.binary_op;
      bool flips = op == BinaryOp::kEq || op == BinaryOp::kNeq || op == BinaryOp::kIn ||
                   op == BinaryOp::kNotIn;
      if (flips) {
        auto left = Run(e.Left(), view);
        if (!left) return left;
        auto right = Run(e.Right(), view);
        if (!right) return right;
        if (op == BinaryOp::kEq || op == BinaryOp::kNeq) {
          return Equality(e, *left, *right, op == BinaryOp::kEq);
        }
        return Membership(e, *left, *right, op == BinaryOp::kIn);
      }
    }
    auto code = Run(e, view);
    if (!code) return code;
    return Code("not " + Operand(*code, kPyNot), kPyNot);
  }

 private:
  Translated<PyCode> Identifier(const Expr& e, View view) {
    switch (e.ref) {
      case RefKind::kStateField:
        return State(e.text, view);
      case RefKind::kInput: {
        auto it = env_.inputs.find(e.text);
        if (it == env_.inputs.end()) {
          return SkipBecause(fmt::format("input `{}` is not available to this check", e.text));
        }
        return Code(it->second, kPyPrimary);
      }
      case RefKind::kOutput: {
        auto it = env_.outputs.find(e.text);
        if (it == env_.outputs.end()) {
          return SkipBecause(fmt::format("output `{}` is not observable in the response", e.text));
        }
        return Code(it->second, kPyPrimary);
      }
      case RefKind::kLocal:
      case RefKind::kParam:
        return Code(PyLocalName(e.text), kPyAtom);
      case RefKind::kEnumValue:
        return Code(PyString(e.text), kPyAtom);
      case RefKind::kEntityField:
        if (!env_.entity_row.empty()) {
          return Code(fmt::format("{}[{}]", env_.entity_row, PyString(e.text)), kPyPrimary);
        }
        return SkipBecause(fmt::format("`{}` names a value outside any operation", e.text));
      case RefKind::kSelf:
      case RefKind::kValue:
        return SkipBecause(fmt::format("`{}` names a value outside any operation", e.text));
      case RefKind::kEntity:
      case RefKind::kEnum:
      case RefKind::kAlias:
        return SkipBecause(fmt::format("type name `{}` used as a value", e.text));
      case RefKind::kFunction:
      case RefKind::kPredicate:
      case RefKind::kBuiltin:
        return SkipBecause(fmt::format("function `{}` used as a value", e.text));
      case RefKind::kUnresolved:
        return SkipBecause(fmt::format("unbound identifier `{}`", e.text));
    }
    return SkipBecause(fmt::format("unbound identifier `{}`", e.text));
  }

  Translated<PyCode> State(const std::string& name, View view) {
    bool post = view == View::kPost || (view == View::kBare && env_.bare_reads_post);
    const std::string& snapshot = post ? env_.post_state : env_.pre_state;
    if (snapshot.empty()) {
      return SkipBecause(fmt::format("reads the {} state of `{}`, which this check cannot observe",
                                     post ? "post" : "pre", name));
    }
    if (auto it = env_.unobservable_state_reasons().find(name);
        it != env_.unobservable_state_reasons().end()) {
      return SkipBecause(it->second);
    }
    return Code(fmt::format("{}[{}]", snapshot, PyString(name)), kPyPrimary);
  }

  Translated<PyCode> Binary(const Expr& e, View view) {
    BinaryOp op = e.binary_op;
    auto left = Run(e.Left(), view);
    if (!left) return left;
    auto right = Run(e.Right(), view);
    if (!right) return right;
    const PyCode& l = *left;
    const PyCode& r = *right;
    switch (op) {
      case BinaryOp::kAnd:
        return Code(Operand(l, kPyAnd) + " and " + Operand(r, kPyAnd + 1), kPyAnd);
      case BinaryOp::kOr:
        return Code(Operand(l, kPyOr) + " or " + Operand(r, kPyOr + 1), kPyOr);
      case BinaryOp::kImplies: {
        auto antecedent = Negated(e.Left(), view);
        if (!antecedent) return antecedent;
        return Code(Operand(*antecedent, kPyOr) + " or " + Operand(r, kPyOr + 1), kPyOr);
      }
      case BinaryOp::kIff: {
        // `p iff true` is `p` and `p iff false` is `not p`: ruff rejects `bool(True)` (UP018).
        for (const Expr* literal : {&e.Left(), &e.Right()}) {
          if (literal->kind != ExprKind::kBoolLit) continue;
          const Expr& other = literal == &e.Left() ? e.Right() : e.Left();
          if (!literal->bool_value) return Negated(other, view);
          const PyCode& code = literal == &e.Left() ? r : l;
          return Code(fmt::format("bool({})", code.text), kPyPrimary);
        }
        return Code(fmt::format("bool({}) == bool({})", l.text, r.text), kPyComparison);
      }
      case BinaryOp::kEq:
      case BinaryOp::kNeq:
        return Equality(e, l, r, op == BinaryOp::kNeq);
      case BinaryOp::kLt:
      case BinaryOp::kGt:
      case BinaryOp::kLe:
      case BinaryOp::kGe:
        return Ordering(e, l, r);
      case BinaryOp::kIn:
      case BinaryOp::kNotIn:
        return Membership(e, l, r, op == BinaryOp::kNotIn);
      case BinaryOp::kSubset:
        if (!ScalarCollections(e)) return SkipBecause("`subset` over entity values");
        return Code(fmt::format("set({}) <= set({})", l.text, r.text), kPyComparison);
      case BinaryOp::kUnion:
      case BinaryOp::kIntersect:
      case BinaryOp::kMinus: {
        if (!ScalarCollections(e)) {
          return SkipBecause(fmt::format("`{}` over maps or entity values", Spelling(op)));
        }
        std::string_view py = op == BinaryOp::kUnion ? "|" : op == BinaryOp::kIntersect ? "&" : "-";
        int prec = op == BinaryOp::kUnion ? kPyBitOr : op == BinaryOp::kIntersect ? kPyBitAnd
                                                                                   : kPyAdditive;
        return Code(fmt::format("set({}) {} set({})", l.text, py, r.text), prec);
      }
      case BinaryOp::kAdd:
      case BinaryOp::kSub:
      case BinaryOp::kMul:
      case BinaryOp::kDiv:
        return Arithmetic(e, l, r);
    }
    return SkipBecause("unsupported operator");
  }

  bool IsUrlOutput(const Expr& e) const {
    return e.kind == ExprKind::kIdentifier && e.ref == RefKind::kOutput &&
           env_.url_outputs.count(e.text) > 0;
  }

  // Both operands are collections of plain values (JSON arrays of scalars).
  static bool ScalarCollections(const Expr& e) {
    for (const Expr* side : {&e.Left(), &e.Right()}) {
      const Type& t = ir::Unwrapped(side->type);
      if (t.kind != TypeKind::kSet && t.kind != TypeKind::kSeq) return false;
      if (!EntityOfValues(t).empty()) return false;
    }
    return true;
  }

  Translated<PyCode> Equality(const Expr& e, const PyCode& l, const PyCode& r, bool negate) {
    std::string_view no = negate ? "not " : "";
    if (e.Left().kind == ExprKind::kNoneLit || e.Right().kind == ExprKind::kNoneLit) {
      const PyCode& other = e.Left().kind == ExprKind::kNoneLit ? r : l;
      return Code(Operand(other, kPyComparison + 1) + (negate ? " is not None" : " is None"),
                  kPyComparison);
    }
    if (e.Left().kind == ExprKind::kBoolLit || e.Right().kind == ExprKind::kBoolLit) {
      // `x is True` rather than `x == True` (ruff E712); JSON booleans are Python's singletons.
      bool left_literal = e.Left().kind == ExprKind::kBoolLit;
      const PyCode& other = left_literal ? r : l;
      const PyCode& literal = left_literal ? l : r;
      return Code(Operand(other, kPyComparison + 1) + (negate ? " is not " : " is ") + literal.text,
                  kPyComparison);
    }
    // `s = {}`: emptiness, whatever the element type of the literal was inferred as.
    for (const auto& [side, other] : {std::pair{&e.Left(), &r}, std::pair{&e.Right(), &l}}) {
      if ((side->kind == ExprKind::kSetLiteral || side->kind == ExprKind::kSeqLiteral ||
           side->kind == ExprKind::kMapLiteral) &&
          side->operands.empty()) {
        return Code(fmt::format("len({}) {} 0", other->text, negate ? "!=" : "=="), kPyComparison);
      }
    }
    const Type& t = Known(e.Left(), e.Right());
    std::string call;
    if (IsUrlOutput(e.Left()) || IsUrlOutput(e.Right())) {
      call = fmt::format("{}same_url({}, {})", env_.support_prefix, l.text, r.text);
    } else if (IsNowCall(e.Left()) || IsNowCall(e.Right()) || t.kind == TypeKind::kDateTime) {
      call = fmt::format("{}same_instant({}, {})", env_.support_prefix, l.text, r.text);
    } else if (t.kind == TypeKind::kEntity) {
      call = fmt::format("{}same_row({}, {}, {})", env_.support_prefix, l.text, r.text,
                         Shape(t.name));
    } else if (t.kind == TypeKind::kMap || t.kind == TypeKind::kRelation) {
      std::string entity = EntityOfValues(t);
      call = fmt::format("{}same_map({}, {}, {})", env_.support_prefix, l.text, r.text,
                         entity.empty() ? "None" : Shape(entity));
    } else if (t.kind == TypeKind::kSet || t.kind == TypeKind::kSeq) {
      std::string entity = EntityOfValues(t);
      if (!entity.empty()) {
        // Both sides must hold entities; the reference's `{m in metadata | true}` ranges over
        // keys and would compare rows with codes.
        if (EntityOfValues(e.Left().type) != EntityOfValues(e.Right().type)) {
          return SkipBecause("the two sides hold different kinds of values");
        }
        call = fmt::format("{}same_rows({}, {}, {})", env_.support_prefix, l.text, r.text,
                           Shape(entity));
      } else if (t.kind == TypeKind::kSet) {
        call = fmt::format("{}same_set({}, {})", env_.support_prefix, l.text, r.text);
      }
    }
    if (!call.empty()) {
      return Code(std::string(no) + call, negate ? kPyNot : kPyPrimary);
    }
    return Code(fmt::format("{} {} {}", Operand(l, kPyComparison + 1), negate ? "!=" : "==",
                            Operand(r, kPyComparison + 1)),
                kPyComparison);
  }

  Translated<PyCode> Ordering(const Expr& e, const PyCode& l, const PyCode& r) {
    if (IsNowCall(e.Left()) || IsNowCall(e.Right())) {
      return SkipBecause("orders a value against now(), the service's clock");
    }
    std::string_view op = e.binary_op == BinaryOp::kLt   ? "<"
                          : e.binary_op == BinaryOp::kGt ? ">"
                          : e.binary_op == BinaryOp::kLe ? "<="
                                                         : ">=";
    const Type& t = Known(e.Left(), e.Right());
    if (t.kind == TypeKind::kDuration) {
      return SkipBecause("compares durations");
    }
    // Instants travel as ISO 8601 strings, and an absent optional value orders with nothing.
    bool optional = e.Left().type.kind == TypeKind::kOption ||
                    e.Right().type.kind == TypeKind::kOption;
    if (t.kind == TypeKind::kDateTime || optional) {
      return Code(fmt::format("{}ordered({}, \"{}\", {})", env_.support_prefix, l.text, op, r.text),
                  kPyPrimary);
    }
    return Code(fmt::format("{} {} {}", Operand(l, kPyComparison + 1), op,
                            Operand(r, kPyComparison + 1)),
                kPyComparison);
  }

  Translated<PyCode> Membership(const Expr& e, const PyCode& l, const PyCode& r, bool negate) {
    const Type& domain = ir::Unwrapped(e.Right().type);
    if ((domain.kind == TypeKind::kSet || domain.kind == TypeKind::kSeq) &&
        IsEntity(e.Left().type)) {
      std::string call = fmt::format("{}contains_row({}, {}, {})", env_.support_prefix, r.text,
                                     l.text,
                                     Shape(ir::Unwrapped(e.Left().type).name));
      return Code((negate ? "not " : "") + call, negate ? kPyNot : kPyPrimary);
    }
    return Code(fmt::format("{} {} {}", Operand(l, kPyComparison + 1), negate ? "not in" : "in",
                            Operand(r, kPyComparison + 1)),
                kPyComparison);
  }

  Translated<PyCode> Arithmetic(const Expr& e, const PyCode& l, const PyCode& r) {
    const Type& t = Known(e.Left(), e.Right());
    BinaryOp op = e.binary_op;
    if (t.kind == TypeKind::kMap || t.kind == TypeKind::kRelation) {
      if (op != BinaryOp::kAdd) return SkipBecause("arithmetic on a map other than `+`");
      return Code(fmt::format("{{**{}, **{}}}", Operand(l, kPyBitOr + 1), Operand(r, kPyBitOr + 1)),
                  kPyAtom);
    }
    if (t.kind == TypeKind::kSet || t.kind == TypeKind::kSeq) {
      return SkipBecause("arithmetic on a collection");
    }
    if (t.kind == TypeKind::kDateTime || t.kind == TypeKind::kDuration) {
      return SkipBecause("arithmetic on instants or durations");
    }
    if (op == BinaryOp::kDiv) {
      if (t.kind != TypeKind::kFloat) return SkipBecause("integer division");
      return Code(Operand(l, kPyMultiplicative) + " / " + Operand(r, kPyMultiplicative + 1),
                  kPyMultiplicative);
    }
    if (op == BinaryOp::kMul) {
      return Code(Operand(l, kPyMultiplicative) + " * " + Operand(r, kPyMultiplicative + 1),
                  kPyMultiplicative);
    }
    std::string_view py = op == BinaryOp::kAdd ? " + " : " - ";
    return Code(Operand(l, kPyAdditive) + std::string(py) + Operand(r, kPyAdditive + 1),
                kPyAdditive);
  }

  Translated<PyCode> Unary(const Expr& e, View view) {
    auto inner = Run(e.Operand(), view);
    if (!inner) return inner;
    switch (e.unary_op) {
      case UnaryOp::kNot:
        return Code("not " + Operand(*inner, kPyNot), kPyNot);
      case UnaryOp::kNegate:
        return Code("-" + Operand(*inner, kPyUnary), kPyUnary);
      case UnaryOp::kCardinality:
        return Code("len(" + inner->text + ")", kPyPrimary);
      case UnaryOp::kPowerset:
        return SkipBecause("powerset");
    }
    return SkipBecause("unsupported operator");
  }

  Translated<PyCode> FieldAccess(const Expr& e, View view) {
    const Type& base_type = ir::Unwrapped(e.Operand().type);
    if (base_type.kind == TypeKind::kEntity && env_.module != nullptr) {
      const ir::Entity* entity = env_.module->FindEntity(base_type.name);
      const ir::Field* field = entity != nullptr ? entity->FindField(e.text) : nullptr;
      const convention::Entity* model_entity =
          env_.service != nullptr ? env_.service->FindEntity(base_type.name) : nullptr;
      const convention::EntityField* model_field =
          model_entity != nullptr ? model_entity->FindField(e.text) : nullptr;
      const Expr* root = convention::RootIdentifier(e.Operand());
      if (model_field != nullptr && model_field->sensitive && root != nullptr &&
          root->ref == RefKind::kOutput) {
        return SkipBecause(fmt::format(
            "`{}.{}` is write-only: responses never carry it", base_type.name, e.text));
      }
      // Child rows (`items: Set[LineItem]` with a key back to the parent) travel nested in both
      // views; any other entity reference travels as a key.
      bool nested = model_field != nullptr &&
                    model_field->storage == convention::FieldStorage::kChildRows;
      if (field != nullptr && !nested) {
        const Type& ft = ir::Unwrapped(field->type);
        if (!EntityOfValues(ft).empty()) {
          return SkipBecause(fmt::format(
              "field `{}.{}` refers to another entity, which the JSON views carry as a key",
              entity->name, e.text));
        }
      }
    }
    auto base = Run(e.Operand(), view);
    if (!base) return base;
    return Code(fmt::format("{}[{}]", Operand(*base, kPyPrimary), PyString(e.text)), kPyPrimary);
  }

  Translated<PyCode> Index(const Expr& e, View view) {
    auto base = Run(e.Left(), view);
    if (!base) return base;
    auto key = Run(e.Right(), view);
    if (!key) return key;
    return Code(fmt::format("{}[{}]", Operand(*base, kPyPrimary), key->text), kPyPrimary);
  }

  Translated<std::vector<PyCode>> Args(const Expr& e, View view) {
    std::vector<PyCode> args;
    for (std::size_t i = 1; i < e.operands.size(); ++i) {
      auto arg = Run(e.operands[i], view);
      if (!arg) return tl::unexpected(arg.error());
      args.push_back(*arg);
    }
    return args;
  }

  static std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
      out += (out.empty() ? "" : ", ") + item;
    }
    return out;
  }

  static std::string Join(const std::vector<PyCode>& items) {
    std::string out;
    for (const PyCode& item : items) {
      out += (out.empty() ? "" : ", ") + item.text;
    }
    return out;
  }

  Translated<PyCode> Call(const Expr& e, View view) {
    const Expr& callee = e.operands[0];
    if (callee.kind != ExprKind::kIdentifier) {
      return SkipBecause("call of a computed function");
    }
    const std::string& name = callee.text;
    std::size_t arity = e.operands.size() - 1;
    if (ir::IsBuiltin(name) && callee.ref != RefKind::kFunction &&
        callee.ref != RefKind::kPredicate) {
      return Builtin(e, name, arity, view);
    }
    if (env_.functions == nullptr) {
      return SkipBecause(fmt::format("calls `{}`, which has no Python definition here", name));
    }
    auto it = env_.functions->find(name);
    if (it == env_.functions->end()) {
      return SkipBecause(fmt::format("unknown function `{}`", name));
    }
    if (!it->second.empty()) {
      return SkipBecause(fmt::format("calls `{}`, whose body has no translation: {}", name,
                                     it->second));
    }
    auto args = Args(e, view);
    if (!args) return tl::unexpected(args.error());
    return Code(fmt::format("{}{}({})", env_.model_prefix, PyFunctionName(name), Join(*args)),
                kPyPrimary);
  }

  Translated<PyCode> Builtin(const Expr& e, const std::string& name, std::size_t arity,
                             View view) {
    if (name == "now") {
      if (env_.now.empty()) return SkipBecause("reads now(), which this check cannot observe");
      return Code(env_.now, kPyPrimary);
    }
    if (name == "sum") {
      if (arity != 2 || e.operands[2].kind != ExprKind::kLambda) {
        return SkipBecause("`sum` without a `x => ...` function");
      }
      auto coll = Run(e.operands[1], view);
      if (!coll) return coll;
      const Expr& lambda = e.operands[2];
      auto body = Run(lambda.Body(), view);
      if (!body) return body;
      return Code(fmt::format("sum({} for {} in {})", body->text, PyLocalName(lambda.text),
                              Operand(*coll, kPyOr + 1)),
                  kPyPrimary);
    }
    if (name == "days" || name == "hours" || name == "minutes" || name == "seconds") {
      return SkipBecause("durations");
    }
    if (name == "hash") {
      return SkipBecause("hash() is the service's choice of digest");
    }
    auto args = Args(e, view);
    if (!args) return tl::unexpected(args.error());
    if (name == "dom" && arity == 1) {
      return Code(fmt::format("set({})", (*args)[0].text), kPyPrimary);
    }
    if (name == "ran" && arity == 1) {
      return Code(fmt::format("list({}.values())", Operand((*args)[0], kPyPrimary)), kPyPrimary);
    }
    if ((name == "len" || name == "abs") && arity == 1) {
      return Code(fmt::format("{}({})", name, (*args)[0].text), kPyPrimary);
    }
    if ((name == "max" || name == "min") && arity >= 1) {
      return Code(fmt::format("{}({})", name, Join(*args)), kPyPrimary);
    }
    return SkipBecause(fmt::format("`{}` with {} argument(s)", name, arity));
  }

  Translated<std::string> Bindings(const Expr& e, View view) {
    std::string loops;
    for (std::size_t i = 0; i < e.names.size(); ++i) {
      if (i < e.binding_kinds.size() && e.binding_kinds[i] == BindingKind::kColon) {
        return SkipBecause("a quantifier over every value of a type (`x: T`)");
      }
      auto domain = Run(e.operands[i], view);
      if (!domain) return tl::unexpected(domain.error());
      loops += fmt::format(" for {} in {}", PyLocalName(e.names[i].text),
                           Operand(*domain, kPyOr + 1));
    }
    return loops;
  }

  Translated<PyCode> Quantifier(const Expr& e, View view) {
    auto loops = Bindings(e, view);
    if (!loops) return tl::unexpected(loops.error());
    auto body = Run(e.Body(), view);
    if (!body) return body;
    std::string gen = body->text + *loops;
    switch (e.quantifier) {
      case QuantifierKind::kAll:
        return Code("all(" + gen + ")", kPyPrimary);
      case QuantifierKind::kSome:
      case QuantifierKind::kExists:
        return Code("any(" + gen + ")", kPyPrimary);
      case QuantifierKind::kNo:
        return Code("not any(" + gen + ")", kPyNot);
    }
    return SkipBecause("unsupported quantifier");
  }

  Translated<PyCode> The(const Expr& e, View view) {
    auto domain = Run(e.operands[0], view);
    if (!domain) return domain;
    auto body = Run(e.Body(), view);
    if (!body) return body;
    std::string var = PyLocalName(e.text);
    return Code(fmt::format("next(({0} for {0} in {1} if {2}), None)", var,
                            Operand(*domain, kPyOr + 1), Operand(*body, kPyOr + 1)),
                kPyPrimary);
  }

  Translated<PyCode> Comprehension(const Expr& e, View view) {
    auto domain = Run(e.operands[0], view);
    if (!domain) return domain;
    auto body = Run(e.Body(), view);
    if (!body) return body;
    std::string var = PyLocalName(e.text);
    return Code(fmt::format("[{0} for {0} in {1} if {2}]", var, Operand(*domain, kPyOr + 1),
                            Operand(*body, kPyOr + 1)),
                kPyAtom);
  }

  Translated<PyCode> With(const Expr& e, View view) {
    auto base = Run(e.operands[0], view);
    if (!base) return base;
    std::string out = "{**" + Operand(*base, kPyBitOr + 1);
    for (std::size_t i = 0; i < e.names.size(); ++i) {
      auto value = Run(e.operands[i + 1], view);
      if (!value) return value;
      out += fmt::format(", {}: {}", PyString(e.names[i].text), value->text);
    }
    return Code(out + "}", kPyAtom);
  }

  Translated<PyCode> If(const Expr& e, View view) {
    auto cond = Run(e.operands[0], view);
    if (!cond) return cond;
    auto then = Run(e.operands[1], view);
    if (!then) return then;
    auto otherwise = Run(e.operands[2], view);
    if (!otherwise) return otherwise;
    return Code(fmt::format("{} if {} else {}", Operand(*then, kPyConditional + 1),
                            Operand(*cond, kPyConditional + 1),
                            Operand(*otherwise, kPyConditional)),
                kPyConditional);
  }

  Translated<PyCode> Let(const Expr& e, View view) {
    auto value = Run(e.operands[0], view);
    if (!value) return value;
    auto body = Run(e.Body(), view);
    if (!body) return body;
    return Code(fmt::format("(lambda {}: {})({})", PyLocalName(e.text), body->text, value->text),
                kPyPrimary);
  }

  Translated<PyCode> Constructor(const Expr& e, View view) {
    std::string out = "{";
    for (std::size_t i = 0; i < e.names.size(); ++i) {
      auto value = Run(e.operands[i], view);
      if (!value) return value;
      out += fmt::format("{}{}: {}", i == 0 ? "" : ", ", PyString(e.names[i].text), value->text);
    }
    return Code(out + "}", kPyAtom);
  }

  Translated<PyCode> List(const Expr& e, View view) {
    std::vector<std::string> items;
    for (const Expr& item : e.operands) {
      auto value = Run(item, view);
      if (!value) return value;
      items.push_back(value->text);
    }
    return Code("[" + Join(items) + "]", kPyAtom);
  }

  Translated<PyCode> MapLiteral(const Expr& e, View view) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i + 1 < e.operands.size(); i += 2) {
      auto key = Run(e.operands[i], view);
      if (!key) return key;
      auto value = Run(e.operands[i + 1], view);
      if (!value) return value;
      items.push_back(key->text + ": " + value->text);
    }
    return Code("{" + Join(items) + "}", kPyAtom);
  }

  std::string Shape(const std::string& entity) const {
    return fmt::format("{}ROW_SHAPES[{}]", env_.model_prefix, PyString(entity));
  }

  const PyEnv& env_;
};

}  // namespace

const std::map<std::string, std::string>& PyEnv::unobservable_state_reasons() const {
  static const std::map<std::string, std::string> kNone;
  return unobservable_state != nullptr ? *unobservable_state : kNone;
}

Translated<PyCode> TranslateExpr(const ir::Expr& expr, const PyEnv& env) {
  Translator translator(env);
  return translator.Run(expr, View::kBare);
}

Translated<PyCode> TranslateNegation(const ir::Expr& expr, const PyEnv& env) {
  Translator translator(env);
  return translator.Negated(expr, View::kBare);
}

Translated<std::string> TranslateText(const ir::Expr& expr, const PyEnv& env) {
  auto code = TranslateExpr(expr, env);
  if (!code) return tl::unexpected(code.error());
  return code->text;
}

std::string PyLocalName(std::string_view spec_name) {
  std::string name = EscapeLocal(spec_name);
  for (std::string_view taken : kTestNames) {
    if (name == taken) {
      return name + "_";
    }
  }
  return name;
}

std::string PyFunctionName(std::string_view spec_name) {
  return EscapeLocal(convention::ToSnakeCase(spec_name));
}

std::string FieldShape(const ir::Type& type) {
  switch (ir::Unwrapped(type).kind) {
    case TypeKind::kDateTime:
      return "instant";
    case TypeKind::kSet:
      return "set";
    default:
      return "value";
  }
}

}  // namespace s2r::emit::python_fastapi::testgen
