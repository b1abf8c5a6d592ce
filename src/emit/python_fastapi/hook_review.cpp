// Stale-hook review: compares scanned hook definitions with the hook calling convention.
#include "emit/python_fastapi/hook_review.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/edit_distance.h"
#include "emit/python_fastapi/hook_signature.h"
#include "emit/python_fastapi/python_def_scanner.h"

namespace s2r::emit::python_fastapi {
namespace {

struct HookName {
  HookKind kind = HookKind::kBefore;
  std::string operation;  // the snake_case operation name after the prefix
};

std::optional<HookName> ParseHookName(const std::string& name) {
  for (HookKind kind : {HookKind::kBefore, HookKind::kReplace, HookKind::kAfter}) {
    std::string prefix = std::string(HookPrefix(kind)) + "_";
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
      return HookName{kind, name.substr(prefix.size())};
    }
  }
  return std::nullopt;
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    out += (out.empty() ? "`" : ", `") + name + "`";
  }
  return out;
}

const convention::Operation* FindBySnake(const convention::ServiceModel& model,
                                         const std::string& snake) {
  for (const convention::Operation& op : model.operations) {
    if (op.snake == snake) {
      return &op;
    }
  }
  return nullptr;
}

bool TakesPositionally(const PythonParam& param) {
  return param.kind == PythonParamKind::kPositionalOnly ||
         param.kind == PythonParamKind::kPositionalOrKeyword;
}

// How a scanned definition differs from the expected call; empty when the call would bind.
struct Mismatch {
  std::vector<std::string> added;          // passed by the service, not accepted by the hook
  std::vector<const PythonParam*> removed; // hook parameters the service no longer passes
  std::vector<std::string> missing_positionals;  // positional arguments the hook cannot take
  const PythonParam* extra_result = nullptr;  // a `result` slot for an operation without one

  [[nodiscard]] bool Empty() const {
    return added.empty() && removed.empty() && missing_positionals.empty() &&
           extra_result == nullptr;
  }
};

Mismatch Compare(const PythonDef& def, const std::vector<std::string>& positionals,
                 const std::vector<std::string>& keywords) {
  Mismatch mismatch;
  bool var_positional = false;
  bool var_keyword = false;
  std::size_t bound = 0;
  std::vector<const PythonParam*> keyword_params;
  for (const PythonParam& param : def.params) {
    if (param.kind == PythonParamKind::kVarPositional) {
      var_positional = true;
    } else if (param.kind == PythonParamKind::kVarKeyword) {
      var_keyword = true;
    } else if (TakesPositionally(param) && bound < positionals.size()) {
      ++bound;
    } else {
      keyword_params.push_back(&param);
    }
  }
  if (!var_positional && bound < positionals.size()) {
    mismatch.missing_positionals.assign(positionals.begin() + static_cast<std::ptrdiff_t>(bound),
                                        positionals.end());
  }
  std::set<std::string> accepted;
  for (const PythonParam* param : keyword_params) {
    accepted.insert(param->name);
    bool passed = std::find(keywords.begin(), keywords.end(), param->name) != keywords.end();
    if (passed) {
      continue;
    }
    if (param->name == "result" && TakesPositionally(*param) && positionals.size() == 1) {
      mismatch.extra_result = param;
    } else {
      mismatch.removed.push_back(param);
    }
  }
  if (!var_keyword) {
    for (const std::string& name : keywords) {
      if (accepted.count(name) == 0) {
        mismatch.added.push_back(name);
      }
    }
  }
  return mismatch;
}

std::string Describe(const Mismatch& mismatch) {
  std::vector<std::string> parts;
  if (!mismatch.added.empty()) {
    parts.push_back(fmt::format("input{} {} added", mismatch.added.size() == 1 ? "" : "s",
                                QuotedList(mismatch.added)));
  }
  if (!mismatch.removed.empty()) {
    std::vector<std::string> names;
    for (const PythonParam* param : mismatch.removed) {
      names.push_back(param->name);
    }
    parts.push_back(fmt::format("input{} {} removed", names.size() == 1 ? "" : "s",
                                QuotedList(names)));
  }
  if (!mismatch.missing_positionals.empty()) {
    parts.push_back(
        fmt::format("it must also take {} positionally", QuotedList(mismatch.missing_positionals)));
  }
  if (mismatch.extra_result != nullptr) {
    parts.emplace_back("the operation no longer returns a result");
  }
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : "; ") + part;
  }
  return out;
}

void ReportUnknownOperation(const convention::ServiceModel& model, const PythonDef& def,
                            const HookName& hook, SourceId source, diag::DiagnosticSink& sink) {
  std::vector<std::string> operations;
  for (const convention::Operation& op : model.operations) {
    operations.push_back(op.snake);
  }
  // Renames usually keep most of the name, so longer names tolerate more edits.
  std::size_t tolerance = std::max<std::size_t>(2, hook.operation.size() / 3);
  diag::Diagnostic d = diag::StaleHookOperation(Span{source, def.name_begin, def.name_end},
                                                def.name, hook.operation);
  std::optional<std::string> closest = ClosestName(hook.operation, operations, tolerance);
  if (const convention::Operation* op = closest ? FindBySnake(model, *closest) : nullptr) {
    d.WithHelp(fmt::format("did you mean `{}_{}` (operation `{}`)? its signature is `{}`",
                           HookPrefix(hook.kind), op->snake, op->name,
                           HookSignature(*op, hook.kind)));
  } else {
    d.WithNote("the generated services look hooks up by operation name, so this one never runs; "
               "rename it after a current operation or delete it");
  }
  sink.Report(std::move(d));
}

}  // namespace

void ReviewHooks(const convention::ServiceModel& model, const SourceManager& sources,
                 SourceId hooks, diag::DiagnosticSink& sink) {
  for (const PythonDef& def : ScanTopLevelDefs(sources.Text(hooks))) {
    std::optional<HookName> hook = ParseHookName(def.name);
    if (!hook) {
      continue;
    }
    const convention::Operation* op = FindBySnake(model, hook->operation);
    if (op == nullptr) {
      ReportUnknownOperation(model, def, *hook, hooks, sink);
      continue;
    }
    Mismatch mismatch = Compare(def, HookPositionals(*op, hook->kind), HookKeywords(*op));
    if (mismatch.Empty()) {
      continue;
    }
    diag::Diagnostic d = diag::StaleHookSignature(
        Span{hooks, def.name_begin, def.name_end}, def.name, op->name, Describe(mismatch));
    for (const PythonParam* param : mismatch.removed) {
      d.WithLabel(Span{hooks, param->begin, param->end}, "no longer passed");
    }
    if (mismatch.extra_result != nullptr) {
      d.WithLabel(Span{hooks, mismatch.extra_result->begin, mismatch.extra_result->end},
                  "never passed");
    }
    d.WithHelp(fmt::format("the current signature is `{}`", HookSignature(*op, hook->kind)));
    sink.Report(std::move(d));
  }
}

}  // namespace s2r::emit::python_fastapi
