// Database schema derivation and state placement.
#include "convention/schema.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "convention/schema_internal.h"
#include "convention/sql.h"
#include "convention/validation.h"

namespace s2r::convention {
namespace {

using ir::Expr;
using ir::ExprKind;
using ir::TypeKind;


const ir::Type& Unwrap(const ir::Type& type) {
  const ir::Type* t = &type;
  while (t->kind == TypeKind::kOption && !t->args.empty()) {
    t = &t->args[0];
  }
  return *t;
}

struct PkInfo {
  std::string column = "id";
  std::string field;  // the explicit id field; empty when synthesized
  SqlType type{SqlTypeKind::kBigInteger};
  TypeKind kind = TypeKind::kInt;
  bool synthesized = true;
};

// How a state field will be stored, decided before tables are built.
struct StatePlan {
  StateStorage storage = StateStorage::kSetting;
  std::size_t entity = 0;         // backing entity
  std::size_t other_entity = 0;   // kForeignKeyColumn/kJunctionTable: the relation's target
  std::string key_field;          // entity field used as the key (empty: the primary key)
  std::string value_field;        // kEntityColumns
  bool synthesize_key = false;    // no field has the key type: add `<state>_key`
};

class SchemaBuilder {
 public:
  SchemaBuilder(const SchemaInputs& in, ServiceModel& model, std::vector<diag::Diagnostic>& diags)
      : in_(in), module_(in.module), model_(model), diags_(diags), reducer_(in.module) {}

  void Run() {
    model_.schema = {};
    for (std::size_t i = 0; i < module_.entities.size(); ++i) {
      pks_.push_back(PrimaryKeyOf(module_.entities[i]));
    }
    PlanState();
    for (std::size_t i = 0; i < module_.entities.size(); ++i) {
      BuildEntityTable(i);
    }
    ApplyStatePlans();
    for (std::size_t i = 0; i < module_.entities.size(); ++i) {
      FinishEntityTable(i);
    }
    BuildJunctionTables();
    BuildServiceState();
    DetectAggregateTriggers(module_, model_);
    CheckSchemaNames(model_, diags_);
  }

 private:
  // ---- helpers ----

  std::optional<std::size_t> EntityIndex(std::string_view name) const {
    for (std::size_t i = 0; i < module_.entities.size(); ++i) {
      if (module_.entities[i].name == name) {
        return i;
      }
    }
    return std::nullopt;
  }

  PkInfo PrimaryKeyOf(const ir::Entity& entity) const {
    PkInfo pk;
    const ir::Field* id = entity.FindField("id");
    if (id == nullptr) {
      return pk;
    }
    pk.synthesized = false;
    pk.field = "id";
    const ir::Type& type = Unwrap(id->type);
    pk.kind = type.kind;
    if (type.kind == TypeKind::kInt) {
      pk.type = SqlType{SqlTypeKind::kBigInteger};  // widened so every FK agrees
    } else {
      Constraints none;
      pk.type = ScalarSqlType(module_, type, in_.dialect, none, /*indexed=*/true);
    }
    return pk;
  }

  // The entity field whose type is written like `key` (for a bare Int key: the primary key).
  std::optional<std::string> KeyFieldFor(const ir::Type& key, const ir::Entity& entity) const {
    std::string key_name = WrittenTypeName(key);
    if (key_name.empty()) {
      return std::nullopt;
    }
    if (key.alias.empty() && key.kind == TypeKind::kInt) {
      const ir::Field* id = entity.FindField("id");
      if (id == nullptr || Unwrap(id->type).kind == TypeKind::kInt) {
        return std::string();  // the (explicit or synthesized) primary key
      }
    }
    if (const ir::Field* id = entity.FindField("id");
        id != nullptr && WrittenTypeName(id->type) == key_name) {
      return std::string();
    }
    for (const ir::Field& field : entity.fields) {
      if (field.type.kind != TypeKind::kOption && WrittenTypeName(field.type) == key_name) {
        return field.name;
      }
    }
    return std::nullopt;
  }

