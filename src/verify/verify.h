// Entry point of the verify phase: ir::Module -> consistency checks decided by Z3.
//
// Check kinds and ids follow the reference (docs/verify-json.md, verify.md section 1):
//   global, <Op>.requires, <Op>.enabled, <Op>.ensures (new), <Op>.preserves.<Inv>,
//   temporal.<name>.
// Results are deterministic for a given module and options, whatever `parallel` is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "ir/module.h"

namespace s2r::verify {

enum class CheckKind { kGlobal, kRequires, kEnabled, kEnsures, kPreservation, kTemporal };

// sat = the check passes; unsat = a violation; unknown = undecided (counts as a failure);
// skipped = not run (see the diagnostic's category for why).
enum class CheckStatus { kSat, kUnsat, kUnknown, kSkipped };

// sound: every expression of the check is inside the verified subset and was decided by an
// unbounded Z3 query. best-effort: powerset or temporal checks (second-order or single-state
// approximations) and checks outside the subset.
enum class Trust { kSound, kBestEffort };

enum class Category {
  kContradictoryInvariants,
  kUnsatisfiablePrecondition,
  kUnreachableOperation,
  kContradictoryEnsures,
  kInvariantViolation,
  kTemporalViolation,
  kSolverTimeout,
  kTranslatorLimitation,
  kSoundnessLimitation,
  kBackendError,
  kNotApplicable,
};

[[nodiscard]] std::string_view KindToken(CheckKind kind);
[[nodiscard]] std::string_view StatusToken(CheckStatus status);
[[nodiscard]] std::string_view TrustToken(Trust trust);
[[nodiscard]] std::string_view CategoryToken(Category category);

struct SpanNote {
  Span span;
  std::string note;
};

// A value from a counterexample, formatted for people. `label` is set when the value is an
// entity element (`UrlMapping#0`) or an enum member (`Status.DONE`).
struct CxValue {
  std::string display;
  std::string label;
};

struct CxField {
  std::string name;
  CxValue value;
};

struct CxEntity {
  std::string sort;
  std::string label;  // `UrlMapping#0`
  std::string raw;    // the solver's element name
  std::vector<CxField> fields;
};

struct CxEntry {
  CxValue key;
  CxValue value;
};

struct CxRelation {
  std::string state;
  bool post = false;
  std::vector<CxEntry> entries;
};

struct CxConstant {
  std::string state;
  bool post = false;
  CxValue value;
};

struct CxBinding {
  std::string name;
  CxValue value;
};

// A decoded model of a violated check: the pre-state, inputs, outputs and post-state.
struct Counterexample {
  std::vector<CxEntity> entities;
  std::vector<CxRelation> relations;
  std::vector<CxConstant> constants;
  std::vector<CxBinding> inputs;
  std::vector<CxBinding> outputs;
};

struct CheckDiagnostic {
  Category category = Category::kTranslatorLimitation;
  bool is_error = true;  // error (failures, unknown, backend) or warning (skips)
  std::string message;
  std::optional<Span> primary_span;
  std::vector<SpanNote> related;
  std::optional<Counterexample> counterexample;
  std::string suggestion;              // empty when suggestions are off
  std::vector<SpanNote> core;          // --explain only
  std::vector<std::string> narrative;  // empty when none or narration is off
};

struct CheckResult {
  std::string id;
  CheckKind kind = CheckKind::kGlobal;
  Trust trust = Trust::kSound;
  std::string operation;  // empty for global and temporal checks
  std::string invariant;  // invariant name (preservation) or temporal name
  CheckStatus status = CheckStatus::kSkipped;
  // What the solver answered before mapping to a verdict: sat, unsat, unknown; `implied` when
  // a stronger check of the same operation was sat (its model satisfies this one, so no
  // solver call was made); `none` when the check did not run.
  std::string raw_status = "none";
  double duration_ms = 0.0;  // solver time only
  std::string detail;        // empty for passing checks
  std::vector<Span> source_spans;
  std::optional<CheckDiagnostic> diagnostic;
};

struct VerifyReport {
  std::vector<CheckResult> checks;  // plan order
  double total_ms = 0.0;
  bool ok = true;  // every check sat or skipped
};

struct VerifyOptions {
  // Per-check solver deadline; 0 disables it.
  std::uint32_t timeout_ms = 30000;
  // Worker threads; 0 means one per hardware thread. Results do not depend on it.
  unsigned parallel = 0;
  // Track clauses and report unsat cores as spans.
  bool explain = false;
  bool suggestions = true;
  bool narration = true;
  // Milliseconds on a monotonic clock, used for durations; durations are 0 when unset. The
  // verifier reads no clock of its own.
  std::function<double()> clock;
  // Receives the SMT-LIB script of every check sent to the solver (`--dump-smt DIR`), right
  // before solving. Called from worker threads, so it must be thread-safe; unset = no dump.
  std::function<void(const std::string& check_id, const std::string& smtlib)> dump_smt;
};

// Runs every check of the module. Never throws for any spec; solver failures become
// backend_error results and unencodable constructs become skipped results.
[[nodiscard]] VerifyReport Verify(const ir::Module& module, const VerifyOptions& options);

// Process exit code for a report (verify.md section 3.8): 3 backend error, 1 violation or
// unknown, 2 translator limitation, 4 soundness limitation, 0 ok.
[[nodiscard]] int ExitCode(const VerifyReport& report);
// `ok`, `violations`, `translator-limit`, `backend-error`, `trust-limit`.
[[nodiscard]] std::string_view ExitLabel(int exit_code);
[[nodiscard]] std::string_view ExitMeaning(int exit_code);

// The compile gate: code generation proceeds only when `exit_code` is 0; a blocked compile
// exits with the same code.
struct GateResult {
  VerifyReport report;
  int exit_code = 0;
  [[nodiscard]] bool Passed() const { return exit_code == 0; }
};

// The gate's fixed configuration (30 s timeout, all hardware threads, no cores). `clock` is
// only used for the reported durations.
[[nodiscard]] GateResult RunGate(const ir::Module& module, std::function<double()> clock = {});

}  // namespace s2r::verify
