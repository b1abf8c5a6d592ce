// Unit execution: translate the components of a unit, assert them incrementally and decide each
// check with push/pop, in plan order.
#include "verify/runner.h"

#include <fmt/format.h>

#include "verify/encode/encoder.h"
#include "verify/smt/session.h"

namespace s2r::verify {
namespace {

using smt::TermId;

// Translated assertions of one part of a check (base axioms, requires, invariants, ...).
struct Component {
  std::vector<TermId> terms;
  // Assertions that point at a clause; reported in unsat cores.
  std::vector<std::pair<TermId, SpanNote>> tracked;
  std::optional<std::string> error;

  void Add(const Result<std::vector<TermId>>& result) {
    if (!result) {
      error = error ? error : std::optional<std::string>(result.error().message);
      return;
    }
    terms.insert(terms.end(), result->begin(), result->end());
  }
  void AddTracked(const Result<TermId>& result, Span span, std::string note) {
    if (!result) {
      error = error ? error : std::optional<std::string>(result.error().message);
      return;
    }
    tracked.emplace_back(*result, SpanNote{span, std::move(note)});
  }
};

CxValue ToCx(const smt::ModelValue& value) { return CxValue{value.display, value.label}; }

// Sequences in counterexamples show at most this many items.
constexpr std::size_t kShownItems = 20;

std::string ShowEntries(const std::vector<smt::ModelEntry>& entries) {
  std::vector<std::string> parts;
  for (const smt::ModelEntry& entry : entries) {
    parts.push_back(entry.key.display + " \u2192 " + entry.value.display);
  }
  return "{" + fmt::format("{}", fmt::join(parts, ", ")) + "}";
}

// What a check is expected to answer when the spec is right: consistency checks (global,
// requires, enabled, ensures, eventually) expect sat, preservation and `always` expect unsat.
// The solving strategy differs: sat needs model finding (MBQI, concrete strings), unsat needs
// instantiation (E-matching), for which the string abstraction is usually enough.
enum class Expect { kSat, kUnsat };

class UnitRunner {
 public:
  UnitRunner(const PreparedModule& prepared, const Plan& plan, const Unit& unit,
             const VerifyOptions& options, smt::SolverContext& context,
             std::vector<Outcome>& outcomes)
      : prepared_(prepared),
        plan_(plan),
        unit_(unit),
        options_(options),
        context_(context),
        outcomes_(outcomes),
        encoder_(prepared, store_, unit.operation) {}

  void Run() {
    for (std::size_t index : unit_.checks) {
      pending_.push_back(index);
    }
    try {
      session_ = std::make_unique<smt::Session>(context_, store_);
      if (unit_.operation < 0) {
        RunGlobal();
      } else {
        RunOperation();
      }
    } catch (const smt::BackendError& error) {
      for (std::size_t index : pending_) {
        Outcome& outcome = outcomes_[index];
        outcome = Outcome{};
        outcome.status = CheckStatus::kUnknown;
        outcome.raw_status = "unknown";
        outcome.category = Category::kBackendError;
        outcome.reason = error.message;
      }
    }
  }

 private:
  void Done(std::size_t index) { std::erase(pending_, index); }

  void AssertComponent(const Component& component) {
    for (TermId term : component.terms) {
      session_->Assert(term);
    }
    for (const auto& [term, note] : component.tracked) {
      if (options_.explain) {
        session_->AssertTracked(term, static_cast<std::uint32_t>(labels_.size()));
        labels_.push_back(note);
      } else {
        session_->Assert(term);
      }
    }
  }

  // Levels of the operation stack: 1 = base, inputs, requires; 2 = + invariants; 3 = + post-state,
  // outputs, ensures, frame. errors_[k] is the first translation error up to level k.
  void SetLevel(int wanted) {
    while (level_ > wanted) {
      session_->Pop();
      --level_;
    }
    while (level_ < wanted) {
      ++level_;
      session_->Push();
      if (!errors_[static_cast<std::size_t>(level_)]) {
        AssertComponent(levels_[static_cast<std::size_t>(level_)]);
      }
    }
  }

  double Now() const { return options_.clock ? options_.clock() : 0.0; }

  // Why the check cannot run, if it cannot.
  bool Skip(std::size_t index, const std::optional<std::string>& error) {
    const PlannedCheck& check = plan_.checks[index];
    Outcome& outcome = outcomes_[index];
    // Trust is decided before translation, as in the reference.
    if (check.outside_subset) {
      Done(index);
      outcome.status = CheckStatus::kSkipped;
      outcome.category = Category::kSoundnessLimitation;
      outcome.reason = *check.outside_subset;
      return true;
    }
    if (error) {
      Done(index);
      outcome.status = CheckStatus::kSkipped;
      outcome.category = Category::kTranslatorLimitation;
      outcome.reason = *error;
      return true;
    }
    return false;
  }

