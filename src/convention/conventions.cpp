// Convention rules: parse each value, validate target/property/qualifier, detect duplicates.
#include "convention/conventions.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "convention/expr_util.h"

namespace s2r::convention {
namespace {

using ir::ExprKind;

struct PropertyInfo {
  ConventionProperty property;
  std::string_view name;
  bool for_operation;
  bool for_entity;
  bool for_alias_or_enum;
  // Properties whose qualifier names a distinct slot: duplicates are per (target, qualifier).
  bool qualified;
};

constexpr PropertyInfo kProperties[] = {
    {ConventionProperty::kHttpMethod, "http_method", true, false, false, false},
    {ConventionProperty::kHttpPath, "http_path", true, false, false, false},
    {ConventionProperty::kHttpStatusSuccess, "http_status_success", true, false, false, false},
    {ConventionProperty::kHttpHeader, "http_header", true, false, false, true},
    {ConventionProperty::kDbTable, "db_table", false, true, false, false},
    {ConventionProperty::kDbTimestamps, "db_timestamps", false, true, false, false},
    {ConventionProperty::kPlural, "plural", false, true, false, false},
    {ConventionProperty::kPartialIndex, "partial_index", false, true, false, true},
    {ConventionProperty::kStrategy, "strategy", false, false, true, false},
    {ConventionProperty::kTestStrategy, "test_strategy", true, true, false, true},
};

const PropertyInfo* InfoOf(ConventionProperty property) {
  for (const PropertyInfo& info : kProperties) {
    if (info.property == property) {
      return &info;
    }
  }
  return nullptr;
}

std::string_view KindWord(ConventionTargetKind kind) {
  switch (kind) {
    case ConventionTargetKind::kOperation: return "operation";
    case ConventionTargetKind::kEntity: return "entity";
    case ConventionTargetKind::kAlias: return "type alias";
    case ConventionTargetKind::kEnum: return "enum";
    case ConventionTargetKind::kUnknown: return "target";
  }
  return "target";
}

std::string_view AppliesTo(const PropertyInfo& info) {
  if (info.for_operation && info.for_entity) {
    return "operations and entities";
  }
  if (info.for_operation) {
    return "operations";
  }
  if (info.for_entity) {
    return "entities";
  }
  return "type aliases and enums";
}

bool Applies(const PropertyInfo& info, ConventionTargetKind kind) {
  switch (kind) {
    case ConventionTargetKind::kOperation: return info.for_operation;
    case ConventionTargetKind::kEntity: return info.for_entity;
    case ConventionTargetKind::kAlias:
    case ConventionTargetKind::kEnum: return info.for_alias_or_enum;
    case ConventionTargetKind::kUnknown: return false;
  }
  return false;
}

// Every kind the name denotes, in lookup order.
std::vector<ConventionTargetKind> KindsOf(const ir::Module& module, std::string_view name) {
  std::vector<ConventionTargetKind> kinds;
  if (module.FindOperation(name) != nullptr) {
    kinds.push_back(ConventionTargetKind::kOperation);
  }
  if (module.FindEntity(name) != nullptr) {
    kinds.push_back(ConventionTargetKind::kEntity);
  }
  if (module.FindAlias(name) != nullptr) {
    kinds.push_back(ConventionTargetKind::kAlias);
  }
  if (module.FindEnum(name) != nullptr) {
    kinds.push_back(ConventionTargetKind::kEnum);
  }
  return kinds;
}

bool IsSqlIdentifier(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

class RuleParser {
 public:
  RuleParser(const ir::Module& module, std::vector<diag::Diagnostic>* diagnostics)
      : module_(module), diagnostics_(diagnostics) {}

  ParsedRule Parse(const ir::ConventionRule& rule) {
    ParsedRule parsed;
    parsed.rule = &rule;
    bare_key_ = rule.target + "." + rule.property;
    key_ = rule.qualifier ? fmt::format("{} \"{}\"", bare_key_, *rule.qualifier) : bare_key_;
    std::optional<ConventionProperty> property = ParseProperty(rule.property);
    std::vector<ConventionTargetKind> kinds = KindsOf(module_, rule.target);
    bool ok = true;
    if (kinds.empty()) {
      Report(diag::UnknownConventionTarget(rule.span, rule.target));
      ok = false;
    }
    if (!property) {
      Report(diag::UnknownConventionProperty(rule.span, rule.property)
                 .WithHelp("known properties: http_method, http_path, http_status_success, "
                           "http_header, db_table, db_timestamps, plural, partial_index, "
                           "strategy, test_strategy"));
      ok = false;
    }
    if (!ok) {
      return parsed;
    }
    parsed.property = *property;
    const PropertyInfo& info = *InfoOf(*property);
    parsed.target_kind = kinds.front();
    for (ConventionTargetKind kind : kinds) {
      if (Applies(info, kind)) {
        parsed.target_kind = kind;
        break;
      }
    }
    if (!Applies(info, parsed.target_kind)) {
      Report(diag::ConventionWrongTarget(rule.span, rule.property, KindWord(parsed.target_kind),
                                         rule.target, AppliesTo(info)));
      return parsed;
    }
    if (!CheckQualifier(rule, info, parsed.target_kind)) {
      return parsed;
    }
    parsed.valid = ParseValue(rule, parsed);
    if (parsed.valid) {
      parsed.valid = CheckQualifierContext(rule, parsed);
    }
    return parsed;
  }

 private:
  void Report(diag::Diagnostic diagnostic) {
    if (diagnostics_ != nullptr) {
      diagnostics_->push_back(std::move(diagnostic));
    }
  }

  bool CheckQualifier(const ir::ConventionRule& rule, const PropertyInfo& info,
                      ConventionTargetKind kind) {
    bool needs = info.qualified;
    if (!needs) {
      if (rule.qualifier) {
        Report(diag::UnusedConventionQualifier(rule.span, bare_key_, *rule.qualifier));
      }
      return true;
    }
    if (rule.qualifier && !rule.qualifier->empty()) {
      return true;
    }
    switch (info.property) {
      case ConventionProperty::kHttpHeader:
        Report(diag::MissingConventionQualifier(rule.span, key_, "header name",
                                                "http_header \"Location\""));
        break;
      case ConventionProperty::kPartialIndex:
        Report(diag::MissingConventionQualifier(rule.span, key_, "column",
                                                "partial_index \"active\""));
        break;
      default:
        Report(diag::MissingConventionQualifier(
            rule.span, key_, "field",
            kind == ConventionTargetKind::kOperation ? "test_strategy \"password\""
                                                     : "password_hash.test_strategy"));
        break;
    }
    return false;
  }

  // A string literal value, or a diagnostic.
  const std::string* ExpectString(const ir::ConventionRule& rule) {
    if (rule.value.kind != ExprKind::kStringLit) {
      Report(diag::ConventionValueType(rule.value.span, key_, "a string"));
      return nullptr;
    }
    return &rule.value.text;
  }

  bool ParseValue(const ir::ConventionRule& rule, ParsedRule& parsed) {
    const ir::Expr& value = rule.value;
    switch (parsed.property) {
      case ConventionProperty::kHttpMethod: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
        if (std::find(std::begin(kMethods), std::end(kMethods), *text) == std::end(kMethods)) {
          Report(diag::InvalidHttpMethod(value.span, key_, *text));
          return false;
        }
        parsed.text = *text;
        return true;
      }
      case ConventionProperty::kHttpPath: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        if (text->empty() || (*text)[0] != '/') {
          Report(diag::PathWithoutLeadingSlash(value.span, key_)
                     .WithHelp(fmt::format("write \"/{}\"", *text)));
          return false;
        }
        parsed.text = *text;
        return true;
      }
      case ConventionProperty::kHttpStatusSuccess: {
        std::optional<std::int64_t> status = IntLiteral(value);
        if (!status) {
          Report(diag::ConventionValueType(value.span, key_, "an integer"));
          return false;
        }
        if (*status < 100 || *status > 599) {
          Report(diag::StatusOutOfRange(value.span, key_, *status));
          return false;
        }
        parsed.integer = *status;
        return true;
      }
      case ConventionProperty::kHttpHeader:
        parsed.expr = &value;
        if (value.kind == ExprKind::kStringLit) {
          parsed.text = value.text;
        }
        return true;
      case ConventionProperty::kDbTable:
      case ConventionProperty::kPlural: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        if (IsBlank(*text)) {
          Report(diag::ConventionValueEmpty(value.span, key_));
          return false;
        }
        if (!IsSqlIdentifier(*text)) {
          Report(diag::InvalidIdentifierValue(
              value.span, key_, *text,
              parsed.property == ConventionProperty::kDbTable ? "table name" : "plural name"));
          return false;
        }
        parsed.text = *text;
        return true;
      }
      case ConventionProperty::kPartialIndex: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        if (IsBlank(*text)) {
          Report(diag::ConventionValueEmpty(value.span, key_));
          return false;
        }
        parsed.text = *text;
        return true;
      }
      case ConventionProperty::kDbTimestamps:
        if (value.kind != ExprKind::kBoolLit) {
          Report(diag::ConventionValueType(value.span, key_, "true or false"));
          return false;
        }
        parsed.boolean = value.bool_value;
        return true;
      case ConventionProperty::kStrategy: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        std::size_t colon = text->find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == text->size() ||
            text->find(':', colon + 1) != std::string::npos) {
          Report(diag::InvalidStrategyReference(value.span, key_, *text));
          return false;
        }
        parsed.text = *text;
        return true;
      }
      case ConventionProperty::kTestStrategy: {
        const std::string* text = ExpectString(rule);
        if (text == nullptr) {
          return false;
        }
        if (*text != "live" && *text != "redacted") {
          Report(diag::InvalidTestStrategy(value.span, key_, *text));
          return false;
        }
        parsed.text = *text;
        parsed.boolean = *text == "live";
        return true;
      }
      case ConventionProperty::kUnknown:
        return false;
    }
    return false;
  }

  bool CheckQualifierContext(const ir::ConventionRule& rule, const ParsedRule& parsed) {
    if (!rule.qualifier) {
      return true;
    }
    const std::string& field = *rule.qualifier;
    if (parsed.property == ConventionProperty::kPartialIndex ||
        (parsed.property == ConventionProperty::kTestStrategy &&
         parsed.target_kind == ConventionTargetKind::kEntity)) {
      const ir::Entity* entity = module_.FindEntity(rule.target);
      if (entity != nullptr && entity->FindField(field) == nullptr) {
        Report(diag::QualifierNamesNoField(rule.span, key_, field, "entity", rule.target));
        return false;
      }
    }
    if (parsed.property == ConventionProperty::kTestStrategy &&
        parsed.target_kind == ConventionTargetKind::kOperation) {
      const ir::Operation* op = module_.FindOperation(rule.target);
      if (op != nullptr && op->FindInput(field) == nullptr) {
        Report(diag::QualifierNamesNoField(rule.span, key_, field, "operation", rule.target));
        return false;
      }
    }
    return true;
  }

  const ir::Module& module_;
  std::vector<diag::Diagnostic>* diagnostics_;
  std::string key_;       // `T.p` or `T.p "q"`, as messages show the rule
  std::string bare_key_;  // `T.p`
};

}  // namespace

