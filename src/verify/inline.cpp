// Beta-reduction of calls to user functions and predicates.
#include "verify/inline.h"

#include <map>
#include <string>

#include "verify/ir_util.h"

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

struct Callable {
  const std::vector<ir::Param>* params = nullptr;
  const Expr* body = nullptr;
};

Callable FindCallable(const ir::Module& module, std::string_view name) {
  if (const ir::Function* f = module.FindFunction(name)) {
    return {&f->params, &f->body};
  }
  if (const ir::Predicate* p = module.FindPredicate(name)) {
    return {&p->params, &p->body};
  }
  return {};
}

// One round: inlines every user call found (arguments first, so nested calls also reduce).
Expr InlineOnce(const Expr& expr, const ir::Module& module, bool& changed) {
  Expr out = expr;
  for (Expr& child : out.operands) {
    child = InlineOnce(child, module, changed);
  }
  if (out.kind != ExprKind::kCall) {
    return out;
  }
  Callable callable = FindCallable(module, CalleeName(out));
  if (callable.body == nullptr || callable.params->size() + 1 != out.operands.size()) {
    return out;
  }
  std::map<std::string, const Expr*> bindings;
  for (std::size_t i = 0; i < callable.params->size(); ++i) {
    bindings[(*callable.params)[i].name] = &out.operands[i + 1];
  }
  changed = true;
  Expr inlined = Substitute(*callable.body, bindings);
  // The inlined body keeps pointing at the call site for diagnostics.
  inlined.span = out.span;
  return inlined;
}

std::size_t NodeCount(const Expr& expr) {
  std::size_t count = 0;
  ir::ForEachSubexpression(expr, [&](const Expr&) { ++count; });
  return count;
}

// Recursive definitions grow the expression each round; stop well before memory matters.
constexpr std::size_t kMaxInlinedNodes = 20000;

}  // namespace

std::string_view CalleeName(const Expr& call) {
  if (call.kind != ExprKind::kCall || call.operands.empty() ||
      call.operands[0].kind != ExprKind::kIdentifier) {
    return {};
  }
  return call.operands[0].text;
}

Expr InlineCalls(const Expr& expr, const ir::Module& module, int fuel) {
  Expr current = expr;
  for (int round = 0; round < fuel; ++round) {
    bool changed = false;
    current = InlineOnce(current, module, changed);
    if (!changed || NodeCount(current) > kMaxInlinedNodes) {
      break;
    }
  }
  return current;
}

bool HasUserCalls(const Expr& expr, const ir::Module& module) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    if (e.kind == ExprKind::kCall && FindCallable(module, CalleeName(e)).body != nullptr) {
      found = true;
    }
  });
  return found;
}

}  // namespace s2r::verify
