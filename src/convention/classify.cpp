// M1-M10 classification, target entity, strategy label, backed scalars and scalar ops.
#include "convention/classify.h"

#include <algorithm>
#include <set>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "convention/validation.h"

namespace s2r::convention {
namespace {

using ir::Expr;
using ir::ExprKind;
using ir::TypeKind;

bool Contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

void AddUnique(std::vector<std::string>& items, const std::string& item) {
  if (!Contains(items, item)) {
    items.push_back(item);
  }
}

bool IsStateField(const ir::Module& module, std::string_view name) {
  return module.FindStateField(name) != nullptr;
}

// `s'` with s a bare identifier: s's name; empty otherwise.
std::string_view PrimedName(const Expr& e) {
  if (e.kind == ExprKind::kPrime && !e.operands.empty() && IsIdentifier(e.Operand())) {
    return e.Operand().text;
  }
  return {};
}

// `pre(s)` with s a bare identifier.
bool IsPreOf(const Expr& e, std::string_view name) {
  return e.kind == ExprKind::kPre && !e.operands.empty() && IsIdentifier(e.Operand(), name);
}

// The `+`-chain of `e` contains `pre(name)`.
bool PlusChainHasPre(const Expr& e, std::string_view name) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kAdd) {
    return PlusChainHasPre(e.Left(), name) || PlusChainHasPre(e.Right(), name);
  }
  return IsPreOf(e, name);
}

// First clause `s' = rhs` with s a state field, rhs a `+` whose chain contains pre(s).
std::optional<std::string> CreatePattern(const ir::Module& module,
                                         const std::vector<const Expr*>& clauses) {
  for (const Expr* clause : clauses) {
    if (clause->kind != ExprKind::kBinary || clause->binary_op != BinaryOp::kEq) {
      continue;
    }
    std::string_view name = PrimedName(clause->Left());
    const Expr& rhs = clause->Right();
    if (!name.empty() && IsStateField(module, name) && rhs.kind == ExprKind::kBinary &&
        rhs.binary_op == BinaryOp::kAdd && PlusChainHasPre(rhs, name)) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

// First clause `<x> not in s'` with s a state field.
bool HasDeletePattern(const ir::Module& module, const std::vector<const Expr*>& clauses) {
  for (const Expr* clause : clauses) {
    if (clause->kind == ExprKind::kBinary && clause->binary_op == BinaryOp::kNotIn) {
      std::string_view name = PrimedName(clause->Right());
      if (!name.empty() && IsStateField(module, name)) {
        return true;
      }
    }
  }
  return false;
}

// The first `base with { ... }` anywhere in the ensures: its number of assigned fields.
std::optional<std::size_t> WithFieldCount(const std::vector<Expr>& ensures) {
  std::optional<std::size_t> count;
  for (const Expr& clause : ensures) {
    ir::ForEachSubexpression(clause, [&](const Expr& e) {
      if (!count && e.kind == ExprKind::kWith) {
        count = e.names.size();
      }
    });
    if (count) {
      break;
    }
  }
  return count;
}

bool IsTransitionOp(const ir::Module& module, std::string_view op) {
  for (const ir::Transition& transition : module.transitions) {
    for (const ir::TransitionRule& rule : transition.rules) {
      if (rule.via == op) {
        return true;
      }
    }
  }
  return false;
}

// ---- strategy shapes ----

bool IsLeaf(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIntLit:
    case ExprKind::kFloatLit:
    case ExprKind::kStringLit:
    case ExprKind::kBoolLit:
    case ExprKind::kNoneLit:
    case ExprKind::kIdentifier:
    case ExprKind::kEnumAccess:
      return true;
    default:
      return false;
  }
}

bool IsPureRead(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kPre:
    case ExprKind::kFieldAccess:
      return !e.operands.empty() && IsPureRead(e.operands[0]);
    case ExprKind::kIndex:
      return e.operands.size() == 2 && IsPureRead(e.operands[0]) && IsPureRead(e.operands[1]);
    default:
      return IsLeaf(e);
  }
}