  Column MakeColumn(std::string name, std::string field, ColumnOrigin origin, SqlType type,
                    bool nullable, Span span) const {
    Column column;
    column.name = std::move(name);
    column.field = std::move(field);
    column.origin = origin;
    column.type = type;
    column.nullable = nullable;
    column.span = span;
    return column;
  }

  void Render(Column& column) const {
    column.sql_type = RenderSqlType(column.type, in_.dialect, column.autoincrement);
    // The canonical form is the PostgreSQL one: timestamps are always timezone-aware there.
    if (column.canonical_sql_type.empty()) {
      SqlType canonical = column.type;
      if (canonical.kind == SqlTypeKind::kTimestamp) {
        canonical.timezone = true;
      }
      column.canonical_sql_type =
          RenderSqlType(canonical, Dialect::kPostgres, column.autoincrement);
    }
    if (column.server_default.kind != DefaultKind::kNone) {
      column.server_default.sql =
          DefaultSql(column.server_default.kind, column.server_default.literal, in_.dialect);
    }
  }

  void AddForeignKey(Table& table, std::size_t column_index, std::size_t ref_entity,
                     ForeignKeyInference how, std::string on_delete) {
    Column& column = table.columns[column_index];
    ForeignKey fk;
    fk.name = LimitIdentifier(fmt::format("fk_{}_{}", table.name, column.name));
    fk.column = column.name;
    fk.ref_entity = module_.entities[ref_entity].name;
    fk.ref_table = model_.entities[ref_entity].table;
    fk.ref_column = pks_[ref_entity].column;
    fk.on_delete = std::move(on_delete);
    fk.inferred_by = how;
    fk.span = column.span;
    column.foreign_key = table.foreign_keys.size();
    table.foreign_keys.push_back(std::move(fk));
  }

  void AddUnique(Table& table, const std::string& column, std::string reason, Span span) {
    for (const UniqueConstraint& existing : table.uniques) {
      if (existing.columns.size() == 1 && existing.columns[0] == column) {
        return;
      }
    }
    if (Column* c = FindColumn(table, column)) {
      if (c->primary_key) {
        return;
      }
      c->unique = true;
    }
    table.uniques.push_back(UniqueConstraint{
        LimitIdentifier(fmt::format("uq_{}_{}", table.name, column)), {column}, std::move(reason),
        span});
  }

  SqlType TimestampType() const {
    return SqlType{SqlTypeKind::kTimestamp, 0, 0, 0, in_.dialect == Dialect::kPostgres};
  }

  static Column* FindColumn(Table& table, std::string_view name) {
    for (Column& column : table.columns) {
      if (column.name == name) {
        return &column;
      }
    }
    return nullptr;
  }

  // ---- state placement (decided first: it determines keys, uniques and extra columns) ----

  void PlanState() {
    if (!module_.state) {
      return;
    }
    for (const ir::StateField& field : *module_.state) {
      plans_.push_back(PlanOne(field));
    }
  }

