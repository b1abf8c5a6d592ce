// Plan derivation per operation, with the compile-error / stub policy for underivable bodies.
#include "synth/synth.h"

#include <algorithm>

#include <fmt/format.h>

#include "synth/derive_internal.h"
#include "synth/expr_util.h"

namespace s2r::synth {
namespace {

void CollectWrites(const std::vector<Step>& steps, std::vector<std::string>& written) {
  for (const Step& step : steps) {
    switch (step.kind) {
      case StepKind::kPut:
      case StepKind::kErase:
      case StepKind::kUpdateField:
      case StepKind::kSetScalar:
      case StepKind::kAppend:
        if (std::find(written.begin(), written.end(), step.target) == written.end()) {
          written.push_back(step.target);
        }
        break;
      case StepKind::kAllocate:
        if (std::find(written.begin(), written.end(), step.field) == written.end()) {
          written.push_back(step.field);
        }
        break;
      case StepKind::kBranch:
        CollectWrites(step.then_steps, written);
        CollectWrites(step.else_steps, written);
        break;
      case StepKind::kGuard:
      case StepKind::kBind:
      case StepKind::kSampleFresh:
      case StepKind::kConstruct:
      case StepKind::kCollect:
        break;
    }
  }
}

void QuoteClauses(const DerivationContext& context, std::vector<Step>& steps) {
  for (Step& step : steps) {
    if (step.origin.IsValid()) {
      step.clause = context.Quote(step.origin);
    }
    QuoteClauses(context, step.then_steps);
    QuoteClauses(context, step.else_steps);
  }
}

// Outputs that no step defines cannot be returned.
void CheckOutputsDefined(DerivationContext& context, const std::vector<Step>& steps) {
  for (const ir::Param& output : context.operation.outputs) {
    bool defined = false;
    for (const Step& step : steps) {
      defined = defined || (step.target == output.name &&
                            (step.kind == StepKind::kBind || step.kind == StepKind::kSampleFresh ||
                             step.kind == StepKind::kConstruct || step.kind == StepKind::kCollect));
    }
    if (!defined) {
      context.FailAt(output.span, fmt::format("no `ensures` clause defines output `{}`", output.name));
    }
  }
}

// The source text at `span` with every run of whitespace collapsed to one space.
std::string CollapsedSource(const SourceManager& sources, Span span) {
  std::string_view text = sources.Slice(span);
  std::string quoted;
  bool space = false;
  for (char c : text) {
    bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (blank) {
      space = !quoted.empty();
      continue;
    }
    if (space) {
      quoted.push_back(' ');
      space = false;
    }
    quoted.push_back(c);
  }
  return quoted;
}

}  // namespace

std::string DerivationContext::Quote(Span span) const { return CollapsedSource(sources, span); }

bool RejectOrStub(const ir::Operation& operation, Span clause, const std::string& reason,
                  const SourceManager& sources, const SynthOptions& options, OperationPlan& plan,
                  diag::DiagnosticSink& sink) {
  if (options.allow_stubs) {
    sink.Report(diag::StubbedOperation(clause, operation.name, reason)
                    .WithNote("the generated handler answers 501 Not Implemented"));
    plan.stub = true;
    plan.stub_reason =
        fmt::format("`{}` cannot be derived: {}", CollapsedSource(sources, clause), reason);
    plan.steps.clear();
    return true;
  }
  sink.Report(diag::UnderivableOperation(clause, operation.name, reason)
                  .WithLabel(operation.name_span, "in this operation")
                  .WithHelp("state the effect with a supported shape (see `spec-to-rest "
                            "explain E0901`), or pass --allow-stubs to emit a 501 handler"));
  return false;
}

std::vector<OperationPlan> DerivePlans(const ir::Module& module, const SourceManager& sources,
                                       diag::DiagnosticSink& sink, const SynthOptions& options) {
  std::vector<OperationPlan> plans;
  for (const ir::Operation& operation : module.operations) {
    DerivationContext context{module, operation, sources, std::nullopt};
    std::vector<Step> steps = DeriveGuards(context);
    std::vector<Step> effects = DeriveEnsures(context);
    steps.insert(steps.end(), std::make_move_iterator(effects.begin()),
                 std::make_move_iterator(effects.end()));
    steps = OrderSteps(context, std::move(steps));
    CheckOutputsDefined(context, steps);
    OperationPlan plan;
    plan.operation = operation.name;
    if (context.failure) {
      auto [span, reason] = *context.failure;
      if (RejectOrStub(operation, span, reason, sources, options, plan, sink)) {
        plans.push_back(std::move(plan));
      }
      continue;
    }
    CollectWrites(steps, plan.written_state);
    QuoteClauses(context, steps);
    plan.steps = std::move(steps);
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace s2r::synth