// `#s`, `#pre(s)` optionally `± intLit` repeated.
bool IsCardinalityRhs(const Expr& e, std::string_view name) {
  if (e.kind == ExprKind::kBinary &&
      (e.binary_op == BinaryOp::kAdd || e.binary_op == BinaryOp::kSub)) {
    return IntLiteral(e.Right()).has_value() && IsCardinalityRhs(e.Left(), name);
  }
  if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kCardinality && !e.operands.empty()) {
    return IsIdentifier(e.Operand(), name) || IsPreOf(e.Operand(), name);
  }
  return false;
}

bool IsMapInsertChain(const Expr& e, std::string_view name) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kAdd) {
    const Expr& right = e.Right();
    if (right.kind != ExprKind::kMapLiteral) {
      return false;
    }
    for (const Expr& part : right.operands) {
      if (!IsLeaf(part)) {
        return false;
      }
    }
    return IsPreOf(e.Left(), name) || IsMapInsertChain(e.Left(), name);
  }
  return false;
}

bool IsDirectClause(const ir::Module& module, const ir::Operation& op, const Expr& clause) {
  if (clause.kind != ExprKind::kBinary) {
    return false;
  }
  if (clause.binary_op == BinaryOp::kNotIn) {
    std::string_view name = PrimedName(clause.Right());
    return !name.empty() && IsStateField(module, name);
  }
  if (clause.binary_op != BinaryOp::kEq) {
    return false;
  }
  const Expr& lhs = clause.Left();
  const Expr& rhs = clause.Right();
  if (std::string_view name = PrimedName(lhs); !name.empty() && IsStateField(module, name)) {
    return IsIdentifier(rhs, name) || IsMapInsertChain(rhs, name);
  }
  if (lhs.kind == ExprKind::kUnary && lhs.unary_op == UnaryOp::kCardinality &&
      !lhs.operands.empty()) {
    std::string_view name = PrimedName(lhs.Operand());
    return !name.empty() && IsCardinalityRhs(rhs, name);
  }
  // s'[k] = leaf, s'[k].f = leaf
  const Expr* target = &lhs;
  if (target->kind == ExprKind::kFieldAccess && !target->operands.empty()) {
    target = &target->operands[0];
  }
  if (target->kind == ExprKind::kIndex && target->operands.size() == 2 &&
      !PrimedName(target->operands[0]).empty() && IsLeaf(target->operands[1])) {
    return IsLeaf(rhs);
  }
  if (lhs.kind == ExprKind::kIdentifier && op.FindOutput(lhs.text) != nullptr) {
    return IsPureRead(rhs);
  }
  return false;
}

// ---- scalar state ----

bool IsScalarRhs(const Expr& e, std::string_view name) {
  switch (e.kind) {
    case ExprKind::kIntLit:
      return true;
    case ExprKind::kIdentifier:
      return e.text == name;
    case ExprKind::kPre:
      return IsPreOf(e, name);
    case ExprKind::kUnary:
      return e.unary_op == UnaryOp::kNegate && !e.operands.empty() &&
             e.Operand().kind == ExprKind::kIntLit;
    case ExprKind::kBinary:
      return (e.binary_op == BinaryOp::kAdd || e.binary_op == BinaryOp::kSub ||
              e.binary_op == BinaryOp::kMul) &&
             IsScalarRhs(e.Left(), name) && IsScalarRhs(e.Right(), name);
    default:
      return false;
  }
}

// `n' = rhs` with n backed: n's name.
std::string_view ScalarUpdate(const Expr& clause,
                              const std::map<std::string, std::int64_t>& backed) {
  if (clause.kind != ExprKind::kBinary || clause.binary_op != BinaryOp::kEq) {
    return {};
  }
  std::string_view name = PrimedName(clause.Left());
  if (name.empty() || backed.count(std::string(name)) == 0 || !IsScalarRhs(clause.Right(), name)) {
    return {};
  }
  return name;
}

