// ServiceModel: what the convention engine decides about a spec, as plain data.
//
// The model is built once per (spec, dialect) by convention::BuildServiceModel and is immutable
// afterwards. It names things (classes, modules, tables, routes), maps operations to HTTP
// (method, path, status, parameter placement, request/response shapes), derives the database
// schema for one SQL dialect, says where each piece of spec state lives, and reduces every
// refinement once into validation constraints that pydantic, OpenAPI and SQL CHECKs all share.
//
// Names here are target-neutral spellings (PascalCase, snake_case, kebab-case); target-specific
// escaping (Python keywords, builtins) is the emitter's job, helped by convention/naming.h.
//
// Lifetime: the `const ir::Expr*` members point into the ir::Module the model was built from and
// stay valid only while that module lives. Every other member is owned by value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "ir/expr.h"
#include "ir/types.h"

namespace s2r::convention {

enum class Dialect { kPostgres, kSqlite, kMysql };

// `postgres`, `sqlite`, `mysql` (the spelling of the `--db` flag).
[[nodiscard]] std::string_view DialectName(Dialect dialect);

// ---------------------------------------------------------------------------------------------
// Validation: one reduction of refinements (alias chains, field `where`, single-field entity
// invariants) shared by the API layer, OpenAPI and the DB CHECKs (DECISIONS item 4).

// Where a constraint came from.
enum class ConstraintOrigin {
  kRefinement,   // a `where` on a type alias (any link of the chain) or on the field itself
  kInvariant,    // an entity `invariant:` that constrains this field alone (`price > 0`)
  kPrecondition, // a `requires` atom of the operation on this input alone (`len(title) <= 200`)
  kColumnWidth,  // the range of the SQL integer column (INTEGER/BIGINT); API-only, no CHECK
  kDialectLimit, // a dialect storage limit (MySQL VARCHAR(255)/TEXT); API-only, no CHECK
};

[[nodiscard]] std::string_view OriginName(ConstraintOrigin origin);

// A numeric bound. `value` is the literal's decimal text (`0`, `-1`, `100.0`); `exclusive` is
// true for `>`/`<`. Integer bounds keep the operator as written (`value > 0` stays exclusive 0);
// use InclusiveInt() when an inclusive integer is needed.
struct NumericBound {
  std::string value;
  bool exclusive = false;
  bool integer = true;  // false when the literal is a float
  ConstraintOrigin origin = ConstraintOrigin::kRefinement;
  Span span;            // the atom it came from; invalid for synthesized limits

  // The tightest inclusive integer equivalent (`> 0` -> 1 for a minimum). Only for integer bounds.
  [[nodiscard]] std::int64_t InclusiveInt(bool is_minimum) const;
};

// A length bound, always inclusive: characters for strings, elements for collections.
struct LengthBound {
  std::int64_t value = 0;
  ConstraintOrigin origin = ConstraintOrigin::kRefinement;
  Span span;
};

// A regular expression the whole value must match (the spec's `matches` means a full match, as
// in the verifier; consumers that search, such as SQL `~`, wrap it as `^(?:p)$`).
struct Pattern {
  std::string regex;      // the spec literal, `\/` already unescaped
  std::string predicate;  // the predicate it was inlined from (`isValidURI`), or empty
  ConstraintOrigin origin = ConstraintOrigin::kRefinement;
  Span span;              // the `matches` (or the predicate call) in the spec
};

// A refinement atom that the reduction cannot express as a bound, length, pattern or value set
// (e.g. `value != 3`, `line_total = unit_price * quantity`). Needs a runtime check.
struct RuntimeCheck {
  const ir::Expr* expr = nullptr;  // the atom, with `value`/the field as its subject
  std::string text;                // a readable rendering of the atom
  ConstraintOrigin origin = ConstraintOrigin::kRefinement;
  Span span;
};

// Constraints on one value. Empty optionals mean "unconstrained".
struct Constraints {
  std::optional<NumericBound> minimum;
  std::optional<NumericBound> maximum;
  std::optional<LengthBound> min_length;
  std::optional<LengthBound> max_length;
  // Every pattern must match. Declaration order, outermost alias first, duplicates removed.
  std::vector<Pattern> patterns;
  // Allowed values (enum members or a `value in {..}` literal set), in order; empty = any.
  std::vector<std::string> allowed_values;
  bool allowed_values_are_strings = true;
  std::string enum_name;  // set when allowed_values are an enum's members
  Span allowed_values_span;
  std::vector<RuntimeCheck> runtime_checks;
  // The bounds contradict each other (min > max); no value satisfies them.
  bool unsatisfiable = false;

