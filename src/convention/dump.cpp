// ServiceModel -> YAML.
#include "convention/dump.h"

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/validation.h"
#include "convention/yaml_writer.h"

namespace s2r::convention {
namespace {

class Dumper {
 public:
  explicit Dumper(const SourceManager* sources) : sources_(sources) {}

  void At(YamlNode& map, Span span) const {
    if (sources_ != nullptr && span.IsValid() && sources_->Contains(span.source)) {
      LineColumn lc = sources_->Locate(span.source, span.begin);
      map.Add("at", fmt::format("{}:{}", lc.line, lc.column));
    }
  }

  YamlNode Bound(const NumericBound& bound) const {
    YamlNode node = YamlNode::Map();
    node.Add("value", YamlNode::Raw(bound.value));
    node.Add("exclusive", YamlNode::Bool(bound.exclusive));
    node.Add("origin", std::string(OriginName(bound.origin)));
    At(node, bound.span);
    return node;
  }

  YamlNode Length(const LengthBound& bound) const {
    YamlNode node = YamlNode::Map();
    node.Add("value", YamlNode::Int(bound.value));
    node.Add("origin", std::string(OriginName(bound.origin)));
    At(node, bound.span);
    return node;
  }

  YamlNode Checks(const std::vector<RuntimeCheck>& checks) const {
    YamlNode list = YamlNode::List();
    for (const RuntimeCheck& check : checks) {
      YamlNode item = YamlNode::Map();
      item.Add("expr", check.text);
      item.Add("origin", std::string(OriginName(check.origin)));
      At(item, check.span);
      list.Push(std::move(item));
    }
    return list;
  }

  YamlNode Constraints_(const Constraints& c) const {
    YamlNode node = YamlNode::Map();
    if (c.minimum) node.Add("minimum", Bound(*c.minimum));
    if (c.maximum) node.Add("maximum", Bound(*c.maximum));
    if (c.min_length) node.Add("min_length", Length(*c.min_length));
    if (c.max_length) node.Add("max_length", Length(*c.max_length));
    if (!c.patterns.empty()) {
      YamlNode& list = node.Add("patterns", YamlNode::List());
      for (const Pattern& pattern : c.patterns) {
        YamlNode item = YamlNode::Map();
        item.Add("regex", pattern.regex);
        if (!pattern.predicate.empty()) {
          item.Add("predicate", pattern.predicate);
        }
        item.Add("origin", std::string(OriginName(pattern.origin)));
        At(item, pattern.span);
        list.Push(std::move(item));
      }
    }
    if (!c.allowed_values.empty()) {
      YamlNode& values = node.Add("allowed_values", YamlNode::List());
      for (const std::string& value : c.allowed_values) {
        values.Push(c.allowed_values_are_strings ? YamlNode::Str(value) : YamlNode::Raw(value));
      }
      if (!c.enum_name.empty()) {
        node.Add("enum", c.enum_name);
      }
    }
    if (!c.runtime_checks.empty()) {
      node.Add("runtime_checks", Checks(c.runtime_checks));
    }
    if (c.unsatisfiable) {
      node.Add("unsatisfiable", YamlNode::Bool(true));
    }
    return node;
  }

  // Adds `validation:` only when there is something to say.
  void AddValidation(YamlNode& map, const Validation& v) const {
    if (v.Empty()) {
      return;
    }
    YamlNode& node = map.Add("validation", YamlNode::Map());
    if (!v.value.Empty()) {
      node.Add("value", Constraints_(v.value));
    }
    if (!v.element.Empty()) {
      node.Add("element", Constraints_(v.element));
    }
  }

  YamlNode Entity_(const Entity& e) const {
    YamlNode node = YamlNode::Map();
    node.Add("name", e.name);
    At(node, e.span);
    YamlNode& names = node.Add("names", YamlNode::Map());
    names.Add("snake", e.snake);
    names.Add("kebab", e.kebab);
    names.Add("plural_snake", e.plural_snake);
    names.Add("plural_kebab", e.plural_kebab);
    names.Add("table", e.table);
    names.Add("create_schema", e.create_schema);
    names.Add("read_schema", e.read_schema);
    names.Add("update_schema", e.update_schema);
    names.Add("service_class", e.service_class);
    names.Add("router_module", e.router_module);
    names.Add("tag", e.tag);
    node.Add("primary_key", e.primary_key);
    node.Add("synthesized_id", YamlNode::Bool(e.synthesized_id));
    node.Add("timestamps", YamlNode::Bool(e.timestamps));
    YamlNode& fields = node.Add("fields", YamlNode::List());
    for (const EntityField& f : e.fields) {
      YamlNode item = YamlNode::Map();
      item.Add("name", f.name);
      item.Add("type", ir::ToString(f.type));
      item.Add("storage", std::string(StorageName(f.storage)));
      if (!f.column.empty()) item.Add("column", f.column);
      if (f.nullable) item.Add("nullable", YamlNode::Bool(true));
      if (f.is_id) item.Add("primary_key", YamlNode::Bool(true));
      if (f.sensitive) item.Add("sensitive", YamlNode::Bool(true));
      if (!f.ref_entity.empty()) item.Add("references", f.ref_entity);
      if (!f.child_fk_column.empty()) item.Add("child_fk_column", f.child_fk_column);
      if (!f.junction_table.empty()) item.Add("junction_table", f.junction_table);
      AddValidation(item, f.validation);
      fields.Push(std::move(item));
    }
    if (!e.invariant_checks.empty()) {
      node.Add("invariant_checks", Checks(e.invariant_checks));
    }
    YamlNode& state = node.Add("state_fields", YamlNode::List());
    for (const std::string& s : e.state_fields) state.Push(YamlNode::Str(s));
    YamlNode& ops = node.Add("operations", YamlNode::List());
    for (std::size_t index : e.operations) ops.Push(YamlNode::Str(model_->operations[index].name));
    return node;
  }

