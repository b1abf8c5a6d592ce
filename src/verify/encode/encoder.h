// The encoder: IR expressions and declarations -> SMT terms (smt::TermStore), for one
// verification unit (the global checks, or the checks of one operation).
//
// Encoding summary (docs/verify-json.md has the user-facing version):
//   entities      uninterpreted sorts, one function per field (`E_f : E -> S`);
//                 map-typed fields get a domain function and a value function
//   enums         closed datatypes (members are distinct and exhaustive)
//   Option[T]     datatype none | some(T); Set[T] arrays to Bool; Seq[T] Z3 sequences
//   state         scalars are constants (`x`, `x'`); relations and maps are a domain set
//                 and a key -> value array (`r_dom`, `r_map`, and `_post` copies)
//   refinements   asserted where a value of the alias type lives (state, inputs, outputs,
//                 entity fields, quantifier binders)
//   validity      `valid_E(x)` marks real entity values (same places, plus constructed and
//                 `with` values); entity field constraints and invariants hold for them
//   with, T{..}, `the`   fresh witnesses whose defining equations are attached to the
//                 enclosing atom by polarity (conjoined when positive, assumed when negative)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ir/module.h"
#include "verify/frame.h"
#include "verify/prepared.h"
#include "verify/smt/term.h"

namespace s2r::verify {

enum class Mode { kPre, kPost };
enum class Polarity { kPositive, kNegative, kBoth };

inline constexpr smt::SortId kNoSort = 0xFFFFFFFFu;

// Thrown inside the encoder when a construct cannot be encoded; caught at the Encoder's public
// entry points and returned as a Result error (a translator limitation). Never escapes.
struct TranslationFailure {
  std::string message;
};

// A translated value. Relation and map values are a pair: `term` is the domain set and `map`
// the key -> value array. Sequences are a pair too: `term` is the length and `map` the
// index -> element array (Z3's own sequence theory is far slower on quantified problems).
// Every other value is a single term.
struct Value {
  smt::TermId term = smt::kNoTerm;
  smt::TermId map = smt::kNoTerm;
  bool sequence = false;
  [[nodiscard]] bool IsPlain() const { return map == smt::kNoTerm; }
  [[nodiscard]] bool IsRelation() const { return map != smt::kNoTerm && !sequence; }
  [[nodiscard]] bool IsSequence() const { return sequence; }
  static Value Plain(smt::TermId t) { return Value{t, smt::kNoTerm, false}; }
  static Value Relation(smt::TermId domain, smt::TermId map) { return Value{domain, map, false}; }
  static Value Sequence(smt::TermId length, smt::TermId items) {
    return Value{length, items, true};
  }
};

enum class Shape { kPlain, kRelation, kSequence };

// What a context expects, used to type `none`, `{}`, `[]` and bare enum members.
struct Hint {
  smt::SortId sort = kNoSort;   // plain values
  smt::SortId key = kNoSort;    // relation values
  smt::SortId value = kNoSort;  // relation values
};

// The symbols of one state field.
struct StateSymbols {
  const ir::StateField* field = nullptr;
  bool relation = false;  // a relation or map: pre/post are domain + value arrays
  Value pre;
  Value post;
  smt::SortId key_sort = kNoSort;    // relations
  smt::SortId value_sort = kNoSort;  // relations; the value sort otherwise
};

struct FieldSymbols {
  const ir::Field* field = nullptr;
  Shape shape = Shape::kPlain;
  smt::FuncId func = 0;      // the value (the domain or the length for paired shapes)
  smt::FuncId map_func = 0;  // relation and sequence fields only
  smt::SortId sort = kNoSort;
};

struct EntitySymbols {
  const ir::Entity* entity = nullptr;
  smt::SortId sort = kNoSort;
  // `valid_E`: the element is a real entity value (stored, passed in or out, constructed).
  // Field refinements and entity invariants are asserted for valid elements only, so the
  // unconstrained rest of the sort costs the solver nothing.
  smt::FuncId valid = 0;
  std::vector<FieldSymbols> fields;
  [[nodiscard]] const FieldSymbols* Find(const std::string& name) const;
};

// Terms a counterexample decoder reads back from a model.
struct DecodeSpec {
  struct Binding {
    std::string name;
    Value value;
  };
  std::vector<Binding> inputs;
  std::vector<Binding> outputs;
  std::vector<const StateSymbols*> state;
  std::vector<const EntitySymbols*> entities;
};

class Encoder {
 public:
  // `operation` indexes prepared.operations, or -1 for the global unit. Declarations (sorts,
  // state, inputs, outputs) are made eagerly; a declaration that cannot be encoded is kept as
  // an error that every Result-returning call reports.
  Encoder(const PreparedModule& prepared, smt::TermStore& store, int operation);