  static bool TimedOut(const smt::SolveResult& result) {
    return result.status == smt::SolverStatus::kUnknown &&
           (result.reason == "timeout" || result.reason == "canceled");
  }

  // Solves the current stack with the strategy for the expected answer. All attempts share
  // the check's timeout; an attempt that times out ends the check.
  smt::SolveResult Decide(Expect expect) {
    double start = Now();
    auto config_for = [&](bool concrete, bool ematching) {
      smt::CheckConfig config;
      config.concrete = concrete;
      config.ematching = ematching;
      config.timeout_ms = options_.timeout_ms;
      if (options_.timeout_ms != 0 && options_.clock) {
        double left = static_cast<double>(options_.timeout_ms) - (Now() - start);
        config.timeout_ms = static_cast<std::uint32_t>(std::max(1.0, left));
      }
      return config;
    };
    if (expect == Expect::kSat) {
      // Model finding with regexes over quantified data is very slow in Z3 4.8.12, so
      // consistency checks treat regex membership and string length as uninterpreted
      // (docs/verify-json.md, "String abstraction"); MBQI alone finds models fastest. MBQI
      // run times are heavy-tailed: the first attempt gets half the budget, and a restart
      // with another seed the rest.
      smt::CheckConfig first = config_for(false, false);
      bool restart = options_.timeout_ms != 0 && options_.clock;
      if (restart) {
        first.timeout_ms = std::max<std::uint32_t>(1, first.timeout_ms / 2);
      }
      smt::SolveResult result = session_->Check(first);
      if (result.status == smt::SolverStatus::kUnknown && TimedOut(result) && restart) {
        smt::CheckConfig second = config_for(false, false);
        second.seed = 7;
        result = session_->Check(second);
      } else if (result.status == smt::SolverStatus::kUnknown && !TimedOut(result)) {
        result = session_->Check(config_for(false, true));
      }
      return result;
    }
    bool strings = session_->UsesStringTheory();
    smt::SolveResult result = session_->Check(config_for(!strings, true));
    if (result.status == smt::SolverStatus::kUnsat || TimedOut(result)) {
      return result;
    }
    if (strings) {
      // The abstraction may have produced a spurious model: confirm with real strings. That is
      // model finding, which MBQI alone does best.
      result = session_->Check(config_for(true, false));
      if (result.status == smt::SolverStatus::kUnknown && !TimedOut(result)) {
        result = session_->Check(config_for(true, true));
      }
      return result;
    }
    if (result.status == smt::SolverStatus::kUnknown) {
      smt::SolveResult retry = session_->Check(config_for(true, false));
      if (retry.status != smt::SolverStatus::kUnknown) {
        result = retry;
      }
    }
    return result;
  }

  // The script of the first solver attempt: the form and E-matching setting Decide starts with,
  // so replaying it with Z3 reproduces the in-process answer.
  std::string DumpText(const PlannedCheck& check, Expect expect) const {
    bool strings = session_->UsesStringTheory();
    bool concrete = expect == Expect::kUnsat && !strings;
    bool ematching = expect == Expect::kUnsat;
    std::string header = fmt::format(
        "; spec-to-rest verify: check {}\n"
        "; passes when the solver answers {}\n"
        "; form: {}\n",
        check.id, expect == Expect::kSat ? "sat" : "unsat",
        concrete || !strings ? "exact"
                             : "string abstraction (regex membership `matches!N` and string "
                               "length `len!String` uninterpreted)");
    if (!ematching) {
      header += "(set-option :smt.ematching false)\n";
    }
    return header + session_->ToSmtLib(concrete);
  }

  // Runs one check on the current stack; returns the raw answer when it was decided.
  std::optional<smt::SolverStatus> Solve(std::size_t index, Expect expect) {
    const PlannedCheck& check = plan_.checks[index];
    Outcome& outcome = outcomes_[index];
    Done(index);
    if (options_.dump_smt) {
      options_.dump_smt(check.id, DumpText(check, expect));
    }
    double start = Now();
    smt::SolveResult result = Decide(expect);
    outcome.duration_ms = Now() - start;
    switch (result.status) {
      case smt::SolverStatus::kSat:
        outcome.raw_status = "sat";
        return result.status;
      case smt::SolverStatus::kUnsat:
        outcome.raw_status = "unsat";
        if (options_.explain) {
          for (std::uint32_t label : session_->UnsatCore()) {
            outcome.core.push_back(labels_.at(label));
          }
        }
        return result.status;
      case smt::SolverStatus::kUnknown:
        outcome.raw_status = "unknown";
        outcome.status = CheckStatus::kUnknown;
        outcome.category = Category::kSolverTimeout;
        outcome.reason = result.reason.empty() ? "unknown" : result.reason;
        return std::nullopt;
    }
    return std::nullopt;
  }

