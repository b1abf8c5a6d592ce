// Casing, pluralisation and identifier helpers.
#include "convention/naming.h"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

namespace s2r::convention {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) {
      out += separator;
    }
    out += Lower(part);
  }
  return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) {
  char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == 'a' || lower == 'e' || lower == 'i' || lower == 'o' || lower == 'u';
}

// Keeps the capitalisation of the first letter of `original` on `replacement`.
std::string MatchFirstCase(std::string_view original, std::string_view replacement) {
  std::string out(replacement);
  if (!original.empty() && !out.empty() && IsUpper(original[0])) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

constexpr std::string_view kUncountable[] = {
    "data",     "info",     "information", "metadata",   "inventory", "feedback",
    "equipment", "software", "hardware",    "middleware", "auth"};

struct Irregular {
  std::string_view singular;
  std::string_view plural;
};
constexpr Irregular kIrregular[] = {
    {"person", "people"},     {"child", "children"},   {"man", "men"},
    {"woman", "women"},       {"mouse", "mice"},       {"goose", "geese"},
    {"tooth", "teeth"},       {"foot", "feet"},        {"ox", "oxen"},
    {"criterion", "criteria"}, {"datum", "data"},       {"index", "indices"},
    {"matrix", "matrices"},   {"vertex", "vertices"},  {"analysis", "analyses"},
    {"basis", "bases"},       {"crisis", "crises"},    {"thesis", "theses"},
};

constexpr std::string_view kPythonKeywords[] = {
    "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
    "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
    "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
    "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
    "while", "with",   "yield",   "match",    "case",   "type",   "_"};

constexpr std::string_view kPythonBuiltins[] = {
    "abs",        "aiter",     "all",        "anext",    "any",        "ascii",
    "bin",        "bool",      "breakpoint", "bytearray", "bytes",     "callable",
    "chr",        "classmethod", "compile",  "complex",  "copyright",  "credits",
    "delattr",    "dict",      "dir",        "divmod",   "enumerate",  "eval",
    "exec",       "exit",      "filter",     "float",    "format",     "frozenset",
    "getattr",    "globals",   "hasattr",    "hash",     "help",       "hex",
    "id",         "input",     "int",        "isinstance", "issubclass", "iter",
    "len",        "license",   "list",       "locals",   "map",        "max",
    "memoryview", "min",       "next",       "object",   "oct",        "open",
    "ord",        "pow",       "print",      "property", "quit",       "range",
    "repr",       "reversed",  "round",      "set",      "setattr",    "slice",
    "sorted",     "staticmethod", "str",     "sum",      "super",      "tuple"};

}  // namespace

std::vector<std::string> SplitCamelCase(std::string_view name) {
  std::vector<std::string> parts;
  std::string current;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!current.empty() && IsUpper(c)) {
      char previous = name[i - 1];
      bool lower_to_upper = IsLower(previous) || IsDigit(previous);
      // `URLMapping`: break before the `M` that starts a capitalised word after capitals.
      bool acronym_end = IsUpper(previous) && i + 1 < name.size() && IsLower(name[i + 1]);
      if (lower_to_upper || acronym_end) {
        parts.push_back(current);
        current.clear();
      }
    }
    current += c;
  }
  if (!current.empty()) {
    parts.push_back(current);
  }
  return parts;
}

std::string ToSnakeCase(std::string_view name) { return Join(SplitCamelCase(name), '_'); }
std::string ToKebabCase(std::string_view name) { return Join(SplitCamelCase(name), '-'); }

std::string Pluralize(std::string_view word) {
  if (word.empty()) {
    return std::string(word);
  }
  std::string lower = Lower(word);
  for (std::string_view uncountable : kUncountable) {
    if (lower == uncountable) {
      return std::string(word);
    }
  }
  for (const Irregular& irregular : kIrregular) {
    if (lower == irregular.singular) {
      return MatchFirstCase(word, irregular.plural);
    }
  }
  std::string out(word);
  std::size_t n = out.size();
  if (n >= 2 && out[n - 1] == 'z' && IsVowel(out[n - 2])) {
    return out + "zes";
  }
  if (EndsWith(out, "s") || EndsWith(out, "x") || EndsWith(out, "z") || EndsWith(out, "ch") ||
      EndsWith(out, "sh")) {
    return out + "es";
  }
  if (n >= 2 && out[n - 1] == 'y' && !IsVowel(out[n - 2])) {
    return out.substr(0, n - 1) + "ies";
  }
  if (EndsWith(out, "fe")) {
    return out.substr(0, n - 2) + "ves";
  }
  if (EndsWith(out, "f")) {
    return out.substr(0, n - 1) + "ves";
  }
  return out + "s";
}

namespace {
std::vector<std::string> PluralParts(std::string_view entity) {
  std::vector<std::string> parts = SplitCamelCase(entity);
  if (!parts.empty()) {
    parts.back() = Pluralize(parts.back());
  }
  return parts;
}
}  // namespace

std::string PluralSnake(std::string_view entity) { return Join(PluralParts(entity), '_'); }
std::string PluralKebab(std::string_view entity) { return Join(PluralParts(entity), '-'); }

std::string ToColumnName(std::string_view field) {
  bool has_underscore = field.find('_') != std::string_view::npos;
  bool all_lower = std::none_of(field.begin(), field.end(), IsUpper);
  if (has_underscore || all_lower) {
    return std::string(field);
  }
  return ToSnakeCase(field);
}

bool IsPythonKeyword(std::string_view name) {
  return std::find(std::begin(kPythonKeywords), std::end(kPythonKeywords), name) != std::end(kPythonKeywords);
}

bool IsPythonBuiltin(std::string_view name) {
  return std::find(std::begin(kPythonBuiltins), std::end(kPythonBuiltins), name) != std::end(kPythonBuiltins);
}

bool IsReservedPython(std::string_view name, bool avoid_builtins) {
  return IsPythonKeyword(name) || (avoid_builtins && IsPythonBuiltin(name));
}

std::string SafePythonName(std::string_view name, bool avoid_builtins) {
  std::string out(name);
  while (IsReservedPython(out, avoid_builtins)) {
    out += '_';
  }
  return out;
}

bool IsSensitiveName(std::string_view name) {
  std::string lower = Lower(name);
  for (std::string_view exact : {"password", "password_hash", "secret", "token", "api_key"}) {
    if (lower == exact) {
      return true;
    }
  }
  for (std::string_view suffix : {"_hash", "_secret", "_password", "_api_key", "_token"}) {
    if (lower.size() > suffix.size() && EndsWith(lower, suffix)) {
      return true;
    }
  }
  return false;
}

std::string LimitIdentifier(std::string_view name, std::size_t limit) {
  if (name.size() <= limit || limit < 10) {
    return std::string(name);
  }
  // FNV-1a: deterministic across platforms and runs.
  std::uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return fmt::format("{}_{:08x}", name.substr(0, limit - 9), hash);
}

}  // namespace s2r::convention
