// The CLI commands, each taking a plain options struct and returning an exit code.
#pragma once

#include <string>

#include "diag/renderer.h"

namespace s2r::driver {

// Exit codes shared by every command (the reference's contract).
inline constexpr int kExitOk = 0;
inline constexpr int kExitSpecError = 1;
inline constexpr int kExitUsage = 2;
// The verifier could not run (verify.md's backend error), its module missing included.
inline constexpr int kExitBackend = 3;

struct CommonOptions {
  diag::RenderOptions render;
  bool json_diagnostics = false;
};

struct CheckOptions {
  std::string spec_path;
};

struct InspectOptions {
  std::string spec_path;
  std::string format = "summary";
  // `--db`: the dialect `--format model` derives the schema for.
  std::string db = "postgres";
};

struct ExplainOptions {
  std::string code;
};

// `compile` and `diff`: the full pipeline into a python-fastapi project.
struct CompileOptions {
  std::string spec_path;
  std::string out_dir;
  std::string framework = "fastapi";
  std::string db = "postgres";
  std::string lang = "python";
  bool dry_run = false;
  bool ignore_verify = false;
  bool no_tests = false;
  bool allow_stubs = false;
};

int RunCheck(const CommonOptions& common, const CheckOptions& options);
int RunInspect(const CommonOptions& common, const InspectOptions& options);
int RunExplain(const CommonOptions& common, const ExplainOptions& options);
int RunCompile(const CommonOptions& common, const CompileOptions& options);
// Same pipeline; prints the manifest and exits 1 when any file would change.
int RunDiff(const CommonOptions& common, const CompileOptions& options);

}  // namespace s2r::driver