  // Maps a decided raw status: `inverted` checks pass when unsat (preservation, always).
  void Verdict(std::size_t index, smt::SolverStatus raw, bool inverted, Category failure) {
    Outcome& outcome = outcomes_[index];
    bool passed = (raw == smt::SolverStatus::kSat) != inverted;
    outcome.status = passed ? CheckStatus::kSat : CheckStatus::kUnsat;
    if (!passed) {
      outcome.category = failure;
    }
  }

  // A check implied by a stronger sat check of the same unit (the model of `ensures` satisfies
  // `enabled` and `requires`): reported sat without its own solver call.
  void Implied(std::size_t index) {
    Outcome& outcome = outcomes_[index];
    Done(index);
    outcome.status = CheckStatus::kSat;
    outcome.raw_status = "implied";
  }

  void NotApplicable(std::size_t index, std::string reason) {
    Outcome& outcome = outcomes_[index];
    Done(index);
    outcome.status = CheckStatus::kSkipped;
    outcome.category = Category::kNotApplicable;
    outcome.reason = std::move(reason);
  }

  Component Invariants() {
    Component component;
    const ir::Module& module = *prepared_.module;
    for (std::size_t i = 0; i < prepared_.invariants.size(); ++i) {
      component.AddTracked(encoder_.Invariant(i), module.invariants[i].expr.span,
                           fmt::format("invariant `{}`", prepared_.invariant_names[i]));
    }
    return component;
  }

  // Re-solves the current stack in a fresh context, so the counterexample shown does not
  // depend on which worker (and which earlier units) solved the check.
  Counterexample DecodeFresh(bool with_post) {
    smt::SolverContext fresh_context;
    smt::Session fresh(fresh_context, store_);
    session_->ReplayInto(fresh);
    smt::CheckConfig config;
    config.timeout_ms = options_.timeout_ms;
    config.concrete = true;
    config.ematching = false;
    smt::SolveResult result = fresh.Check(config);
    if (result.status != smt::SolverStatus::kSat) {
      config.ematching = true;
      result = fresh.Check(config);
    }
    return Decode(result.status == smt::SolverStatus::kSat ? fresh : *session_, with_post);
  }

  void RunGlobal() {
    Component base;
    base.Add(encoder_.BaseAxioms());
    Component invariants = Invariants();
    std::optional<std::string> error = base.error ? base.error : invariants.error;
    if (!error) {
      AssertComponent(base);
      AssertComponent(invariants);
    }
    const ir::Module& module = *prepared_.module;
    for (std::size_t index : unit_.checks) {
      const PlannedCheck& check = plan_.checks[index];
      if (check.kind == CheckKind::kGlobal) {
        if (Skip(index, error)) {
          continue;
        }
        if (auto raw = Solve(index, Expect::kSat)) {
          Verdict(index, *raw, false, Category::kContradictoryInvariants);
        }
        continue;
      }
      auto which = static_cast<std::size_t>(check.temporal);
      const ir::Temporal& temporal = module.temporals.at(which);
      Result<TermId> query = encoder_.TemporalQuery(which);
      std::optional<std::string> query_error = error;
      if (!query_error && !query) {
        query_error = query.error().message;
      }
      if (Skip(index, query_error)) {
        continue;
      }
      bool always = temporal.kind == ir::TemporalKind::kAlways;
      session_->Push();
      Component component;
      component.AddTracked(*query, temporal.span,
                           fmt::format("temporal property `{}`", temporal.name));
      AssertComponent(component);
      if (auto raw = Solve(index, always ? Expect::kUnsat : Expect::kSat)) {
        Verdict(index, *raw, always, Category::kTemporalViolation);
        if (*raw == smt::SolverStatus::kSat && always) {
          outcomes_[index].counterexample = DecodeFresh(false);
        }
      }
      session_->Pop();
    }
  }

