// Naming rules shared by every target: casing, pluralisation, table/column/segment names, plus
// helpers a Python target uses to keep identifiers valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s2r::convention {

// Splits at `([a-z0-9])([A-Z])` and `([A-Z]+)([A-Z][a-z])`: `URLMapping` -> {URL, Mapping},
// `clickCount` -> {click, Count}. Underscores are kept inside parts.
[[nodiscard]] std::vector<std::string> SplitCamelCase(std::string_view name);

// Lower-cased camel parts joined by `_` / `-` (`ListAll` -> `list_all`, `list-all`).
[[nodiscard]] std::string ToSnakeCase(std::string_view name);
[[nodiscard]] std::string ToKebabCase(std::string_view name);

// English plural of one word: uncountables unchanged, irregulars (first-letter case kept),
// then the suffix rules (`box` -> `boxes`, `city` -> `cities`, `knife` -> `knives`).
[[nodiscard]] std::string Pluralize(std::string_view word);

// Snake name with the last camel part pluralised: `UrlMapping` -> `url_mappings`.
[[nodiscard]] std::string PluralSnake(std::string_view entity);
// Kebab name with the last camel part pluralised: `UrlMapping` -> `url-mappings`.
[[nodiscard]] std::string PluralKebab(std::string_view entity);

// Column name of a field: unchanged if it contains `_` or is all lower case, else snake case
// (`clickCount` -> `click_count`).
[[nodiscard]] std::string ToColumnName(std::string_view field);

// Python reserved words (hard and soft keywords: `class`, `match`, `type`...).
[[nodiscard]] bool IsPythonKeyword(std::string_view name);
// Python builtins that module-level names must not shadow (`list`, `id`, `type`, `filter`...).
[[nodiscard]] bool IsPythonBuiltin(std::string_view name);
// True when `name` cannot be used as-is: a keyword, or (when `avoid_builtins`) a builtin.
[[nodiscard]] bool IsReservedPython(std::string_view name, bool avoid_builtins = true);
// `name` with `_` appended while IsReservedPython holds (`class` -> `class_`, `list` -> `list_`).
[[nodiscard]] std::string SafePythonName(std::string_view name, bool avoid_builtins = true);

// Password/secret/token-like names (exact `password`, `password_hash`, `secret`, `token`,
// `api_key`, or ending `_hash`, `_secret`, `_password`, `_api_key`, `_token`; case-insensitive).
// Such values are write-only in the API and redacted in logs.
[[nodiscard]] bool IsSensitiveName(std::string_view name);

// A database identifier of at most `limit` bytes (PostgreSQL truncates at 63): longer names keep
// a prefix and end in `_` plus 8 hex digits of a hash of the full name, so they stay unique.
[[nodiscard]] std::string LimitIdentifier(std::string_view name, std::size_t limit = 63);

}  // namespace s2r::convention
