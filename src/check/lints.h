// Declarations of the individual lints; each lives in its own file.
#pragma once

#include <string_view>
#include <vector>

#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::check {

struct Lint {
  std::string_view code;
  void (*run)(const ir::Module& module, diag::DiagnosticSink& sink);
};

// In the order they run.
[[nodiscard]] const std::vector<Lint>& AllLints();

}  // namespace s2r::check
