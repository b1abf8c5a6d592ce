// ensures -> steps: the rule catalogue of cli-synthesis-targets.md §2.3 (R1-R17).
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ir/ir_dump.h"
#include "synth/derive_internal.h"
#include "synth/expr_util.h"

namespace s2r::synth {
namespace {

bool IsEq(const ir::Expr& e) { return e.kind == ir::ExprKind::kBinary && e.binary_op == BinaryOp::kEq; }

bool IsRelationType(const ir::Type& type) {
  return (type.kind == ir::TypeKind::kRelation || type.kind == ir::TypeKind::kMap) &&
         type.args.size() == 2;
}

class EnsuresDeriver {
 public:
  explicit EnsuresDeriver(DerivationContext& context) : context_(context) {}

  std::vector<Step> Run() {
    for (const ir::Expr& clause : context_.operation.ensures_exprs) {
      Derive(clause, std::nullopt, steps_);
    }
    RepairFreeFields();
    FinishConstructs();
    SampleUndefinedKeys();
    return std::move(steps_);
  }

 private:
  // Realises one ensures element; `condition` is set inside an `implies` (R12).
  void Derive(const ir::Expr& clause, const std::optional<ir::Expr>& condition,
              std::vector<Step>& out) {
    if (clause.kind == ir::ExprKind::kLet) {
      out.push_back(BindStep(clause.text, clause.operands[0], clause.span));
      Derive(clause.operands[1], condition, out);
      return;
    }
    std::vector<const ir::Expr*> conjuncts;
    FlattenConjunction(clause, conjuncts);
    if (conjuncts.size() > 1) {
      for (const ir::Expr* conjunct : conjuncts) {
        Derive(*conjunct, condition, out);
      }
      return;
    }
    if (IsTrueLiteral(clause)) {
      return;
    }
    if (clause.kind == ir::ExprKind::kBinary && clause.binary_op == BinaryOp::kImplies) {
      DeriveImplication(clause, condition, out);
      return;
    }
    if (IsEq(clause) && DeriveEquation(clause, condition, out)) {
      return;
    }
    if (clause.kind == ir::ExprKind::kBinary && clause.binary_op == BinaryOp::kNotIn &&
        DeriveNotIn(clause, out)) {
      return;
    }
    if (clause.kind == ir::ExprKind::kQuantifier && DeriveDistinct(clause, out)) {
      return;
    }
    if (clause.kind == ir::ExprKind::kQuantifier && IsCompleteness(clause)) {
      return;  // R13 completeness: the collection is already the maximal one
    }
    if (clause.kind == ir::ExprKind::kQuantifier && DeriveCollection(clause, out)) {
      return;
    }
    if (DeriveWitness(clause, condition)) {
      return;
    }
    context_.FailAt(clause.span, "no synthesis rule matches this clause");
  }

  // `c implies A`: a branch, or conditional field values when A assigns an output's fields.
  void DeriveImplication(const ir::Expr& clause, const std::optional<ir::Expr>& outer,
                         std::vector<Step>& out) {
    ir::Expr condition = clause.operands[0];
    if (outer) {
      condition = MakeBinary(BinaryOp::kAnd, *outer, condition, ir::Type::Of(ir::TypeKind::kBool));
    }
    std::vector<Step> derived;
    Derive(clause.operands[1], condition, derived);
    if (derived.empty()) {
      return;  // only conditional field assignments, recorded on the constructs
    }
    // Steps come back wrapped in a branch on the same condition; the branch below replaces it.
    std::vector<Step> then_steps;
    std::string wanted = ir::DumpExpr(condition);
    for (Step& step : derived) {
      if (step.kind == StepKind::kBranch && step.else_steps.empty() && step.value &&
          ir::DumpExpr(*step.value) == wanted) {
        for (Step& inner : step.then_steps) then_steps.push_back(std::move(inner));
      } else {
        then_steps.push_back(std::move(step));
      }
    }
    Step branch;
    branch.kind = StepKind::kBranch;
    branch.value = condition;
    branch.then_steps = std::move(then_steps);
    branch.origin = clause.span;
    out.push_back(std::move(branch));
  }

