// Block-style YAML printing.
#include "convention/yaml_writer.h"

#include <fmt/format.h>

namespace s2r::convention {
namespace {

bool IsPlain(const std::string& text) {
  if (text.empty()) {
    return false;
  }
  static const char* const kWords[] = {"true", "false", "null", "yes", "no", "on", "off", "y",
                                       "n",    "True", "False", "Null", "NULL", "~"};
  for (const char* word : kWords) {
    if (text == word) {
      return false;
    }
  }
  char first = text[0];
  bool letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_' ||
                first == '/';
  if (!letter) {
    return false;
  }
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == ' ' ||
              c == '{' || c == '}';
    if (!ok) {
      return false;
    }
  }
  // `{` first or a trailing space would read as YAML syntax; `{` is never first here.
  return text.back() != ' ';
}

std::string Quote(const std::string& text) {
  if (IsPlain(text)) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

void YamlNode::PrintInto(std::string& out, int indent, bool inline_first) const {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (kind_ == Kind::kMap) {
    bool first = true;
    for (const auto& [key, value] : entries_) {
      if (!(first && inline_first)) {
        out += pad;
      }
      first = false;
      out += Quote(key) + ":";
      switch (value.kind_) {
        case Kind::kScalar: out += " " + Quote(value.text_) + "\n"; break;
        case Kind::kRaw: out += " " + value.text_ + "\n"; break;
        case Kind::kMap:
          if (value.entries_.empty()) {
            out += " {}\n";
          } else {
            out += "\n";
            value.PrintInto(out, indent + 2, false);
          }
          break;
        case Kind::kList:
          if (value.items_.empty()) {
            out += " []\n";
          } else {
            out += "\n";
            value.PrintInto(out, indent + 2, false);
          }
          break;
      }
    }
    return;
  }
  if (kind_ == Kind::kList) {
    for (const YamlNode& item : items_) {
      out += pad + "- ";
      switch (item.kind_) {
        case Kind::kScalar: out += Quote(item.text_) + "\n"; break;
        case Kind::kRaw: out += item.text_ + "\n"; break;
        case Kind::kMap:
          if (item.entries_.empty()) {
            out += "{}\n";
          } else {
            item.PrintInto(out, indent + 2, true);
          }
          break;
        case Kind::kList:
          if (item.items_.empty()) {
            out += "[]\n";
          } else {
            out += "\n";
            item.PrintInto(out, indent + 2, false);
          }
          break;
      }
    }
    return;
  }
  out += pad + (kind_ == Kind::kScalar ? Quote(text_) : text_) + "\n";
}

std::string YamlNode::Print() const {
  std::string out;
  PrintInto(out, 0, false);
  return out;
}

}  // namespace s2r::convention
