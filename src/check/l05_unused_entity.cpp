// L05: an entity no type, expression or `extends` refers to. A transition's `entity:` target does
// not count as a reference (the reference's rule; edge_cases' `Child` shows it).
#include <unordered_set>

#include "check/lints.h"

namespace s2r::check {
namespace {

class References {
 public:
  void AddType(const ir::Type& type) {
    if (!type.alias.empty()) {
      names_.insert(type.alias);
    }
    if (!type.name.empty()) {
      names_.insert(type.name);
    }
    for (const ir::Type& arg : type.args) {
      AddType(arg);
    }
  }
  void AddParams(const std::vector<ir::Param>& params) {
    for (const ir::Param& param : params) {
      AddType(param.type);
    }
  }
  void AddExpr(const ir::Expr& root) {
    ir::ForEachSubexpression(root, [&](const ir::Expr& expr) {
      if (expr.kind == ir::ExprKind::kIdentifier || expr.kind == ir::ExprKind::kConstructor) {
        names_.insert(expr.text);
      }
    });
  }
  void AddName(const std::string& name) { names_.insert(name); }
  [[nodiscard]] bool Contains(const std::string& name) const { return names_.count(name) != 0; }

 private:
  std::unordered_set<std::string> names_;
};

}  // namespace

void CheckUnusedEntities(const ir::Module& module, diag::DiagnosticSink& sink) {
  References references;
  if (module.state) {
    for (const ir::StateField& field : *module.state) {
      references.AddType(field.type);
    }
  }
  for (const ir::Operation& operation : module.operations) {
    references.AddParams(operation.inputs);
    references.AddParams(operation.outputs);
  }
  for (const ir::Entity& entity : module.entities) {
    for (const ir::Field& field : entity.fields) {
      references.AddType(field.type);
    }
    if (entity.parent) {
      references.AddName(*entity.parent);
    }
  }
  for (const ir::Function& function : module.functions) {
    references.AddParams(function.params);
    references.AddType(function.return_type);
  }
  for (const ir::Predicate& predicate : module.predicates) {
    references.AddParams(predicate.params);
  }
  for (const ir::TypeAlias& alias : module.type_aliases) {
    references.AddType(alias.base);
  }
  ForEachLintedExpr(module, /*include_transition_guards=*/true,
                    [&](const ir::Expr& expr) { references.AddExpr(expr); });
  for (const ir::Entity& entity : module.entities) {
    if (!references.Contains(entity.name)) {
      sink.Report(diag::UnusedEntity(entity.span, entity.name)
                      .WithHelp("use it in a state field or an operation, or remove it"));
    }
  }
}

}  // namespace s2r::check