  // Entity axioms and the pre-state's refinement/totality axioms.
  [[nodiscard]] Result<std::vector<smt::TermId>> BaseAxioms();
  // Refinement/totality axioms of the post-state.
  [[nodiscard]] Result<std::vector<smt::TermId>> PostStateAxioms();
  [[nodiscard]] Result<std::vector<smt::TermId>> InputAxioms();
  [[nodiscard]] Result<std::vector<smt::TermId>> OutputAxioms();

  [[nodiscard]] Result<smt::TermId> Invariant(std::size_t index);
  // not Inv', in the post-state.
  [[nodiscard]] Result<smt::TermId> NegatedPostInvariant(std::size_t index);
  [[nodiscard]] Result<smt::TermId> Requires(std::size_t clause);
  [[nodiscard]] Result<smt::TermId> Ensures(std::size_t clause);
  // Frame axioms for every state field the ensures do not fully define.
  [[nodiscard]] Result<std::vector<smt::TermId>> FrameAxioms();
  // always(P): not P; eventually(P): P (both in one state).
  [[nodiscard]] Result<smt::TermId> TemporalQuery(std::size_t index);

  [[nodiscard]] DecodeSpec Decoding() const;
  [[nodiscard]] const std::vector<FieldFrame>& Frames() const { return frames_; }

 private:
  // ---- declarations (encoder.cpp) ----
  void DeclareAll();
  void ValidateAliases();
  smt::SortId SortOf(const ir::Type& type);
  smt::SortId EnumSortOf(const ir::Enum& enumeration);
  Value DeclareValue(const std::string& name, const ir::Type& type);
  smt::TermId FreshConst(const std::string& base, smt::SortId sort);
  // What every value of `type` satisfies: alias refinements, entity validity, recursively
  // through Option, Set, Seq and map/relation types.
  std::vector<smt::TermId> TypeAxioms(const ir::Type& type, const Value& value);
  smt::TermId Valid(const EntitySymbols& entity, smt::TermId element);
  std::vector<smt::TermId> StateAxioms(Mode mode);
  std::vector<smt::TermId> EntityAxioms();
  const EntitySymbols* EntityBySort(smt::SortId sort) const;
  const EntitySymbols* EntityByName(const std::string& name) const;
  const StateSymbols* StateByName(const std::string& name) const;
  template <typename T, typename Fn>
  Result<T> Guarded(Fn&& fn);

  // ---- formulas and terms (encode_expr.cpp) ----
  smt::TermId Formula(const ir::Expr& e, Polarity polarity);
  smt::TermId Atom(const ir::Expr& e, Polarity polarity);
  smt::TermId Quantifier(const ir::Expr& e, Polarity polarity);
  Value Term(const ir::Expr& e, const Hint& hint = {});
  smt::TermId Plain(const ir::Expr& e, const Hint& hint = {});
  Value Resolve(const ir::Expr& e, const Hint& hint);
  Value StateValue(const StateSymbols& state) const;
  Value FieldValue(const EntitySymbols& entity, const FieldSymbols& field, smt::TermId base);
  std::pair<Value, Value> TermPair(const ir::Expr& left, const ir::Expr& right);
  static bool NeedsHint(const ir::Expr& e);
  smt::TermId Equality(const ir::Expr& left, const ir::Expr& right, Polarity polarity);
  smt::TermId ValueEquality(const Value& a, const Value& b, Polarity polarity);
  smt::TermId Membership(const ir::Expr& element, const ir::Expr& collection);
  smt::TermId Compare(BinaryOp op, const ir::Expr& left, const ir::Expr& right);
  Value Binary(const ir::Expr& e, const Hint& hint);
  Value Arithmetic(const ir::Expr& e, const Hint& hint);
  Value SetAlgebra(const ir::Expr& e);
  Value Cardinality(const ir::Expr& operand);
  // Element i of a sequence value; `0 <= i < length` as a formula.
  smt::TermId SeqItem(const Value& sequence, smt::TermId index);
  smt::TermId InRange(const Value& sequence, smt::TermId index);
  smt::SortId SeqElementSort(const Value& sequence) const;
  Value SeqConcat(const Value& a, const Value& b);
  Value Index(const ir::Expr& e);
  Value FieldAccess(const ir::Expr& e);
  Value EnumAccess(const ir::Expr& e);
  Value With(const ir::Expr& e);
  Value Constructor(const ir::Expr& e);
  Value The(const ir::Expr& e);
  Value IfThenElse(const ir::Expr& e, const Hint& hint);
  Value SetLiteral(const ir::Expr& e, const Hint& hint);
  Value SeqLiteral(const ir::Expr& e, const Hint& hint);
  Value MapLiteral(const ir::Expr& e, const Hint& hint);
  Value Comprehension(const ir::Expr& e, const Hint& hint);