  bool DeriveEquation(const ir::Expr& clause, const std::optional<ir::Expr>& condition,
                      std::vector<Step>& out) {
    const ir::Expr& left = clause.operands[0];
    const ir::Expr& right = clause.operands[1];
    if (std::optional<std::string> state = PostStateName(left)) {
      return DerivePostState(*state, right, clause.span, condition, out);
    }
    if (left.kind == ir::ExprKind::kUnary && left.unary_op == UnaryOp::kCardinality &&
        PostStateName(left.operands[0])) {
      return true;  // R5: cardinality follows from the puts and erases
    }
    if (left.kind == ir::ExprKind::kFieldAccess && left.operands[0].kind == ir::ExprKind::kIndex) {
      const ir::Expr& index = left.operands[0];
      if (std::optional<std::string> state = PostStateName(index.operands[0])) {
        Step step;
        step.kind = StepKind::kUpdateField;
        step.target = *state;
        step.key = index.operands[1];
        step.field = left.text;
        step.value = right;
        step.origin = clause.span;
        out.push_back(Conditional(std::move(step), condition));
        return true;
      }
    }
    if (std::optional<std::string> output = OutputName(left)) {
      return AssignOutput(*output, right, clause.span, condition, out);
    }
    if (std::optional<std::string> output = OutputName(right)) {
      return AssignOutput(*output, left, clause.span, condition, out);
    }
    if (left.kind == ir::ExprKind::kFieldAccess) {
      if (std::optional<std::string> output = OutputName(left.operands[0])) {
        ConstructFor(*output, left.operands[0].type).fields.push_back(
            FieldValue{left.text, right, condition});
        return true;
      }
    }
    return false;
  }

  // `S' = ...` for a state field S.
  bool DerivePostState(const std::string& state, const ir::Expr& right, Span span,
                       const std::optional<ir::Expr>& condition, std::vector<Step>& out) {
    const ir::StateField* field = context_.module.FindStateField(state);
    if (field == nullptr) {
      return false;
    }
    if (PreStateName(right) == state) {
      return true;  // R2: frame
    }
    // R3 chain: `pre(S) + {k1 -> v1} + {k2 -> v2} ...` (left-nested).
    if (IsRelationType(field->type)) {
      std::vector<const ir::Expr*> literals;
      const ir::Expr* cursor = &right;
      while (cursor->kind == ir::ExprKind::kBinary && cursor->binary_op == BinaryOp::kAdd &&
             cursor->operands[1].kind == ir::ExprKind::kMapLiteral) {
        literals.insert(literals.begin(), &cursor->operands[1]);
        cursor = &cursor->operands[0];
      }
      if (!literals.empty() && PreStateName(*cursor) == state) {
        for (const ir::Expr* entries : literals) {
          for (std::size_t i = 0; i + 1 < entries->operands.size(); i += 2) {
            Step step;
            step.kind = StepKind::kPut;
            step.target = state;
            step.key = entries->operands[i];
            step.value = entries->operands[i + 1];
            step.origin = span;
            out.push_back(Conditional(std::move(step), condition));
          }
        }
        return true;
      }
    }
    bool is_update = right.kind == ir::ExprKind::kBinary && PreStateName(right.operands[0]) == state;
    if (is_update && IsRelationType(field->type) && right.binary_op == BinaryOp::kSub &&
        right.operands[1].kind == ir::ExprKind::kSetLiteral) {
      for (const ir::Expr& key : right.operands[1].operands) {
        Step step;
        step.kind = StepKind::kErase;
        step.target = state;
        step.key = key;
        step.origin = span;
        out.push_back(Conditional(std::move(step), condition));
      }
      return true;
    }
    if (is_update && field->type.kind == ir::TypeKind::kSeq && right.binary_op == BinaryOp::kAdd &&
        right.operands[1].kind == ir::ExprKind::kSeqLiteral) {
      for (const ir::Expr& element : right.operands[1].operands) {
        Step step;
        step.kind = StepKind::kAppend;
        step.target = state;
        step.value = element;
        step.origin = span;
        out.push_back(Conditional(std::move(step), condition));
      }
      return true;
    }
    if (IsRelationType(field->type)) {
      return false;  // whole-relation replacement other than the shapes above
    }
    Step step;
    step.kind = StepKind::kSetScalar;
    step.target = state;
    step.value = right;
    step.origin = span;
    out.push_back(Conditional(std::move(step), condition));
    return true;
  }

