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
  if (name == "library_loans" || name == "ecommerce") {
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

}  // namespace s2r::testing
