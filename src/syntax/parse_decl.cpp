// Declarations: the service, its members and their clauses.
#include <fmt/format.h>

#include "syntax/lexer.h"
#include "syntax/parser.h"

namespace s2r::syntax {
namespace {

bool IsMemberKeyword(TokenKind kind) {
  switch (kind) {
    case TokenKind::kKwEntity: case TokenKind::kKwEnum: case TokenKind::kKwType:
    case TokenKind::kKwState: case TokenKind::kKwOperation: case TokenKind::kKwTransition:
    case TokenKind::kKwInvariant: case TokenKind::kKwTemporal: case TokenKind::kKwFact:
    case TokenKind::kKwFunction: case TokenKind::kKwPredicate: case TokenKind::kKwConventions:
    case TokenKind::kKwSecurity:
      return true;
    default:
      return false;
  }
}

bool IsBaseTypeStart(TokenKind kind) {
  switch (kind) {
    case TokenKind::kKwString: case TokenKind::kKwInt: case TokenKind::kKwBool:
    case TokenKind::kKwFloat: case TokenKind::kKwDateTime: case TokenKind::kKwDuration:
    case TokenKind::kKwUuid: case TokenKind::kKwSetType: case TokenKind::kKwMap:
    case TokenKind::kKwSeq: case TokenKind::kKwOption: case TokenKind::kUpperIdent:
      return true;
    default:
      return false;
  }
}

}  // namespace

Parser::Parser(std::vector<Token> tokens, diag::DiagnosticSink& sink, const ParseOptions& options)
    : tokens_(std::move(tokens)), sink_(sink), options_(options), limit_(tokens_.size() - 1) {
  SetLimit(limit_);
}

void Parser::SetLimit(std::size_t limit) {
  limit_ = limit;
  // Past the limit every token reads as end of file, positioned where the limit is.
  limit_token_ = Token{TokenKind::kEndOfFile, tokens_[limit_].span, {}};
  limit_token_.span.end = limit_token_.span.begin;
}

const Token& Parser::Peek(std::size_t ahead) const {
  std::size_t index = pos_ + ahead;
  return index < limit_ ? tokens_[index] : limit_token_;
}

bool Parser::AtName(std::size_t ahead) const {
  TokenKind kind = PeekKind(ahead);
  return kind == TokenKind::kLowerIdent || IsSoftKeyword(kind);
}

const Token& Parser::Advance() {
  const Token& token = Peek();
  if (pos_ < limit_) {
    ++pos_;
  }
  return token;
}

bool Parser::Accept(TokenKind kind) {
  if (At(kind)) {
    Advance();
    return true;
  }
  return false;
}

const Token& Parser::Expect(TokenKind kind) {
  if (!At(kind)) {
    FailExpected(Describe(kind));
  }
  return Advance();
}

Name Parser::ExpectName(std::string_view what) {
  if (!AtName()) {
    if (IsKeyword(PeekKind()) && Peek().text.size() > 0 && Peek().text[0] >= 'a') {
      Fail(diag::ReservedWordAsName(Peek().span, Peek().text)
               .WithHelp(fmt::format("pick a different {}", what)));
    }
    FailExpected(what);
  }
  const Token& token = Advance();
  return Name{std::string(token.text), token.span};
}

Name Parser::ExpectUpper(std::string_view what) {
  if (!At(TokenKind::kUpperIdent)) {
    if (IsKeyword(PeekKind()) && Peek().text.size() > 0 && Peek().text[0] <= 'Z') {
      Fail(diag::ReservedWordAsName(Peek().span, Peek().text)
               .WithHelp(fmt::format("pick a different {}", what)));
    }
    FailExpected(what);
  }
  const Token& token = Advance();
  return Name{std::string(token.text), token.span};
}

StringLiteral Parser::ExpectString() {
  const Token& token = Expect(TokenKind::kStringLit);
  // Unescape: \n, \t, \r map to control characters; any other \X is X.
  std::string value;
  std::string_view raw = token.text.size() >= 2 && token.text.back() == '"'
                             ? token.text.substr(1, token.text.size() - 2)
                             : token.text.substr(1);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      char next = raw[++i];
      value.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next);
    } else {
      value.push_back(raw[i]);
    }
  }
  return StringLiteral{std::move(value), token.span};
}