  bool AssignOutput(const std::string& output, const ir::Expr& value, Span span,
                    const std::optional<ir::Expr>& condition, std::vector<Step>& out) {
    if (condition) {
      return false;  // a conditionally assigned whole output has no rule
    }
    out.push_back(BindStep(output, value, span));
    return true;
  }

  // `x not in S'` erases; `x not in pre(S)` for an output samples a fresh key (R10).
  bool DeriveNotIn(const ir::Expr& clause, std::vector<Step>& out) {
    const ir::Expr& element = clause.operands[0];
    const ir::Expr& set = clause.operands[1];
    if (std::optional<std::string> state = PostStateName(set)) {
      Step step;
      step.kind = StepKind::kErase;
      step.target = *state;
      step.key = element;
      step.origin = clause.span;
      out.push_back(std::move(step));
      return true;
    }
    std::optional<std::string> state = PreStateName(set);
    std::optional<std::string> output = OutputName(element);
    if (state && output) {
      Step step;
      step.kind = StepKind::kSampleFresh;
      step.target = *output;
      step.relation = *state;
      step.type = element.type;
      if (const ir::Param* param = context_.operation.FindOutput(*output)) {
        step.type = param->type;
      }
      step.origin = clause.span;
      out.push_back(std::move(step));
      return true;
    }
    return false;
  }

  // `all k in R | P(R[k]) implies some o in out | o.id = k`: completeness of a collection output,
  // which the maximal filter (R13) satisfies by construction.
  bool IsCompleteness(const ir::Expr& clause) {
    if (clause.quantifier != QuantifierKind::kAll || clause.names.size() != 1 ||
        clause.operands.size() != 2 || !PreStateName(clause.operands[0])) {
      return false;
    }
    const ir::Expr& body = clause.operands[1];
    if (body.kind != ir::ExprKind::kBinary || body.binary_op != BinaryOp::kImplies) return false;
    const ir::Expr& witness = body.operands[1];
    if (witness.kind != ir::ExprKind::kQuantifier ||
        (witness.quantifier != QuantifierKind::kSome &&
         witness.quantifier != QuantifierKind::kExists) ||
        witness.names.size() != 1 || witness.operands.size() != 2) {
      return false;
    }
    std::optional<std::string> output = OutputName(witness.operands[0]);
    if (!output) return false;
    // The output must be a collection defined by a soundness clause over the same relation.
    for (const ir::Expr& other : context_.operation.ensures_exprs) {
      std::vector<const ir::Expr*> conjuncts;
      FlattenConjunction(other, conjuncts);
      for (const ir::Expr* c : conjuncts) {
        if (c->kind == ir::ExprKind::kQuantifier && c->quantifier == QuantifierKind::kAll &&
            !c->operands.empty() && OutputName(c->operands[0]) == output) {
          return true;
        }
      }
    }
    return false;
  }

