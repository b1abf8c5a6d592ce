// Build-stage diagnostics (language.md §2.1): errors E0301..E0309, warnings E0310..E0319.
#include <gtest/gtest.h>

#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;

std::string Security(std::string_view schemes) {
  return "service S {\n  security {\n" + std::string(schemes) + "\n  }\n}\n";
}

TEST(BuildErrorsTest, ValidSecuritySchemesAreBuilt) {
  auto built = BuildSpec(Security(R"(
    bearer: Bearer(bearer_format: "JWT")
    plain: Bearer
    key: ApiKey(query: "api_key")
    basic: Basic)"));
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const std::vector<SecurityScheme>& schemes = built->module.security;
  ASSERT_EQ(schemes.size(), 4u);
  EXPECT_EQ(schemes[0].kind, SecurityKind::kBearer);
  EXPECT_EQ(schemes[0].bearer_format, "JWT");
  EXPECT_FALSE(schemes[1].bearer_format);
  EXPECT_EQ(schemes[2].kind, SecurityKind::kApiKey);
  EXPECT_EQ(schemes[2].location, "query");
  EXPECT_EQ(schemes[2].parameter_name, "api_key");
  EXPECT_EQ(schemes[3].kind, SecurityKind::kBasic);
}

TEST(BuildErrorsTest, SecuritySchemeMistakes) {
  auto built = BuildSpec(Security(R"(
    a: Oauth
    b: Bearer(format: "JWT")
    c: ApiKey(header: "X", header: "Y")
    d: ApiKey
    e: ApiKey(header: "X", query: "y")
    f: Basic(realm: "r")
    g: Bearer(bearer_format: "a", bearer_format: "b", nope: "c")
    ok: Basic)"));
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0305", "E0306", "E0307", "E0308",
                                                      "E0309", "E0306", "E0306"}));
  const auto& d = built->sink.diagnostics();
  EXPECT_EQ(d[0].message, "unknown security scheme kind `Oauth`; expected Bearer, ApiKey, or Basic");
  EXPECT_EQ(d[1].message, "security scheme `b`: unknown Bearer argument `format`; expected "
                          "`bearer_format`");
  EXPECT_EQ(d[2].message, "security scheme `c`: duplicate argument `header`");
  EXPECT_EQ(d[3].message,
            "security scheme `d`: ApiKey needs a location argument (header, query, or cookie)");
  EXPECT_EQ(d[4].message, "security scheme `e`: ApiKey takes exactly one location");
  EXPECT_EQ(d[5].message, "security scheme `f`: unknown Basic argument `realm`");
  // The unknown-argument check runs before the duplicate check.
  EXPECT_EQ(d[6].message, "security scheme `g`: unknown Bearer argument `nope`; expected "
                          "`bearer_format`");
  ASSERT_EQ(built->module.security.size(), 1u);
  EXPECT_EQ(built->module.security[0].name, "ok");
}

TEST(BuildErrorsTest, SecurityBlocksConcatenate) {
  auto built = BuildSpec(R"(service S {
    security { a: Basic }
    security { b: Bearer }
  })");
  EXPECT_TRUE(built->Codes().empty());
  EXPECT_EQ(built->module.security.size(), 2u);
}

TEST(BuildErrorsTest, DuplicateStateAndConventionsBlocks) {
  auto built = BuildSpec(R"(service S {
    state { a: Int }
    conventions { }
    state { b: Int }
    conventions { O.http_method = "GET" }
    operation O { requires: true }
  })");
  EXPECT_EQ(built->SortedCodes(), (std::vector<std::string>{"E0301", "E0302"}));
  EXPECT_EQ(built->Sorted()[0].labels.size(), 2u);
  ASSERT_TRUE(built->module.state);
  EXPECT_EQ(built->module.state->at(0).name, "a");
  EXPECT_TRUE(built->module.has_conventions_block);
}

