#include "emit/python_fastapi/imports.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>
#include <vector>

namespace s2r::emit::python_fastapi {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])) != 0) {
    ++b;
  }
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])) != 0) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

int Section(const std::string& module) {
  static const std::set<std::string, std::less<>> kStdlib = {
      "__future__", "abc",     "asyncio", "base64",      "collections", "contextlib",
      "dataclasses", "datetime", "decimal", "enum",      "functools",   "hashlib",
      "hmac",       "importlib", "itertools", "json",    "logging",     "math",
      "operator",   "os",       "pathlib", "re",         "secrets",     "string",
      "sys",        "time",     "typing",  "urllib",     "uuid"};
  std::string top = module.substr(0, module.find('.'));
  if (kStdlib.contains(top)) {
    return 0;
  }
  // `app` is the service; `tests` is the generated suite (ruff finds both under the project).
  if (top == "app" || top == "tests") {
    return 2;
  }
  return 1;
}

std::tuple<int, std::string, std::string> MemberKey(const std::string& entry) {
  std::string name = entry.substr(0, entry.find(' '));
  bool upper = name.size() > 1;
  bool any_alpha = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c)) != 0) {
      upper = false;
    }
    any_alpha = any_alpha || std::isalpha(static_cast<unsigned char>(c)) != 0;
  }
  int group = 2;
  if (upper && any_alpha) {
    group = 0;
  } else if (!name.empty() && std::isupper(static_cast<unsigned char>(name[0])) != 0) {
    group = 1;
  }
  return {group, Lower(name), entry};
}

}  // namespace

ImportBlock& ImportBlock::Import(std::string module, std::string alias) {
  plain_.emplace(std::move(module), std::move(alias));
  return *this;
}

ImportBlock& ImportBlock::From(const std::string& module, std::string name) {
  froms_[module].insert(std::move(name));
  return *this;
}

bool ImportBlock::AddLine(std::string_view raw) {
  std::string line = Trim(raw);
  if (line.rfind("import ", 0) == 0) {
    std::string rest = Trim(line.substr(7));
    std::size_t as = rest.find(" as ");
    if (as == std::string::npos) {
      Import(rest);
    } else {
      Import(Trim(rest.substr(0, as)), Trim(rest.substr(as + 4)));
    }
    return true;
  }
  if (line.rfind("from ", 0) == 0) {
    std::size_t imp = line.find(" import ");
    if (imp == std::string::npos) {
      return false;
    }
    std::string module = Trim(line.substr(5, imp - 5));
    std::string names = line.substr(imp + 8);
    names.erase(std::remove(names.begin(), names.end(), '('), names.end());
    names.erase(std::remove(names.begin(), names.end(), ')'), names.end());
    std::size_t start = 0;
    while (start <= names.size()) {
      std::size_t comma = names.find(',', start);
      std::string name = Trim(names.substr(start, comma == std::string::npos ? std::string::npos
                                                                               : comma - start));
      if (!name.empty()) {
        // Normalise inner spacing of `X as Y`.
        std::size_t as = name.find(" as ");
        if (as != std::string::npos) {
          name = Trim(name.substr(0, as)) + " as " + Trim(name.substr(as + 4));
        }
        From(module, name);
      }
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
    return true;
  }
  return false;
}

void ImportBlock::Merge(const ImportBlock& other) {
  plain_.insert(other.plain_.begin(), other.plain_.end());
  for (const auto& [module, names] : other.froms_) {
    froms_[module].insert(names.begin(), names.end());
  }
}

std::string ImportBlock::Render() const {
  std::array<std::vector<std::string>, 3> sections;
  std::vector<std::pair<std::string, std::string>> plain(plain_.begin(), plain_.end());
  std::stable_sort(plain.begin(), plain.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(Lower(a.first), a.second) < std::make_tuple(Lower(b.first), b.second);
  });
  for (const auto& [module, alias] : plain) {
    sections[Section(module)].push_back("import " + module + (alias.empty() ? "" : " as " + alias));
  }
  std::vector<std::string> modules;
  for (const auto& [module, names] : froms_) {
    modules.push_back(module);
  }
  std::stable_sort(modules.begin(), modules.end(),
                   [](const auto& a, const auto& b) { return Lower(a) < Lower(b); });
  for (const std::string& module : modules) {
    const std::set<std::string>& name_set = froms_.at(module);
    std::vector<std::string> names(name_set.begin(), name_set.end());
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return MemberKey(a) < MemberKey(b); });
    // ruff's isort keeps `X as Y` imports on lines of their own (combine-as-imports = false),
    // after the plain names of the same module.
    std::vector<std::string> aliased;
    for (auto it = names.begin(); it != names.end();) {
      if (it->find(" as ") != std::string::npos) {
        aliased.push_back(*it);
        it = names.erase(it);
      } else {
        ++it;
      }
    }
    std::string joined;
    for (const std::string& name : names) {
      joined += (joined.empty() ? "" : ", ") + name;
    }
    if (names.empty()) {
      for (const std::string& name : aliased) {
        sections[Section(module)].push_back("from " + module + " import " + name);
      }
      continue;
    }
    std::string line = "from " + module + " import " + joined;
    if (line.size() > 100) {
      line = "from " + module + " import (\n";
      for (const std::string& name : names) {
        line += "    " + name + ",\n";
      }
      line += ")";
    }
    sections[Section(module)].push_back(line);
    for (const std::string& name : aliased) {
      sections[Section(module)].push_back("from " + module + " import " + name);
    }
  }
  std::string out;
  for (const auto& section : sections) {
    if (section.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += "\n\n";
    }
    for (std::size_t i = 0; i < section.size(); ++i) {
      out += (i == 0 ? "" : "\n") + section[i];
    }
  }
  return out;
}

}  // namespace s2r::emit::python_fastapi