  // `all t in out | t in ran(R) and P(t)`: the maximal collection (R13).
  bool DeriveCollection(const ir::Expr& clause, std::vector<Step>& out) {
    if (clause.quantifier != QuantifierKind::kAll || clause.names.size() != 1) {
      return false;
    }
    std::optional<std::string> output = OutputName(clause.operands[0]);
    if (!output) {
      return false;
    }
    std::vector<const ir::Expr*> conjuncts;
    FlattenConjunction(clause.operands[1], conjuncts);
    const std::string& variable = clause.names[0].text;
    std::optional<std::string> relation;
    std::vector<ir::Expr> predicate;
    for (const ir::Expr* conjunct : conjuncts) {
      bool membership = conjunct->kind == ir::ExprKind::kBinary &&
                        conjunct->binary_op == BinaryOp::kIn &&
                        conjunct->operands[0].kind == ir::ExprKind::kIdentifier &&
                        conjunct->operands[0].text == variable &&
                        conjunct->operands[1].kind == ir::ExprKind::kCall &&
                        conjunct->operands[1].operands.size() == 2 &&
                        conjunct->operands[1].operands[0].text == "ran";
      if (membership && !relation) {
        relation = PreStateName(conjunct->operands[1].operands[1]);
        if (relation) {
          continue;
        }
      }
      predicate.push_back(*conjunct);
    }
    if (!relation) {
      return false;
    }
    Step step;
    step.kind = StepKind::kCollect;
    step.target = *output;
    step.relation = *relation;
    step.field = variable;
    step.variable_is_key = false;
    if (!predicate.empty()) {
      ir::Expr combined = predicate[0];
      for (std::size_t i = 1; i < predicate.size(); ++i) {
        combined = MakeBinary(BinaryOp::kAnd, combined, predicate[i], ir::Type::Of(ir::TypeKind::kBool));
      }
      step.value = std::move(combined);
    }
    step.origin = clause.span;
    out.push_back(std::move(step));
    return true;
  }

  // `all s in pre(R) | out.f != pre(R)[s].f`: sample a value of `f` distinct from every stored
  // one (R11). The sampled local feeds the output's field.
  bool DeriveDistinct(const ir::Expr& clause, std::vector<Step>& out) {
    if (clause.quantifier != QuantifierKind::kAll || clause.names.size() != 1 ||
        clause.operands.size() != 2) {
      return false;
    }
    std::optional<std::string> relation = PreStateName(clause.operands[0]);
    const ir::Expr& body = clause.operands[1];
    if (!relation || body.kind != ir::ExprKind::kBinary || body.binary_op != BinaryOp::kNeq) {
      return false;
    }
    const std::string& variable = clause.names[0].text;
    auto stored_field = [&](const ir::Expr& e) -> std::optional<std::string> {
      if (e.kind != ir::ExprKind::kFieldAccess || e.operands[0].kind != ir::ExprKind::kIndex) {
        return std::nullopt;
      }
      const ir::Expr& index = e.operands[0];
      if (PreStateName(index.operands[0]) != relation ||
          index.operands[1].kind != ir::ExprKind::kIdentifier || index.operands[1].text != variable) {
        return std::nullopt;
      }
      return e.text;
    };
    for (int side = 0; side < 2; ++side) {
      const ir::Expr& mine = body.operands[side];
      const ir::Expr& theirs = body.operands[1 - side];
      std::optional<std::string> field = stored_field(theirs);
      if (!field || mine.kind != ir::ExprKind::kFieldAccess || mine.text != *field) {
        continue;
      }
      std::optional<std::string> output = OutputName(mine.operands[0]);
      if (!output) {
        continue;
      }
      std::string local = fmt::format("{}_{}", *output, *field);
      Step step;
      step.kind = StepKind::kSampleFresh;
      step.target = local;
      step.relation = *relation;
      step.field = *field;
      step.type = mine.type;
      step.origin = clause.span;
      out.push_back(std::move(step));
      ConstructFor(*output, mine.operands[0].type)
          .fields.push_back(FieldValue{*field, MakeIdentifier(local, ir::RefKind::kLocal, mine.type),
                                       std::nullopt});
      return true;
    }
    return false;
  }

  static ir::Expr NowCall() {
    ir::Expr now;
    now.kind = ir::ExprKind::kCall;
    now.type = ir::Type::Of(ir::TypeKind::kDateTime);
    now.operands.push_back(MakeIdentifier("now", ir::RefKind::kBuiltin, now.type));
    return now;
  }