bool IsScalarGuard(const Expr& atom, const std::map<std::string, std::int64_t>& backed) {
  if (atom.kind == ExprKind::kBoolLit && atom.bool_value) {
    return true;
  }
  if (atom.kind != ExprKind::kBinary || !IsComparison(atom.binary_op) ||
      atom.binary_op == BinaryOp::kIn || atom.binary_op == BinaryOp::kNotIn ||
      atom.binary_op == BinaryOp::kSubset) {
    return false;
  }
  return IsIdentifier(atom.Left()) && backed.count(atom.Left().text) > 0 &&
         IntLiteral(atom.Right()).has_value();
}

struct ScalarShape {
  bool any_update = false;
  bool scalar_op = false;  // all clauses scalar updates, no inputs, consistent, scalar guards
};

ScalarShape AnalyseScalar(const ir::Operation& op, const std::vector<const Expr*>& ensures,
                          const std::vector<const Expr*>& requires_atoms,
                          const std::map<std::string, std::int64_t>& backed) {
  ScalarShape shape;
  bool all = !ensures.empty();
  std::map<std::string, std::string> updates;
  bool consistent = true;
  for (const Expr* clause : ensures) {
    std::string_view name = ScalarUpdate(*clause, backed);
    if (name.empty()) {
      all = false;
      continue;
    }
    shape.any_update = true;
    std::string rhs = ExprText(clause->Right());
    auto [it, inserted] = updates.emplace(std::string(name), rhs);
    if (!inserted && it->second != rhs) {
      consistent = false;
    }
  }
  bool guards = std::all_of(requires_atoms.begin(), requires_atoms.end(),
                            [&](const Expr* atom) { return IsScalarGuard(*atom, backed); });
  shape.scalar_op = shape.any_update && all && consistent && guards && op.inputs.empty();
  return shape;
}

}  // namespace

std::vector<std::string> PrimedRoots(const ir::Operation& op) {
  std::vector<std::string> roots;
  for (const Expr& clause : op.ensures_exprs) {
    ir::ForEachSubexpression(clause, [&](const Expr& e) {
      if (e.kind == ExprKind::kPrime && !e.operands.empty()) {
        if (const Expr* root = RootIdentifier(e.Operand())) {
          AddUnique(roots, root->text);
        }
      }
    });
  }
  return roots;
}

std::string EntityNameFromType(const ir::Type& type) {
  switch (type.kind) {
    case TypeKind::kEntity:
      return type.name;
    case TypeKind::kSet:
    case TypeKind::kSeq:
    case TypeKind::kOption:
      return type.args.empty() ? std::string() : EntityNameFromType(type.args[0]);
    case TypeKind::kMap:
    case TypeKind::kRelation:
      return type.args.size() < 2 ? std::string() : EntityNameFromType(type.args[1]);
    default:
      return {};
  }
}

HttpMethod DefaultMethod(OperationKind kind) {
  switch (kind) {
    case OperationKind::kCreate:
    case OperationKind::kCreateChild:
    case OperationKind::kSideEffect:
    case OperationKind::kBatchMutation:
    case OperationKind::kTransition:
      return HttpMethod::kPost;
    case OperationKind::kRead:
    case OperationKind::kFilteredRead:
      return HttpMethod::kGet;
    case OperationKind::kReplace:
      return HttpMethod::kPut;
    case OperationKind::kPartialUpdate:
      return HttpMethod::kPatch;
    case OperationKind::kDelete:
      return HttpMethod::kDelete;
  }
  return HttpMethod::kPost;
}

