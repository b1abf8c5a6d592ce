// Hook calling convention shared by the services emitter and the stale-hook review.
#include "emit/python_fastapi/hook_signature.h"

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/names.h"

namespace s2r::emit::python_fastapi {

std::string_view HookPrefix(HookKind kind) {
  switch (kind) {
    case HookKind::kBefore: return "before";
    case HookKind::kReplace: return "replace";
    case HookKind::kAfter: return "after";
  }
  return "before";
}

bool IsPaginated(const convention::Operation& op) {
  return op.response.kind == convention::ResponseKind::kEntityList;
}

std::vector<std::string> HookKeywords(const convention::Operation& op) {
  std::vector<std::string> names;
  for (const convention::Parameter& param : op.params) {
    names.push_back(EscapeLocal(param.name));
  }
  if (IsPaginated(op)) {
    names.emplace_back("limit");
    names.emplace_back("offset");
  }
  return names;
}

std::vector<std::string> HookPositionals(const convention::Operation& op, HookKind kind) {
  std::vector<std::string> names = {"session"};
  if (kind == HookKind::kAfter && ResultType(op) != "None") {
    names.emplace_back("result");
  }
  return names;
}

std::string HookSignature(const convention::Operation& op, HookKind kind) {
  std::string params;
  for (const std::string& name : HookPositionals(op, kind)) {
    params += (params.empty() ? "" : ", ") + name;
  }
  std::vector<std::string> keywords = HookKeywords(op);
  if (!keywords.empty()) {
    params += ", *";
  }
  for (const std::string& name : keywords) {
    params += ", " + name;
  }
  return "async def " + std::string(HookPrefix(kind)) + "_" + op.snake + "(" + params + ")";
}

}  // namespace s2r::emit::python_fastapi
