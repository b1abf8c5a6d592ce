// `inspect --format json`: the reference's IR JSON (language.md §6), keys in its order.
#include <charconv>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "ir/ir_dump.h"

namespace s2r::ir {
namespace {

using Json = nlohmann::ordered_json;

class JsonWriter {
 public:
  explicit JsonWriter(const SourceManager& sources) : sources_(sources) {}

  Json Service(const Module& module) const;

 private:
  Json SpanOf(Span span) const;
  Json TypeOf(const Type& type) const;
  Json ExprOf(const Expr& expr) const;
  Json OptionalExpr(const std::optional<Expr>& expr) const {
    return expr ? ExprOf(*expr) : Json(nullptr);
  }
  Json ExprList(const std::vector<Expr>& exprs) const;
  Json Assignments(const Expr& expr, std::size_t first_value) const;
  Json ParamOf(const Param& param) const;
  Json ParamList(const std::vector<Param>& params) const;
  Json EntityOf(const Entity& entity) const;
  Json OperationOf(const Operation& operation) const;
  Json TransitionOf(const Transition& transition) const;
  Json InvariantOf(const Invariant& invariant, std::string_view kind) const;
  Json TemporalOf(const Temporal& temporal) const;
  Json SecurityOf(const SecurityScheme& scheme) const;
  Json EnumOf(const Enum& enumeration) const;
  Json AliasOf(const TypeAlias& alias) const;
  Json StateOf(const std::optional<std::vector<StateField>>& state) const;
  Json FunctionOf(const Function& function) const;
  Json PredicateOf(const Predicate& predicate) const;
  Json ConventionsOf(const Module& module) const;
  Json ExprFields(const Expr& expr) const;

  template <typename Items, typename Convert>
  static Json List(const Items& items, Convert&& convert) {
    Json array = Json::array();
    for (const auto& item : items) {
      array.push_back(convert(item));
    }
    return array;
  }

  const SourceManager& sources_;
};

Json JsonArray() { return Json::array(); }

Json IntValue(const std::string& digits) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc() && end == digits.data() + digits.size()) {
    return Json(value);
  }
  return Json(std::strtod(digits.c_str(), nullptr));
}

Json JsonWriter::SpanOf(Span span) const {
  if (!span.IsValid()) {
    return nullptr;
  }
  LineColumn begin = sources_.Locate(span.source, span.begin);
  LineColumn end = sources_.Locate(span.source, span.end);
  Json out;
  out["file"] = std::string(sources_.Name(span.source));
  out["line"] = begin.line;
  out["column"] = begin.column;
  out["end_line"] = end.line;
  out["end_column"] = end.column;
  return out;
}

Json JsonWriter::TypeOf(const Type& type) const {
  Json out;
  auto named = [&](std::string name) {
    out["kind"] = "NamedType";
    out["name"] = std::move(name);
    return out;
  };
  if (!type.alias.empty()) {
    return named(type.alias);
  }
  switch (type.kind) {
    case TypeKind::kSet: case TypeKind::kSeq:
      out["kind"] = type.kind == TypeKind::kSet ? "SetType" : "SeqType";
      out["elementType"] = TypeOf(type.args.at(0));
      return out;
    case TypeKind::kOption:
      out["kind"] = "OptionType";
      out["innerType"] = TypeOf(type.args.at(0));
      return out;
    case TypeKind::kMap:
      out["kind"] = "MapType";
      out["keyType"] = TypeOf(type.args.at(0));
      out["valueType"] = TypeOf(type.args.at(1));
      return out;
    case TypeKind::kRelation:
      out["kind"] = "RelationType";
      out["fromType"] = TypeOf(type.args.at(0));
      out["multiplicity"] = std::string(Spelling(type.multiplicity));
      out["toType"] = TypeOf(type.args.at(1));
      return out;
    case TypeKind::kEntity: case TypeKind::kEnum:
      return named(type.name);
    case TypeKind::kUnknown:
      return named(type.name.empty() ? "?" : type.name);
    case TypeKind::kBool: case TypeKind::kInt: case TypeKind::kFloat: case TypeKind::kString:
    case TypeKind::kDateTime: case TypeKind::kDuration: case TypeKind::kUuid:
    case TypeKind::kNone: case TypeKind::kLambda:
      return named(ToString(type));
  }
  return named("?");
}

