// The built-in functions every spec may call (language.md §5.4).
#pragma once

#include <array>
#include <string_view>

namespace s2r::ir {

// The 13 built-in names, in the reference's order.
inline constexpr std::array<std::string_view, 13> kBuiltinNames = {
    "len", "dom", "ran", "max", "min", "abs", "now",
    "days", "hours", "minutes", "seconds", "hash", "sum",
};

[[nodiscard]] constexpr bool IsBuiltin(std::string_view name) {
  for (std::string_view builtin : kBuiltinNames) {
    if (builtin == name) {
      return true;
    }
  }
  return false;
}

}  // namespace s2r::ir