  [[nodiscard]] bool Empty() const;
};

// Validation of a field, parameter or output. For collections, `value` constrains the collection
// (lengths = element counts) and `element` each element. Option is looked through: the
// constraints apply to the value when present.
struct Validation {
  Constraints value;
  Constraints element;
  [[nodiscard]] bool Empty() const { return value.Empty() && element.Empty(); }
};

// ---------------------------------------------------------------------------------------------
// Database schema (for the model's dialect).

enum class SqlTypeKind {
  kText, kVarchar, kInteger, kBigInteger, kDouble, kBoolean, kTimestamp, kDate, kUuid, kNumeric,
  kBytes, kJson,
};

struct SqlType {
  SqlTypeKind kind = SqlTypeKind::kText;
  int length = 0;          // kVarchar
  int precision = 0;       // kNumeric
  int scale = 0;           // kNumeric
  bool timezone = false;   // kTimestamp: timezone-aware (PostgreSQL TIMESTAMPTZ)

  friend bool operator==(const SqlType&, const SqlType&) = default;
};

// The SQL spelling of `type` in `dialect` (`TEXT`, `VARCHAR(20)`, `BIGSERIAL`, `JSONB`,
// `TIMESTAMPTZ`, `DATETIME`...). `autoincrement` selects the serial spellings on PostgreSQL.
[[nodiscard]] std::string RenderSqlType(const SqlType& type, Dialect dialect, bool autoincrement);

// Why a column exists.
enum class ColumnOrigin {
  kField,           // a spec field (possibly renamed `<field>_id` when typed by an entity)
  kSynthesizedId,   // `id` added because the entity declares none
  kTimestamp,       // created_at / updated_at added because db_timestamps is not false
  kStateRelation,   // `<a>_id` added for a state relation `A -> one|lone B` (both entities)
  kJunctionKey,     // a key column of a junction table
  kStateScalar,     // a column of the service_state singleton
  kPosition,        // ordering column of a Seq junction table
};

enum class DefaultKind { kNone, kNow, kEmptyList, kEmptyMap, kLiteral };

struct ColumnDefault {
  DefaultKind kind = DefaultKind::kNone;
  std::string literal;  // kLiteral: the SQL literal (an integer seed)
  std::string sql;      // the server default in the model's dialect (`NOW()`, `'[]'::jsonb`)
};

struct Column {
  std::string name;              // SQL column name
  std::string field;             // the spec field or state field it stores; empty if synthesized
  ColumnOrigin origin = ColumnOrigin::kField;
  SqlType type;
  std::string sql_type;          // RenderSqlType(type, dialect, autoincrement)
  std::string canonical_sql_type;  // the PostgreSQL spelling (dialect-neutral snapshot form)
  bool nullable = false;
  bool primary_key = false;
  bool autoincrement = false;    // the database generates values (synthesized ids only)
  bool unique = false;           // a single-column UNIQUE constraint exists (see Table::uniques)
  ColumnDefault server_default;
  bool on_update_now = false;    // updated_at: refreshed on every UPDATE
  std::optional<std::size_t> foreign_key;  // index into Table::foreign_keys
  Span span;
};

enum class ForeignKeyInference {
  kFieldName,      // `<entity_snake>_id` names an entity
  kFieldType,      // the field is typed by an entity; the column is `<field>_id`
  kStateRelation,  // state `A -> one|lone B`
  kJunction,       // a junction table key
};

struct ForeignKey {
  std::string name;          // fk_<table>_<column>
  std::string column;
  std::string ref_entity;    // empty for the service_state table (never referenced)
  std::string ref_table;     // honours the referenced entity's db_table
  std::string ref_column;    // its primary key column (`id`)
  std::string on_delete;     // `CASCADE` (or `SET NULL` for a nullable state-relation column)
  ForeignKeyInference inferred_by = ForeignKeyInference::kFieldName;
  Span span;
};

enum class CheckKind { kMinimum, kMaximum, kMinLength, kMaxLength, kPattern, kAllowedValues, kSingleton };

struct CheckConstraint {
  std::string name;          // ck_<table>_<column>_<kind>[_<n>]; stable across unrelated edits
  std::string column;
  CheckKind kind = CheckKind::kMinimum;
  std::string sql;           // in the model's dialect; empty when !supported
  std::string canonical_sql; // PostgreSQL spelling
  // False when the dialect cannot express it (regex on SQLite); the API still validates.
  bool supported = true;
  ConstraintOrigin origin = ConstraintOrigin::kRefinement;
  Span span;
};

struct UniqueConstraint {
  std::string name;          // uq_<table>_<columns>
  std::vector<std::string> columns;
  std::string reason;        // e.g. `key of state relation store`
  Span span;
};

struct Index {
  std::string name;          // idx_<table>_<cols>[_partial]
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  // Partial-index filter (SQL). Empty when none, or when the dialect cannot express it (then
  // `degraded` is true and the index is a plain one).
  std::string where;
  bool degraded = false;
  Span span;
};

enum class TableKind { kEntity, kJunction, kServiceState };

struct Table {
  std::string name;
  TableKind kind = TableKind::kEntity;
  std::string entity;  // kEntity: the entity; kJunction: `A_B`; kServiceState: empty
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  std::vector<ForeignKey> foreign_keys;
  std::vector<UniqueConstraint> uniques;
  std::vector<CheckConstraint> checks;
  std::vector<Index> indexes;
  Span span;

