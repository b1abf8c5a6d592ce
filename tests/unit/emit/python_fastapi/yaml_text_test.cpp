// YamlText: block layout, and scalars that load back as the same strings.
#include "emit/python_fastapi/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace s2r::emit::python_fastapi {
namespace {

using Json = nlohmann::ordered_json;

// Strings yaml-cpp writes plain and strings it must quote, keys and values, repeated (as the
// keys of openapi.yaml are), inside maps and sequences.
Json Sample() {
  Json doc;
  doc["openapi"] = "3.1.0";
  doc["plain words"] = "a description: with colon-free text";
  doc["tricky"] = Json::array({"a: b", "# not a comment", " leading", "trailing ", "multi\nline",
                               "caf\u00e9", "quote\"d", "- dash", "[flow]", "*alias", "x"});
  doc["reserved"] = Json::array({"yes", "No", "null", "~", "200", "3.1", "", "true"});
  doc["numbers"] = {{"int", 42}, {"negative", -7}, {"float", 0.5}, {"flag", true}};
  doc["empty"] = {{"map", Json::object()}, {"list", Json::array()}, {"none", nullptr}};
  doc["nested"] = Json::array({Json::array({"a", "b"}), {{"type", "string"}, {"x", "y"}},
                               {{"type", "string"}}, Json::object()});
  doc[std::string(1100, 'k')] = "long key";
  doc["200"] = {{"type", "object"}};
  return doc;
}

TEST(YamlText, BlockLayout) {
  std::string long_key(1100, 'k');
  EXPECT_EQ(YamlText(Sample()),
            "openapi: \"3.1.0\"\n"
            "plain words: \"a description: with colon-free text\"\n"
            "tricky:\n"
            "  - \"a: b\"\n"
            "  - \"# not a comment\"\n"
            "  - \" leading\"\n"
            "  - \"trailing \"\n"
            "  - \"multi\\nline\"\n"
            "  - caf\u00e9\n"
            "  - quote\"d\n"
            "  - \"- dash\"\n"
            "  - \"[flow]\"\n"
            "  - \"*alias\"\n"
            "  - x\n"
            "reserved:\n"
            "  - \"yes\"\n"
            "  - \"No\"\n"
            "  - \"null\"\n"
            "  - \"~\"\n"
            "  - \"200\"\n"
            "  - \"3.1\"\n"
            "  - \"\"\n"
            "  - \"true\"\n"
            "numbers:\n"
            "  int: 42\n"
            "  negative: -7\n"
            "  float: 0.5\n"
            "  flag: true\n"
            "empty:\n"
            "  map: {}\n"
            "  list: []\n"
            "  none: ~\n"
            "nested:\n"
            "  -\n"
            "    - a\n"
            "    - b\n"
            "  - type: string\n"
            "    x: \"y\"\n"
            "  - type: string\n"
            "  - {}\n"
            "? " + long_key + "\n"
            ": long key\n"
            "\"200\":\n"
            "  type: object");
}

// Every string loads back as the same string; the ones a YAML 1.1 loader would read as
// booleans, numbers or null are quoted (yaml-cpp tags a quoted scalar `!`, a plain one `?`).
TEST(YamlText, StringsLoadBackAsStrings) {
  Json doc = Sample();
  YAML::Node loaded = YAML::Load(YamlText(doc));
  const Json& tricky = doc["tricky"];
  for (std::size_t i = 0; i < tricky.size(); ++i) {
    EXPECT_EQ(loaded["tricky"][i].as<std::string>(), tricky[i].get<std::string>()) << i;
  }
  const Json& reserved = doc["reserved"];
  for (std::size_t i = 0; i < reserved.size(); ++i) {
    EXPECT_EQ(loaded["reserved"][i].as<std::string>(), reserved[i].get<std::string>()) << i;
    EXPECT_EQ(loaded["reserved"][i].Tag(), "!") << reserved[i];
  }
  EXPECT_EQ(loaded[std::string(1100, 'k')].as<std::string>(), "long key");
  EXPECT_EQ(loaded["200"]["type"].as<std::string>(), "object");
  EXPECT_EQ(loaded["nested"][0][1].as<std::string>(), "b");
  EXPECT_EQ(loaded["nested"][1]["x"].as<std::string>(), "y");
}

// yaml-cpp's own Emitter writing the document, every string through `<<` (double-quoted when it
// would load back as something else, the rule YamlText documents): the layout YamlText matches.
bool LoadsAsOtherThanString(const std::string& s) {
  static const std::set<std::string> kReserved = {
      "",     "null", "Null", "NULL", "~",   "true", "True", "TRUE", "false", "False", "FALSE",
      "yes",  "Yes",  "YES",  "no",   "No",  "NO",   "on",   "On",   "ON",    "off",   "Off",
      "OFF",  "y",    "Y",    "n",    "N",   ".inf", ".Inf", ".INF", "-.inf", ".nan",  ".NaN",
      ".NAN"};
  if (kReserved.count(s) != 0) return true;
  bool numberish = std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || std::string_view(".-+eE_:xo").find(c) !=
                                                              std::string_view::npos;
  });
  return numberish && std::any_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

