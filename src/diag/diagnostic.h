// Diagnostic: one message about the spec, as data (code, severity, spans, notes).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/span.h"

namespace s2r::diag {

enum class Severity { kError, kWarning, kNote };

enum class Code {
#define S2R_DIAG(code, severity, name, message_format) code,
#include "diag/codes.def"
#undef S2R_DIAG
};

// The registry entry for a code: its stable spelling, severity and format string.
struct CodeInfo {
  Code code;
  std::string_view spelling;
  Severity severity;
  std::string_view name;
  std::string_view format;
};

[[nodiscard]] const CodeInfo& Info(Code code);
[[nodiscard]] const std::vector<CodeInfo>& AllCodes();
// Looks a code up by its spelling (`E0201`, `L02`); nullptr when unknown.
[[nodiscard]] const CodeInfo* FindCode(std::string_view spelling);
[[nodiscard]] std::string_view SeverityName(Severity severity);

struct Label {
  Span span;
  std::string text;
  bool primary = false;
};

struct Diagnostic {
  Code code{};
  Severity severity = Severity::kError;
  std::string message;
  // The first primary label is where the diagnostic points; it may be absent (whole-file errors).
  std::vector<Label> labels;
  std::vector<std::string> notes;
  std::vector<std::string> helps;

  [[nodiscard]] Span PrimarySpan() const;
  Diagnostic& WithLabel(Span span, std::string text) {
    labels.push_back({span, std::move(text), false});
    return *this;
  }
  Diagnostic& WithNote(std::string text) {
    notes.push_back(std::move(text));
    return *this;
  }
  Diagnostic& WithHelp(std::string text) {
    helps.push_back(std::move(text));
    return *this;
  }
};

// One factory per registry line, e.g. diag::UndefinedIdentifier(span, name). Arguments are
// checked against the format string at compile time by fmt.
#define S2R_DIAG(code, severity, name, message_format)                                           \
  template <typename... Args>                                                            \
  [[nodiscard]] Diagnostic name(Span span, Args&&... args) {                             \
    Diagnostic d{Code::code, Severity::k##severity,                                      \
                 fmt::format(message_format, std::forward<Args>(args)...), {}, {}, {}};          \
    if (span.IsValid()) {                                                                \
      d.labels.push_back({span, {}, true});                                              \
    }                                                                                    \
    return d;                                                                            \
  }
#include "diag/codes.def"
#undef S2R_DIAG

}  // namespace s2r::diag
