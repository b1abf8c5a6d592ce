// Declarations shared by the builder's files (syntax -> IR). Private to src/ir/builder*.cpp: the
// only IR files allowed to see the syntax tree.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "ir/module.h"
#include "syntax/ast.h"

namespace s2r::ir {

// Resolves written types against the spec's declarations: primitive keywords, entities, enums
// and aliases (followed through chains, with `alias` recording the name written). A name that
// declares nothing becomes an opaque kUnknown type that keeps the name; each occurrence is
// reported as warning E0310 (the reference accepts such specs, so it is not an error).
class TypeResolver {
 public:
  // `service` must outlive the resolver.
  TypeResolver(const syntax::Service& service, diag::DiagnosticSink& sink);

  [[nodiscard]] Type Resolve(const syntax::TypeExpr& type);
  // The resolved base of alias `name` (the alias's own name is not recorded on it); kUnknown for
  // an alias that is part of a cycle.
  [[nodiscard]] Type AliasBase(const std::string& name);

 private:
  [[nodiscard]] Type ResolveNamed(const syntax::TypeExpr& type);

  std::unordered_set<std::string> entities_;
  std::unordered_set<std::string> enums_;
  std::unordered_map<std::string, const syntax::TypeAlias*> aliases_;
  std::unordered_map<std::string, Type> alias_bases_;
  std::unordered_set<std::string> resolving_;
  diag::DiagnosticSink& sink_;
};

// Structural copy of a syntax expression (same uniform layout; type and ref left for the
// resolver). Reports E0303 for every string literal holding a non-ASCII character.
[[nodiscard]] Expr ConvertExpr(const syntax::Expr& expr, diag::DiagnosticSink& sink);

// Reports E0303 at `span` when `value` holds a non-ASCII character (the first one is named).
void CheckAsciiString(std::string_view value, Span span, diag::DiagnosticSink& sink);

// The conventions blocks: rules in order, E0302 for every block after the first, E0304 for a rule
// with both a dotted and a string qualifier, E0303 for non-ASCII string qualifiers and values.
void BuildConventions(const std::vector<syntax::Conventions>& blocks, Module& module,
                      diag::DiagnosticSink& sink);

// Validates each security scheme (E0305..E0309, one diagnostic per faulty scheme) and returns the
// valid ones in source order.
[[nodiscard]] std::vector<SecurityScheme> BuildSecurity(
    const std::vector<syntax::SecurityScheme>& schemes, diag::DiagnosticSink& sink);

// Parses the built-in preamble (registered in `sources` as `<preamble>`) and returns its
// predicates, marked `from_preamble`, with unresolved bodies.
[[nodiscard]] std::vector<Predicate> PreamblePredicates(SourceManager& sources);

// Builds one predicate's declaration-level parts (name, params, converted body).
[[nodiscard]] Predicate ConvertPredicate(const syntax::Predicate& predicate, TypeResolver& types,
                                         diag::DiagnosticSink& sink);

}  // namespace s2r::ir
