// Text views of the IR: S-expressions, the typed `--format ir` dump and the summary.
#include "ir/ir_dump.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace s2r::ir {
namespace {

void Append(std::string& out, const Expr& expr);

void AppendOperands(std::string& out, const Expr& expr, std::size_t from) {
  for (std::size_t i = from; i < expr.operands.size(); ++i) {
    out += ' ';
    Append(out, expr.operands[i]);
  }
}

void AppendAssignments(std::string& out, const Expr& expr, std::size_t first_value) {
  for (std::size_t i = 0; i < expr.names.size(); ++i) {
    out += fmt::format(" ({} ", expr.names[i].text);
    Append(out, expr.operands[first_value + i]);
    out += ')';
  }
}

// `(head operands...)`.
void AppendForm(std::string& out, std::string_view head, const Expr& expr) {
  out += '(';
  out += head;
  AppendOperands(out, expr, 0);
  out += ')';
}

void Append(std::string& out, const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kBinary: AppendForm(out, Spelling(expr.binary_op), expr); return;
    case ExprKind::kUnary: AppendForm(out, Spelling(expr.unary_op), expr); return;
    case ExprKind::kQuantifier:
      out += fmt::format("({}", Spelling(expr.quantifier));
      for (std::size_t i = 0; i < expr.names.size(); ++i) {
        out += fmt::format(" ({} {} ", expr.names[i].text,
                           expr.binding_kinds[i] == BindingKind::kIn ? "in" : ":");
        Append(out, expr.operands[i]);
        out += ')';
      }
      out += ' ';
      Append(out, expr.operands.back());
      out += ')';
      return;
    case ExprKind::kSomeWrap: AppendForm(out, "some", expr); return;
    case ExprKind::kPrime: AppendForm(out, "prime", expr); return;
    case ExprKind::kPre: AppendForm(out, "pre", expr); return;
    case ExprKind::kThe: AppendForm(out, "the " + expr.text, expr); return;
    case ExprKind::kSetComprehension: AppendForm(out, "set-of " + expr.text, expr); return;
    case ExprKind::kFieldAccess:
      out += "(.";
      AppendOperands(out, expr, 0);
      out += fmt::format(" {})", expr.text);
      return;
    case ExprKind::kEnumAccess:
      out += "(enum";
      AppendOperands(out, expr, 0);
      out += fmt::format(" {})", expr.text);
      return;
    case ExprKind::kIndex: AppendForm(out, "index", expr); return;
    case ExprKind::kCall: AppendForm(out, "call", expr); return;
    case ExprKind::kWith:
      out += "(with ";
      Append(out, expr.operands[0]);
      AppendAssignments(out, expr, 1);
      out += ')';
      return;
    case ExprKind::kIf: AppendForm(out, "if", expr); return;
    case ExprKind::kLet: AppendForm(out, "let " + expr.text, expr); return;
    case ExprKind::kLambda: AppendForm(out, "lambda " + expr.text, expr); return;
    case ExprKind::kConstructor:
      out += fmt::format("(new {}", expr.text);
      AppendAssignments(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kSetLiteral: AppendForm(out, "set", expr); return;
    case ExprKind::kSeqLiteral: AppendForm(out, "seq", expr); return;
    case ExprKind::kMapLiteral: AppendForm(out, "map", expr); return;
    case ExprKind::kMatches:
      out += "(matches";
      AppendOperands(out, expr, 0);
      out += fmt::format(" /{}/)", expr.text);
      return;
    case ExprKind::kIntLit: out += expr.text; return;
    case ExprKind::kFloatLit: out += expr.text; return;
    case ExprKind::kStringLit: out += fmt::format("\"{}\"", expr.text); return;
    case ExprKind::kBoolLit: out += expr.bool_value ? "true" : "false"; return;
    case ExprKind::kNoneLit: out += "none"; return;
    case ExprKind::kIdentifier:
      out += expr.ref == RefKind::kUnresolved ? "?" + expr.text : expr.text;
      return;
  }
}

std::string Typed(const Expr& expr) {
  return fmt::format("{} : {}", DumpExpr(expr), ToString(expr.type));
}

std::string Params(const std::vector<Param>& params) {
  std::string out;
  for (const Param& param : params) {
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", param.name, ToString(param.type));
  }
  return out;
}

std::string_view TemporalName(TemporalKind kind) {
  switch (kind) {
    case TemporalKind::kAlways: return "always";
    case TemporalKind::kEventually: return "eventually";
    case TemporalKind::kFairness: return "fairness";
    case TemporalKind::kInvalid: return "invalid";
  }
  return "invalid";
}

std::string_view SecurityName(SecurityKind kind) {
  switch (kind) {
    case SecurityKind::kBearer: return "Bearer";
    case SecurityKind::kApiKey: return "ApiKey";
    case SecurityKind::kBasic: return "Basic";
  }
  return "Bearer";
}

void DumpEntities(std::string& out, const Module& module) {
  for (const Entity& entity : module.entities) {
    out += fmt::format("entity {}{}\n", entity.name,
                       entity.parent ? " extends " + *entity.parent : "");
    for (const Field& field : entity.fields) {
      out += fmt::format("  {}: {}{}{}\n", field.name, ToString(field.type),
                         field.declared_in != entity.name ? " (from " + field.declared_in + ")" : "",
                         field.constraint ? " where " + Typed(*field.constraint) : "");
    }
    for (const Expr& invariant : entity.invariants) {
      out += fmt::format("  invariant {}\n", Typed(invariant));
    }
  }
}

void DumpOperations(std::string& out, const Module& module) {
  for (const Operation& operation : module.operations) {
    out += fmt::format("operation {}\n", operation.name);
    if (!operation.inputs.empty()) {
      out += fmt::format("  input {}\n", Params(operation.inputs));
    }
    if (!operation.outputs.empty()) {
      out += fmt::format("  output {}\n", Params(operation.outputs));
    }
    if (operation.requires_auth) {
      out += fmt::format("  requires_auth {}\n", fmt::join(*operation.requires_auth, ", "));
    }
    for (const Expr& expr : operation.requires_exprs) {
      out += fmt::format("  requires {}\n", Typed(expr));
    }
    for (const Expr& expr : operation.ensures_exprs) {
      out += fmt::format("  ensures {}\n", Typed(expr));
    }
  }
}

void DumpAssertions(std::string& out, const Module& module) {
  for (const Transition& transition : module.transitions) {
    out += fmt::format("transition {} {}.{}\n", transition.name, transition.entity,
                       transition.field);
    for (const TransitionRule& rule : transition.rules) {
      out += fmt::format("  {} -> {} via {}{}\n", rule.from, rule.to, rule.via,
                         rule.guard ? " when " + Typed(*rule.guard) : "");
    }
  }
  for (const Invariant& invariant : module.invariants) {
    out += fmt::format("invariant {}{}\n", invariant.name ? *invariant.name + " " : "",
                       Typed(invariant.expr));
  }
  for (const Temporal& temporal : module.temporals) {
    out += fmt::format("temporal {} {} {}\n", temporal.name, TemporalName(temporal.kind),
                       Typed(temporal.body));
  }
  for (const Invariant& fact : module.facts) {
    out += fmt::format("fact {}{}\n", fact.name ? *fact.name + " " : "", Typed(fact.expr));
  }
}

void DumpCallables(std::string& out, const Module& module) {
  for (const Function& function : module.functions) {
    out += fmt::format("function {}({}): {} = {}\n", function.name, Params(function.params),
                       ToString(function.return_type), Typed(function.body));
  }
  for (const Predicate& predicate : module.predicates) {
    out += fmt::format("predicate {}({}){} = {}\n", predicate.name, Params(predicate.params),
                       predicate.from_preamble ? " (preamble)" : "", Typed(predicate.body));
  }
}

void DumpConfiguration(std::string& out, const Module& module) {
  for (const ConventionRule& rule : module.conventions) {
    out += fmt::format("convention {}.{}{} = {}\n", rule.target, rule.property,
                       rule.qualifier ? fmt::format(" [{}]", *rule.qualifier) : "",
                       DumpExpr(rule.value));
  }
  for (const SecurityScheme& scheme : module.security) {
    std::string detail;
    if (scheme.bearer_format) {
      detail = fmt::format(" bearer_format=\"{}\"", *scheme.bearer_format);
    }
    if (scheme.location) {
      detail = fmt::format(" {}=\"{}\"", *scheme.location, scheme.parameter_name.value_or(""));
    }
    out += fmt::format("security {}: {}{}\n", scheme.name, SecurityName(scheme.kind), detail);
  }
}

template <typename T>
std::string NameList(const std::vector<T>& items) {
  std::string out;
  for (const T& item : items) {
    out += fmt::format("{}{}", out.empty() ? "" : ", ", item.name);
  }
  return out;
}

std::string SummaryLine(std::string_view label, std::size_t count, const std::string& names) {
  return names.empty() ? fmt::format("  {}: {}\n", label, count)
                       : fmt::format("  {}: {} ({})\n", label, count, names);
}

}  // namespace

