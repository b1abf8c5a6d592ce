// JSON -> YAML: yaml-cpp's block layout, with each distinct scalar formatted by yaml-cpp.
#include "emit/python_fastapi/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
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
  // (The longest reserved word has five characters; most scalars are longer.)
  if (s.size() <= 5 && kReserved.count(s) != 0) return true;
  // Anything number-like (`200`, `3.1`, `1e5`, `0x1f`, `1_000`, `12:30`) is quoted.
  bool numberish = std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
           c == 'e' || c == 'E' || c == '_' || c == ':' || c == 'x' || c == 'o';
  });
  return numberish && std::any_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

bool PrintableAscii(char c) { return c >= 0x20 && c <= 0x7e; }

// True when yaml-cpp's double-quoted form of `s` is `s` between quotes: printable ASCII with
// no `"` or `\` to escape.
bool QuotesVerbatim(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return PrintableAscii(c) && c != '"' && c != '\\'; });
}

// How yaml-cpp writes a string on its own (`<<`), where that is certain without asking it.
enum class AutoForm { kPlain, kDoubleQuoted, kAskYamlCpp };

// A plain scalar (yaml-cpp's IsValidPlainScalar) may not be a null word, start with a blank or
// an indicator (`,[]{}#&*!|>'"%@` and backquote; `-?:` when a blank or the end follows), end
// with a space, or hold a `:` before a blank or the end, a `#` after a blank, a line break, a
// tab or a character outside printable ASCII. Strings that break one of the simple rules are
// double-quoted (verbatim when nothing needs escaping); strings that break none are plain,
// unless they are null words, start with `-?:~` or hold other characters: yaml-cpp decides
// those. Most of the document is names, paths, descriptions and `$ref`s, settled here.
AutoForm SettleAutoForm(const std::string& s) {
  static constexpr std::string_view kIndicators = ",[]{}#&*!|>'\"%@`";
  if (s.empty()) {
    return AutoForm::kAskYamlCpp;
  }
  bool not_plain = s.front() == ' ' || kIndicators.find(s.front()) != std::string_view::npos ||
                   s.back() == ' ' || s.back() == ':' || s.find(": ") != std::string::npos ||
                   s.find(" #") != std::string::npos;
  if (not_plain) {
    return QuotesVerbatim(s) ? AutoForm::kDoubleQuoted : AutoForm::kAskYamlCpp;
  }
  static constexpr std::string_view kUnsureFirst = "-?:~";
  bool unsure = kUnsureFirst.find(s.front()) != std::string_view::npos || s == "null" ||
                s == "Null" || s == "NULL" || !std::all_of(s.begin(), s.end(), PrintableAscii);
  return unsure ? AutoForm::kAskYamlCpp : AutoForm::kPlain;
}

// Keys longer than this are written in the explicit `? key` form (yaml-cpp's rule, and YAML's
// limit on implicit keys).
constexpr std::size_t kMaxImplicitKey = 1024;

// Writes a document in the block layout of yaml-cpp's Emitter (two-space indent; a map or list
// under a key starts on the next line, two columns in; a map in a list item or after `? key`'s
// `:` starts on that line; a list in a list item starts on the next line; empty ones are `{}`
// and `[]`, null is `~`). Each scalar's text is yaml-cpp's: it decides, per distinct string,
// whether the string can be plain and how it is quoted. Emitting through yaml-cpp itself cost a
// regex check on every character of every scalar and a stream per scalar, the better part of
// compiling a spec; the layout is simple, the scalar rules are not.
class Writer {
 public:
  std::string Document(const Json& document) {
    Node(document, 0);
    return std::move(out_);
  }

 private:
  static bool Nested(const Json& value) {
    return (value.is_object() || value.is_array()) && !value.empty();
  }

  // Writes `value` at the cursor; lines after the first start at column `column`.
  void Node(const Json& value, std::size_t column) {
    if (value.is_object() && !value.empty()) {
      Map(value, column);
    } else if (value.is_array() && !value.empty()) {
      List(value, column);
    } else {
      out_ += Scalar(value);
    }
  }

