// Human and JSON renderings of a verification report.
#include "verify/report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "diag/renderer.h"

namespace s2r::verify {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kDim = "\x1b[2m";

std::string Paint(bool color, std::string_view style, std::string_view text) {
  return color ? fmt::format("{}{}{}", style, text, kReset) : std::string(text);
}

diag::Code CodeFor(Category category) {
  switch (category) {
    case Category::kContradictoryInvariants:
      return diag::Code::E0501;
    case Category::kUnsatisfiablePrecondition:
      return diag::Code::E0502;
    case Category::kUnreachableOperation:
      return diag::Code::E0503;
    case Category::kContradictoryEnsures:
      return diag::Code::E0504;
    case Category::kInvariantViolation:
      return diag::Code::E0505;
    case Category::kTemporalViolation:
      return diag::Code::E0506;
    case Category::kSolverTimeout:
      return diag::Code::E0507;
    case Category::kTranslatorLimitation:
      return diag::Code::E0508;
    case Category::kSoundnessLimitation:
      return diag::Code::E0509;
    case Category::kBackendError:
      return diag::Code::E0510;
    case Category::kNotApplicable:
      return diag::Code::E0511;
  }
  return diag::Code::E0510;
}

std::string Location(const SourceManager& sources, Span span) {
  if (!span.IsValid() || !sources.Contains(span.source)) {
    return "<unknown>";
  }
  LineColumn where = sources.Locate(span.source, span.begin);
  return fmt::format("{}:{}:{}", sources.Name(span.source), where.line, where.column);
}

bool IsFailure(const CheckResult& check) {
  return check.status == CheckStatus::kUnsat || check.status == CheckStatus::kUnknown;
}

std::string Row(const CheckResult& check, bool color, std::size_t id_width) {
  std::string icon;
  switch (check.status) {
    case CheckStatus::kSat:
      icon = Paint(color, kGreen, "\u2714");
      break;
    case CheckStatus::kSkipped:
      icon = Paint(color, kYellow, "\u00b7");
      break;
    case CheckStatus::kUnsat:
    case CheckStatus::kUnknown:
      icon = Paint(color, kRed, "\u2718");
      break;
  }
  std::string line = fmt::format("  {} {:<7} {:<13} {:<{}} {:<8} {:>8.1f}", icon, "[z3]",
                                 fmt::format("[{}]", TrustToken(check.trust)), check.id, id_width,
                                 StatusToken(check.status), check.duration_ms);
  if (!check.detail.empty()) {
    line += " \u2014 " + check.detail;
  }
  return line;
}

void AppendCounterexample(std::string& out, const Counterexample& cx) {
  out += "  Counterexample:\n";
  auto section = [&](std::string_view title, const std::vector<CxBinding>& bindings) {
    if (bindings.empty()) {
      return;
    }
    out += fmt::format("    {}:\n", title);
    for (const CxBinding& binding : bindings) {
      out += fmt::format("      {} = {}\n", binding.name, binding.value.display);
    }
  };
  section("inputs", cx.inputs);
  section("outputs", cx.outputs);
  if (!cx.entities.empty()) {
    out += "    entities:\n";
    for (const CxEntity& entity : cx.entities) {
      std::vector<std::string> fields;
      for (const CxField& field : entity.fields) {
        fields.push_back(fmt::format("{} = {}", field.name, field.value.display));
      }
      out += fmt::format("      {} {{ {} }}\n", entity.label, fmt::join(fields, ", "));
    }
  }
  bool has_post = false;
  for (const CxRelation& relation : cx.relations) {
    has_post = has_post || relation.post;
  }
  for (const CxConstant& constant : cx.constants) {
    has_post = has_post || constant.post;
  }
  for (int side = 0; side < 2; ++side) {
    bool post = side == 1;
    std::vector<std::string> lines;
    for (const CxRelation& relation : cx.relations) {
      if (relation.post != post) {
        continue;
      }
      std::vector<std::string> entries;
      for (const CxEntry& entry : relation.entries) {
        entries.push_back(fmt::format("{} \u2192 {}", entry.key.display, entry.value.display));
      }
      lines.push_back(fmt::format("      {}{} = {{{}}}", relation.state, post ? "'" : "",
                                  fmt::join(entries, ", ")));
    }
    for (const CxConstant& constant : cx.constants) {
      if (constant.post == post) {
        lines.push_back(fmt::format("      {}{} = {}", constant.state, post ? "'" : "",
                                    constant.value.display));
      }
    }
    if (!lines.empty()) {
      out += post ? "    post-state:\n" : has_post ? "    pre-state:\n" : "    state:\n";
      for (const std::string& line : lines) {
        out += line + "\n";
      }
    }
  }
}

std::string Summary(const VerifyReport& report, const TextOptions& options) {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t translator = 0;
  std::size_t soundness = 0;
  std::size_t other = 0;
  for (const CheckResult& check : report.checks) {
    if (check.status == CheckStatus::kSat) {
      ++passed;
    } else if (IsFailure(check)) {
      ++failed;
    } else if (check.diagnostic && check.diagnostic->category == Category::kTranslatorLimitation) {
      ++translator;
    } else if (check.diagnostic && check.diagnostic->category == Category::kSoundnessLimitation) {
      ++soundness;
    } else {
      ++other;
    }
  }
  std::size_t skipped = translator + soundness + other;
  std::size_t total = report.checks.size();
  std::string time = fmt::format("({:.0f}ms)", report.total_ms);
  std::string breakdown =
      skipped == 0 ? ""
                   : fmt::format(" ({} translator coverage; {} soundness coverage; {} other)",
                                 translator, soundness, other);
  if (failed == 0 && skipped == 0) {
    return Paint(options.color, kGreen, "\u2714 ") +
           fmt::format("{}: {}/{} consistency checks passed {}", options.spec_path, passed, total,
                       time);
  }
  if (failed == 0) {
    return Paint(options.color, kYellow, "\u26a0 ") +
           fmt::format("{}: {}/{} checks passed; {} skipped{} {}", options.spec_path, passed,
                       total, skipped, breakdown, time);
  }
  return Paint(options.color, kRed, "\u2718 ") +
         fmt::format("{}: {} failure(s), {} skipped{} in {} consistency checks {}",
                     options.spec_path, failed, skipped, breakdown, total, time);
}

Json SpanJson(const SourceManager& sources, Span span) {
  if (!span.IsValid() || !sources.Contains(span.source)) {
    return nullptr;
  }
  LineColumn begin = sources.Locate(span.source, span.begin);
  LineColumn end = sources.Locate(span.source, span.end);
  // Reference layout: 1-based lines, 0-based columns, exclusive end.
  return Json{{"startLine", begin.line},
              {"startCol", begin.column - 1},
              {"endLine", end.line},
              {"endCol", end.column - 1}};
}

Json NotesJson(const SourceManager& sources, const std::vector<SpanNote>& notes) {
  Json out = Json::array();
  for (const SpanNote& note : notes) {
    out.push_back(Json{{"span", SpanJson(sources, note.span)}, {"note", note.note}});
  }
  return out;
}

Json ValueJson(const CxValue& value) {
  return Json{{"display", value.display},
              {"entityLabel", value.label.empty() ? Json(nullptr) : Json(value.label)}};
}

Json CounterexampleJson(const Counterexample& cx) {
  Json entities = Json::array();
  for (const CxEntity& entity : cx.entities) {
    Json fields = Json::array();
    for (const CxField& field : entity.fields) {
      fields.push_back(Json{{"name", field.name}, {"value", ValueJson(field.value)}});
    }
    entities.push_back(Json{{"sortName", entity.sort},
                            {"label", entity.label},
                            {"rawElement", entity.raw},
                            {"fields", fields}});
  }
  Json relations = Json::array();
  for (const CxRelation& relation : cx.relations) {
    Json entries = Json::array();
    for (const CxEntry& entry : relation.entries) {
      entries.push_back(Json{{"key", ValueJson(entry.key)}, {"value", ValueJson(entry.value)}});
    }
    relations.push_back(Json{{"stateName", relation.state},
                             {"side", relation.post ? "post" : "pre"},
                             {"entries", entries}});
  }
  Json constants = Json::array();
  for (const CxConstant& constant : cx.constants) {
    constants.push_back(Json{{"stateName", constant.state},
                             {"side", constant.post ? "post" : "pre"},
                             {"value", ValueJson(constant.value)}});
  }
  auto bindings = [](const std::vector<CxBinding>& list) {
    Json out = Json::array();
    for (const CxBinding& binding : list) {
      out.push_back(Json{{"name", binding.name}, {"value", ValueJson(binding.value)}});
    }
    return out;
  };
  return Json{{"entities", entities},
              {"stateRelations", relations},
              {"stateConstants", constants},
              {"inputs", bindings(cx.inputs)},
              {"outputs", bindings(cx.outputs)}};
}

Json DiagnosticJson(const SourceManager& sources, const CheckDiagnostic& d) {
  std::string narrative;
  for (const std::string& line : d.narrative) {
    narrative += (narrative.empty() ? "" : "\n") + line;
  }
  return Json{{"level", d.is_error ? "error" : "warning"},
              {"code", diag::Info(CodeFor(d.category)).spelling},
              {"category", CategoryToken(d.category)},
              {"message", d.message},
              {"primarySpan", d.primary_span ? SpanJson(sources, *d.primary_span) : Json(nullptr)},
              {"relatedSpans", NotesJson(sources, d.related)},
              {"counterexample",
               d.counterexample ? CounterexampleJson(*d.counterexample) : Json(nullptr)},
              {"suggestion", d.suggestion.empty() ? Json(nullptr) : Json(d.suggestion)},
              {"coreSpans", NotesJson(sources, d.core)},
              {"narrative", narrative.empty() ? Json(nullptr) : Json(narrative)}};
}

}  // namespace

