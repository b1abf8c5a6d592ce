// A deterministic YAML rendering of the ServiceModel (`spec-to-rest inspect --format model`),
// for golden tests and debugging.
#pragma once

#include <string>

#include "base/source_manager.h"
#include "convention/service_model.h"

namespace s2r::convention {

// Renders every decision of `model` as block-style YAML in model order. When `sources` is
// non-null, spans print as `line:column`; otherwise they are omitted. Never fails.
[[nodiscard]] std::string DumpModelYaml(const ServiceModel& model,
                                        const SourceManager* sources = nullptr);

}  // namespace s2r::convention
