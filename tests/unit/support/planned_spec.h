// A spec taken through the front end, the convention engine and synthesis: everything a target's
// TargetInput refers to, owned in one place so tests can prepare and generate projects.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/source_manager.h"
#include "convention/convention.h"
#include "diag/sink.h"
#include "driver/front_end.h"
#include "emit/target.h"
#include "ir/module.h"
#include "synth/synth.h"

namespace s2r::testing {

struct PlannedSpec {
  SourceManager sources;
  diag::CollectingSink sink;
  std::optional<ir::Module> module;
  convention::ServiceModel model;
  std::vector<synth::OperationPlan> plans;
  std::string spec_name;  // `baskets.spec`
  std::string spec_text;

  // False when the spec did not build, or any phase reported an error.
  [[nodiscard]] bool Ok() const { return module.has_value() && !sink.HasErrors(); }

  [[nodiscard]] emit::TargetInput Input(emit::TargetOptions options = {}) const {
    return emit::TargetInput{*module, model, plans, spec_name, spec_text, options};
  }
};

struct PlanOptions {
  convention::ConventionOptions conventions;
  synth::SynthOptions synthesis;
};

// Plans the spec file at `path`; `Ok()` says whether every phase succeeded.
inline std::unique_ptr<PlannedSpec> PlanSpecFile(const std::string& path,
                                                 const PlanOptions& options = {}) {
  auto planned = std::make_unique<PlannedSpec>();
  driver::FrontEndResult front = driver::RunFrontEnd(planned->sources, path, planned->sink);
  planned->spec_name = path.substr(path.find_last_of('/') + 1);
  if (!front.module || planned->sink.HasErrors()) return planned;
  planned->module = std::move(front.module);
  planned->model =
      convention::BuildServiceModel(*planned->module, options.conventions, planned->sink);
  planned->plans = synth::DerivePlans(*planned->module, planned->sources, planned->sink,
                                      options.synthesis);
  return planned;
}

// Plans `text`, written to a temporary file named `spec_name` (`baskets.spec`).
inline std::unique_ptr<PlannedSpec> PlanSpecText(const std::string& text,
                                                 const std::string& spec_name,
                                                 const PlanOptions& options = {}) {
  std::string path = ::testing::TempDir() + "/" + spec_name;
  FILE* f = std::fopen(path.c_str(), "w");
  EXPECT_NE(f, nullptr) << "cannot write " << path;
  if (f != nullptr) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
  auto planned = PlanSpecFile(path, options);
  planned->spec_text = text;
  return planned;
}

}  // namespace s2r::testing
