// Deterministic narrations over the IR and the decoded counterexample.
#include "verify/narrate.h"

#include <fmt/format.h>

#include "verify/frame.h"
#include "verify/ir_util.h"
#include "verify/pretty.h"

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

constexpr std::size_t kMaxLines = 12;
constexpr std::size_t kMaxChars = 1200;

// The first entity field read by the invariant, else empty.
std::string FirstFieldAccess(const Expr& expr) {
  std::string out;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    if (out.empty() && e.kind == ExprKind::kFieldAccess) {
      out = e.text;
    }
  });
  return out;
}

// The first identifier naming a state field, in traversal order.
std::string FirstStateName(const Expr& expr, const ir::Module& module) {
  std::string out;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    if (out.empty() && e.kind == ExprKind::kIdentifier && module.FindStateField(e.text)) {
      out = e.text;
    }
  });
  return out;
}

bool MentionsPrimed(const Expr& expr, const std::string& name) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    found = found || IsPrimedIdentifier(e, name);
  });
  return found;
}

bool MentionsField(const Expr& expr, const std::string& field) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    found = found || (e.kind == ExprKind::kFieldAccess && e.text == field);
  });
  return found;
}

const CxEntity* FindEntity(const Counterexample& cx, const std::string& label) {
  for (const CxEntity& entity : cx.entities) {
    if (entity.label == label) {
      return &entity;
    }
  }
  return nullptr;
}

std::string FieldOf(const Counterexample& cx, const CxValue& value, const std::string& field) {
  if (const CxEntity* entity = FindEntity(cx, value.label)) {
    for (const CxField& f : entity->fields) {
      if (f.name == field) {
        return f.value.display;
      }
    }
  }
  return "";
}

struct Change {
  std::string what;
  std::string before;
  std::string after;
};

std::optional<Change> FindChange(const Counterexample& cx, const std::string& state,
                                 const std::string& field) {
  for (const CxConstant& post : cx.constants) {
    if (post.state != state || !post.post) {
      continue;
    }
    for (const CxConstant& pre : cx.constants) {
      if (pre.state == state && !pre.post) {
        return Change{state, pre.value.display, post.value.display};
      }
    }
  }
  const CxRelation* pre_relation = nullptr;
  const CxRelation* post_relation = nullptr;
  for (const CxRelation& relation : cx.relations) {
    if (relation.state == state) {
      (relation.post ? post_relation : pre_relation) = &relation;
    }
  }
  if (post_relation == nullptr || field.empty()) {
    return std::nullopt;
  }
  std::optional<Change> first;
  for (const CxEntry& entry : post_relation->entries) {
    std::string after = FieldOf(cx, entry.value, field);
    std::string before = "(absent)";
    if (pre_relation != nullptr) {
      for (const CxEntry& old : pre_relation->entries) {
        if (old.key.display == entry.key.display) {
          before = FieldOf(cx, old.value, field);
        }
      }
    }
    Change change{fmt::format("{}[{}].{}", state, entry.key.display, field), before, after};
    if (!first) {
      first = change;
    }
    if (before != after) {
      return change;
    }
  }
  return first;
}

std::vector<std::string> Violation(const PreparedModule& prepared, const PlannedCheck& check,
                                   const CheckDiagnostic& diagnostic) {
  const ir::Module& module = *prepared.module;
  const ir::Operation& op = module.operations[static_cast<std::size_t>(check.operation)];
  const std::string& inv_name = prepared.invariant_names[static_cast<std::size_t>(check.invariant)];
  const Expr& invariant = module.invariants[static_cast<std::size_t>(check.invariant)].expr;
  std::string state = FirstStateName(invariant, module);
  std::string field = FirstFieldAccess(invariant);
  std::string written = field.empty() ? state : field;

  const Expr* clause = nullptr;
  std::vector<Expr> clauses = FlattenEnsures(op.ensures_exprs);
  for (const Expr& c : clauses) {
    if (!state.empty() && MentionsPrimed(c, state) && (field.empty() || MentionsField(c, field))) {
      clause = &c;
      break;
    }
  }
  for (const Expr& c : clauses) {
    if (clause == nullptr && !state.empty() && MentionsPrimed(c, state)) {
      clause = &c;
    }
  }
  std::optional<Change> change;
  if (diagnostic.counterexample && !state.empty()) {
    change = FindChange(*diagnostic.counterexample, state, field);
  }

  std::vector<std::string> lines;
  std::string summary = fmt::format("`{}` breaks `{}`", op.name, inv_name);
  if (clause != nullptr) {
    summary += fmt::format(": ensures `{}`", Pretty(*clause));
  }
  if (change) {
    summary += fmt::format(" takes {} from {} to {}", change->what, change->before, change->after);
  }
  lines.push_back(summary);
  lines.push_back("Why this violates the invariant:");
  lines.push_back(fmt::format("  1. Invariant '{}' requires:", inv_name));
  lines.push_back("       " + Pretty(invariant));
  if (clause != nullptr && clause->kind == ExprKind::kBinary &&
      clause->binary_op == BinaryOp::kEq && MentionsPrimed(clause->Left(), state)) {
    lines.push_back(fmt::format("  2. Operation '{}' computes '{}' from:", op.name, written));
    lines.push_back("       " + Pretty(clause->Right()));
  } else if (!written.empty()) {
    lines.push_back(fmt::format("  2. Operation '{}' writes '{}'.", op.name, written));
  }
  if (diagnostic.counterexample) {
    std::vector<std::string> picked;
    for (const CxBinding& input : diagnostic.counterexample->inputs) {
      picked.push_back(input.name + " = " + input.value.display);
    }
    if (change) {
      picked.push_back(fmt::format("pre({}) = {}", change->what, change->before));
    }
    std::string produced = change ? fmt::format("{}' = {}", change->what, change->after) : "";
    lines.push_back(fmt::format("  3. The solver picked {}{}.",
                                picked.empty() ? "a pre-state" : fmt::format("{}", fmt::join(picked, ", ")),
                                produced.empty() ? "" : ", producing post-state " + produced));
  }
  if (!written.empty()) {
    lines.push_back(fmt::format("  4. The post-state value violates the bound on '{}' from "
                                "invariant '{}'.",
                                written, inv_name));
  }
  return lines;
}