Span Parser::SpanFrom(std::uint32_t begin) const {
  std::uint32_t end = pos_ > 0 ? tokens_[pos_ - 1].span.end : begin;
  SourceId source = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.source;
  return Span{source, begin, end < begin ? begin : end};
}

void Parser::Fail(diag::Diagnostic diagnostic) {
  // An invalid character was already reported by the lexer; don't pile a parse error on it.
  if (speculation_depth_ == 0 && !At(TokenKind::kInvalid)) {
    sink_.Report(std::move(diagnostic));
  }
  throw SyntaxErrorUnwind{};
}

void Parser::FailExpected(std::string_view what) {
  if (speculation_depth_ > 0) {
    throw SyntaxErrorUnwind{};
  }
  diag::Diagnostic d = diag::ExpectedToken(Peek().span, what, Describe(Peek()));
  if (At(TokenKind::kEqual) && pos_ > 0 && tokens_[pos_ - 1].kind == TokenKind::kEqual) {
    d.WithHelp("equality is a single `=`");
  }
  Fail(std::move(d));
}

// Skips to the next token that can begin a service member, at the brace depth where the
// member that failed started.
void Parser::SkipToNextMember(std::size_t member_start) {
  int depth = 0;
  for (std::size_t i = member_start; i < pos_; ++i) {
    depth += tokens_[i].kind == TokenKind::kLeftBrace ? 1 : 0;
    depth -= tokens_[i].kind == TokenKind::kRightBrace ? 1 : 0;
  }
  if (pos_ == member_start) {
    Advance();
  }
  while (!At(TokenKind::kEndOfFile)) {
    TokenKind kind = PeekKind();
    if (depth <= 0 && (kind == TokenKind::kRightBrace || IsMemberKeyword(kind))) {
      return;
    }
    depth += kind == TokenKind::kLeftBrace ? 1 : 0;
    depth -= kind == TokenKind::kRightBrace ? 1 : 0;
    Advance();
  }
}

Service Parser::ParseFile() {
  Service service;
  try {
    while (At(TokenKind::kKwImport)) {
      std::uint32_t begin = StartOffset();
      Advance();
      StringLiteral path = ExpectString();
      service.imports.push_back(Import{std::move(path), SpanFrom(begin)});
    }
    std::uint32_t begin = StartOffset();
    if (!At(TokenKind::kKwService)) {
      diag::Diagnostic d = diag::ExpectedToken(Peek().span, "`service`", Describe(Peek()));
      d.WithHelp("a spec file holds one `service Name { ... }`, after any `import` lines");
      Fail(std::move(d));
    }
    Advance();
    service.name = ExpectUpper("service name");
    Expect(TokenKind::kLeftBrace);
    while (!At(TokenKind::kRightBrace) && !At(TokenKind::kEndOfFile)) {
      std::size_t member_start = pos_;
      try {
        ParseMember(service);
      } catch (const SyntaxErrorUnwind&) {
        SkipToNextMember(member_start);
      }
    }
    Expect(TokenKind::kRightBrace);
    service.span = SpanFrom(begin);
    if (!At(TokenKind::kEndOfFile)) {
      Fail(diag::ExpectedEndOfFile(Peek().span, Describe(Peek()))
               .WithHelp("a spec file holds exactly one service"));
    }
  } catch (const SyntaxErrorUnwind&) {
    // Already reported; the partial tree is returned for tools, but errors stop the pipeline.
  }
  return service;
}

