// Classifies the primed mentions of each state field in an operation's ensures.
#include "verify/frame.h"

#include <map>

#include "verify/ir_util.h"

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

void Flatten(const Expr& expr, std::vector<Expr>& out) {
  if (expr.kind == ExprKind::kBinary && expr.binary_op == BinaryOp::kAnd) {
    Flatten(expr.Left(), out);
    Flatten(expr.Right(), out);
    return;
  }
  if (expr.kind == ExprKind::kLet) {
    std::map<std::string, const Expr*> bindings{{expr.text, &expr.operands[0]}};
    Flatten(Substitute(expr.Body(), bindings), out);
    return;
  }
  out.push_back(expr);
}

// Counts primed mentions of `name` in `expr`: all of them, and those directly under `#`.
void CountMentions(const Expr& expr, const std::string& name, int& all, int& under_card) {
  if (expr.kind == ExprKind::kUnary && expr.unary_op == UnaryOp::kCardinality &&
      IsPrimedIdentifier(expr.Operand(), name)) {
    ++all;
    ++under_card;
    return;
  }
  if (expr.kind == ExprKind::kPrime) {
    if (FreeNames(expr.Operand()).count(name) > 0) {
      ++all;
    }
    return;
  }
  for (const Expr& child : expr.operands) {
    CountMentions(child, name, all, under_card);
  }
}

bool MentionsPrimed(const Expr& expr, const std::string& name) {
  int all = 0;
  int under_card = 0;
  CountMentions(expr, name, all, under_card);
  return all > 0;
}

// `X'[k].f` -> (k, f); `X'[k]` -> (k, "").
bool MatchKeyWrite(const Expr& side, const std::string& name, const Expr*& key,
                   std::string& field) {
  const Expr* index = &side;
  field.clear();
  if (side.kind == ExprKind::kFieldAccess) {
    index = &side.Operand();
    field = side.text;
  }
  if (index->kind != ExprKind::kIndex || !IsPrimedIdentifier(index->operands[0], name)) {
    return false;
  }
  key = &index->operands[1];
  return !MentionsPrimed(*key, name);
}

void AddUpdate(FieldFrame& frame, const Expr& key, const std::string& field) {
  for (KeyUpdate& update : frame.updated) {
    if (SameExpr(update.key, key)) {
      if (field.empty()) {
        update.whole_value = true;
      } else {
        update.fields.push_back(field);
      }
      return;
    }
  }
  KeyUpdate update;
  update.key = key;
  update.whole_value = field.empty();
  if (!field.empty()) {
    update.fields.push_back(field);
  }
  frame.updated.push_back(std::move(update));
}

// Returns false when the clause mentions X' in a way no frame rule covers.
bool Classify(const Expr& clause, const std::string& name, FieldFrame& frame) {
  int all = 0;
  int under_card = 0;
  CountMentions(clause, name, all, under_card);
  if (all == under_card) {
    return true;
  }
  const Expr* removed = nullptr;
  if (clause.kind == ExprKind::kBinary && clause.binary_op == BinaryOp::kNotIn &&
      IsPrimedIdentifier(clause.Right(), name)) {
    removed = &clause.Left();
  } else if (clause.kind == ExprKind::kUnary && clause.unary_op == UnaryOp::kNot &&
             clause.Operand().kind == ExprKind::kBinary &&
             clause.Operand().binary_op == BinaryOp::kIn &&
             IsPrimedIdentifier(clause.Operand().Right(), name)) {
    removed = &clause.Operand().Left();
  }
  if (removed != nullptr) {
    if (MentionsPrimed(*removed, name)) {
      return false;
    }
    frame.removed.push_back(*removed);
    return true;
  }
  if (clause.kind == ExprKind::kBinary && clause.binary_op == BinaryOp::kEq) {
    const Expr* key = nullptr;
    std::string field;
    for (int side = 0; side < 2; ++side) {
      const Expr& write = side == 0 ? clause.Left() : clause.Right();
      const Expr& other = side == 0 ? clause.Right() : clause.Left();
      if (MatchKeyWrite(write, name, key, field) && !MentionsPrimed(other, name)) {
        AddUpdate(frame, *key, field);
        return true;
      }
    }
  }
  return false;
}

bool IsReplacement(const Expr& clause, const std::string& name) {
  return clause.kind == ExprKind::kBinary && clause.binary_op == BinaryOp::kEq &&
         (IsPrimedIdentifier(clause.Left(), name) || IsPrimedIdentifier(clause.Right(), name));
}

}  // namespace

std::vector<Expr> FlattenEnsures(const std::vector<Expr>& ensures) {
  std::vector<Expr> out;
  for (const Expr& clause : ensures) {
    Flatten(clause, out);
  }
  return out;
}

std::vector<FieldFrame> AnalyzeFrames(const ir::Module& module, const std::vector<Expr>& ensures) {
  std::vector<FieldFrame> frames;
  if (!module.state) {
    return frames;
  }
  std::vector<Expr> clauses = FlattenEnsures(ensures);
  for (const ir::StateField& field : *module.state) {
    FieldFrame frame;
    bool touched = false;
    bool replaced = false;
    for (const Expr& clause : clauses) {
      if (!MentionsPrimed(clause, field.name)) {
        continue;
      }
      touched = true;
      replaced = replaced || IsReplacement(clause, field.name);
    }
    if (!touched) {
      frame.kind = FieldFrame::Kind::kUntouched;
    } else if (replaced) {
      frame.kind = FieldFrame::Kind::kReplaced;
    } else {
      frame.kind = FieldFrame::Kind::kPartial;
      for (const Expr& clause : clauses) {
        if (MentionsPrimed(clause, field.name) && !Classify(clause, field.name, frame)) {
          frame.kind = FieldFrame::Kind::kUnclassified;
          frame.unclassified_span = clause.span;
          frame.removed.clear();
          frame.updated.clear();
          break;
        }
      }
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace s2r::verify