  void RunOperation() {
    const PreparedOperation& op =
        prepared_.operations.at(static_cast<std::size_t>(unit_.operation));
    const std::string& name = op.operation->name;
    const ir::Module& module = *prepared_.module;
    Component first;
    first.Add(encoder_.BaseAxioms());
    first.Add(encoder_.InputAxioms());
    for (std::size_t i = 0; i < op.requires_exprs.size(); ++i) {
      first.AddTracked(encoder_.Requires(i), op.operation->requires_exprs[i].span,
                       fmt::format("requires clause {} of `{}`", i + 1, name));
    }
    Component post;
    post.Add(encoder_.PostStateAxioms());
    post.Add(encoder_.OutputAxioms());
    for (std::size_t i = 0; i < op.ensures_exprs.size(); ++i) {
      post.AddTracked(encoder_.Ensures(i), op.operation->ensures_exprs[i].span,
                      fmt::format("ensures clause {} of `{}`", i + 1, name));
    }
    post.Add(encoder_.FrameAxioms());
    levels_ = {Component{}, first, Invariants(), post};
    errors_.assign(4, std::nullopt);
    for (std::size_t k = 1; k < 4; ++k) {
      errors_[k] = errors_[k - 1] ? errors_[k - 1] : levels_[k].error;
    }
    if (!errors_[1]) {
      AssertComponent(levels_[1]);
    }
    level_ = 1;

    std::size_t requires_index = 0;
    std::size_t enabled_index = 0;
    std::size_t ensures_index = 0;
    for (std::size_t index : unit_.checks) {
      switch (plan_.checks[index].kind) {
        case CheckKind::kRequires:
          requires_index = index;
          break;
        case CheckKind::kEnabled:
          enabled_index = index;
          break;
        case CheckKind::kEnsures:
          ensures_index = index;
          break;
        default:
          break;
      }
    }
    RunConsistency(requires_index, enabled_index, ensures_index, name);

    bool vacuous = outcomes_[ensures_index].status == CheckStatus::kUnsat;
    SetLevel(3);
    for (std::size_t index : unit_.checks) {
      const PlannedCheck& check = plan_.checks[index];
      if (check.kind != CheckKind::kPreservation) {
        continue;
      }
      if (vacuous) {
        NotApplicable(index, fmt::format("the ensures of `{}` are unsatisfiable, so every "
                                         "invariant would hold vacuously (see `{}.ensures`)",
                                         name, name));
        continue;
      }
      auto invariant = static_cast<std::size_t>(check.invariant);
      Result<TermId> negated = encoder_.NegatedPostInvariant(invariant);
      std::optional<std::string> error = errors_[3];
      if (!error && !negated) {
        error = negated.error().message;
      }
      if (Skip(index, error)) {
        continue;
      }
      session_->Push();
      Component component;
      component.AddTracked(*negated, module.invariants[invariant].span,
                           fmt::format("invariant `{}` in the post-state",
                                       prepared_.invariant_names[invariant]));
      AssertComponent(component);
      if (auto raw = Solve(index, Expect::kUnsat)) {
        Verdict(index, *raw, true, Category::kInvariantViolation);
        if (*raw == smt::SolverStatus::kSat) {
          outcomes_[index].counterexample = DecodeFresh(true);
        }
      }
      session_->Pop();
    }
  }

  // requires, enabled and ensures: the strongest runnable check first, since its model also
  // satisfies the weaker ones.
  void RunConsistency(std::size_t requires_index, std::size_t enabled_index,
                      std::size_t ensures_index, const std::string& name) {
    struct Step {
      std::size_t index;
      int level;
      Category failure;
    };
    const Step steps[] = {{ensures_index, 3, Category::kContradictoryEnsures},
                          {enabled_index, 2, Category::kUnreachableOperation},
                          {requires_index, 1, Category::kUnsatisfiablePrecondition}};
    bool implied = false;
    std::optional<CheckStatus> enabled_status;
    for (const Step& step : steps) {
      if (implied) {
        Implied(step.index);
        continue;
      }
      if (Skip(step.index, errors_[static_cast<std::size_t>(step.level)])) {
        continue;
      }
      SetLevel(step.level);
      if (auto raw = Solve(step.index, Expect::kSat)) {
        Verdict(step.index, *raw, false, step.failure);
        implied = *raw == smt::SolverStatus::kSat;
      }
    }
    // An unreachable operation has no post-state to speak of: its ensures check is moot.
    enabled_status = outcomes_[enabled_index].status;
    if (enabled_status == CheckStatus::kUnsat &&
        outcomes_[ensures_index].status == CheckStatus::kUnsat) {
      Outcome& outcome = outcomes_[ensures_index];
      outcome = Outcome{};
      outcome.status = CheckStatus::kSkipped;
      outcome.category = Category::kNotApplicable;
      outcome.reason = fmt::format("operation `{}` is unreachable (see `{}.enabled`)", name, name);
    }
  }

