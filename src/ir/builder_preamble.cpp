// The built-in preamble: predicates every spec may call without declaring them.
#include "base/check.h"
#include "ir/builder_internal.h"
#include "syntax/parse.h"

namespace s2r::ir {
namespace {

// Parsed like user source so its declarations carry real spans; `isValidURI` sits on line 3 and
// `isValidEmail` on line 5, as in the reference's preamble.
constexpr std::string_view kPreambleSource =
    "// Built-in predicates, merged into every spec that does not declare the same name.\n"
    "service Preamble {\n"
    "  predicate isValidURI(s: String) = s matches /^https?:\\/\\/[^\\s\\x00-\\x1f\\x7f]+/\n"
    "\n"
    "  predicate isValidEmail(s: String) = s matches /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/\n"
    "}\n";

}  // namespace

std::vector<Predicate> PreamblePredicates(SourceManager& sources) {
  SourceId source = sources.Add("<preamble>", std::string(kPreambleSource));
  diag::CollectingSink sink;
  syntax::Service service = syntax::Parse(sources, source, sink);
  TypeResolver types(service, sink);
  std::vector<Predicate> predicates;
  for (const syntax::Predicate& predicate : service.predicates) {
    predicates.push_back(ConvertPredicate(predicate, types, sink));
    predicates.back().from_preamble = true;
  }
  S2R_CHECK(!sink.HasErrors());
  return predicates;
}

}  // namespace s2r::ir
