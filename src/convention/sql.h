// SQL spellings per dialect: column types, defaults, CHECK expressions, identifiers.
#pragma once

#include <string>
#include <string_view>

#include "convention/service_model.h"
#include "ir/module.h"

namespace s2r::convention {

// The SQL column type of a scalar value of `type` (Option already unwrapped) in `dialect`.
// `indexed` marks columns that take part in a key or index (MySQL needs VARCHAR there).
// For strings on MySQL the returned type may imply an API length limit; see
// ApplyDialectStringLimit.
[[nodiscard]] SqlType ScalarSqlType(const ir::Module& module, const ir::Type& type,
                                    Dialect dialect, const Constraints& constraints, bool indexed);

// On MySQL, tightens `constraints.max_length` to what the column type can hold (VARCHAR(n),
// TEXT = 16383 characters of utf8mb4) with origin kDialectLimit. No-op on other dialects.
void ApplyDialectStringLimit(const SqlType& type, Dialect dialect, Constraints& constraints);

// `"order"` / `` `order` `` when `name` is an SQL reserved word, else `name`.
[[nodiscard]] std::string QuoteSqlIdentifier(std::string_view name, Dialect dialect);

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