Classification Classify(const ir::Module& module, const ir::Operation& op,
                        const std::map<std::string, std::int64_t>& backed) {
  Classification result;
  std::vector<const Expr*> ensures = FlattenAll(op.ensures_exprs);
  std::vector<const Expr*> requires_atoms = FlattenAll(op.requires_exprs);

  result.primed = PrimedRoots(op);
  std::vector<std::string> preserved;
  for (const Expr* clause : ensures) {
    if (clause->kind == ExprKind::kBinary && clause->binary_op == BinaryOp::kEq) {
      std::string_view name = PrimedName(clause->Left());
      if (!name.empty() && IsStateField(module, name) && IsIdentifier(clause->Right(), name)) {
        AddUnique(preserved, std::string(name));
      }
    }
  }
  for (const std::string& name : result.primed) {
    if (IsStateField(module, name) && !Contains(preserved, name)) {
      result.mutated.push_back(name);
    }
  }
  std::vector<std::string> existing_keys;
  for (const Expr* atom : requires_atoms) {
    if (atom->kind == ExprKind::kBinary && atom->binary_op == BinaryOp::kIn &&
        IsIdentifier(atom->Right()) && IsStateField(module, atom->Right().text)) {
      AddUnique(existing_keys, atom->Right().text);
    }
  }
  std::optional<std::string> create = CreatePattern(module, ensures);
  bool creates_new_key = create && !Contains(existing_keys, *create);
  std::size_t filter_params = 0;
  bool collection_input = false;
  for (const ir::Param& input : op.inputs) {
    filter_params += input.type.kind == TypeKind::kOption ? 1 : 0;
    collection_input = collection_input || input.type.kind == TypeKind::kSet ||
                       input.type.kind == TypeKind::kSeq || input.type.kind == TypeKind::kMap;
  }

  // Target entity: first primed state field (state order) naming an entity, else an output.
  if (module.state) {
    for (const ir::StateField& field : *module.state) {
      std::string entity = EntityNameFromType(field.type);
      if (Contains(result.primed, field.name) && !entity.empty() &&
          module.FindEntity(entity) != nullptr) {
        result.target_entity = entity;
        break;
      }
    }
  }
  if (result.target_entity.empty()) {
    for (const ir::Param& output : op.outputs) {
      std::string entity = EntityNameFromType(output.type);
      if (!entity.empty() && module.FindEntity(entity) != nullptr) {
        result.target_entity = entity;
        break;
      }
    }
  }

  if (IsTransitionOp(module, op.name)) {
    result.kind = OperationKind::kTransition;
  } else if (HasDeletePattern(module, ensures)) {
    result.kind = OperationKind::kDelete;
  } else if (!result.mutated.empty() && creates_new_key) {
    result.kind = OperationKind::kCreate;
  } else if (result.mutated.empty() && filter_params > 3) {
    result.kind = OperationKind::kFilteredRead;
  } else if (result.mutated.empty()) {
    result.kind = OperationKind::kRead;
  } else if (collection_input) {
    result.kind = OperationKind::kBatchMutation;
  } else {
    std::optional<std::size_t> with_fields = WithFieldCount(op.ensures_exprs);
    const ir::Entity* entity = module.FindEntity(result.target_entity);
    bool replace = with_fields && entity != nullptr && entity->fields.size() <= *with_fields;
    result.kind = replace ? OperationKind::kReplace : OperationKind::kPartialUpdate;
  }
  result.default_method = DefaultMethod(result.kind);

  // Strategy label and scalar op.
  ScalarShape scalar = AnalyseScalar(op, ensures, requires_atoms, backed);
  result.scalar_op = scalar.scalar_op && result.target_entity.empty();
  if (ensures.empty()) {
    result.strategy = SynthesisStrategy::kLlmSynthesis;
  } else if (scalar.any_update) {
    result.strategy =
        scalar.scalar_op ? SynthesisStrategy::kDirectEmit : SynthesisStrategy::kLlmSynthesis;
  } else {
    bool direct = std::all_of(ensures.begin(), ensures.end(), [&](const Expr* clause) {
      return IsDirectClause(module, op, *clause);
    });
    result.strategy = direct ? SynthesisStrategy::kDirectEmit : SynthesisStrategy::kLlmSynthesis;
  }
  return result;
}

