// Renders Mustache templates (kainjow-mustache) with JSON contexts. No HTML escaping: every
// `{{name}}` is inserted verbatim, because the output is source code, not HTML.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/result.h"
#include "emit/template_set.h"

namespace s2r::emit {

// Renders the templates of one TemplateSet against one global context plus a per-file context.
// A file's keys hide the global keys of the same name, exactly as if the file context had been
// merged into the global one. The global context is converted once; only a template's parts
// that hold tags are parsed (template_segments.h), and the parse of the template rendered last
// is kept: render the files of one template one after another and it is parsed once. (A parse
// takes memory many times the template's size, so no others are kept.)
// JSON numbers become their decimal text, null becomes an empty (false) value.
class TemplateRenderer {
 public:
  // `templates` must outlive the renderer; `global` is copied.
  TemplateRenderer(const TemplateSet& templates, const nlohmann::json& global);
  ~TemplateRenderer();
  TemplateRenderer(const TemplateRenderer&) = delete;
  TemplateRenderer& operator=(const TemplateRenderer&) = delete;

  // The template at `path` rendered with `file` (an object) over the global context. Fails
  // when no template has that path or it does not parse; the message names `path`.
  [[nodiscard]] Result<std::string> Render(std::string_view path, const nlohmann::json& file);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2r::emit
