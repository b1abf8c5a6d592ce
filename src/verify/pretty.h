// The reference's expression pretty-printer (verify.md / language.md section 6.6): fully
// parenthesised, used in narrations and suggestions.
#pragma once

#include <string>

#include "ir/expr.h"

namespace s2r::verify {

// `(totalClicks >= 0)`, `(all c in metadata | (metadata[c].click_count >= 0))`.
[[nodiscard]] std::string Pretty(const ir::Expr& expr);

}  // namespace s2r::verify