std::optional<ConventionProperty> ParseProperty(std::string_view spelling) {
  for (const PropertyInfo& info : kProperties) {
    if (info.name == spelling) {
      return info.property;
    }
  }
  return std::nullopt;
}

std::string_view PropertyName(ConventionProperty property) {
  const PropertyInfo* info = InfoOf(property);
  return info == nullptr ? "unknown" : info->name;
}

ConventionTable ConventionTable::Build(const ir::Module& module,
                                       std::vector<diag::Diagnostic>* diagnostics) {
  ConventionTable table;
  RuleParser parser(module, diagnostics);
  // Duplicate keys: `T.p` (or `T.p:q` for qualified properties), over rules whose target and
  // property are both known.
  std::map<std::string, const ir::ConventionRule*> first_by_key;
  for (const ir::ConventionRule& rule : module.conventions) {
    ParsedRule parsed = parser.Parse(rule);
    std::optional<ConventionProperty> property = ParseProperty(rule.property);
    if (property && !KindsOf(module, rule.target).empty()) {
      std::string key = rule.target + "." + rule.property;
      if (InfoOf(*property)->qualified && rule.qualifier) {
        key = fmt::format("{} \"{}\"", key, *rule.qualifier);
      }
      auto [it, inserted] = first_by_key.emplace(key, &rule);
      if (!inserted && diagnostics != nullptr) {
        diagnostics->push_back(
            diag::DuplicateConvention(rule.span, key)
                .WithLabel(it->second->span, "first defined here"));
      }
    }
    table.rules_.push_back(std::move(parsed));
  }
  // Entity test_strategy rules that give one field name different values across entities.
  std::map<std::string, std::vector<const ParsedRule*>> by_field;
  for (const ParsedRule& parsed : table.rules_) {
    if (parsed.valid && parsed.property == ConventionProperty::kTestStrategy &&
        parsed.target_kind == ConventionTargetKind::kEntity && parsed.rule->qualifier) {
      by_field[*parsed.rule->qualifier].push_back(&parsed);
    }
  }
  for (const auto& [field, rules] : by_field) {
    std::set<std::string> entities;
    std::set<bool> values;
    std::string listing;
    for (const ParsedRule* parsed : rules) {
      if (entities.insert(parsed->rule->target).second) {
        listing += fmt::format("{}{}={}", listing.empty() ? "" : ", ", parsed->rule->target,
                               parsed->text);
      }
      values.insert(parsed->boolean);
    }
    if (entities.size() >= 2 && values.size() >= 2 && diagnostics != nullptr) {
      diagnostics->push_back(
          diag::ConflictingTestStrategy(rules.back()->rule->span, field, listing, field));
    }
  }
  return table;
}