  StatePlan PlanOne(const ir::StateField& field) const {
    StatePlan plan;
    const ir::Type& type = field.type;
    bool written = in_.written_state.count(field.name) > 0;
    auto entity_of = [&](const ir::Type& t) -> std::optional<std::size_t> {
      return t.kind == TypeKind::kEntity ? EntityIndex(t.name) : std::nullopt;
    };
    if ((type.kind == TypeKind::kRelation || type.kind == TypeKind::kMap) &&
        type.args.size() == 2) {
      const ir::Type& key = type.args[0];
      const ir::Type& value = type.args[1];
      std::optional<std::size_t> value_entity = entity_of(value);
      std::optional<std::size_t> key_entity = entity_of(key);
      bool to_many = type.kind == TypeKind::kRelation &&
                     (type.multiplicity == Multiplicity::kSet ||
                      type.multiplicity == Multiplicity::kSome);
      if (value_entity && key_entity) {
        plan.storage = to_many ? StateStorage::kJunctionTable : StateStorage::kForeignKeyColumn;
        plan.entity = *key_entity;
        plan.other_entity = *value_entity;
        return plan;
      }
      if (value_entity && !to_many) {
        plan.storage = StateStorage::kEntityRows;
        plan.entity = *value_entity;
        std::optional<std::string> key_field = KeyFieldFor(key, module_.entities[*value_entity]);
        if (key_field) {
          plan.key_field = *key_field;
        } else {
          plan.synthesize_key = true;
        }
        return plan;
      }
      if (!value_entity && !to_many) {
        // A value relation: some entity with a field of each type backs it. Prefer one that
        // already backs a relation keyed by the same type.
        std::string key_name = WrittenTypeName(key);
        std::string value_name = WrittenTypeName(value);
        // Guard against coincidences of primitive types (`Int -> String` is not backed by any
        // entity that happens to have an Int and a String field): the entity must also back a
        // relation keyed by the same type, or both types must be named (aliases, enums).
        bool named = !key.alias.empty() && !value.alias.empty();
        for (std::size_t i = 0; i < module_.entities.size() && !key_name.empty() &&
                                !value_name.empty();
             ++i) {
          const ir::Entity& entity = module_.entities[i];
          bool keyed = false;
          for (const ir::StateField& other : *module_.state) {
            keyed = keyed || ((other.type.kind == TypeKind::kRelation ||
                               other.type.kind == TypeKind::kMap) &&
                              other.type.args.size() == 2 &&
                              other.type.args[1].kind == TypeKind::kEntity &&
                              other.type.args[1].name == entity.name &&
                              WrittenTypeName(other.type.args[0]) == key_name);
          }
          if (!keyed && !named) {
            continue;
          }
          std::optional<std::string> key_field = KeyFieldFor(key, entity);
          const ir::Field* value_field = nullptr;
          for (const ir::Field& f : entity.fields) {
            if (WrittenTypeName(f.type) == value_name && (!key_field || f.name != *key_field)) {
              value_field = &f;
              break;
            }
          }
          if (key_field && value_field != nullptr) {
            plan.storage = StateStorage::kEntityColumns;
            plan.entity = i;
            plan.key_field = *key_field;
            plan.value_field = value_field->name;
            return plan;
          }
        }
      }
      plan.storage = written ? StateStorage::kStateColumn : StateStorage::kSetting;
      return plan;
    }
    if ((type.kind == TypeKind::kSet || type.kind == TypeKind::kSeq) && !type.args.empty()) {
      if (std::optional<std::size_t> element = entity_of(type.args[0])) {
        plan.storage = StateStorage::kEntityRows;
        plan.entity = *element;
        return plan;
      }
      plan.storage = written ? StateStorage::kStateColumn : StateStorage::kSetting;
      return plan;
    }
    if (in_.backed_scalars.count(field.name) > 0) {
      plan.storage = StateStorage::kScalarColumn;
      return plan;
    }
    plan.storage = written ? StateStorage::kStateColumn : StateStorage::kSetting;
    return plan;
  }

  // Fields that are relation keys (need a UNIQUE index; MySQL needs VARCHAR for them).
  bool IsKeyField(std::size_t entity, std::string_view field) const {
    if (!module_.state) {
      return false;
    }
    for (const StatePlan& plan : plans_) {
      if ((plan.storage == StateStorage::kEntityRows ||
           plan.storage == StateStorage::kEntityColumns) &&
          plan.entity == entity && plan.key_field == field && !field.empty()) {
        return true;
      }
    }
    for (const ParsedRule* rule : in_.conventions.FindAll(module_.entities[entity].name,
                                                          ConventionProperty::kPartialIndex)) {
      if (rule->rule->qualifier && *rule->rule->qualifier == field) {
        return true;
      }
    }
    return false;
  }