void Parser::ParseMember(Service& service) {
  switch (PeekKind()) {
    case TokenKind::kKwEntity:
      service.entities.push_back(ParseEntity());
      return;
    case TokenKind::kKwEnum:
      service.enums.push_back(ParseEnum());
      return;
    case TokenKind::kKwType:
      service.type_aliases.push_back(ParseTypeAlias());
      return;
    case TokenKind::kKwState:
      service.states.push_back(ParseState());
      return;
    case TokenKind::kKwOperation:
      service.operations.push_back(ParseOperation());
      return;
    case TokenKind::kKwTransition:
      service.transitions.push_back(ParseTransition());
      return;
    case TokenKind::kKwInvariant:
      service.invariants.push_back(ParseInvariantLike(TokenKind::kKwInvariant));
      return;
    case TokenKind::kKwFact:
      service.facts.push_back(ParseInvariantLike(TokenKind::kKwFact));
      return;
    case TokenKind::kKwTemporal:
      service.temporals.push_back(ParseTemporal());
      return;
    case TokenKind::kKwFunction:
      service.functions.push_back(ParseFunction());
      return;
    case TokenKind::kKwPredicate:
      service.predicates.push_back(ParsePredicate());
      return;
    case TokenKind::kKwConventions:
      service.conventions.push_back(ParseConventions());
      return;
    case TokenKind::kKwSecurity: {
      std::vector<SecurityScheme> schemes = ParseSecurity();
      service.security.insert(service.security.end(), schemes.begin(), schemes.end());
      return;
    }
    default:
      Fail(diag::ExpectedMember(Peek().span, Describe(Peek())));
  }
}

Entity Parser::ParseEntity() {
  std::uint32_t begin = StartOffset();
  Advance();
  Entity entity;
  entity.name = ExpectUpper("entity name");
  if (Accept(TokenKind::kKwExtends)) {
    entity.parent = ExpectUpper("parent entity name");
  }
  Expect(TokenKind::kLeftBrace);
  while (!At(TokenKind::kRightBrace)) {
    if (At(TokenKind::kKwInvariant) && PeekKind(1) == TokenKind::kColon &&
        !ParseEntityFieldSpeculatively(entity)) {
      Advance();
      Advance();
      entity.invariants.push_back(ParseExpr());
      continue;
    }
    std::uint32_t field_begin = StartOffset();
    Field field;
    field.name = ExpectName("field name");
    Expect(TokenKind::kColon);
    field.type = ParseType();
    if (Accept(TokenKind::kKwWhere)) {
      field.constraint = ParseExpr();
    }
    field.span = SpanFrom(field_begin);
    entity.fields.push_back(std::move(field));
  }
  Expect(TokenKind::kRightBrace);
  entity.span = SpanFrom(begin);
  return entity;
}

// `invariant: Foo` inside an entity is a field named `invariant` when it reads as a complete
// field declaration followed by another member or `}`; otherwise it is an entity invariant.
bool Parser::ParseEntityFieldSpeculatively(Entity& entity) {
  if (!IsBaseTypeStart(PeekKind(2))) {
    return false;
  }
  Field field;
  std::uint32_t begin = StartOffset();
  bool parsed = Try([&] {
    field.name = ExpectName("field name");
    Expect(TokenKind::kColon);
    field.type = ParseType();
    if (Accept(TokenKind::kKwWhere)) {
      field.constraint = ParseExpr();
    }
    bool member_follows = At(TokenKind::kRightBrace) ||
                          (AtName() && PeekKind(1) == TokenKind::kColon);
    if (!member_follows) {
      throw SyntaxErrorUnwind{};
    }
  });
  if (parsed) {
    field.span = SpanFrom(begin);
    entity.fields.push_back(std::move(field));
  }
  return parsed;
}

