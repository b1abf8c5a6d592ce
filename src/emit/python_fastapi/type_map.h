// Python / SQLAlchemy spellings of spec types and schema columns, per dialect (§5 of
// docs/emit-context.md).
#pragma once

#include <string>

#include "convention/service_model.h"
#include "emit/python_fastapi/imports.h"
#include "ir/types.h"

namespace s2r::emit::python_fastapi {

// Python annotation of a spec type: `str`, `int`, `datetime.datetime`, `<Enum>Value`,
// `list[str]`, `T | None`. Records what it needs (`import datetime`, the enum alias) in
// `imports` when given. Entity-typed values are references: `int`.
[[nodiscard]] std::string PyType(const ir::Type& type, ImportBlock* imports = nullptr);

// Python type of a column's stored value, for `Mapped[...]` (enums as `str`), without `| None`.
[[nodiscard]] std::string ColumnPyType(const convention::Column& column, const ir::Type* field_type);

struct ColumnTypes {
  std::string orm;  // first mapped_column argument
  std::string ddl;  // op.create_table type
};
[[nodiscard]] ColumnTypes SqlAlchemyTypes(const convention::Column& column,
                                          convention::Dialect dialect);

// Server default expression (`sa.func.now()`...) or empty.
[[nodiscard]] std::string ServerDefault(const convention::Column& column,
                                        convention::Dialect dialect);

// `postgresql`, `sqlite`, `mysql`: the `_runtime.DIALECT` / SQLAlchemy dialect name.
[[nodiscard]] std::string SqlAlchemyDialectName(convention::Dialect dialect);

}  // namespace s2r::emit::python_fastapi
