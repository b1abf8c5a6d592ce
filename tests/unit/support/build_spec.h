// Test helpers: parse and build a spec from text, lint a module, look nodes up by name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "base/source_manager.h"
#include "check/check.h"
#include "check/lints.h"
#include "diag/sink.h"
#include "ir/build.h"
#include "ir/module.h"
#include "syntax/parse.h"

namespace s2r::testing {

// Everything a built spec needs to stay valid (spans point into `sources`).
struct BuiltSpec {
  SourceManager sources;
  diag::CollectingSink sink;  // parse and build diagnostics
  ir::Module module;

  // Code spellings of the diagnostics in `sink`, in report order.
  [[nodiscard]] std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const diag::Diagnostic& d : sink.diagnostics()) {
      codes.emplace_back(diag::Info(d.code).spelling);
    }
    return codes;
  }
  // Diagnostics in source order (as the driver prints them).
  [[nodiscard]] std::vector<diag::Diagnostic> Sorted() const { return sink.Sorted(); }
  [[nodiscard]] std::vector<std::string> SortedCodes() const {
    std::vector<std::string> codes;
    for (const diag::Diagnostic& d : sink.Sorted()) {
      codes.emplace_back(diag::Info(d.code).spelling);
    }
    return codes;
  }
  [[nodiscard]] std::string Messages() const {
    std::string out;
    for (const diag::Diagnostic& d : sink.diagnostics()) {
      out += std::string(diag::Info(d.code).spelling) + ": " + d.message + "\n";
    }
    return out;
  }
};

// Parses `text` (registered as `test.spec`) and builds it. A syntax error fails the test.
inline std::unique_ptr<BuiltSpec> BuildSpec(std::string_view text,
                                            const ir::BuildOptions& options = {}) {
  auto built = std::make_unique<BuiltSpec>();
  SourceId source = built->sources.Add("test.spec", std::string(text));
  syntax::Service service = syntax::Parse(built->sources, source, built->sink);
  EXPECT_FALSE(built->sink.HasErrors()) << built->Messages();
  built->module = ir::Build(service, built->sources, built->sink, options);
  return built;
}

// Runs one lint over `module` and returns what it reported.
inline std::vector<diag::Diagnostic> RunLint(void (*lint)(const ir::Module&,
                                                          diag::DiagnosticSink&),
                                             const ir::Module& module) {
  diag::CollectingSink sink;
  lint(module, sink);
  return sink.diagnostics();
}

// The first node (pre-order) of `root` that is an identifier spelled `name`; nullptr if none.
inline const ir::Expr* FindIdentifier(const ir::Expr& root, std::string_view name) {
  const ir::Expr* found = nullptr;
  ir::ForEachSubexpression(root, [&](const ir::Expr& expr) {
    if (found == nullptr && expr.kind == ir::ExprKind::kIdentifier && expr.text == name) {
      found = &expr;
    }
  });
  return found;
}

// The first node (pre-order) of `root` of `kind`; nullptr if none.
inline const ir::Expr* FindKind(const ir::Expr& root, ir::ExprKind kind) {
  const ir::Expr* found = nullptr;
  ir::ForEachSubexpression(root, [&](const ir::Expr& expr) {
    if (found == nullptr && expr.kind == kind) {
      found = &expr;
    }
  });
  return found;
}

}  // namespace s2r::testing