  [[nodiscard]] const Column* FindColumn(std::string_view column) const;
};

enum class AggregateKind { kSum, kCount, kMin, kMax };

// A trigger that keeps an aggregate column in step with child rows, from an entity invariant
// `tgt = sum(coll, x => x.f)` (or count/min/max) over a child collection.
struct AggregateTrigger {
  std::string name;           // trg_recalc_<parent_snake>_<target>
  std::string function_name;  // recalc_<parent_snake>_<target>
  std::string target_table;
  std::string target_column;
  std::string source_table;
  std::string source_fk_column;
  AggregateKind aggregate = AggregateKind::kSum;
  std::string source_column;  // empty for count
  Span span;
};

struct DatabaseSchema {
  // Entity tables (entity order), then junction tables, then service_state if present.
  std::vector<Table> tables;
  std::vector<AggregateTrigger> triggers;

  [[nodiscard]] const Table* FindTable(std::string_view name) const;
};

// ---------------------------------------------------------------------------------------------
// Entities (resources).

// How a spec field of an entity is stored.
enum class FieldStorage {
  kColumn,      // one column (scalars, enums, Option, entity references as `<field>_id`)
  kJsonColumn,  // Set/Seq/Map of scalars: one JSON column
  kChildRows,   // Set/Seq[Child] where Child has exactly one FK back here: no column
  kJunction,    // Set/Seq[Other] without a back reference: a junction table
};

struct EntityField {
  std::string name;            // spec name
  std::string column;          // column name (empty for kChildRows/kJunction)
  ir::Type type;               // as declared (alias kept)
  FieldStorage storage = FieldStorage::kColumn;
  bool nullable = false;       // Option (after alias resolution)
  bool is_id = false;          // the primary key field
  bool sensitive = false;      // password/secret/token-like: write-only in the API
  std::string ref_entity;      // entity referenced (entity-typed field, FK-by-name, collection)
  std::string child_fk_column; // kChildRows: the child's FK column pointing here
  std::string junction_table;  // kJunction
  Validation validation;
  Span span;
};

struct Entity {
  std::string name;            // PascalCase, as declared (also the model class)
  std::string snake;           // module name: models/<snake>, schemas/<snake>, services/<snake>
  std::string kebab;
  std::string plural_snake;    // router module and default table name (honours `plural`)
  std::string plural_kebab;    // default URL segment
  std::string table;           // honours `db_table`
  std::string create_schema;   // <E>Create
  std::string read_schema;     // <E>Read
  std::string update_schema;   // <E>Update
  std::string service_class;   // <E>Service
  std::string router_module;   // plural_snake
  std::string tag;             // snake
  std::string primary_key;     // the PK column (`id`)
  bool synthesized_id = false; // no `id` field: a database-generated one is added
  bool timestamps = true;      // created_at/updated_at columns are synthesized when missing
  std::vector<EntityField> fields;
  // Entity invariants that are not single-field constraints (runtime checks on write).
  std::vector<RuntimeCheck> invariant_checks;
  std::vector<std::size_t> operations;  // indices into ServiceModel::operations
  // The state fields this entity backs (names), in state order.
  std::vector<std::string> state_fields;
  std::size_t table_index = 0;
  Span span;