  // The entity a field references by name (`order_id` -> Order) when the types agree.
  std::optional<std::size_t> ReferenceByName(const ir::Field& field) const {
    std::string column = ToColumnName(field.name);
    const ir::Type& type = Unwrap(field.type);
    if (column.size() <= 3 || column.compare(column.size() - 3, 3, "_id") != 0) {
      return std::nullopt;
    }
    std::string prefix = column.substr(0, column.size() - 3);
    for (std::size_t i = 0; i < module_.entities.size(); ++i) {
      if (ToSnakeCase(module_.entities[i].name) == prefix) {
        bool int_key = pks_[i].kind == TypeKind::kInt;
        bool agrees = int_key ? type.kind == TypeKind::kInt
                              : WrittenTypeName(type) == WrittenTypeName(
                                    Unwrap(module_.entities[i].FindField("id")->type));
        return agrees ? std::optional<std::size_t>(i) : std::nullopt;
      }
    }
    return std::nullopt;
  }

  // Does `child` hold exactly one reference back to `parent` (by name or by type)?
  std::optional<std::string> BackReference(std::size_t child, std::size_t parent) const {
    std::optional<std::string> found;
    int count = 0;
    for (const ir::Field& field : module_.entities[child].fields) {
      const ir::Type& type = Unwrap(field.type);
      if (type.kind == TypeKind::kEntity && type.name == module_.entities[parent].name) {
        found = ToColumnName(field.name) + "_id";
        ++count;
      } else if (std::optional<std::size_t> ref = ReferenceByName(field); ref && *ref == parent) {
        found = ToColumnName(field.name);
        ++count;
      }
    }
    return count == 1 ? found : std::nullopt;
  }

  // ---- entity tables ----

  void BuildEntityTable(std::size_t index) {
    const ir::Entity& entity = module_.entities[index];
    Entity& out = model_.entities[index];
    Table table;
    table.name = out.table;
    table.kind = TableKind::kEntity;
    table.entity = entity.name;
    table.span = entity.name_span.IsValid() ? entity.name_span : entity.span;
    const PkInfo& pk = pks_[index];
    out.primary_key = pk.column;
    out.synthesized_id = pk.synthesized;
    out.table_index = index;
    std::optional<bool> timestamps =
        in_.conventions.Boolean(entity.name, ConventionProperty::kDbTimestamps);
    out.timestamps = !timestamps || *timestamps;
    if (pk.synthesized) {
      Column id = MakeColumn("id", "", ColumnOrigin::kSynthesizedId, pk.type, false, entity.span);
      id.primary_key = true;
      id.autoincrement = true;
      table.columns.push_back(std::move(id));
    }
    table.primary_key = {pk.column};

    // Validation per field, then single-field invariant atoms folded in.
    std::vector<Validation> validations;
    for (const ir::Field& field : entity.fields) {
      validations.push_back(
          reducer_.ForType(field.type, field.constraint ? &*field.constraint : nullptr));
    }
    for (const Expr& invariant : entity.invariants) {
      std::vector<const Expr*> atoms;
      SplitAnd(invariant, atoms);
      for (const Expr* atom : atoms) {
        std::string_view subject = reducer_.InvariantSubject(*atom);
        bool folded = false;
        for (std::size_t f = 0; f < entity.fields.size() && !subject.empty(); ++f) {
          if (entity.fields[f].name == subject) {
            folded = reducer_.ReduceInvariantAtom(*atom, subject, validations[f].value);
            break;
          }
        }
        if (!folded) {
          out.invariant_checks.push_back(
              RuntimeCheck{atom, ExprText(*atom), ConstraintOrigin::kInvariant, atom->span});
        }
      }
    }

    for (std::size_t f = 0; f < entity.fields.size(); ++f) {
      AddField(index, entity.fields[f], std::move(validations[f]), table, out);
    }
    model_.schema.tables.push_back(std::move(table));
  }

