// L04: two operations with the same input/output signature and the same normalised
// preconditions cannot be told apart by a caller.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "check/lints.h"
#include "ir/ir_dump.h"

namespace s2r::check {
namespace {

// A span-free spelling of a type that tells apart every distinct written type, aliases and
// opaque names included.
std::string TypeKey(const ir::Type& type) {
  if (!type.alias.empty()) {
    return type.alias;
  }
  if (type.kind == ir::TypeKind::kUnknown) {
    return "?" + type.name;
  }
  std::string key = ir::ToString(type);
  if (!type.args.empty()) {
    key += '<';
    for (const ir::Type& arg : type.args) {
      key += TypeKey(arg) + ',';
    }
    key += '>';
  }
  return key;
}

// Parameter names and types, inputs then outputs; names and order both matter.
std::string Signature(const ir::Operation& operation) {
  std::string key;
  for (const ir::Param& param : operation.inputs) {
    key += fmt::format("{}:{};", param.name, TypeKey(param.type));
  }
  key += '|';
  for (const ir::Param& param : operation.outputs) {
    key += fmt::format("{}:{};", param.name, TypeKey(param.type));
  }
  return key;
}

void FlattenAnd(const ir::Expr& expr, std::vector<const ir::Expr*>& conjuncts) {
  if (expr.kind == ir::ExprKind::kBinary && expr.binary_op == BinaryOp::kAnd) {
    FlattenAnd(expr.Left(), conjuncts);
    FlattenAnd(expr.Right(), conjuncts);
  } else {
    conjuncts.push_back(&expr);
  }
}

// Every top-level conjunct of every requires expression, `true` dropped, printed without spans,
// sorted.
std::vector<std::string> NormalisedRequires(const ir::Operation& operation) {
  std::vector<const ir::Expr*> conjuncts;
  for (const ir::Expr& expr : operation.requires_exprs) {
    FlattenAnd(expr, conjuncts);
  }
  std::vector<std::string> printed;
  for (const ir::Expr* conjunct : conjuncts) {
    if (conjunct->kind == ir::ExprKind::kBoolLit && conjunct->bool_value) {
      continue;
    }
    printed.push_back(ir::DumpExpr(*conjunct));
  }
  std::sort(printed.begin(), printed.end());
  return printed;
}

}  // namespace

void CheckAmbiguousDispatch(const ir::Module& module, diag::DiagnosticSink& sink) {
  std::map<std::string, std::vector<const ir::Operation*>> groups;
  for (const ir::Operation& operation : module.operations) {
    groups[Signature(operation)].push_back(&operation);
  }
  for (auto& [signature, operations] : groups) {
    std::sort(operations.begin(), operations.end(),
              [](const ir::Operation* a, const ir::Operation* b) { return a->name < b->name; });
    for (std::size_t i = 0; i < operations.size(); ++i) {
      std::vector<std::string> first = NormalisedRequires(*operations[i]);
      for (std::size_t j = i + 1; j < operations.size(); ++j) {
        if (first != NormalisedRequires(*operations[j])) {
          continue;
        }
        const ir::Operation& a = *operations[i];
        const ir::Operation& b = *operations[j];
        std::string_view phrase =
            first.empty() ? "neither has preconditions" : "they share the same preconditions";
        sink.Report(diag::AmbiguousDispatch(b.span, a.name, b.name, phrase)
                        .WithLabel(a.name_span, fmt::format("first definition of `{}`", a.name))
                        .WithHelp("rename a parameter or add a distinguishing `requires`"));
      }
    }
  }
}

}  // namespace s2r::check
