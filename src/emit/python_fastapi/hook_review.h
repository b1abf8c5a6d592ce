// Reviews a user's hooks module against the current spec: hooks of operations that no longer
// exist, and hooks whose parameters no longer match what the generated services pass.
#pragma once

#include <string_view>

#include "base/source_manager.h"
#include "convention/service_model.h"
#include "diag/sink.h"

namespace s2r::emit::python_fastapi {

// Where the user-owned hooks module lives in a generated project.
inline constexpr std::string_view kHooksModulePath = "app/extensions/hooks.py";

// Scans the top-level `before_`/`replace_`/`after_` functions of the hooks module loaded as
// `hooks` and reports each stale one as a warning pointing into that buffer: E0701 when its
// operation is gone (with the closest current hook name as a hint), E0702 when the operation's
// inputs and the hook's keyword parameters differ. Other functions are ignored.
void ReviewHooks(const convention::ServiceModel& model, const SourceManager& sources,
                 SourceId hooks, diag::DiagnosticSink& sink);

}  // namespace s2r::emit::python_fastapi