  void AddField(std::size_t index, const ir::Field& field, Validation validation, Table& table,
                Entity& out) {
    const PkInfo& pk = pks_[index];
    EntityField ef;
    ef.name = field.name;
    ef.type = field.type;
    ef.span = field.span;
    ef.nullable = field.type.kind == TypeKind::kOption;
    ef.is_id = !pk.synthesized && field.name == pk.field;
    ef.sensitive = IsSensitiveName(field.name);
    const ir::Type& type = Unwrap(field.type);
    std::string column_name = ToColumnName(field.name);

    if (type.kind == TypeKind::kEntity) {
      if (std::optional<std::size_t> ref = EntityIndex(type.name)) {
        ef.column = column_name + "_id";
        ef.ref_entity = type.name;
        Column column = MakeColumn(ef.column, field.name, ColumnOrigin::kField, pks_[*ref].type,
                                   ef.nullable, field.span);
        AddIntegerRange(validation.value, column.type.kind);
        table.columns.push_back(std::move(column));
        AddForeignKey(table, table.columns.size() - 1, *ref, ForeignKeyInference::kFieldType,
                      ef.nullable ? "SET NULL" : "CASCADE");
        ef.validation = std::move(validation);
        out.fields.push_back(std::move(ef));
        return;
      }
    }
    if ((type.kind == TypeKind::kSet || type.kind == TypeKind::kSeq) && !type.args.empty() &&
        type.args[0].kind == TypeKind::kEntity) {
      if (std::optional<std::size_t> child = EntityIndex(type.args[0].name)) {
        ef.ref_entity = type.args[0].name;
        if (std::optional<std::string> back = BackReference(*child, index)) {
          ef.storage = FieldStorage::kChildRows;
          ef.child_fk_column = *back;
        } else {
          ef.storage = FieldStorage::kJunction;
          ef.junction_table = fmt::format("{}_{}", out.table, column_name);
          junction_fields_.push_back({index, out.fields.size()});
        }
        ef.validation = std::move(validation);
        out.fields.push_back(std::move(ef));
        return;
      }
    }
    if (type.IsCollection()) {
      ef.storage = FieldStorage::kJsonColumn;
      ef.column = column_name;
      Column column = MakeColumn(column_name, field.name, ColumnOrigin::kField,
                                 SqlType{SqlTypeKind::kJson}, ef.nullable, field.span);
      column.server_default.kind =
          type.kind == TypeKind::kSet || type.kind == TypeKind::kSeq ? DefaultKind::kEmptyList
                                                                    : DefaultKind::kEmptyMap;
      table.columns.push_back(std::move(column));
      ef.validation = std::move(validation);
      out.fields.push_back(std::move(ef));
      return;
    }
    ef.column = column_name;
    bool indexed = ef.is_id || IsKeyField(index, field.name);
    // A plain index with a flag rather than std::optional: GCC 12 at -O3 reports a false
    // maybe-uninitialized on the optional's payload here.
    std::optional<std::size_t> reference = ef.is_id ? std::nullopt : ReferenceByName(field);
    bool has_reference = reference.has_value();
    std::size_t referenced = reference.value_or(0);
    SqlType sql_type = ef.is_id ? pk.type
                       : has_reference ? pks_[referenced].type
                                 : ScalarSqlType(module_, type, in_.dialect, validation.value,
                                                 indexed || has_reference);
    if (type.kind == TypeKind::kString || type.kind == TypeKind::kUnknown) {
      ApplyDialectStringLimit(sql_type, in_.dialect, validation.value);
    }
    AddIntegerRange(validation.value, sql_type.kind);
    Column column =
        MakeColumn(column_name, field.name, ColumnOrigin::kField, sql_type, ef.nullable, field.span);
    column.primary_key = ef.is_id;
    if (!ef.is_id && !has_reference && in_.dialect != Dialect::kPostgres) {
      // The snapshot form is the PostgreSQL decision, whatever the dialect.
      SqlType canonical = ScalarSqlType(module_, type, Dialect::kPostgres, validation.value,
                                        indexed);
      column.canonical_sql_type = RenderSqlType(canonical, Dialect::kPostgres, false);
    }
    table.columns.push_back(std::move(column));
    if (has_reference) {
      ef.ref_entity = module_.entities[referenced].name;
      AddForeignKey(table, table.columns.size() - 1, referenced, ForeignKeyInference::kFieldName,
                    ef.nullable ? "SET NULL" : "CASCADE");
    }
    if (validation.value.unsatisfiable) {
      diags_.push_back(diag::UnsatisfiableRefinement(
          field.span, fmt::format("{}.{}", out.name, field.name),
          DescribeConstraints(validation.value)));
    }
    ef.validation = std::move(validation);
    out.fields.push_back(std::move(ef));
  }