  [[nodiscard]] const EntityField* FindField(std::string_view field) const;
};

struct EnumModel {
  std::string name;
  std::string snake;
  std::vector<std::string> values;
  Span span;
};

// ---------------------------------------------------------------------------------------------
// State: where each `state` field lives.

enum class StateStorage {
  // `K -> one|lone E` / Set[E] / Seq[E] with E an entity: rows of E's table, looked up by
  // `key_column` (a relation) or all rows (a collection; Seq ordered by the primary key).
  kEntityRows,
  // `K -> lone V` with V not an entity, backed by an entity that has a field of type K and one of
  // type V (url_shortener's store over UrlMapping.code/url).
  kEntityColumns,
  // Int scalar with a derivable seed: a column of the service_state singleton row.
  kScalarColumn,
  // Any other value written by some operation (non-Int scalars, Option, collections of scalars,
  // relations no entity backs): a nullable typed column (scalars) or a JSON column
  // (collections) of service_state.
  kStateColumn,
  // A scalar no operation writes (e.g. base_url): a configuration setting, read-only at runtime.
  kSetting,
  // `A -> one|lone B` between entities: a `<a>_id` column on B's table.
  kForeignKeyColumn,
  // `A -> set|some B` between entities: a junction table.
  kJunctionTable,
};

struct StateBinding {
  std::string name;           // the state field
  ir::Type type;
  StateStorage storage = StateStorage::kSetting;
  std::string entity;         // kEntityRows/kEntityColumns/kForeignKeyColumn: the backing entity
  std::string table;          // the table holding it
  std::string key_column;     // relation key column (kEntityRows relation, kEntityColumns, ...)
  std::string key_field;      // the entity field that is the key
  std::string value_column;   // kEntityColumns: the value column; kForeignKeyColumn: the FK
  std::string value_field;
  std::string column;         // kScalarColumn/kStateColumn: the service_state column
  std::string setting;        // kSetting: the setting name (snake)
  std::optional<std::int64_t> seed;  // kScalarColumn: initial value
  bool written = false;       // some operation primes it
  Span span;
};

// ---------------------------------------------------------------------------------------------
// Operations.

// The reference's M1-M10 classification (§1.1 of the codegen notes).
enum class OperationKind {
  kCreate,         // M1 POST
  kRead,           // M2 GET
  kReplace,        // M3 PUT
  kPartialUpdate,  // M4 PATCH
  kDelete,         // M5 DELETE
  kCreateChild,    // M6 (never produced; kept for parity)
  kFilteredRead,   // M7 GET with more than three Option inputs
  kSideEffect,     // M8 (unreachable in the reference's tree; kept for parity)
  kBatchMutation,  // M9 POST /<segment>/batch
  kTransition,     // M10 POST /<segment>/{id}/<action>
};

[[nodiscard]] std::string_view KindName(OperationKind kind);  // `Create`, `PartialUpdate`...
[[nodiscard]] std::string_view RuleName(OperationKind kind);  // `M1`...

// The reference's synthesis-strategy label (informational; bodies are always synthesized).
enum class SynthesisStrategy { kDirectEmit, kLlmSynthesis };

enum class HttpMethod { kGet, kPost, kPut, kPatch, kDelete };
[[nodiscard]] std::string_view MethodName(HttpMethod method);  // `GET`...

// What the route does, for choosing a handler shape and documenting responses.
enum class RouteKind {
  kCreate,      // classified Create: inserts a new resource
  kRead,        // read-only, returns one resource or computed values
  kList,        // read-only, returns a collection of resources (query params are filters)
  kUpdate,      // Replace / PartialUpdate
  kDelete,      // classified Delete
  kTransition,  // a state-machine transition (via)
  kRedirect,    // success status 301/302/303/307/308
  kAction,      // anything else (batch, side effects)
};
[[nodiscard]] std::string_view RouteKindName(RouteKind kind);

// Where a decision came from.
enum class Provenance { kDefault, kConvention };

enum class ParamLocation { kPath, kQuery, kBody };
[[nodiscard]] std::string_view LocationName(ParamLocation location);

struct Parameter {
  std::string name;          // the input name (also the wire name)
  ir::Type type;
  ParamLocation location = ParamLocation::kBody;
  bool required = true;      // false for Option inputs
  bool sensitive = false;
  Validation validation;
  Span span;
};

enum class RequestBodyKind {
  kNone,
  kEntityCreate,  // the body params are exactly the target entity's non-id fields: <E>Create
  kOperation,     // <Op>Request with the body params
};

struct RequestBody {
  RequestBodyKind kind = RequestBodyKind::kNone;
  std::string schema;              // <E>Create or <Op>Request; empty for kNone
  std::vector<std::string> fields; // body parameter names, declaration order
};

enum class ResponseKind {
  kNoContent,   // 204: no body
  kEmpty,       // no outputs and a status that allows a body: `null`
  kEntity,      // one output typed by an entity: <E>Read
  kEntityList,  // one output Set/Seq of an entity: list of <E>Read
  kOutputs,     // any other outputs: <Op>Response object, one property per output
  kRedirect,    // 3xx with a Location header
};
[[nodiscard]] std::string_view ResponseKindName(ResponseKind kind);

struct ResponseHeader {
  std::string name;                  // e.g. `Location`
  std::string output;                // the output it carries (`output.url` -> `url`), if any
  const ir::Expr* expr = nullptr;    // the convention value expression
  Span span;
};

struct Response {
  ResponseKind kind = ResponseKind::kEmpty;
  std::string schema;                  // <E>Read or <Op>Response; empty otherwise
  std::string entity;                  // kEntity/kEntityList
  std::vector<std::string> outputs;    // output names carried in the body, declaration order
  std::string location_output;         // kRedirect: the output holding the URL
  std::vector<ResponseHeader> headers; // from `http_header` conventions
  // Sensitive fields this answer shows anyway because the operation generated them (set by a
  // target from the synthesis plan; `schema` is then <E>WithSecrets).
  std::vector<std::string> revealed;
};

struct Operation {
  std::string name;            // as declared (PascalCase)
  std::string snake;           // handler / operationId (raw; escape with naming.h helpers)
  std::string kebab;
  std::size_t ir_index = 0;    // index into ir::Module::operations

