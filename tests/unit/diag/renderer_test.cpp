// The human renderer: header, location, gutter, carets, labels, notes; clamping; colour.
#include <gtest/gtest.h>

#include <set>

#include "diag/renderer.h"

namespace s2r::diag {
namespace {

TEST(Renderer, RustcShapeWithCaretUnderTheSpan) {
  SourceManager sources;
  SourceId id = sources.Add("demo.spec", "service S {\n  invariant: a == b\n}\n");
  Diagnostic d = ExpectedExpression(Span{id, 27, 28}, "`=`");
  d.WithHelp("equality is a single `=`");
  EXPECT_EQ(Render(d, sources, {}),
            "error[E0202]: expected an expression, found `=`\n"
            " --> demo.spec:2:16\n"
            "  |\n"
            "2 |   invariant: a == b\n"
            "  |                ^\n"
            "  |\n"
            "  = help: equality is a single `=`\n");
}

TEST(Renderer, SecondaryLabelsAndNotes) {
  SourceManager sources;
  SourceId id = sources.Add("x.spec", "operation A {}\noperation B {}\n");
  Diagnostic d = UnexpectedCharacter(Span{id, 25, 26}, "B");
  d.WithLabel(Span{id, 10, 11}, "first here").WithNote("a note");
  std::string out = Render(d, sources, {});
  EXPECT_NE(out.find("2 | operation B {}\n  |           ^\n"), std::string::npos) << out;
  EXPECT_NE(out.find(" ...\n"), std::string::npos) << out;
  EXPECT_NE(out.find("1 | operation A {}\n  |           - first here\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  = note: a note\n"), std::string::npos) << out;
}

TEST(Renderer, TabsAndUtf8KeepCaretsAligned) {
  SourceManager sources;
  SourceId id = sources.Add("t.spec", "\t\"\xC3\xA9\" x");
  Diagnostic d = UnexpectedCharacter(Span{id, 6, 7}, "x");
  std::string out = Render(d, sources, {});
  // The tab expands to 4 columns and the two-byte é counts as one column.
  EXPECT_NE(out.find("1 |     \"\xC3\xA9\" x\n  |         ^\n"), std::string::npos) << out;
  EXPECT_NE(out.find("t.spec:1:6"), std::string::npos) << out;
}

TEST(Renderer, OutOfRangeSpansAreClampedNotFatal) {
  SourceManager sources;
  SourceId id = sources.Add("c.spec", "abc");
  Diagnostic d = UnexpectedCharacter(Span{id, 900, 1000}, "?");
  std::string out = Render(d, sources, {});
  EXPECT_NE(out.find("c.spec:1:4"), std::string::npos) << out;
  Diagnostic unknown_source = UnexpectedCharacter(Span{42, 0, 1}, "?");
  EXPECT_EQ(Render(unknown_source, sources, {}), "error[E0101]: unexpected character `?`\n");
}

TEST(Renderer, ColourOnlyWhenAsked) {
  SourceManager sources;
  SourceId id = sources.Add("c.spec", "x");
  Diagnostic d = UnexpectedCharacter(Span{id, 0, 1}, "x");
  EXPECT_EQ(Render(d, sources, {false}).find('\x1b'), std::string::npos);
  std::string coloured = Render(d, sources, {true});
  EXPECT_EQ(coloured.rfind("\x1b[1;31merror[E0101]\x1b[0m", 0), 0u) << coloured;
}

TEST(Renderer, JsonCarriesCodeAndOneBasedPositions) {
  SourceManager sources;
  SourceId id = sources.Add("j.spec", "ab\ncd");
  std::string json = RenderJson({UnexpectedCharacter(Span{id, 4, 5}, "d")}, sources);
  EXPECT_NE(json.find("\"code\": \"E0101\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"line\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"column\": 2"), std::string::npos) << json;
}

TEST(Registry, CodesAreUniqueAndFindable) {
  std::set<std::string_view> seen;
  for (const CodeInfo& info : AllCodes()) {
    EXPECT_TRUE(seen.insert(info.spelling).second) << info.spelling;
    EXPECT_EQ(FindCode(info.spelling), &info);
  }
  EXPECT_EQ(FindCode("E9999"), nullptr);
}

}  // namespace
}  // namespace s2r::diag