  void ApplyStatePlans() {
    if (!module_.state) {
      return;
    }
    for (std::size_t s = 0; s < plans_.size(); ++s) {
      const ir::StateField& field = (*module_.state)[s];
      StatePlan& plan = plans_[s];
      StateBinding binding;
      binding.name = field.name;
      binding.type = field.type;
      binding.storage = plan.storage;
      binding.span = field.span;
      binding.written = in_.written_state.count(field.name) > 0;
      switch (plan.storage) {
        case StateStorage::kEntityRows:
        case StateStorage::kEntityColumns: {
          Entity& entity = model_.entities[plan.entity];
          Table& table = model_.schema.tables[plan.entity];
          binding.entity = entity.name;
          binding.table = entity.table;
          entity.state_fields.push_back(field.name);
          bool relation = field.type.kind == TypeKind::kRelation ||
                          field.type.kind == TypeKind::kMap;
          if (relation) {
            if (plan.synthesize_key) {
              std::string key_column = ToSnakeCase(field.name) + "_key";
              Constraints none;
              SqlType key_type =
                  ScalarSqlType(module_, Unwrap(field.type.args[0]), in_.dialect, none, true);
              table.columns.push_back(MakeColumn(key_column, "", ColumnOrigin::kStateRelation,
                                                 key_type, true, field.span));
              binding.key_column = key_column;
            } else if (plan.key_field.empty()) {
              binding.key_column = pks_[plan.entity].column;
              binding.key_field = pks_[plan.entity].field;
            } else {
              binding.key_field = plan.key_field;
              binding.key_column = ToColumnName(plan.key_field);
            }
            AddUnique(table, binding.key_column,
                      fmt::format("key of state relation `{}`", field.name), field.span);
          }
          if (plan.storage == StateStorage::kEntityColumns) {
            binding.value_field = plan.value_field;
            binding.value_column = ToColumnName(plan.value_field);
          }
          break;
        }
        case StateStorage::kForeignKeyColumn: {
          // `A -> one|lone B`: each A row points at its B.
          Entity& owner = model_.entities[plan.entity];
          Table& table = model_.schema.tables[plan.entity];
          std::string column = ToSnakeCase(field.name) + "_id";
          bool lone = field.type.multiplicity == Multiplicity::kLone;
          table.columns.push_back(MakeColumn(column, field.name, ColumnOrigin::kStateRelation,
                                             pks_[plan.other_entity].type, lone, field.span));
          AddForeignKey(table, table.columns.size() - 1, plan.other_entity,
                        ForeignKeyInference::kStateRelation, lone ? "SET NULL" : "CASCADE");
          binding.entity = owner.name;
          binding.table = owner.table;
          binding.key_column = pks_[plan.entity].column;
          binding.value_column = column;
          owner.state_fields.push_back(field.name);
          break;
        }
        case StateStorage::kJunctionTable: {
          std::string name = fmt::format("{}_{}", model_.entities[plan.entity].table,
                                         model_.entities[plan.other_entity].table);
          binding.entity = module_.entities[plan.entity].name;
          binding.table = name;
          state_junctions_.push_back({s, name});
          break;
        }
        case StateStorage::kScalarColumn:
          binding.column = ToColumnName(field.name);
          binding.table = "service_state";
          binding.seed = in_.backed_scalars.at(field.name);
          break;
        case StateStorage::kStateColumn:
          binding.column = ToColumnName(field.name);
          binding.table = "service_state";
          break;
        case StateStorage::kSetting:
          binding.setting = ToSnakeCase(field.name);
          break;
      }
      model_.state.push_back(std::move(binding));
    }
  }