  // Quantifier and comprehension domains.
  struct Domain {
    smt::SortId sort = kNoSort;
    // kSeq binders range over indices (sort Int); their element is the array read.
    enum class Kind { kType, kRelation, kSet, kSeq, kPowerset } kind = Kind::kType;
    Value value;
    std::optional<ir::Type> type;  // kType: for refinements
  };
  Domain QuantDomain(const ir::Expr& domain, BindingKind binding);
  smt::TermId DomainGuard(const Domain& domain, smt::TermId var);
  std::optional<ir::Type> TypeNamed(const ir::Expr& e) const;
  bool IsValueName(const std::string& name) const;

  // ---- builtins and regexes (encode_builtins.cpp) ----
  Value Call(const ir::Expr& e, const Hint& hint);
  smt::TermId Matches(const ir::Expr& e);
  smt::TermId Regex(const std::string& pattern, bool& ok);
  Value Sum(const ir::Expr& e);

  // ---- coercions and helpers (encode_support.cpp) ----
  [[noreturn]] void Fail(std::string message) const;
  smt::TermId CoerceTo(smt::TermId term, smt::SortId target);
  smt::TermId Numeric(smt::TermId term);
  std::pair<smt::TermId, smt::TermId> UnifyNumeric(smt::TermId a, smt::TermId b);
  smt::TermId CardOf(smt::TermId set);
  smt::TermId StoreInto(smt::TermId set, smt::TermId key, bool insert);
  smt::TermId Skolem(const std::string& base, smt::SortId sort);
  void AddSide(smt::TermId condition);
  void OpenSide();
  smt::TermId CloseSide(smt::TermId atom, Polarity polarity);
  std::vector<smt::TermId> PopSide();
  Hint HintOf(const Value& value) const;
  std::string Describe(smt::SortId sort) const;
  void PushLocal(const std::string& name, const Value& value);
  void PopLocals(std::size_t mark);
  smt::TermId TopLevel(const ir::Expr& e, Mode mode, Polarity polarity);

  // ---- ensures and frames (encode_frame.cpp) ----
  std::vector<smt::TermId> FrameFor(const StateSymbols& state, const FieldFrame& frame);

  const PreparedModule& prepared_;
  const ir::Module& module_;
  smt::TermStore& store_;
  const PreparedOperation* operation_ = nullptr;
  std::optional<std::string> declaration_error_;

  std::map<std::string, smt::SortId> enum_sorts_;
  std::vector<EntitySymbols> entities_;
  std::vector<StateSymbols> state_;
  std::vector<std::pair<const ir::Param*, Value>> inputs_;
  std::vector<std::pair<const ir::Param*, Value>> outputs_;
  std::vector<FieldFrame> frames_;

  // Translation environment.
  struct Local {
    std::string name;
    Value value;
  };
  std::vector<Local> locals_;
  std::vector<smt::TermId> bound_vars_;
  std::vector<std::vector<smt::TermId>> side_;
  Mode mode_ = Mode::kPre;
  const EntitySymbols* entity_context_ = nullptr;
  smt::TermId self_ = smt::kNoTerm;
  std::optional<Value> value_binding_;
  std::map<std::string, std::uint32_t> sum_keys_;
  std::map<std::string, std::uint32_t> regex_keys_;
};

}  // namespace s2r::verify
