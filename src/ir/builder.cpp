// ir::Build: declarations from the syntax tree, then flattening, folding, preamble, resolution.
#include <fmt/format.h>

#include "ir/build.h"
#include "ir/builder_internal.h"
#include "ir/inheritance.h"
#include "ir/let_folding.h"
#include "ir/resolve.h"
#include "ir/validate.h"

namespace s2r::ir {
namespace {

Param ConvertParam(const syntax::Param& param, TypeResolver& types) {
  return Param{param.name.text, types.Resolve(param.type), param.span};
}

std::vector<Param> ConvertParams(const std::vector<syntax::Param>& params, TypeResolver& types) {
  std::vector<Param> out;
  out.reserve(params.size());
  for (const syntax::Param& param : params) {
    out.push_back(ConvertParam(param, types));
  }
  return out;
}

std::optional<Expr> ConvertOptional(const std::optional<syntax::Expr>& expr,
                                    diag::DiagnosticSink& sink) {
  if (!expr) {
    return std::nullopt;
  }
  return ConvertExpr(*expr, sink);
}

// `always(P)`, `eventually(P)`, `fairness(Op)`: a call on the bare name with one argument.
void ClassifyTemporal(Temporal& temporal) {
  const Expr& body = temporal.body;
  if (body.kind != ExprKind::kCall || body.operands.size() != 2 ||
      body.operands[0].kind != ExprKind::kIdentifier) {
    return;
  }
  const std::string& callee = body.operands[0].text;
  if (callee == "always") {
    temporal.kind = TemporalKind::kAlways;
  } else if (callee == "eventually") {
    temporal.kind = TemporalKind::kEventually;
  } else if (callee == "fairness") {
    temporal.kind = TemporalKind::kFairness;
  } else {
    return;
  }
  Expr argument = std::move(temporal.body.operands[1]);
  temporal.body = std::move(argument);
}

class ModuleBuilder {
 public:
  ModuleBuilder(const syntax::Service& service, SourceManager& sources,
                diag::DiagnosticSink& sink)
      : service_(service), sources_(sources), sink_(sink), types_(service, sink) {}

  Module Run(const BuildOptions& options);

 private:
  void BuildHeader();
  void BuildTypes();
  void BuildEntities();
  void BuildState();
  void BuildOperations();
  void BuildTransitions();
  void BuildAssertions();
  void BuildCallables();
  void MergePreamble();

