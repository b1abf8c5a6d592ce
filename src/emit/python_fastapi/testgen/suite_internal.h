// What the test-file builders of the suite share: the Python names of spec functions, which
// state fields /admin/state shows, and the skip log.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convention/service_model.h"
#include "emit/python_fastapi/testgen/py_expr.h"
#include "emit/python_fastapi/testgen/suite.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::emit::python_fastapi::testgen {

struct SuiteContext {
  const ir::Module& module;
  const convention::ServiceModel& model;
  const std::vector<synth::OperationPlan>& plans;
  // Spec function/predicate -> "" when tests/spec_model.py defines it, else why not.
  std::map<std::string, std::string> functions;
  // State field -> why /admin/state does not show its spec value.
  std::map<std::string, std::string> unobservable_state;
  std::vector<SkipEntry> skips;

  // An expression environment with the helper tables wired in; the caller adds names.
  [[nodiscard]] PyEnv Env() const {
    PyEnv env;
    env.module = &module;
    env.service = &model;
    env.functions = &functions;
    env.unobservable_state = &unobservable_state;
    return env;
  }
  void Skip(std::string family, std::string operation, std::string kind, std::string clause,
            std::string reason) {
    skips.push_back({std::move(family), std::move(operation), std::move(kind), std::move(clause),
                     std::move(reason)});
  }
};

// Files of the behavioral family: tests/test_behavioral_<service>.py. Appends its file jobs to
// `files` and its skips to `ctx.skips`.
void BuildBehavioral(SuiteContext& ctx, std::vector<FileJob>& files);

}  // namespace s2r::emit::python_fastapi::testgen
