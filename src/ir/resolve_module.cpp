// Per-declaration scopes (language.md §7 L02) applied to every expression of the module.
#include "ir/resolve.h"

namespace s2r::ir {
namespace {

ScopeEntry Self(Type type = {}) { return {"self", RefKind::kSelf, std::move(type), {}}; }
ScopeEntry Value(Type type) { return {"value", RefKind::kValue, std::move(type), {}}; }

void AddParams(std::vector<ScopeEntry>& scope, const std::vector<Param>& params, RefKind ref) {
  for (const Param& param : params) {
    scope.push_back({param.name, ref, param.type, {}});
  }
}

void AddEntityFields(std::vector<ScopeEntry>& scope, const Entity& entity) {
  for (const Field& field : entity.fields) {
    scope.push_back({field.name, RefKind::kEntityField, field.type, {}});
  }
}

class ModuleResolver {
 public:
  explicit ModuleResolver(Module& module) : module_(module), globals_(module) {}

  void Run();

 private:
  void Resolve(Expr& expr, const std::vector<ScopeEntry>& context) {
    ResolveExpr(expr, module_, globals_, context);
  }
  void ResolveEntity(Entity& entity);
  void ResolveOperation(Operation& operation);
  void ResolveTransition(Transition& transition);

  Module& module_;
  GlobalScope globals_;
};

void ModuleResolver::Run() {
  for (TypeAlias& alias : module_.type_aliases) {
    if (alias.constraint) {
      Resolve(*alias.constraint, {Value(alias.base)});
    }
  }
  for (Entity& entity : module_.entities) {
    ResolveEntity(entity);
  }
  for (Operation& operation : module_.operations) {
    ResolveOperation(operation);
  }
  for (Transition& transition : module_.transitions) {
    ResolveTransition(transition);
  }
  const std::vector<ScopeEntry> self_only = {Self()};
  for (Invariant& invariant : module_.invariants) {
    Resolve(invariant.expr, self_only);
  }
  for (Temporal& temporal : module_.temporals) {
    Resolve(temporal.body, self_only);
  }
  for (Invariant& fact : module_.facts) {
    Resolve(fact.expr, self_only);
  }
  for (Function& function : module_.functions) {
    std::vector<ScopeEntry> scope;
    AddParams(scope, function.params, RefKind::kParam);
    Resolve(function.body, scope);
  }
  for (Predicate& predicate : module_.predicates) {
    std::vector<ScopeEntry> scope;
    AddParams(scope, predicate.params, RefKind::kParam);
    Resolve(predicate.body, scope);
  }
  for (ConventionRule& rule : module_.conventions) {
    // Convention values are not linted; an operation target's parameters are the useful names.
    std::vector<ScopeEntry> scope;
    if (const Operation* operation = module_.FindOperation(rule.target)) {
      AddParams(scope, operation->inputs, RefKind::kInput);
      AddParams(scope, operation->outputs, RefKind::kOutput);
    }
    Resolve(rule.value, scope);
  }
}

void ModuleResolver::ResolveEntity(Entity& entity) {
  Type self_type = Type::Named(TypeKind::kEntity, entity.name);
  for (Field& field : entity.fields) {
    if (!field.constraint) {
      continue;
    }
    // Inside a field's `where`, `value` is the field's value even if a sibling is named `value`.
    std::vector<ScopeEntry> scope = {Value(field.type), Self(self_type)};
    AddEntityFields(scope, entity);
    Resolve(*field.constraint, scope);
  }
  std::vector<ScopeEntry> scope = {Self(self_type)};
  AddEntityFields(scope, entity);
  scope.push_back(Value({}));
  for (Expr& invariant : entity.invariants) {
    Resolve(invariant, scope);
  }
}

void ModuleResolver::ResolveOperation(Operation& operation) {
  std::vector<ScopeEntry> scope;
  AddParams(scope, operation.inputs, RefKind::kInput);
  AddParams(scope, operation.outputs, RefKind::kOutput);
  scope.push_back(Self());
  for (Expr& expr : operation.requires_exprs) {
    Resolve(expr, scope);
  }
  for (Expr& expr : operation.ensures_exprs) {
    Resolve(expr, scope);
  }
}

void ModuleResolver::ResolveTransition(Transition& transition) {
  std::vector<ScopeEntry> scope;
  const Entity* entity = module_.FindEntity(transition.entity);
  if (entity != nullptr) {
    AddEntityFields(scope, *entity);
  }
  scope.push_back(Self(entity != nullptr ? Type::Named(TypeKind::kEntity, entity->name) : Type{}));
  for (TransitionRule& rule : transition.rules) {
    if (rule.guard) {
      Resolve(*rule.guard, scope);
    }
  }
}

}  // namespace

void ResolveModule(Module& module) {
  ModuleResolver resolver(module);
  resolver.Run();
}

}  // namespace s2r::ir