void EmitWithYamlCpp(YAML::Emitter& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      if (value.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        if (LoadsAsOtherThanString(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        EmitWithYamlCpp(out, item);
      }
      out << YAML::EndMap;
      return;
    case Json::value_t::array:
      if (value.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      out << YAML::BeginSeq;
      for (const Json& item : value) EmitWithYamlCpp(out, item);
      out << YAML::EndSeq;
      return;
    case Json::value_t::string:
      if (LoadsAsOtherThanString(value.get<std::string>())) out << YAML::DoubleQuoted;
      out << value.get<std::string>();
      return;
    case Json::value_t::boolean:
      out << (value.get<bool>() ? "true" : "false");
      return;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      return;
    case Json::value_t::number_float:
      out << value.dump();
      return;
    default:
      out << YAML::Null;
      return;
  }
}

std::string YamlCppText(const Json& document) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetMapFormat(YAML::Block);
  out.SetSeqFormat(YAML::Block);
  EmitWithYamlCpp(out, document);
  return out.c_str();
}

// Up to 12 characters, mostly printable ASCII (indicators, `:`, `#` and blanks included), now
// and then a tab, a line break, DEL or a non-ASCII letter.
std::string RandomString(std::mt19937& random) {
  static const std::vector<std::string> kOdd = {"\t", "\n", "\r", "\u00e9", "\x7f"};
  std::string s;
  std::size_t size = random() % 13;
  for (std::size_t i = 0; i < size; ++i) {
    if (random() % 16 == 0) {
      s += kOdd[random() % kOdd.size()];
    } else {
      s += static_cast<char>(0x20 + random() % 95);
    }
  }
  return s;
}

// Nested maps and sequences of random shape over tricky keys and scalars.
Json RandomNode(std::mt19937& random, int depth) {
  static const std::vector<std::string> kStrings = {
      "type", "a b", "a: b", "#x", "x #y", " lead", "trail ", "multi\nline", "-", "- x", "?",
      ":", "[", "{a}", "caf\u00e9", "yes", "null", "200", "", "/users/{id}", "$ref",
      "#/components/schemas/X", std::string(1030, 'k'), "tab\there", "q\"uote", "it's",
      "http://localhost:8000", "^[^@]+@[^@]+\\.[^@]+$", "a:b", "a#b", "x:", "-x", "?x", ":x",
      "~x", "~", "a: `GET /x`.", "back\\slash"};
  std::uniform_int_distribution<int> pick(0, depth >= 4 ? 4 : 7);
  switch (pick(random)) {
    case 0:
      return kStrings[random() % kStrings.size()];
    case 1:
      return RandomString(random);
    case 2:
      return static_cast<std::int64_t>(random() % 1000) - 500;
    case 3:
      return random() % 2 == 0;
    case 4:
      return random() % 3 == 0 ? Json() : Json(0.25 * static_cast<double>(random() % 9));
    case 5:
    case 6: {
      Json map = Json::object();
      std::size_t size = random() % 4;
      for (std::size_t i = 0; i < size; ++i) {
        map[kStrings[random() % kStrings.size()]] = RandomNode(random, depth + 1);
      }
      return map;
    }
    default: {
      Json list = Json::array();
      std::size_t size = random() % 4;
      for (std::size_t i = 0; i < size; ++i) list.push_back(RandomNode(random, depth + 1));
      return list;
    }
  }
}

TEST(YamlText, MatchesYamlCppEmitter) {
  EXPECT_EQ(YamlText(Sample()), YamlCppText(Sample()));
  std::mt19937 random(2026);
  for (int i = 0; i < 2000; ++i) {
    Json document = Json::object();
    for (int entries = 0; entries < 4; ++entries) {
      document["k" + std::to_string(entries)] = RandomNode(random, 0);
    }
    ASSERT_EQ(YamlText(document), YamlCppText(document))
        << document.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
