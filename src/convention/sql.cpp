// SQL spellings per dialect.
#include "convention/sql.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include "convention/schema.h"
#include "ir/module.h"

namespace s2r::convention {
namespace {

using ir::TypeKind;

constexpr int kMysqlVarcharDefault = 255;
constexpr int kMysqlIndexedMax = 768;    // 3072-byte InnoDB key / 4 bytes per utf8mb4 char
constexpr int kMysqlTextChars = 16383;   // TEXT: 65535 bytes / 4

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

std::string WrittenTypeName(const ir::Type& type) {
  if (!type.alias.empty()) {
    return type.alias;
  }
  switch (type.kind) {
    case TypeKind::kInt: return "Int";
    case TypeKind::kString: return "String";
    case TypeKind::kBool: return "Bool";
    case TypeKind::kFloat: return "Float";
    case TypeKind::kDateTime: return "DateTime";
    case TypeKind::kDuration: return "Duration";
    case TypeKind::kUuid: return "UUID";
    case TypeKind::kEntity:
    case TypeKind::kEnum: return type.name;
    default: return {};
  }
}

SqlType ScalarSqlType(const ir::Module& module, const ir::Type& type, Dialect dialect,
                      const Constraints& constraints, bool indexed) {
  switch (type.kind) {
    case TypeKind::kString:
    case TypeKind::kUnknown: {
      // Bounded strings are VARCHAR(n) everywhere; unbounded ones TEXT, except MySQL keys and
      // indexed columns, which must be VARCHAR (and carry the matching API limit).
      std::optional<std::int64_t> max;
      if (constraints.max_length &&
          constraints.max_length->origin != ConstraintOrigin::kDialectLimit) {
        max = std::max<std::int64_t>(constraints.max_length->value, 1);
      }
      if (dialect != Dialect::kMysql) {
        return max ? SqlType{SqlTypeKind::kVarchar, static_cast<int>(std::min<std::int64_t>(
                                                        *max, 10485760))}
                   : SqlType{SqlTypeKind::kText};
      }
      if (indexed) {
        int length = max ? static_cast<int>(std::min<std::int64_t>(*max, kMysqlIndexedMax))
                         : kMysqlVarcharDefault;
        return SqlType{SqlTypeKind::kVarchar, length};
      }
      if (max && *max <= kMysqlTextChars) {
        return SqlType{SqlTypeKind::kVarchar, static_cast<int>(*max)};
      }
      return SqlType{SqlTypeKind::kText};
    }
    case TypeKind::kInt: return SqlType{SqlTypeKind::kInteger};
    case TypeKind::kDuration: return SqlType{SqlTypeKind::kBigInteger};
    case TypeKind::kFloat: return SqlType{SqlTypeKind::kDouble};
    case TypeKind::kBool: return SqlType{SqlTypeKind::kBoolean};
    case TypeKind::kDateTime:
      return SqlType{SqlTypeKind::kTimestamp, 0, 0, 0, dialect == Dialect::kPostgres};
    case TypeKind::kUuid: return SqlType{SqlTypeKind::kUuid};
    case TypeKind::kEnum: {
      std::size_t longest = 1;
      if (const ir::Enum* e = module.FindEnum(type.name)) {
        for (const std::string& value : e->values) {
          longest = std::max(longest, value.size());
        }
      }
      return SqlType{SqlTypeKind::kVarchar, static_cast<int>(longest)};
    }
    case TypeKind::kSet:
    case TypeKind::kSeq:
    case TypeKind::kMap:
    case TypeKind::kRelation:
      return SqlType{SqlTypeKind::kJson};
    case TypeKind::kOption:
      return type.args.empty() ? SqlType{SqlTypeKind::kText}
                               : ScalarSqlType(module, type.args[0], dialect, constraints, indexed);
    case TypeKind::kEntity:
      return SqlType{SqlTypeKind::kBigInteger};
    case TypeKind::kNone:
    case TypeKind::kLambda:
      return SqlType{SqlTypeKind::kText};
  }
  return SqlType{SqlTypeKind::kText};
}

void ApplyDialectStringLimit(const SqlType& type, Dialect dialect, Constraints& constraints) {
  if (dialect != Dialect::kMysql) {
    return;
  }
  std::int64_t limit = 0;
  if (type.kind == SqlTypeKind::kVarchar) {
    limit = type.length;
  } else if (type.kind == SqlTypeKind::kText) {
    limit = kMysqlTextChars;
  } else {
    return;
  }
  if (!constraints.max_length || constraints.max_length->value > limit) {
    constraints.max_length = LengthBound{limit, ConstraintOrigin::kDialectLimit, {}};
    if (constraints.min_length && constraints.min_length->value > limit) {
      constraints.unsatisfiable = true;
    }
  }
}

}  // namespace s2r::convention
