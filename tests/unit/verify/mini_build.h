// Test support: a minimal syntax -> IR conversion so the verifier can be tested on real specs
// before the IR builder (ir::Build) lands. It resolves declaration types (primitives, entities,
// enums, alias chains), flattens `extends`, folds lets, unpacks temporal bodies and appends the
// preamble predicates. Expression names are left unresolved and types unknown, which the
// verifier must cope with anyway.
#pragma once

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "base/source_manager.h"
#include "diag/renderer.h"
#include "diag/sink.h"
#include "ir/module.h"
#include "syntax/parse.h"

namespace s2r::verify::testing {

struct Built {
  SourceManager sources;
  ir::Module module;
  std::string errors;  // rendered parse errors; empty when the spec parsed
};

namespace detail {

inline constexpr const char* kPreamble =
    "service Preamble {\n"
    "  predicate isValidURI(s: String) = s matches /^https?:\\/\\/[^\\s\\x00-\\x1f\\x7f]+/\n"
    "  predicate isValidEmail(s: String) = s matches /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/\n"
    "}\n";

class Converter {
 public:
  explicit Converter(const syntax::Service& service) : service_(service) {}

  ir::Type Type(const syntax::TypeExpr& t, int depth = 0) {
    using K = ir::TypeKind;
    switch (t.kind) {
      case syntax::TypeKind::kNamed:
        return Named(t.name, depth);
      case syntax::TypeKind::kSet:
        return ir::Type::Wrap(K::kSet, Type(t.args.at(0), depth));
      case syntax::TypeKind::kSeq:
        return ir::Type::Wrap(K::kSeq, Type(t.args.at(0), depth));
      case syntax::TypeKind::kOption:
        return ir::Type::Wrap(K::kOption, Type(t.args.at(0), depth));
      case syntax::TypeKind::kMap:
        return ir::Type::Pair(K::kMap, Type(t.args.at(0), depth), Type(t.args.at(1), depth));
      case syntax::TypeKind::kRelation: {
        ir::Type out = ir::Type::Pair(K::kRelation, Type(t.args.at(0), depth),
                                      Type(t.args.at(1), depth));
        out.multiplicity = t.multiplicity;
        return out;
      }
    }
    return {};
  }

  ir::Type Named(const std::string& name, int depth) {
    using K = ir::TypeKind;
    for (const syntax::TypeAlias& alias : service_.type_aliases) {
      if (alias.name.text == name && depth < 16) {
        ir::Type out = Type(alias.type, depth + 1);
        out.alias = name;
        return out;
      }
    }
    for (const syntax::Entity& entity : service_.entities) {
      if (entity.name.text == name) {
        return ir::Type::Named(K::kEntity, name);
      }
    }
    for (const syntax::Enum& enumeration : service_.enums) {
      if (enumeration.name.text == name) {
        return ir::Type::Named(K::kEnum, name);
      }
    }
    if (name == "String") return ir::Type::Of(K::kString);
    if (name == "Int") return ir::Type::Of(K::kInt);
    if (name == "Bool" || name == "Boolean") return ir::Type::Of(K::kBool);
    if (name == "Float" || name == "Decimal" || name == "Money") return ir::Type::Of(K::kFloat);
    if (name == "DateTime" || name == "Date") return ir::Type::Of(K::kDateTime);
    if (name == "Duration") return ir::Type::Of(K::kDuration);
    if (name == "UUID") return ir::Type::Of(K::kUuid);
    return ir::Type::Named(K::kUnknown, name);
  }

  static ir::Expr Expr(const syntax::Expr& e) {
    ir::Expr out;
    out.kind = static_cast<ir::ExprKind>(static_cast<int>(e.kind));
    out.span = e.span;
    out.binary_op = e.binary_op;
    out.unary_op = e.unary_op;
    out.quantifier = e.quantifier;
    out.bool_value = e.bool_value;
    out.text = e.text;
    for (const syntax::Name& n : e.names) {
      out.names.push_back({n.text, n.span});
    }
    out.binding_kinds = e.binding_kinds;
    out.item_spans = e.item_spans;
    out.height = e.height;
    for (const syntax::Expr& child : e.operands) {
      out.operands.push_back(Expr(child));
    }
    return out;
  }

