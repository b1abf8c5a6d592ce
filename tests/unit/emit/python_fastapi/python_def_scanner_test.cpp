// The Python definition scanner: top-level defs only, parameter kinds, multi-line lists, and
// no crash or out-of-range offset on any input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emit/python_fastapi/python_def_scanner.h"

namespace s2r::emit::python_fastapi {
namespace {

std::vector<std::string> Names(const std::vector<PythonDef>& defs) {
  std::vector<std::string> names;
  for (const PythonDef& def : defs) {
    names.push_back(def.name);
  }
  return names;
}

std::vector<std::string> ParamNames(const PythonDef& def) {
  std::vector<std::string> names;
  for (const PythonParam& param : def.params) {
    names.push_back(param.name);
  }
  return names;
}

TEST(PythonDefScanner, ReadsAsyncAndPlainDefinitions) {
  std::string text =
      "import fastapi\n\n"
      "async def before_create(session, *, title: str, body: str = \"\") -> None:\n"
      "    return None\n\n"
      "def register(app):\n    pass\n";
  std::vector<PythonDef> defs = ScanTopLevelDefs(text);
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].name, "before_create");
  EXPECT_TRUE(defs[0].is_async);
  EXPECT_EQ(text.substr(defs[0].name_begin, defs[0].name_end - defs[0].name_begin),
            "before_create");
  ASSERT_EQ(ParamNames(defs[0]), (std::vector<std::string>{"session", "title", "body"}));
  EXPECT_EQ(defs[0].params[0].kind, PythonParamKind::kPositionalOrKeyword);
  EXPECT_EQ(defs[0].params[1].kind, PythonParamKind::kKeywordOnly);
  EXPECT_FALSE(defs[0].params[1].has_default);
  EXPECT_TRUE(defs[0].params[2].has_default);
  EXPECT_EQ(text.substr(defs[0].params[2].begin, 4), "body");
  EXPECT_EQ(defs[1].name, "register");
  EXPECT_FALSE(defs[1].is_async);
}

TEST(PythonDefScanner, ParameterListsSpanLinesWithCommentsStringsAndBrackets) {
  std::string text =
      "async def after_get(\n"
      "    session,  # the request's session, (not closed here\n"
      "    result: dict[str, tuple[int, int]],\n"
      "    *,\n"
      "    code: str = \"a, b)\",  # a default with a comma and a paren\n"
      "    limit: int = max(1, 2),\n"
      "    note: str = '''multi\n"
      "line ) , string''',\n"
      ") -> dict[str, int]:\n"
      "    return result\n";
  std::vector<PythonDef> defs = ScanTopLevelDefs(text);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(ParamNames(defs[0]),
            (std::vector<std::string>{"session", "result", "code", "limit", "note"}));
  EXPECT_EQ(defs[0].params[1].kind, PythonParamKind::kPositionalOrKeyword);
  EXPECT_EQ(defs[0].params[2].kind, PythonParamKind::kKeywordOnly);
  EXPECT_TRUE(defs[0].params[3].has_default);
  EXPECT_TRUE(defs[0].params[4].has_default);
}

TEST(PythonDefScanner, MarkersAndVariadics) {
  std::vector<PythonDef> defs =
      ScanTopLevelDefs("def f(a, b, /, c, *args, d, **kwargs): ...\n"
                       "def g(a, *rest): ...\n");
  ASSERT_EQ(defs.size(), 2u);
  ASSERT_EQ(ParamNames(defs[0]), (std::vector<std::string>{"a", "b", "c", "args", "d", "kwargs"}));
  EXPECT_EQ(defs[0].params[0].kind, PythonParamKind::kPositionalOnly);
  EXPECT_EQ(defs[0].params[1].kind, PythonParamKind::kPositionalOnly);
  EXPECT_EQ(defs[0].params[2].kind, PythonParamKind::kPositionalOrKeyword);
  EXPECT_EQ(defs[0].params[3].kind, PythonParamKind::kVarPositional);
  EXPECT_EQ(defs[0].params[4].kind, PythonParamKind::kKeywordOnly);
  EXPECT_EQ(defs[0].params[5].kind, PythonParamKind::kVarKeyword);
  EXPECT_EQ(defs[1].params[1].kind, PythonParamKind::kVarPositional);
}

TEST(PythonDefScanner, IgnoresDefsThatAreNotTopLevelCode) {
  std::string text =
      "\"\"\"Module docstring.\n"
      "def before_in_docstring(session): ...\n"
      "\"\"\"\n"
      "# def before_in_comment(session): ...\n"
      "class Hooks:\n"
      "    async def before_method(self, session): ...\n"
      "CALLS = [\n"
      "def_not_a_def,\n"
      "]\n"
      "x = (1,\n"
      "def\n"
      ")\n"
      "text = 'def before_in_string(session):'\n"
      "define = 1\n"
      "async  def   before_real(session): ...\n"
      "@decorator\n"
      "def decorated(): ...\n";
  EXPECT_EQ(Names(ScanTopLevelDefs(text)),
            (std::vector<std::string>{"before_real", "decorated"}));
}

TEST(PythonDefScanner, HandlesCrlfBomAndContinuations) {
  std::string text =
      "\xEF\xBB\xBF"
      "def a(x,\r\n      y):\r\n    pass\r\n"
      "value = 1 + \\\n"
      "def hidden_by_continuation(x): pass\n"
      "def b \\\n  (z): pass\n";
  std::vector<PythonDef> defs = ScanTopLevelDefs(text);
  ASSERT_EQ(Names(defs), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ParamNames(defs[0]), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ParamNames(defs[1]), (std::vector<std::string>{"z"}));
}

TEST(PythonDefScanner, UnclosedParameterListYieldsNoDefinition) {
  EXPECT_TRUE(ScanTopLevelDefs("def broken(a, b\n\nx = 1\n").empty());
  EXPECT_TRUE(ScanTopLevelDefs("def no_parens: pass\n").empty());
  EXPECT_TRUE(ScanTopLevelDefs("def (a): pass\n").empty());
  EXPECT_TRUE(ScanTopLevelDefs("").empty());
}

TEST(PythonDefScanner, AnyPrefixOfTrickyTextIsSafe) {
  std::string text =
      "\"\"\"doc 'quote\"\"\"\nasync def before_x(session, *, a: 'str' = \"\\\"\",\n"
      "    b=[1, (2, {3: 4})], **kw): # c\n    '''body'''\n"
      "def after_y(s, r, /, *, c=')'): ...\n x = '\\\n"
      "\xff\xfe def";
  for (std::size_t length = 0; length <= text.size(); ++length) {
    std::string prefix = text.substr(0, length);
    for (const PythonDef& def : ScanTopLevelDefs(prefix)) {
      ASSERT_LE(def.name_end, prefix.size());
      EXPECT_EQ(prefix.substr(def.name_begin, def.name_end - def.name_begin), def.name);
      for (const PythonParam& param : def.params) {
        ASSERT_LE(param.end, prefix.size());
        EXPECT_EQ(prefix.substr(param.begin, param.end - param.begin), param.name);
      }
    }
  }
  std::vector<PythonDef> defs = ScanTopLevelDefs(text);
  ASSERT_EQ(Names(defs), (std::vector<std::string>{"before_x", "after_y"}));
  EXPECT_EQ(ParamNames(defs[0]), (std::vector<std::string>{"session", "a", "b", "kw"}));
  EXPECT_EQ(ParamNames(defs[1]), (std::vector<std::string>{"s", "r", "c"}));
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
