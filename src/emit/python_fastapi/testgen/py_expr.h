// Spec expressions as Python over what a black-box test observes: the admin-state snapshots
// taken before and after a call, the call's inputs and its response. Used for the assertions of
// the generated conformance suite (ensures, requires, invariants).
#pragma once

#include <map>
#include <set>
#include <string>

#include <tl/expected.hpp>

#include "convention/service_model.h"
#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::emit::python_fastapi::testgen {

// Why an expression has no Python translation; recorded in tests/_testgen_skips.json.
struct Skip {
  std::string reason;
};

template <typename T>
using Translated = tl::expected<T, Skip>;

// A Python expression and its binding strength (higher binds tighter), so that operands are
// parenthesised only where Python's precedence needs it.
struct PyCode {
  std::string text;
  int precedence = 0;
};

// Python precedence levels, lowest first.
enum PyPrecedence : int {
  kPyLambda = 1,
  kPyConditional,
  kPyOr,
  kPyAnd,
  kPyNot,
  kPyComparison,
  kPyBitOr,
  kPyBitAnd,
  kPyAdditive,
  kPyMultiplicative,
  kPyUnary,
  kPyPrimary,
  kPyAtom,
};

// Where the names of an expression come from in the generated test.
struct PyEnv {
  const ir::Module* module = nullptr;
  // For field sensitivity (write-only fields are absent from responses); may be null.
  const convention::ServiceModel* service = nullptr;
  // Python expressions of the state snapshots (`pre`, `post`); empty when the test has none,
  // and reading that state is then a skip.
  std::string pre_state;
  std::string post_state;
  // Whether a bare state name reads the post-state (invariants) or the pre-state (requires,
  // and the unprimed names of ensures).
  bool bare_reads_post = false;
  // Spec input / output name -> Python expression (`code`, `body["code"]`, `body`).
  std::map<std::string, std::string> inputs;
  std::map<std::string, std::string> outputs;
  // Outputs that travel percent-encoded (a redirect's Location header): equalities with them
  // compare decoded URLs.
  std::set<std::string> url_outputs;
  // The Python expression of the entity row whose fields a transition guard names bare
  // (`updated_at` -> `row["updated_at"]`); empty outside transition guards.
  std::string entity_row;
  // The Python expression of the `support.Now` window around the call; empty when `now()` is
  // not observable (invariants, requires).
  std::string now;
  // Prefixes of the helper modules (`support.`, `spec_model.`); empty inside the module itself.
  std::string support_prefix = "support.";
  std::string model_prefix = "spec_model.";
  // Spec functions and predicates defined in tests/spec_model.py: name -> "" when the Python
  // definition is real, else why it has none. Not owned; null means none are available.
  const std::map<std::string, std::string>* functions = nullptr;
  // State fields whose /admin/state projection does not carry the spec value: name -> reason.
  // Not owned; may be null.
  const std::map<std::string, std::string>* unobservable_state = nullptr;

  [[nodiscard]] const std::map<std::string, std::string>& unobservable_state_reasons() const;
};

// The Python boolean/value expression for `expr`, or why there is none. Never throws; recursion
// follows the IR's bounded height.
[[nodiscard]] Translated<PyCode> TranslateExpr(const ir::Expr& expr, const PyEnv& env);

// The Python for `not expr`, spelled the way ruff wants it (`x not in s`, `x is not None`,
// `a != b`, a double negation dropped).
[[nodiscard]] Translated<PyCode> TranslateNegation(const ir::Expr& expr, const PyEnv& env);

// Convenience: the translated text (no precedence).
[[nodiscard]] Translated<std::string> TranslateText(const ir::Expr& expr, const PyEnv& env);

// The local Python name of a spec variable (quantifier, let, lambda, input): keywords,
// builtins and the names the generated tests use themselves get a trailing `_`.
[[nodiscard]] std::string PyLocalName(std::string_view spec_name);

// The Python function name of a spec predicate or function (`isValidURI` -> `is_valid_uri`).
[[nodiscard]] std::string PyFunctionName(std::string_view spec_name);

// The shape names `support.same_row` compares entity fields by, for one spec type:
// `instant` (DateTime), `set` (Set), `value` (anything else).
[[nodiscard]] std::string FieldShape(const ir::Type& type);

}  // namespace s2r::emit::python_fastapi::testgen
