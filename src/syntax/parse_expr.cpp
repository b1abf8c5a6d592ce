// Expressions: a Pratt parser over the documented precedence table (DECISIONS.md item 1):
// postfix > prefix `#` `-` `^` > `*` `/` > `+` `-` > `union` `intersect` `minus` >
// comparisons (non-associative) > `not` > `and` > `or` > `implies` `iff` (right-associative).
// Quantifier, `the`, `let`, `if` and lambda bodies extend as far right as possible.
#include <algorithm>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "syntax/parser.h"

namespace s2r::syntax {
namespace {

enum Level : int {
  kLevelImplies = 1,
  kLevelOr,
  kLevelAnd,
  kLevelNot,
  kLevelCompare,
  kLevelSetAlgebra,
  kLevelAdditive,
  kLevelMultiplicative,
};

struct BinaryInfo {
  BinaryOp op = BinaryOp::kAnd;
  int level = 0;
  bool right_associative = false;
  // `not in` spans two tokens; `matches` is a postfix form at comparison level.
  int token_count = 1;
  bool is_matches = false;
};

std::optional<BinaryInfo> BinaryAt(TokenKind kind, TokenKind next) {
  auto info = [](BinaryOp op, int level) { return BinaryInfo{op, level, false, 1, false}; };
  switch (kind) {
    case TokenKind::kKwImplies: return BinaryInfo{BinaryOp::kImplies, kLevelImplies, true, 1, false};
    case TokenKind::kKwIff: return BinaryInfo{BinaryOp::kIff, kLevelImplies, true, 1, false};
    case TokenKind::kKwOr: return info(BinaryOp::kOr, kLevelOr);
    case TokenKind::kKwAnd: return info(BinaryOp::kAnd, kLevelAnd);
    case TokenKind::kEqual: return info(BinaryOp::kEq, kLevelCompare);
    case TokenKind::kNotEqual: return info(BinaryOp::kNeq, kLevelCompare);
    case TokenKind::kLess: return info(BinaryOp::kLt, kLevelCompare);
    case TokenKind::kGreater: return info(BinaryOp::kGt, kLevelCompare);
    case TokenKind::kLessEqual: return info(BinaryOp::kLe, kLevelCompare);
    case TokenKind::kGreaterEqual: return info(BinaryOp::kGe, kLevelCompare);
    case TokenKind::kKwIn: return info(BinaryOp::kIn, kLevelCompare);
    case TokenKind::kKwSubset: return info(BinaryOp::kSubset, kLevelCompare);
    case TokenKind::kKwNot:
      if (next == TokenKind::kKwIn) {
        return BinaryInfo{BinaryOp::kNotIn, kLevelCompare, false, 2, false};
      }
      return std::nullopt;
    case TokenKind::kKwMatches: return BinaryInfo{BinaryOp::kEq, kLevelCompare, false, 1, true};
    case TokenKind::kKwUnion: return info(BinaryOp::kUnion, kLevelSetAlgebra);
    case TokenKind::kKwIntersect: return info(BinaryOp::kIntersect, kLevelSetAlgebra);
    case TokenKind::kKwMinus: return info(BinaryOp::kMinus, kLevelSetAlgebra);
    case TokenKind::kPlus: return info(BinaryOp::kAdd, kLevelAdditive);
    case TokenKind::kMinusSign: return info(BinaryOp::kSub, kLevelAdditive);
    case TokenKind::kStar: return info(BinaryOp::kMul, kLevelMultiplicative);
    case TokenKind::kSlash: return info(BinaryOp::kDiv, kLevelMultiplicative);
    default: return std::nullopt;
  }
}

bool IsTypeKeyword(TokenKind kind) {
  switch (kind) {
    case TokenKind::kKwString: case TokenKind::kKwInt: case TokenKind::kKwBool:
    case TokenKind::kKwFloat: case TokenKind::kKwDateTime: case TokenKind::kKwDuration:
    case TokenKind::kKwUuid: case TokenKind::kKwSetType: case TokenKind::kKwMap:
    case TokenKind::kKwSeq: case TokenKind::kKwOption:
      return true;
    default:
      return false;
  }
}

// A member keyword that begins a new declaration (`entity Foo`, `state {`): a `let` never
// looks for its `in` past one.
bool StartsDeclaration(TokenKind kind, TokenKind next) {
  switch (kind) {
    case TokenKind::kKwEntity: case TokenKind::kKwEnum: case TokenKind::kKwType:
    case TokenKind::kKwState: case TokenKind::kKwOperation: case TokenKind::kKwTransition:
    case TokenKind::kKwConventions: case TokenKind::kKwSecurity:
      return next == TokenKind::kUpperIdent || next == TokenKind::kLeftBrace;
    default:
      return false;
  }
}

std::string RegexPattern(std::string_view token_text) {
  std::string_view body = token_text.substr(1);
  if (!body.empty() && body.back() == '/') {
    body.remove_suffix(1);
  }
  std::string pattern;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size() && body[i + 1] == '/') {
      pattern.push_back('/');
      ++i;
    } else {
      pattern.push_back(body[i]);
    }
  }
  return pattern;
}

}  // namespace