Enum Parser::ParseEnum() {
  std::uint32_t begin = StartOffset();
  Advance();
  Enum result;
  result.name = ExpectUpper("enum name");
  Expect(TokenKind::kLeftBrace);
  result.values.push_back(ExpectUpper("enum value"));
  while (Accept(TokenKind::kComma)) {
    if (At(TokenKind::kRightBrace)) {
      break;  // enums, and only enums, accept a trailing comma
    }
    result.values.push_back(ExpectUpper("enum value"));
  }
  Expect(TokenKind::kRightBrace);
  result.span = SpanFrom(begin);
  return result;
}

TypeAlias Parser::ParseTypeAlias() {
  std::uint32_t begin = StartOffset();
  Advance();
  TypeAlias alias;
  alias.name = ExpectUpper("type alias name");
  Expect(TokenKind::kEqual);
  alias.type = ParseType();
  if (Accept(TokenKind::kKwWhere)) {
    alias.constraint = ParseExpr();
  }
  alias.span = SpanFrom(begin);
  return alias;
}

State Parser::ParseState() {
  std::uint32_t begin = StartOffset();
  Advance();
  State state;
  Expect(TokenKind::kLeftBrace);
  while (!At(TokenKind::kRightBrace)) {
    state.fields.push_back(ParseParam());
  }
  Expect(TokenKind::kRightBrace);
  state.span = SpanFrom(begin);
  return state;
}

Param Parser::ParseParam() {
  std::uint32_t begin = StartOffset();
  Param param;
  param.name = ExpectName("name");
  Expect(TokenKind::kColon);
  param.type = ParseType();
  param.span = SpanFrom(begin);
  return param;
}

std::vector<Param> Parser::ParseParamList(TokenKind terminator_hint) {
  std::vector<Param> params;
  params.push_back(ParseParam());
  while (At(TokenKind::kComma)) {
    Advance();
    // `a: Int,` followed by `}`, `)` or the next clause (`ensures: true`) is a trailing comma.
    bool next_clause = AtName() && PeekKind(1) == TokenKind::kColon && !IsBaseTypeStart(PeekKind(2));
    if (At(terminator_hint) || At(TokenKind::kRightBrace) || At(TokenKind::kRightParen) ||
        next_clause) {
      Fail(diag::TrailingComma(tokens_[pos_ - 1].span)
               .WithHelp("remove the comma after the last item"));
    }
    params.push_back(ParseParam());
  }
  return params;
}

Operation Parser::ParseOperation() {
  std::uint32_t begin = StartOffset();
  Advance();
  Operation op;
  op.name = ExpectUpper("operation name");
  Expect(TokenKind::kLeftBrace);
  while (!At(TokenKind::kRightBrace)) {
    TokenKind clause = PeekKind();
    bool is_clause = (clause == TokenKind::kKwInput || clause == TokenKind::kKwOutput ||
                      clause == TokenKind::kKwRequires || clause == TokenKind::kKwEnsures ||
                      clause == TokenKind::kKwRequiresAuth) &&
                     PeekKind(1) == TokenKind::kColon;
    if (!is_clause) {
      FailExpected("`input:`, `output:`, `requires:`, `ensures:`, `requires_auth:` or `}`");
    }
    Advance();
    Advance();
    switch (clause) {
      case TokenKind::kKwInput: {
        std::vector<Param> params = ParseParamList(TokenKind::kRightBrace);
        op.inputs.insert(op.inputs.end(), params.begin(), params.end());
        break;
      }
      case TokenKind::kKwOutput: {
        std::vector<Param> params = ParseParamList(TokenKind::kRightBrace);
        op.outputs.insert(op.outputs.end(), params.begin(), params.end());
        break;
      }
      case TokenKind::kKwRequires:
        op.requires_clauses.push_back(ParseClause());
        break;
      case TokenKind::kKwEnsures:
        op.ensures_clauses.push_back(ParseClause());
        break;
      default: {
        if (!op.requires_auth) {
          op.requires_auth.emplace();
        }
        op.requires_auth->push_back(ExpectName("scope name"));
        while (Accept(TokenKind::kComma)) {
          op.requires_auth->push_back(ExpectName("scope name"));
        }
        break;
      }
    }
  }
  Expect(TokenKind::kRightBrace);
  op.span = SpanFrom(begin);
  return op;
}

