// Parser behaviour: precedence (DECISIONS.md item 1), juxtaposed clauses, backtracking rules,
// soft keywords, declarations, and error recovery.
#include <gtest/gtest.h>

#include <string>

#include "diag/sink.h"
#include "syntax/ast_dump.h"
#include "syntax/parse.h"

namespace s2r::syntax {
namespace {

struct Parsed {
  Service service;
  diag::CollectingSink sink;
};

Parsed ParseText(const std::string& text) {
  SourceManager sources;
  Parsed parsed;
  SourceId id = sources.Add("test.spec", text);
  parsed.service = Parse(sources, id, parsed.sink);
  return parsed;
}

// Parses `expr` as the body of a service invariant and returns its S-expression.
std::string Tree(const std::string& expr) {
  Parsed parsed = ParseText("service S { invariant: " + expr + " }");
  if (parsed.sink.HasErrors() || parsed.service.invariants.size() != 1) {
    return "<error: " + (parsed.sink.diagnostics().empty() ? std::string("no invariant")
                                                            : parsed.sink.diagnostics()[0].message) +
           ">";
  }
  return DumpExpr(parsed.service.invariants[0].expr);
}

std::vector<std::string> EnsuresOf(const std::string& body) {
  Parsed parsed = ParseText("service S { operation Op { ensures: " + body + " } }");
  std::vector<std::string> out;
  if (parsed.sink.HasErrors()) {
    out.push_back("<error: " + parsed.sink.diagnostics()[0].message + ">");
    return out;
  }
  for (const Clause& clause : parsed.service.operations.at(0).ensures_clauses) {
    for (const Expr& e : clause) {
      out.push_back(DumpExpr(e));
    }
  }
  return out;
}

std::vector<std::string> Codes(const std::string& text) {
  Parsed parsed = ParseText(text);
  std::vector<std::string> codes;
  for (const diag::Diagnostic& d : parsed.sink.diagnostics()) {
    codes.emplace_back(diag::Info(d.code).spelling);
  }
  return codes;
}

TEST(ParserPrecedence, ArithmeticIsLeftAssociativeWithEqualLevels) {
  EXPECT_EQ(Tree("a - b + c"), "(+ (- a b) c)");
  EXPECT_EQ(Tree("a / b * c"), "(* (/ a b) c)");
  EXPECT_EQ(Tree("a * b / c"), "(/ (* a b) c)");
  EXPECT_EQ(Tree("a - b - c + d"), "(+ (- (- a b) c) d)");
  EXPECT_EQ(Tree("a + b * c"), "(+ a (* b c))");
}

TEST(ParserPrecedence, SetAlgebraBindsLooserThanArithmetic) {
  EXPECT_EQ(Tree("a union b intersect c minus d"), "(minus (intersect (union a b) c) d)");
  EXPECT_EQ(Tree("x in a union b"), "(in x (union a b))");
  EXPECT_EQ(Tree("a + b union c"), "(union (+ a b) c)");
}

TEST(ParserPrecedence, LogicalOperators) {
  EXPECT_EQ(Tree("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(Tree("a and b implies c"), "(implies (and a b) c)");
  EXPECT_EQ(Tree("a implies b and c"), "(implies a (and b c))");
  EXPECT_EQ(Tree("a implies b implies c"), "(implies a (implies b c))");
  EXPECT_EQ(Tree("a iff b implies c"), "(iff a (implies b c))");
}

TEST(ParserPrecedence, NotTakesAComparison) {
  EXPECT_EQ(Tree("not a = b"), "(not (= a b))");
  EXPECT_EQ(Tree("not a in b"), "(not (in a b))");
  EXPECT_EQ(Tree("not a and b"), "(and (not a) b)");
  EXPECT_EQ(Tree("a = not b and c"), "(and (= a (not b)) c)");
}

TEST(ParserPrecedence, PrefixAndPostfix) {
  EXPECT_EQ(Tree("-x * y"), "(* (- x) y)");
  EXPECT_EQ(Tree("-x'"), "(- (prime x))");
  EXPECT_EQ(Tree("- - a"), "(- (- a))");
  EXPECT_EQ(Tree("x - -y"), "(- x (- y))");
  EXPECT_EQ(Tree("#s.f + 1"), "(+ (# (. s f)) 1)");
  EXPECT_EQ(Tree("#a.b[c]' + 1"), "(+ (# (prime (index (. a b) c))) 1)");
  EXPECT_EQ(Tree("^#a"), "(^ (# a))");
  EXPECT_EQ(Tree("#x with {a = 1}"), "(# (with x (a 1)))");
  EXPECT_EQ(Tree("x with {a = 1} with {b = 2}.c"), "(. (with (with x (a 1)) (b 2)) c)");
  EXPECT_EQ(Tree("f(x)(y).Z.w"), "(. (enum (call (call f x) y) Z) w)");
  EXPECT_EQ(Tree("Status.DRAFT = s"), "(= (enum Status DRAFT) s)");
}

TEST(ParserPrecedence, ChainedComparisonsAreRejected) {
  EXPECT_EQ(Codes("service S { invariant: a = b = c }"), std::vector<std::string>{"E0203"});
  EXPECT_EQ(Codes("service S { invariant: a < b = c }"), std::vector<std::string>{"E0203"});
  EXPECT_EQ(Codes("service S { invariant: x = y in S }"), std::vector<std::string>{"E0203"});
  EXPECT_EQ(Tree("(a = b) = c"), "(= (= a b) c)");
  EXPECT_EQ(Tree("a = b and b = c"), "(and (= a b) (= b c))");
}

TEST(ParserPrecedence, MatchesIsAComparison) {
  EXPECT_EQ(Tree("x + y matches /r/ and z"), "(and (matches (+ x y) /r/) z)");
  EXPECT_EQ(Tree("s matches /^https?:\\/\\/x$/"), "(matches s /^https?://x$/)");
  EXPECT_EQ(Codes("service S { invariant: x matches \"abc\" }"), std::vector<std::string>{"E0204"});
}

TEST(ParserPrecedence, BodiesExtendRight) {
  EXPECT_EQ(Tree("if a then b else c + 1"), "(if a b (+ c 1))");
  EXPECT_EQ(Tree("1 + if a then b else c"), "(+ 1 (if a b c))");
  EXPECT_EQ(Tree("all x in S | p implies q"), "(all (x in S) (implies p q))");
  EXPECT_EQ(Tree("a and all x in S | p or q"), "(and a (all (x in S) (or p q)))");
  EXPECT_EQ(Tree("the x in S | p and q"), "(the x S (and p q))");
  EXPECT_EQ(Tree("sum(xs, x => x + 1) > 0"), "(> (call sum xs (lambda x (+ x 1))) 0)");
}

TEST(ParserForms, QuantifierBindings) {
  EXPECT_EQ(Tree("all u1 in users, u2 in users | u1 = u2"),
            "(all (u1 in users) (u2 in users) (= u1 u2))");
  EXPECT_EQ(Tree("some u: User | u in users"), "(some (u : User) (in u users))");
  EXPECT_EQ(Tree("some(x) = y"), "(= (some x) y)");
  EXPECT_EQ(Tree("no x in s | x > 1"), "(no (x in s) (> x 1))");
}

TEST(ParserForms, BraceForms) {
  EXPECT_EQ(Tree("{ x in S | p }"), "(set-of x S p)");
  EXPECT_EQ(Tree("{x in S} = t"), "(= (set (in x S)) t)");
  EXPECT_EQ(Tree("{} = {a -> b, c -> d}"), "(= (set) (map a b c d))");
  EXPECT_EQ(Tree("{1, 2} = [3, 4]"), "(= (set 1 2) (seq 3 4))");
  EXPECT_EQ(Tree("[] = x"), "(= (seq) x)");
  EXPECT_EQ(Tree("Foo{a = 1, b = \"x\\\"y\"} = f"), "(= (new Foo (a 1) (b \"x\"y\")) f)");
}

TEST(ParserForms, LetFindsTheLastWorkableIn) {
  EXPECT_EQ(Tree("let x = a in b in c"), "(let x (in a b) c)");
  EXPECT_EQ(Tree("let x = all y in S | y in T in z"), "(let x (all (y in S) (in y T)) z)");
  EXPECT_EQ(Tree("let x = 1 in let y = x in y = 2"), "(let x 1 (let y x (= y 2)))");
}

TEST(ParserForms, SoftKeywordsAsNames) {
  EXPECT_EQ(Tree("output.url = state"), "(= (. output url) state)");
  Parsed parsed = ParseText(
      "service S { entity E { invariant: Foo  field: Int  with: String } "
      "operation Op { input: security: Int, state: String } }");
  ASSERT_FALSE(parsed.sink.HasErrors());
  ASSERT_EQ(parsed.service.entities[0].fields.size(), 3u);
  EXPECT_EQ(parsed.service.entities[0].fields[0].name.text, "invariant");
  EXPECT_EQ(parsed.service.operations[0].inputs[1].name.text, "state");
}

TEST(ParserForms, EntityInvariantVersusFieldNamedInvariant) {
  Parsed parsed = ParseText("service S { entity E { x: Int invariant: x > 0 } }");
  ASSERT_FALSE(parsed.sink.HasErrors());
  EXPECT_EQ(parsed.service.entities[0].fields.size(), 1u);
  ASSERT_EQ(parsed.service.entities[0].invariants.size(), 1u);
  EXPECT_EQ(DumpExpr(parsed.service.entities[0].invariants[0]), "(> x 0)");
}

TEST(ParserClauses, JuxtaposedElementsSplitWhereTheExpressionCannotContinue) {
  EXPECT_EQ(EnsuresOf("a = b c = d"), (std::vector<std::string>{"(= a b)", "(= c d)"}));
  EXPECT_EQ(EnsuresOf("a = b\n -c = d"), (std::vector<std::string>{"<error: comparison operators "
                                                                   "cannot be chained: `=` follows `=`>"}));
  EXPECT_EQ(EnsuresOf("z\n[1] = y"), (std::vector<std::string>{"(= (index z 1) y)"}));
  EXPECT_EQ(EnsuresOf("a = b\n[1, 2] = c"), (std::vector<std::string>{"(= a b)", "(= (seq 1 2) c)"}));
  EXPECT_EQ(EnsuresOf("a = b\n[] = f"), (std::vector<std::string>{"(= a b)", "(= (seq) f)"}));
  EXPECT_EQ(EnsuresOf("p = Foo\n{a}"), (std::vector<std::string>{"(= p Foo)", "(set a)"}));
  EXPECT_EQ(EnsuresOf("g = H\n{a = b}"), (std::vector<std::string>{"(= g (new H (a b)))"}));
  EXPECT_EQ(EnsuresOf("x not in s' y = 1"),
            (std::vector<std::string>{"(not in x (prime s))", "(= y 1)"}));
}

TEST(ParserClauses, ClausesAccumulate) {
  Parsed parsed = ParseText(
      "service S { operation Op { input: a: Int input: b: Int requires: a > 0 "
      "requires: b > 0 ensures: true requires_auth: admin, user } }");
  ASSERT_FALSE(parsed.sink.HasErrors());
  const Operation& op = parsed.service.operations[0];
  EXPECT_EQ(op.inputs.size(), 2u);
  EXPECT_EQ(op.requires_clauses.size(), 2u);
  ASSERT_TRUE(op.requires_auth.has_value());
  EXPECT_EQ(op.requires_auth->size(), 2u);
}

TEST(ParserDeclarations, AllMemberKinds) {
  Parsed parsed = ParseText(R"(
    import "other.spec"
    service Demo {
      entity Base { id: Int }
      entity Child extends Base { name: String where len(value) > 0 invariant: id >= 0 }
      enum Color { RED, GREEN, }
      type Name = String where value matches /^[a-z]+$/
      state { items: Int -> lone Child  tags: Set[String]  m: Map[String, Seq[Int]] }
      operation Add { input: x: Int output: y: Option[Int] requires: x > 0 ensures: y = some(x) }
      transition Flow { entity: Child field: color RED -> GREEN via Add when id > 0 }
      invariant positive: #items >= 0
      invariant: true
      temporal grows: always(#items >= 0)
      fact: true
      function twice(n: Int): Int = n * 2
      predicate small(n: Int) = n < 10
      conventions { Add.http_method = "POST" Add.http_header "Location" = output.y
                    Child.name.test_strategy = "live" }
      security { bearer: Bearer(bearer_format: "JWT") key: ApiKey(header: "X-Key") }
    })");
  ASSERT_FALSE(parsed.sink.HasErrors()) << parsed.sink.diagnostics()[0].message;
  const Service& s = parsed.service;
  EXPECT_EQ(s.imports.size(), 1u);
  EXPECT_EQ(s.entities.size(), 2u);
  EXPECT_EQ(s.entities[1].parent->text, "Base");
  EXPECT_EQ(s.enums[0].values.size(), 2u);
  EXPECT_EQ(s.states[0].fields[0].type.kind, TypeKind::kRelation);
  EXPECT_EQ(s.states[0].fields[0].type.multiplicity, Multiplicity::kLone);
  EXPECT_EQ(s.transitions[0].rules[0].via.text, "Add");
  EXPECT_EQ(s.invariants.size(), 2u);
  EXPECT_FALSE(s.invariants[1].name.has_value());
  EXPECT_EQ(s.conventions[0].rules.size(), 3u);
  EXPECT_EQ(s.conventions[0].rules[1].string_qualifier->value, "Location");
  EXPECT_EQ(s.conventions[0].rules[2].dotted_qualifier->text, "name");
  EXPECT_EQ(s.conventions[0].rules[2].property.text, "test_strategy");
  EXPECT_EQ(s.security.size(), 2u);
}

TEST(ParserDeclarations, RelationDefaultsToOne) {
  Parsed parsed = ParseText("service S { state { items: Int -> Item } }");
  ASSERT_FALSE(parsed.sink.HasErrors());
  EXPECT_EQ(parsed.service.states[0].fields[0].type.multiplicity, Multiplicity::kOne);
}

TEST(ParserErrors, ReportsSeveralErrorsAndRecovers) {
  std::vector<std::string> codes = Codes(
      "service S {\n entity E { x Int }\n operation O { requires: a == b }\n"
      " entity F { y: Int }\n invariant: (x }\n");
  EXPECT_GE(codes.size(), 3u);
  Parsed parsed = ParseText("service S {\n entity E { x Int }\n entity F { y: Int }\n}");
  ASSERT_EQ(parsed.service.entities.size(), 1u);
  EXPECT_EQ(parsed.service.entities[0].name.text, "F");
}

TEST(ParserErrors, SpecificMessages) {
  EXPECT_EQ(Codes("service s {}"), std::vector<std::string>{"E0201"});
  EXPECT_EQ(Codes("service S {} service T {}"), std::vector<std::string>{"E0207"});
  EXPECT_EQ(Codes("service S { operation O { input: a: Int, } }"), std::vector<std::string>{"E0208"});
  EXPECT_EQ(Codes("service S { invariant: a & b }"), (std::vector<std::string>{"E0101"}));
  EXPECT_EQ(Codes("service S { invariant: \"abc\n }"), (std::vector<std::string>{"E0102"}));
  EXPECT_EQ(Codes("service S { /* open"), (std::vector<std::string>{"E0103", "E0201"}));
  EXPECT_EQ(Codes("service S { entity in { } }"), std::vector<std::string>{"E0201"});
  EXPECT_EQ(Codes("service S { entity E { in: Int } }"), std::vector<std::string>{"E0210"});
  EXPECT_EQ(Codes("service S { foo }"), std::vector<std::string>{"E0206"});
  EXPECT_EQ(Codes("service S { invariant: all c1, c2 in s | true }"),
            std::vector<std::string>{"E0201"});
}

TEST(ParserErrors, DeepNestingIsADiagnosticNotACrash) {
  std::string deep(5000, '(');
  EXPECT_EQ(Codes("service S { invariant: " + deep + "x }"), std::vector<std::string>{"E0205"});
  std::string chain = "x";
  for (int i = 0; i < 3000; ++i) {
    chain += " + x";
  }
  EXPECT_EQ(Codes("service S { invariant: " + chain + " > 0 }"), std::vector<std::string>{"E0205"});
}

TEST(ParserSpans, BinarySpanIncludesParenthesisedOperands) {
  std::string text = "service S { invariant: a = ((x in a) or (x in b)) }";
  Parsed parsed = ParseText(text);
  ASSERT_FALSE(parsed.sink.HasErrors());
  const Expr& eq = parsed.service.invariants[0].expr;
  const Expr& or_node = eq.operands[1];
  EXPECT_EQ(text.substr(or_node.span.begin, or_node.span.Length()), "(x in a) or (x in b)");
  EXPECT_EQ(text.substr(eq.span.begin, eq.span.Length()), "a = ((x in a) or (x in b))");
}

}  // namespace
}  // namespace s2r::syntax
