// Frame axioms: what stays the same in the post-state (smart frame synthesis).
#include "verify/encode/encoder.h"

namespace s2r::verify {

using smt::SortId;
using smt::TermId;

namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<TermId> Encoder::FrameFor(const StateSymbols& state, const FieldFrame& frame) {
  std::vector<TermId> out;
  switch (frame.kind) {
    case FieldFrame::Kind::kUntouched:
      out.push_back(store_.Eq(state.post.term, state.pre.term));
      if (!state.pre.IsPlain()) {
        out.push_back(store_.Eq(state.post.map, state.pre.map));
      }
      return out;
    case FieldFrame::Kind::kReplaced:
    case FieldFrame::Kind::kUnclassified:
      return out;
    case FieldFrame::Kind::kPartial:
      break;
  }
  locals_.clear();
  bound_vars_.clear();
  side_.clear();
  mode_ = Mode::kPre;
  OpenSide();
  std::vector<TermId> equations;
  if (!state.relation) {
    // A set-valued field with only `x not in S'` mentions: S' = S without those elements.
    if (!state.pre.IsPlain() || !store_.IsSet(state.value_sort) || !frame.updated.empty()) {
      PopSide();
      return out;
    }
    SortId element = store_.ElementOf(state.value_sort);
    Hint hint;
    hint.sort = element;
    TermId set = state.pre.term;
    for (const ir::Expr& key : frame.removed) {
      set = StoreInto(set, CoerceTo(Plain(key, hint), element), false);
    }
    equations.push_back(store_.Eq(state.post.term, set));
  } else {
    Hint hint;
    hint.sort = state.key_sort;
    std::vector<TermId> removed;
    std::vector<TermId> updated;
    for (const ir::Expr& key : frame.removed) {
      removed.push_back(CoerceTo(Plain(key, hint), state.key_sort));
    }
    for (const KeyUpdate& update : frame.updated) {
      updated.push_back(CoerceTo(Plain(update.key, hint), state.key_sort));
    }
    TermId domain = state.pre.term;
    TermId map = state.pre.map;
    for (TermId key : removed) {
      domain = StoreInto(domain, key, false);
      map = store_.Store(map, key, store_.Select(state.post.map, key));
    }
    for (TermId key : updated) {
      domain = StoreInto(domain, key, true);
      map = store_.Store(map, key, store_.Select(state.post.map, key));
    }
    equations.push_back(store_.Eq(state.post.term, domain));
    equations.push_back(store_.Eq(state.post.map, map));
    // Fields a key update does not mention keep their pre-state values.
    const EntitySymbols* entity = EntityBySort(state.value_sort);
    for (std::size_t i = 0; entity != nullptr && i < frame.updated.size(); ++i) {
      if (frame.updated[i].whole_value) {
        continue;
      }
      TermId after = store_.Select(state.post.map, updated[i]);
      TermId before = store_.Select(state.pre.map, updated[i]);
      for (const FieldSymbols& field : entity->fields) {
        if (Contains(frame.updated[i].fields, field.field->name)) {
          continue;
        }
        equations.push_back(ValueEquality(FieldValue(*entity, field, after),
                                          FieldValue(*entity, field, before),
                                          Polarity::kPositive));
      }
    }
  }
  out.push_back(CloseSide(store_.And(equations), Polarity::kPositive));
  return out;
}

}  // namespace s2r::verify