Transition Parser::ParseTransition() {
  std::uint32_t begin = StartOffset();
  Advance();
  Transition transition;
  transition.name = ExpectUpper("transition name");
  Expect(TokenKind::kLeftBrace);
  Expect(TokenKind::kKwEntity);
  Expect(TokenKind::kColon);
  transition.entity = ExpectUpper("entity name");
  Expect(TokenKind::kKwField);
  Expect(TokenKind::kColon);
  transition.field = ExpectName("field name");
  while (!At(TokenKind::kRightBrace)) {
    std::uint32_t rule_begin = StartOffset();
    TransitionRule rule;
    rule.from = ExpectUpper("source state (an enum value)");
    Expect(TokenKind::kArrow);
    rule.to = ExpectUpper("target state (an enum value)");
    Expect(TokenKind::kKwVia);
    rule.via = ExpectUpper("operation name");
    if (Accept(TokenKind::kKwWhen)) {
      rule.guard = ParseExpr();
    }
    rule.span = SpanFrom(rule_begin);
    transition.rules.push_back(std::move(rule));
  }
  Expect(TokenKind::kRightBrace);
  transition.span = SpanFrom(begin);
  return transition;
}

Invariant Parser::ParseInvariantLike(TokenKind /*keyword*/) {
  std::uint32_t begin = StartOffset();
  Advance();
  Invariant invariant;
  if (!At(TokenKind::kColon)) {
    invariant.name = ExpectName("name");
  }
  Expect(TokenKind::kColon);
  invariant.expr = ParseExpr();
  invariant.span = SpanFrom(begin);
  return invariant;
}

Temporal Parser::ParseTemporal() {
  std::uint32_t begin = StartOffset();
  Advance();
  Temporal temporal;
  temporal.name = ExpectName("temporal property name");
  Expect(TokenKind::kColon);
  temporal.expr = ParseExpr();
  temporal.span = SpanFrom(begin);
  return temporal;
}

Function Parser::ParseFunction() {
  std::uint32_t begin = StartOffset();
  Advance();
  Function function;
  function.name = ExpectName("function name");
  Expect(TokenKind::kLeftParen);
  if (!At(TokenKind::kRightParen)) {
    function.params = ParseParamList(TokenKind::kRightParen);
  }
  Expect(TokenKind::kRightParen);
  Expect(TokenKind::kColon);
  function.return_type = ParseType();
  Expect(TokenKind::kEqual);
  function.body = ParseExpr();
  function.span = SpanFrom(begin);
  return function;
}

Predicate Parser::ParsePredicate() {
  std::uint32_t begin = StartOffset();
  Advance();
  Predicate predicate;
  predicate.name = ExpectName("predicate name");
  Expect(TokenKind::kLeftParen);
  if (!At(TokenKind::kRightParen)) {
    predicate.params = ParseParamList(TokenKind::kRightParen);
  }
  Expect(TokenKind::kRightParen);
  Expect(TokenKind::kEqual);
  predicate.body = ParseExpr();
  predicate.span = SpanFrom(begin);
  return predicate;
}

Conventions Parser::ParseConventions() {
  std::uint32_t begin = StartOffset();
  Advance();
  Conventions conventions;
  Expect(TokenKind::kLeftBrace);
  while (!At(TokenKind::kRightBrace)) {
    std::uint32_t rule_begin = StartOffset();
    ConventionRule rule;
    rule.target = ExpectUpper("convention target (an operation, entity or type name)");
    Expect(TokenKind::kDot);
    rule.property = ExpectName("convention property");
    if (Accept(TokenKind::kDot)) {
      // `Target.qualifier.property`: the middle name is the qualifier.
      rule.dotted_qualifier = rule.property;
      rule.property = ExpectName("convention property");
    }
    if (At(TokenKind::kStringLit)) {
      rule.string_qualifier = ExpectString();
    }
    Expect(TokenKind::kEqual);
    rule.value = ParseExpr();
    rule.span = SpanFrom(rule_begin);
    conventions.rules.push_back(std::move(rule));
  }
  Expect(TokenKind::kRightBrace);
  conventions.span = SpanFrom(begin);
  return conventions;
}

