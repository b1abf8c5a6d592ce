// Encoder declarations and axioms: sorts, entities, state, inputs/outputs, refinements, and the
// public entry points that translate one clause each.
#include "verify/encode/encoder.h"

#include <fmt/format.h>

#include "verify/ir_util.h"

namespace s2r::verify {

using smt::SortId;
using smt::TermId;

const FieldSymbols* EntitySymbols::Find(const std::string& name) const {
  for (const FieldSymbols& field : fields) {
    if (field.field->name == name) {
      return &field;
    }
  }
  return nullptr;
}

Encoder::Encoder(const PreparedModule& prepared, smt::TermStore& store, int operation)
    : prepared_(prepared), module_(*prepared.module), store_(store) {
  if (operation >= 0) {
    operation_ = &prepared.operations.at(static_cast<std::size_t>(operation));
  }
  try {
    DeclareAll();
  } catch (const TranslationFailure& failure) {
    declaration_error_ = failure.message;
  }
}

template <typename T, typename Fn>
Result<T> Encoder::Guarded(Fn&& fn) {
  if (declaration_error_) {
    return s2r::Fail(*declaration_error_);
  }
  try {
    return fn();
  } catch (const TranslationFailure& failure) {
    locals_.clear();
    bound_vars_.clear();
    side_.clear();
    entity_context_ = nullptr;
    self_ = smt::kNoTerm;
    value_binding_.reset();
    mode_ = Mode::kPre;
    return s2r::Fail(failure.message);
  }
}

SortId Encoder::EnumSortOf(const ir::Enum& enumeration) {
  auto found = enum_sorts_.find(enumeration.name);
  if (found != enum_sorts_.end()) {
    return found->second;
  }
  SortId sort = store_.EnumSort(enumeration.name, enumeration.values);
  enum_sorts_[enumeration.name] = sort;
  return sort;
}

SortId Encoder::SortOf(const ir::Type& type) {
  switch (type.kind) {
    case ir::TypeKind::kBool:
      return store_.BoolSort();
    case ir::TypeKind::kInt:
    case ir::TypeKind::kDateTime:
    case ir::TypeKind::kDuration:
      return store_.IntSort();
    case ir::TypeKind::kFloat:
      return store_.RealSort();
    case ir::TypeKind::kString:
      return store_.StringSort();
    case ir::TypeKind::kUuid:
      return store_.UninterpretedSort("UUID");
    case ir::TypeKind::kEntity:
      if (const EntitySymbols* entity = EntityByName(type.name)) {
        return entity->sort;
      }
      return store_.UninterpretedSort(type.name);
    case ir::TypeKind::kEnum:
      if (const ir::Enum* enumeration = module_.FindEnum(type.name)) {
        return EnumSortOf(*enumeration);
      }
      Fail(fmt::format("unknown enum `{}`", type.name));
    case ir::TypeKind::kSet:
      return store_.SetSort(SortOf(type.args.at(0)));
    case ir::TypeKind::kSeq:
      Fail(fmt::format("a sequence nested in `{}` is not supported", ir::ToString(type)));
    case ir::TypeKind::kOption:
      return store_.OptionSort(SortOf(type.args.at(0)));
    case ir::TypeKind::kMap:
    case ir::TypeKind::kRelation:
      Fail(fmt::format("a value of type `{}` cannot be nested here", ir::ToString(type)));
    case ir::TypeKind::kUnknown:
    case ir::TypeKind::kNone:
    case ir::TypeKind::kLambda:
      break;
  }
  Fail(fmt::format("type `{}` has no SMT sort", ir::ToString(type)));
}

TermId Encoder::FreshConst(const std::string& base, SortId sort) {
  return store_.Const(store_.Declare(store_.FreshName(base), {}, sort));
}

Value Encoder::DeclareValue(const std::string& name, const ir::Type& type) {
  if (type.kind == ir::TypeKind::kMap || type.kind == ir::TypeKind::kRelation) {
    SortId key = SortOf(type.args.at(0));
    SortId value = SortOf(type.args.at(1));
    return Value::Relation(FreshConst(name + "_dom", store_.SetSort(key)),
                           FreshConst(name + "_map", store_.ArraySort(key, value)));
  }
  if (type.kind == ir::TypeKind::kSeq) {
    SortId element = SortOf(type.args.at(0));
    return Value::Sequence(FreshConst(name + "_len", store_.IntSort()),
                           FreshConst(name + "_items", store_.ArraySort(store_.IntSort(), element)));
  }
  return Value::Plain(FreshConst(name, SortOf(type)));
}

void Encoder::DeclareAll() {
  for (const ir::Enum& enumeration : module_.enums) {
    EnumSortOf(enumeration);
  }
  for (const ir::Entity& entity : module_.entities) {
    EntitySymbols symbols;
    symbols.entity = &entity;
    symbols.sort = store_.UninterpretedSort(entity.name);
    symbols.valid = store_.Declare(store_.FreshName("valid_" + entity.name), {symbols.sort},
                                   store_.BoolSort());
    entities_.push_back(std::move(symbols));
  }
  for (EntitySymbols& symbols : entities_) {
    for (const ir::Field& field : symbols.entity->fields) {
      FieldSymbols f;
      f.field = &field;
      std::string base = symbols.entity->name + "_" + field.name;
      if (field.type.kind == ir::TypeKind::kMap || field.type.kind == ir::TypeKind::kRelation) {
        SortId key = SortOf(field.type.args.at(0));
        SortId value = SortOf(field.type.args.at(1));
        f.shape = Shape::kRelation;
        f.func = store_.Declare(store_.FreshName(base + "_dom"), {symbols.sort},
                                store_.SetSort(key));
        f.map_func = store_.Declare(store_.FreshName(base + "_map"), {symbols.sort},
                                    store_.ArraySort(key, value));
        f.sort = value;
      } else if (field.type.kind == ir::TypeKind::kSeq) {
        SortId element = SortOf(field.type.args.at(0));
        f.shape = Shape::kSequence;
        f.func = store_.Declare(store_.FreshName(base + "_len"), {symbols.sort}, store_.IntSort());
        f.map_func = store_.Declare(store_.FreshName(base + "_items"), {symbols.sort},
                                    store_.ArraySort(store_.IntSort(), element));
        f.sort = element;
      } else {
        f.sort = SortOf(field.type);
        f.func = store_.Declare(store_.FreshName(base), {symbols.sort}, f.sort);
      }
      symbols.fields.push_back(f);
    }
  }
  if (module_.state) {
    for (const ir::StateField& field : *module_.state) {
      StateSymbols symbols;
      symbols.field = &field;
      symbols.relation =
          field.type.kind == ir::TypeKind::kMap || field.type.kind == ir::TypeKind::kRelation;
      symbols.pre = DeclareValue(field.name, field.type);
      symbols.post = DeclareValue(field.name + "_post", field.type);
      if (symbols.relation) {
        symbols.key_sort = SortOf(field.type.args.at(0));
        symbols.value_sort = SortOf(field.type.args.at(1));
      } else if (field.type.kind == ir::TypeKind::kSeq) {
        symbols.value_sort = SortOf(field.type.args.at(0));
      } else {
        symbols.value_sort = SortOf(field.type);
      }
      state_.push_back(symbols);
    }
  }
  ValidateAliases();
  if (operation_ != nullptr) {
    const ir::Operation& op = *operation_->operation;
    for (const ir::Param& param : op.inputs) {
      inputs_.emplace_back(&param, DeclareValue("input_" + op.name + "_" + param.name, param.type));
    }
    for (const ir::Param& param : op.outputs) {
      outputs_.emplace_back(&param,
                            DeclareValue("output_" + op.name + "_" + param.name, param.type));
    }
    frames_ = AnalyzeFrames(module_, operation_->ensures_exprs);
  }
}

// Every refinement must be encodable even where its alias is unused (as in the reference, a
// refinement the verifier cannot model makes every check of the spec a translator limitation).
void Encoder::ValidateAliases() {
  for (const ir::TypeAlias& alias : module_.type_aliases) {
    auto constraint = prepared_.alias_constraints.find(alias.name);
    if (constraint == prepared_.alias_constraints.end()) {
      continue;
    }
    SortId sort = kNoSort;
    try {
      sort = SortOf(alias.base);
    } catch (const TranslationFailure&) {
      continue;
    }
    TermId value = store_.Var("value", sort);
    bound_vars_.push_back(value);
    value_binding_ = Value{value, smt::kNoTerm};
    OpenSide();
    TermId formula = smt::kNoTerm;
    try {
      formula = Formula(constraint->second, Polarity::kPositive);
    } catch (const TranslationFailure& failure) {
      Fail(fmt::format("refinement of `{}` cannot be modelled: {}", alias.name, failure.message));
    }
    (void)formula;
    PopSide();
    value_binding_.reset();
    bound_vars_.pop_back();
  }
}

const EntitySymbols* Encoder::EntityBySort(SortId sort) const {
  for (const EntitySymbols& entity : entities_) {
    if (entity.sort == sort) {
      return &entity;
    }
  }
  return nullptr;
}

const EntitySymbols* Encoder::EntityByName(const std::string& name) const {
  for (const EntitySymbols& entity : entities_) {
    if (entity.entity->name == name) {
      return &entity;
    }
  }
  return nullptr;
}

const StateSymbols* Encoder::StateByName(const std::string& name) const {
  for (const StateSymbols& state : state_) {
    if (state.field->name == name) {
      return &state;
    }
  }
  return nullptr;
}

TermId Encoder::Valid(const EntitySymbols& entity, TermId element) {
  return store_.App(entity.valid, {element});
}

// Refinements and validity of a value of `type`.
std::vector<TermId> Encoder::TypeAxioms(const ir::Type& type, const Value& value) {
  std::vector<TermId> out;
  if (value.IsSequence()) {
    out.push_back(store_.Arith(smt::Op::kGe, value.term, store_.IntLit(0)));
    if (type.kind != ir::TypeKind::kSeq || type.args.empty()) {
      return out;
    }
    TermId index = store_.Var("i", store_.IntSort());
    bound_vars_.push_back(index);
    std::vector<TermId> parts = TypeAxioms(type.args[0], Value::Plain(SeqItem(value, index)));
    bound_vars_.pop_back();
    if (!parts.empty()) {
      out.push_back(store_.Quantifier(
          smt::Op::kForall, {index},
          store_.Implies(InRange(value, index), store_.And(parts))));
    }
    return out;
  }
  if (value.IsRelation()) {
    if ((type.kind != ir::TypeKind::kMap && type.kind != ir::TypeKind::kRelation) ||
        type.args.size() != 2) {
      return out;
    }
    TermId key = store_.Var("k", store_.ElementOf(store_.SortOf(value.term)));
    bound_vars_.push_back(key);
    std::vector<TermId> parts = TypeAxioms(type.args[0], Value{key, smt::kNoTerm});
    for (TermId part : TypeAxioms(type.args[1],
                                  Value{store_.Select(value.map, key), smt::kNoTerm})) {
      parts.push_back(part);
    }
    bound_vars_.pop_back();
    if (!parts.empty()) {
      out.push_back(store_.Quantifier(
          smt::Op::kForall, {key},
          store_.Implies(store_.Select(value.term, key), store_.And(parts))));
    }
    return out;
  }
  TermId subject = value.term;
  SortId sort = store_.SortOf(subject);
  if (type.kind == ir::TypeKind::kOption && type.alias.empty() && !type.args.empty()) {
    if (!store_.IsOption(sort)) {
      return out;
    }
    std::vector<TermId> inner =
        TypeAxioms(type.args[0], Value{store_.ValueOf(subject), smt::kNoTerm});
    if (!inner.empty()) {
      out.push_back(store_.Implies(store_.IsSome(subject), store_.And(inner)));
    }
    return out;
  }
  if (type.kind == ir::TypeKind::kSet && !type.args.empty() && store_.IsSet(sort)) {
    TermId element = store_.Var("e", store_.ElementOf(sort));
    bound_vars_.push_back(element);
    std::vector<TermId> inner = TypeAxioms(type.args[0], Value{element, smt::kNoTerm});
    bound_vars_.pop_back();
    if (!inner.empty()) {
      out.push_back(store_.Quantifier(
          smt::Op::kForall, {element},
          store_.Implies(store_.Select(subject, element), store_.And(inner))));
    }
  }
  if (type.kind == ir::TypeKind::kEntity) {
    if (const EntitySymbols* entity = EntityByName(type.name)) {
      if (entity->sort == sort) {
        out.push_back(Valid(*entity, subject));
      }
    }
  }
  std::vector<const ir::Expr*> refinements = prepared_.RefinementsOf(type);
  if (refinements.empty()) {
    return out;
  }
  std::optional<Value> saved = value_binding_;
  value_binding_ = Value{subject, smt::kNoTerm};
  for (const ir::Expr* refinement : refinements) {
    OpenSide();
    out.push_back(CloseSide(Formula(*refinement, Polarity::kPositive), Polarity::kPositive));
  }
  value_binding_ = saved;
  return out;
}

std::vector<TermId> Encoder::StateAxioms(Mode mode) {
  std::vector<TermId> out;
  for (const StateSymbols& state : state_) {
    const Value& value = mode == Mode::kPre ? state.pre : state.post;
    const ir::Type& type = state.field->type;
    if (state.relation && type.kind == ir::TypeKind::kRelation &&
        type.multiplicity == Multiplicity::kOne) {
      // Multiplicity `one`: the relation is total.
      out.push_back(store_.Eq(value.term, store_.ConstArray(state.key_sort, store_.True())));
    }
    for (TermId axiom : TypeAxioms(type, value)) {
      out.push_back(axiom);
    }
  }
  // Facts are axioms: they hold in every state.
  Mode saved = mode_;
  for (const ir::Expr& fact : prepared_.facts) {
    mode_ = mode;
    OpenSide();
    out.push_back(CloseSide(Formula(fact, Polarity::kPositive), Polarity::kPositive));
  }
  mode_ = saved;
  return out;
}

std::vector<TermId> Encoder::EntityAxioms() {
  std::vector<TermId> out;
  for (const EntitySymbols& entity : entities_) {
    TermId self = store_.Var("self_" + entity.entity->name, entity.sort);
    bound_vars_.push_back(self);
    entity_context_ = &entity;
    self_ = self;
    std::vector<TermId> parts;
    for (const FieldSymbols& field : entity.fields) {
      Value value = FieldValue(entity, field, self);
      for (TermId axiom : TypeAxioms(field.field->type, value)) {
        parts.push_back(axiom);
      }
      auto constraint = prepared_.field_constraints.find({entity.entity->name, field.field->name});
      if (constraint != prepared_.field_constraints.end()) {
        std::optional<Value> saved = value_binding_;
        value_binding_ = value;
        OpenSide();
        parts.push_back(
            CloseSide(Formula(constraint->second, Polarity::kPositive), Polarity::kPositive));
        value_binding_ = saved;
      }
    }
    auto invariants = prepared_.entity_invariants.find(entity.entity->name);
    if (invariants != prepared_.entity_invariants.end()) {
      for (const ir::Expr& invariant : invariants->second) {
        OpenSide();
        parts.push_back(CloseSide(Formula(invariant, Polarity::kPositive), Polarity::kPositive));
      }
    }
    entity_context_ = nullptr;
    self_ = smt::kNoTerm;
    bound_vars_.pop_back();
    for (TermId part : parts) {
      TermId axiom =
          store_.Quantifier(smt::Op::kForall, {self}, store_.Implies(Valid(entity, self), part));
      if (axiom != store_.True()) {
        out.push_back(axiom);
      }
    }
  }
  return out;
}

TermId Encoder::TopLevel(const ir::Expr& e, Mode mode, Polarity polarity) {
  locals_.clear();
  bound_vars_.clear();
  side_.clear();
  mode_ = mode;
  OpenSide();
  TermId out = CloseSide(Formula(e, polarity), polarity);
  mode_ = Mode::kPre;
  return out;
}

Result<std::vector<TermId>> Encoder::BaseAxioms() {
  return Guarded<std::vector<TermId>>([&] {
    std::vector<TermId> out = EntityAxioms();
    for (TermId axiom : StateAxioms(Mode::kPre)) {
      out.push_back(axiom);
    }
    return out;
  });
}

Result<std::vector<TermId>> Encoder::PostStateAxioms() {
  return Guarded<std::vector<TermId>>([&] { return StateAxioms(Mode::kPost); });
}

Result<std::vector<TermId>> Encoder::InputAxioms() {
  return Guarded<std::vector<TermId>>([&] {
    std::vector<TermId> out;
    for (const auto& [param, value] : inputs_) {
      for (TermId axiom : TypeAxioms(param->type, value)) {
        out.push_back(axiom);
      }
    }
    return out;
  });
}

Result<std::vector<TermId>> Encoder::OutputAxioms() {
  return Guarded<std::vector<TermId>>([&] {
    std::vector<TermId> out;
    for (const auto& [param, value] : outputs_) {
      for (TermId axiom : TypeAxioms(param->type, value)) {
        out.push_back(axiom);
      }
    }
    return out;
  });
}

Result<TermId> Encoder::Invariant(std::size_t index) {
  return Guarded<TermId>(
      [&] { return TopLevel(prepared_.invariants.at(index), Mode::kPre, Polarity::kPositive); });
}

Result<TermId> Encoder::NegatedPostInvariant(std::size_t index) {
  return Guarded<TermId>([&] {
    return store_.Not(TopLevel(prepared_.invariants.at(index), Mode::kPost, Polarity::kNegative));
  });
}

Result<TermId> Encoder::Requires(std::size_t clause) {
  return Guarded<TermId>([&] {
    return TopLevel(operation_->requires_exprs.at(clause), Mode::kPre, Polarity::kPositive);
  });
}

Result<TermId> Encoder::Ensures(std::size_t clause) {
  return Guarded<TermId>([&] {
    return TopLevel(operation_->ensures_exprs.at(clause), Mode::kPre, Polarity::kPositive);
  });
}

Result<std::vector<TermId>> Encoder::FrameAxioms() {
  return Guarded<std::vector<TermId>>([&] {
    std::vector<TermId> out;
    for (std::size_t i = 0; i < state_.size() && i < frames_.size(); ++i) {
      for (TermId axiom : FrameFor(state_[i], frames_[i])) {
        out.push_back(axiom);
      }
    }
    return out;
  });
}

Result<TermId> Encoder::TemporalQuery(std::size_t index) {
  return Guarded<TermId>([&]() -> TermId {
    const ir::Temporal& temporal = module_.temporals.at(index);
    const ir::Expr& body = prepared_.temporals.at(index);
    switch (temporal.kind) {
      case ir::TemporalKind::kAlways:
        return store_.Not(TopLevel(body, Mode::kPre, Polarity::kNegative));
      case ir::TemporalKind::kEventually:
        return TopLevel(body, Mode::kPre, Polarity::kPositive);
      case ir::TemporalKind::kFairness:
        Fail("`fairness(...)` needs traces; only always(...) and eventually(...) are checked");
      case ir::TemporalKind::kInvalid:
        break;
    }
    Fail("a temporal body must be always(P), eventually(P) or fairness(Op)");
  });
}

DecodeSpec Encoder::Decoding() const {
  DecodeSpec spec;
  for (const auto& [param, value] : inputs_) {
    spec.inputs.push_back({param->name, value});
  }
  for (const auto& [param, value] : outputs_) {
    spec.outputs.push_back({param->name, value});
  }
  for (const StateSymbols& state : state_) {
    spec.state.push_back(&state);
  }
  for (const EntitySymbols& entity : entities_) {
    spec.entities.push_back(&entity);
  }
  return spec;
}

}  // namespace s2r::verify
