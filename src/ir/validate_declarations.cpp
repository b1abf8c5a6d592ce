// Declaration-level warnings: duplicate names, `extends` problems, transition targets.
#include <fmt/format.h>

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "ir/validate.h"

namespace s2r::ir {
namespace {

// Collects names of one namespace and reports the second and later declarations of a name.
class Namespace {
 public:
  Namespace(std::string_view what, diag::DiagnosticSink& sink) : what_(what), sink_(sink) {}

  void Declare(const std::string& name, Span span) {
    auto [first, inserted] = first_.emplace(name, span);
    if (!inserted) {
      sink_.Report(diag::DuplicateDeclaration(span, what_, name)
                       .WithLabel(first->second, "first declared here")
                       .WithHelp("rename one of them; later phases only see the first"));
    }
  }

 private:
  std::string_view what_;
  diag::DiagnosticSink& sink_;
  std::unordered_map<std::string, Span> first_;
};

void DeclareParams(const std::vector<Param>& params, Namespace& names) {
  for (const Param& param : params) {
    names.Declare(param.name, param.span);
  }
}

}  // namespace

void ReportDuplicateDeclarations(const Module& module, diag::DiagnosticSink& sink) {
  Namespace types("type", sink);
  for (const Entity& entity : module.entities) {
    types.Declare(entity.name, entity.name_span);
    Namespace fields("field", sink);
    for (const Field& field : entity.fields) {
      fields.Declare(field.name, field.span);
    }
  }
  for (const Enum& enumeration : module.enums) {
    types.Declare(enumeration.name, enumeration.name_span);
  }
  for (const TypeAlias& alias : module.type_aliases) {
    types.Declare(alias.name, alias.name_span);
  }
  for (const Enum& enumeration : module.enums) {
    Namespace values("enum value", sink);
    for (const std::string& value : enumeration.values) {
      values.Declare(value, enumeration.span);
    }
  }
  if (module.state) {
    Namespace state("state field", sink);
    for (const StateField& field : *module.state) {
      state.Declare(field.name, field.span);
    }
  }
  Namespace operations("operation", sink);
  for (const Operation& operation : module.operations) {
    operations.Declare(operation.name, operation.name_span);
    Namespace params("parameter", sink);
    DeclareParams(operation.inputs, params);
    DeclareParams(operation.outputs, params);
  }
  Namespace callables("predicate or function", sink);
  for (const Function& function : module.functions) {
    callables.Declare(function.name, function.span);
    Namespace params("parameter", sink);
    DeclareParams(function.params, params);
  }
  for (const Predicate& predicate : module.predicates) {
    callables.Declare(predicate.name, predicate.span);
    Namespace params("parameter", sink);
    DeclareParams(predicate.params, params);
  }
  Namespace transitions("transition", sink);
  for (const Transition& transition : module.transitions) {
    transitions.Declare(transition.name, transition.span);
  }
  Namespace invariants("invariant", sink);
  for (const Invariant& invariant : module.invariants) {
    if (invariant.name) {
      invariants.Declare(*invariant.name, invariant.span);
    }
  }
  Namespace temporals("temporal", sink);
  for (const Temporal& temporal : module.temporals) {
    temporals.Declare(temporal.name, temporal.span);
  }
}

void ReportBadReferences(const Module& module, diag::DiagnosticSink& sink) {
  for (const Entity& entity : module.entities) {
    if (!entity.parent) {
      continue;
    }
    if (module.FindEntity(*entity.parent) == nullptr) {
      sink.Report(diag::UnknownParent(entity.name_span, entity.name, *entity.parent)
                      .WithNote("the entity keeps only its own fields"));
      continue;
    }
    // Follow the chain; reaching the entity again means it inherits from itself.
    std::unordered_set<std::string> visited = {entity.name};
    for (const Entity* current = module.FindEntity(*entity.parent); current != nullptr;
         current = current->parent ? module.FindEntity(*current->parent) : nullptr) {
      if (!visited.insert(current->name).second) {
        if (current->name == entity.name) {
          sink.Report(diag::InheritanceCycle(entity.name_span, entity.name, *entity.parent)
                          .WithNote("the chain is cut where it repeats"));
        }
        break;
      }
    }
  }
  for (const Transition& transition : module.transitions) {
    const Entity* entity = module.FindEntity(transition.entity);
    if (entity == nullptr) {
      sink.Report(diag::TransitionTargetUnknown(transition.span, transition.name,
                                                transition.entity));
    } else if (entity->FindField(transition.field) == nullptr) {
      sink.Report(diag::UnknownField(transition.span, transition.entity, transition.field)
                      .WithNote(fmt::format("named by transition `{}`", transition.name)));
    }
  }
}

}  // namespace s2r::ir