std::vector<SecurityScheme> Parser::ParseSecurity() {
  Advance();
  std::vector<SecurityScheme> schemes;
  Expect(TokenKind::kLeftBrace);
  while (!At(TokenKind::kRightBrace)) {
    std::uint32_t begin = StartOffset();
    SecurityScheme scheme;
    scheme.name = ExpectName("security scheme name");
    Expect(TokenKind::kColon);
    scheme.kind = ExpectUpper("scheme kind (Bearer, ApiKey or Basic)");
    if (Accept(TokenKind::kLeftParen)) {
      do {
        std::uint32_t arg_begin = StartOffset();
        SecurityArgument argument;
        argument.name = ExpectName("argument name");
        Expect(TokenKind::kColon);
        argument.value = ExpectString();
        argument.span = SpanFrom(arg_begin);
        scheme.arguments.push_back(std::move(argument));
      } while (Accept(TokenKind::kComma));
      Expect(TokenKind::kRightParen);
    }
    scheme.span = SpanFrom(begin);
    schemes.push_back(std::move(scheme));
  }
  Expect(TokenKind::kRightBrace);
  return schemes;
}

TypeExpr Parser::ParseType() {
  std::uint32_t begin = StartOffset();
  TypeExpr from = ParseBaseType();
  if (!Accept(TokenKind::kArrow)) {
    return from;
  }
  TypeExpr relation;
  relation.kind = TypeKind::kRelation;
  switch (PeekKind()) {
    case TokenKind::kKwOne: Advance(); relation.multiplicity = Multiplicity::kOne; break;
    case TokenKind::kKwLone: Advance(); relation.multiplicity = Multiplicity::kLone; break;
    case TokenKind::kKwSome: Advance(); relation.multiplicity = Multiplicity::kSome; break;
    case TokenKind::kKwSet: Advance(); relation.multiplicity = Multiplicity::kSet; break;
    default: break;
  }
  relation.args.push_back(std::move(from));
  relation.args.push_back(ParseBaseType());
  relation.span = SpanFrom(begin);
  return relation;
}

TypeExpr Parser::ParseBaseType() {
  std::uint32_t begin = StartOffset();
  TypeExpr type;
  auto generic = [&](TypeKind kind, int arity) {
    Advance();
    type.kind = kind;
    Expect(TokenKind::kLeftBracket);
    type.args.push_back(ParseType());
    if (arity == 2) {
      Expect(TokenKind::kComma);
      type.args.push_back(ParseType());
    }
    Expect(TokenKind::kRightBracket);
  };
  switch (PeekKind()) {
    case TokenKind::kKwSetType: generic(TypeKind::kSet, 1); break;
    case TokenKind::kKwSeq: generic(TypeKind::kSeq, 1); break;
    case TokenKind::kKwOption: generic(TypeKind::kOption, 1); break;
    case TokenKind::kKwMap: generic(TypeKind::kMap, 2); break;
    default:
      if (!IsBaseTypeStart(PeekKind())) {
        FailExpected("a type");
      }
      type.name = std::string(Advance().text);
      break;
  }
  type.span = SpanFrom(begin);
  return type;
}

Service Parse(const SourceManager& sources, SourceId source, diag::DiagnosticSink& sink,
              const ParseOptions& options) {
  std::vector<Token> tokens = Lex(sources, source, sink);
  Parser parser(std::move(tokens), sink, options);
  return parser.ParseFile();
}

}  // namespace s2r::syntax
