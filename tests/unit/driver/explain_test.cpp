// Every diagnostic code is explained in docs/diagnostics.md.
#include <gtest/gtest.h>

#include "diag/diagnostic.h"
#include "driver/explain.h"

namespace s2r::driver {
namespace {

TEST(Explain, KnownCodeHasItsSection) {
  std::optional<std::string> text = ExplainText("E0203");
  ASSERT_TRUE(text.has_value());
  EXPECT_NE(text->find("do not chain"), std::string::npos) << *text;
  EXPECT_EQ(text->find("## "), std::string::npos) << "section leaked into the next one";
}

TEST(Explain, UnknownCodeHasNone) { EXPECT_FALSE(ExplainText("E9999").has_value()); }

TEST(Explain, EveryRegisteredCodeIsDocumented) {
  for (const diag::CodeInfo& info : diag::AllCodes()) {
    std::string code(info.spelling);
    EXPECT_TRUE(ExplainText(code).has_value()) << code << " has no section in docs/diagnostics.md";
  }
}

}  // namespace
}  // namespace s2r::driver