Json JsonWriter::ExprList(const std::vector<Expr>& exprs) const {
  Json out = JsonArray();
  for (const Expr& expr : exprs) {
    out.push_back(ExprOf(expr));
  }
  return out;
}

Json JsonWriter::Assignments(const Expr& expr, std::size_t first_value) const {
  Json out = JsonArray();
  for (std::size_t i = 0; i < expr.names.size(); ++i) {
    Json item;
    item["name"] = expr.names[i].text;
    item["value"] = ExprOf(expr.operands[first_value + i]);
    item["span"] = SpanOf(i < expr.item_spans.size() ? expr.item_spans[i] : Span{});
    out.push_back(std::move(item));
  }
  return out;
}

Json JsonWriter::ExprOf(const Expr& expr) const {
  Json out = ExprFields(expr);
  out["span"] = SpanOf(expr.span);
  return out;
}

Json JsonWriter::ExprFields(const Expr& expr) const {
  Json out;
  auto operands_from = [&](std::size_t from) {
    Json items = JsonArray();
    for (std::size_t i = from; i < expr.operands.size(); ++i) {
      items.push_back(ExprOf(expr.operands[i]));
    }
    return items;
  };
  switch (expr.kind) {
    case ExprKind::kBinary:
      out["kind"] = "BinaryOp";
      out["op"] = std::string(JsonName(expr.binary_op));
      out["left"] = ExprOf(expr.Left());
      out["right"] = ExprOf(expr.Right());
      return out;
    case ExprKind::kUnary:
      out["kind"] = "UnaryOp";
      out["op"] = std::string(JsonName(expr.unary_op));
      out["operand"] = ExprOf(expr.Operand());
      return out;
    case ExprKind::kQuantifier: {
      out["kind"] = "Quantifier";
      out["quantifier"] = std::string(Spelling(expr.quantifier));
      Json bindings = JsonArray();
      for (std::size_t i = 0; i < expr.names.size(); ++i) {
        Json binding;
        binding["variable"] = expr.names[i].text;
        binding["domain"] = ExprOf(expr.operands[i]);
        binding["bindingKind"] = expr.binding_kinds[i] == BindingKind::kIn ? "in" : "colon";
        binding["span"] = SpanOf(i < expr.item_spans.size() ? expr.item_spans[i] : Span{});
        bindings.push_back(std::move(binding));
      }
      out["bindings"] = std::move(bindings);
      out["body"] = ExprOf(expr.Body());
      return out;
    }
    case ExprKind::kSomeWrap:
      out["kind"] = "SomeWrap";
      out["expr"] = ExprOf(expr.Operand());
      return out;
    case ExprKind::kThe: case ExprKind::kSetComprehension:
      out["kind"] = expr.kind == ExprKind::kThe ? "The" : "SetComprehension";
      out["variable"] = expr.text;
      out["domain"] = ExprOf(expr.operands[0]);
      out[expr.kind == ExprKind::kThe ? "body" : "predicate"] = ExprOf(expr.operands[1]);
      return out;
    case ExprKind::kFieldAccess: case ExprKind::kEnumAccess:
      out["kind"] = expr.kind == ExprKind::kFieldAccess ? "FieldAccess" : "EnumAccess";
      out["base"] = ExprOf(expr.Operand());
      out[expr.kind == ExprKind::kFieldAccess ? "field" : "member"] = expr.text;
      return out;
    case ExprKind::kIndex:
      out["kind"] = "Index";
      out["base"] = ExprOf(expr.operands[0]);
      out["index"] = ExprOf(expr.operands[1]);
      return out;
    case ExprKind::kCall:
      out["kind"] = "Call";
      out["callee"] = ExprOf(expr.operands[0]);
      out["args"] = operands_from(1);
      return out;
    case ExprKind::kPrime: case ExprKind::kPre:
      out["kind"] = expr.kind == ExprKind::kPrime ? "Prime" : "Pre";
      out["expr"] = ExprOf(expr.Operand());
      return out;
    case ExprKind::kWith:
      out["kind"] = "With";
      out["base"] = ExprOf(expr.operands[0]);
      out["updates"] = Assignments(expr, 1);
      return out;
    case ExprKind::kIf:
      out["kind"] = "If";
      out["condition"] = ExprOf(expr.operands[0]);
      out["then"] = ExprOf(expr.operands[1]);
      out["else_"] = ExprOf(expr.operands[2]);
      return out;
    case ExprKind::kLet:
      out["kind"] = "Let";
      out["variable"] = expr.text;
      out["value"] = ExprOf(expr.operands[0]);
      out["body"] = ExprOf(expr.operands[1]);
      return out;
    case ExprKind::kLambda:
      out["kind"] = "Lambda";
      out["param"] = expr.text;
      out["body"] = ExprOf(expr.Body());
      return out;
    case ExprKind::kConstructor:
      out["kind"] = "Constructor";
      out["typeName"] = expr.text;
      out["fields"] = Assignments(expr, 0);
      return out;
    case ExprKind::kSetLiteral: case ExprKind::kSeqLiteral:
      out["kind"] = expr.kind == ExprKind::kSetLiteral ? "SetLiteral" : "SeqLiteral";
      out["elements"] = operands_from(0);
      return out;
    case ExprKind::kMapLiteral: {
      out["kind"] = "MapLiteral";
      Json entries = JsonArray();
      for (std::size_t i = 0; i + 1 < expr.operands.size(); i += 2) {
        Json entry;
        entry["key"] = ExprOf(expr.operands[i]);
        entry["value"] = ExprOf(expr.operands[i + 1]);
        entry["span"] = SpanOf(expr.operands[i].span);
        entries.push_back(std::move(entry));
      }
      out["entries"] = std::move(entries);
      return out;
    }
    case ExprKind::kMatches:
      out["kind"] = "Matches";
      out["expr"] = ExprOf(expr.Operand());
      out["pattern"] = expr.text;
      return out;
    case ExprKind::kIntLit:
      out["kind"] = "IntLit";
      out["value"] = IntValue(expr.text);
      return out;
    case ExprKind::kFloatLit:
      out["kind"] = "FloatLit";
      out["value"] = std::strtod(expr.text.c_str(), nullptr);
      return out;
    case ExprKind::kStringLit:
      out["kind"] = "StringLit";
      out["value"] = expr.text;
      return out;
    case ExprKind::kBoolLit:
      out["kind"] = "BoolLit";
      out["value"] = expr.bool_value;
      return out;
    case ExprKind::kNoneLit:
      out["kind"] = "NoneLit";
      return out;
    case ExprKind::kIdentifier:
      out["kind"] = "Identifier";
      out["name"] = expr.text;
      return out;
  }
  return out;
}