  OperationKind kind = OperationKind::kRead;
  SynthesisStrategy strategy = SynthesisStrategy::kLlmSynthesis;
  // The entity the operation acts on (§1.1 target entity); empty for service-level operations.
  std::string entity;
  std::optional<std::size_t> entity_index;
  // A scalar-state operation (§1.10): no entity, only service_state counters.
  bool scalar_op = false;
  // The guards of the body, set by a target from the synthesis plan for the documented
  // responses: 404 (`k in R` false, even without a path parameter), 409 (a state condition, on
  // any method) and 422 with a string detail (a condition on the inputs alone, on any method).
  bool answers_not_found = false;
  bool answers_conflict = false;
  bool answers_invalid = false;

  HttpMethod method = HttpMethod::kGet;
  Provenance method_from = Provenance::kDefault;
  std::string path;            // FastAPI-style template, placeholders `{name}`
  Provenance path_from = Provenance::kDefault;
  int status = 200;            // success status
  Provenance status_from = Provenance::kDefault;
  RouteKind route_kind = RouteKind::kAction;

  std::vector<std::string> path_params;  // placeholder order in `path`
  std::vector<Parameter> params;         // every input, declaration order, with its location
  RequestBody request;
  Response response;

  std::string router_module;   // entity router module, or `state_ops` for service-level ops
  std::string tag;             // entity snake, or `state`
  // requires_auth: the accepted security schemes, any one suffices (OR). Deduplicated and in
  // the order the security block declares them, so `a, b` and `b, a` are the same set; names
  // not declared are left out (they are diagnosed, E0629). Empty = no authentication.
  std::vector<std::string> auth;
  Span span;