TEST(BuildErrorsTest, NonAsciiStringLiterals) {
  auto built = BuildSpec(R"(import "café.spec"
service S {
  state { s: String }
  invariant i: s != "naïve"
  conventions { O.http_header "Äx" = "ok" }
  operation O { requires: s = "\é" }
  security { k: ApiKey(header: "X-Clé") }
})");
  EXPECT_EQ(built->SortedCodes(), (std::vector<std::string>{"E0318", "E0303", "E0303", "E0303"}));
  const std::vector<diag::Diagnostic> d = built->Sorted();
  EXPECT_EQ(d[1].message, "string literal contains the non-ASCII character `ï` (U+00EF); spec "
                          "string literals must be ASCII");
  EXPECT_NE(d[2].message.find("U+00C4"), std::string::npos);
  EXPECT_NE(d[3].message.find("U+00E9"), std::string::npos);
}

TEST(BuildErrorsTest, MixedConventionQualifier) {
  auto built = BuildSpec(R"(service S {
    entity User { password: String }
    conventions {
      User.password.test_strategy "x" = "live"
      User.password.test_strategy = "redacted"
      User.partial_index "active" = "active = true"
    }
  })");
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0304"});
  EXPECT_EQ(built->sink.diagnostics()[0].message,
            "convention rule `User.password.test_strategy` cannot combine a dotted qualifier "
            "with a string qualifier");
  const std::vector<ConventionRule>& rules = built->module.conventions;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[1].qualifier, "password");
  EXPECT_EQ(rules[1].property, "test_strategy");
  EXPECT_EQ(rules[2].qualifier, "active");
}

TEST(BuildErrorsTest, ImportsAreRecordedWithAWarning) {
  auto built = BuildSpec("import \"common.spec\"\nservice S { }");
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0318"});
  EXPECT_EQ(built->module.imports, std::vector<std::string>{"common.spec"});
  EXPECT_FALSE(built->sink.HasErrors());
}

TEST(BuildErrorsTest, TemporalBodiesAreClassified) {
  auto built = BuildSpec(R"(service S {
    state { n: Int }
    operation O { requires: true }
    temporal a: always(n >= 0)
    temporal b: eventually(n = 1)
    temporal c: fairness(O)
    temporal d: always(n >= 0, n < 5)
    temporal e: n > 0
  })");
  const std::vector<Temporal>& temporals = built->module.temporals;
  EXPECT_EQ(temporals[0].kind, TemporalKind::kAlways);
  EXPECT_EQ(temporals[0].body.kind, ExprKind::kBinary);
  EXPECT_EQ(temporals[1].kind, TemporalKind::kEventually);
  EXPECT_EQ(temporals[2].kind, TemporalKind::kFairness);
  EXPECT_EQ(temporals[3].kind, TemporalKind::kInvalid);
  EXPECT_EQ(temporals[3].body.kind, ExprKind::kCall);
  EXPECT_EQ(temporals[4].kind, TemporalKind::kInvalid);
}

TEST(BuildErrorsTest, DeclarationsKeepSourceOrderAndSpans) {
  auto built = BuildSpec(R"(service Shop {
    operation B { requires: true }
    operation A {
      input: x: Int
      requires_auth: k
      requires: x > 0
      requires: x < 9
      ensures: true
      requires_auth: k
    }
    security { k: Basic }
  })");
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const Module& module = built->module;
  EXPECT_EQ(module.name, "Shop");
  EXPECT_EQ(module.source_name, "test.spec");
  EXPECT_EQ(module.operations[0].name, "B");
  EXPECT_FALSE(module.operations[0].requires_auth);
  const Operation& a = module.operations[1];
  EXPECT_EQ(a.requires_exprs.size(), 2u);
  EXPECT_EQ(a.requires_auth, (std::vector<std::string>{"k", "k"}));
  EXPECT_EQ(built->sources.Slice(a.name_span), "A");
  EXPECT_EQ(built->sources.Slice(a.inputs[0].span), "x: Int");
}

}  // namespace
}  // namespace s2r::ir