Expr Parser::Node(ExprKind kind, Span span, std::vector<Expr> operands) {
  Expr node;
  node.kind = kind;
  node.span = span;
  std::uint32_t tallest = 0;
  for (const Expr& operand : operands) {
    tallest = std::max(tallest, operand.height);
  }
  node.height = tallest + 1;
  if (node.height > static_cast<std::uint32_t>(options_.max_depth)) {
    Fail(diag::NestingTooDeep(span, options_.max_depth)
             .WithHelp("split the expression with `let` or a predicate"));
  }
  node.operands = std::move(operands);
  return node;
}

void Parser::EnterNesting() {
  if (++nesting_ > options_.max_depth) {
    --nesting_;
    Fail(diag::NestingTooDeep(Peek().span, options_.max_depth));
  }
}

namespace {
// Leaves one level of nesting when the parse function returns or unwinds.
class NestingScope {
 public:
  explicit NestingScope(int& nesting) : nesting_(nesting) {}
  ~NestingScope() { --nesting_; }
  NestingScope(const NestingScope&) = delete;
  NestingScope& operator=(const NestingScope&) = delete;

 private:
  int& nesting_;
};
}  // namespace

Expr Parser::ParseExpr() { return ParseBinary(0); }

Clause Parser::ParseClause() {
  Clause clause;
  clause.push_back(ParseExpr());
  while (CanStartElement()) {
    clause.push_back(ParseExpr());
  }
  return clause;
}

bool Parser::CanStartElement() const {
  if (AtName() && PeekKind(1) == TokenKind::kColon) {
    return false;  // the next clause, e.g. `ensures:`
  }
  if (AtName()) {
    return true;
  }
  switch (PeekKind()) {
    case TokenKind::kLeftParen: case TokenKind::kKwAll: case TokenKind::kKwSome:
    case TokenKind::kKwNo: case TokenKind::kKwExists: case TokenKind::kKwThe:
    case TokenKind::kKwIf: case TokenKind::kKwLet: case TokenKind::kKwPre:
    case TokenKind::kLeftBrace: case TokenKind::kLeftBracket: case TokenKind::kUpperIdent:
    case TokenKind::kIntLit: case TokenKind::kFloatLit: case TokenKind::kStringLit:
    case TokenKind::kKwTrue: case TokenKind::kKwFalse: case TokenKind::kKwNone:
    case TokenKind::kHash: case TokenKind::kMinusSign: case TokenKind::kCaret:
    case TokenKind::kKwNot:
      return true;
    default:
      return false;
  }
}

Expr Parser::ParseBinary(int min_level) {
  EnterNesting();
  NestingScope scope(nesting_);
  std::uint32_t begin = StartOffset();
  Expr left = ParseUnary();
  std::optional<std::string_view> previous_comparison;
  while (true) {
    std::optional<BinaryInfo> info = BinaryAt(PeekKind(), PeekKind(1));
    if (!info || info->level < min_level) {
      break;
    }
    std::string_view spelling = info->is_matches ? std::string_view("matches")
                                                 : Spelling(info->op);
    if (info->level == kLevelCompare && previous_comparison) {
      Fail(diag::ChainedComparison(Peek().span, spelling, *previous_comparison)
               .WithHelp(fmt::format("add parentheses to say which comparison comes first, or "
                                     "join two comparisons with `and`")));
    }
    previous_comparison = info->level == kLevelCompare ? std::optional(spelling) : std::nullopt;
    for (int i = 0; i < info->token_count; ++i) {
      Advance();
    }
    if (info->is_matches) {
      if (!At(TokenKind::kRegexLit)) {
        Fail(diag::MatchesNeedsRegex(Peek().span));
      }
      std::string pattern = RegexPattern(Advance().text);
      std::vector<Expr> operands;
      operands.push_back(std::move(left));
      left = Node(ExprKind::kMatches, SpanFrom(begin), std::move(operands));
      left.text = std::move(pattern);
      continue;
    }
    Expr right = ParseBinary(info->right_associative ? info->level : info->level + 1);
    std::vector<Expr> operands;
    operands.push_back(std::move(left));
    operands.push_back(std::move(right));
    left = Node(ExprKind::kBinary, SpanFrom(begin), std::move(operands));
    left.binary_op = info->op;
  }
  return left;
}

