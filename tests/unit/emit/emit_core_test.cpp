// FileTree validation, the staged writer and Mustache rendering.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "emit/file_tree.h"
#include "emit/template_renderer.h"
#include "emit/template_segments.h"
#include "emit/template_set.h"
#include "emit/writer.h"

namespace s2r::emit {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("s2r-emit-test-" + std::to_string(::getpid()) + "-" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(FileTree, RejectsUnsafePaths) {
  FileTree tree;
  EXPECT_TRUE(tree.Add("app/main.py", "x").has_value());
  EXPECT_FALSE(tree.Add("app/main.py", "y").has_value());
  for (const char* bad : {"/etc/passwd", "../x", "a/../b", "a//b", "./a", "a/", ""}) {
    EXPECT_FALSE(tree.Add(bad, "x").has_value()) << bad;
  }
}

TEST(Writer, PlansCreateUpdateUnchangedPreserve) {
  TempDir dir;
  fs::path out = dir.path() / "out";
  FileTree tree;
  ASSERT_TRUE(tree.Add("a.txt", "one").has_value());
  ASSERT_TRUE(tree.Add("sub/b.txt", "two").has_value());
  ASSERT_TRUE(tree.Add("hooks.py", "user stub", Ownership::kUserOwned).has_value());
  auto first = Write(tree, out);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  for (const PlannedFile& f : *first) {
    EXPECT_EQ(f.action, FileAction::kCreate) << f.path;
  }
  std::ofstream(out / "hooks.py") << "user edits";
  std::ofstream(out / "unrelated.txt") << "keep me";
  FileTree second;
  ASSERT_TRUE(second.Add("a.txt", "one").has_value());
  ASSERT_TRUE(second.Add("sub/b.txt", "changed").has_value());
  ASSERT_TRUE(second.Add("hooks.py", "user stub", Ownership::kUserOwned).has_value());
  auto plan = Write(second, out);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ((*plan)[0].action, FileAction::kUnchanged);
  EXPECT_EQ((*plan)[1].action, FileAction::kPreserve);
  EXPECT_EQ((*plan)[2].action, FileAction::kUpdate);
  EXPECT_EQ(Slurp(out / "sub/b.txt"), "changed");
  EXPECT_EQ(Slurp(out / "hooks.py"), "user edits");
  EXPECT_EQ(Slurp(out / "unrelated.txt"), "keep me");
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".s2r-staging"), std::string::npos);
  }
}

// A new output directory (the staging directory moved into place) and an existing one (file by
// file) end up with the same files, and no staging directory is left behind.
TEST(Writer, WritesNestedTreesIntoNewAndExistingDirectories) {
  TempDir dir;
  FileTree tree;
  ASSERT_TRUE(tree.Add("a.txt", "one").has_value());
  ASSERT_TRUE(tree.Add("app/x/deep.py", "deep").has_value());
  ASSERT_TRUE(tree.Add("app/y.py", "y").has_value());
  GeneratedFile script{"#!/bin/sh\n", Ownership::kGenerated, true};
  ASSERT_TRUE(tree.Add("run.sh", std::move(script)).has_value());
  fs::create_directories(dir.path() / "existing");
  for (const char* name : {"new/nested", "existing"}) {
    fs::path out = dir.path() / name;
    auto written = Write(tree, out);
    ASSERT_TRUE(written.has_value()) << written.error().message;
    EXPECT_EQ(written->size(), 4U);
    EXPECT_EQ(Slurp(out / "a.txt"), "one");
    EXPECT_EQ(Slurp(out / "app/x/deep.py"), "deep");
    EXPECT_EQ(Slurp(out / "app/y.py"), "y");
    EXPECT_NE(fs::status(out / "run.sh").permissions() & fs::perms::owner_exec, fs::perms::none);
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      EXPECT_EQ(entry.path().filename().string().find(".s2r-staging"), std::string::npos)
          << entry.path();
    }
  }
}

TEST(Writer, PlanDoesNotWrite) {
  TempDir dir;
  FileTree tree;
  ASSERT_TRUE(tree.Add("a.txt", "one").has_value());
  auto plan = Plan(tree, dir.path() / "never");
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(fs::exists(dir.path() / "never"));
}