const ParsedRule* ConventionTable::Find(std::string_view target,
                                        ConventionProperty property) const {
  for (const ParsedRule& parsed : rules_) {
    if (parsed.valid && parsed.property == property && parsed.rule->target == target) {
      return &parsed;
    }
  }
  return nullptr;
}

std::vector<const ParsedRule*> ConventionTable::FindAll(std::string_view target,
                                                        ConventionProperty property) const {
  std::vector<const ParsedRule*> out;
  for (const ParsedRule& parsed : rules_) {
    if (parsed.valid && parsed.property == property && parsed.rule->target == target) {
      out.push_back(&parsed);
    }
  }
  return out;
}

std::optional<std::string> ConventionTable::String(std::string_view target,
                                                   ConventionProperty property) const {
  const ParsedRule* parsed = Find(target, property);
  return parsed == nullptr ? std::nullopt : std::optional<std::string>(parsed->text);
}

std::optional<std::int64_t> ConventionTable::Integer(std::string_view target,
                                                     ConventionProperty property) const {
  const ParsedRule* parsed = Find(target, property);
  return parsed == nullptr ? std::nullopt : std::optional<std::int64_t>(parsed->integer);
}

std::optional<bool> ConventionTable::Boolean(std::string_view target,
                                             ConventionProperty property) const {
  const ParsedRule* parsed = Find(target, property);
  return parsed == nullptr ? std::nullopt : std::optional<bool>(parsed->boolean);
}

}  // namespace s2r::convention