Expr Parser::ParseUnary() {
  std::uint32_t begin = StartOffset();
  std::optional<UnaryOp> op;
  switch (PeekKind()) {
    case TokenKind::kKwNot:
      if (PeekKind(1) != TokenKind::kKwIn) {
        op = UnaryOp::kNot;
      }
      break;
    case TokenKind::kHash: op = UnaryOp::kCardinality; break;
    case TokenKind::kMinusSign: op = UnaryOp::kNegate; break;
    case TokenKind::kCaret: op = UnaryOp::kPowerset; break;
    default: break;
  }
  if (!op) {
    Expr primary = ParsePrimary();
    return ParsePostfix(std::move(primary), begin);
  }
  Advance();
  EnterNesting();
  NestingScope scope(nesting_);
  // `not` takes a whole comparison; the other prefixes bind tighter than any binary operator.
  Expr operand = *op == UnaryOp::kNot ? ParseBinary(kLevelCompare) : ParseUnary();
  std::vector<Expr> operands;
  operands.push_back(std::move(operand));
  Expr node = Node(ExprKind::kUnary, SpanFrom(begin), std::move(operands));
  node.unary_op = *op;
  return node;
}

Expr Parser::ParsePostfix(Expr base, std::uint32_t begin) {
  while (true) {
    switch (PeekKind()) {
      case TokenKind::kPrime: {
        Advance();
        std::vector<Expr> operands;
        operands.push_back(std::move(base));
        base = Node(ExprKind::kPrime, SpanFrom(begin), std::move(operands));
        break;
      }
      case TokenKind::kDot: {
        Advance();
        ExprKind kind = At(TokenKind::kUpperIdent) ? ExprKind::kEnumAccess : ExprKind::kFieldAccess;
        Name member = kind == ExprKind::kEnumAccess ? ExpectUpper("enum value")
                                                    : ExpectName("field name after `.`");
        std::vector<Expr> operands;
        operands.push_back(std::move(base));
        base = Node(kind, SpanFrom(begin), std::move(operands));
        base.text = std::move(member.text);
        base.names.push_back(Name{base.text, member.span});
        break;
      }
      case TokenKind::kLeftBracket:
        if (!TryParseIndex(base, begin)) {
          return base;
        }
        break;
      case TokenKind::kLeftParen: {
        Advance();
        std::vector<Expr> operands;
        operands.push_back(std::move(base));
        if (!At(TokenKind::kRightParen)) {
          do {
            operands.push_back(ParseExpr());
          } while (Accept(TokenKind::kComma));
        }
        Expect(TokenKind::kRightParen);
        base = Node(ExprKind::kCall, SpanFrom(begin), std::move(operands));
        break;
      }
      case TokenKind::kKwWith:
        if (PeekKind(1) != TokenKind::kLeftBrace) {
          return base;
        }
        base = ParseWith(std::move(base), begin);
        break;
      default:
        return base;
    }
  }
}

// `e[i]` is an index only when the brackets hold exactly one expression; `[a, b]` or `[]`
// after an expression starts a new juxtaposed element instead.
bool Parser::TryParseIndex(Expr& base, std::uint32_t begin) {
  if (PeekKind(1) == TokenKind::kRightBracket) {
    return false;
  }
  Expr index;
  bool parsed = Try([&] {
    Advance();
    index = ParseExpr();
    Expect(TokenKind::kRightBracket);
  });
  if (!parsed) {
    return false;
  }
  std::vector<Expr> operands;
  operands.push_back(std::move(base));
  operands.push_back(std::move(index));
  base = Node(ExprKind::kIndex, SpanFrom(begin), std::move(operands));
  return true;
}