  // `bound + hours(1)`: the witness of a strict DateTime lower bound. The least change (one
  // microsecond) is useless for expiries, so a strict bound gets a one-hour margin (R18).
  static ir::Expr StrictWitness(const ir::Expr& bound) {
    ir::Expr hours;
    hours.kind = ir::ExprKind::kCall;
    hours.type = ir::Type::Of(ir::TypeKind::kDuration);
    hours.operands.push_back(MakeIdentifier("hours", ir::RefKind::kBuiltin, hours.type));
    ir::Expr one;
    one.kind = ir::ExprKind::kIntLit;
    one.text = "1";
    one.type = ir::Type::Of(ir::TypeKind::kInt);
    hours.operands.push_back(std::move(one));
    return MakeBinary(BinaryOp::kAdd, bound, std::move(hours), ir::Type::Of(ir::TypeKind::kDateTime));
  }

  // A bound on an output field with no other definition (R18): `out.f >= e` for a DateTime takes
  // the least-change witness max(now(), e); `out.f > e` takes e plus a margin. Witnesses apply
  // only to fields no equation assigns.
  bool DeriveWitness(const ir::Expr& clause, const std::optional<ir::Expr>& condition) {
    if (clause.kind != ir::ExprKind::kBinary ||
        (clause.binary_op != BinaryOp::kGe && clause.binary_op != BinaryOp::kGt)) {
      return false;
    }
    const ir::Expr& left = clause.operands[0];
    if (left.kind != ir::ExprKind::kFieldAccess || !OutputName(left.operands[0]) ||
        left.type.kind != ir::TypeKind::kDateTime) {
      return false;
    }
    std::string output = *OutputName(left.operands[0]);
    ir::Expr witness;
    if (clause.binary_op == BinaryOp::kGe) {
      ir::Expr now = NowCall();
      witness.kind = ir::ExprKind::kCall;
      witness.type = now.type;
      witness.operands.push_back(MakeIdentifier("max", ir::RefKind::kBuiltin, now.type));
      witness.operands.push_back(MakeSet({now, clause.operands[1]},
                                         ir::Type::Wrap(ir::TypeKind::kSet, now.type)));
    } else {
      witness = StrictWitness(clause.operands[1]);
    }
    ConstructFor(output, left.operands[0].type);
    witnesses_[output].push_back(FieldValue{left.text, std::move(witness), condition});
    return true;
  }

  // Replaces `out.g` by the value the construct gives g (unconditionally), so a witness such as
  // `refresh > access` reads the sibling field's value rather than the unbuilt output.
  static ir::Expr ResolveSiblings(const ir::Expr& expr, const std::string& output,
                                  const std::vector<FieldValue>& fields, int depth = 0) {
    if (expr.kind == ir::ExprKind::kFieldAccess && OutputName(expr.operands[0]) == output &&
        depth < 8) {
      for (const FieldValue& f : fields) {
        if (f.field == expr.text && !f.condition) {
          return ResolveSiblings(f.value, output, fields, depth + 1);
        }
      }
    }
    ir::Expr copy = expr;
    for (ir::Expr& operand : copy.operands) {
      operand = ResolveSiblings(operand, output, fields, depth);
    }
    return copy;
  }