TEST(TemplateRenderer, InsertsVerbatimWithSectionsAndNumbers) {
  TemplateSet templates;
  templates.files["t"] =
      "x = {{name}}\n{{#items}}\nitem {{n}}\n{{/items}}\n{{^flag}}off{{/flag}}\n";
  nlohmann::json context = {{"name", "a < b -> \"c\""},
                            {"items", {{{"n", 1}}, {{"n", 2}}}},
                            {"flag", false}};
  TemplateRenderer renderer(templates, nlohmann::json::object());
  auto out = renderer.Render("t", context);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(*out, "x = a < b -> \"c\"\nitem 1\nitem 2\noff\n");
}

// A file key hides the global key of that name, dotted names included, as a merged context
// would; other global keys stay visible, inside sections too.
TEST(TemplateRenderer, FileContextHidesGlobalKeys) {
  TemplateSet templates;
  templates.files["t"] =
      "{{name}} {{db.url}}/{{db.pool}}{{#rows}} [{{v}} {{name}} {{shared}}]{{/rows}}"
      "{{^flag}} no flag{{/flag}}";
  nlohmann::json global = {{"name", "global"},
                           {"shared", "s"},
                           {"db", {{"url", "g-url"}, {"pool", 5}}},
                           {"flag", true}};
  TemplateRenderer renderer(templates, global);
  auto plain = renderer.Render("t", {{"rows", {{{"v", 1}}}}});
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_EQ(*plain, "global g-url/5 [1 global s]");
  // `db` of the file replaces the whole global `db`: its `pool` is not looked up globally.
  auto file = renderer.Render(
      "t", {{"name", "file"}, {"db", {{"url", "f-url"}}}, {"flag", false}, {"rows", {{{"v", 2}}}}});
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(*file, "file f-url/ [2 file s] no flag");
}

// What kainjow renders for `text` parsed whole (string, list and boolean contexts only).
std::optional<std::string> RenderWhole(const std::string& text, const nlohmann::json& context) {
  namespace mstch = kainjow::mustache;
  std::function<mstch::data(const nlohmann::json&)> convert = [&](const nlohmann::json& value) {
    if (value.is_object()) {
      mstch::data object{mstch::data::type::object};
      for (const auto& [key, item] : value.items()) object[key] = convert(item);
      return object;
    }
    if (value.is_array()) {
      mstch::data list{mstch::data::type::list};
      for (const auto& item : value) list.push_back(convert(item));
      return list;
    }
    if (value.is_boolean()) {
      return mstch::data(value.get<bool>() ? mstch::data::type::bool_true
                                           : mstch::data::type::bool_false);
    }
    return mstch::data(value.get<std::string>());
  };
  mstch::mustache whole(text);
  whole.set_custom_escape([](const std::string& s) { return s; });
  std::string out = whole.render(convert(context));
  if (!whole.is_valid()) return std::nullopt;
  return out;
}

// Literal lines are appended rather than parsed; the output is what parsing the whole template
// gives: standalone section lines, stray braces, multi-line tags, CRLF and changed delimiters
// included, and broken templates still fail.
TEST(TemplateRenderer, LiteralLinesRenderAsParsedWhole) {
  nlohmann::json context = {{"x", "X"}, {"items", {"a", "b"}}, {"flag", false}, {"y", "Y"}};
  const std::vector<std::string> texts = {
      "a {{x}}\nstatic\n",
      "{{#items}}\n- {{.}}\n{{/items}}\nstatic }} text {\n  \n\r\nlast",
      "{{^flag}}\nno flag\n{{/flag}}\ntail\n",
      "plain\ntext without tags",
      "x\n{{x}}",
      "{{x}}\r\ncrlf tail\r\n",
      "{{=<% %>=}}\n<%x%> ${{ y }}\nafter ${{ y }}\n",
      "{{x}}\nstatic\n\n{{#items}}\n  inside\n{{/items}}\n  between\n"
      "{{^flag}}\nno\n{{/flag}}\nend\n",
      "{{#items}}\nnested {{#flag}}\nnever\n{{/flag}}\nplain in section\n{{/items}}\nafter\n",
      "a\n{{! a comment\nover lines }}\nb {{{x}}} {{&y}}\nc\n",
      "{{x {{y}}\nplain\n",
      // Text compacted into literal tags: blank lines and blanks before standalone tags, CRLF
      // and a lone CR, braces, nesting, a tilde, empty values beside section tags.
      "{{#items}}\n    def f(x):\n\n  \t \n        return {'a': 1} }}\r\n{{/items}}\n",
      "{{#items}}\n{{#items}}\n  ~0 ~x deep\n{{/items}}\n  mid\n{{/items}}\n",
      "{{^flag}}\n  \n  {{#items}}\n   keep {\n  {{/items}}\n{{/flag}}\nend",
      "{{#items}}\nno newline at the end{{/items}}",
      "  {{#items}}  \n\t{{.}} {{^flag}} x{{/flag}}\r  {{/items}}\r\n  {{#flag}}\n  {{/flag}}\n",
      "a {{#flag}}hidden{{/flag}}  \n  {{#items}}{{/items}} \nb{{! c }}\n",
  };
  TemplateSet templates;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    templates.files["t" + std::to_string(i)] = texts[i];
  }
  TemplateRenderer renderer(templates, nlohmann::json::object());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::optional<std::string> whole = RenderWhole(texts[i], context);
    ASSERT_TRUE(whole.has_value()) << texts[i];
    auto out = renderer.Render("t" + std::to_string(i), context);
    ASSERT_TRUE(out.has_value()) << out.error().message;
    EXPECT_EQ(*out, *whole) << texts[i];
  }
  for (const char* broken : {"ok\n{{x\nmore\n", "{{x}} }}\nrest {{\nlast\n", "{{#x}}\nopen\n",
                             "{{#x}}\n{{/y}}\nplain\n", "plain\n{{/x}}\nplain\n"}) {
    EXPECT_FALSE(RenderWhole(broken, context).has_value()) << broken;
    TemplateSet one;
    one.files["broken"] = broken;
    TemplateRenderer broken_renderer(one, nlohmann::json::object());
    EXPECT_FALSE(broken_renderer.Render("broken", context).has_value()) << broken;
  }
}

