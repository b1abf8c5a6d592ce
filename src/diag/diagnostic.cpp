// The registry table generated from codes.def.
#include "diag/diagnostic.h"

namespace s2r::diag {

const std::vector<CodeInfo>& AllCodes() {
  static const std::vector<CodeInfo> kCodes = {
#define S2R_DIAG(code, severity, name, message_format) \
  {Code::code, #code, Severity::k##severity, #name, message_format},
#include "diag/codes.def"
#undef S2R_DIAG
  };
  return kCodes;
}

const CodeInfo& Info(Code code) { return AllCodes()[static_cast<std::size_t>(code)]; }

const CodeInfo* FindCode(std::string_view spelling) {
  for (const CodeInfo& info : AllCodes()) {
    if (info.spelling == spelling) {
      return &info;
    }
  }
  return nullptr;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

Span Diagnostic::PrimarySpan() const {
  for (const Label& label : labels) {
    if (label.primary) {
      return label.span;
    }
  }
  return {};
}

}  // namespace s2r::diag