  [[nodiscard]] const Parameter* FindParam(std::string_view param) const;
};

// How a request proves it may call an operation (authentication only; no identity reaches the
// handler). A Bearer scheme whose bearer_format is `JWT` (any case) carries signed tokens the
// service verifies; any other Bearer scheme carries an opaque token compared with a configured
// value.
enum class SecurityKind { kBearerJwt, kBearerToken, kApiKey, kBasic };
// Where an ApiKey travels.
enum class ApiKeyLocation { kHeader, kQuery, kCookie };

// `Bearer`, `ApiKey`, `Basic` (the spec's spelling; both Bearer kinds are `Bearer`).
[[nodiscard]] std::string_view SecurityKindName(SecurityKind kind);
// `header`, `query`, `cookie` (OpenAPI's `in`).
[[nodiscard]] std::string_view ApiKeyLocationName(ApiKeyLocation location);

struct SecuritySchemeModel {
  std::string name;            // as declared (an identifier); the OpenAPI scheme name
  std::string snake;           // settings and dependency names (`auth_key_<snake>`)
  SecurityKind kind = SecurityKind::kBearerToken;
  std::string bearer_format;   // Bearer only; empty when not given
  ApiKeyLocation location = ApiKeyLocation::kHeader;  // ApiKey only
  std::string parameter_name;  // ApiKey only: header, query parameter or cookie name
  Span span;
};

struct ServiceModel {
  std::string name;            // PascalCase service name
  std::string snake;           // DB user/name, sqlite file, OTEL service name
  std::string kebab;           // project name
  Dialect dialect = Dialect::kPostgres;
  std::string source_name;     // the spec path

  std::vector<Entity> entities;  // declaration order
  std::vector<EnumModel> enums;
  std::vector<StateBinding> state;
  std::vector<Operation> operations;  // declaration order
  // Indices into `operations` in registration order: for each path, static segments before
  // placeholders, so no route can shadow a more specific one. Stable otherwise.
  std::vector<std::size_t> route_order;
  std::vector<SecuritySchemeModel> security;  // declaration order
  DatabaseSchema schema;
  bool has_service_state = false;  // schema has a service_state table

  [[nodiscard]] const Entity* FindEntity(std::string_view entity) const;
  [[nodiscard]] const Operation* FindOperation(std::string_view operation) const;
  [[nodiscard]] const StateBinding* FindState(std::string_view state_field) const;
  // Null when no scheme of that name is declared.
  [[nodiscard]] const SecuritySchemeModel* FindSecurity(std::string_view scheme) const;
};

}  // namespace s2r::convention
