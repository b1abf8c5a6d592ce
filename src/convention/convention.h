// Entry point of the convention phase: ir::Module -> ServiceModel.
#pragma once

#include <vector>

#include "convention/service_model.h"
#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::convention {

struct ConventionOptions {
  // The SQL dialect the schema is derived for (column types, CHECK spellings, limits).
  Dialect dialect = Dialect::kPostgres;
};

// Builds the service model of `module` for `options.dialect`. Reports every convention-rule,
// route, security-reference and schema diagnostic (E06xx) to `sink`; the model is complete even
// when errors were reported (invalid overrides fall back to the defaults), but a driver must not
// emit code from a model whose build reported errors. The model points into `module` (see
// service_model.h), so `module` must outlive it.
[[nodiscard]] ServiceModel BuildServiceModel(const ir::Module& module,
                                             const ConventionOptions& options,
                                             diag::DiagnosticSink& sink);

// The resolved success status of each operation (module order), as the model would give it:
// a valid `http_status_success` override, else 204 for DELETE, 201 for create-like kinds, 204
// for delete-like kinds, 200 otherwise. Reports nothing; used by lint L07.
[[nodiscard]] std::vector<int> ResolveSuccessStatuses(const ir::Module& module);

}  // namespace s2r::convention