  // Entity invariants `a > b` / `a >= b` over DateTime fields with `a` left free: a witness from
  // b's value (its assignment, or now() under the default policy) (R18/R19).
  void InvariantWitnesses(const std::string& output, Step& construct) {
    const ir::Entity* entity = context_.module.FindEntity(construct.type.name);
    if (entity == nullptr || construct.base) {
      return;
    }
    auto assigned = [&](const std::string& field) {
      for (const FieldValue& f : construct.fields) {
        if (f.field == field) return true;
      }
      return false;
    };
    auto bare = [](const ir::Expr& e) -> std::optional<std::string> {
      if (e.kind == ir::ExprKind::kIdentifier && e.ref == ir::RefKind::kEntityField) return e.text;
      return std::nullopt;
    };
    for (int pass = 0; pass < 2; ++pass) {
      for (const ir::Expr& invariant : entity->invariants) {
        if (invariant.kind != ir::ExprKind::kBinary ||
            (invariant.binary_op != BinaryOp::kGt && invariant.binary_op != BinaryOp::kGe)) {
          continue;
        }
        std::optional<std::string> a = bare(invariant.operands[0]);
        std::optional<std::string> b = bare(invariant.operands[1]);
        if (!a || !b || invariant.operands[0].type.kind != ir::TypeKind::kDateTime ||
            assigned(*a)) {
          continue;
        }
        ir::Expr bound = NowCall();
        for (const FieldValue& f : construct.fields) {
          if (f.field == *b && !f.condition) bound = f.value;
        }
        construct.fields.push_back(FieldValue{
            *a,
            invariant.binary_op == BinaryOp::kGt ? StrictWitness(bound)
                                                 : bound,
            std::nullopt});
      }
    }
    (void)output;
  }

  // A literal the repair can compare: an enum value, none, a Bool, Int or String literal.
  static bool IsConstant(const ir::Expr& e) {
    return (e.kind == ir::ExprKind::kIdentifier && e.ref == ir::RefKind::kEnumValue) ||
           e.kind == ir::ExprKind::kNoneLit || e.kind == ir::ExprKind::kBoolLit ||
           e.kind == ir::ExprKind::kIntLit || e.kind == ir::ExprKind::kStringLit;
  }

  // Whether two constants are equal; nullopt when they are of different kinds.
  static std::optional<bool> SameConstant(const ir::Expr& a, const ir::Expr& b) {
    if (a.kind != b.kind) {
      return std::nullopt;
    }
    if (a.kind == ir::ExprKind::kBoolLit) {
      return a.bool_value == b.bool_value;
    }
    return a.text == b.text;
  }

  // The truth of an entity invariant's condition when it only compares fields whose new value
  // is a known constant with literals (`status != DONE`, `status in {A, B}`); nullopt otherwise.
  static std::optional<bool> EvaluateOver(const ir::Expr& e,
                                          const std::map<std::string, const ir::Expr*>& known) {
    auto constant = [&](const ir::Expr& operand) -> const ir::Expr* {
      if (operand.kind == ir::ExprKind::kIdentifier && operand.ref == ir::RefKind::kEntityField) {
        auto found = known.find(operand.text);
        return found == known.end() ? nullptr : found->second;
      }
      return IsConstant(operand) ? &operand : nullptr;
    };
    if (e.kind == ir::ExprKind::kBoolLit) {
      return e.bool_value;
    }
    if (e.kind == ir::ExprKind::kUnary && e.unary_op == UnaryOp::kNot) {
      std::optional<bool> inner = EvaluateOver(e.operands[0], known);
      return inner ? std::optional<bool>(!*inner) : std::nullopt;
    }
    if (e.kind != ir::ExprKind::kBinary || e.operands.size() != 2) {
      return std::nullopt;
    }
    BinaryOp op = e.binary_op;
    if (op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kImplies) {
      std::optional<bool> a = EvaluateOver(e.operands[0], known);
      std::optional<bool> b = EvaluateOver(e.operands[1], known);
      if (!a || !b) return std::nullopt;
      if (op == BinaryOp::kAnd) return *a && *b;
      if (op == BinaryOp::kOr) return *a || *b;
      return !*a || *b;
    }
    if (op == BinaryOp::kEq || op == BinaryOp::kNeq) {
      const ir::Expr* a = constant(e.operands[0]);
      const ir::Expr* b = constant(e.operands[1]);
      std::optional<bool> same = a && b ? SameConstant(*a, *b) : std::nullopt;
      if (!same) return std::nullopt;
      return op == BinaryOp::kEq ? *same : !*same;
    }
    if (op == BinaryOp::kIn || op == BinaryOp::kNotIn) {
      const ir::Expr* a = constant(e.operands[0]);
      const ir::Expr& set = e.operands[1];
      if (a == nullptr || set.kind != ir::ExprKind::kSetLiteral) return std::nullopt;
      bool member = false;
      for (const ir::Expr& element : set.operands) {
        std::optional<bool> same = IsConstant(element) ? SameConstant(*a, element) : std::nullopt;
        if (!same) return std::nullopt;
        member = member || *same;
      }
      return op == BinaryOp::kIn ? member : !member;
    }
    return std::nullopt;
  }