  void Map(const Json& map, std::size_t column) {
    bool first = true;
    for (const auto& [key, value] : map.items()) {
      if (!first) {
        NewLine(column);
      }
      first = false;
      bool explicit_key = key.size() > kMaxImplicitKey;
      if (explicit_key) {
        out_ += "? ";
        out_ += String(key);
        NewLine(column);
      } else {
        out_ += String(key);
      }
      out_ += ":";
      if (Nested(value) && !explicit_key) {
        NewLine(column + 2);
      } else {
        out_ += " ";
      }
      Node(value, column + 2);
    }
  }

  void List(const Json& list, std::size_t column) {
    bool first = true;
    for (const Json& item : list) {
      if (!first) {
        NewLine(column);
      }
      first = false;
      out_ += "-";
      if (item.is_array() && !item.empty()) {
        NewLine(column + 2);
      } else {
        out_ += " ";
      }
      Node(item, column + 2);
    }
  }

  void NewLine(std::size_t column) {
    out_ += '\n';
    out_.append(column, ' ');
  }

  const std::string& Scalar(const Json& value) {
    switch (value.type()) {
      case Json::value_t::string:
        return String(value.get_ref<const std::string&>());
      case Json::value_t::boolean:
        return value.get<bool>() ? kTrue : kFalse;
      case Json::value_t::number_integer:
        number_ = std::to_string(value.get<std::int64_t>());
        return number_;
      case Json::value_t::number_unsigned:
        number_ = std::to_string(value.get<std::uint64_t>());
        return number_;
      case Json::value_t::number_float:
        number_ = value.dump();  // shortest round-trip form
        return Auto(number_);
      case Json::value_t::object:
        return kEmptyMap;
      case Json::value_t::array:
        return kEmptyList;
      case Json::value_t::null:
      case Json::value_t::binary:
      case Json::value_t::discarded:
        return kNull;
    }
    return kNull;
  }

  // A string scalar that loads back as this string.
  const std::string& String(const std::string& s) {
    if (!NeedsQuotes(s)) {
      return Auto(s);
    }
    if (QuotesVerbatim(s)) {
      return Quoted(s);
    }
    auto [entry, added] = quoted_.try_emplace(s);
    if (added) {
      YAML::Emitter scalar;
      scalar << YAML::DoubleQuoted << s;
      entry->second = scalar.c_str();
    }
    return entry->second;
  }

  // As yaml-cpp writes `s`: plain when it can be, else double-quoted.
  const std::string& Auto(const std::string& s) {
    switch (SettleAutoForm(s)) {
      case AutoForm::kPlain:
        return s;
      case AutoForm::kDoubleQuoted:
        return Quoted(s);
      case AutoForm::kAskYamlCpp:
        break;
    }
    auto [entry, added] = auto_.try_emplace(s);
    if (added) {
      YAML::Emitter scalar;
      scalar << s;
      entry->second = scalar.c_str();
    }
    return entry->second;
  }

  // `s` double-quoted, where no character needs an escape (valid until the next call).
  const std::string& Quoted(const std::string& s) {
    quoted_verbatim_.assign(1, '"');
    quoted_verbatim_ += s;
    quoted_verbatim_ += '"';
    return quoted_verbatim_;
  }

  inline static const std::string kEmptyMap = "{}";
  inline static const std::string kEmptyList = "[]";
  inline static const std::string kNull = "~";
  inline static const std::string kTrue = "true";
  inline static const std::string kFalse = "false";

  std::string out_;
  std::string number_;
  std::string quoted_verbatim_;
  // String -> its scalar text, written by yaml-cpp: double-quoted, or as `<<` writes it (only
  // strings whose form is not settled here).
  std::unordered_map<std::string, std::string> quoted_;
  std::unordered_map<std::string, std::string> auto_;
};

}  // namespace

std::string YamlText(const nlohmann::ordered_json& document) {
  return Writer().Document(document);
}

}  // namespace s2r::emit::python_fastapi
