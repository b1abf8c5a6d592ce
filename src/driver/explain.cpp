// Section lookup in the embedded diagnostics reference.
#include "driver/explain.h"

#include "emit/template_set.h"

namespace s2r::emit {
const TemplateSet& EmbeddedDocs();
}

namespace s2r::driver {

std::optional<std::string> ExplainText(std::string_view code) {
  const std::string* doc = emit::EmbeddedDocs().Find("diagnostics.md");
  if (doc == nullptr) {
    return std::nullopt;
  }
  std::string heading = "\n## " + std::string(code) + "\n";
  std::size_t start = doc->find(heading);
  if (start == std::string::npos) {
    return std::nullopt;
  }
  start += heading.size();
  std::size_t end = doc->find("\n## ", start);
  std::string text = doc->substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text + "\n";
}

}  // namespace s2r::driver