  // R19 in its decidable form. A row updated field by field (`R'[k].f = c`) keeps its other
  // fields (frame), except where an entity invariant `A implies g = v` has A true under the new
  // constant values while no clause assigns g: g must become v, or the post-state breaks the
  // invariant (todo_list's Archive from DONE must clear completed_at).
  void RepairFreeFields() {
    struct Row {
      const Step* first = nullptr;
      std::set<std::string> assigned;
      std::map<std::string, const ir::Expr*> constants;
      bool replaced = false;
    };
    std::map<std::string, Row> rows;
    std::vector<std::string> order;
    for (const Step& step : steps_) {
      if (!step.key || (step.kind != StepKind::kUpdateField && step.kind != StepKind::kPut &&
                        step.kind != StepKind::kErase)) {
        continue;
      }
      std::string id = step.target + "|" + ir::DumpExpr(*step.key);
      auto [it, inserted] = rows.try_emplace(id);
      if (inserted) order.push_back(id);
      Row& row = it->second;
      if (step.kind != StepKind::kUpdateField) {
        row.replaced = true;
        continue;
      }
      if (row.first == nullptr) row.first = &step;
      row.assigned.insert(step.field);
      if (step.value && IsConstant(*step.value)) {
        row.constants[step.field] = &*step.value;
      }
    }
    std::vector<Step> repairs;
    for (const std::string& id : order) {
      const Row& row = rows[id];
      if (row.replaced || row.first == nullptr) continue;
      const ir::StateField* relation = context_.module.FindStateField(row.first->target);
      if (relation == nullptr || !IsRelationType(relation->type)) continue;
      const ir::Entity* entity = context_.module.FindEntity(relation->type.args[1].name);
      if (entity == nullptr) continue;
      std::set<std::string> repaired;
      for (const ir::Expr& invariant : entity->invariants) {
        if (invariant.kind != ir::ExprKind::kBinary || invariant.binary_op != BinaryOp::kImplies) {
          continue;
        }
        const ir::Expr& consequent = invariant.operands[1];
        if (!IsEq(consequent) || consequent.operands[0].kind != ir::ExprKind::kIdentifier ||
            consequent.operands[0].ref != ir::RefKind::kEntityField ||
            !IsConstant(consequent.operands[1])) {
          continue;
        }
        const std::string& free_field = consequent.operands[0].text;
        if (row.assigned.count(free_field) > 0 || repaired.count(free_field) > 0 ||
            EvaluateOver(invariant.operands[0], row.constants) != true) {
          continue;
        }
        Step step;
        step.kind = StepKind::kUpdateField;
        step.target = row.first->target;
        step.key = row.first->key;
        step.field = free_field;
        step.value = consequent.operands[1];
        step.origin = invariant.span;
        repairs.push_back(std::move(step));
        repaired.insert(free_field);
      }
    }
    for (Step& step : repairs) {
      steps_.push_back(std::move(step));
    }
  }

  Step BindStep(std::string name, const ir::Expr& value, Span span) {
    Step step;
    step.kind = StepKind::kBind;
    step.target = std::move(name);
    step.value = value;
    step.origin = span;
    return step;
  }

  static Step Conditional(Step step, const std::optional<ir::Expr>& condition) {
    if (!condition) {
      return step;
    }
    Step branch;
    branch.kind = StepKind::kBranch;
    branch.value = *condition;
    branch.origin = step.origin;
    branch.then_steps.push_back(std::move(step));
    return branch;
  }

