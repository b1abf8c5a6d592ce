// JSON -> kainjow data conversion and rendering.
#include "emit/template_renderer.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace s2r::emit {
namespace {

namespace mstch = kainjow::mustache;

mstch::data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data object{mstch::data::type::object};
      for (const auto& [key, item] : value.items()) {
        object.set(key, ToData(item));
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mstch::data list{mstch::data::type::list};
      for (const auto& item : value) {
        list.push_back(ToData(item));
      }
      return list;
    }
    case nlohmann::json::value_t::string:
      return mstch::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mstch::data(value.get<bool>() ? mstch::data::type::bool_true
                                           : mstch::data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mstch::data(value.dump());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      return mstch::data(mstch::data::type::bool_false);
  }
  return mstch::data(mstch::data::type::bool_false);
}

}  // namespace

Result<std::string> RenderTemplate(std::string_view template_name, const std::string& template_text,
                                   const nlohmann::json& context) {
  mstch::mustache renderer(template_text);
  if (!renderer.is_valid()) {
    return Fail("template `" + std::string(template_name) + "`: " + renderer.error_message());
  }
  renderer.set_custom_escape([](const std::string& text) { return text; });
  std::string output = renderer.render(ToData(context));
  if (!renderer.is_valid()) {
    return Fail("template `" + std::string(template_name) + "`: " + renderer.error_message());
  }
  return output;
}

}  // namespace s2r::emit
