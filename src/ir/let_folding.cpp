// Let-folding: `let x = v in b` followed by e2, e3 becomes `let x = v in (b and (e2 and e3))`.
#include "ir/let_folding.h"

#include <algorithm>
#include <iterator>

namespace s2r::ir {
namespace {

Expr MakeAnd(Expr left, Expr right) {
  Expr node;
  node.kind = ExprKind::kBinary;
  node.binary_op = BinaryOp::kAnd;
  node.span = Span::Cover(left.span, right.span);
  node.operands.push_back(std::move(left));
  node.operands.push_back(std::move(right));
  UpdateHeight(node);
  return node;
}

// `e1 and (e2 and (... and en))`; `elements` is non-empty.
Expr RightNestedAnd(std::vector<Expr> elements) {
  Expr result = std::move(elements.back());
  for (auto it = std::next(elements.rbegin()); it != elements.rend(); ++it) {
    result = MakeAnd(std::move(*it), std::move(result));
  }
  return result;
}

// Conjoins `tail` to the body of the innermost let of the chain starting at `let`.
void FoldIntoInnermost(Expr& let, Expr tail) {
  Expr& body = let.operands.back();
  if (body.kind == ExprKind::kLet) {
    FoldIntoInnermost(body, std::move(tail));
  } else {
    body = MakeAnd(std::move(body), std::move(tail));
  }
  if (let.span.IsValid() && body.span.IsValid() && body.span.source == let.span.source) {
    let.span.end = std::max(let.span.end, body.span.end);
  }
  UpdateHeight(let);
}

}  // namespace

void UpdateHeight(Expr& expr) {
  std::uint32_t tallest = 0;
  for (const Expr& operand : expr.operands) {
    tallest = std::max(tallest, operand.height);
  }
  expr.height = tallest + 1;
}

std::vector<Expr> FoldLets(std::vector<Expr> clause) {
  for (std::size_t i = 0; i + 1 < clause.size(); ++i) {
    if (clause[i].kind != ExprKind::kLet) {
      continue;
    }
    std::vector<Expr> rest(std::make_move_iterator(clause.begin() + static_cast<long>(i) + 1),
                           std::make_move_iterator(clause.end()));
    clause.resize(i + 1);
    FoldIntoInnermost(clause[i], RightNestedAnd(FoldLets(std::move(rest))));
    return clause;
  }
  return clause;
}

}  // namespace s2r::ir
