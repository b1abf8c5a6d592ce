// Long explanations of diagnostic codes, taken from docs/diagnostics.md (embedded at build time).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s2r::driver {

// The text of the `## CODE` section, without its heading; nullopt when the doc has none.
[[nodiscard]] std::optional<std::string> ExplainText(std::string_view code);

}  // namespace s2r::driver
