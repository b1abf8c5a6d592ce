// JSON -> YAML through yaml-cpp's Emitter, asking it once per distinct string whether the
// string can be a plain scalar.
#include "emit/python_fastapi/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ostream>
#include <set>
#include <string_view>
#include <unordered_map>

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

// Text written as it is. Emitter::WriteIntegralType writes any streamable value verbatim as a
// scalar, in yaml-cpp's own layout (the integer-base settings it applies do not touch text):
// the public way to place text yaml-cpp has already judged plain without judging it again.
struct Verbatim {
  const std::string& text;
};

std::ostream& operator<<(std::ostream& out, const Verbatim& verbatim) {
  return out << verbatim.text;
}

// Longer keys are written in the explicit `? key` form (yaml-cpp's rule, and YAML's limit on
// implicit keys).
constexpr std::size_t kMaxImplicitKey = 1024;

// Writes a document through one yaml-cpp Emitter. Whether a string can be a plain scalar is
// yaml-cpp's decision, made by a regex check on every character; the check dominated emitting
// openapi.yaml, whose few hundred distinct strings repeat many times, so it is made once per
// distinct string.
class Writer {
 public:
  explicit Writer(YAML::Emitter& out) : out_(out) {}

  void Emit(const Json& value) {
    switch (value.type()) {
      case Json::value_t::object:
        if (value.empty()) {
          out_ << YAML::Flow << YAML::BeginMap << YAML::EndMap;
          return;
        }
        out_ << YAML::BeginMap;
        for (const auto& [key, item] : value.items()) {
          out_ << YAML::Key;
          String(key);
          out_ << YAML::Value;
          Emit(item);
        }
        out_ << YAML::EndMap;
        return;
      case Json::value_t::array:
        if (value.empty()) {
          out_ << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
          return;
        }
        out_ << YAML::BeginSeq;
        for (const Json& item : value) Emit(item);
        out_ << YAML::EndSeq;
        return;
      case Json::value_t::string:
        String(value.get_ref<const std::string&>());
        return;
      case Json::value_t::boolean:
        Auto(value.get<bool>() ? "true" : "false");
        return;
      case Json::value_t::number_integer:
        out_ << value.get<std::int64_t>();
        return;
      case Json::value_t::number_unsigned:
        out_ << value.get<std::uint64_t>();
        return;
      case Json::value_t::number_float:
        Auto(value.dump());  // shortest round-trip form
        return;
      default:
        out_ << YAML::Null;
        return;
    }
  }

 private:
  // A string scalar that loads back as this string.
  void String(const std::string& s) {
    if (NeedsQuotes(s)) {
      out_ << YAML::DoubleQuoted << s;
    } else {
      Auto(s);
    }
  }

  // As `out_ << s` writes it: plain when yaml-cpp finds that it can be, else double-quoted.
  void Auto(const std::string& s) {
    auto [entry, added] = plain_.try_emplace(s, false);
    if (added) {
      YAML::Emitter probe;
      probe << s;
      entry->second = std::string_view(probe.c_str(), probe.size()) == s;
    }
    if (!entry->second) {
      out_ << YAML::DoubleQuoted << s;
      return;
    }
    if (s.size() > kMaxImplicitKey) {
      out_ << YAML::LongKey;
    }
    out_.WriteIntegralType(Verbatim{s});
  }

  YAML::Emitter& out_;
  // String -> whether yaml-cpp writes it as a plain scalar.
  std::unordered_map<std::string, bool> plain_;
};

}  // namespace

std::string YamlText(const nlohmann::ordered_json& document) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetMapFormat(YAML::Block);
  out.SetSeqFormat(YAML::Block);
  Writer(out).Emit(document);
  return out.c_str();
}

}  // namespace s2r::emit::python_fastapi