// `name = value, ...` up to the closing `}`: values go to `operands`, names and item spans to
// the node fields.
Parser::Assignments Parser::ParseAssignments() {
  Assignments assignments;
  do {
    std::uint32_t item_begin = StartOffset();
    assignments.names.push_back(ExpectName("field name"));
    Expect(TokenKind::kEqual);
    assignments.values.push_back(ParseExpr());
    assignments.spans.push_back(SpanFrom(item_begin));
  } while (Accept(TokenKind::kComma));
  Expect(TokenKind::kRightBrace);
  return assignments;
}

Expr Parser::ParseWith(Expr base, std::uint32_t begin) {
  Advance();
  Advance();
  Assignments assignments = ParseAssignments();
  std::vector<Expr> operands;
  operands.push_back(std::move(base));
  std::move(assignments.values.begin(), assignments.values.end(), std::back_inserter(operands));
  Expr node = Node(ExprKind::kWith, SpanFrom(begin), std::move(operands));
  node.names = std::move(assignments.names);
  node.item_spans = std::move(assignments.spans);
  return node;
}

Expr Parser::ParsePrimary() {
  EnterNesting();
  NestingScope scope(nesting_);
  std::uint32_t begin = StartOffset();
  const Token& token = Peek();
  auto leaf = [&](ExprKind kind, std::string text) {
    Advance();
    Expr node = Node(kind, SpanFrom(begin), {});
    node.text = std::move(text);
    return node;
  };
  switch (token.kind) {
    case TokenKind::kLeftParen: return ParseParenthesized();
    case TokenKind::kKwAll: case TokenKind::kKwNo: case TokenKind::kKwExists:
      return ParseQuantifier();
    case TokenKind::kKwSome: {
      if (PeekKind(1) != TokenKind::kLeftParen) {
        return ParseQuantifier();
      }
      Advance();
      Advance();
      std::vector<Expr> operands;
      operands.push_back(ParseExpr());
      Expect(TokenKind::kRightParen);
      return Node(ExprKind::kSomeWrap, SpanFrom(begin), std::move(operands));
    }
    case TokenKind::kKwPre: {
      Advance();
      Expect(TokenKind::kLeftParen);
      std::vector<Expr> operands;
      operands.push_back(ParseExpr());
      Expect(TokenKind::kRightParen);
      return Node(ExprKind::kPre, SpanFrom(begin), std::move(operands));
    }
    case TokenKind::kKwThe: return ParseThe();
    case TokenKind::kKwIf: return ParseIf();
    case TokenKind::kKwLet: return ParseLet();
    case TokenKind::kLeftBrace: return ParseBrace();
    case TokenKind::kLeftBracket: return ParseSequence();
    case TokenKind::kUpperIdent:
      if (PeekKind(1) == TokenKind::kLeftBrace && AtName(2) && PeekKind(3) == TokenKind::kEqual) {
        return ParseConstructor();
      }
      return leaf(ExprKind::kIdentifier, std::string(token.text));
    case TokenKind::kIntLit: return leaf(ExprKind::kIntLit, std::string(token.text));
    case TokenKind::kFloatLit: return leaf(ExprKind::kFloatLit, std::string(token.text));
    case TokenKind::kStringLit: {
      StringLiteral literal = ExpectString();
      Expr node = Node(ExprKind::kStringLit, literal.span, {});
      node.text = std::move(literal.value);
      return node;
    }
    case TokenKind::kKwTrue:
    case TokenKind::kKwFalse: {
      Expr node = leaf(ExprKind::kBoolLit, {});
      node.bool_value = token.kind == TokenKind::kKwTrue;
      return node;
    }
    case TokenKind::kKwNone: return leaf(ExprKind::kNoneLit, {});
    default:
      break;
  }
  if (AtName()) {
    if (PeekKind(1) == TokenKind::kFatArrow) {
      Name param = ExpectName("parameter");
      Advance();
      std::vector<Expr> operands;
      operands.push_back(ParseExpr());
      Expr node = Node(ExprKind::kLambda, SpanFrom(begin), std::move(operands));
      node.text = param.text;
      node.names.push_back(std::move(param));
      return node;
    }
    return leaf(ExprKind::kIdentifier, std::string(token.text));
  }
  diag::Diagnostic d = diag::ExpectedExpression(token.span, Describe(token));
  if (IsTypeKeyword(token.kind)) {
    d.WithHelp("types cannot appear in expressions; quantify over an entity with `x: Entity`");
  } else if (token.kind == TokenKind::kEqual && pos_ > 0 &&
             tokens_[pos_ - 1].kind == TokenKind::kEqual) {
    d.WithHelp("equality is a single `=`");
  }
  Fail(std::move(d));
}

