// The `conventions { Target.property ["qualifier"] = value }` block: value parsing, validation
// (every E06xx convention diagnostic) and lookup. First valid rule for (target, property) wins.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "ir/module.h"

namespace s2r::convention {

enum class ConventionProperty {
  kHttpMethod, kHttpPath, kHttpStatusSuccess, kHttpHeader,
  kDbTable, kDbTimestamps, kPlural, kPartialIndex,
  kStrategy, kTestStrategy,
  kUnknown,
};

// nullopt for an unknown spelling.
[[nodiscard]] std::optional<ConventionProperty> ParseProperty(std::string_view spelling);
[[nodiscard]] std::string_view PropertyName(ConventionProperty property);

enum class ConventionTargetKind { kOperation, kEntity, kAlias, kEnum, kUnknown };

// One rule after parsing. `valid` is false when any diagnostic was reported for it; invalid rules
// never take effect (the default applies).
struct ParsedRule {
  const ir::ConventionRule* rule = nullptr;  // points into the module
  ConventionProperty property = ConventionProperty::kUnknown;
  ConventionTargetKind target_kind = ConventionTargetKind::kUnknown;
  bool valid = false;
  // The parsed value: text for string properties (and test_strategy's spelling), integer for
  // http_status_success, boolean for db_timestamps/test_strategy (live = true). `expr` is the
  // value expression for http_header.
  std::string text;
  std::int64_t integer = 0;
  bool boolean = false;
  const ir::Expr* expr = nullptr;
};

// The parsed block. Cheap to build; both the convention engine and lint L07 build one.
class ConventionTable {
 public:
  // Parses and validates every rule of `module`. Diagnostics (E06xx) are appended to
  // `diagnostics` when it is non-null. The table keeps pointers into `module`.
  static ConventionTable Build(const ir::Module& module, std::vector<diag::Diagnostic>* diagnostics);

  // The first valid rule for (target, property), ignoring qualifiers; nullptr when none.
  [[nodiscard]] const ParsedRule* Find(std::string_view target, ConventionProperty property) const;
  // Every valid rule for (target, property) in declaration order (for qualified properties).
  [[nodiscard]] std::vector<const ParsedRule*> FindAll(std::string_view target,
                                                       ConventionProperty property) const;

  [[nodiscard]] std::optional<std::string> String(std::string_view target,
                                                  ConventionProperty property) const;
  [[nodiscard]] std::optional<std::int64_t> Integer(std::string_view target,
                                                    ConventionProperty property) const;
  [[nodiscard]] std::optional<bool> Boolean(std::string_view target,
                                            ConventionProperty property) const;

  [[nodiscard]] const std::vector<ParsedRule>& rules() const { return rules_; }

 private:
  std::vector<ParsedRule> rules_;
};

}  // namespace s2r::convention
