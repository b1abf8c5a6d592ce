// Solver sessions over Z3. This header is Z3-free; session.cpp is the only file that talks to
// Z3.
//
// A SolverContext (one Z3 context) is long-lived and owned by one worker thread; a Session is
// the assertion stack of one verification unit inside it. Each check is solved either
//   - abstractly: regex membership and string length become uninterpreted functions, which
//     relaxes the problem (an unsat answer is final, a sat answer may be spurious), or
//   - concretely: the full string theory, in a solver rebuilt from the assertion stack.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "verify/smt/term.h"

namespace s2r::verify::smt {

enum class SolverStatus { kSat, kUnsat, kUnknown };

struct SolveResult {
  SolverStatus status = SolverStatus::kUnknown;
  // Z3's reason_unknown() for kUnknown (`timeout`, `incomplete quantifiers`, ...).
  std::string reason;
};

struct CheckConfig {
  std::uint32_t timeout_ms = 0;  // 0 = none
  bool concrete = true;          // full string theory, or the abstraction
  bool ematching = true;         // pattern-based instantiation (MBQI is always on)
  std::uint32_t seed = 0;        // Z3 random_seed (a restart with another seed can escape)
};

// A value read from a model, already formatted for people. `label` is set for entity elements
// (`UrlMapping#0`) and enum members (`Status.DONE`); `raw` keeps Z3's own element name.
struct ModelValue {
  std::string display;
  std::string label;
  std::string raw;
};

struct ModelEntry {
  ModelValue key;
  ModelValue value;
};

// Thrown by the session only for Z3 API failures (sort clashes, internal errors). The runner
// turns it into a backend_error outcome; nothing else in verify/ sees Z3 exceptions.
struct BackendError {
  std::string message;
};

// One Z3 context. Not thread-safe: use one per thread.
class SolverContext {
 public:
  SolverContext();
  ~SolverContext();
  SolverContext(const SolverContext&) = delete;
  SolverContext& operator=(const SolverContext&) = delete;

 private:
  friend class Session;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Session {
 public:
  // `context` and `store` must outlive the session. The store may keep growing between calls:
  // terms are converted lazily and memoised.
  Session(SolverContext& context, const TermStore& store);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Assert(TermId formula);
  // Asserts `formula` behind a fresh indicator literal; UnsatCore() reports `label` when the
  // formula is part of the core. Tracked formulas follow push/pop like ordinary ones.
  void AssertTracked(TermId formula, std::uint32_t label);
  void Push();
  void Pop();
  [[nodiscard]] SolveResult Check(const CheckConfig& config);
  // True when some asserted formula uses regex membership or string length, i.e. when the
  // abstract and the concrete problems differ.
  [[nodiscard]] bool UsesStringTheory() const;
  // Labels of the tracked formulas in the last unsat core, sorted ascending.
  [[nodiscard]] std::vector<std::uint32_t> UnsatCore() const;
  // The current assertions as an SMT-LIB 2 script ending in (check-sat), in the abstract or
  // concrete form (the abstract one declares `matches!N` and `len!String`).
  [[nodiscard]] std::string ToSmtLib(bool concrete) const;
  // Replays this session's assertion stack into `other` (same store), e.g. to re-solve a
  // violation in a fresh context so that the model does not depend on worker history.
  void ReplayInto(Session& other) const;

  // ---- model queries, valid after a kSat Check ----
  [[nodiscard]] ModelValue Evaluate(TermId term) const;
  // Elements of an uninterpreted sort in the model, labelled `<Sort>#i`.
  [[nodiscard]] std::vector<ModelValue> Universe(SortId sort) const;
  // For each element of the universe of `sort` (same order as Universe), the value of each
  // unary function in `fields` applied to it.
  [[nodiscard]] std::vector<std::vector<ModelValue>> ElementFields(
      SortId sort, const std::vector<FuncId>& fields) const;
  // Entries of a relation given by its domain set and key -> value array. Candidate keys: the
  // universe for uninterpreted key sorts, otherwise the indices mentioned by the model of
  // `domain` plus the model values of `extra_keys`. Only keys in the domain are returned.
  [[nodiscard]] std::vector<ModelEntry> RelationEntries(TermId domain, TermId map,
                                                        const std::vector<TermId>& extra_keys) const;
  // Items 0..length-1 of a sequence given by its length and index -> element array, at most
  // `limit` of them; `truncated` is set when there are more.
  [[nodiscard]] std::vector<ModelValue> SequenceItems(TermId length, TermId items,
                                                      std::size_t limit, bool& truncated) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2r::verify::smt