Expr Parser::ParseParenthesized() {
  Advance();
  Expr inner = ParseExpr();
  Expect(TokenKind::kRightParen);
  return inner;
}

Expr Parser::ParseQuantifier() {
  std::uint32_t begin = StartOffset();
  QuantifierKind kind = QuantifierKind::kAll;
  switch (Advance().kind) {
    case TokenKind::kKwSome: kind = QuantifierKind::kSome; break;
    case TokenKind::kKwNo: kind = QuantifierKind::kNo; break;
    case TokenKind::kKwExists: kind = QuantifierKind::kExists; break;
    default: break;
  }
  std::vector<Expr> operands;
  std::vector<Name> names;
  std::vector<BindingKind> kinds;
  std::vector<Span> spans;
  do {
    std::uint32_t binding_begin = StartOffset();
    names.push_back(ExpectName("bound variable"));
    if (Accept(TokenKind::kKwIn)) {
      kinds.push_back(BindingKind::kIn);
    } else if (Accept(TokenKind::kColon)) {
      kinds.push_back(BindingKind::kColon);
    } else {
      diag::Diagnostic d = diag::ExpectedToken(Peek().span, "`in` or `:`", Describe(Peek()));
      if (At(TokenKind::kComma)) {
        d.WithHelp("each bound variable needs its own domain: `all a in S, b in S | ...`");
      }
      Fail(std::move(d));
    }
    operands.push_back(ParseExpr());
    spans.push_back(SpanFrom(binding_begin));
  } while (Accept(TokenKind::kComma));
  Expect(TokenKind::kPipe);
  operands.push_back(ParseExpr());
  Expr node = Node(ExprKind::kQuantifier, SpanFrom(begin), std::move(operands));
  node.quantifier = kind;
  node.names = std::move(names);
  node.binding_kinds = std::move(kinds);
  node.item_spans = std::move(spans);
  return node;
}

Expr Parser::ParseThe() {
  std::uint32_t begin = StartOffset();
  Advance();
  Name variable = ExpectName("bound variable");
  Expect(TokenKind::kKwIn);
  std::vector<Expr> operands;
  operands.push_back(ParseExpr());
  Expect(TokenKind::kPipe);
  operands.push_back(ParseExpr());
  Expr node = Node(ExprKind::kThe, SpanFrom(begin), std::move(operands));
  node.text = variable.text;
  node.names.push_back(std::move(variable));
  return node;
}

Expr Parser::ParseIf() {
  std::uint32_t begin = StartOffset();
  Advance();
  std::vector<Expr> operands;
  operands.push_back(ParseExpr());
  Expect(TokenKind::kKwThen);
  operands.push_back(ParseExpr());
  Expect(TokenKind::kKwElse);
  operands.push_back(ParseExpr());
  return Node(ExprKind::kIf, SpanFrom(begin), std::move(operands));
}

// Positions of every `in` that could end a let's value: at bracket depth 0 after the `=`,
// before the first unmatched closing bracket or the next declaration.
std::vector<std::size_t> Parser::LetInCandidates() const {
  std::vector<std::size_t> candidates;
  int depth = 0;
  for (std::size_t i = pos_; i < limit_; ++i) {
    TokenKind kind = tokens_[i].kind;
    TokenKind next = i + 1 < limit_ ? tokens_[i + 1].kind : TokenKind::kEndOfFile;
    if (kind == TokenKind::kLeftParen || kind == TokenKind::kLeftBracket ||
        kind == TokenKind::kLeftBrace) {
      ++depth;
    } else if (kind == TokenKind::kRightParen || kind == TokenKind::kRightBracket ||
               kind == TokenKind::kRightBrace) {
      if (--depth < 0) {
        break;
      }
    } else if (depth == 0) {
      bool soft_name = kind == TokenKind::kLowerIdent || IsSoftKeyword(kind);
      if ((soft_name && next == TokenKind::kColon) || StartsDeclaration(kind, next)) {
        break;
      }
      bool after_not = i > 0 && tokens_[i - 1].kind == TokenKind::kKwNot;
      if (kind == TokenKind::kKwIn && !after_not) {
        candidates.push_back(i);
      }
    }
  }
  return candidates;
}