Json JsonWriter::ParamOf(const Param& param) const {
  Json out;
  out["kind"] = "Param";
  out["name"] = param.name;
  out["typeExpr"] = TypeOf(param.type);
  out["span"] = SpanOf(param.span);
  return out;
}

Json JsonWriter::ParamList(const std::vector<Param>& params) const {
  Json out = JsonArray();
  for (const Param& param : params) {
    out.push_back(ParamOf(param));
  }
  return out;
}

Json JsonWriter::EntityOf(const Entity& entity) const {
  Json out;
  out["kind"] = "Entity";
  out["name"] = entity.name;
  out["extends_"] = entity.parent ? Json(*entity.parent) : Json(nullptr);
  Json fields = JsonArray();
  for (const Field& field : entity.fields) {
    Json item;
    item["kind"] = "Field";
    item["name"] = field.name;
    item["typeExpr"] = TypeOf(field.type);
    item["constraint"] = OptionalExpr(field.constraint);
    item["span"] = SpanOf(field.span);
    fields.push_back(std::move(item));
  }
  out["fields"] = std::move(fields);
  out["invariants"] = ExprList(entity.invariants);
  out["span"] = SpanOf(entity.span);
  return out;
}

Json JsonWriter::OperationOf(const Operation& operation) const {
  Json out;
  out["kind"] = "Operation";
  out["name"] = operation.name;
  out["inputs"] = ParamList(operation.inputs);
  out["outputs"] = ParamList(operation.outputs);
  out["requires"] = ExprList(operation.requires_exprs);
  out["ensures"] = ExprList(operation.ensures_exprs);
  if (operation.requires_auth) {
    out["requiresAuth"] = *operation.requires_auth;
  }
  out["span"] = SpanOf(operation.span);
  return out;
}

