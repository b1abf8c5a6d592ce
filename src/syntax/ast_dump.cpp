// S-expression printer for the syntax tree.
#include "syntax/ast_dump.h"

#include <fmt/format.h>

namespace s2r::syntax {
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

void Append(std::string& out, const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kBinary:
      out += fmt::format("({}", Spelling(expr.binary_op));
      AppendOperands(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kUnary:
      out += fmt::format("({}", Spelling(expr.unary_op));
      AppendOperands(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kQuantifier: {
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
    }
    case ExprKind::kSomeWrap: out += "(some"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kPrime: out += "(prime"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kPre: out += "(pre"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kThe:
      out += fmt::format("(the {}", expr.text);
      AppendOperands(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kSetComprehension:
      out += fmt::format("(set-of {}", expr.text);
      AppendOperands(out, expr, 0);
      out += ')';
      return;
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
    case ExprKind::kIndex: out += "(index"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kCall: out += "(call"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kWith:
      out += "(with ";
      Append(out, expr.operands[0]);
      AppendAssignments(out, expr, 1);
      out += ')';
      return;
    case ExprKind::kIf: out += "(if"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kLet:
      out += fmt::format("(let {}", expr.text);
      AppendOperands(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kLambda:
      out += fmt::format("(lambda {}", expr.text);
      AppendOperands(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kConstructor:
      out += fmt::format("(new {}", expr.text);
      AppendAssignments(out, expr, 0);
      out += ')';
      return;
    case ExprKind::kSetLiteral: out += "(set"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kSeqLiteral: out += "(seq"; AppendOperands(out, expr, 0); out += ')'; return;
    case ExprKind::kMapLiteral: out += "(map"; AppendOperands(out, expr, 0); out += ')'; return;
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
    case ExprKind::kIdentifier: out += expr.text; return;
  }
}

std::string DumpType(const TypeExpr& type) {
  switch (type.kind) {
    case TypeKind::kNamed: return type.name;
    case TypeKind::kSet: return fmt::format("Set[{}]", DumpType(type.args[0]));
    case TypeKind::kSeq: return fmt::format("Seq[{}]", DumpType(type.args[0]));
    case TypeKind::kOption: return fmt::format("Option[{}]", DumpType(type.args[0]));
    case TypeKind::kMap:
      return fmt::format("Map[{}, {}]", DumpType(type.args[0]), DumpType(type.args[1]));
    case TypeKind::kRelation:
      return fmt::format("{} -> {} {}", DumpType(type.args[0]), Spelling(type.multiplicity),
                         DumpType(type.args[1]));
  }
  return "?";
}

std::string DumpParams(const std::vector<Param>& params) {
  std::string out;
  for (const Param& p : params) {
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", p.name.text, DumpType(p.type));
  }
  return out;
}

}  // namespace

std::string DumpExpr(const Expr& expr) {
  std::string out;
  Append(out, expr);
  return out;
}

std::string DumpService(const Service& service) {
  std::string out = fmt::format("service {}\n", service.name.text);
  for (const Import& import : service.imports) {
    out += fmt::format("import \"{}\"\n", import.path.value);
  }
  for (const Entity& e : service.entities) {
    out += fmt::format("entity {}{}\n", e.name.text, e.parent ? " extends " + e.parent->text : "");
    for (const Field& f : e.fields) {
      out += fmt::format("  field {}: {}{}\n", f.name.text, DumpType(f.type),
                         f.constraint ? " where " + DumpExpr(*f.constraint) : "");
    }
    for (const Expr& inv : e.invariants) {
      out += fmt::format("  invariant {}\n", DumpExpr(inv));
    }
  }
  for (const Enum& e : service.enums) {
    std::string values;
    for (const Name& v : e.values) {
      values += (values.empty() ? "" : ", ") + v.text;
    }
    out += fmt::format("enum {} {{{}}}\n", e.name.text, values);
  }
  for (const TypeAlias& a : service.type_aliases) {
    out += fmt::format("type {} = {}{}\n", a.name.text, DumpType(a.type),
                       a.constraint ? " where " + DumpExpr(*a.constraint) : "");
  }
  for (const State& s : service.states) {
    out += fmt::format("state {{{}}}\n", DumpParams(s.fields));
  }
  for (const Operation& op : service.operations) {
    out += fmt::format("operation {}\n", op.name.text);
    if (!op.inputs.empty()) out += fmt::format("  input {}\n", DumpParams(op.inputs));
    if (!op.outputs.empty()) out += fmt::format("  output {}\n", DumpParams(op.outputs));
    for (const Clause& clause : op.requires_clauses) {
      for (const Expr& e : clause) out += fmt::format("  requires {}\n", DumpExpr(e));
    }
    for (const Clause& clause : op.ensures_clauses) {
      for (const Expr& e : clause) out += fmt::format("  ensures {}\n", DumpExpr(e));
    }
    if (op.requires_auth) {
      for (const Name& n : *op.requires_auth) out += fmt::format("  requires_auth {}\n", n.text);
    }
  }
  for (const Transition& t : service.transitions) {
    out += fmt::format("transition {} {}.{}\n", t.name.text, t.entity.text, t.field.text);
    for (const TransitionRule& r : t.rules) {
      out += fmt::format("  {} -> {} via {}{}\n", r.from.text, r.to.text, r.via.text,
                         r.guard ? " when " + DumpExpr(*r.guard) : "");
    }
  }
  for (const Invariant& i : service.invariants) {
    out += fmt::format("invariant {}{}\n", i.name ? i.name->text + " " : "", DumpExpr(i.expr));
  }
  for (const Temporal& t : service.temporals) {
    out += fmt::format("temporal {} {}\n", t.name.text, DumpExpr(t.expr));
  }
  for (const Invariant& f : service.facts) {
    out += fmt::format("fact {}{}\n", f.name ? f.name->text + " " : "", DumpExpr(f.expr));
  }
  for (const Function& f : service.functions) {
    out += fmt::format("function {}({}): {} = {}\n", f.name.text, DumpParams(f.params),
                       DumpType(f.return_type), DumpExpr(f.body));
  }
  for (const Predicate& p : service.predicates) {
    out += fmt::format("predicate {}({}) = {}\n", p.name.text, DumpParams(p.params),
                       DumpExpr(p.body));
  }
  for (const Conventions& c : service.conventions) {
    for (const ConventionRule& r : c.rules) {
      std::string qualifier = r.dotted_qualifier ? "." + r.dotted_qualifier->text : "";
      if (r.string_qualifier) qualifier += fmt::format(" \"{}\"", r.string_qualifier->value);
      out += fmt::format("convention {}.{}{} = {}\n", r.target.text, r.property.text, qualifier,
                         DumpExpr(r.value));
    }
  }
  for (const SecurityScheme& s : service.security) {
    std::string args;
    for (const SecurityArgument& a : s.arguments) {
      args += fmt::format("{}{}: \"{}\"", args.empty() ? "" : ", ", a.name.text, a.value.value);
    }
    out += fmt::format("security {}: {}({})\n", s.name.text, s.kind.text, args);
  }
  return out;
}

}  // namespace s2r::syntax