diag::Diagnostic ToDiagnostic(const CheckResult& check) {
  diag::Diagnostic out;
  if (!check.diagnostic) {
    return out;
  }
  const CheckDiagnostic& d = *check.diagnostic;
  out.code = CodeFor(d.category);
  out.severity = d.is_error ? diag::Severity::kError : diag::Severity::kWarning;
  out.message = d.message;
  if (d.primary_span && d.primary_span->IsValid()) {
    out.labels.push_back({*d.primary_span, std::string(KindToken(check.kind)) + " check `" +
                                               check.id + "`",
                          true});
  }
  for (const SpanNote& related : d.related) {
    out.labels.push_back({related.span, related.note, false});
  }
  for (const SpanNote& core : d.core) {
    out.labels.push_back({core.span, "unsat core: " + core.note, false});
  }
  if (!d.suggestion.empty()) {
    out.helps.push_back(d.suggestion);
  }
  return out;
}

std::string RenderText(const VerifyReport& report, const SourceManager& sources,
                       const TextOptions& options) {
  std::string out = Summary(report, options) + "\n";
  std::size_t id_width = 28;
  for (const CheckResult& check : report.checks) {
    id_width = std::max(id_width, check.id.size());
  }
  for (const CheckResult& check : report.checks) {
    if (!options.quiet || check.status != CheckStatus::kSat) {
      out += Row(check, options.color, id_width) + "\n";
    }
  }
  diag::RenderOptions render;
  render.color = options.color;
  for (const CheckResult& check : report.checks) {
    if (!check.diagnostic) {
      continue;
    }
    const CheckDiagnostic& d = *check.diagnostic;
    diag::Diagnostic rendered = ToDiagnostic(check);
    // The hint goes last, after the counterexample and the narration.
    rendered.helps.clear();
    out += "\n" + diag::Render(rendered, sources, render);
    if (!d.core.empty()) {
      out += "  unsat core (contributing assertions):\n";
      for (const SpanNote& core : d.core) {
        out += fmt::format("    {}  {}\n", Location(sources, core.span), core.note);
      }
    }
    if (d.counterexample) {
      AppendCounterexample(out, *d.counterexample);
    }
    for (const std::string& line : d.narrative) {
      out += "  " + line + "\n";
    }
    if (!d.suggestion.empty()) {
      out += "  hint: " + d.suggestion + "\n";
    }
  }
  int code = ExitCode(report);
  if (code != 0) {
    std::string line = fmt::format("{}: exit {} ({}): {}", options.spec_path, code,
                                   ExitLabel(code), ExitMeaning(code));
    bool error = code == 1 || code == 3;
    out += "\n" + Paint(options.color, error ? kRed : kYellow, error ? "\u2718 " : "\u26a0 ") +
           line + "\n";
    out += Paint(options.color, kDim,
                 "exit codes: 0 ok | 1 violations | 2 translator-limit | 3 backend-error | 4 "
                 "trust-limit") +
           "\n";
  }
  return out;
}