  void FinishEntityTable(std::size_t index) {
    Entity& entity = model_.entities[index];
    Table& table = model_.schema.tables[index];
    if (entity.timestamps) {
      for (std::string_view name : {"created_at", "updated_at"}) {
        if (FindColumn(table, name) != nullptr) {
          continue;
        }
        Column column = MakeColumn(std::string(name), "", ColumnOrigin::kTimestamp,
                                   TimestampType(), false,
                                   entity.span);
        column.server_default.kind = DefaultKind::kNow;
        column.on_update_now = name == "updated_at";
        table.columns.push_back(std::move(column));
      }
    }
    for (Column& column : table.columns) {
      Render(column);
    }
    // CHECKs from each field's validation, in field order.
    for (const EntityField& field : entity.fields) {
      if (field.storage != FieldStorage::kColumn || field.column.empty()) {
        continue;
      }
      if (table.FindColumn(field.column) == nullptr ||
          Unwrap(field.type).kind == TypeKind::kEntity) {
        continue;
      }
      AddValidationChecks(table, field.column, field.validation.value, in_.dialect);
    }
    // Indexes: every FK column, then partial indexes.
    for (const ForeignKey& fk : table.foreign_keys) {
      table.indexes.push_back(Index{LimitIdentifier(fmt::format("idx_{}_{}", table.name, fk.column)),
                                    table.name, {fk.column}, false, "", false, fk.span});
    }
    for (const ParsedRule* rule :
         in_.conventions.FindAll(module_.entities[index].name, ConventionProperty::kPartialIndex)) {
      std::string column = ToColumnName(*rule->rule->qualifier);
      Index partial{LimitIdentifier(fmt::format("idx_{}_{}_partial", table.name, column)),
                    table.name, {column}, false, rule->text, false, rule->rule->span};
      if (in_.dialect == Dialect::kMysql) {
        diags_.push_back(diag::PartialIndexDegraded(rule->rule->span, partial.name, rule->text,
                                                    "MySQL"));
        partial.where.clear();
        partial.degraded = true;
      }
      table.indexes.push_back(std::move(partial));
    }
  }

  // ---- junction tables ----

  Table JunctionTable(const std::string& name, std::string entity_label, std::size_t owner,
                      std::size_t target, bool ordered, Span span) {
    Table table;
    table.name = name;
    table.kind = TableKind::kJunction;
    table.entity = std::move(entity_label);
    table.span = span;
    Column id = MakeColumn("id", "", ColumnOrigin::kSynthesizedId,
                           SqlType{SqlTypeKind::kBigInteger}, false, span);
    id.primary_key = true;
    id.autoincrement = true;
    table.columns.push_back(std::move(id));
    table.primary_key = {"id"};
    std::string owner_column = ToSnakeCase(module_.entities[owner].name) + "_id";
    std::string target_column = ToSnakeCase(module_.entities[target].name) + "_id";
    if (target_column == owner_column) {
      target_column = "target_" + target_column;
    }
    table.columns.push_back(MakeColumn(owner_column, "", ColumnOrigin::kJunctionKey,
                                       pks_[owner].type, false, span));
    AddForeignKey(table, 1, owner, ForeignKeyInference::kJunction, "CASCADE");
    table.columns.push_back(MakeColumn(target_column, "", ColumnOrigin::kJunctionKey,
                                       pks_[target].type, false, span));
    AddForeignKey(table, 2, target, ForeignKeyInference::kJunction, "CASCADE");
    if (ordered) {
      table.columns.push_back(MakeColumn("position", "", ColumnOrigin::kPosition,
                                         SqlType{SqlTypeKind::kInteger}, false, span));
    } else {
      table.uniques.push_back(UniqueConstraint{
          LimitIdentifier(fmt::format("uq_{}_{}_{}", name, owner_column, target_column)),
          {owner_column, target_column}, "one link per pair", span});
    }
    Column created = MakeColumn("created_at", "", ColumnOrigin::kTimestamp,
                                TimestampType(), false, span);
    created.server_default.kind = DefaultKind::kNow;
    table.columns.push_back(std::move(created));
    for (Column& column : table.columns) {
      Render(column);
    }
    for (const ForeignKey& fk : table.foreign_keys) {
      table.indexes.push_back(Index{LimitIdentifier(fmt::format("idx_{}_{}", name, fk.column)),
                                    name, {fk.column}, false, "", false, span});
    }
    return table;
  }