// `let x = V in B`: `in` is also a binary operator, so the value ends at the last `in` for
// which the value is one complete expression and the body then parses.
Expr Parser::ParseLet() {
  std::uint32_t begin = StartOffset();
  Advance();
  Name variable = ExpectName("variable name");
  Expect(TokenKind::kEqual);
  std::vector<std::size_t> candidates = LetInCandidates();
  Expr value;
  Expr body;
  bool parsed = false;
  for (auto it = candidates.rbegin(); it != candidates.rend() && !parsed; ++it) {
    std::size_t in_position = *it;
    parsed = Try([&] {
      std::size_t outer_limit = limit_;
      SetLimit(std::min(limit_, in_position));
      value = ParseExpr();
      if (pos_ != in_position) {
        throw SyntaxErrorUnwind{};
      }
      SetLimit(outer_limit);
      Advance();
      body = ParseExpr();
    });
  }
  if (!parsed) {
    // Re-parse without speculation so the first real error is reported.
    value = ParseExpr();
    Expect(TokenKind::kKwIn);
    body = ParseExpr();
  }
  std::vector<Expr> operands;
  operands.push_back(std::move(value));
  operands.push_back(std::move(body));
  Expr node = Node(ExprKind::kLet, SpanFrom(begin), std::move(operands));
  node.text = variable.text;
  node.names.push_back(std::move(variable));
  return node;
}

Expr Parser::ParseBrace() {
  std::uint32_t begin = StartOffset();
  Advance();
  if (Accept(TokenKind::kRightBrace)) {
    return Node(ExprKind::kSetLiteral, SpanFrom(begin), {});
  }
  if (AtName() && PeekKind(1) == TokenKind::kKwIn) {
    Name variable;
    Expr domain;
    bool comprehension = Try([&] {
      variable = ExpectName("bound variable");
      Advance();
      domain = ParseExpr();
      Expect(TokenKind::kPipe);
    });
    if (comprehension) {
      std::vector<Expr> operands;
      operands.push_back(std::move(domain));
      operands.push_back(ParseExpr());
      Expect(TokenKind::kRightBrace);
      Expr node = Node(ExprKind::kSetComprehension, SpanFrom(begin), std::move(operands));
      node.text = variable.text;
      node.names.push_back(std::move(variable));
      return node;
    }
  }
  std::vector<Expr> operands;
  operands.push_back(ParseExpr());
  bool is_map = Accept(TokenKind::kArrow);
  if (is_map) {
    operands.push_back(ParseExpr());
  }
  while (Accept(TokenKind::kComma)) {
    operands.push_back(ParseExpr());
    if (is_map) {
      Expect(TokenKind::kArrow);
      operands.push_back(ParseExpr());
    }
  }
  Expect(TokenKind::kRightBrace);
  return Node(is_map ? ExprKind::kMapLiteral : ExprKind::kSetLiteral, SpanFrom(begin),
              std::move(operands));
}

Expr Parser::ParseSequence() {
  std::uint32_t begin = StartOffset();
  Advance();
  std::vector<Expr> operands;
  if (!At(TokenKind::kRightBracket)) {
    do {
      operands.push_back(ParseExpr());
    } while (Accept(TokenKind::kComma));
  }
  Expect(TokenKind::kRightBracket);
  return Node(ExprKind::kSeqLiteral, SpanFrom(begin), std::move(operands));
}

Expr Parser::ParseConstructor() {
  std::uint32_t begin = StartOffset();
  Name type_name = ExpectUpper("type name");
  Advance();
  Assignments assignments = ParseAssignments();
  Expr node = Node(ExprKind::kConstructor, SpanFrom(begin), std::move(assignments.values));
  node.text = type_name.text;
  node.names = std::move(assignments.names);
  node.item_spans = std::move(assignments.spans);
  return node;
}

}  // namespace s2r::syntax