std::string RenderJson(const VerifyReport& report, const SourceManager& sources,
                       std::string_view spec_path) {
  Json checks = Json::array();
  for (const CheckResult& check : report.checks) {
    Json spans = Json::array();
    for (Span span : check.source_spans) {
      spans.push_back(SpanJson(sources, span));
    }
    checks.push_back(Json{
        {"id", check.id},
        {"kind", KindToken(check.kind)},
        {"tool", "z3"},
        {"trust", TrustToken(check.trust)},
        {"operationName", check.operation.empty() ? Json(nullptr) : Json(check.operation)},
        {"invariantName", check.invariant.empty() ? Json(nullptr) : Json(check.invariant)},
        {"status", StatusToken(check.status)},
        {"rawStatus", check.raw_status},
        {"durationMs", std::round(check.duration_ms * 1000.0) / 1000.0},
        {"detail", check.detail.empty() ? Json(nullptr) : Json(check.detail)},
        {"sourceSpans", spans},
        {"diagnostic",
         check.diagnostic ? DiagnosticJson(sources, *check.diagnostic) : Json(nullptr)}});
  }
  Json root{{"schemaVersion", 2},
            {"specFile", spec_path},
            {"ok", report.ok},
            {"exitCode", ExitCode(report)},
            {"totalMs", std::round(report.total_ms * 1000.0) / 1000.0},
            {"checks", checks}};
  return root.dump(2) + "\n";
}

}  // namespace s2r::verify
