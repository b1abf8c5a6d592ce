// SQL spellings per dialect.
#include "convention/sql.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include "convention/schema.h"

namespace s2r::convention {
namespace {

// Words that cannot be bare column names in at least one of PostgreSQL, SQLite, MySQL.
constexpr std::string_view kReserved[] = {
    "add", "all", "alter", "analyze", "and", "any", "array", "as", "asc", "between", "both",
    "by", "case", "cast", "check", "collate", "column", "constraint", "create", "cross",
    "current_date", "current_time", "current_timestamp", "current_user", "default", "delete",
    "desc", "distinct", "div", "do", "drop", "else", "end", "except", "exists", "false",
    "fetch", "for", "foreign", "from", "full", "grant", "group", "having", "if", "in", "index",
    "inner", "insert", "intersect", "interval", "into", "is", "join", "key", "keys", "leading",
    "left", "like", "limit", "localtime", "localtimestamp", "match", "mod", "natural", "not",
    "null", "offset", "on", "only", "or", "order", "outer", "over", "partition", "primary",
    "range", "rank", "read", "references", "regexp", "rename", "replace", "right", "row",
    "rows", "select", "session_user", "set", "show", "some", "table", "then", "to",
    "trailing", "true", "union", "unique", "update", "usage", "user", "using", "values",
    "when", "where", "window", "with", "write"};

}  // namespace

std::string_view DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kPostgres: return "postgres";
    case Dialect::kSqlite: return "sqlite";
    case Dialect::kMysql: return "mysql";
  }
  return "postgres";
}

std::string RenderSqlType(const SqlType& type, Dialect dialect, bool autoincrement) {
  bool pg = dialect == Dialect::kPostgres;
  bool my = dialect == Dialect::kMysql;
  switch (type.kind) {
    case SqlTypeKind::kText: return "TEXT";
    case SqlTypeKind::kVarchar: return fmt::format("VARCHAR({})", type.length);
    case SqlTypeKind::kInteger:
      if (autoincrement && pg) return "SERIAL";
      return my ? "INT" : "INTEGER";
    case SqlTypeKind::kBigInteger:
      if (autoincrement && pg) return "BIGSERIAL";
      // SQLite only auto-generates for an INTEGER PRIMARY KEY (the rowid alias).
      if (autoincrement && dialect == Dialect::kSqlite) return "INTEGER";
      return "BIGINT";
    case SqlTypeKind::kDouble:
      return pg ? "DOUBLE PRECISION" : (my ? "DOUBLE" : "REAL");
    case SqlTypeKind::kBoolean: return "BOOLEAN";
    case SqlTypeKind::kTimestamp:
      if (pg) return type.timezone ? "TIMESTAMPTZ" : "TIMESTAMP";
      return my ? "DATETIME(6)" : "DATETIME";
    case SqlTypeKind::kDate: return "DATE";
    case SqlTypeKind::kUuid: return pg ? "UUID" : "CHAR(32)";
    case SqlTypeKind::kNumeric: return fmt::format("NUMERIC({}, {})", type.precision, type.scale);
    case SqlTypeKind::kBytes: return pg ? "BYTEA" : (my ? "LONGBLOB" : "BLOB");
    case SqlTypeKind::kJson: return pg ? "JSONB" : "JSON";
  }
  return "TEXT";
}

std::string QuoteSqlIdentifier(std::string_view name, Dialect dialect) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(std::begin(kReserved), std::end(kReserved), lower) == std::end(kReserved)) {
    return std::string(name);
  }
  return dialect == Dialect::kMysql ? fmt::format("`{}`", name) : fmt::format("\"{}\"", name);
}

std::string DefaultSql(DefaultKind kind, std::string_view literal, Dialect dialect) {
  switch (kind) {
    case DefaultKind::kNone: return {};
    case DefaultKind::kNow:
      return dialect == Dialect::kPostgres ? "NOW()"
             : dialect == Dialect::kMysql  ? "CURRENT_TIMESTAMP(6)"
                                           : "CURRENT_TIMESTAMP";
    case DefaultKind::kEmptyList:
      return dialect == Dialect::kPostgres ? "'[]'::jsonb"
             : dialect == Dialect::kMysql  ? "(JSON_ARRAY())"
                                           : "'[]'";
    case DefaultKind::kEmptyMap:
      return dialect == Dialect::kPostgres ? "'{}'::jsonb"
             : dialect == Dialect::kMysql  ? "(JSON_OBJECT())"
                                           : "'{}'";
    case DefaultKind::kLiteral: return std::string(literal);
  }
  return {};
}

std::string SqlStringLiteral(std::string_view text, Dialect dialect) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\' && dialect == Dialect::kMysql) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string CheckBoundSql(std::string_view column, const NumericBound& bound, bool is_minimum) {
  std::string_view op = is_minimum ? (bound.exclusive ? ">" : ">=") : (bound.exclusive ? "<" : "<=");
  return fmt::format("{} {} {}", column, op, bound.value);
}

std::string CheckLengthSql(std::string_view column, std::int64_t n, bool is_minimum,
                           Dialect dialect) {
  std::string_view fn = dialect == Dialect::kMysql ? "char_length" : "length";
  return fmt::format("{}({}) {} {}", fn, column, is_minimum ? ">=" : "<=", n);
}

std::string CheckPatternSql(std::string_view column, std::string_view regex, Dialect dialect) {
  std::string anchored = fmt::format("^(?:{})$", regex);
  switch (dialect) {
    case Dialect::kPostgres:
      return fmt::format("{} ~ {}", column, SqlStringLiteral(anchored, dialect));
    case Dialect::kMysql:
      return fmt::format("{} REGEXP {}", column, SqlStringLiteral(anchored, dialect));
    case Dialect::kSqlite:
      return {};
  }
  return {};
}

std::string CheckAllowedSql(std::string_view column, const Constraints& constraints,
                            Dialect dialect) {
  std::string values;
  for (const std::string& value : constraints.allowed_values) {
    if (!values.empty()) {
      values += ", ";
    }
    values += constraints.allowed_values_are_strings ? SqlStringLiteral(value, dialect) : value;
  }
  return fmt::format("{} IN ({})", column, values);
}

}  // namespace s2r::convention
