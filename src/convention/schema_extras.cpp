// Schema passes: CHECKs from reduced constraints, aggregate triggers, name checks.
#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "convention/schema_internal.h"
#include "convention/sql.h"

namespace s2r::convention {

using ir::Expr;
using ir::ExprKind;

void AddCheck(Table& table, const std::string& column, CheckKind kind, std::string suffix,
              std::string sql, std::string canonical, ConstraintOrigin origin, Span span) {
  CheckConstraint check;
  check.name = LimitIdentifier(fmt::format("ck_{}_{}_{}", table.name, column, suffix));
  check.column = column;
  check.kind = kind;
  check.supported = !sql.empty();
  check.sql = std::move(sql);
  check.canonical_sql = std::move(canonical);
  check.origin = origin;
  check.span = span;
  for (const CheckConstraint& existing : table.checks) {
    if (existing.canonical_sql == check.canonical_sql) {
      return;
    }
  }
  table.checks.push_back(std::move(check));
}

namespace {

// Refinements, single-field invariants (and preconditions) are data rules the database keeps;
// column-width and dialect limits only guard the API.
bool Enforced(ConstraintOrigin origin) {
  return origin == ConstraintOrigin::kRefinement || origin == ConstraintOrigin::kInvariant;
}

}  // namespace

void AddValidationChecks(Table& table, const std::string& column_name, const Constraints& c,
                         Dialect d) {
  std::string col = QuoteSqlIdentifier(column_name, d);
  std::string pg_col = QuoteSqlIdentifier(column_name, Dialect::kPostgres);
  if (!c.allowed_values.empty()) {
    AddCheck(table, column_name, CheckKind::kAllowedValues, "allowed",
             CheckAllowedSql(col, c, d), CheckAllowedSql(pg_col, c, Dialect::kPostgres),
             ConstraintOrigin::kRefinement, c.allowed_values_span);
  }
  if (c.minimum && Enforced(c.minimum->origin)) {
    AddCheck(table, column_name, CheckKind::kMinimum, "min", CheckBoundSql(col, *c.minimum, true),
             CheckBoundSql(pg_col, *c.minimum, true), c.minimum->origin, c.minimum->span);
  }
  if (c.maximum && Enforced(c.maximum->origin)) {
    AddCheck(table, column_name, CheckKind::kMaximum, "max",
             CheckBoundSql(col, *c.maximum, false), CheckBoundSql(pg_col, *c.maximum, false),
             c.maximum->origin, c.maximum->span);
  }
  if (c.min_length && Enforced(c.min_length->origin)) {
    AddCheck(table, column_name, CheckKind::kMinLength, "min_length",
             CheckLengthSql(col, c.min_length->value, true, d),
             CheckLengthSql(pg_col, c.min_length->value, true, Dialect::kPostgres),
             c.min_length->origin, c.min_length->span);
  }
  if (c.max_length && Enforced(c.max_length->origin)) {
    AddCheck(table, column_name, CheckKind::kMaxLength, "max_length",
             CheckLengthSql(col, c.max_length->value, false, d),
             CheckLengthSql(pg_col, c.max_length->value, false, Dialect::kPostgres),
             c.max_length->origin, c.max_length->span);
  }
  for (std::size_t i = 0; i < c.patterns.size(); ++i) {
    const Pattern& pattern = c.patterns[i];
    std::string suffix = i == 0 ? "pattern" : fmt::format("pattern_{}", i + 1);
    AddCheck(table, column_name, CheckKind::kPattern, suffix,
             CheckPatternSql(col, pattern.regex, d),
             CheckPatternSql(pg_col, pattern.regex, Dialect::kPostgres), pattern.origin,
             pattern.span);
  }
}


void DetectAggregateTriggers(const ir::Module& module, ServiceModel& model) {
  for (std::size_t p = 0; p < module.entities.size(); ++p) {
    const ir::Entity& parent = module.entities[p];
    for (const Expr& invariant : parent.invariants) {
      if (invariant.kind != ExprKind::kBinary || invariant.binary_op != BinaryOp::kEq ||
          !IsIdentifier(invariant.Left())) {
        continue;
      }
      const Expr& call = invariant.Right();
      std::string_view fn = CalleeName(call);
      AggregateKind kind;
      if (fn == "sum") kind = AggregateKind::kSum;
      else if (fn == "count") kind = AggregateKind::kCount;
      else if (fn == "min") kind = AggregateKind::kMin;
      else if (fn == "max") kind = AggregateKind::kMax;
      else continue;
      if (CallArity(call) < 1 || !IsIdentifier(CallArg(call, 0))) {
        continue;
      }
      const EntityField* target = model.entities[p].FindField(invariant.Left().text);
      const EntityField* collection = model.entities[p].FindField(CallArg(call, 0).text);
      if (target == nullptr || target->column.empty() || collection == nullptr ||
          collection->storage != FieldStorage::kChildRows) {
        continue;
      }
      std::size_t child = 0;
      while (child < model.entities.size() &&
             model.entities[child].name != collection->ref_entity) {
        ++child;
      }
      if (child == model.entities.size()) {
        continue;
      }
      std::string source_column;
      if (CallArity(call) >= 2) {
        const Expr& lambda = CallArg(call, 1);
        if (lambda.kind != ExprKind::kLambda || lambda.operands.empty() ||
            lambda.operands[0].kind != ExprKind::kFieldAccess ||
            !IsIdentifier(lambda.operands[0].Operand(), lambda.text)) {
          continue;
        }
        const EntityField* source = model.entities[child].FindField(lambda.operands[0].text);
        if (source == nullptr || source->column.empty()) {
          continue;
        }
        source_column = source->column;
      } else if (kind != AggregateKind::kCount) {
        continue;
      }
      std::string parent_snake = ToSnakeCase(parent.name);
      AggregateTrigger trigger;
      trigger.name = LimitIdentifier(fmt::format("trg_recalc_{}_{}", parent_snake, target->column));
      trigger.function_name =
          LimitIdentifier(fmt::format("recalc_{}_{}", parent_snake, target->column));
      trigger.target_table = model.entities[p].table;
      trigger.target_column = target->column;
      trigger.source_table = model.entities[child].table;
      trigger.source_fk_column = collection->child_fk_column;
      trigger.aggregate = kind;
      trigger.source_column = source_column;
      trigger.span = invariant.span;
      model.schema.triggers.push_back(std::move(trigger));
    }
  }
}

void CheckSchemaNames(ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics) {
  const std::vector<Table>& tables = model.schema.tables;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const Table& table = tables[i];
    if (table.kind == TableKind::kEntity) {
      for (std::string_view reserved : {"alembic_version", "service_state"}) {
        if (table.name == reserved &&
            (reserved == "alembic_version" || model.has_service_state)) {
          diagnostics.push_back(diag::ReservedTableName(
              table.span, table.entity, table.name,
              reserved == "alembic_version" ? "Alembic's migration history"
                                            : "the service's scalar state"));
        }
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (tables[j].name == table.name) {
        diagnostics.push_back(diag::NameCollision(table.span, "entities", tables[j].entity,
                                             table.entity,
                                             fmt::format("the table `{}`", table.name)));
      }
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      for (std::size_t d = 0; d < c; ++d) {
        if (table.columns[c].name == table.columns[d].name) {
          std::string first = table.columns[d].field.empty() ? table.columns[d].name
                                                             : table.columns[d].field;
          std::string second = table.columns[c].field.empty() ? table.columns[c].name
                                                              : table.columns[c].field;
          diagnostics.push_back(diag::NameCollision(
              table.columns[c].span, "fields", first, second,
              fmt::format("the column `{}.{}`", table.name, table.columns[c].name)));
        }
      }
    }
  }
}

}  // namespace s2r::convention
