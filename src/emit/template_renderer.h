// Renders Mustache templates (kainjow-mustache) with a JSON context. No HTML escaping: every
// `{{name}}` is inserted verbatim, because the output is source code, not HTML.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/result.h"

namespace s2r::emit {

// Numbers become their decimal text, null becomes an empty (false) value. Fails when the
// template does not parse; the message names `template_name`.
[[nodiscard]] Result<std::string> RenderTemplate(std::string_view template_name,
                                                 const std::string& template_text,
                                                 const nlohmann::json& context);

}  // namespace s2r::emit
