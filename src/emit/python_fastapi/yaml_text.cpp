// JSON -> YAML through yaml-cpp's Emitter.
#include "emit/python_fastapi/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

namespace s2r::emit::python_fastapi {
namespace {

using Json = nlohmann::ordered_json;

// True when a plain YAML scalar with this text would not load back as this string.
bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  static const std::set<std::string> kReserved = {
      "null", "Null", "NULL", "~",   "true", "True", "TRUE", "false", "False", "FALSE", "yes",
      "Yes",  "YES",  "no",   "No",  "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF",
      "y",    "Y",    "n",    "N",   ".inf", ".Inf", ".INF", "-.inf", ".nan",  ".NaN",  ".NAN"};
  if (kReserved.count(s) != 0) return true;
  // Anything number-like (`200`, `3.1`, `1e5`, `0x1f`, `1_000`, `12:30`) is quoted.
  bool numberish = std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
           c == 'e' || c == 'E' || c == '_' || c == ':' || c == 'x' || c == 'o';
  });
  return numberish && std::any_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

void EmitString(YAML::Emitter& out, const std::string& s) {
  if (NeedsQuotes(s)) {
    out << YAML::DoubleQuoted << s;
  } else {
    out << s;
  }
}

void Emit(YAML::Emitter& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      if (value.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        EmitString(out, key);
        out << YAML::Value;
        Emit(out, item);
      }
      out << YAML::EndMap;
      return;
    case Json::value_t::array:
      if (value.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      out << YAML::BeginSeq;
      for (const Json& item : value) Emit(out, item);
      out << YAML::EndSeq;
      return;
    case Json::value_t::string:
      EmitString(out, value.get<std::string>());
      return;
    case Json::value_t::boolean:
      out << (value.get<bool>() ? "true" : "false");
      return;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      return;
    case Json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      return;
    case Json::value_t::number_float:
      out << value.dump();  // shortest round-trip form
      return;
    default:
      out << YAML::Null;
      return;
  }
}

}  // namespace

std::string YamlText(const nlohmann::ordered_json& document) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetMapFormat(YAML::Block);
  out.SetSeqFormat(YAML::Block);
  Emit(out, document);
  return out.c_str();
}

}  // namespace s2r::emit::python_fastapi
