#include "emit/python_fastapi/type_map.h"

#include <fmt/format.h>

namespace s2r::emit::python_fastapi {

using convention::Dialect;
using convention::SqlTypeKind;

std::string PyType(const ir::Type& type, ImportBlock* imports) {
  switch (type.kind) {
    case ir::TypeKind::kBool:
      return "bool";
    case ir::TypeKind::kInt:
    case ir::TypeKind::kEntity:
      return "int";
    case ir::TypeKind::kFloat:
      return "float";
    case ir::TypeKind::kString:
      return "str";
    case ir::TypeKind::kDateTime:
      if (imports) imports->Import("datetime");
      return "datetime.datetime";
    case ir::TypeKind::kDuration:
      if (imports) imports->Import("datetime");
      return "datetime.timedelta";
    case ir::TypeKind::kUuid:
      if (imports) imports->Import("uuid");
      return "uuid.UUID";
    case ir::TypeKind::kEnum:
      if (imports) imports->From("app.schemas.enums", type.name + "Value");
      return type.name + "Value";
    case ir::TypeKind::kSet:
    case ir::TypeKind::kSeq:
      return fmt::format("list[{}]",
                         type.args.empty() ? std::string("str") : PyType(type.args[0], imports));
    case ir::TypeKind::kOption: {
      std::string inner = type.args.empty() ? std::string("str") : PyType(type.args[0], imports);
      return inner + " | None";
    }
    case ir::TypeKind::kMap:
    case ir::TypeKind::kRelation:
      if (type.args.size() == 2) {
        std::string key = PyType(type.args[0], imports);
        std::string value = PyType(type.args[1], imports);
        return fmt::format("dict[{}, {}]", key, value);
      }
      return "dict[str, str]";
    default:
      return "str";
  }
}

std::string ColumnPyType(const convention::Column& column, const ir::Type* field_type) {
  switch (column.type.kind) {
    case SqlTypeKind::kText:
    case SqlTypeKind::kVarchar:
      return "str";
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigInteger:
      return "int";
    case SqlTypeKind::kDouble:
      return "float";
    case SqlTypeKind::kBoolean:
      return "bool";
    case SqlTypeKind::kTimestamp:
      return "datetime.datetime";
    case SqlTypeKind::kDate:
      return "datetime.date";
    case SqlTypeKind::kUuid:
      return "uuid.UUID";
    case SqlTypeKind::kNumeric:
      return "decimal.Decimal";
    case SqlTypeKind::kBytes:
      return "bytes";
    case SqlTypeKind::kJson: {
      if (field_type != nullptr) {
        const ir::Type* t = field_type;
        if (t->kind == ir::TypeKind::kOption && !t->args.empty()) {
          t = &t->args[0];
        }
        // Enums are plain strings in the model layer (models never import schemas).
        auto scalar = [](const ir::Type& e) -> std::string {
          if (e.kind == ir::TypeKind::kEnum) return "str";
          if (e.kind == ir::TypeKind::kDateTime) return "str";
          return PyType(e, nullptr);
        };
        if ((t->kind == ir::TypeKind::kSet || t->kind == ir::TypeKind::kSeq) && !t->args.empty()) {
          return fmt::format("list[{}]", scalar(t->args[0]));
        }
        if ((t->kind == ir::TypeKind::kMap || t->kind == ir::TypeKind::kRelation) &&
            t->args.size() == 2) {
          return fmt::format("dict[str, {}]", scalar(t->args[1]));
        }
      }
      return "list[str]";
    }
  }
  return "str";
}

ColumnTypes SqlAlchemyTypes(const convention::Column& column, Dialect dialect) {
  const convention::SqlType& t = column.type;
  switch (t.kind) {
    case SqlTypeKind::kText:
      return {"sa.Text()", "sa.Text()"};
    case SqlTypeKind::kVarchar: {
      std::string s = fmt::format("sa.String(length={})", t.length);
      return {s, s};
    }
    case SqlTypeKind::kInteger:
      return {"sa.Integer()", "sa.Integer()"};
    case SqlTypeKind::kBigInteger:
      if (column.autoincrement && dialect == Dialect::kSqlite) {
        return {"sa.Integer()", "sa.Integer()"};  // rowid alias; BIGINT would not autoincrement
      }
      return {"sa.BigInteger()", "sa.BigInteger()"};
    case SqlTypeKind::kDouble:
      return {"sa.Double()", "sa.Double()"};
    case SqlTypeKind::kBoolean:
      return {"sa.Boolean()", "sa.Boolean()"};
    case SqlTypeKind::kTimestamp:
      switch (dialect) {
        case Dialect::kPostgres:
          return {"UtcDateTime()", "sa.DateTime(timezone=True)"};
        case Dialect::kSqlite:
          return {"UtcDateTime()", "sa.DateTime()"};
        case Dialect::kMysql:
          return {"UtcDateTime()", "mysql.DATETIME(fsp=6)"};
      }
      break;
    case SqlTypeKind::kDate:
      return {"sa.Date()", "sa.Date()"};
    case SqlTypeKind::kUuid:
      return {"sa.Uuid()", "sa.Uuid()"};
    case SqlTypeKind::kNumeric: {
      std::string s = t.precision > 0
                          ? fmt::format("sa.Numeric(precision={}, scale={})", t.precision, t.scale)
                          : std::string("sa.Numeric()");
      return {s, s};
    }
    case SqlTypeKind::kBytes:
      return {"sa.LargeBinary()", "sa.LargeBinary()"};
    case SqlTypeKind::kJson:
      if (dialect == Dialect::kPostgres) {
        return {"postgresql.JSONB()", "postgresql.JSONB()"};
      }
      return {"sa.JSON()", "sa.JSON()"};
  }
  return {"sa.Text()", "sa.Text()"};
}

std::string ServerDefault(const convention::Column& column, Dialect dialect) {
  switch (column.server_default.kind) {
    case convention::DefaultKind::kNone:
      return {};
    case convention::DefaultKind::kNow:
      return dialect == Dialect::kMysql ? "sa.text(\"CURRENT_TIMESTAMP(6)\")" : "sa.func.now()";
    case convention::DefaultKind::kEmptyList:
      switch (dialect) {
        case Dialect::kPostgres:
          return "sa.text(\"'[]'::jsonb\")";
        case Dialect::kSqlite:
          return "sa.text(\"'[]'\")";
        case Dialect::kMysql:
          return "sa.text(\"(JSON_ARRAY())\")";
      }
      break;
    case convention::DefaultKind::kEmptyMap:
      switch (dialect) {
        case Dialect::kPostgres:
          return "sa.text(\"'{}'::jsonb\")";
        case Dialect::kSqlite:
          return "sa.text(\"'{}'\")";
        case Dialect::kMysql:
          return "sa.text(\"(JSON_OBJECT())\")";
      }
      break;
    case convention::DefaultKind::kLiteral:
      return fmt::format("sa.text(\"{}\")", column.server_default.literal);
  }
  return {};
}

std::string SqlAlchemyDialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kPostgres:
      return "postgresql";
    case Dialect::kSqlite:
      return "sqlite";
    case Dialect::kMysql:
      return "mysql";
  }
  return "postgresql";
}

}  // namespace s2r::emit::python_fastapi