  static CxValue ValueOf(const smt::Session& session, const Value& value,
                         const std::vector<TermId>& extra_keys) {
    if (value.IsRelation()) {
      return CxValue{ShowEntries(session.RelationEntries(value.term, value.map, extra_keys)), ""};
    }
    if (value.IsSequence()) {
      bool truncated = false;
      std::vector<std::string> items;
      for (const smt::ModelValue& item :
           session.SequenceItems(value.term, value.map, kShownItems, truncated)) {
        items.push_back(item.display);
      }
      if (truncated) {
        items.push_back("\u2026");
      }
      return CxValue{"[" + fmt::format("{}", fmt::join(items, ", ")) + "]", ""};
    }
    return ToCx(session.Evaluate(value.term));
  }

  // Reads the model of the last sat check: entities, inputs, outputs, pre- and post-state.
  Counterexample Decode(const smt::Session& session, bool with_post) const {
    Counterexample out;
    DecodeSpec spec = encoder_.Decoding();
    std::vector<TermId> keys;
    for (const auto& bindings : {spec.inputs, spec.outputs}) {
      for (const DecodeSpec::Binding& binding : bindings) {
        if (!binding.value.IsRelation()) {
          keys.push_back(binding.value.term);
        }
      }
    }
    for (const EntitySymbols* entity : spec.entities) {
      // Only valid elements are entity values; the rest of the sort is unconstrained filler.
      std::vector<smt::FuncId> funcs{entity->valid};
      std::vector<std::string> names;
      for (const FieldSymbols& field : entity->fields) {
        if (field.shape == Shape::kPlain) {
          funcs.push_back(field.func);
          names.push_back(field.field->name);
        }
      }
      std::vector<smt::ModelValue> universe = session.Universe(entity->sort);
      std::vector<std::vector<smt::ModelValue>> rows = session.ElementFields(entity->sort, funcs);
      for (std::size_t i = 0; i < universe.size() && i < rows.size(); ++i) {
        if (rows[i][0].display != "true") {
          continue;
        }
        CxEntity cx;
        cx.sort = entity->entity->name;
        cx.label = universe[i].label;
        cx.raw = universe[i].raw;
        for (std::size_t f = 0; f < names.size(); ++f) {
          cx.fields.push_back({names[f], ToCx(rows[i][f + 1])});
        }
        out.entities.push_back(std::move(cx));
      }
    }
    for (const DecodeSpec::Binding& binding : spec.inputs) {
      out.inputs.push_back({binding.name, ValueOf(session, binding.value, keys)});
    }
    for (const DecodeSpec::Binding& binding : spec.outputs) {
      out.outputs.push_back({binding.name, ValueOf(session, binding.value, keys)});
    }
    for (int side = 0; side < (with_post ? 2 : 1); ++side) {
      bool post = side == 1;
      for (const StateSymbols* state : spec.state) {
        const Value& value = post ? state->post : state->pre;
        if (state->relation) {
          std::vector<TermId> same_sort;
          for (TermId key : keys) {
            if (store_.SortOf(key) == state->key_sort) {
              same_sort.push_back(key);
            }
          }
          CxRelation relation;
          relation.state = state->field->name;
          relation.post = post;
          for (const smt::ModelEntry& entry :
               session.RelationEntries(value.term, value.map, same_sort)) {
            relation.entries.push_back({ToCx(entry.key), ToCx(entry.value)});
          }
          out.relations.push_back(std::move(relation));
        } else {
          out.constants.push_back({state->field->name, post, ValueOf(session, value, keys)});
        }
      }
    }
    return out;
  }

  const PreparedModule& prepared_;
  const Plan& plan_;
  const Unit& unit_;
  const VerifyOptions& options_;
  smt::SolverContext& context_;
  std::vector<Outcome>& outcomes_;
  smt::TermStore store_;
  Encoder encoder_;
  std::unique_ptr<smt::Session> session_;
  std::vector<SpanNote> labels_;
  std::vector<std::size_t> pending_;
  std::vector<Component> levels_;
  std::vector<std::optional<std::string>> errors_;
  int level_ = 0;
};

}  // namespace

void RunUnit(const PreparedModule& prepared, const Plan& plan, const Unit& unit,
             const VerifyOptions& options, smt::SolverContext& context,
             std::vector<Outcome>& outcomes) {
  UnitRunner runner(prepared, plan, unit, options, context, outcomes);
  runner.Run();
}

}  // namespace s2r::verify