Json JsonWriter::TransitionOf(const Transition& transition) const {
  Json out;
  out["kind"] = "Transition";
  out["name"] = transition.name;
  out["entityName"] = transition.entity;
  out["fieldName"] = transition.field;
  Json rules = JsonArray();
  for (const TransitionRule& rule : transition.rules) {
    Json item;
    item["kind"] = "TransitionRule";
    item["from"] = rule.from;
    item["to"] = rule.to;
    item["via"] = rule.via;
    item["guard"] = OptionalExpr(rule.guard);
    item["span"] = SpanOf(rule.span);
    rules.push_back(std::move(item));
  }
  out["rules"] = std::move(rules);
  out["span"] = SpanOf(transition.span);
  return out;
}

Json JsonWriter::InvariantOf(const Invariant& invariant, std::string_view kind) const {
  Json out;
  out["kind"] = std::string(kind);
  out["name"] = invariant.name ? Json(*invariant.name) : Json(nullptr);
  out["expr"] = ExprOf(invariant.expr);
  out["span"] = SpanOf(invariant.span);
  return out;
}

// A classified temporal is re-synthesised as `kind(arg)`, the call and callee without spans.
Json JsonWriter::TemporalOf(const Temporal& temporal) const {
  Json out;
  out["kind"] = "Temporal";
  out["name"] = temporal.name;
  std::string_view callee;
  switch (temporal.kind) {
    case TemporalKind::kAlways: callee = "always"; break;
    case TemporalKind::kEventually: callee = "eventually"; break;
    case TemporalKind::kFairness: callee = "fairness"; break;
    case TemporalKind::kInvalid: break;
  }
  if (callee.empty()) {
    out["expr"] = ExprOf(temporal.body);
  } else {
    Json call;
    call["kind"] = "Call";
    Json name;
    name["kind"] = "Identifier";
    name["name"] = std::string(callee);
    call["callee"] = std::move(name);
    call["args"] = Json::array({ExprOf(temporal.body)});
    out["expr"] = std::move(call);
  }
  out["span"] = SpanOf(temporal.span);
  return out;
}

Json JsonWriter::SecurityOf(const SecurityScheme& scheme) const {
  Json kind;
  switch (scheme.kind) {
    case SecurityKind::kBearer:
      kind["scheme"] = "Bearer";
      if (scheme.bearer_format) {
        kind["bearerFormat"] = *scheme.bearer_format;
      }
      break;
    case SecurityKind::kApiKey:
      kind["scheme"] = "ApiKey";
      kind["location"] = scheme.location.value_or("");
      kind["name"] = scheme.parameter_name.value_or("");
      break;
    case SecurityKind::kBasic:
      kind["scheme"] = "Basic";
      break;
  }
  Json out;
  out["kind"] = std::move(kind);
  out["name"] = scheme.name;
  out["span"] = SpanOf(scheme.span);
  return out;
}

Json JsonWriter::EnumOf(const Enum& enumeration) const {
  Json out;
  out["kind"] = "Enum";
  out["name"] = enumeration.name;
  out["values"] = Json(enumeration.values);
  out["span"] = SpanOf(enumeration.span);
  return out;
}