namespace s2r::ir {
namespace {

using testing::BuildSpec;

TEST(BuildWarningsTest, DuplicateDeclarations) {
  auto built = BuildSpec(R"(service S {
    entity A { x: Int  x: Int }
    enum A { P, P }
    state { s: Int  s: Int }
    operation O { input: a: Int  output: a: Int  requires: true }
    operation O { requires: true }
    predicate p(n: Int) = true
    function p(n: Int): Int = n
    invariant i: true
    invariant i: true
    invariant: true
    invariant: true
  })");
  EXPECT_EQ(built->Messages(),
            "E0311: field `x` is declared more than once\n"
            "E0311: type `A` is declared more than once\n"
            "E0311: enum value `P` is declared more than once\n"
            "E0311: state field `s` is declared more than once\n"
            "E0311: parameter `a` is declared more than once\n"
            "E0311: operation `O` is declared more than once\n"
            "E0311: predicate or function `p` is declared more than once\n"
            "E0311: invariant `i` is declared more than once\n");
  EXPECT_FALSE(built->sink.HasErrors());
  EXPECT_EQ(built->sink.diagnostics()[0].labels[1].text, "first declared here");
}

TEST(BuildWarningsTest, RedeclaringAnInheritedFieldOrAPreamblePredicateIsFine) {
  auto built = BuildSpec(R"(service S {
    entity Base { x: Int }
    entity Child extends Base { x: Float }
    predicate isValidURI(s: String) = len(s) > 0
  })");
  EXPECT_TRUE(built->Codes().empty()) << built->Messages();
}

TEST(BuildWarningsTest, BadExtendsAndTransitionTargets) {
  auto built = BuildSpec(R"(service S {
    enum St { A, B }
    entity Orphan extends Missing { x: Int }
    entity P extends Q { st: St }
    entity Q extends P { y: Int }
    operation Go { requires: true }
    transition T1 { entity: Nowhere  field: st  A -> B via Go }
    transition T2 { entity: P  field: status  A -> B via Go }
    transition T3 { entity: P  field: st  A -> B via Go }
  })");
  EXPECT_EQ(built->Messages(),
            "E0312: entity `Orphan` extends `Missing`, which is not an entity\n"
            "E0313: entity `P` extends itself through `Q`\n"
            "E0313: entity `Q` extends itself through `P`\n"
            "E0319: transition `T1` names entity `Nowhere`, which is not declared\n"
            "E0314: `P` has no field `status`\n");
}

TEST(BuildWarningsTest, UnknownFieldsMembersAndArity) {
  auto built = BuildSpec(R"(service S {
    enum St { A }
    entity E { n: Int  st: St }
    state { es: Int -> lone E  s: String }
    function f(a: Int, b: Int): Int = a + b
    operation O {
      input: k: Int
      requires: es[k].nn > 0 and es[k].n > 0 and s.length > 0
      ensures:
        es'[k] = es[k] with { m = 1 }
        es'[k] = E { n = 1, q = 2 }
        es[k].st = St.Z
        len(s, s) = f(1) + now() + sum(s) + isValidURI()
    }
  })");
  EXPECT_EQ(built->Messages(),
            "E0314: `E` has no field `nn`\n"
            "E0314: `E` has no field `m`\n"
            "E0314: `E` has no field `q`\n"
            "E0316: enum `St` has no value `Z`\n"
            "E0315: `len` takes 1 argument(s) but 2 were given\n"
            "E0315: `f` takes 2 argument(s) but 1 were given\n"
            "E0315: `sum` takes 2 argument(s) but 1 were given\n"
            "E0315: `isValidURI` takes 1 argument(s) but 0 were given\n");
  EXPECT_FALSE(built->sink.HasErrors());
  EXPECT_EQ(built->sources.Slice(built->sink.diagnostics()[0].PrimarySpan()), "nn");
}

}  // namespace
}  // namespace s2r::ir
