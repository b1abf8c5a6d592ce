// Messages, spans, details and suggestions of check results.
#include "verify/diagnose.h"

#include <fmt/format.h>

#include "diag/diagnostic.h"
#include "verify/narrate.h"

namespace s2r::verify {
namespace {

constexpr std::size_t kSuggestionCap = 200;

Span OperationSpan(const ir::Operation& op) {
  return op.name_span.IsValid() ? op.name_span : op.span;
}

std::string Cap(std::string text) {
  if (text.size() <= kSuggestionCap) {
    return text;
  }
  // Cut on a UTF-8 boundary and end with an ellipsis.
  std::size_t cut = kSuggestionCap - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut) + "\u2026";
}

std::string NameList(const std::vector<std::string>& names) {
  if (names.empty()) {
    return "(none)";
  }
  std::vector<std::string> quoted;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) {
    quoted.push_back("`" + names[i] + "`");
  }
  std::string out = fmt::format("{}", fmt::join(quoted, ", "));
  if (names.size() > 3) {
    out += fmt::format(" and {} more", names.size() - 3);
  }
  return out;
}

struct Texts {
  std::string message;
  std::string detail;
  std::string suggestion;
};

Texts Describe(const PreparedModule& prepared, const PlannedCheck& check, const Outcome& outcome,
               const std::string& op_name, const std::string& inv_name,
               const VerifyOptions& options) {
  Texts t;
  Span none;
  const std::vector<std::string>& invariants = prepared.invariant_names;
  switch (*outcome.category) {
    case Category::kContradictoryInvariants:
      t.message = diag::ContradictoryInvariants(none).message;
      t.detail = "invariants are jointly unsatisfiable";
      t.suggestion = fmt::format(
          "Invariants {} cannot all hold in one state; relax or remove one of them (run with "
          "--explain to see the conflicting ones)",
          NameList(invariants));
      break;
    case Category::kUnsatisfiablePrecondition:
      t.message = diag::UnsatisfiablePrecondition(none, op_name).message;
      t.detail = fmt::format("requires of operation '{}' is unsatisfiable", op_name);
      t.suggestion = fmt::format(
          "`{}.requires` is unsatisfiable on its own, so the operation can never run; remove the "
          "contradictory clause (run with --explain)",
          op_name);
      break;
    case Category::kUnreachableOperation:
      t.message = diag::UnreachableOperation(none, op_name).message;
      t.detail = fmt::format("operation '{}' is unreachable", op_name);
      t.suggestion = fmt::format(
          "No state allowed by the base constraints and invariants {} satisfies the requires of "
          "`{}`; weaken the requires or check the invariants",
          NameList(invariants), op_name);
      break;
    case Category::kContradictoryEnsures:
      t.message = diag::ContradictoryEnsures(none, op_name).message;
      t.detail = fmt::format("ensures of operation '{}' are contradictory", op_name);
      t.suggestion = fmt::format(
          "Every post-state is ruled out, so `{}` could never complete; look for ensures clauses "
          "that contradict each other or a type refinement (run with --explain)",
          op_name);
      break;
    case Category::kInvariantViolation:
      t.message = diag::InvariantViolation(none, op_name, inv_name).message;
      t.detail = fmt::format("operation '{}' does not preserve invariant '{}' — counterexample found",
                             op_name, inv_name);
      t.suggestion = fmt::format(
          "`{}` can reach a state that breaks `{}` (see the counterexample); strengthen its "
          "requires or fix its ensures",
          op_name, inv_name);
      break;
    case Category::kTemporalViolation: {
      std::string why = check.kind == CheckKind::kTemporal && outcome.counterexample
                            ? "a valid state violates it"
                            : "no valid state satisfies it";
      t.message = diag::TemporalViolation(none, inv_name, why).message;
      t.detail = fmt::format("temporal property '{}' fails ({})", inv_name, why);
      t.suggestion = "Temporal properties are checked over single valid states (best-effort); "
                     "adjust the property or the invariants";
      break;
    }
    case Category::kSolverTimeout: {
      std::string reason = outcome.reason == "timeout" || outcome.reason == "canceled"
                               ? fmt::format("timeout after {} ms", options.timeout_ms)
                               : outcome.reason;
      t.message = diag::SolverUndecided(none, check.id, reason).message;
      t.detail = fmt::format("solver returned unknown: {}", reason);
      t.suggestion = fmt::format(
          "Solver could not decide `{}`; increase --timeout, or simplify nested quantifiers, set "
          "comprehensions and string constraints",
          check.id);
      break;
    }
    case Category::kTranslatorLimitation:
      t.message = diag::VerifyTranslatorLimitation(none, check.id, outcome.reason).message;
      t.detail = "translator limitation: " + outcome.reason;
      t.suggestion = "The verifier cannot encode this construct yet, so the check did not run; "
                     "rewrite the expression or accept the unverified check";
      break;
    case Category::kSoundnessLimitation:
      t.message = diag::VerifySoundnessLimitation(none, check.id, outcome.reason).message;
      t.detail = "soundness-limitation: " + outcome.reason;
      t.suggestion = "The check uses a construct outside the verified subset and was not run; "
                     "inline helper calls or use simpler quantifier domains";
      break;
    case Category::kBackendError:
      t.message = diag::SolverBackendError(none, check.id, outcome.reason).message;
      t.detail = "backend error: " + outcome.reason;
      t.suggestion = "The solver failed on this check; rerun with --dump-smt to get a replayable "
                     "script and report it";
      break;
    case Category::kNotApplicable:
      t.message = diag::CheckNotApplicable(none, check.id, outcome.reason).message;
      t.detail = "not applicable: " + outcome.reason;
      break;
  }
  return t;
}

