// Frame analysis: for each state field, what an operation's ensures say about its post-state,
// so the encoder can add "everything else stays the same" axioms (smart frame synthesis).
#pragma once

#include <string>
#include <vector>

#include "base/span.h"
#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::verify {

// A key of a relation written through `X'[k].f = v` (fields) or `X'[k] = v` (whole value).
struct KeyUpdate {
  ir::Expr key;
  std::vector<std::string> fields;
  bool whole_value = false;
};

struct FieldFrame {
  enum class Kind {
    kUntouched,     // never primed: unchanged
    kReplaced,      // a top-level `X' = e`: e defines the post-state, no frame
    kPartial,       // only removals and key updates: everything else unchanged
    kUnclassified,  // some other primed mention: no frame (conservative)
  };
  Kind kind = Kind::kUntouched;
  std::vector<ir::Expr> removed;
  std::vector<KeyUpdate> updated;
  // For kUnclassified: the clause that could not be classified.
  Span unclassified_span;
};

// Splits top-level `and`s and inlines top-level `let`s (capture-avoiding).
[[nodiscard]] std::vector<ir::Expr> FlattenEnsures(const std::vector<ir::Expr>& ensures);

// One entry per state field of `module` (declaration order). `ensures` are the operation's
// (inlined) ensures clauses.
[[nodiscard]] std::vector<FieldFrame> AnalyzeFrames(const ir::Module& module,
                                                    const std::vector<ir::Expr>& ensures);

}  // namespace s2r::verify