  static std::string_view StorageName(FieldStorage storage) {
    switch (storage) {
      case FieldStorage::kColumn: return "column";
      case FieldStorage::kJsonColumn: return "json_column";
      case FieldStorage::kChildRows: return "child_rows";
      case FieldStorage::kJunction: return "junction";
    }
    return "column";
  }

  static std::string_view StateStorageName(StateStorage storage) {
    switch (storage) {
      case StateStorage::kEntityRows: return "entity_rows";
      case StateStorage::kEntityColumns: return "entity_columns";
      case StateStorage::kScalarColumn: return "scalar_column";
      case StateStorage::kStateColumn: return "state_column";
      case StateStorage::kSetting: return "setting";
      case StateStorage::kForeignKeyColumn: return "foreign_key_column";
      case StateStorage::kJunctionTable: return "junction_table";
    }
    return "setting";
  }

  YamlNode State(const StateBinding& s) const {
    YamlNode node = YamlNode::Map();
    node.Add("name", s.name);
    node.Add("type", ir::ToString(s.type));
    node.Add("storage", std::string(StateStorageName(s.storage)));
    if (!s.entity.empty()) node.Add("entity", s.entity);
    if (!s.table.empty()) node.Add("table", s.table);
    if (!s.key_column.empty()) node.Add("key_column", s.key_column);
    if (!s.value_column.empty()) node.Add("value_column", s.value_column);
    if (!s.column.empty()) node.Add("column", s.column);
    if (!s.setting.empty()) node.Add("setting", s.setting);
    if (s.seed) node.Add("seed", YamlNode::Int(*s.seed));
    node.Add("written", YamlNode::Bool(s.written));
    return node;
  }

  YamlNode Operation_(const Operation& op) const {
    YamlNode node = YamlNode::Map();
    node.Add("name", op.name);
    At(node, op.span);
    node.Add("snake", op.snake);
    node.Add("kind", std::string(KindName(op.kind)));
    node.Add("rule", std::string(RuleName(op.kind)));
    node.Add("strategy", op.strategy == SynthesisStrategy::kDirectEmit ? "direct_emit"
                                                                       : "llm_synthesis");
    node.Add("entity", op.entity.empty() ? YamlNode::Raw("null") : YamlNode::Str(op.entity));
    if (op.scalar_op) node.Add("scalar_op", YamlNode::Bool(true));
    node.Add("method", std::string(MethodName(op.method)) + Origin(op.method_from));
    node.Add("path", op.path + Origin(op.path_from));
    node.Add("status", fmt::format("{}{}", op.status, Origin(op.status_from)));
    node.Add("route_kind", std::string(RouteKindName(op.route_kind)));
    node.Add("router_module", op.router_module);
    node.Add("tag", op.tag);
    YamlNode& params = node.Add("params", YamlNode::List());
    for (const Parameter& p : op.params) {
      YamlNode item = YamlNode::Map();
      item.Add("name", p.name);
      item.Add("type", ir::ToString(p.type));
      item.Add("in", std::string(LocationName(p.location)));
      item.Add("required", YamlNode::Bool(p.required));
      if (p.sensitive) item.Add("sensitive", YamlNode::Bool(true));
      AddValidation(item, p.validation);
      params.Push(std::move(item));
    }
    YamlNode& request = node.Add("request", YamlNode::Map());
    request.Add("kind", op.request.kind == RequestBodyKind::kNone           ? "none"
                        : op.request.kind == RequestBodyKind::kEntityCreate ? "entity_create"
                                                                            : "operation");
    if (!op.request.schema.empty()) {
      request.Add("schema", op.request.schema);
      YamlNode& fields = request.Add("fields", YamlNode::List());
      for (const std::string& f : op.request.fields) fields.Push(YamlNode::Str(f));
    }
    YamlNode& response = node.Add("response", YamlNode::Map());
    response.Add("kind", std::string(ResponseKindName(op.response.kind)));
    if (!op.response.schema.empty()) response.Add("schema", op.response.schema);
    if (!op.response.entity.empty()) response.Add("entity", op.response.entity);
    if (!op.response.outputs.empty()) {
      YamlNode& outputs = response.Add("outputs", YamlNode::List());
      for (const std::string& o : op.response.outputs) outputs.Push(YamlNode::Str(o));
    }
    if (!op.response.location_output.empty()) {
      response.Add("location_output", op.response.location_output);
    }
    if (!op.response.headers.empty()) {
      YamlNode& headers = response.Add("headers", YamlNode::List());
      for (const ResponseHeader& h : op.response.headers) {
        YamlNode item = YamlNode::Map();
        item.Add("name", h.name);
        if (!h.output.empty()) item.Add("output", h.output);
        if (h.expr != nullptr) item.Add("expr", ExprText(*h.expr));
        headers.Push(std::move(item));
      }
    }
    if (!op.auth.empty()) {
      YamlNode& auth = node.Add("auth", YamlNode::List());
      for (const std::string& a : op.auth) auth.Push(YamlNode::Str(a));
    }
    return node;
  }