std::map<std::string, std::int64_t> BackedScalars(const ir::Module& module) {
  std::map<std::string, std::int64_t> backed;
  if (!module.state) {
    return backed;
  }
  for (const ir::Entity& entity : module.entities) {
    // The entity's table as BuildServiceModel names it (first `db_table`, else `plural`).
    std::string table = PluralSnake(entity.name);
    bool explicit_table = false;
    for (const ir::ConventionRule& rule : module.conventions) {
      if (rule.target != entity.name || rule.value.kind != ExprKind::kStringLit) {
        continue;
      }
      if (rule.property == "db_table" && !explicit_table) {
        table = rule.value.text;
        explicit_table = true;
      } else if (rule.property == "plural" && !explicit_table) {
        table = ToSnakeCase(rule.value.text);
      }
    }
    if (table == "service_state") {
      return backed;
    }
  }
  std::vector<const Expr*> atoms;
  for (const ir::Invariant& invariant : module.invariants) {
    SplitAnd(invariant.expr, atoms);
  }
  ValidationReducer reducer(module);
  for (const ir::StateField& field : *module.state) {
    if (field.type.kind != TypeKind::kInt || ToColumnName(field.name) == "id") {
      continue;
    }
    Constraints alias = reducer.ForType(field.type, nullptr).value;
    if (!alias.patterns.empty() || !alias.runtime_checks.empty() || !alias.allowed_values.empty() ||
        alias.min_length || alias.max_length || alias.unsatisfiable) {
      continue;
    }
    std::int64_t lo = alias.minimum ? alias.minimum->InclusiveInt(true) : INT64_MIN;
    std::int64_t hi = alias.maximum ? alias.maximum->InclusiveInt(false) : INT64_MAX;
    std::set<std::int64_t> excluded;
    bool ok = true;
    for (const Expr* atom : atoms) {
      if (!MentionsFree(*atom, field.name)) {
        continue;
      }
      if (atom->kind == ExprKind::kQuantifier && atom->quantifier == QuantifierKind::kAll) {
        continue;  // vacuous over the empty initial state
      }
      const Expr* lhs = atom->kind == ExprKind::kBinary ? &atom->Left() : nullptr;
      const Expr* rhs = lhs != nullptr ? &atom->Right() : nullptr;
      BinaryOp op = atom->binary_op;
      if (lhs != nullptr && IntLiteral(*lhs) && IsIdentifier(*rhs, field.name)) {
        std::swap(lhs, rhs);
        op = FlipComparison(op);
      }
      std::optional<std::int64_t> n = rhs != nullptr ? IntLiteral(*rhs) : std::nullopt;
      if (lhs == nullptr || !IsIdentifier(*lhs, field.name) || !n) {
        ok = false;
        break;
      }
      switch (op) {
        case BinaryOp::kGt: lo = std::max(lo, *n + 1); break;
        case BinaryOp::kGe: lo = std::max(lo, *n); break;
        case BinaryOp::kLt: hi = std::min(hi, *n - 1); break;
        case BinaryOp::kLe: hi = std::min(hi, *n); break;
        case BinaryOp::kEq: lo = std::max(lo, *n); hi = std::min(hi, *n); break;
        case BinaryOp::kNeq: excluded.insert(*n); break;
        default: ok = false; break;
      }
      if (!ok) {
        break;
      }
    }
    if (!ok || lo > hi) {
      continue;
    }
    // The satisfying value nearest 0 (ties go to the non-negative side).
    std::optional<std::int64_t> seed;
    std::int64_t start = std::clamp<std::int64_t>(0, lo, hi);
    for (std::int64_t distance = 0; distance <= 64 && !seed; ++distance) {
      for (std::int64_t candidate : {start + distance, start - distance}) {
        if (candidate >= lo && candidate <= hi && excluded.count(candidate) == 0) {
          seed = candidate;
          break;
        }
      }
    }
    if (seed) {
      backed.emplace(field.name, *seed);
    }
  }
  return backed;
}

}  // namespace s2r::convention