std::vector<std::string> CoreLines(const CheckDiagnostic& diagnostic, const char* step) {
  std::vector<std::string> lines;
  if (diagnostic.core.empty()) {
    return lines;
  }
  lines.push_back(fmt::format("  {}. The unsat core points at:", step));
  for (std::size_t i = 0; i < diagnostic.core.size() && i < 4; ++i) {
    lines.push_back("       " + diagnostic.core[i].note);
  }
  return lines;
}

std::vector<std::string> Contradiction(const PreparedModule& prepared,
                                       const CheckDiagnostic& diagnostic) {
  std::vector<std::string> lines{"Why these invariants conflict:",
                                 "  1. The verifier could not satisfy all invariants jointly."};
  std::vector<std::string> core = CoreLines(diagnostic, "2");
  if (!core.empty()) {
    lines.insert(lines.end(), core.begin(), core.end());
    return lines;
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < prepared.invariant_names.size() && i < 4; ++i) {
    names.push_back(prepared.invariant_names[i]);
  }
  lines.push_back(fmt::format("  2. Invariants involved: {}", fmt::join(names, ", ")));
  lines.push_back("     (Run with --explain to see the contributing pair.)");
  return lines;
}

std::vector<std::string> Unreachable(const PreparedModule& prepared, const PlannedCheck& check,
                                     const CheckDiagnostic& diagnostic) {
  const ir::Operation& op = prepared.module->operations[static_cast<std::size_t>(check.operation)];
  std::vector<std::string> parts;
  for (const Expr& e : op.requires_exprs) {
    parts.push_back(Pretty(e));
  }
  std::vector<std::string> lines{"Why this operation is unreachable:",
                                 fmt::format("  1. Operation '{}' has 'requires':", op.name),
                                 fmt::format("       {}", fmt::join(parts, " and ")),
                                 "  2. No pre-state satisfies both 'requires' and the invariants."};
  std::vector<std::string> core = CoreLines(diagnostic, "3");
  if (core.empty()) {
    lines.push_back("     (Run with --explain to see the contributing clauses.)");
  }
  lines.insert(lines.end(), core.begin(), core.end());
  return lines;
}

std::vector<std::string> NoPostState(const PreparedModule& prepared, const PlannedCheck& check,
                                     const CheckDiagnostic& diagnostic) {
  const ir::Operation& op = prepared.module->operations[static_cast<std::size_t>(check.operation)];
  std::vector<std::string> lines{"Why no post-state exists:",
                                 fmt::format("  1. Operation '{}' ensures:", op.name)};
  for (std::size_t i = 0; i < op.ensures_exprs.size() && i < 4; ++i) {
    lines.push_back("       " + Pretty(op.ensures_exprs[i]));
  }
  lines.push_back("  2. Together with 'requires', the invariants and the declared types, these "
                  "clauses admit no post-state, so every preservation check would pass vacuously.");
  std::vector<std::string> core = CoreLines(diagnostic, "3");
  if (core.empty()) {
    lines.push_back("     (Run with --explain to see the contributing clauses.)");
  }
  lines.insert(lines.end(), core.begin(), core.end());
  return lines;
}

void Truncate(std::vector<std::string>& lines) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    total += lines[i].size() + 1;
    if (i >= kMaxLines || total > kMaxChars) {
      lines.resize(i);
      lines.push_back("(narration truncated; see counterexample above for full state)");
      return;
    }
  }
}

}  // namespace

std::vector<std::string> Narrate(const PreparedModule& prepared, const PlannedCheck& check,
                                 const CheckDiagnostic& diagnostic) {
  std::vector<std::string> lines;
  switch (diagnostic.category) {
    case Category::kInvariantViolation:
      lines = Violation(prepared, check, diagnostic);
      break;
    case Category::kContradictoryInvariants:
      lines = Contradiction(prepared, diagnostic);
      break;
    case Category::kUnreachableOperation:
      lines = Unreachable(prepared, check, diagnostic);
      break;
    case Category::kContradictoryEnsures:
      lines = NoPostState(prepared, check, diagnostic);
      break;
    default:
      break;
  }
  Truncate(lines);
  return lines;
}

}  // namespace s2r::verify