  static std::string Origin(Provenance from) {
    return from == Provenance::kConvention ? " (convention)" : "";
  }

  YamlNode Column_(const Column& c, const Table& t) const {
    YamlNode node = YamlNode::Map();
    node.Add("name", c.name);
    node.Add("type", c.sql_type);
    if (c.canonical_sql_type != c.sql_type) node.Add("canonical_type", c.canonical_sql_type);
    node.Add("nullable", YamlNode::Bool(c.nullable));
    if (c.primary_key) node.Add("primary_key", YamlNode::Bool(true));
    if (c.autoincrement) node.Add("autoincrement", YamlNode::Bool(true));
    if (c.unique) node.Add("unique", YamlNode::Bool(true));
    if (c.server_default.kind != DefaultKind::kNone) node.Add("default", c.server_default.sql);
    if (c.on_update_now) node.Add("on_update", "now");
    if (c.foreign_key) {
      const ForeignKey& fk = t.foreign_keys[*c.foreign_key];
      node.Add("references", fmt::format("{}.{}", fk.ref_table, fk.ref_column));
    }
    if (!c.field.empty() && c.field != c.name) node.Add("field", c.field);
    return node;
  }

  YamlNode Table_(const Table& t) const {
    YamlNode node = YamlNode::Map();
    node.Add("name", t.name);
    node.Add("kind", t.kind == TableKind::kEntity     ? "entity"
                     : t.kind == TableKind::kJunction ? "junction"
                                                      : "service_state");
    if (!t.entity.empty()) node.Add("entity", t.entity);
    YamlNode& columns = node.Add("columns", YamlNode::List());
    for (const Column& c : t.columns) columns.Push(Column_(c, t));
    YamlNode& pk = node.Add("primary_key", YamlNode::List());
    for (const std::string& c : t.primary_key) pk.Push(YamlNode::Str(c));
    if (!t.foreign_keys.empty()) {
      YamlNode& fks = node.Add("foreign_keys", YamlNode::List());
      for (const ForeignKey& fk : t.foreign_keys) {
        YamlNode item = YamlNode::Map();
        item.Add("name", fk.name);
        item.Add("column", fk.column);
        item.Add("references", fmt::format("{}.{}", fk.ref_table, fk.ref_column));
        item.Add("on_delete", fk.on_delete);
        item.Add("inferred_by", fk.inferred_by == ForeignKeyInference::kFieldName   ? "field_name"
                                : fk.inferred_by == ForeignKeyInference::kFieldType ? "field_type"
                                : fk.inferred_by == ForeignKeyInference::kStateRelation
                                    ? "state_relation"
                                    : "junction");
        fks.Push(std::move(item));
      }
    }
    if (!t.uniques.empty()) {
      YamlNode& uniques = node.Add("uniques", YamlNode::List());
      for (const UniqueConstraint& u : t.uniques) {
        YamlNode item = YamlNode::Map();
        item.Add("name", u.name);
        YamlNode& cols = item.Add("columns", YamlNode::List());
        for (const std::string& c : u.columns) cols.Push(YamlNode::Str(c));
        item.Add("reason", u.reason);
        uniques.Push(std::move(item));
      }
    }
    if (!t.checks.empty()) {
      YamlNode& checks = node.Add("checks", YamlNode::List());
      for (const CheckConstraint& c : t.checks) {
        YamlNode item = YamlNode::Map();
        item.Add("name", c.name);
        if (c.supported) {
          item.Add("sql", c.sql);
        } else {
          item.Add("sql", YamlNode::Raw("null"));
          item.Add("unsupported_by_dialect", YamlNode::Bool(true));
        }
        if (c.canonical_sql != c.sql) item.Add("canonical_sql", c.canonical_sql);
        checks.Push(std::move(item));
      }
    }
    if (!t.indexes.empty()) {
      YamlNode& indexes = node.Add("indexes", YamlNode::List());
      for (const Index& i : t.indexes) {
        YamlNode item = YamlNode::Map();
        item.Add("name", i.name);
        YamlNode& cols = item.Add("columns", YamlNode::List());
        for (const std::string& c : i.columns) cols.Push(YamlNode::Str(c));
        item.Add("unique", YamlNode::Bool(i.unique));
        if (!i.where.empty()) item.Add("where", i.where);
        if (i.degraded) item.Add("degraded", YamlNode::Bool(true));
        indexes.Push(std::move(item));
      }
    }
    return node;
  }

