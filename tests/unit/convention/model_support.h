// Test helpers for the convention engine: build a ServiceModel from spec text or a fixture.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "convention/convention.h"
#include "convention/service_model.h"
#include "unit/support/build_spec.h"

namespace s2r::testing {

struct BuiltModel {
  std::unique_ptr<BuiltSpec> spec;
  diag::CollectingSink sink;  // convention diagnostics only
  convention::ServiceModel model;

  [[nodiscard]] std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const diag::Diagnostic& d : sink.Sorted()) {
      codes.emplace_back(diag::Info(d.code).spelling);
    }
    return codes;
  }
  [[nodiscard]] std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    for (const diag::Diagnostic& d : sink.Sorted()) {
      messages.push_back(std::string(diag::Info(d.code).spelling) + " " + d.message);
    }
    return messages;
  }
  [[nodiscard]] const convention::Operation& Op(std::string_view name) const {
    const convention::Operation* op = model.FindOperation(name);
    EXPECT_NE(op, nullptr) << "no operation " << name;
    return *op;
  }
  [[nodiscard]] const convention::Entity& Entity(std::string_view name) const {
    const convention::Entity* entity = model.FindEntity(name);
    EXPECT_NE(entity, nullptr) << "no entity " << name;
    return *entity;
  }
  [[nodiscard]] const convention::Table& Table(std::string_view name) const {
    const convention::Table* table = model.schema.FindTable(name);
    EXPECT_NE(table, nullptr) << "no table " << name;
    return *table;
  }
  [[nodiscard]] const convention::Column& Column(std::string_view table,
                                                 std::string_view column) const {
    const convention::Column* c = Table(table).FindColumn(column);
    EXPECT_NE(c, nullptr) << "no column " << table << "." << column;
    return *c;
  }
};

inline std::unique_ptr<BuiltModel> BuildModel(
    std::string_view text, convention::Dialect dialect = convention::Dialect::kPostgres) {
  auto built = std::make_unique<BuiltModel>();
  built->spec = BuildSpec(text);
  EXPECT_FALSE(built->spec->sink.HasErrors()) << built->spec->Messages();
  convention::ConventionOptions options;
  options.dialect = dialect;
  built->model = convention::BuildServiceModel(built->spec->module, options, built->sink);
  return built;
}

// The shared fixtures directory: $S2R_SHARED_DIR/fixtures/spec, else ../shared next to the repo.
inline std::filesystem::path FixtureDir() {
  if (const char* env = std::getenv("S2R_SHARED_DIR"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env) / "fixtures" / "spec";
  }
  return std::filesystem::path(S2R_SOURCE_DIR) / ".." / "shared" / "fixtures" / "spec";
}

// The text of fixture `name` (e.g. `url_shortener`), or empty when the fixtures are absent.
inline std::string FixtureText(std::string_view name) {
  std::filesystem::path path = FixtureDir() / (std::string(name) + ".spec");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace s2r::testing

// Skips the test when the shared fixtures are not checked out next to the repository.
#define S2R_FIXTURE_OR_SKIP(var, name)                                                     \
  std::string var = ::s2r::testing::FixtureText(name);                                     \
  if (var.empty()) {                                                                       \
    GTEST_SKIP() << "fixture " << (name) << ".spec not found under "                       \
                 << ::s2r::testing::FixtureDir()                                           \
                 << " (check out the shared fixtures or set S2R_SHARED_DIR)";              \
  }
