// The YAML model dump is deterministic and shows every decision.
#include <gtest/gtest.h>

#include "convention/dump.h"
#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

TEST(ModelDump, DeterministicAndComplete) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  auto first = testing::BuildModel(text);
  auto second = testing::BuildModel(text);
  std::string yaml = DumpModelYaml(first->model, &first->spec->sources);
  EXPECT_EQ(yaml, DumpModelYaml(second->model, &second->spec->sources));
  for (std::string_view needle :
       {"table: url_mappings", "path: /shorten (convention)", "route_kind: redirect",
        "location_output: url", "uq_url_mappings_code", "storage: entity_columns",
        "\"GET /urls -> ListAll\"", "regex: \"^[a-zA-Z0-9]+$\"", "predicate: isValidURI"}) {
    EXPECT_NE(yaml.find(needle), std::string::npos) << needle << "\n" << yaml;
  }
  // Without sources no positions are printed.
  EXPECT_EQ(DumpModelYaml(first->model).find(" at: "), std::string::npos);
}

}  // namespace
}  // namespace s2r::convention
