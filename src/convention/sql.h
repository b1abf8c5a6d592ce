// SQL spellings per dialect: column types, defaults, CHECK expressions, identifiers.
#pragma once

#include <string>
#include <string_view>

#include "convention/service_model.h"

namespace s2r::convention {

// The server-default SQL of a default kind in `dialect` (`NOW()`, `'[]'::jsonb`, `(JSON_ARRAY())`).
[[nodiscard]] std::string DefaultSql(DefaultKind kind, std::string_view literal, Dialect dialect);

// A single-quoted SQL string literal (quotes doubled; backslashes doubled on MySQL, where they
// are escape characters by default).
[[nodiscard]] std::string SqlStringLiteral(std::string_view text, Dialect dialect);

// CHECK expressions over column `column` (already quoted if needed).
[[nodiscard]] std::string CheckBoundSql(std::string_view column, const NumericBound& bound,
                                        bool is_minimum);
[[nodiscard]] std::string CheckLengthSql(std::string_view column, std::int64_t n, bool is_minimum,
                                         Dialect dialect);
// Empty when the dialect has no regex operator (SQLite).
[[nodiscard]] std::string CheckPatternSql(std::string_view column, std::string_view regex,
                                          Dialect dialect);
[[nodiscard]] std::string CheckAllowedSql(std::string_view column, const Constraints& constraints,
                                          Dialect dialect);

}  // namespace s2r::convention
