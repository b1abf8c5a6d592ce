// YAML text of a JSON document, written with yaml-cpp: block style, two-space indent, keys in
// document order; strings that would load back as something else (`yes`, `200`, ``) quoted.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace s2r::emit::python_fastapi {

// The document as YAML (without a final newline).
[[nodiscard]] std::string YamlText(const nlohmann::ordered_json& document);

}  // namespace s2r::emit::python_fastapi