  // The reference's let-folding within one clause (language.md section 5.3).
  static std::vector<ir::Expr> Fold(std::vector<ir::Expr> items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].kind != ir::ExprKind::kLet || i + 1 == items.size()) {
        continue;
      }
      std::vector<ir::Expr> rest =
          Fold(std::vector<ir::Expr>(items.begin() + static_cast<long>(i) + 1, items.end()));
      ir::Expr let = items[i];
      ir::Expr* innermost = &let;
      while (innermost->Body().kind == ir::ExprKind::kLet) {
        innermost = &innermost->operands.back();
      }
      ir::Expr conj = rest.back();
      for (std::size_t k = rest.size() - 1; k > 0; --k) {
        conj = And(rest[k - 1], conj);
      }
      innermost->operands.back() = And(innermost->Body(), conj);
      items.resize(i);
      items.push_back(let);
      return items;
    }
    return items;
  }

  static ir::Expr And(ir::Expr a, ir::Expr b) {
    ir::Expr out;
    out.kind = ir::ExprKind::kBinary;
    out.binary_op = BinaryOp::kAnd;
    out.span = Span::Cover(a.span, b.span);
    out.operands.push_back(std::move(a));
    out.operands.push_back(std::move(b));
    return out;
  }

  std::vector<ir::Param> Params(const std::vector<syntax::Param>& params) {
    std::vector<ir::Param> out;
    for (const syntax::Param& p : params) {
      out.push_back({p.name.text, Type(p.type), p.span});
    }
    return out;
  }

  std::vector<ir::Field> Fields(const syntax::Entity& entity, int depth = 0) {
    std::vector<ir::Field> out;
    if (entity.parent && depth < 16) {
      for (const syntax::Entity& parent : service_.entities) {
        if (parent.name.text == entity.parent->text) {
          out = Fields(parent, depth + 1);
        }
      }
    }
    for (const syntax::Field& f : entity.fields) {
      ir::Field field{f.name.text, Type(f.type), std::nullopt, f.span, entity.name.text};
      if (f.constraint) {
        field.constraint = Expr(*f.constraint);
      }
      bool replaced = false;
      for (ir::Field& existing : out) {
        if (existing.name == field.name) {
          existing = field;
          replaced = true;
        }
      }
      if (!replaced) {
        out.push_back(field);
      }
    }
    return out;
  }

  std::vector<ir::Expr> EntityInvariants(const syntax::Entity& entity, int depth = 0) {
    std::vector<ir::Expr> out;
    if (entity.parent && depth < 16) {
      for (const syntax::Entity& parent : service_.entities) {
        if (parent.name.text == entity.parent->text) {
          out = EntityInvariants(parent, depth + 1);
        }
      }
    }
    for (const syntax::Expr& e : entity.invariants) {
      out.push_back(Expr(e));
    }
    return out;
  }

  ir::Module Module(const syntax::Service& preamble) {
    ir::Module m;
    m.name = service_.name.text;
    m.span = service_.span;
    for (const syntax::Enum& e : service_.enums) {
      ir::Enum out{e.name.text, {}, e.span, e.name.span};
      for (const syntax::Name& v : e.values) {
        out.values.push_back(v.text);
      }
      m.enums.push_back(out);
    }
    for (const syntax::TypeAlias& a : service_.type_aliases) {
      ir::TypeAlias out{a.name.text, Type(a.type), std::nullopt, a.span, a.name.span};
      if (a.constraint) {
        out.constraint = Expr(*a.constraint);
      }
      m.type_aliases.push_back(out);
    }
    for (const syntax::Entity& e : service_.entities) {
      ir::Entity out;
      out.name = e.name.text;
      if (e.parent) {
        out.parent = e.parent->text;
      }
      out.fields = Fields(e);
      out.invariants = EntityInvariants(e);
      out.span = e.span;
      out.name_span = e.name.span;
      m.entities.push_back(out);
    }
    if (!service_.states.empty()) {
      std::vector<ir::StateField> fields;
      for (const syntax::Param& p : service_.states[0].fields) {
        fields.push_back({p.name.text, Type(p.type), p.span});
      }
      m.state = fields;
    }
    for (const syntax::Operation& op : service_.operations) {
      ir::Operation out;
      out.name = op.name.text;
      out.inputs = Params(op.inputs);
      out.outputs = Params(op.outputs);
      for (const syntax::Clause& clause : op.requires_clauses) {
        std::vector<ir::Expr> items;
        for (const syntax::Expr& e : clause) {
          items.push_back(Expr(e));
        }
        for (ir::Expr& e : Fold(items)) {
          out.requires_exprs.push_back(e);
        }
      }
      for (const syntax::Clause& clause : op.ensures_clauses) {
        std::vector<ir::Expr> items;
        for (const syntax::Expr& e : clause) {
          items.push_back(Expr(e));
        }
        for (ir::Expr& e : Fold(items)) {
          out.ensures_exprs.push_back(e);
        }
      }
      out.span = op.span;
      out.name_span = op.name.span;
      m.operations.push_back(out);
    }
    for (const syntax::Invariant& inv : service_.invariants) {
      ir::Invariant out{std::nullopt, Expr(inv.expr), inv.span};
      if (inv.name) {
        out.name = inv.name->text;
      }
      m.invariants.push_back(out);
    }
    for (const syntax::Temporal& t : service_.temporals) {
      ir::Temporal out;
      out.name = t.name.text;
      out.span = t.span;
      out.body = Expr(t.expr);
      if (t.expr.kind == syntax::ExprKind::kCall && t.expr.operands.size() == 2 &&
          t.expr.operands[0].kind == syntax::ExprKind::kIdentifier) {
        const std::string& callee = t.expr.operands[0].text;
        ir::TemporalKind kind = callee == "always"       ? ir::TemporalKind::kAlways
                                : callee == "eventually" ? ir::TemporalKind::kEventually
                                : callee == "fairness"   ? ir::TemporalKind::kFairness
                                                         : ir::TemporalKind::kInvalid;
        if (kind != ir::TemporalKind::kInvalid) {
          out.kind = kind;
          out.body = Expr(t.expr.operands[1]);
        }
      }
      m.temporals.push_back(out);
    }
    for (const syntax::Function& f : service_.functions) {
      m.functions.push_back({f.name.text, Params(f.params), Type(f.return_type), Expr(f.body),
                             f.span});
    }
    std::set<std::string> declared;
    for (const syntax::Predicate& p : service_.predicates) {
      m.predicates.push_back({p.name.text, Params(p.params), Expr(p.body), p.span, false});
      declared.insert(p.name.text);
    }
    Converter preamble_converter(preamble);
    for (const syntax::Predicate& p : preamble.predicates) {
      if (declared.count(p.name.text) == 0) {
        m.predicates.push_back({p.name.text, preamble_converter.Params(p.params), Expr(p.body),
                                p.span, true});
      }
    }
    return m;
  }

 private:
  const syntax::Service& service_;
};

}  // namespace detail

inline std::unique_ptr<Built> BuildSpec(const std::string& text,
                                        const std::string& name = "test.spec") {
  auto built = std::make_unique<Built>();
  diag::CollectingSink sink;
  SourceId id = built->sources.Add(name, text);
  syntax::Service service = syntax::Parse(built->sources, id, sink);
  SourceId preamble_id = built->sources.Add("<preamble>", detail::kPreamble);
  syntax::Service preamble = syntax::Parse(built->sources, preamble_id, sink);
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    built->errors += diag::Render(d, built->sources, {});
  }
  detail::Converter converter(service);
  built->module = converter.Module(preamble);
  built->module.source_name = name;
  return built;
}

inline std::unique_ptr<Built> BuildFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return BuildSpec(buffer.str(), path);
}

}  // namespace s2r::verify::testing
