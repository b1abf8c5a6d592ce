// Test support for the verifier: build a spec (text or fixture file) with the real front end
// and run Verify on it.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "base/source_manager.h"
#include "diag/renderer.h"
#include "diag/sink.h"
#include "ir/build.h"
#include "ir/module.h"
#include "syntax/parse.h"
#include "verify/verify.h"

namespace s2r::verify::testing {

struct Built {
  SourceManager sources;
  ir::Module module;
  std::string errors;  // rendered parse and build errors; empty when clean
};

inline std::unique_ptr<Built> BuildSpec(const std::string& text,
                                        const std::string& name = "test.spec") {
  auto built = std::make_unique<Built>();
  diag::CollectingSink sink;
  SourceId id = built->sources.Add(name, text);
  syntax::Service service = syntax::Parse(built->sources, id, sink);
  built->module = ir::Build(service, built->sources, sink);
  built->module.source_name = name;
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    if (d.severity == diag::Severity::kError) {
      built->errors += diag::Render(d, built->sources, {});
    }
  }
  return built;
}

inline std::unique_ptr<Built> BuildFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return BuildSpec(buffer.str(), path);
}

// ../shared/fixtures/spec next to the repository; S2R_FIXTURES_DIR (the fixtures root)
// overrides it, e.g. for worktrees.
inline std::filesystem::path FixtureSpecDir() {
  if (const char* dir = std::getenv("S2R_FIXTURES_DIR"); dir != nullptr && *dir != '\0') {
    return std::filesystem::path(dir) / "spec";
  }
  return std::filesystem::path(S2R_SOURCE_DIR) / ".." / "shared" / "fixtures" / "spec";
}

inline double MonotonicMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Verifies `text` with test-friendly defaults (serial unless stated, 20 s timeout).
inline VerifyReport VerifyText(const std::string& text, VerifyOptions options = {}) {
  auto built = BuildSpec(text);
  if (options.parallel == 0) {
    options.parallel = 1;
  }
  options.timeout_ms = 20000;
  return Verify(built->module, options);
}

inline const CheckResult* FindCheck(const VerifyReport& report, const std::string& id) {
  for (const CheckResult& check : report.checks) {
    if (check.id == id) {
      return &check;
    }
  }
  return nullptr;
}

}  // namespace s2r::verify::testing