  YamlNode Model(const ServiceModel& m) {
    model_ = &m;
    YamlNode root = YamlNode::Map();
    YamlNode& service = root.Add("service", YamlNode::Map());
    service.Add("name", m.name);
    service.Add("snake", m.snake);
    service.Add("kebab", m.kebab);
    service.Add("dialect", std::string(DialectName(m.dialect)));
    YamlNode& enums = root.Add("enums", YamlNode::List());
    for (const EnumModel& e : m.enums) {
      YamlNode item = YamlNode::Map();
      item.Add("name", e.name);
      YamlNode& values = item.Add("values", YamlNode::List());
      for (const std::string& v : e.values) values.Push(YamlNode::Str(v));
      enums.Push(std::move(item));
    }
    YamlNode& entities = root.Add("entities", YamlNode::List());
    for (const Entity& e : m.entities) entities.Push(Entity_(e));
    YamlNode& state = root.Add("state", YamlNode::List());
    for (const StateBinding& s : m.state) state.Push(State(s));
    YamlNode& ops = root.Add("operations", YamlNode::List());
    for (const Operation& op : m.operations) ops.Push(Operation_(op));
    YamlNode& order = root.Add("route_order", YamlNode::List());
    for (std::size_t index : m.route_order) {
      const Operation& op = m.operations[index];
      order.Push(YamlNode::Str(fmt::format("{} {} -> {}", MethodName(op.method), op.path, op.name)));
    }
    if (!m.security.empty()) {
      YamlNode& security = root.Add("security", YamlNode::List());
      for (const SecuritySchemeModel& s : m.security) {
        YamlNode item = YamlNode::Map();
        item.Add("name", s.name);
        item.Add("kind", std::string(SecurityKindName(s.kind)));
        switch (s.kind) {
          case SecurityKind::kBearerJwt:
          case SecurityKind::kBearerToken:
            if (!s.bearer_format.empty()) item.Add("bearer_format", s.bearer_format);
            item.Add("verify", s.kind == SecurityKind::kBearerJwt ? "jwt" : "token");
            break;
          case SecurityKind::kApiKey:
            item.Add("in", std::string(ApiKeyLocationName(s.location)));
            item.Add("parameter", s.parameter_name);
            break;
          case SecurityKind::kBasic:
            break;
        }
        security.Push(std::move(item));
      }
    }
    YamlNode& schema = root.Add("schema", YamlNode::Map());
    YamlNode& tables = schema.Add("tables", YamlNode::List());
    for (const Table& t : m.schema.tables) tables.Push(Table_(t));
    if (!m.schema.triggers.empty()) {
      YamlNode& triggers = schema.Add("triggers", YamlNode::List());
      for (const AggregateTrigger& t : m.schema.triggers) {
        YamlNode item = YamlNode::Map();
        item.Add("name", t.name);
        item.Add("function", t.function_name);
        item.Add("target", fmt::format("{}.{}", t.target_table, t.target_column));
        item.Add("source", fmt::format("{}.{}", t.source_table, t.source_column.empty() ? "*" : t.source_column));
        item.Add("source_fk", t.source_fk_column);
        item.Add("aggregate", t.aggregate == AggregateKind::kSum     ? "sum"
                              : t.aggregate == AggregateKind::kCount ? "count"
                              : t.aggregate == AggregateKind::kMin   ? "min"
                                                                     : "max");
        triggers.Push(std::move(item));
      }
    }
    return root;
  }

 private:
  const SourceManager* sources_;
  const ServiceModel* model_ = nullptr;
};

}  // namespace

std::string DumpModelYaml(const ServiceModel& model, const SourceManager* sources) {
  return Dumper(sources).Model(model).Print();
}

}  // namespace s2r::convention
