// Spec files for tests: our own examples, or the reference fixtures in ../shared beside the repo.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace s2r::testing {

// The fixtures root: S2R_FIXTURES_DIR, else $S2R_SHARED_DIR/fixtures (both for worktrees, whose
// parent has no `shared`), else ../shared/fixtures beside the repo.
inline std::string FixturesRoot() {
  const char* root = std::getenv("S2R_FIXTURES_DIR");
  if (root != nullptr && *root != '\0') {
    return root;
  }
  const char* shared = std::getenv("S2R_SHARED_DIR");
  if (shared != nullptr && *shared != '\0') {
    return std::string(shared) + "/fixtures";
  }
  return std::string(S2R_SOURCE_DIR) + "/../shared/fixtures";
}

// examples/<name>.spec for our own specs, else <fixtures root>/spec/<name>.spec.
inline std::string SpecPath(const std::string& name) {
  if (name == "library_loans" || name == "ecommerce" || name == "secured_notes" ||
      name == "language_tour") {
    return std::string(S2R_SOURCE_DIR) + "/examples/" + name + ".spec";
  }
  return FixturesRoot() + "/spec/" + name + ".spec";
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
