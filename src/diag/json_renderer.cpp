// Machine-readable diagnostics (`--diagnostics-format json`); the schema is in docs/diagnostics.md.
#include <nlohmann/json.hpp>

#include "diag/renderer.h"

namespace s2r::diag {
namespace {

nlohmann::json Position(const SourceManager& sources, Span span) {
  LineColumn begin = sources.Locate(span.source, span.begin);
  LineColumn end = sources.Locate(span.source, span.end);
  return {{"file", std::string(sources.Name(span.source))},
          {"line", begin.line},
          {"column", begin.column},
          {"end_line", end.line},
          {"end_column", end.column}};
}

}  // namespace

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) {
    nlohmann::json item;
    item["code"] = std::string(Info(d.code).spelling);
    item["severity"] = std::string(SeverityName(d.severity));
    item["message"] = d.message;
    Span primary = d.PrimarySpan();
    item["location"] = primary.IsValid() ? Position(sources, primary) : nlohmann::json(nullptr);
    nlohmann::json labels = nlohmann::json::array();
    for (const Label& label : d.labels) {
      if (!label.span.IsValid()) {
        continue;
      }
      nlohmann::json entry = Position(sources, label.span);
      entry["primary"] = label.primary;
      entry["text"] = label.text;
      labels.push_back(std::move(entry));
    }
    item["labels"] = std::move(labels);
    item["notes"] = d.notes;
    item["helps"] = d.helps;
    out.push_back(std::move(item));
  }
  return out.dump(2) + "\n";
}

}  // namespace s2r::diag