  Step& ConstructFor(const std::string& output, const ir::Type& type) {
    auto found = constructs_.find(output);
    if (found != constructs_.end()) {
      return found->second;
    }
    Step step;
    step.kind = StepKind::kConstruct;
    step.target = output;
    step.type = type;
    if (const ir::Param* param = context_.operation.FindOutput(output)) {
      step.type = param->type;
      step.origin = param->span;
    }
    return constructs_.emplace(output, std::move(step)).first->second;
  }

  // An output no clause defines but that keys a put into a relation of a refined String type
  // (RequestPasswordReset's reset token): type-directed fresh sampling (R10).
  void SampleUndefinedKeys() {
    for (const ir::Param& output : context_.operation.outputs) {
      bool defined = false;
      std::optional<std::string> relation;
      std::function<void(const std::vector<Step>&)> scan = [&](const std::vector<Step>& steps) {
        for (const Step& step : steps) {
          defined = defined || (step.target == output.name && step.kind != StepKind::kPut &&
                                step.kind != StepKind::kErase);
          if (step.kind == StepKind::kPut && step.key && OutputName(*step.key) == output.name &&
              !relation) {
            relation = step.target;
          }
          scan(step.then_steps);
          scan(step.else_steps);
        }
      };
      scan(steps_);
      if (defined || !relation || output.type.kind != ir::TypeKind::kString) {
        continue;
      }
      Step step;
      step.kind = StepKind::kSampleFresh;
      step.target = output.name;
      step.relation = *relation;
      step.type = output.type;
      step.origin = output.span;
      steps_.push_back(std::move(step));
    }
  }

  // Constructed outputs that are put into a relation at a key the operation requires to exist
  // keep that row's other values (least change); the rest get the default policy.
  void FinishConstructs() {
    for (auto& [output, construct] : constructs_) {
      for (FieldValue& witness : witnesses_[output]) {
        bool assigned = false;
        for (const FieldValue& f : construct.fields) {
          assigned = assigned || (f.field == witness.field && !f.condition);
        }
        if (!assigned) construct.fields.push_back(std::move(witness));
      }
      for (FieldValue& f : construct.fields) {
        f.value = ResolveSiblings(f.value, output, construct.fields);
      }
      InvariantWitnesses(output, construct);
      for (FieldValue& f : construct.fields) {
        f.value = ResolveSiblings(f.value, output, construct.fields);
      }
      if (construct.type.kind != ir::TypeKind::kEntity) {
        context_.FailAt(construct.origin,
                        fmt::format("output `{}` is assigned field by field but is not an entity",
                                    output));
        continue;
      }
      for (const Step& step : steps_) {
        if (step.kind != StepKind::kPut || !step.value || OutputName(*step.value) != output) {
          continue;
        }
        for (const ir::Expr& requirement : context_.operation.requires_exprs) {
          bool requires_key = requirement.kind == ir::ExprKind::kBinary &&
                              requirement.binary_op == BinaryOp::kIn &&
                              PreStateName(requirement.operands[1]) == step.target &&
                              requirement.operands[0].kind == ir::ExprKind::kIdentifier &&
                              step.key->kind == ir::ExprKind::kIdentifier &&
                              requirement.operands[0].text == step.key->text;
          if (requires_key) {
            const ir::StateField* relation = context_.module.FindStateField(step.target);
            construct.base = MakeIndex(
                MakeIdentifier(step.target, ir::RefKind::kStateField, relation->type), *step.key,
                construct.type);
          }
        }
      }
      steps_.push_back(std::move(construct));
    }
  }

  DerivationContext& context_;
  std::vector<Step> steps_;
  std::map<std::string, Step> constructs_;
  std::map<std::string, std::vector<FieldValue>> witnesses_;
};

}  // namespace

std::vector<Step> DeriveEnsures(DerivationContext& context) {
  return EnsuresDeriver(context).Run();
}

}  // namespace s2r::synth
