// Target: turns the analysed spec (IR, convention model, synthesis plans) into a FileTree.
// Targets are stateless and const; the driver looks one up by name (`python-fastapi`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/source_manager.h"
#include "base/span.h"
#include "convention/service_model.h"
#include "diag/sink.h"
#include "emit/file_tree.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::emit {

struct TargetOptions {
  // Fixed migration header date: output must be deterministic (no clock reads).
  std::string create_date = "2026-01-01 00:00:00";
  std::string version = "0.1.0";
  // Skip generated test scaffolding (`--no-tests`).
  bool no_tests = false;
};

struct TargetInput {
  const ir::Module& module;
  const convention::ServiceModel& model;
  // One plan per operation, in ir::Module::operations order.
  const std::vector<synth::OperationPlan>& plans;
  std::string spec_name;  // base name of the spec file (`url_shortener.spec`)
  std::string spec_text;
  TargetOptions options;
};

// An operation whose synthesis plan the target cannot express, and the clause responsible.
struct UnrealisedOperation {
  std::string operation;
  Span clause;
  std::string reason;
};

// A user-owned file of the tree that already exists in the output directory, loaded into the
// SourceManager handed to Target::ReviewUserFiles.
struct ExistingUserFile {
  std::string path;  // relative, as in the FileTree
  SourceId source = kNoSource;
};

// What a target derives from one TargetInput, once: its view of the model and every operation
// body. The driver first asks which operations cannot be expressed (to report or stub them
// before the verification gate), then generates from the same derivation. Refers to the
// TargetInput it was prepared from, which must outlive it; a plan changed after Prepare (a
// stub) needs a new Prepare.
class PreparedTarget {
 public:
  virtual ~PreparedTarget() = default;
  // The operations whose synthesis plan the target cannot express, in operation order.
  [[nodiscard]] virtual const std::vector<UnrealisedOperation>& Unrealised() const = 0;
  // Fails (an operational error, not a diagnostic) while Unrealised() is not empty.
  [[nodiscard]] virtual Result<FileTree> Generate() const = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  [[nodiscard]] virtual std::string_view Name() const = 0;
  // Never null.
  [[nodiscard]] virtual std::unique_ptr<PreparedTarget> Prepare(const TargetInput& input) const = 0;
  // Reviews user-owned files left by an earlier compile against the current spec (stale
  // hooks). Reports warnings only: user files are never rewritten, so nothing here blocks
  // generation. The default reviews nothing.
  virtual void ReviewUserFiles(const TargetInput& /*input*/,
                               const std::vector<ExistingUserFile>& /*files*/,
                               const SourceManager& /*sources*/,
                               diag::DiagnosticSink& /*sink*/) const {}
};

// The target registered as `name`, or nullptr. Known: `python-fastapi`.
[[nodiscard]] const Target* FindTarget(std::string_view name);
[[nodiscard]] std::vector<std::string> TargetNames();

}  // namespace s2r::emit
