// YAML text of a JSON document as yaml-cpp writes it: block style, two-space indent, keys in
// document order, each scalar formatted by yaml-cpp; strings that would load back as something
// else (`yes`, `200`, ``) double-quoted.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace s2r::emit::python_fastapi {

// The document as YAML (without a final newline).
[[nodiscard]] std::string YamlText(const nlohmann::ordered_json& document);

}  // namespace s2r::emit::python_fastapi