std::string DumpExpr(const Expr& expr) {
  std::string out;
  Append(out, expr);
  return out;
}

std::string DumpIr(const Module& module) {
  std::string out = fmt::format("service {}\n", module.name);
  for (const std::string& import : module.imports) {
    out += fmt::format("import \"{}\"\n", import);
  }
  for (const Enum& enumeration : module.enums) {
    out += fmt::format("enum {} {{{}}}\n", enumeration.name, fmt::join(enumeration.values, ", "));
  }
  for (const TypeAlias& alias : module.type_aliases) {
    out += fmt::format("type {} = {}{}\n", alias.name, ToString(alias.base),
                       alias.constraint ? " where " + Typed(*alias.constraint) : "");
  }
  DumpEntities(out, module);
  if (module.state) {
    out += "state\n";
    for (const StateField& field : *module.state) {
      out += fmt::format("  {}: {}\n", field.name, ToString(field.type));
    }
  }
  DumpOperations(out, module);
  DumpAssertions(out, module);
  DumpCallables(out, module);
  DumpConfiguration(out, module);
  return out;
}

std::string DumpSummary(const Module& module) {
  std::string out = fmt::format("service {}\n", module.name);
  out += SummaryLine("entities", module.entities.size(), NameList(module.entities));
  out += SummaryLine("enums", module.enums.size(), NameList(module.enums));
  out += SummaryLine("type aliases", module.type_aliases.size(), NameList(module.type_aliases));
  out += SummaryLine("state fields", module.state ? module.state->size() : 0,
                     module.state ? NameList(*module.state) : "");
  out += SummaryLine("operations", module.operations.size(), NameList(module.operations));
  out += SummaryLine("transitions", module.transitions.size(), NameList(module.transitions));
  std::string invariant_names;
  for (const Invariant& invariant : module.invariants) {
    invariant_names += fmt::format("{}{}", invariant_names.empty() ? "" : ", ",
                                   invariant.name.value_or("<anonymous>"));
  }
  out += SummaryLine("invariants", module.invariants.size(), invariant_names);
  out += SummaryLine("temporals", module.temporals.size(), NameList(module.temporals));
  out += SummaryLine("facts", module.facts.size(), "");
  out += SummaryLine("functions", module.functions.size(), NameList(module.functions));
  out += SummaryLine("predicates", module.predicates.size(), NameList(module.predicates));
  out += SummaryLine("convention rules", module.conventions.size(), "");
  out += SummaryLine("security schemes", module.security.size(), NameList(module.security));
  return out;
}

}  // namespace s2r::ir
