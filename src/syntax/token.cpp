// Keyword table and token descriptions.
#include "syntax/token.h"

#include <array>
#include <unordered_map>
#include <fmt/format.h>

namespace s2r::syntax {
namespace {

struct KindInfo {
  std::string_view spelling;
  bool is_class = false;
  bool keyword = false;
  bool soft = false;
};

constexpr auto kKinds = std::to_array<KindInfo>({
#define S2R_TOKEN(name, spelling) {spelling, TokenKind::k##name <= TokenKind::kInvalid, false, false},
#define S2R_KEYWORD(name, spelling, soft) {spelling, false, true, soft},
#include "syntax/token_kinds.def"
});

const KindInfo& InfoOf(TokenKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

}  // namespace

std::string Describe(TokenKind kind) {
  const KindInfo& info = InfoOf(kind);
  return info.is_class ? std::string(info.spelling) : fmt::format("`{}`", info.spelling);
}

std::string Describe(const Token& token) {
  if (token.kind == TokenKind::kEndOfFile) {
    return "end of file";
  }
  std::string_view text = token.text;
  if (text.size() > 40) {
    return fmt::format("`{}...`", text.substr(0, 40));
  }
  return fmt::format("`{}`", text);
}

bool IsKeyword(TokenKind kind) { return InfoOf(kind).keyword; }
bool IsSoftKeyword(TokenKind kind) { return InfoOf(kind).soft; }

TokenKind ClassifyWord(std::string_view word) {
  static const std::unordered_map<std::string_view, TokenKind> kKeywords = [] {
    std::unordered_map<std::string_view, TokenKind> table;
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
      if (kKinds[i].keyword) {
        table.emplace(kKinds[i].spelling, static_cast<TokenKind>(i));
      }
    }
    return table;
  }();
  if (auto found = kKeywords.find(word); found != kKeywords.end()) {
    return found->second;
  }
  bool upper = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
  return upper ? TokenKind::kUpperIdent : TokenKind::kLowerIdent;
}

}  // namespace s2r::syntax