TEST(TemplateSegments, LiteralLinesOutsideSections) {
  std::string text =
      "head {{x}}\nplain\nplain too\n{{#s}}\ninside\n{{/s}}\n{{! two\nlines }}\nlast";
  std::vector<TemplateSegment> segments = SplitTemplate(text);
  std::string joined;
  std::vector<std::pair<std::string, bool>> parts;
  for (const TemplateSegment& segment : segments) {
    joined += segment.text;
    parts.emplace_back(std::string(segment.text), segment.literal);
  }
  EXPECT_EQ(joined, text);
  std::vector<std::pair<std::string, bool>> expected = {
      {"head {{x}}\n", false},
      {"plain\nplain too\n", true},
      {"{{#s}}\ninside\n{{/s}}\n{{! two\nlines }}\n", false},
      {"last", true}};
  EXPECT_EQ(parts, expected);
}

TEST(TemplateSegments, CompactsTextBetweenTagsAndLineBreaks) {
  CompactedMustache compacted =
      CompactMustache("{{#s}}\n  plain {{x}} kept\n\n  two\r\n{{/s}} after\rend");
  EXPECT_EQ(compacted.text,
            "{{#s}}\n{{~0}}{{x}}{{~1}}\n\n{{~2}}\r\n{{/s}}{{~3}}\r{{~4}}");
  std::vector<std::string_view> expected = {"  plain ", " kept", "  two", " after", "end"};
  EXPECT_EQ(compacted.literals, expected);
  // Delimiters that change, or tags that do not pair up, leave the text as it is.
  for (const char* text : {"{{=<% %>=}}\n<%#s%>\nplain\n<%/s%>\n", "{{#a}}\nplain\n"}) {
    CompactedMustache kept = CompactMustache(text);
    EXPECT_EQ(kept.text, text);
    EXPECT_TRUE(kept.literals.empty());
  }
}

TEST(TemplateSegments, WholeTemplateWhenTagsDoNotPairOrDelimitersChange) {
  for (const char* text : {"{{=<% %>=}}\nplain\n", "plain\n{{x\nplain\n", "{{#a}}\n{{/b}}\nplain\n",
                           "{{#a}}\nplain\n", "{{/a}}\nplain\n"}) {
    std::vector<TemplateSegment> segments = SplitTemplate(text);
    ASSERT_EQ(segments.size(), 1U) << text;
    EXPECT_FALSE(segments[0].literal) << text;
    EXPECT_EQ(segments[0].text, text);
  }
}

TEST(TemplateRenderer, ReportsBrokenAndMissingTemplates) {
  TemplateSet templates;
  templates.files["broken.mustache"] = "{{#open}}never closed";
  TemplateRenderer renderer(templates, nlohmann::json::object());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto out = renderer.Render("broken.mustache", nlohmann::json::object());
    ASSERT_FALSE(out.has_value());
    EXPECT_NE(out.error().message.find("broken.mustache"), std::string::npos);
  }
  auto missing = renderer.Render("absent.mustache", nlohmann::json::object());
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("absent.mustache"), std::string::npos);
}

}  // namespace
}  // namespace s2r::emit