Json JsonWriter::AliasOf(const TypeAlias& alias) const {
  Json out;
  out["kind"] = "TypeAlias";
  out["name"] = alias.name;
  out["typeExpr"] = TypeOf(alias.base);
  out["constraint"] = OptionalExpr(alias.constraint);
  out["span"] = SpanOf(alias.span);
  return out;
}

Json JsonWriter::StateOf(const std::optional<std::vector<StateField>>& state) const {
  if (!state) {
    return nullptr;
  }
  Json out;
  out["kind"] = "State";
  out["fields"] = List(*state, [&](const StateField& field) {
    Json item;
    item["kind"] = "StateField";
    item["name"] = field.name;
    item["typeExpr"] = TypeOf(field.type);
    item["span"] = SpanOf(field.span);
    return item;
  });
  return out;
}

Json JsonWriter::FunctionOf(const Function& function) const {
  Json out;
  out["kind"] = "Function";
  out["name"] = function.name;
  out["params"] = ParamList(function.params);
  out["returnType"] = TypeOf(function.return_type);
  out["body"] = ExprOf(function.body);
  out["span"] = SpanOf(function.span);
  return out;
}

Json JsonWriter::PredicateOf(const Predicate& predicate) const {
  Json out;
  out["kind"] = "Predicate";
  out["name"] = predicate.name;
  out["params"] = ParamList(predicate.params);
  out["body"] = ExprOf(predicate.body);
  out["span"] = SpanOf(predicate.span);
  return out;
}

Json JsonWriter::ConventionsOf(const Module& module) const {
  if (!module.has_conventions_block) {
    return nullptr;
  }
  Json out;
  out["kind"] = "Conventions";
  out["rules"] = List(module.conventions, [&](const ConventionRule& rule) {
    Json item;
    item["kind"] = "ConventionRule";
    item["target"] = rule.target;
    item["property"] = rule.property;
    item["qualifier"] = rule.qualifier ? Json(*rule.qualifier) : Json(nullptr);
    item["value"] = ExprOf(rule.value);
    item["span"] = SpanOf(rule.span);
    return item;
  });
  return out;
}

Json JsonWriter::Service(const Module& module) const {
  Json out;
  out["kind"] = "Service";
  out["name"] = module.name;
  out["imports"] = Json(module.imports);
  out["entities"] = List(module.entities, [&](const Entity& e) { return EntityOf(e); });
  out["enums"] = List(module.enums, [&](const Enum& e) { return EnumOf(e); });
  out["typeAliases"] = List(module.type_aliases, [&](const TypeAlias& a) { return AliasOf(a); });
  out["state"] = StateOf(module.state);
  out["operations"] = List(module.operations, [&](const Operation& o) { return OperationOf(o); });
  out["transitions"] =
      List(module.transitions, [&](const Transition& t) { return TransitionOf(t); });
  out["invariants"] =
      List(module.invariants, [&](const Invariant& i) { return InvariantOf(i, "Invariant"); });
  out["temporals"] = List(module.temporals, [&](const Temporal& t) { return TemporalOf(t); });
  out["facts"] = List(module.facts, [&](const Invariant& f) { return InvariantOf(f, "Fact"); });
  out["functions"] = List(module.functions, [&](const Function& f) { return FunctionOf(f); });
  out["predicates"] = List(module.predicates, [&](const Predicate& p) { return PredicateOf(p); });
  out["conventions"] = ConventionsOf(module);
  if (!module.security.empty()) {
    out["security"] = List(module.security, [&](const SecurityScheme& s) { return SecurityOf(s); });
  }
  out["span"] = SpanOf(module.span);
  return out;
}

}  // namespace

std::string DumpJson(const Module& module, const SourceManager& sources) {
  JsonWriter writer(sources);
  // Strings may hold invalid UTF-8 (the lexer passes string bytes through); never throw on them.
  return writer.Service(module).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace s2r::ir
