// A minimal block-style YAML tree and printer (deterministic, insertion-ordered).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace s2r::convention {

class YamlNode {
 public:
  enum class Kind { kScalar, kRaw, kMap, kList };

  static YamlNode Str(std::string text) { return YamlNode(Kind::kScalar, std::move(text)); }
  // Printed as-is (numbers, booleans).
  static YamlNode Raw(std::string text) { return YamlNode(Kind::kRaw, std::move(text)); }
  static YamlNode Bool(bool value) { return Raw(value ? "true" : "false"); }
  static YamlNode Int(long long value) { return Raw(std::to_string(value)); }
  static YamlNode Map() { return YamlNode(Kind::kMap, {}); }
  static YamlNode List() { return YamlNode(Kind::kList, {}); }

  // Map: appends `key: value` (keys keep insertion order).
  YamlNode& Add(std::string key, YamlNode value) {
    entries_.emplace_back(std::move(key), std::move(value));
    return entries_.back().second;
  }
  YamlNode& Add(std::string key, std::string text) { return Add(std::move(key), Str(std::move(text))); }
  YamlNode& Add(std::string key, const char* text) { return Add(std::move(key), Str(text)); }
  // List: appends an item.
  YamlNode& Push(YamlNode value) {
    items_.push_back(std::move(value));
    return items_.back();
  }

  [[nodiscard]] std::string Print() const;

 private:
  YamlNode(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}
  void PrintInto(std::string& out, int indent, bool inline_first) const;

  Kind kind_;
  std::string text_;
  std::vector<std::pair<std::string, YamlNode>> entries_;
  std::vector<YamlNode> items_;
};

}  // namespace s2r::convention