  const syntax::Service& service_;
  SourceManager& sources_;
  diag::DiagnosticSink& sink_;
  TypeResolver types_;
  Module module_;
};

Module ModuleBuilder::Run(const BuildOptions& options) {
  BuildHeader();
  BuildTypes();
  BuildEntities();
  BuildState();
  BuildOperations();
  BuildTransitions();
  BuildAssertions();
  BuildCallables();
  BuildConventions(service_.conventions, module_, sink_);
  module_.security = BuildSecurity(service_.security, sink_);
  ReportDuplicateDeclarations(module_, sink_);
  FlattenInheritance(module_.entities);
  ReportBadReferences(module_, sink_);
  if (options.inject_preamble) {
    MergePreamble();
  }
  ResolveModule(module_);
  ReportExpressionMistakes(module_, sink_);
  return std::move(module_);
}

void ModuleBuilder::BuildHeader() {
  module_.name = service_.name.text;
  module_.span = service_.span;
  if (service_.span.IsValid()) {
    module_.source_name = std::string(sources_.Name(service_.span.source));
  }
  for (const syntax::Import& import : service_.imports) {
    module_.imports.push_back(import.path.value);
    sink_.Report(diag::ImportNotResolved(import.span, import.path.value));
  }
}

void ModuleBuilder::BuildTypes() {
  for (const syntax::Enum& enumeration : service_.enums) {
    Enum out;
    out.name = enumeration.name.text;
    for (const syntax::Name& value : enumeration.values) {
      out.values.push_back(value.text);
    }
    out.span = enumeration.span;
    out.name_span = enumeration.name.span;
    module_.enums.push_back(std::move(out));
  }
  for (const syntax::TypeAlias& alias : service_.type_aliases) {
    TypeAlias out;
    out.name = alias.name.text;
    out.base = types_.AliasBase(alias.name.text);
    out.constraint = ConvertOptional(alias.constraint, sink_);
    out.span = alias.span;
    out.name_span = alias.name.span;
    module_.type_aliases.push_back(std::move(out));
  }
}

void ModuleBuilder::BuildEntities() {
  for (const syntax::Entity& entity : service_.entities) {
    Entity out;
    out.name = entity.name.text;
    if (entity.parent) {
      out.parent = entity.parent->text;
    }
    for (const syntax::Field& field : entity.fields) {
      out.fields.push_back(Field{field.name.text, types_.Resolve(field.type),
                                 ConvertOptional(field.constraint, sink_), field.span,
                                 entity.name.text});
    }
    for (const syntax::Expr& invariant : entity.invariants) {
      out.invariants.push_back(ConvertExpr(invariant, sink_));
    }
    out.span = entity.span;
    out.name_span = entity.name.span;
    module_.entities.push_back(std::move(out));
  }
}

void ModuleBuilder::BuildState() {
  for (std::size_t i = 0; i < service_.states.size(); ++i) {
    const syntax::State& state = service_.states[i];
    if (i > 0) {
      sink_.Report(diag::DuplicateStateBlock(state.span)
                       .WithLabel(service_.states[0].span, "first `state` block")
                       .WithHelp("merge the fields into one `state` block"));
      continue;
    }
    std::vector<StateField> fields;
    for (const syntax::Param& field : state.fields) {
      fields.push_back(StateField{field.name.text, types_.Resolve(field.type), field.span});
    }
    module_.state = std::move(fields);
  }
}

void ModuleBuilder::BuildOperations() {
  for (const syntax::Operation& operation : service_.operations) {
    Operation out;
    out.name = operation.name.text;
    out.inputs = ConvertParams(operation.inputs, types_);
    out.outputs = ConvertParams(operation.outputs, types_);
    auto convert_clauses = [&](const std::vector<syntax::Clause>& clauses,
                               std::vector<Expr>& into) {
      for (const syntax::Clause& clause : clauses) {
        std::vector<Expr> elements;
        for (const syntax::Expr& element : clause) {
          elements.push_back(ConvertExpr(element, sink_));
        }
        for (Expr& folded : FoldLets(std::move(elements))) {
          into.push_back(std::move(folded));
        }
      }
    };
    convert_clauses(operation.requires_clauses, out.requires_exprs);
    convert_clauses(operation.ensures_clauses, out.ensures_exprs);
    if (operation.requires_auth) {
      std::vector<std::string> names;
      for (const syntax::Name& name : *operation.requires_auth) {
        names.push_back(name.text);
      }
      out.requires_auth = std::move(names);
    }
    out.span = operation.span;
    out.name_span = operation.name.span;
    module_.operations.push_back(std::move(out));
  }
}

void ModuleBuilder::BuildTransitions() {
  for (const syntax::Transition& transition : service_.transitions) {
    Transition out;
    out.name = transition.name.text;
    out.entity = transition.entity.text;
    out.field = transition.field.text;
    for (const syntax::TransitionRule& rule : transition.rules) {
      out.rules.push_back(TransitionRule{rule.from.text, rule.to.text, rule.via.text,
                                         ConvertOptional(rule.guard, sink_), rule.span});
    }
    out.span = transition.span;
    module_.transitions.push_back(std::move(out));
  }
}

void ModuleBuilder::BuildAssertions() {
  auto convert = [&](const syntax::Invariant& invariant) {
    Invariant out;
    if (invariant.name) {
      out.name = invariant.name->text;
    }
    out.expr = ConvertExpr(invariant.expr, sink_);
    out.span = invariant.span;
    return out;
  };
  for (const syntax::Invariant& invariant : service_.invariants) {
    module_.invariants.push_back(convert(invariant));
  }
  for (const syntax::Invariant& fact : service_.facts) {
    module_.facts.push_back(convert(fact));
  }
  for (const syntax::Temporal& temporal : service_.temporals) {
    Temporal out;
    out.name = temporal.name.text;
    out.body = ConvertExpr(temporal.expr, sink_);
    out.span = temporal.span;
    ClassifyTemporal(out);
    module_.temporals.push_back(std::move(out));
  }
}

void ModuleBuilder::BuildCallables() {
  for (const syntax::Function& function : service_.functions) {
    Function out;
    out.name = function.name.text;
    out.params = ConvertParams(function.params, types_);
    out.return_type = types_.Resolve(function.return_type);
    out.body = ConvertExpr(function.body, sink_);
    out.span = function.span;
    module_.functions.push_back(std::move(out));
  }
  for (const syntax::Predicate& predicate : service_.predicates) {
    module_.predicates.push_back(ConvertPredicate(predicate, types_, sink_));
  }
}

// The preamble's predicates go after the user's, except those the user redefines.
void ModuleBuilder::MergePreamble() {
  for (Predicate& predicate : PreamblePredicates(sources_)) {
    if (module_.FindPredicate(predicate.name) == nullptr) {
      module_.predicates.push_back(std::move(predicate));
    }
  }
}

}  // namespace

Predicate ConvertPredicate(const syntax::Predicate& predicate, TypeResolver& types,
                           diag::DiagnosticSink& sink) {
  Predicate out;
  out.name = predicate.name.text;
  out.params = ConvertParams(predicate.params, types);
  out.body = ConvertExpr(predicate.body, sink);
  out.span = predicate.span;
  return out;
}

Module Build(const syntax::Service& service, SourceManager& sources, diag::DiagnosticSink& sink,
             const BuildOptions& options) {
  ModuleBuilder builder(service, sources, sink);
  return builder.Run(options);
}

}  // namespace s2r::ir
