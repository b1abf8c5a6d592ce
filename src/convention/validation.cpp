// Refinement reduction: `where` atoms -> bounds, lengths, patterns, value sets, runtime checks.
#include "convention/validation.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "convention/expr_util.h"

namespace s2r::convention {
namespace {

using ir::Expr;
using ir::ExprKind;
using SubjectTest = std::function<bool(const Expr&)>;

constexpr int kMaxPredicateDepth = 8;

double ToDouble(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

// Is `a` a tighter minimum than `b`?
bool TighterMinimum(const NumericBound& a, const NumericBound& b) {
  if (a.integer && b.integer) {
    return a.InclusiveInt(true) > b.InclusiveInt(true);
  }
  double va = ToDouble(a.value);
  double vb = ToDouble(b.value);
  return va > vb || (va == vb && a.exclusive && !b.exclusive);
}

bool TighterMaximum(const NumericBound& a, const NumericBound& b) {
  if (a.integer && b.integer) {
    return a.InclusiveInt(false) < b.InclusiveInt(false);
  }
  double va = ToDouble(a.value);
  double vb = ToDouble(b.value);
  return va < vb || (va == vb && a.exclusive && !b.exclusive);
}

void SetMinimum(Constraints& c, const NumericBound& bound) {
  if (!c.minimum || TighterMinimum(bound, *c.minimum)) {
    c.minimum = bound;
  }
}

void SetMaximum(Constraints& c, const NumericBound& bound) {
  if (!c.maximum || TighterMaximum(bound, *c.maximum)) {
    c.maximum = bound;
  }
}

void SetMinLength(Constraints& c, const LengthBound& bound) {
  if (!c.min_length || bound.value > c.min_length->value) {
    c.min_length = bound;
  }
}

void SetMaxLength(Constraints& c, const LengthBound& bound) {
  if (!c.max_length || bound.value < c.max_length->value) {
    c.max_length = bound;
  }
}

void AddPattern(Constraints& c, const Pattern& pattern) {
  for (const Pattern& existing : c.patterns) {
    if (existing.regex == pattern.regex) {
      return;
    }
  }
  c.patterns.push_back(pattern);
}

void IntersectAllowed(Constraints& c, std::vector<std::string> values, bool strings,
                      std::string enum_name, Span span) {
  if (c.allowed_values.empty()) {
    c.allowed_values = std::move(values);
    c.allowed_values_are_strings = strings;
    c.enum_name = std::move(enum_name);
    c.allowed_values_span = span;
    if (c.allowed_values.empty()) {
      c.unsatisfiable = true;
    }
    return;
  }
  std::vector<std::string> kept;
  for (const std::string& value : c.allowed_values) {
    if (std::find(values.begin(), values.end(), value) != values.end()) {
      kept.push_back(value);
    }
  }
  if (kept.empty()) {
    c.unsatisfiable = true;
  }
  c.allowed_values = std::move(kept);
}

void Recheck(Constraints& c) {
  if (c.minimum && c.maximum) {
    const NumericBound& lo = *c.minimum;
    const NumericBound& hi = *c.maximum;
    if (lo.integer && hi.integer) {
      c.unsatisfiable = c.unsatisfiable || lo.InclusiveInt(true) > hi.InclusiveInt(false);
    } else {
      double vl = ToDouble(lo.value);
      double vh = ToDouble(hi.value);
      c.unsatisfiable = c.unsatisfiable || vl > vh || (vl == vh && (lo.exclusive || hi.exclusive));
    }
  }
  if (c.min_length && c.max_length && c.min_length->value > c.max_length->value) {
    c.unsatisfiable = true;
  }
}

class Reducer {
 public:
  Reducer(const ir::Module& module, SubjectTest is_subject, ConstraintOrigin origin, int depth = 0)
      : module_(module), is_subject_(std::move(is_subject)), origin_(origin), depth_(depth) {}

  // Reduces a predicate (split on `and`) into `c`. Returns true when every atom reduced.
  bool Predicate(const Expr& e, Constraints& c) const {
    std::vector<const Expr*> atoms;
    SplitAnd(e, atoms);
    bool all = true;
    for (const Expr* atom : atoms) {
      if (!Atom(*atom, c)) {
        c.runtime_checks.push_back(RuntimeCheck{atom, ExprText(*atom), origin_, atom->span});
        all = false;
      }
    }
    Recheck(c);
    return all;
  }

  // One atom; false when it cannot be reduced (the caller records a runtime check).
  bool Atom(const Expr& e, Constraints& c) const {
    if (e.kind == ExprKind::kBoolLit && e.bool_value) {
      return true;
    }
    if (e.kind == ExprKind::kMatches && !e.operands.empty() && is_subject_(e.Operand())) {
      AddPattern(c, Pattern{e.text, "", origin_, e.span});
      return true;
    }
    if (e.kind == ExprKind::kCall) {
      return Call(e, c);
    }
    if (e.kind != ExprKind::kBinary || e.operands.size() != 2) {
      return false;
    }
    if (e.binary_op == BinaryOp::kIn) {
      return Membership(e, c);
    }
    if (!IsComparison(e.binary_op) || e.binary_op == BinaryOp::kIn ||
        e.binary_op == BinaryOp::kNotIn || e.binary_op == BinaryOp::kSubset) {
      return false;
    }
    // Normalise to `subject-side op literal`.
    const Expr* lhs = &e.Left();
    const Expr* rhs = &e.Right();
    BinaryOp op = e.binary_op;
    if (IsLiteral(*lhs) && !IsLiteral(*rhs)) {
      std::swap(lhs, rhs);
      op = FlipComparison(op);
    }
    if (const Expr* measured = LengthOf(*lhs); measured != nullptr && is_subject_(*measured)) {
      std::optional<std::int64_t> n = IntLiteral(*rhs);
      return n && Length(op, *n, e.span, c);
    }
    if (!is_subject_(*lhs)) {
      return false;
    }
    bool integer = true;
    if (std::optional<std::string> number = NumberLiteral(*rhs, &integer)) {
      return Numeric(op, *number, integer, e.span, c);
    }
    if (rhs->kind == ExprKind::kStringLit && op == BinaryOp::kEq) {
      IntersectAllowed(c, {rhs->text}, true, "", e.span);
      return true;
    }
    if (rhs->kind == ExprKind::kIdentifier && rhs->ref == ir::RefKind::kEnumValue &&
        op == BinaryOp::kEq) {
      IntersectAllowed(c, {rhs->text}, true, rhs->enum_name, e.span);
      return true;
    }
    return false;
  }

 private:
  static bool IsLiteral(const Expr& e) {
    return e.kind == ExprKind::kIntLit || e.kind == ExprKind::kFloatLit ||
           e.kind == ExprKind::kStringLit || IntLiteral(e).has_value() ||
           (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kNegate && !e.operands.empty() &&
            e.Operand().kind == ExprKind::kFloatLit);
  }

  // `len(x)` or `#x` -> x.
  static const Expr* LengthOf(const Expr& e) {
    if (CalleeName(e) == "len" && CallArity(e) == 1) {
      return &CallArg(e, 0);
    }
    if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kCardinality && !e.operands.empty()) {
      return &e.Operand();
    }
    return nullptr;
  }

  bool Length(BinaryOp op, std::int64_t n, Span span, Constraints& c) const {
    switch (op) {
      case BinaryOp::kGe: SetMinLength(c, {n, origin_, span}); return true;
      case BinaryOp::kGt: SetMinLength(c, {n + 1, origin_, span}); return true;
      case BinaryOp::kLe: SetMaxLength(c, {n, origin_, span}); return true;
      case BinaryOp::kLt: SetMaxLength(c, {n - 1, origin_, span}); return true;
      case BinaryOp::kEq:
        SetMinLength(c, {n, origin_, span});
        SetMaxLength(c, {n, origin_, span});
        return true;
      default: return false;
    }
  }

  bool Numeric(BinaryOp op, const std::string& value, bool integer, Span span,
               Constraints& c) const {
    NumericBound bound{value, false, integer, origin_, span};
    switch (op) {
      case BinaryOp::kGe: SetMinimum(c, bound); return true;
      case BinaryOp::kGt: bound.exclusive = true; SetMinimum(c, bound); return true;
      case BinaryOp::kLe: SetMaximum(c, bound); return true;
      case BinaryOp::kLt: bound.exclusive = true; SetMaximum(c, bound); return true;
      case BinaryOp::kEq:
        SetMinimum(c, bound);
        SetMaximum(c, bound);
        return true;
      default: return false;
    }
  }

  // `subject in {lit, ...}`.
  bool Membership(const Expr& e, Constraints& c) const {
    if (!is_subject_(e.Left()) || e.Right().kind != ExprKind::kSetLiteral) {
      return false;
    }
    std::vector<std::string> values;
    bool strings = true;
    bool ints = true;
    std::string enum_name;
    for (const Expr& element : e.Right().operands) {
      if (element.kind == ExprKind::kStringLit) {
        ints = false;
        values.push_back(element.text);
      } else if (std::optional<std::int64_t> n = IntLiteral(element)) {
        strings = false;
        values.push_back(std::to_string(*n));
      } else if (element.kind == ExprKind::kIdentifier && element.ref == ir::RefKind::kEnumValue) {
        ints = false;
        enum_name = element.enum_name;
        values.push_back(element.text);
      } else {
        return false;
      }
    }
    if (!strings && !ints) {
      return false;
    }
    IntersectAllowed(c, std::move(values), strings, enum_name, e.span);
    return true;
  }

  // `P(subject)` for a one-parameter predicate: inline its body with the parameter as subject.
  bool Call(const Expr& e, Constraints& c) const {
    std::string_view name = CalleeName(e);
    if (name.empty() || CallArity(e) != 1 || !is_subject_(CallArg(e, 0)) ||
        depth_ >= kMaxPredicateDepth) {
      return false;
    }
    const ir::Predicate* predicate = module_.FindPredicate(name);
    if (predicate == nullptr || predicate->params.size() != 1) {
      return false;
    }
    std::string param = predicate->params[0].name;
    Reducer inner(module_, [param](const Expr& x) { return IsIdentifier(x, param); }, origin_,
                  depth_ + 1);
    Constraints reduced;
    std::vector<const Expr*> atoms;
    SplitAnd(predicate->body, atoms);
    bool all = true;
    for (const Expr* atom : atoms) {
      all = inner.Atom(*atom, reduced) && all;
    }
    // Attribute the inlined constraints to the call site, naming the predicate.
    for (Pattern& pattern : reduced.patterns) {
      if (pattern.predicate.empty()) {
        pattern.predicate = std::string(name);
      }
      pattern.span = e.span;
    }
    if (reduced.min_length) reduced.min_length->span = e.span;
    if (reduced.max_length) reduced.max_length->span = e.span;
    if (reduced.minimum) reduced.minimum->span = e.span;
    if (reduced.maximum) reduced.maximum->span = e.span;
    reduced.runtime_checks.clear();
    MergeConstraints(c, reduced);
    return all;
  }

  const ir::Module& module_;
  SubjectTest is_subject_;
  ConstraintOrigin origin_;
  int depth_;
};

bool IsValue(const Expr& e) { return IsIdentifier(e, "value"); }

// The field named by `f` or `self.f`; empty otherwise.
std::string_view FieldOf(const Expr& e) {
  if (e.kind == ExprKind::kIdentifier && e.text != "self" && e.ref != ir::RefKind::kEnumValue &&
      e.ref != ir::RefKind::kEnum && e.ref != ir::RefKind::kPredicate &&
      e.ref != ir::RefKind::kFunction && e.ref != ir::RefKind::kBuiltin) {
    return e.text;
  }
  if (e.kind == ExprKind::kFieldAccess && !e.operands.empty() &&
      IsIdentifier(e.Operand(), "self")) {
    return e.text;
  }
  return {};
}

}  // namespace

std::int64_t NumericBound::InclusiveInt(bool is_minimum) const {
  std::int64_t parsed = 0;
  std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (!exclusive) {
    return parsed;
  }
  return is_minimum ? parsed + 1 : parsed - 1;
}

bool Constraints::Empty() const {
  return !minimum && !maximum && !min_length && !max_length && patterns.empty() &&
         allowed_values.empty() && runtime_checks.empty() && !unsatisfiable;
}

Validation ValidationReducer::ForType(const ir::Type& declared, const ir::Expr* inline_where) const {
  Validation validation;
  const ir::Type* type = &declared;
  while (type->kind == ir::TypeKind::kOption && !type->args.empty()) {
    type = &type->args[0];
  }
  Constraints& c = validation.value;
  if (type->kind == ir::TypeKind::kEnum) {
    if (const ir::Enum* e = module_.FindEnum(type->name)) {
      IntersectAllowed(c, e->values, true, e->name, e->name_span);
    }
  }
  Reducer reducer(module_, IsValue, ConstraintOrigin::kRefinement);
  if (inline_where != nullptr) {
    reducer.Predicate(*inline_where, c);
  }
  for (const ir::Expr* refinement : module_.RefinementsOf(declared)) {
    reducer.Predicate(*refinement, c);
  }
  if ((type->kind == ir::TypeKind::kSet || type->kind == ir::TypeKind::kSeq) &&
      !type->args.empty()) {
    validation.element = ForType(type->args[0], nullptr).value;
  }
  Recheck(c);
  return validation;
}

std::string_view ValidationReducer::InvariantSubject(const ir::Expr& atom) const {
  switch (atom.kind) {
    case ExprKind::kMatches:
      return atom.operands.empty() ? std::string_view{} : FieldOf(atom.Operand());
    case ExprKind::kCall:
      if (CallArity(atom) == 1 && module_.FindPredicate(CalleeName(atom)) != nullptr) {
        return FieldOf(CallArg(atom, 0));
      }
      return {};
    case ExprKind::kBinary: {
      if (atom.operands.size() != 2) {
        return {};
      }
      const Expr* side = &atom.Left();
      const Expr* other = &atom.Right();
      bool other_literal = other->kind == ExprKind::kIntLit || other->kind == ExprKind::kFloatLit ||
                           other->kind == ExprKind::kStringLit || IntLiteral(*other).has_value() ||
                           other->kind == ExprKind::kSetLiteral ||
                           (other->kind == ExprKind::kIdentifier &&
                            other->ref == ir::RefKind::kEnumValue);
      if (!other_literal) {
        std::swap(side, other);
        other_literal = other->kind == ExprKind::kIntLit || other->kind == ExprKind::kFloatLit ||
                        other->kind == ExprKind::kStringLit || IntLiteral(*other).has_value();
      }
      if (!other_literal) {
        return {};
      }
      if (CalleeName(*side) == "len" && CallArity(*side) == 1) {
        return FieldOf(CallArg(*side, 0));
      }
      if (side->kind == ExprKind::kUnary && side->unary_op == UnaryOp::kCardinality &&
          !side->operands.empty()) {
        return FieldOf(side->Operand());
      }
      return FieldOf(*side);
    }
    default:
      return {};
  }
}

bool ValidationReducer::ReduceInvariantAtom(const ir::Expr& atom, std::string_view field,
                                            Constraints& out) const {
  return ReduceSubjectAtom(atom, field, ConstraintOrigin::kInvariant, out);
}

bool ValidationReducer::ReduceSubjectAtom(const ir::Expr& atom, std::string_view subject,
                                          ConstraintOrigin origin, Constraints& out) const {
  std::string name(subject);
  Reducer reducer(
      module_, [name](const Expr& e) { return FieldOf(e) == name; }, origin);
  Constraints reduced;
  if (!reducer.Atom(atom, reduced)) {
    return false;
  }
  MergeConstraints(out, reduced);
  return true;
}

void AddIntegerRange(Constraints& c, SqlTypeKind column_kind) {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  if (column_kind == SqlTypeKind::kInteger) {
    lo = std::numeric_limits<std::int32_t>::min();
    hi = std::numeric_limits<std::int32_t>::max();
  } else if (column_kind == SqlTypeKind::kBigInteger) {
    lo = std::numeric_limits<std::int64_t>::min();
    hi = std::numeric_limits<std::int64_t>::max();
  } else {
    return;
  }
  NumericBound min{std::to_string(lo), false, true, ConstraintOrigin::kColumnWidth, {}};
  NumericBound max{std::to_string(hi), false, true, ConstraintOrigin::kColumnWidth, {}};
  if (!c.minimum) {
    c.minimum = min;
  }
  if (!c.maximum) {
    c.maximum = max;
  }
}

void MergeConstraints(Constraints& into, const Constraints& extra) {
  if (extra.minimum) SetMinimum(into, *extra.minimum);
  if (extra.maximum) SetMaximum(into, *extra.maximum);
  if (extra.min_length) SetMinLength(into, *extra.min_length);
  if (extra.max_length) SetMaxLength(into, *extra.max_length);
  for (const Pattern& pattern : extra.patterns) {
    AddPattern(into, pattern);
  }
  if (!extra.allowed_values.empty() || (extra.unsatisfiable && extra.allowed_values.empty() &&
                                        !extra.enum_name.empty())) {
    IntersectAllowed(into, extra.allowed_values, extra.allowed_values_are_strings,
                     extra.enum_name, extra.allowed_values_span);
  }
  // Merging the same constraints twice (a field's, adopted by two routes) adds nothing.
  for (const RuntimeCheck& check : extra.runtime_checks) {
    bool known = std::any_of(into.runtime_checks.begin(), into.runtime_checks.end(),
                             [&](const RuntimeCheck& c) { return c.expr == check.expr; });
    if (!known) into.runtime_checks.push_back(check);
  }
  into.unsatisfiable = into.unsatisfiable || extra.unsatisfiable;
  Recheck(into);
}

std::string DescribeConstraints(const Constraints& c) {
  std::vector<std::string> parts;
  if (c.minimum) parts.push_back(fmt::format("{} {}", c.minimum->exclusive ? ">" : ">=", c.minimum->value));
  if (c.maximum) parts.push_back(fmt::format("{} {}", c.maximum->exclusive ? "<" : "<=", c.maximum->value));
  if (c.min_length) parts.push_back(fmt::format("len >= {}", c.min_length->value));
  if (c.max_length) parts.push_back(fmt::format("len <= {}", c.max_length->value));
  for (const Pattern& p : c.patterns) parts.push_back(fmt::format("matches /{}/", p.regex));
  if (!c.allowed_values.empty()) parts.push_back(fmt::format("in {{{}}}", fmt::join(c.allowed_values, ", ")));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string_view OriginName(ConstraintOrigin origin) {
  switch (origin) {
    case ConstraintOrigin::kRefinement: return "refinement";
    case ConstraintOrigin::kInvariant: return "invariant";
    case ConstraintOrigin::kPrecondition: return "precondition";
    case ConstraintOrigin::kColumnWidth: return "column_width";
    case ConstraintOrigin::kDialectLimit: return "dialect_limit";
  }
  return "refinement";
}

}  // namespace s2r::convention