  void BuildJunctionTables() {
    for (const auto& [entity_index, field_index] : junction_fields_) {
      const EntityField& field = model_.entities[entity_index].fields[field_index];
      std::size_t target = *EntityIndex(field.ref_entity);
      bool ordered = Unwrap(field.type).kind == TypeKind::kSeq;
      model_.schema.tables.push_back(JunctionTable(
          field.junction_table,
          fmt::format("{}_{}", module_.entities[entity_index].name, field.name), entity_index,
          target, ordered, field.span));
    }
    for (const auto& [state_index, name] : state_junctions_) {
      const StatePlan& plan = plans_[state_index];
      const ir::StateField& field = (*module_.state)[state_index];
      model_.schema.tables.push_back(JunctionTable(
          name,
          fmt::format("{}_{}", module_.entities[plan.entity].name,
                      module_.entities[plan.other_entity].name),
          plan.entity, plan.other_entity, false, field.span));
    }
  }

  // ---- service_state ----

  void BuildServiceState() {
    Table table;
    table.name = "service_state";
    table.kind = TableKind::kServiceState;
    Column id = MakeColumn("id", "", ColumnOrigin::kSynthesizedId,
                           SqlType{SqlTypeKind::kBigInteger}, false, module_.span);
    id.primary_key = true;
    table.columns.push_back(std::move(id));
    table.primary_key = {"id"};
    for (const StateBinding& binding : model_.state) {
      if (binding.storage == StateStorage::kScalarColumn) {
        Column column = MakeColumn(binding.column, binding.name, ColumnOrigin::kStateScalar,
                                   SqlType{SqlTypeKind::kBigInteger}, false, binding.span);
        column.server_default.kind = DefaultKind::kLiteral;
        column.server_default.literal = std::to_string(*binding.seed);
        table.columns.push_back(std::move(column));
      } else if (binding.storage == StateStorage::kStateColumn) {
        const ir::Type& type = Unwrap(binding.type);
        Column column;
        if (type.IsCollection()) {
          column = MakeColumn(binding.column, binding.name, ColumnOrigin::kStateScalar,
                              SqlType{SqlTypeKind::kJson}, false, binding.span);
          column.server_default.kind =
              type.kind == TypeKind::kSet || type.kind == TypeKind::kSeq ? DefaultKind::kEmptyList
                                                                        : DefaultKind::kEmptyMap;
        } else {
          Constraints none;
          column = MakeColumn(binding.column, binding.name, ColumnOrigin::kStateScalar,
                              ScalarSqlType(module_, type, in_.dialect, none, false), true,
                              binding.span);
        }
        table.columns.push_back(std::move(column));
      }
    }
    if (table.columns.size() == 1) {
      return;
    }
    for (Column& column : table.columns) {
      Render(column);
    }
    AddCheck(table, "id", CheckKind::kSingleton, "singleton", "id = 1", "id = 1",
             ConstraintOrigin::kRefinement, {});
    model_.schema.tables.push_back(std::move(table));
    model_.has_service_state = true;
  }

  const SchemaInputs& in_;
  const ir::Module& module_;
  ServiceModel& model_;
  std::vector<diag::Diagnostic>& diags_;
  ValidationReducer reducer_;
  std::vector<PkInfo> pks_;
  std::vector<StatePlan> plans_;
  std::vector<std::pair<std::size_t, std::size_t>> junction_fields_;
  std::vector<std::pair<std::size_t, std::string>> state_junctions_;
};

}  // namespace

void BuildSchema(const SchemaInputs& inputs, ServiceModel& model,
                 std::vector<diag::Diagnostic>& diagnostics) {
  SchemaBuilder(inputs, model, diagnostics).Run();
}

}  // namespace s2r::convention