bool IsError(Category category) {
  switch (category) {
    case Category::kTranslatorLimitation:
    case Category::kSoundnessLimitation:
    case Category::kNotApplicable:
      return false;
    case Category::kContradictoryInvariants:
    case Category::kUnsatisfiablePrecondition:
    case Category::kUnreachableOperation:
    case Category::kContradictoryEnsures:
    case Category::kInvariantViolation:
    case Category::kTemporalViolation:
    case Category::kSolverTimeout:
    case Category::kBackendError:
      return true;
  }
  return true;
}

}  // namespace

CheckResult BuildResult(const PreparedModule& prepared, const PlannedCheck& check, Outcome outcome,
                        const VerifyOptions& options) {
  const ir::Module& module = *prepared.module;
  CheckResult result;
  result.id = check.id;
  result.kind = check.kind;
  result.trust = check.trust;
  result.status = outcome.status;
  result.raw_status = outcome.raw_status;
  result.duration_ms = outcome.duration_ms;
  const ir::Operation* op =
      check.operation >= 0 ? &module.operations[static_cast<std::size_t>(check.operation)] : nullptr;
  if (op != nullptr) {
    result.operation = op->name;
  }
  if (check.invariant >= 0) {
    result.invariant = prepared.invariant_names[static_cast<std::size_t>(check.invariant)];
  }
  if (check.temporal >= 0) {
    result.invariant = module.temporals[static_cast<std::size_t>(check.temporal)].name;
  }

  // Source spans, the primary span and related spans by kind.
  std::optional<Span> primary;
  std::vector<SpanNote> related;
  switch (check.kind) {
    case CheckKind::kGlobal:
      for (std::size_t i = 0; i < module.invariants.size(); ++i) {
        result.source_spans.push_back(module.invariants[i].span);
        if (i == 0) {
          primary = module.invariants[i].span;
        } else {
          related.push_back({module.invariants[i].span,
                             fmt::format("invariant `{}`", prepared.invariant_names[i])});
        }
      }
      break;
    case CheckKind::kRequires:
    case CheckKind::kEnabled:
      primary = OperationSpan(*op);
      result.source_spans.push_back(op->span);
      for (const ir::Expr& e : op->requires_exprs) {
        result.source_spans.push_back(e.span);
      }
      if (check.kind == CheckKind::kEnabled) {
        for (const ir::Invariant& invariant : module.invariants) {
          result.source_spans.push_back(invariant.span);
        }
      }
      break;
    case CheckKind::kEnsures:
      primary = OperationSpan(*op);
      result.source_spans.push_back(op->span);
      for (const ir::Expr& e : op->ensures_exprs) {
        result.source_spans.push_back(e.span);
      }
      break;
    case CheckKind::kPreservation: {
      primary = OperationSpan(*op);
      const ir::Invariant& invariant = module.invariants[static_cast<std::size_t>(check.invariant)];
      result.source_spans.push_back(op->span);
      result.source_spans.push_back(invariant.span);
      for (const ir::Expr& e : op->ensures_exprs) {
        result.source_spans.push_back(e.span);
      }
      related.push_back(
          {invariant.span, fmt::format("invariant `{}` declared here", result.invariant)});
      break;
    }
    case CheckKind::kTemporal:
      primary = module.temporals[static_cast<std::size_t>(check.temporal)].span;
      result.source_spans.push_back(*primary);
      break;
  }

  if (outcome.status == CheckStatus::kSat || !outcome.category) {
    return result;
  }
  Texts texts = Describe(prepared, check, outcome, result.operation, result.invariant, options);
  result.detail = texts.detail;
  CheckDiagnostic d;
  d.category = *outcome.category;
  d.is_error = IsError(d.category);
  d.message = texts.message;
  d.primary_span = primary;
  d.related = related;
  d.counterexample = std::move(outcome.counterexample);
  d.core = std::move(outcome.core);
  if (options.suggestions && !texts.suggestion.empty()) {
    d.suggestion = Cap(texts.suggestion);
  }
  if (options.narration) {
    d.narrative = Narrate(prepared, check, d);
  }
  result.diagnostic = std::move(d);
  return result;
}

}  // namespace s2r::verify
