// YamlText: block layout, and scalars that load back as the same strings.
#include "emit/python_fastapi/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <string>

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

}  // namespace
}  // namespace s2r::emit::python_fastapi
