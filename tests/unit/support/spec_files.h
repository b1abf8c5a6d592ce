// Spec files for tests: our own examples, or the reference fixtures in ../shared beside the repo.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace s2r::testing {

// examples/<name>.spec for our own specs, else ../shared/fixtures/spec/<name>.spec
// (S2R_FIXTURES_DIR overrides the fixtures root, for worktrees).
inline std::string SpecPath(const std::string& name) {
  if (name == "library_loans" || name == "ecommerce" || name == "secured_notes") {
    return std::string(S2R_SOURCE_DIR) + "/examples/" + name + ".spec";
  }
  const char* root = std::getenv("S2R_FIXTURES_DIR");
  std::string fixtures = root != nullptr && *root != '\0'
                             ? std::string(root)
                             : std::string(S2R_SOURCE_DIR) + "/../shared/fixtures";
  return fixtures + "/spec/" + name + ".spec";
}

inline std::string ReadSpec(const std::string& name) {
  std::ifstream in(SpecPath(name));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline bool SpecExists(const std::string& name) {
  return std::ifstream(SpecPath(name)).good();
}

}  // namespace s2r::testing

// Skips the current test when a reference fixture is absent (a clone without ../shared beside
// it); our own examples are always there.
#define S2R_SKIP_WITHOUT_SPEC(name)                                                          \
  if (!::s2r::testing::SpecExists(name))                                                     \
  GTEST_SKIP() << ::s2r::testing::SpecPath(name)                                             \
               << " is absent: the reference fixtures live in ../shared beside the repository"
