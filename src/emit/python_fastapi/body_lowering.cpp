// Lowering of synthesis plans to Python service-method bodies over the generated runtime
// (`app/services/_runtime.py`), SQLAlchemy 2 async and the ServiceModel's state bindings.
// See body_lowering.h for the contract and docs/emit-context.md §7 for the helpers.
#include "emit/python_fastapi/body_lowering.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "convention/naming.h"
#include "emit/python_fastapi/python_expr.h"
#include "emit/python_fastapi/type_map.h"
#include "ir/infer_type.h"
#include "ir/ir_dump.h"

namespace s2r::emit::python_fastapi {
namespace {

using convention::StateBinding;
using convention::StateStorage;
using ir::Expr;
using ir::ExprKind;
using ir::RefKind;
using ir::TypeKind;
using synth::Step;
using synth::StepKind;

constexpr const char* kStateClass = "ServiceState";
constexpr const char* kStateVar = "state";

std::string Local(std::string_view name) { return convention::SafePythonName(name); }
std::string Attr(std::string_view column) { return convention::SafePythonName(column, false); }

const Expr& StripPre(const Expr& expr) {
  if (expr.kind == ExprKind::kPre && !expr.operands.empty()) {
    return StripPre(expr.operands[0]);
  }
  return expr;
}

// A state field named by `expr` (`S`, `pre(S)`), or empty.
std::optional<std::string> StateName(const Expr& expr) {
  const Expr& inner = StripPre(expr);
  if (inner.kind == ExprKind::kIdentifier && inner.ref == RefKind::kStateField) {
    return inner.text;
  }
  return std::nullopt;
}

// DumpExpr with every `pre(...)` removed: two reads of the same pre-state value compare equal.
std::string Identity(const Expr& expr) {
  if (expr.kind == ExprKind::kPre && !expr.operands.empty()) {
    return Identity(expr.operands[0]);
  }
  Expr copy = expr;
  for (Expr& operand : copy.operands) {
    // Copy the unwrapped child before assigning: it lives inside `operand` itself.
    Expr unwrapped = StripPre(operand);
    operand = std::move(unwrapped);
  }
  std::string dumped = ir::DumpExpr(copy);
  std::string out;
  // Strip nested `(pre X)` spellings too.
  std::size_t i = 0;
  while (i < dumped.size()) {
    if (dumped.compare(i, 5, "(pre ") == 0) {
      std::size_t depth = 0;
      std::size_t j = i;
      for (; j < dumped.size(); ++j) {
        depth += dumped[j] == '(' ? 1 : 0;
        if (dumped[j] == ')' && --depth == 0) {
          break;
        }
      }
      out += dumped.substr(i + 5, j - i - 5);
      i = j + 1;
      continue;
    }
    out += dumped[i++];
  }
  return out;
}

struct Row {
  std::string var;
  const convention::Entity* entity = nullptr;
  bool is_new = false;
  bool deleted = false;
  bool optional = false;  // loaded with a query that may find nothing (`var is None`)
};

// A variable ranging over the keys of a relation of rows, bound to the row itself.
struct BoundRow {
  const convention::StateBinding* binding = nullptr;
  std::string var;
};

class Lowerer {
 public:
  Lowerer(const synth::OperationPlan& plan, const ir::Module& module,
          const convention::ServiceModel& model, const convention::Operation& operation)
      : plan_(plan), module_(module), model_(model), operation_(operation),
        ir_op_(module.operations.at(operation.ir_index)) {}

  tl::expected<LoweredBody, LoweringFailure> Run() {
    if (plan_.stub) {
      Line(fmt::format("_rt.fail(501, {})", PyString(operation_.name + ": " + plan_.stub_reason)));
      return Finish();
    }
    for (const ir::Param& input : ir_op_.inputs) {
      used_names_.insert(Local(input.name));
    }
    for (const std::string& name : plan_.written_state) {
      if (const StateBinding* binding = model_.FindState(name)) {
        written_tables_.insert(binding->table);
      }
    }
    ScanPuts(plan_.steps);
    if (NeedsSingleton(plan_.steps)) {
      bool lock = written_tables_.count("service_state") != 0;
      Line(fmt::format("{} = await _rt.load_singleton(self.session, {}{})", kStateVar, kStateClass,
                       lock ? "" : ", for_update=False"));
      models_.insert(kStateClass);
    }
    // Guards first, 404 before 409 before 422 (stable within a kind).
    std::vector<const Step*> guards;
    std::vector<const Step*> rest;
    for (const Step& step : plan_.steps) {
      (step.kind == StepKind::kGuard && rest.empty() ? guards : rest).push_back(&step);
    }
    std::stable_sort(guards.begin(), guards.end(), [](const Step* a, const Step* b) {
      return static_cast<int>(a->guard->kind) < static_cast<int>(b->guard->kind);
    });
    for (const Step* step : guards) {
      LowerStep(*step);
    }
    PrescanNewRows(rest);
    // Branch conditions read the pre-state: evaluate them before any write (R12).
    for (const Step* step : rest) {
      if (step->kind != StepKind::kBranch || !step->value || !ReadsOnlyInputsAndState(*step->value)) {
        continue;
      }
      clause_ = step->clause;
      clause_span_ = step->origin;
      context_expr_ = &*step->value;
      std::string var = FreshVar("pre_condition");
      std::string py = Py(*step->value);
      Line(fmt::format("{} = {}", var, py));
      hoisted_[step] = var;
    }
    for (const Step* step : rest) {
      LowerStep(*step);
    }
    if (!plan_.written_state.empty()) {
      Line("await self.session.commit()");
    }
    Return();
    return Finish();
  }

 private:
  // ------------------------------------------------------------------ output
  void Line(const std::string& text) {
    lines_.push_back(std::string(8 + depth_ * 4, ' ') + text);
  }
  void Lines(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
      Line(line);
    }
  }
  std::size_t Indent() const { return 8 + depth_ * 4; }

  void Fail(std::string reason) { FailAt(clause_span_, std::move(reason)); }
  // `at`: the narrowest span known to be responsible (the clause when nothing narrower is).
  void FailAt(Span at, std::string reason) {
    if (!error_) {
      Span span = at.IsValid() ? at : clause_span_.IsValid() ? clause_span_ : ir_op_.name_span;
      error_ = LoweringFailure{span, std::move(reason)};
    }
  }

  tl::expected<LoweredBody, LoweringFailure> Finish() {
    if (error_) {
      return tl::unexpected(*error_);
    }
    LoweredBody body;
    for (const std::string& line : lines_) {
      body.text += (body.text.empty() ? "" : "\n") + line;
    }
    if (lines_.empty()) {
      body.text = "        return None";
    }
    // `token` used as a module prefix (not the tail of a longer name such as `state.`).
    auto uses = [&](std::string_view token) {
      for (std::size_t at = body.text.find(token); at != std::string::npos;
           at = body.text.find(token, at + 1)) {
        char before = at == 0 ? ' ' : body.text[at - 1];
        bool identifier = std::isalnum(static_cast<unsigned char>(before)) != 0 ||
                          before == '_' || before == '.';
        if (!identifier) {
          return true;
        }
      }
      return false;
    };
    if (uses("datetime.")) body.import_lines.emplace_back("import datetime");
    if (uses("hashlib.")) body.import_lines.emplace_back("import hashlib");
    if (uses("re.fullmatch")) body.import_lines.emplace_back("import re");
    if (uses("uuid.uuid4")) body.import_lines.emplace_back("import uuid");
    if (uses("sa.")) body.import_lines.emplace_back("import sqlalchemy as sa");
    if (uses("settings.")) body.import_lines.emplace_back("from app.config import settings");
    for (const std::string& cls : models_) {
      body.import_lines.push_back("from app.models import " + cls);
    }
    for (const auto& [module, cls] : schemas_) {
      body.import_lines.push_back(fmt::format("from app.schemas.{} import {}", module, cls));
    }
    if (uses("_rt.")) body.import_lines.emplace_back("from app.services import _runtime as _rt");
    body.answers_not_found = uses("_rt.get_or_404(") || uses("_rt.present(") ||
                             uses("_rt.the(") || uses("_rt.fail(404");
    return body;
  }

  // ------------------------------------------------------------------ model lookups
  const StateBinding* Binding(const std::string& state) {
    const StateBinding* binding = model_.FindState(state);
    if (binding == nullptr) {
      Fail(fmt::format("state `{}` has no storage binding", state));
    }
    return binding;
  }
  const convention::Entity* EntityOf(const std::string& name) {
    const convention::Entity* entity = model_.FindEntity(name);
    if (entity == nullptr) {
      Fail(fmt::format("entity `{}` has no table", name));
      return nullptr;
    }
    models_.insert(entity->name);
    return entity;
  }
  static bool IsRowStorage(const StateBinding& b) {
    return b.storage == StateStorage::kEntityRows || b.storage == StateStorage::kEntityColumns;
  }
  static bool IsSingletonStorage(const StateBinding& b) {
    return b.storage == StateStorage::kScalarColumn || b.storage == StateStorage::kStateColumn;
  }
  std::string FieldAttr(const convention::Entity& entity, const std::string& field) {
    const convention::EntityField* f = entity.FindField(field);
    if (f == nullptr) {
      if (field == "id") {
        return Attr(entity.primary_key);
      }
      Fail(fmt::format("`{}` has no field `{}`", entity.name, field));
      return field;
    }
    if (f->storage == convention::FieldStorage::kChildRows ||
        f->storage == convention::FieldStorage::kJunction) {
      Fail(fmt::format("field `{}.{}` is stored in other rows (not supported in bodies yet)",
                       entity.name, field));
    } else if (f->column != convention::ToColumnName(field) && !f->ref_entity.empty()) {
      Fail(fmt::format("field `{}.{}` references an entity (not supported in bodies yet)",
                       entity.name, field));
    }
    return Attr(f->column);
  }
  std::string KeyAttr(const StateBinding& b) {
    const convention::Entity* entity = EntityOf(b.entity);
    std::string column = b.key_column.empty() && entity ? entity->primary_key : b.key_column;
    return fmt::format("{}.{}", b.entity, Attr(column));
  }
  std::string Detail(const std::string& what) {
    return PyString(fmt::format("{}.{}", operation_.name, what));
  }

  static bool IsEmptyCollection(const Expr& e) {
    return (e.kind == ExprKind::kSetLiteral || e.kind == ExprKind::kSeqLiteral) && e.operands.empty();
  }

  // True when the expression reads no let-local or output (so it can be evaluated early).
  static bool ReadsOnlyInputsAndState(const Expr& expr) {
    bool ok = true;
    ir::ForEachSubexpression(expr, [&](const Expr& e) {
      ok = ok && !(e.kind == ExprKind::kIdentifier &&
                   (e.ref == RefKind::kOutput || e.ref == RefKind::kLocal));
    });
    return ok;
  }

  // ------------------------------------------------------------------ pre-scans
  bool MentionsSingleton(const Expr& expr) {
    bool found = false;
    ir::ForEachSubexpression(expr, [&](const Expr& e) {
      if (e.kind == ExprKind::kIdentifier && e.ref == RefKind::kStateField) {
        const StateBinding* b = model_.FindState(e.text);
        found = found || (b != nullptr && IsSingletonStorage(*b));
      }
    });
    return found;
  }
  bool NeedsSingleton(const std::vector<Step>& steps) {
    bool found = false;
    for (const Step& step : steps) {
      const StateBinding* b = step.target.empty() ? nullptr : model_.FindState(step.target);
      found = found || (b != nullptr && IsSingletonStorage(*b) && step.kind != StepKind::kBind &&
                        step.kind != StepKind::kConstruct && step.kind != StepKind::kCollect &&
                        step.kind != StepKind::kSampleFresh);
      for (const auto* e : {&step.key, &step.value, &step.base}) {
        found = found || (*e && MentionsSingleton(**e));
      }
      if (step.guard) {
        found = found || MentionsSingleton(step.guard->condition);
      }
      for (const synth::FieldValue& f : step.fields) {
        found = found || MentionsSingleton(f.value) || (f.condition && MentionsSingleton(*f.condition));
      }
      found = found || NeedsSingleton(step.then_steps) || NeedsSingleton(step.else_steps);
    }
    return found;
  }
  void ScanPuts(const std::vector<Step>& steps) {
    for (const Step& step : steps) {
      if (step.kind == StepKind::kPut && step.value && step.value->kind == ExprKind::kIdentifier) {
        put_locals_.insert(step.value->text);
      }
      ScanPuts(step.then_steps);
      ScanPuts(step.else_steps);
    }
  }

  // Rows written at a key nobody loaded and that was sampled fresh (or an entity-columns put):
  // one constructor call gathers every write to that row.
  void PrescanNewRows(const std::vector<const Step*>& steps) {
    for (const Step* step : steps) {
      if (step->kind == StepKind::kSampleFresh) {
        fresh_.insert(step->target);
      }
    }
    for (const Step* step : steps) {
      if ((step->kind != StepKind::kPut && step->kind != StepKind::kUpdateField) || !step->key) {
        continue;
      }
      const StateBinding* b = model_.FindState(step->target);
      if (b == nullptr || !IsRowStorage(*b)) {
        continue;
      }
      bool fresh_key = step->key->kind == ExprKind::kIdentifier && fresh_.count(step->key->text) &&
                       !(step->kind == StepKind::kPut && b->storage == StateStorage::kEntityRows);
      bool columns_put = step->kind == StepKind::kPut && b->storage == StateStorage::kEntityColumns;
      if (!fresh_key && !columns_put) {
        continue;
      }
      std::string id = RowId(*b, *step->key);
      if (rows_.count(id)) {
        continue;
      }
      NewRow& row = new_rows_[id];
      row.binding = b;
      row.key = &*step->key;
      row.steps.push_back(step);
    }
  }

  // ------------------------------------------------------------------ rows
  std::string RowId(const StateBinding& b, const Expr& key) {
    return b.entity + "|" + b.key_column + "|" + Identity(key);
  }
  std::string FreshVar(const std::string& base) {
    std::string name = base;
    for (int i = 2; used_names_.count(name); ++i) {
      name = fmt::format("{}_{}", base, i);
    }
    used_names_.insert(name);
    return name;
  }
  // The loaded row of relation `b` at `key`, loading it (404 when absent) on first use.
  std::string EnsureRow(const StateBinding& b, const Expr& key, const std::string& detail) {
    std::string id = RowId(b, key);
    auto found = rows_.find(id);
    if (found != rows_.end()) {
      return found->second.var;
    }
    if (key.kind == ExprKind::kThe) {
      std::string var = TheRow(key, detail);
      rows_[id] = Row{var, model_.FindEntity(b.entity)};
      return var;
    }
    const convention::Entity* entity = EntityOf(b.entity);
    if (entity == nullptr) {
      return "None";
    }
    std::string key_py = Py(key);
    std::string var = FreshVar(entity->snake + "_row");
    std::vector<std::string> args{"self.session", b.entity, KeyAttr(b), key_py, "detail=" + detail};
    if (written_tables_.count(b.table)) {
      args.emplace_back("for_update=True");
    }
    Lines(FormatCall(var + " = await _rt.get_or_404", args, "", Indent()));
    rows_[id] = Row{var, entity};
    return var;
  }

  // `the s in R | P` over a row-backed relation: the unique row satisfying P (the invariant
  // guarantees uniqueness, the precondition existence; 404 otherwise) (R14). Should several
  // rows satisfy P, the first in key order is taken, as for `the` in a value (see The).
  std::string TheRow(const Expr& the, const std::string& detail) {
    std::optional<std::string> state = StateName(the.operands[0]);
    const StateBinding* b = state ? Binding(*state) : nullptr;
    if (b == nullptr || b->storage != StateStorage::kEntityRows) {
      Fail("`the` is supported over a relation of rows only");
      return "None";
    }
    const convention::Entity* entity = EntityOf(b->entity);
    if (entity == nullptr) return "None";
    std::string var = FreshVar(entity->snake + "_row");
    std::optional<std::string> sql = Sql(the.operands[1], *entity, the.text, true, *b);
    if (!sql) {
      // Searched in Python over every row; `the.text` is bound to the row's key.
      Binder binder = Bind(the.text, the.operands[0]);
      std::string condition = Py(the.operands[1]);
      Unbind(binder);
      Lines(FormatCall(var + " = _rt.the",
                       {Elements(binder.loop, {binder}, condition, false), "detail=" + detail},
                       "", Indent()));
      return var;
    }
    std::string stmt = fmt::format("sa.select({}).where({}).order_by({}){}", entity->name, *sql,
                                   KeyAttr(*b),
                                   written_tables_.count(b->table) ? ".with_for_update()" : "");
    Lines(FormatCall(var + " = _rt.present",
                     {"await self.session.scalar(" + stmt + ")", "detail=" + detail}, "", Indent()));
    return var;
  }

  // Loads the row of `b` at `key` if there is one (`var is None` otherwise).
  std::string OptionalRow(const StateBinding& b, const Expr& key) {
    std::string id = RowId(b, key);
    auto found = rows_.find(id);
    if (found != rows_.end()) return found->second.var;
    const convention::Entity* entity = EntityOf(b.entity);
    if (entity == nullptr) return "None";
    std::string key_py = Py(key);
    std::string var = FreshVar(entity->snake + "_row");
    Line(fmt::format("{} = await self.session.scalar(sa.select({}).where({} == {}){})", var,
                     entity->name, KeyAttr(b), key_py,
                     written_tables_.count(b.table) ? ".with_for_update()" : ""));
    Row row{var, entity};
    row.optional = true;
    rows_[id] = row;
    return var;
  }

  // True when the expression being lowered also reads `R[key]` (so a membership test loads the
  // row once, optionally, instead of asking `exists` and then 404-ing on the read).
  bool ContextIndexes(const std::string& state, const Expr& key) {
    if (context_expr_ == nullptr) return false;
    bool found = false;
    std::string want = Identity(key);
    ir::ForEachSubexpression(*context_expr_, [&](const Expr& e) {
      found = found || (e.kind == ExprKind::kIndex && StateName(e.operands[0]) == state &&
                        Identity(e.operands[1]) == want);
    });
    return found;
  }

  bool ContextTestsMembership(const std::string& state, const Expr& key) {
    if (context_expr_ == nullptr) return false;
    bool found = false;
    std::string want = Identity(key);
    ir::ForEachSubexpression(*context_expr_, [&](const Expr& e) {
      found = found || (e.kind == ExprKind::kBinary &&
                        (e.binary_op == BinaryOp::kIn || e.binary_op == BinaryOp::kNotIn) &&
                        StateName(e.operands[1]) == state && Identity(e.operands[0]) == want);
    });
    return found;
  }

  // `parent.items` where `items` is stored as child rows with a foreign key back to the parent.
  struct ChildRows {
    const convention::Entity* child = nullptr;
    std::string fk;      // Child.<fk column> expression
    std::string parent;  // the parent's key value (Python)
  };
  std::optional<ChildRows> ChildRowsOf(const Expr& e) {
    if (e.kind != ExprKind::kFieldAccess || e.operands[0].type.kind != TypeKind::kEntity) {
      return std::nullopt;
    }
    const convention::Entity* parent = model_.FindEntity(e.operands[0].type.name);
    const convention::EntityField* f = parent ? parent->FindField(e.text) : nullptr;
    if (f == nullptr || f->storage != convention::FieldStorage::kChildRows) return std::nullopt;
    const convention::Entity* child = EntityOf(f->ref_entity);
    if (child == nullptr) return std::nullopt;
    ChildRows rows;
    rows.child = child;
    rows.fk = child->name + "." + Attr(f->child_fk_column);
    rows.parent = Py(e.operands[0]) + "." + Attr(parent->primary_key);
    return rows;
  }
  // SQL condition over the child rows of `rows` satisfying `body` (over `variable`).
  std::optional<std::string> ChildCondition(const ChildRows& rows, const Expr& body,
                                            const std::string& variable) {
    static const StateBinding kNoBinding{};
    std::optional<std::string> sql = Sql(body, *rows.child, variable, false, kNoBinding);
    if (!sql) return std::nullopt;
    return fmt::format("sa.and_({} == {}, {})", rows.fk, rows.parent, *sql);
  }

  // ------------------------------------------------------------------ expressions
  std::string Py(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kIntLit:
      case ExprKind::kFloatLit:
        return e.text;
      case ExprKind::kStringLit:
        return PyString(e.text);
      case ExprKind::kBoolLit:
        return e.bool_value ? "True" : "False";
      case ExprKind::kNoneLit:
        return "None";
      case ExprKind::kPre:
      case ExprKind::kSomeWrap:
        return Py(e.operands[0]);
      case ExprKind::kEnumAccess:
        return PyString(e.text);
      case ExprKind::kIdentifier:
        return Identifier(e);
      case ExprKind::kIndex:
        return Index(e);
      case ExprKind::kFieldAccess:
        return FieldAccess(e);
      case ExprKind::kBinary:
        return Binary(e);
      case ExprKind::kUnary:
        return Unary(e);
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kMatches:
        return fmt::format("(re.fullmatch({}, {}) is not None)", PyRegex(e.text), Py(e.operands[0]));
      case ExprKind::kIf:
      {
        std::string condition = Py(e.operands[0]);
        std::string then_value = Py(e.operands[1]);
        return fmt::format("({} if {} else {})", then_value,
                           NarrowedCondition(condition, then_value), Py(e.operands[2]));
      }
      case ExprKind::kSetLiteral:
      case ExprKind::kSeqLiteral: {
        std::string items;
        for (const Expr& item : e.operands) {
          items += (items.empty() ? "" : ", ") + Py(item);
        }
        if (e.kind == ExprKind::kSeqLiteral) {
          return "[" + items + "]";
        }
        return items.empty() ? "set()" : "{" + items + "}";
      }
      case ExprKind::kMapLiteral: {
        std::string items;
        for (std::size_t i = 0; i + 1 < e.operands.size(); i += 2) {
          items += (items.empty() ? "" : ", ") + Py(e.operands[i]) + ": " + Py(e.operands[i + 1]);
        }
        return "{" + items + "}";
      }
      case ExprKind::kQuantifier:
        return Quantifier(e);
      case ExprKind::kSetComprehension: {
        // A set comprehension may await inside (unlike a generator expression).
        Binder binder = Bind(e.text, e.operands[0]);
        std::string element = Element(binder);
        std::string body = Py(e.operands[1]);
        Unbind(binder);
        return fmt::format("{{{} for {} in {} if {}}}", element, binder.loop, binder.iterable,
                           body);
      }
      case ExprKind::kThe:
        return The(e);
      case ExprKind::kLet: {
        std::string value = Py(e.operands[0]);
        scope_[e.text] = "(" + value + ")";
        std::string body = Py(e.operands[1]);
        scope_.erase(e.text);
        return body;
      }
      default:
        FailAt(e.span, "this expression has no Python lowering");
        return "None";
    }
  }

  static Expr SubstituteParams(const Expr& e, const std::map<std::string, const Expr*>& bindings) {
    if (e.kind == ExprKind::kIdentifier && e.ref == RefKind::kParam) {
      auto found = bindings.find(e.text);
      if (found != bindings.end()) return *found->second;
    }
    Expr copy = e;
    for (Expr& operand : copy.operands) {
      operand = SubstituteParams(operand, bindings);
    }
    return copy;
  }

  // ------------------------------------------------------------------ iteration
  // A variable bound over a domain (quantifier, comprehension, `the`, lambda of an aggregate):
  // Python iterates `for <loop> in <iterable>`, and the spec variable reads as scope_[name].
  struct Binder {
    std::string name;
    std::string loop;
    std::string iterable;
    std::optional<std::string> shadowed;   // the enclosing meaning of `name`, restored by Unbind
    std::optional<BoundRow> shadowed_row;
  };

  // The row relation or collection of rows that `domain` ranges over (`R`, `pre(R)`, `dom(R)`,
  // `ran(R)`), with `*over_values` set for `ran(R)`; null when the domain is not held in rows.
  const StateBinding* RowDomain(const Expr& domain, bool* over_values) {
    const Expr* target = &domain;
    *over_values = false;
    if (domain.kind == ExprKind::kCall && domain.operands.size() == 2 &&
        (domain.operands[0].text == "dom" || domain.operands[0].text == "ran")) {
      *over_values = domain.operands[0].text == "ran";
      target = &domain.operands[1];
    }
    std::optional<std::string> state = StateName(*target);
    const StateBinding* b = state ? model_.FindState(*state) : nullptr;
    if (b == nullptr || !IsRowStorage(*b)) return nullptr;
    if (IsRowCollection(*b)) *over_values = true;  // a Set/Seq of rows holds rows, not keys
    return b;
  }
  static bool IsRowCollection(const StateBinding& b) {
    return b.type.kind == TypeKind::kSet || b.type.kind == TypeKind::kSeq;
  }

  // Every row of `b`, in key order (primary key order for a collection of rows), loaded into a
  // variable whose name is returned. A step reuses the rows it loaded while that variable is
  // still defined (same block or one nested in it).
  std::string AllRows(const StateBinding& b) {
    auto loaded = loaded_rows_.find(b.name);
    if (loaded != loaded_rows_.end() && StillDefined(loaded->second)) {
      return loaded->second.var;
    }
    const convention::Entity* entity = EntityOf(b.entity);
    if (entity == nullptr) return "()";
    std::string order = IsRowCollection(b) ? fmt::format("{}.{}", entity->name,
                                                         Attr(entity->primary_key))
                                           : KeyAttr(b);
    std::string var = FreshVar(entity->snake + "_rows");
    Line(fmt::format(
        "{} = (await self.session.execute(sa.select({}).order_by({}))).scalars().all()", var,
        entity->name, order));
    loaded_rows_[b.name] = LoadedRows{var, lines_.size() - 1, depth_};
    return var;
  }
  struct LoadedRows {
    std::string var;
    std::size_t line = 0;  // index in lines_ of the load
    int depth = 0;
  };
  // No line since the load left its block, and the code being lowered is inside that block.
  bool StillDefined(const LoadedRows& loaded) const {
    std::size_t indent = 8 + loaded.depth * 4;
    if (depth_ < loaded.depth) return false;
    for (std::size_t i = loaded.line + 1; i < lines_.size(); ++i) {
      if (lines_[i].find_first_not_of(' ') < indent) return false;
    }
    return true;
  }

  // Binds spec variable `name` over `domain`. Over a relation of rows the loop variable is the
  // row (loaded beforehand), so `R[name]` reads it without a query.
  Binder Bind(const std::string& name, const Expr& domain) {
    Binder binder;
    binder.name = name;
    binder.loop = "_" + Local(name);
    if (auto found = scope_.find(name); found != scope_.end()) binder.shadowed = found->second;
    if (auto found = bound_rows_.find(name); found != bound_rows_.end()) {
      binder.shadowed_row = found->second;
    }
    bool over_values = false;
    if (const StateBinding* b = RowDomain(domain, &over_values)) {
      binder.iterable = AllRows(*b);
      const convention::Entity* entity = model_.FindEntity(b->entity);
      std::string key_column =
          b->key_column.empty() && entity != nullptr ? entity->primary_key : b->key_column;
      if (!over_values) {
        scope_[name] = binder.loop + "." + Attr(key_column);
        bound_rows_[name] = BoundRow{b, binder.loop};
      } else if (b->storage == StateStorage::kEntityColumns) {
        scope_[name] = binder.loop + "." + Attr(b->value_column);
        bound_rows_.erase(name);
      } else {
        scope_[name] = binder.loop;
        bound_rows_.erase(name);
      }
    } else {
      binder.iterable = Collection(domain);
      scope_[name] = binder.loop;
      bound_rows_.erase(name);
    }
    binders_.push_back(name);
    return binder;
  }

  void Unbind(const Binder& binder) {
    if (binder.shadowed) {
      scope_[binder.name] = *binder.shadowed;
    } else {
      scope_.erase(binder.name);
    }
    if (binder.shadowed_row) {
      bound_rows_[binder.name] = *binder.shadowed_row;
    } else {
      bound_rows_.erase(binder.name);
    }
    binders_.pop_back();
  }

  // The spec variable of `binder` as Python (its key, value or row).
  std::string Element(const Binder& binder) { return scope_[binder.name]; }

  // The row variable bound to `key` when `key` is a variable ranging over the keys of a relation
  // stored like `b` (same table, same key column).
  std::optional<std::string> BoundRowAt(const StateBinding& b, const Expr& key) const {
    if (key.kind != ExprKind::kIdentifier || key.ref != RefKind::kLocal) return std::nullopt;
    auto found = bound_rows_.find(key.text);
    if (found == bound_rows_.end() || found->second.binding->entity != b.entity ||
        found->second.binding->key_column != b.key_column) {
      return std::nullopt;
    }
    return found->second.var;
  }

  // True when `e` reads a variable bound by an enclosing quantifier, comprehension, `the` or
  // aggregate, so its value changes with each element and cannot be computed beforehand.
  bool MentionsBinder(const Expr& e) const {
    bool found = false;
    ir::ForEachSubexpression(e, [&](const Expr& s) {
      found = found || (s.kind == ExprKind::kIdentifier && s.ref == RefKind::kLocal &&
                        std::find(binders_.begin(), binders_.end(), s.text) != binders_.end());
    });
    return found;
  }

  // `<element> for <loop> in <iterable> ... [if <condition>]` as a call argument: a generator
  // expression (in parentheses unless it is the call's only argument), or a list when it awaits
  // a query per element, since an `await` would make a generator expression asynchronous.
  static std::string Elements(const std::string& element, const std::vector<Binder>& loops,
                              const std::string& condition, bool only_argument) {
    std::string text = element;
    for (const Binder& binder : loops) {
      text += fmt::format(" for {} in {}", binder.loop, binder.iterable);
    }
    if (!condition.empty()) text += " if " + condition;
    if (text.find("await ") != std::string::npos) return "[" + text + "]";
    return only_argument ? text : "(" + text + ")";
  }

  // A Python iterable for a collection that is not held in rows (inputs, locals, literals,
  // singleton state; `dom` of a map).
  std::string Collection(const Expr& e) {
    if (e.kind == ExprKind::kCall && e.operands.size() == 2 && e.operands[0].text == "dom") {
      return Collection(e.operands[1]);
    }
    if (std::optional<std::string> state = StateName(e)) {
      const StateBinding* b = Binding(*state);
      if (b != nullptr && b->storage == StateStorage::kStateColumn) {
        // JSON object keys are strings: iterating a map with Int keys converts them back.
        bool map = b->type.kind == TypeKind::kMap || b->type.kind == TypeKind::kRelation;
        if (map && !b->type.args.empty() && b->type.args[0].kind == TypeKind::kInt) {
          return fmt::format("[int(_k) for _k in {}]", Py(e));
        }
        return Py(e);
      }
      Fail(fmt::format("iterating over state `{}` is not supported for its storage", *state));
      return "()";
    }
    return Py(e);
  }

  std::string Identifier(const Expr& e) {
    auto scoped = scope_.find(e.text);
    if (scoped != scope_.end() &&
        (e.ref == RefKind::kLocal || e.ref == RefKind::kParam || e.ref == RefKind::kOutput)) {
      return scoped->second;
    }
    switch (e.ref) {
      case RefKind::kInput:
        return Local(e.text);
      case RefKind::kOutput:
      case RefKind::kLocal: {
        auto row = local_rows_.find(e.text);
        if (row != local_rows_.end()) {
          return row->second;
        }
        auto value = locals_.find(e.text);
        if (value != locals_.end()) {
          return value->second;
        }
        Fail(fmt::format("`{}` is read before any step defines it", e.text));
        return Local(e.text);
      }
      case RefKind::kEnumValue:
        return PyString(e.text);
      case RefKind::kStateField: {
        const StateBinding* b = Binding(e.text);
        if (b == nullptr) {
          return "None";
        }
        if (IsSingletonStorage(*b)) {
          return fmt::format("{}.{}", kStateVar, Attr(b->column));
        }
        if (b->storage == StateStorage::kSetting) {
          return "settings." + b->setting;
        }
        Fail(fmt::format("state `{}` is read as a whole value", e.text));
        return "None";
      }
      default:
        Fail(fmt::format("name `{}` has no Python lowering", e.text));
        return Local(e.text);
    }
  }

  // `if c then R[k].f else ...` where `c` implies `k in R` (often through a `let`): the type
  // checker cannot see that implication, so the optional rows the branch reads are tested
  // explicitly. The extra test never changes the value: when `c` holds the row exists.
  std::string NarrowedCondition(const std::string& condition, const std::string& branch) const {
    std::string narrowed = condition;
    for (const auto& [id, row] : rows_) {
      (void)id;
      if (!row.optional || !ReadsAttributeOf(branch, row.var)) continue;
      std::string test = row.var + " is not None";
      if (condition.find(test) == std::string::npos) {
        narrowed = fmt::format("({} and {})", narrowed, test);
      }
    }
    return narrowed;
  }

  // Whether Python text `code` reads an attribute of variable `var` (`var.x`, not `other_var.x`).
  static bool ReadsAttributeOf(const std::string& code, const std::string& var) {
    std::string needle = var + ".";
    for (std::size_t at = code.find(needle); at != std::string::npos;
         at = code.find(needle, at + 1)) {
      bool starts_name = at == 0 || !(std::isalnum(static_cast<unsigned char>(code[at - 1])) ||
                                      code[at - 1] == '_' || code[at - 1] == '.');
      if (starts_name) return true;
    }
    return false;
  }

  // The key of a JSON-object column (JSON object keys are strings).
  std::string JsonKey(const Expr& key) {
    std::string py = Py(key);
    return key.type.kind == TypeKind::kString ? py : OneArgumentCall("str", py);
  }

  std::string Index(const Expr& e) {
    const Expr& base = e.operands[0];
    const Expr& key = e.operands[1];
    if (std::optional<std::string> state = StateName(base)) {
      const StateBinding* b = Binding(*state);
      if (b == nullptr) {
        return "None";
      }
      if (IsRowStorage(*b)) {
        std::string detail = ValueDetail();
        std::string value_attr =
            b->storage == StateStorage::kEntityColumns ? "." + Attr(b->value_column) : "";
        if (std::optional<std::string> row = BoundRowAt(*b, key)) {
          return *row + value_attr;
        }
        if (MentionsBinder(key)) {
          // The key changes with each element: one lookup per element, in the expression.
          return fmt::format("(await _rt.get_or_404(self.session, {}, {}, {}, detail={})){}",
                             b->entity, KeyAttr(*b), Py(key), detail, value_attr);
        }
        // A read guarded by a membership test of the same key in the same expression
        // (`k not in R or R[k].f < 5`) loads the row optionally rather than answering 404.
        if (!rows_.count(RowId(*b, key)) && ContextTestsMembership(*state, key)) {
          OptionalRow(*b, key);
        }
        return EnsureRow(*b, key, detail) + value_attr;
      }
      if (b->storage == StateStorage::kStateColumn) {
        return fmt::format("{}.{}[{}]", kStateVar, Attr(b->column), JsonKey(key));
      }
      Fail(fmt::format("cannot index state `{}`", *state));
      return "None";
    }
    return fmt::format("{}[{}]", Py(base), Py(key));
  }

  std::string FieldAccess(const Expr& e) {
    const Expr& base = e.operands[0];
    std::string base_py = Py(base);
    if (base.type.kind == TypeKind::kEntity) {
      const convention::Entity* entity = model_.FindEntity(base.type.name);
      if (entity != nullptr) {
        return base_py + "." + FieldAttr(*entity, e.text);
      }
    }
    return base_py + "." + Attr(e.text);
  }

  static bool IsOption(const Expr& e) { return e.type.kind == TypeKind::kOption; }
  static bool IsSetLike(const Expr& e) {
    return e.type.kind == TypeKind::kSet || e.type.kind == TypeKind::kSeq;
  }

  std::string Membership(const Expr& element, const Expr& set, bool negate) {
    const Expr* target = &set;
    if (set.kind == ExprKind::kCall && set.operands.size() == 2 &&
        set.operands[0].text == "dom") {
      target = &set.operands[1];
    }
    std::string not_ = negate ? "not " : "";
    if (std::optional<std::string> state = StateName(*target)) {
      const StateBinding* b = Binding(*state);
      if (b == nullptr) {
        return "False";
      }
      if (IsRowStorage(*b) && b->type.kind != TypeKind::kSet && b->type.kind != TypeKind::kSeq) {
        if (BoundRowAt(*b, element)) {
          return negate ? "False" : "True";
        }
        if (MentionsBinder(element)) {
          return fmt::format("({}await _rt.exists(self.session, {}, {}))", not_, KeyAttr(*b),
                             Py(element));
        }
        auto loaded = rows_.find(RowId(*b, element));
        if (loaded != rows_.end() && loaded->second.optional) {
          return fmt::format("({} is {}None)", loaded->second.var, negate ? "" : "not ");
        }
        if (loaded != rows_.end() && !negate) {
          return "True";
        }
        if (loaded == rows_.end() && ContextIndexes(*state, element)) {
          std::string var = OptionalRow(*b, element);
          return fmt::format("({} is {}None)", var, negate ? "" : "not ");
        }
        return fmt::format("({}await _rt.exists(self.session, {}, {}))", not_, KeyAttr(*b),
                           Py(element));
      }
      if (b->storage == StateStorage::kStateColumn) {
        bool map = b->type.kind == TypeKind::kMap || b->type.kind == TypeKind::kRelation;
        return fmt::format("({} {}in {}.{})", map ? JsonKey(element) : Py(element), not_,
                           kStateVar, Attr(b->column));
      }
      Fail(fmt::format("membership in state `{}`", *state));
      return "False";
    }
    if (set.kind == ExprKind::kSetLiteral) {
      std::string items;
      for (const Expr& item : set.operands) {
        items += (items.empty() ? "" : ", ") + Py(item);
      }
      if (set.operands.size() == 1) {
        items += ",";
      }
      return fmt::format("({} {}in ({}))", Py(element), not_, items);
    }
    return fmt::format("({} {}in {})", Py(element), not_, Py(set));
  }

  std::string AsSet(const Expr& e) {
    if (e.kind == ExprKind::kSetLiteral) {
      return Py(e);
    }
    if (e.kind == ExprKind::kBinary &&
        (e.binary_op == BinaryOp::kUnion || e.binary_op == BinaryOp::kIntersect ||
         e.binary_op == BinaryOp::kMinus)) {
      return Py(e);
    }
    return OneArgumentCall("set", Py(e));
  }

  // `counter + hours(1)`: a sum of durations and plain numbers. Durations are numbers of
  // seconds in the spec (a `timedelta` in Python), so such a sum is computed in seconds.
  static bool IsSumOrDifference(const Expr& e) {
    auto time = [](const Expr& x) { return ir::Unwrapped(x.type).kind == TypeKind::kDateTime; };
    return e.kind == ExprKind::kBinary &&
           (e.binary_op == BinaryOp::kAdd || e.binary_op == BinaryOp::kSub) &&
           !time(e.operands[0]) && !time(e.operands[1]);  // `t1 - t2` is one duration
  }
  static bool MixesDurationsAndNumbers(const Expr& e) {
    if (IsSumOrDifference(e)) {
      return MixesDurationsAndNumbers(e.operands[0]) || MixesDurationsAndNumbers(e.operands[1]);
    }
    TypeKind kind = ir::Unwrapped(e.type).kind;
    return kind == TypeKind::kInt || kind == TypeKind::kFloat;
  }
  std::string Seconds(const Expr& e) {
    if (IsSumOrDifference(e)) {
      std::string left = Seconds(e.operands[0]);
      return fmt::format("({} {} {})", left, e.binary_op == BinaryOp::kAdd ? "+" : "-",
                         Seconds(e.operands[1]));
    }
    if (ir::Unwrapped(e.type).kind != TypeKind::kDuration) return Py(e);
    static constexpr std::array<std::pair<std::string_view, int>, 4> kUnits = {
        {{"seconds", 1}, {"minutes", 60}, {"hours", 3600}, {"days", 86400}}};
    for (const auto& [unit, seconds] : kUnits) {
      if (e.kind == ExprKind::kCall && e.operands.size() == 2 && e.operands[0].text == unit) {
        std::string count = Py(e.operands[1]);
        return seconds == 1 ? count : fmt::format("({} * {})", count, seconds);
      }
    }
    return fmt::format("int({}.total_seconds())", Py(e));
  }

  std::string Binary(const Expr& e) {
    const Expr& l = e.operands[0];
    const Expr& r = e.operands[1];
    if (IsSumOrDifference(e) && ir::Unwrapped(e.type).kind == TypeKind::kDuration &&
        MixesDurationsAndNumbers(e)) {
      return Seconds(e);
    }
    switch (e.binary_op) {
      // Operands are lowered left to right: lowering may emit statements (row loads).
      case BinaryOp::kAnd: {
        std::string lp = Py(l);
        return fmt::format("({} and {})", lp, Py(r));
      }
      case BinaryOp::kOr: {
        std::string lp = Py(l);
        return fmt::format("({} or {})", lp, Py(r));
      }
      case BinaryOp::kImplies: {
        std::string lp = Py(l);
        return fmt::format("(not {} or {})", lp, Py(r));
      }
      case BinaryOp::kIff:
        // `p iff true` is `p` and `p iff false` is `not p`: ruff rejects `bool(True)` (UP018).
        if (l.kind == ExprKind::kBoolLit || r.kind == ExprKind::kBoolLit) {
          const Expr& literal = l.kind == ExprKind::kBoolLit ? l : r;
          const Expr& other = l.kind == ExprKind::kBoolLit ? r : l;
          return literal.bool_value ? fmt::format("bool({})", Py(other))
                                    : fmt::format("(not {})", Py(other));
        }
        return fmt::format("(bool({}) == bool({}))", Py(l), Py(r));
      case BinaryOp::kEq:
      case BinaryOp::kNeq: {
        bool eq = e.binary_op == BinaryOp::kEq;
        if (r.kind == ExprKind::kNoneLit || l.kind == ExprKind::kNoneLit) {
          const Expr& other = r.kind == ExprKind::kNoneLit ? l : r;
          return fmt::format("({} is {}None)", Py(other), eq ? "" : "not ");
        }
        if ((r.kind == ExprKind::kBoolLit || l.kind == ExprKind::kBoolLit) &&
            !IsOption(l) && !IsOption(r)) {
          // `x = true` is `x` (no `== True`, ruff E712).
          const Expr& literal = r.kind == ExprKind::kBoolLit ? r : l;
          const Expr& other = r.kind == ExprKind::kBoolLit ? l : r;
          bool positive = literal.bool_value == eq;
          std::string py = Py(other);
          return positive ? OneArgumentCall("bool", py) : "(not " + py + ")";
        }
        if (IsSetLike(l) && l.type.kind == TypeKind::kSet) {
          return fmt::format("({} {} {})", AsSet(l), eq ? "==" : "!=", AsSet(r));
        }
        return fmt::format("({} {} {})", Py(l), eq ? "==" : "!=", Py(r));
      }
      case BinaryOp::kLt:
      case BinaryOp::kGt:
      case BinaryOp::kLe:
      case BinaryOp::kGe: {
        std::string lp = Py(l);
        std::string rp = Py(r);
        std::string cmp = fmt::format("{} {} {}", lp, Spelling(e.binary_op), rp);
        std::string checks;
        if (IsOption(l)) checks += lp + " is not None and ";
        if (IsOption(r)) checks += rp + " is not None and ";
        return "(" + checks + cmp + ")";
      }
      case BinaryOp::kIn:
        return Membership(l, r, false);
      case BinaryOp::kNotIn:
        return Membership(l, r, true);
      case BinaryOp::kSubset:
        return fmt::format("({} <= {})", AsSet(l), AsSet(r));
      case BinaryOp::kUnion:
        return fmt::format("({} | {})", AsSet(l), AsSet(r));
      case BinaryOp::kIntersect:
        return fmt::format("({} & {})", AsSet(l), AsSet(r));
      case BinaryOp::kMinus:
        return fmt::format("({} - {})", AsSet(l), AsSet(r));
      case BinaryOp::kAdd:
        if (e.type.kind == TypeKind::kSet) {
          return fmt::format("({} | {})", AsSet(l), AsSet(r));
        }
        if (e.type.kind == TypeKind::kMap || e.type.kind == TypeKind::kRelation) {
          return fmt::format("{{**{}, **{}}}", Py(l), Py(r));
        }
        return fmt::format("({} + {})", Py(l), Py(r));
      case BinaryOp::kSub:
        if (e.type.kind == TypeKind::kSet) {
          return fmt::format("({} - {})", AsSet(l), AsSet(r));
        }
        return fmt::format("({} - {})", Py(l), Py(r));
      case BinaryOp::kMul:
        return fmt::format("({} * {})", Py(l), Py(r));
      case BinaryOp::kDiv: {
        bool integer = l.type.kind == TypeKind::kInt && r.type.kind == TypeKind::kInt;
        return fmt::format("({} {} {})", Py(l), integer ? "//" : "/", Py(r));
      }
    }
    return "None";
  }

  // Python for `not c`, spelled the way a linter expects (`x not in s`, not `not x in s`).
  std::string Negated(const Expr& c) {
    if (c.kind == ExprKind::kBinary && c.binary_op == BinaryOp::kIn) {
      return Membership(c.operands[0], c.operands[1], true);
    }
    if (c.kind == ExprKind::kBinary && c.binary_op == BinaryOp::kNotIn) {
      return Membership(c.operands[0], c.operands[1], false);
    }
    if (c.kind == ExprKind::kUnary && c.unary_op == UnaryOp::kNot) {
      return Py(c.operands[0]);
    }
    if (c.kind == ExprKind::kMatches) {
      return fmt::format("re.fullmatch({}, {}) is None", PyRegex(c.text), Py(c.operands[0]));
    }
    if (c.kind == ExprKind::kBinary &&
        (c.binary_op == BinaryOp::kEq || c.binary_op == BinaryOp::kNeq) &&
        (c.operands[0].kind == ExprKind::kNoneLit || c.operands[1].kind == ExprKind::kNoneLit)) {
      const Expr& other = c.operands[1].kind == ExprKind::kNoneLit ? c.operands[0] : c.operands[1];
      return fmt::format("{} is {}None", Py(other), c.binary_op == BinaryOp::kEq ? "not " : "");
    }
    return "not " + Parenthesized(Py(c));
  }

  std::string Unary(const Expr& e) {
    const Expr& operand = e.operands[0];
    switch (e.unary_op) {
      case UnaryOp::kNot:
        return fmt::format("(not {})", Py(operand));
      case UnaryOp::kNegate:
        return fmt::format("(-{})", Py(operand));
      case UnaryOp::kCardinality:
        if (std::optional<ChildRows> rows = ChildRowsOf(operand)) {
          return fmt::format(
              "(await self.session.scalar(sa.select(sa.func.count()).select_from({}).where({} == {})) or 0)",
              rows->child->name, rows->fk, rows->parent);
        }
        if (std::optional<std::string> state = StateName(operand)) {
          const StateBinding* b = Binding(*state);
          if (b != nullptr && IsRowStorage(*b)) {
            EntityOf(b->entity);
            return fmt::format(
                "(await self.session.scalar(sa.select(sa.func.count()).select_from({})) or 0)",
                b->entity);
          }
        }
        return OneArgumentCall("len", Py(operand));
      case UnaryOp::kPowerset:
        Fail("powerset has no Python lowering");
        return "None";
    }
    return "None";
  }

  std::string Call(const Expr& e) {
    const Expr& callee = e.operands[0];
    std::vector<const Expr*> args;
    for (std::size_t i = 1; i < e.operands.size(); ++i) {
      args.push_back(&e.operands[i]);
    }
    const std::string& name = callee.text;
    if (callee.ref == RefKind::kPredicate || callee.ref == RefKind::kFunction) {
      const std::vector<ir::Param>* params = nullptr;
      const Expr* body = nullptr;
      if (const ir::Predicate* p = module_.FindPredicate(name)) {
        params = &p->params;
        body = &p->body;
      } else if (const ir::Function* f = module_.FindFunction(name)) {
        params = &f->params;
        body = &f->body;
      }
      if (body == nullptr || params->size() != args.size() || inline_depth_ > 8) {
        Fail(fmt::format("call of `{}` cannot be inlined", name));
        return "None";
      }
      // Inlined at the IR level (parameters replaced by the argument expressions), so row
      // reads and membership tests inside the body see the same keys as the caller's.
      std::map<std::string, const Expr*> bindings;
      for (std::size_t i = 0; i < args.size(); ++i) {
        bindings[(*params)[i].name] = args[i];
      }
      inlined_.push_back(std::make_unique<Expr>(SubstituteParams(*body, bindings)));
      const Expr* saved_context = context_expr_;
      context_expr_ = inlined_.back().get();
      ++inline_depth_;
      std::string out = Py(*inlined_.back());
      --inline_depth_;
      context_expr_ = saved_context;
      return out;
    }
    auto arg = [&](std::size_t i) { return i < args.size() ? Py(*args[i]) : std::string("None"); };
    if (name == "now") return "_rt.utcnow()";
    if (name == "len" || name == "abs") return OneArgumentCall(name, arg(0));
    if (name == "days" || name == "hours" || name == "minutes" || name == "seconds") {
      return fmt::format("datetime.timedelta({}={})", name, arg(0));
    }
    if (name == "hash") {
      return fmt::format("hashlib.sha256({}.encode()).hexdigest()", OneArgumentCall("str", arg(0)));
    }
    bool aggregate = name == "sum" || name == "max" || name == "min";
    if (aggregate && args.size() == 2 && args[1]->kind == ExprKind::kLambda) {
      return Aggregate(name, *args[0], args[1]);
    }
    bool over_values = false;
    if (aggregate && args.size() == 1 && args[0]->kind != ExprKind::kSetLiteral &&
        ir::Unwrapped(args[0]->type).IsCollection() &&
        (name != "sum" || RowDomain(*args[0], &over_values) != nullptr)) {
      return Aggregate(name, *args[0], nullptr);
    }
    if ((name == "max" || name == "min") && args.size() == 1) {
      if (args[0]->kind == ExprKind::kSetLiteral) {
        std::string items;
        for (const Expr& item : args[0]->operands) {
          items += (items.empty() ? "" : ", ") + Py(item);
        }
        return fmt::format("{}({})", name, items);
      }
      return fmt::format("{}({})", name, arg(0));
    }
    if ((name == "max" || name == "min") && args.size() > 1) {
      std::string items;
      for (const Expr* a : args) {
        items += (items.empty() ? "" : ", ") + Py(*a);
      }
      return fmt::format("{}({})", name, items);
    }
    if (name == "sum" && args.size() == 1) return OneArgumentCall("sum", arg(0));
    if (name == "dom" && args.size() == 1 && !StateName(*args[0])) {
      return OneArgumentCall("set", arg(0));
    }
    if (name == "ran" && args.size() == 1) {
      // A map held in a JSON column reads like any other map; relations of rows are iterated
      // through Bind.
      std::optional<std::string> state = StateName(*args[0]);
      const StateBinding* b = state ? model_.FindState(*state) : nullptr;
      if (b == nullptr || b->storage == StateStorage::kStateColumn) {
        return OneArgumentCall("set", arg(0) + ".values()");
      }
    }
    Fail(fmt::format("call of `{}` has no Python lowering here", name));
    return "None";
  }

  // `sum(c, x => e)`, `max(c, x => e)`, `min(c, x => e)`, or the same of the elements of `c`
  // when `lambda` is null. `c` may be a relation of rows (its keys), `ran(R)` (its rows), a
  // set, a sequence or a map (its keys). `max`/`min` of nothing is undefined: 404, as for `the`.
  std::string Aggregate(const std::string& name, const Expr& collection, const Expr* lambda) {
    bool over_values = false;
    std::string elements;
    if (lambda == nullptr && RowDomain(collection, &over_values) == nullptr) {
      elements = Collection(collection);
    } else {
      Binder binder = Bind(lambda != nullptr ? lambda->text : "element", collection);
      std::string value = lambda != nullptr ? Py(lambda->operands[0]) : Element(binder);
      Unbind(binder);
      elements = Elements(value, {binder}, "", name == "sum");
    }
    if (name == "sum") {
      return fmt::format("sum({})", elements);
    }
    return fmt::format("_rt.present({}({}, default=None), detail={})", name, elements,
                       ValueDetail());
  }

  // `the x in S | P` as a value: the element of S satisfying P. The spec promises exactly one;
  // when several do, the first in key order is the answer, and when none does the request is
  // answered 404 (docs/emit-context.md §7). Over the keys of a relation of rows, with P in SQL,
  // one query; otherwise the elements are searched in Python.
  std::string The(const Expr& e) {
    bool over_values = false;
    const StateBinding* b = RowDomain(e.operands[0], &over_values);
    if (b != nullptr && !over_values && binders_.empty()) {
      const convention::Entity* entity = EntityOf(b->entity);
      if (entity == nullptr) return "None";
      if (std::optional<std::string> sql = Sql(e.operands[1], *entity, e.text, true, *b)) {
        std::string key = KeyAttr(*b);
        return fmt::format(
            "_rt.present(await self.session.scalar(sa.select({0}).where({1}).order_by({0})), "
            "detail={2})",
            key, *sql, ValueDetail());
      }
    }
    Binder binder = Bind(e.text, e.operands[0]);
    std::string element = Element(binder);
    std::string condition = Py(e.operands[1]);
    Unbind(binder);
    // Sets and map keys have no order of their own: search them sorted.
    TypeKind domain = ir::Unwrapped(e.operands[0].type).kind;
    if (b == nullptr && domain != TypeKind::kSeq) {
      binder.iterable = OneArgumentCall("sorted", binder.iterable);
    }
    return fmt::format("_rt.the({}, detail={})", Elements(element, {binder}, condition, false),
                       ValueDetail());
  }

  // The detail of a 404 answered while computing a value of the current clause.
  std::string ValueDetail() { return Detail((in_guard_ ? "requires: " : "ensures: ") + clause_); }

  std::string Quantifier(const Expr& e) {
    if (e.names.size() == 1 && e.operands.size() == 2) {
      if (std::optional<ChildRows> rows = ChildRowsOf(e.operands[0])) {
        auto exists = [&](const Expr& body, bool negate_body) -> std::string {
          static const StateBinding kNoBinding{};
          std::optional<std::string> sql = Sql(body, *rows->child, e.names[0].text, false, kNoBinding);
          if (!sql) {
            Fail("a quantifier over child rows needs a condition with an SQL form");
            return "False";
          }
          std::string cond = negate_body ? "sa.not_(" + *sql + ")" : *sql;
          return fmt::format(
              "bool(await self.session.scalar(sa.select(sa.exists().where({} == {}, {}))))",
              rows->fk, rows->parent, cond);
        };
        switch (e.quantifier) {
          case QuantifierKind::kAll:
            return "(not " + exists(e.operands[1], true) + ")";
          case QuantifierKind::kSome:
          case QuantifierKind::kExists:
            return exists(e.operands[1], false);
          case QuantifierKind::kNo:
            return "(not " + exists(e.operands[1], false) + ")";
        }
      }
      // `some k in R | ...` binds the key of each row; `some v in ran(R) | ...` the row itself.
      // One EXISTS query when the condition has an SQL form; inside another binder the rows
      // are iterated in Python instead (a query per element otherwise).
      bool over_values = false;
      const StateBinding* b = RowDomain(e.operands[0], &over_values);
      std::optional<std::string> sql;
      if (b != nullptr && b->storage == StateStorage::kEntityRows && !IsRowCollection(*b) &&
          binders_.empty()) {
        const convention::Entity* entity = EntityOf(b->entity);
        if (entity == nullptr) return "False";
        sql = Sql(e.operands[1], *entity, e.names[0].text, !over_values, *b);
      }
      if (sql) {
        auto exists = [&](const std::string& cond) {
          return fmt::format("bool(await self.session.scalar(sa.select(sa.exists().where({}))))",
                             cond);
        };
        switch (e.quantifier) {
          case QuantifierKind::kAll:
            return "(not " + exists("sa.not_(" + *sql + ")") + ")";
          case QuantifierKind::kSome:
          case QuantifierKind::kExists:
            return exists(*sql);
          case QuantifierKind::kNo:
            return "(not " + exists(*sql) + ")";
        }
      }
    }
    std::vector<Binder> loops;
    for (std::size_t i = 0; i < e.names.size(); ++i) {
      if (i < e.binding_kinds.size() && e.binding_kinds[i] == BindingKind::kColon) {
        Fail("a quantifier over every instance of a type has no Python lowering");
        break;
      }
      loops.push_back(Bind(e.names[i].text, e.operands[i]));
    }
    std::string body = loops.size() == e.names.size() ? Py(e.operands.back()) : "False";
    for (auto binder = loops.rbegin(); binder != loops.rend(); ++binder) {
      Unbind(*binder);
    }
    std::string elements = Elements(body, loops, "", true);
    switch (e.quantifier) {
      case QuantifierKind::kAll:
        return fmt::format("all({})", elements);
      case QuantifierKind::kSome:
      case QuantifierKind::kExists:
        return fmt::format("any({})", elements);
      case QuantifierKind::kNo:
        return fmt::format("(not any({}))", elements);
    }
    return "False";
  }

  // A Python value as stored in a column or returned in a schema: sets become sorted lists.
  std::string Stored(const std::string& py, const ir::Type& type) {
    if (type.kind == TypeKind::kSet) {
      return OneArgumentCall("sorted", py);
    }
    return py;
  }

  // ------------------------------------------------------------------ steps
  void LowerStep(const Step& step) {
    LowerStepBody(step);
    // Rows loaded so far stay valid until a step may add or delete some.
    bool reads_only =
        step.kind == StepKind::kGuard || step.kind == StepKind::kCollect ||
        (step.kind == StepKind::kBind && step.value && step.value->kind != ExprKind::kWith);
    if (!reads_only) loaded_rows_.clear();
  }

  void LowerStepBody(const Step& step) {
    clause_ = step.clause;
    clause_span_ = step.origin;
    in_guard_ = step.kind == StepKind::kGuard;
    context_expr_ = step.guard ? &step.guard->condition : step.value ? &*step.value : nullptr;
    switch (step.kind) {
      case StepKind::kGuard:
        LowerGuard(step);
        break;
      case StepKind::kBind:
        LowerBind(step);
        break;
      case StepKind::kSampleFresh:
        LowerFresh(step);
        break;
      case StepKind::kAllocate: {
        const StateBinding* b = Binding(step.field);
        if (b != nullptr) {
          std::string var = FreshVar(Local(step.target));
          std::string counter = fmt::format("{}.{}", kStateVar, Attr(b->column));
          Line(fmt::format("{} = {}", var, counter));
          Line(fmt::format("{} = {} + 1", counter, counter));
          locals_[step.target] = var;
        }
        break;
      }
      case StepKind::kConstruct:
        LowerConstruct(step);
        break;
      case StepKind::kPut:
        LowerPut(step);
        break;
      case StepKind::kErase:
        LowerErase(step);
        break;
      case StepKind::kUpdateField:
        LowerUpdateField(step);
        break;
      case StepKind::kSetScalar:
      case StepKind::kAppend: {
        const StateBinding* b = Binding(step.target);
        if (b == nullptr) break;
        if (step.kind == StepKind::kAppend && b->storage == StateStorage::kEntityRows) {
          AppendRow(*b, *step.value);
          break;
        }
        if (!IsSingletonStorage(*b)) {
          Fail(fmt::format("state `{}` is not writable here (stored as {})", step.target,
                           b->storage == StateStorage::kSetting ? "a setting" : "rows"));
          break;
        }
        std::string attr = fmt::format("{}.{}", kStateVar, Attr(b->column));
        std::string value = Py(*step.value);
        if (step.kind == StepKind::kAppend) {
          Line(fmt::format("{} = [*{}, {}]", attr, attr, value));
        } else {
          Line(fmt::format("{} = {}", attr, Stored(value, b->type)));
        }
        break;
      }
      case StepKind::kBranch: {
        auto hoisted = hoisted_.find(&step);
        Line(fmt::format("if {}:", hoisted != hoisted_.end() ? hoisted->second : Py(*step.value)));
        LowerBlock(step.then_steps);
        if (!step.else_steps.empty()) {
          Line("else:");
          LowerBlock(step.else_steps);
        }
        break;
      }
      case StepKind::kCollect:
        LowerCollection(step.target, step.relation, step.field, step.variable_is_key,
                        step.value ? &*step.value : nullptr);
        break;
    }
  }

  void LowerBlock(const std::vector<Step>& steps) {
    ++depth_;
    std::size_t before = lines_.size();
    for (const Step& step : steps) {
      LowerStep(step);
    }
    if (lines_.size() == before) {
      Line("pass");
    }
    --depth_;
  }

  void LowerGuard(const Step& step) {
    const synth::Guard& guard = *step.guard;
    std::string detail = PyString(guard.message);
    const Expr& c = guard.condition;
    if (guard.kind == synth::GuardKind::kMissingKey && c.kind == ExprKind::kBinary &&
        c.binary_op == BinaryOp::kIn) {
      if (std::optional<std::string> state = StateName(c.operands[1])) {
        const StateBinding* b = Binding(*state);
        if (b != nullptr && IsRowStorage(*b)) {
          EnsureRow(*b, c.operands[0], detail);
          return;
        }
      }
    }
    // An `if not ...: fail(...)` statement rather than a helper call, so that the type checker
    // narrows what the guard established (`x.f is not None`) for the statements after it.
    const char* status = guard.kind == synth::GuardKind::kMissingKey ? "404"
                         : guard.kind == synth::GuardKind::kConflict ? "409"
                                                                     : "422";
    Line(fmt::format("if {}:", Negated(c)));
    ++depth_;
    Lines(FormatCall("_rt.fail", {status, detail}, "", Indent()));
    --depth_;
  }

  // `R[k]` or `pre(R)[k]` over a row-backed relation.
  const StateBinding* RowIndex(const Expr& e) {
    if (e.kind != ExprKind::kIndex) return nullptr;
    std::optional<std::string> state = StateName(e.operands[0]);
    if (!state) return nullptr;
    const StateBinding* b = model_.FindState(*state);
    return b != nullptr && b->storage == StateStorage::kEntityRows ? b : nullptr;
  }

  void LowerBind(const Step& step) {
    const Expr& value = *step.value;
    const convention::Response& response = operation_.response;
    bool list_output = response.kind == convention::ResponseKind::kEntityList &&
                       !response.outputs.empty() && response.outputs[0] == step.target;
    if (list_output && value.kind == ExprKind::kSetComprehension) {
      const Expr& domain = value.operands[0];
      bool over_values = domain.kind == ExprKind::kCall && domain.operands.size() == 2 &&
                         domain.operands[0].text == "ran";
      const Expr& relation = over_values ? domain.operands[1] : domain;
      std::optional<std::string> state = StateName(relation);
      if (!state) {
        Fail("a collection output must range over a state relation");
        return;
      }
      LowerCollection(step.target, *state, value.text, !over_values, &value.operands[1]);
      return;
    }
    if (const StateBinding* b = RowIndex(value)) {
      local_rows_[step.target] = EnsureRow(*b, value.operands[1], Detail("ensures: " + clause_));
      return;
    }
    if (value.kind == ExprKind::kThe) {
      if (std::optional<ChildRows> rows = ChildRowsOf(value.operands[0])) {
        std::optional<std::string> cond = ChildCondition(*rows, value.operands[1], value.text);
        if (!cond) {
          Fail("the condition of `the` has no SQL form");
          return;
        }
        std::string var = FreshVar(Local(step.target));
        // The first in key order should several satisfy the condition, as for any `the`.
        std::string stmt = fmt::format(
            "sa.select({0}).where({1}).order_by({0}.{2}){3}", rows->child->name, *cond,
            Attr(rows->child->primary_key),
            written_tables_.count(rows->child->table) ? ".with_for_update()" : "");
        Lines(FormatCall(var + " = _rt.present",
                         {"await self.session.scalar(" + stmt + ")",
                          "detail=" + Detail("ensures: " + clause_)},
                         "", Indent()));
        local_rows_[step.target] = var;
        locals_[step.target] = var;
        return;
      }
    }
    if (value.kind == ExprKind::kConstructor) {
      // A value of an entity built for later use (a line item appended to child rows).
      const convention::Entity* entity = EntityOf(value.text);
      if (entity == nullptr) return;
      std::vector<std::string> args;
      for (const auto& [attr, py] : ConstructorValues(*entity, value, "", nullptr)) {
        args.push_back(attr + "=" + py);
      }
      std::string var = FreshVar(Local(step.target));
      Lines(FormatCall(var + " = " + entity->name, args, "", Indent()));
      local_rows_[step.target] = var;
      locals_[step.target] = var;
      new_locals_.insert(step.target);
      return;
    }
    std::optional<std::string> the_state =
        value.kind == ExprKind::kThe ? StateName(value.operands[0]) : std::nullopt;
    const StateBinding* the_binding = the_state ? model_.FindState(*the_state) : nullptr;
    if (the_binding != nullptr && the_binding->storage == StateStorage::kEntityRows &&
        !IsRowCollection(*the_binding)) {
      // A key variable bound to the unique row's key (R14); the row is kept for later reads.
      const StateBinding* b = the_binding;
      Expr key;
      key.kind = ExprKind::kIdentifier;
      key.text = step.target;
      key.ref = RefKind::kLocal;
      key.type = value.type;
      std::string var = EnsureRow(*b, value,
                                  Detail("ensures: " + clause_));
      rows_[RowId(*b, key)] = Row{var, model_.FindEntity(b->entity)};
      const convention::Entity* entity = model_.FindEntity(b->entity);
      locals_[step.target] = fmt::format(
          "{}.{}", var, Attr(b->key_column.empty() && entity ? entity->primary_key : b->key_column));
      return;
    }
    if (value.kind == ExprKind::kWith) {
      const Expr& base = value.operands[0];
      const StateBinding* b = RowIndex(base);
      std::string var;
      const convention::Entity* entity = nullptr;
      if (b != nullptr && put_locals_.count(step.target)) {
        var = EnsureRow(*b, base.operands[1], Detail("ensures: " + clause_));
        entity = EntityOf(b->entity);
      } else if (base.kind == ExprKind::kIdentifier && local_rows_.count(base.text) &&
                 put_locals_.count(step.target) && base.type.kind == TypeKind::kEntity) {
        var = local_rows_[base.text];
        entity = EntityOf(base.type.name);
      } else {
        Fail("`with` is supported on a stored row that is put back (least-change update)");
        return;
      }
      if (entity == nullptr) return;
      AssignWith(var, *entity, value);
      local_rows_[step.target] = var;
      return;
    }
    const ir::Param* output = ir_op_.FindOutput(step.target);
    if (output != nullptr && ScalarMismatch(output->type, value.type)) {
      FailAt(value.span, fmt::format("output `{}` is declared `{}` but its value is `{}`",
                                     step.target, ir::ToString(output->type),
                                     ir::ToString(value.type)));
      return;
    }
    std::string py = Py(value);
    std::string var = FreshVar(Local(step.target));
    // An empty literal tells the type checker nothing about its elements: annotate it.
    const ir::Type& declared = output != nullptr ? output->type : value.type;
    bool empty_literal = (value.kind == ExprKind::kSetLiteral || value.kind == ExprKind::kSeqLiteral ||
                          value.kind == ExprKind::kMapLiteral) &&
                         value.operands.empty() && declared.IsKnown() &&
                         std::all_of(declared.args.begin(), declared.args.end(),
                                     [](const ir::Type& t) { return t.IsKnown(); });
    if (empty_literal) {
      ImportBlock unused;
      std::string annotation;
      if (declared.kind == TypeKind::kSet || declared.kind == TypeKind::kSeq) {
        annotation = fmt::format("{}[{}]", declared.kind == TypeKind::kSet ? "set" : "list",
                                 PyType(declared.args[0], &unused));
      } else if (declared.args.size() == 2) {
        annotation = fmt::format("dict[{}, {}]", PyType(declared.args[0], &unused),
                                 PyType(declared.args[1], &unused));
      }
      Line(annotation.empty() ? fmt::format("{} = {}", var, py)
                              : fmt::format("{}: {} = {}", var, annotation, py));
    } else {
      Line(fmt::format("{} = {}", var, py));
    }
    locals_[step.target] = var;
  }

  // True when `declared` and `actual` are different scalar types (an Int may become a Float):
  // the response model would reject the value, so the body is not emitted.
  static bool ScalarMismatch(const ir::Type& declared, const ir::Type& actual) {
    auto scalar = [](TypeKind kind) {
      return kind == TypeKind::kInt || kind == TypeKind::kFloat || kind == TypeKind::kString ||
             kind == TypeKind::kBool || kind == TypeKind::kDateTime ||
             kind == TypeKind::kDuration || kind == TypeKind::kUuid;
    };
    TypeKind want = ir::Unwrapped(declared).kind;
    TypeKind got = ir::Unwrapped(actual).kind;
    return scalar(want) && scalar(got) && want != got &&
           !(want == TypeKind::kFloat && got == TypeKind::kInt);
  }

  void LowerFresh(const Step& step) {
    const StateBinding* b = Binding(step.relation);
    if (b == nullptr) return;
    if (!IsRowStorage(*b)) {
      Fail(fmt::format("fresh keys of `{}` need a row-backed relation", step.relation));
      return;
    }
    const convention::Entity* entity = EntityOf(b->entity);
    if (entity == nullptr) return;
    const std::string& sampled_field = step.field.empty() ? b->key_field : step.field;
    const convention::EntityField* key = entity->FindField(sampled_field);
    if (step.type.kind != TypeKind::kString || key == nullptr) {
      Fail("fresh values are sampled for String keys only");
      return;
    }
    const convention::Constraints& c = key->validation.value;
    std::vector<std::string> spec;
    std::string alphabet;
    if (c.patterns.size() == 1) {
      alphabet = AlphabetOf(c.patterns[0].regex);
      if (!alphabet.empty() && alphabet != "ALNUM") {
        spec.push_back("alphabet=" + PyString(alphabet));
      }
    }
    if (c.min_length) spec.push_back(fmt::format("min_length={}", c.min_length->value));
    if (c.max_length) spec.push_back(fmt::format("max_length={}", c.max_length->value));
    if (!c.patterns.empty()) {
      std::string pattern;
      for (const convention::Pattern& p : c.patterns) {
        pattern += "(?=" + AnchoredRegex(p.regex) + "$)";
      }
      if (c.patterns.size() == 1) {
        pattern = AnchoredRegex(c.patterns[0].regex);
      }
      spec.push_back("pattern=" + PyRegex(pattern));
    }
    std::string keyspec = "_rt.KeySpec(";
    for (std::size_t i = 0; i < spec.size(); ++i) {
      keyspec += (i ? ", " : "") + spec[i];
    }
    keyspec += ")";
    std::string var = FreshVar(Local(step.target));
    Lines(FormatCall(var + " = await _rt.fresh_key",
                     {"self.session",
                      step.field.empty() ? KeyAttr(*b)
                                         : fmt::format("{}.{}", entity->name, Attr(key->column)),
                      keyspec,
                      "detail=" + Detail("ensures: " + step.clause)},
                     "", Indent()));
    locals_[step.target] = var;
  }

  // The characters of a single character-class regex (`^[a-zA-Z0-9]+$`); "ALNUM" for exactly
  // the default alphabet, empty when the pattern is not a single class.
  static std::string AlphabetOf(std::string_view regex) {
    std::string_view p = regex;
    if (!p.empty() && p.front() == '^') p.remove_prefix(1);
    if (!p.empty() && p.back() == '$') p.remove_suffix(1);
    if (p.size() < 3 || p.front() != '[') return "";
    std::size_t close = p.find(']');
    if (close == std::string_view::npos) return "";
    std::string_view rest = p.substr(close + 1);
    bool quantifier = rest == "+" || rest == "*" || (rest.size() > 2 && rest.front() == '{' &&
                                                     rest.back() == '}');
    if (!quantifier) return "";
    std::string_view cls = p.substr(1, close - 1);
    if (cls.empty() || cls.front() == '^' || cls.find('\\') != std::string_view::npos) return "";
    if (cls == "a-zA-Z0-9" || cls == "A-Za-z0-9" || cls == "0-9a-zA-Z") return "ALNUM";
    std::string out;
    for (std::size_t i = 0; i < cls.size(); ++i) {
      if (i + 2 < cls.size() && cls[i + 1] == '-') {
        for (char ch = cls[i]; ch <= cls[i + 2]; ++ch) out += ch;
        i += 2;
      } else {
        out += cls[i];
      }
    }
    return out;
  }

  // Python default of an unassigned column of a new row.
  std::string DefaultValue(const ir::Type& type) {
    switch (type.kind) {
      case TypeKind::kOption:
        return "None";
      case TypeKind::kDateTime:
        return Now();
      case TypeKind::kInt:
        return "0";
      case TypeKind::kFloat:
        return "0.0";
      case TypeKind::kBool:
        return "False";
      case TypeKind::kString:
        return "\"\"";
      case TypeKind::kSet:
      case TypeKind::kSeq:
        return "[]";
      case TypeKind::kMap:
        return "{}";
      case TypeKind::kUuid:
        return "str(uuid.uuid4())";
      case TypeKind::kEnum:
        if (const ir::Enum* e = module_.FindEnum(type.name); e != nullptr && !e->values.empty()) {
          return PyString(e->values.front());
        }
        break;
      default:
        break;
    }
    Fail(fmt::format("no default value for a `{}` column", ir::ToString(type)));
    return "None";
  }
  std::string Now() {
    if (now_var_.empty()) {
      now_var_ = FreshVar("now");
      // Emitted at the top of the body so every new row shares one instant.
      lines_.insert(lines_.begin(), std::string(8, ' ') + now_var_ + " = _rt.utcnow()");
    }
    return now_var_;
  }

  static bool SameField(const Expr& value, const std::string& field, const Expr& base) {
    return value.kind == ExprKind::kFieldAccess && value.text == field &&
           Identity(value.operands[0]) == Identity(base);
  }

  void LowerConstruct(const Step& step) {
    if (step.type.kind != TypeKind::kEntity) {
      Fail("only entities are constructed field by field");
      return;
    }
    const convention::Entity* entity = EntityOf(step.type.name);
    if (entity == nullptr) return;
    // Group the field values by field, first-assigned order.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const synth::FieldValue*>> by_field;
    for (const synth::FieldValue& f : step.fields) {
      if (!by_field.count(f.field)) order.push_back(f.field);
      by_field[f.field].push_back(&f);
    }
    if (step.base) {
      const StateBinding* b = RowIndex(*step.base);
      if (b == nullptr || !put_locals_.count(step.target)) {
        Fail("a least-change update needs a stored row that is put back");
        return;
      }
      std::string var = EnsureRow(*b, step.base->operands[1], Detail("ensures: " + clause_));
      local_rows_[step.target] = var;
      for (const std::string& field : order) {
        std::string attr = FieldAttr(*entity, field);
        bool first = true;
        bool closed = false;
        const std::vector<const synth::FieldValue*>& values = by_field[field];
        for (std::size_t i = 0; i < values.size(); ++i) {
          const synth::FieldValue* f = values[i];
          if (closed) break;
          bool keep = SameField(f->value, field, *step.base) ||
                      (field == b->key_field && Identity(f->value) == Identity(step.base->operands[1]));
          if (!f->condition) {
            if (first) {
              if (!keep) Line(fmt::format("{}.{} = {}", var, attr, Py(f->value)));
            } else {
              Line("else:");
              ++depth_;
              Line(keep ? "pass" : fmt::format("{}.{} = {}", var, attr, Py(f->value)));
              --depth_;
            }
            closed = true;
            continue;
          }
          if (keep && i + 1 == values.size()) {
            break;  // a trailing "keep the old value" branch is the fallback anyway
          }
          Line(fmt::format("{} {}:", first ? "if" : "elif", Py(*f->condition)));
          ++depth_;
          Line(keep ? "pass" : fmt::format("{}.{} = {}", var, attr, Py(f->value)));
          --depth_;
          first = false;
        }
      }
      return;
    }
    std::vector<std::string> args;
    for (const convention::EntityField& field : entity->fields) {
      if (field.is_id && entity->synthesized_id) continue;
      if (field.storage == convention::FieldStorage::kChildRows ||
          field.storage == convention::FieldStorage::kJunction) {
        bool empty = by_field.count(field.name) && by_field[field.name].size() == 1 &&
                     !by_field[field.name][0]->condition &&
                     IsEmptyCollection(by_field[field.name][0]->value);
        if (by_field.count(field.name) && !empty) {
          Fail(fmt::format("field `{}.{}` is stored in other rows", entity->name, field.name));
        }
        continue;
      }
      std::string value;
      auto found = by_field.find(field.name);
      if (found == by_field.end()) {
        if (field.is_id) {
          Fail(fmt::format("no `ensures` clause gives `{}.{}` a value", step.target, field.name));
          continue;
        }
        value = DefaultValue(field.type);
      } else {
        value = ConditionalValue(found->second, field.type);
      }
      args.push_back(fmt::format("{}={}", FieldAttr(*entity, field.name), value));
    }
    std::string var = FreshVar(Local(step.target));
    Lines(FormatCall(var + " = " + entity->name, args, "", Indent()));
    locals_[step.target] = var;
    local_rows_[step.target] = var;
    new_locals_.insert(step.target);
  }

  std::string ConditionalValue(const std::vector<const synth::FieldValue*>& values,
                               const ir::Type& type) {
    std::string out;
    std::string close;
    for (const synth::FieldValue* f : values) {
      std::string v = Stored(Py(f->value), f->value.type);
      if (!f->condition) {
        return out + v + close;
      }
      out += fmt::format("({} if {} else ", v, Py(*f->condition));
      close += ")";
    }
    return out + DefaultValue(type) + close;
  }

  struct NewRow {
    const StateBinding* binding = nullptr;
    const Expr* key = nullptr;
    std::vector<const Step*> steps;
    bool emitted = false;
  };

  // Emits the constructor of a new row gathering every write of its group; true when `step`
  // belongs to such a group (and needs nothing else).
  bool EmitNewRow(const Step& step) {
    const StateBinding* b = model_.FindState(step.target);
    if (b == nullptr || !step.key) return false;
    auto it = new_rows_.find(RowId(*b, *step.key));
    if (it == new_rows_.end()) return false;
    NewRow& group = it->second;
    bool member = std::find(group.steps.begin(), group.steps.end(), &step) != group.steps.end();
    if (!member) return false;
    if (group.emitted) return true;
    group.emitted = true;
    const convention::Entity* entity = EntityOf(b->entity);
    if (entity == nullptr) return true;
    std::map<std::string, std::string> values;  // field -> python
    values[b->key_field] = Py(*group.key);
    for (const Step* s : group.steps) {
      const StateBinding* sb = model_.FindState(s->target);
      if (s->kind == StepKind::kPut) {
        values[sb->value_field] = Py(*s->value);
      } else {
        values[s->field] = Py(*s->value);
      }
    }
    std::vector<std::string> args;
    for (const convention::EntityField& field : entity->fields) {
      if (field.is_id && entity->synthesized_id) continue;
      if (field.storage == convention::FieldStorage::kChildRows ||
          field.storage == convention::FieldStorage::kJunction) {
        continue;
      }
      auto found = values.find(field.name);
      std::string value = found != values.end() ? found->second : DefaultValue(field.type);
      args.push_back(fmt::format("{}={}", FieldAttr(*entity, field.name), value));
    }
    std::string var = FreshVar(entity->snake + "_row");
    Lines(FormatCall(var + " = " + entity->name, args, "", Indent()));
    Line(fmt::format("self.session.add({})", var));
    rows_[it->first] = Row{var, entity, true};
    return true;
  }

  void LowerPut(const Step& step) {
    if (effects_start_ == 0) effects_start_ = lines_.size();
    const StateBinding* b = Binding(step.target);
    if (b == nullptr) return;
    if (EmitNewRow(step)) return;
    if (b->storage == StateStorage::kEntityRows) {
      const Expr& value = *step.value;
      if (value.kind == ExprKind::kConstructor) {
        PutConstructed(*b, *step.key, value);
        return;
      }
      std::string var;
      if (value.kind == ExprKind::kWith) {
        var = WithInPlace(value);
        if (var.empty()) return;
      } else if (value.kind == ExprKind::kIdentifier && local_rows_.count(value.text)) {
        var = local_rows_[value.text];
      } else {
        Fail("a relation of rows is updated with a constructed or least-change row only");
        return;
      }
      std::string id = RowId(*b, *step.key);
      if (value.kind == ExprKind::kIdentifier && new_locals_.count(value.text)) {
        if (!added_.count(var)) {
          Line(fmt::format("self.session.add({})", var));
          added_.insert(var);
        }
        rows_[id] = Row{var, EntityOf(b->entity), true};
        return;
      }
      auto row = rows_.find(id);
      if (row != rows_.end() && row->second.var == var) {
        return;
      }
      // The same row put under another relation of its table, at its own key column (one
      // updated User written to `users` at user.id and to `user_by_email` at its email).
      const convention::Entity* entity = EntityOf(b->entity);
      std::string key_column = b->key_column.empty() && entity ? entity->primary_key : b->key_column;
      if (row == rows_.end() && Py(*step.key) == var + "." + Attr(key_column)) {
        rows_[id] = Row{var, entity};
        return;
      }
      Fail("a stored row is put back at a different key");
      return;
    }
    if (b->storage == StateStorage::kEntityColumns) {
      std::string var = EnsureRow(*b, *step.key, Detail("ensures: " + clause_));
      Line(fmt::format("{}.{} = {}", var, Attr(b->value_column), Py(*step.value)));
      return;
    }
    if (b->storage == StateStorage::kStateColumn) {
      std::string attr = fmt::format("{}.{}", kStateVar, Attr(b->column));
      Line(fmt::format("{} = {{**{}, {}: {}}}", attr, attr, JsonKey(*step.key),
                       Stored(Py(*step.value), step.value->type)));
      return;
    }
    Fail(fmt::format("state `{}` cannot be written by key", step.target));
  }

  // Column values of a new `entity` row from a constructor literal (R8 defaults for the rest);
  // `key_field`/`key` fill the relation's key when the literal leaves it out.
  std::vector<std::pair<std::string, std::string>> ConstructorValues(
      const convention::Entity& entity, const Expr& value, const std::string& key_field,
      const Expr* key) {
    std::map<std::string, const Expr*> given;
    for (std::size_t i = 0; i < value.names.size() && i < value.operands.size(); ++i) {
      given[value.names[i].text] = &value.operands[i];
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const convention::EntityField& field : entity.fields) {
      if (field.is_id && entity.synthesized_id) continue;
      if (field.storage == convention::FieldStorage::kChildRows ||
          field.storage == convention::FieldStorage::kJunction) {
        if (given.count(field.name) && !IsEmptyCollection(*given[field.name])) {
          Fail(fmt::format("field `{}.{}` is stored in other rows", entity.name, field.name));
        }
        continue;
      }
      std::string py;
      auto found = given.find(field.name);
      if (found != given.end()) {
        py = Stored(Py(*found->second), found->second->type);
      } else if (key != nullptr && field.name == key_field) {
        py = Py(*key);
      } else {
        py = DefaultValue(field.type);
      }
      out.emplace_back(FieldAttr(entity, field.name), py);
    }
    return out;
  }

  // `R' = pre(R) + {k -> E { ... }}`: insert, or replace the stored row's values (R3). Values
  // are computed before any is assigned, so they all read the pre-state.
  void PutConstructed(const StateBinding& b, const Expr& key, const Expr& value) {
    const convention::Entity* entity = EntityOf(b.entity);
    if (entity == nullptr) return;
    std::string id = RowId(b, key);
    bool fresh = key.kind == ExprKind::kIdentifier && fresh_.count(key.text) && !rows_.count(id);
    // A key read from a counter the operation advances is fresh (R9).
    if (std::optional<std::string> counter = StateName(key)) {
      const StateBinding* cb = model_.FindState(*counter);
      fresh = fresh || (cb != nullptr && cb->storage == StateStorage::kScalarColumn &&
                        std::find(plan_.written_state.begin(), plan_.written_state.end(),
                                  *counter) != plan_.written_state.end());
    }
    if (!fresh && !rows_.count(id)) {
      for (const Step& step : plan_.steps) {
        const Expr* c = step.guard ? &step.guard->condition : nullptr;
        fresh = fresh || (c != nullptr && c->kind == ExprKind::kBinary &&
                          c->binary_op == BinaryOp::kNotIn && StateName(c->operands[1]) == b.name &&
                          Identity(c->operands[0]) == Identity(key));
      }
    }
    auto values = ConstructorValues(*entity, value, b.key_field, &key);
    if (fresh) {
      std::vector<std::string> args;
      for (const auto& [attr, py] : values) args.push_back(attr + "=" + py);
      std::string var = FreshVar(entity->snake + "_row");
      Lines(FormatCall(var + " = " + entity->name, args, "", Indent()));
      Line(fmt::format("self.session.add({})", var));
      rows_[id] = Row{var, entity, true};
      return;
    }
    std::string var = OptionalRow(b, key);
    bool optional = rows_[id].optional;
    std::string dict = FreshVar("values");
    std::vector<std::string> items;
    for (const auto& [attr, py] : values) items.push_back(PyString(attr) + ": " + py);
    Line(dict + " = {");
    ++depth_;
    for (const std::string& item : items) Line(item + ",");
    --depth_;
    Line("}");
    if (optional) {
      Line(fmt::format("if {} is None:", var));
      ++depth_;
      Line(fmt::format("{} = {}(**{})", var, entity->name, dict));
      Line(fmt::format("self.session.add({})", var));
      --depth_;
      Line("else:");
      ++depth_;
    }
    Line(fmt::format("for _attr, _value in {}.items():", dict));
    ++depth_;
    Line(fmt::format("setattr({}, _attr, _value)", var));
    --depth_;
    if (optional) --depth_;
    Row& row = rows_[id];
    row.optional = false;
  }

  // `pre(R)[k] with { f = v, ... }` or `local with {...}` used directly as a put value: the
  // stored row is updated in place (R7). Returns the row variable, or empty on failure.
  std::string WithInPlace(const Expr& value) {
    const Expr& base = value.operands[0];
    std::string var;
    const convention::Entity* entity = nullptr;
    if (const StateBinding* b = RowIndex(base)) {
      var = EnsureRow(*b, base.operands[1], Detail("ensures: " + clause_));
      entity = EntityOf(b->entity);
    } else if (base.kind == ExprKind::kIdentifier && local_rows_.count(base.text) &&
               base.type.kind == TypeKind::kEntity) {
      var = local_rows_[base.text];
      entity = EntityOf(base.type.name);
    }
    if (entity == nullptr) {
      Fail("`with` is supported on a stored row that is put back (least-change update)");
      return "";
    }
    AssignWith(var, *entity, value);
    return var;
  }

  // The assignments of `base with { f = v, ... }` on the row `var`: every value is computed
  // before any is assigned; a child-row field `items = base.items + {x}` / `- {x}` inserts or
  // deletes child rows (R16).
  void AssignWith(const std::string& var, const convention::Entity& entity, const Expr& value) {
    std::vector<std::pair<std::string, std::string>> assignments;
    std::vector<std::string> child_ops;
    for (std::size_t i = 0; i < value.names.size(); ++i) {
      const std::string& field = value.names[i].text;
      const Expr& v = value.operands[i + 1];
      const convention::EntityField* f = entity.FindField(field);
      if (f != nullptr && f->storage == convention::FieldStorage::kChildRows) {
        bool add = v.kind == ExprKind::kBinary &&
                   (v.binary_op == BinaryOp::kAdd || v.binary_op == BinaryOp::kUnion);
        bool sub = v.kind == ExprKind::kBinary &&
                   (v.binary_op == BinaryOp::kSub || v.binary_op == BinaryOp::kMinus);
        if ((!add && !sub) || v.operands[0].kind != ExprKind::kFieldAccess ||
            v.operands[0].text != field || v.operands[1].kind != ExprKind::kSetLiteral) {
          Fail(fmt::format("child rows `{}.{}` change only by `+ {{x}}` / `- {{x}}`", entity.name,
                           field));
          return;
        }
        const convention::Entity* child = EntityOf(f->ref_entity);
        if (child == nullptr) return;
        for (const Expr& element : v.operands[1].operands) {
          std::string elem = Py(element);
          if (add) {
            child_ops.push_back(fmt::format("{}.{} = {}.{}", elem, Attr(f->child_fk_column), var,
                                            Attr(entity.primary_key)));
            child_ops.push_back(fmt::format("self.session.add({})", elem));
          } else {
            child_ops.push_back(fmt::format("await self.session.delete({})", elem));
          }
        }
        continue;
      }
      assignments.emplace_back(FieldAttr(entity, field), Stored(Py(v), v.type));
    }
    // A value reading a field the same update assigns must see the old value.
    bool reads_assigned = false;
    for (const auto& [attr, py] : assignments) {
      for (const auto& [other, unused] : assignments) {
        (void)unused;
        reads_assigned = reads_assigned || py.find(var + "." + other) != std::string::npos;
      }
    }
    if (reads_assigned) {
      std::vector<std::pair<std::string, std::string>> temps;
      for (const auto& [attr, py] : assignments) {
        std::string temp = FreshVar("new_" + attr);
        Line(fmt::format("{} = {}", temp, py));
        temps.emplace_back(attr, temp);
      }
      assignments = std::move(temps);
    }
    for (const auto& [attr, py] : assignments) {
      Line(fmt::format("{}.{} = {}", var, attr, py));
    }
    Lines(child_ops);
  }

  // `q' = pre(q) + [E {...}]` over a sequence of rows: a new row (R15).
  void AppendRow(const StateBinding& b, const Expr& value) {
    if (effects_start_ == 0) effects_start_ = lines_.size();
    const convention::Entity* entity = EntityOf(b.entity);
    if (entity == nullptr) return;
    if (value.kind == ExprKind::kIdentifier && local_rows_.count(value.text)) {
      std::string var = local_rows_[value.text];
      if (!added_.count(var)) {
        Line(fmt::format("self.session.add({})", var));
        added_.insert(var);
      }
      return;
    }
    if (value.kind != ExprKind::kConstructor) {
      Fail("a sequence of rows is appended a constructed row only");
      return;
    }
    std::vector<std::string> args;
    for (const auto& [attr, py] : ConstructorValues(*entity, value, "", nullptr)) {
      args.push_back(attr + "=" + py);
    }
    Lines(FormatCall("self.session.add(" + entity->name, args, ")", Indent()));
  }

  void LowerErase(const Step& step) {
    if (effects_start_ == 0) effects_start_ = lines_.size();
    const StateBinding* b = Binding(step.target);
    if (b == nullptr) return;
    if (IsRowStorage(*b)) {
      // Erasing an absent key is a no-op: a row nobody required is loaded optionally.
      std::string var = rows_.count(RowId(*b, *step.key)) ? EnsureRow(*b, *step.key, "")
                                                          : OptionalRow(*b, *step.key);
      Row& row = rows_[RowId(*b, *step.key)];
      if (!row.deleted) {
        if (row.optional) {
          Line(fmt::format("if {} is not None:", var));
          ++depth_;
        }
        Line(fmt::format("await self.session.delete({})", var));
        if (row.optional) --depth_;
        row.deleted = true;
      }
      return;
    }
    if (b->storage == StateStorage::kStateColumn) {
      std::string attr = fmt::format("{}.{}", kStateVar, Attr(b->column));
      Line(fmt::format("{} = {{k: v for k, v in {}.items() if k != {}}}", attr, attr,
                       JsonKey(*step.key)));
      return;
    }
    Fail(fmt::format("state `{}` cannot be erased by key", step.target));
  }

  void LowerUpdateField(const Step& step) {
    if (effects_start_ == 0) effects_start_ = lines_.size();
    const StateBinding* b = Binding(step.target);
    if (b == nullptr) return;
    if (EmitNewRow(step)) return;
    if (b->storage != StateStorage::kEntityRows) {
      Fail(fmt::format("fields of `{}` are not stored in rows", step.target));
      return;
    }
    const convention::Entity* entity = EntityOf(b->entity);
    if (entity == nullptr) return;
    std::string value = Py(*step.value);
    std::string var = EnsureRow(*b, *step.key, Detail("ensures: " + clause_));
    Line(fmt::format("{}.{} = {}", var, FieldAttr(*entity, step.field),
                     Stored(value, step.value->type)));
  }

  // ------------------------------------------------------------------ collections
  // SQL condition over `entity` rows for `pred` (the variable names a row); empty if the
  // predicate needs Python.
  std::optional<std::string> Sql(const Expr& e, const convention::Entity& entity,
                                 const std::string& variable, bool variable_is_key,
                                 const StateBinding& b) {
    auto column_of = [&](const Expr& x) -> std::optional<std::string> {
      if (x.kind == ExprKind::kFieldAccess && x.operands[0].kind == ExprKind::kIdentifier &&
          x.operands[0].text == variable && !variable_is_key) {
        const convention::EntityField* f = entity.FindField(x.text);
        if (f == nullptr || f->column.empty()) return std::nullopt;
        return entity.name + "." + Attr(f->column);
      }
      if (x.kind == ExprKind::kIdentifier && x.text == variable && variable_is_key) {
        return KeyAttr(b);
      }
      if (x.kind == ExprKind::kFieldAccess && x.operands[0].kind == ExprKind::kIndex &&
          variable_is_key) {
        const Expr& index = x.operands[0];
        std::optional<std::string> state = StateName(index.operands[0]);
        const StateBinding* ib = state ? model_.FindState(*state) : nullptr;
        if (ib != nullptr && ib->entity == b.entity && ib->key_column == b.key_column &&
            index.operands[1].kind == ExprKind::kIdentifier && index.operands[1].text == variable) {
          const convention::EntityField* f = entity.FindField(x.text);
          if (f == nullptr || f->column.empty()) return std::nullopt;
          return entity.name + "." + Attr(f->column);
        }
      }
      return std::nullopt;
    };
    auto mentions = [&](const Expr& x) {
      bool found = false;
      ir::ForEachSubexpression(x, [&](const Expr& s) {
        found = found || (s.kind == ExprKind::kIdentifier && s.text == variable);
      });
      return found;
    };
    if (!mentions(e)) {
      return Py(e);
    }
    if (e.kind != ExprKind::kBinary) {
      if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kNot) {
        auto inner = Sql(e.operands[0], entity, variable, variable_is_key, b);
        if (inner) return "sa.not_(" + *inner + ")";
      }
      return std::nullopt;
    }
    const Expr& l = e.operands[0];
    const Expr& r = e.operands[1];
    switch (e.binary_op) {
      case BinaryOp::kAnd:
      case BinaryOp::kOr: {
        auto a = Sql(l, entity, variable, variable_is_key, b);
        auto c = Sql(r, entity, variable, variable_is_key, b);
        if (!a || !c) return std::nullopt;
        return fmt::format("sa.{}({}, {})", e.binary_op == BinaryOp::kAnd ? "and_" : "or_", *a, *c);
      }
      case BinaryOp::kEq: case BinaryOp::kNeq: case BinaryOp::kLt:
      case BinaryOp::kGt: case BinaryOp::kLe: case BinaryOp::kGe: {
        std::string op = e.binary_op == BinaryOp::kEq    ? "=="
                         : e.binary_op == BinaryOp::kNeq ? "!="
                                                         : std::string(Spelling(e.binary_op));
        auto lc = column_of(l);
        auto rc = column_of(r);
        if (lc && !mentions(r)) {
          if (r.kind == ExprKind::kNoneLit) {
            return fmt::format("{}.is_{}(None)", *lc, op == "==" ? "" : "not");
          }
          if (r.kind == ExprKind::kBoolLit && (op == "==" || op == "!=")) {
            return fmt::format("{}.is_{}({})", *lc, op == "==" ? "" : "not",
                               r.bool_value ? "True" : "False");
          }
          return fmt::format("{} {} {}", *lc, op, Py(r));
        }
        if (rc && !mentions(l)) return fmt::format("{} {} {}", Py(l), op, *rc);
        if (lc && rc) return fmt::format("{} {} {}", *lc, op, *rc);
        return std::nullopt;
      }
      case BinaryOp::kIn: {
        auto rc = column_of(r);
        if (rc && !mentions(l) && r.type.kind != TypeKind::kString) {
          return fmt::format("_rt.json_array_contains({}, {})", *rc, Py(l));
        }
        auto lc = column_of(l);
        if (lc && r.kind == ExprKind::kSetLiteral && !mentions(r)) {
          std::string items;
          for (const Expr& item : r.operands) items += (items.empty() ? "" : ", ") + Py(item);
          return fmt::format("{}.in_([{}])", *lc, items);
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  // `x = none or P(t)` with x not mentioning the variable: the filter applies when x is given.
  static const Expr* OptionalFilter(const Expr& e, const std::string& variable,
                                    const Expr** guard_subject) {
    if (e.kind != ExprKind::kBinary || e.binary_op != BinaryOp::kOr) return nullptr;
    const Expr& l = e.operands[0];
    if (l.kind == ExprKind::kBinary && l.binary_op == BinaryOp::kEq &&
        l.operands[1].kind == ExprKind::kNoneLit && l.operands[0].kind == ExprKind::kIdentifier &&
        l.operands[0].text != variable) {
      *guard_subject = &l.operands[0];
      return &e.operands[1];
    }
    return nullptr;
  }

  void LowerCollection(const std::string& target, const std::string& relation,
                       const std::string& variable, bool variable_is_key, const Expr* predicate) {
    const StateBinding* b = Binding(relation);
    if (b == nullptr) return;
    if (b->storage != StateStorage::kEntityRows && b->storage != StateStorage::kEntityColumns) {
      Fail(fmt::format("collections over `{}` need a row-backed relation", relation));
      return;
    }
    const convention::Entity* entity = EntityOf(b->entity);
    if (entity == nullptr) return;
    const convention::Response& response = operation_.response;
    bool paged = response.kind == convention::ResponseKind::kEntityList;
    Line(fmt::format("stmt = sa.select({0}).order_by({0}.{1})", entity->name,
                     Attr(entity->primary_key)));
    std::vector<const Expr*> conjuncts;
    std::vector<const Expr*> stack;
    if (predicate != nullptr) stack.push_back(predicate);
    while (!stack.empty()) {
      const Expr* e = stack.back();
      stack.pop_back();
      if (e->kind == ExprKind::kBinary && e->binary_op == BinaryOp::kAnd) {
        stack.push_back(&e->operands[1]);
        stack.push_back(&e->operands[0]);
      } else if (!(e->kind == ExprKind::kBoolLit && e->bool_value)) {
        conjuncts.push_back(e);
      }
    }
    std::vector<const Expr*> python_filters;
    for (const Expr* conjunct : conjuncts) {
      const Expr* subject = nullptr;
      if (const Expr* inner = OptionalFilter(*conjunct, variable, &subject)) {
        if (auto sql = Sql(*inner, *entity, variable, variable_is_key, *b)) {
          Line(fmt::format("if {} is not None:", Py(*subject)));
          ++depth_;
          Line(fmt::format("stmt = stmt.where({})", *sql));
          --depth_;
          continue;
        }
      } else if (auto sql = Sql(*conjunct, *entity, variable, variable_is_key, *b)) {
        Line(fmt::format("stmt = stmt.where({})", *sql));
        continue;
      }
      python_filters.push_back(conjunct);
    }
    std::string rows = FreshVar("rows");
    if (python_filters.empty() && paged) {
      Line(fmt::format("{} = await _rt.page(self.session, stmt, limit=limit, offset=offset)", rows));
    } else {
      Line(fmt::format("{} = (await self.session.execute(stmt)).scalars().all()", rows));
      if (!python_filters.empty()) {
        std::string var = "_" + Local(variable);
        scope_[variable] = variable_is_key ? var + "." + Attr(b->key_column) : var;
        std::string condition;
        for (const Expr* f : python_filters) {
          condition += (condition.empty() ? "" : " and ") + Py(*f);
        }
        scope_.erase(variable);
        Line(fmt::format("{0} = [{1} for {1} in {0} if {2}]", rows, var, condition));
        if (paged) Line(fmt::format("{0} = {0}[offset : offset + limit]", rows));
      }
    }
    collection_rows_[target] = rows;
    collection_entity_[target] = entity;
    locals_[target] = rows;
  }

  // ------------------------------------------------------------------ return
  std::string SchemaModule() {
    if (operation_.entity.empty()) return "state_ops";
    const convention::Entity* entity = model_.FindEntity(operation_.entity);
    return entity != nullptr ? entity->snake : "state_ops";
  }
  std::string ReadOf(const convention::Entity& entity) {
    schemas_.insert({entity.snake, entity.read_schema});
    return entity.read_schema;
  }
  std::string OutputValue(const ir::Param& output) {
    auto rows = collection_rows_.find(output.name);
    if (rows != collection_rows_.end()) {
      std::string read = ReadOf(*collection_entity_[output.name]);
      return fmt::format("[{}.model_validate(r) for r in {}]", read, rows->second);
    }
    auto row = local_rows_.find(output.name);
    if (row != local_rows_.end()) {
      const convention::Entity* entity = model_.FindEntity(output.type.name);
      if (entity == nullptr) {
        Fail(fmt::format("output `{}` is a row of no entity", output.name));
        return "None";
      }
      RefreshChildCollections(*entity, row->second);
      // The answer's own schema: <E>WithSecrets when the operation generated secrets.
      const convention::Response& response = operation_.response;
      if (response.kind == convention::ResponseKind::kEntity && !response.revealed.empty() &&
          !response.outputs.empty() && response.outputs[0] == output.name) {
        schemas_.insert({entity->snake, response.schema});
        return fmt::format("{}.model_validate({})", response.schema, row->second);
      }
      return fmt::format("{}.model_validate({})", ReadOf(*entity), row->second);
    }
    auto value = locals_.find(output.name);
    if (value == locals_.end()) {
      Fail(fmt::format("output `{}` is never computed", output.name));
      return "None";
    }
    if (output.type.kind == TypeKind::kSet) return OneArgumentCall("sorted", value->second);
    return value->second;
  }

  // The read view lists collections held in child rows; the body may have added or removed
  // some since the row was loaded, so they are read again before the row is returned.
  void RefreshChildCollections(const convention::Entity& entity, const std::string& var) {
    std::string attributes;
    for (const convention::EntityField& field : entity.fields) {
      if (field.storage == convention::FieldStorage::kChildRows) {
        attributes += (attributes.empty() ? "" : ", ") + PyString(Attr(field.name));
      }
    }
    if (!attributes.empty()) {
      Line(fmt::format("await self.session.refresh({}, [{}])", var, attributes));
    }
  }

  void Return() {
    clause_.clear();
    const convention::Response& response = operation_.response;
    switch (response.kind) {
      case convention::ResponseKind::kNoContent:
      case convention::ResponseKind::kEmpty:
        return;
      case convention::ResponseKind::kEntity:
      case convention::ResponseKind::kEntityList:
      case convention::ResponseKind::kRedirect: {
        std::string name = response.kind == convention::ResponseKind::kRedirect
                               ? response.location_output
                               : (response.outputs.empty() ? "" : response.outputs[0]);
        const ir::Param* output = ir_op_.FindOutput(name);
        if (output == nullptr) {
          Fail(fmt::format("the response names no output (`{}`)", name));
          return;
        }
        Line("return " + OutputValue(*output));
        return;
      }
      case convention::ResponseKind::kOutputs: {
        std::vector<std::string> args;
        for (const std::string& name : response.outputs) {
          const ir::Param* output = ir_op_.FindOutput(name);
          if (output == nullptr) continue;
          args.push_back(fmt::format("{}={}", Attr(name), OutputValue(*output)));
        }
        schemas_.insert({SchemaModule(), response.schema});
        Lines(FormatCall("return " + response.schema, args, "", Indent()));
        return;
      }
    }
  }

  const synth::OperationPlan& plan_;
  const ir::Module& module_;
  const convention::ServiceModel& model_;
  const convention::Operation& operation_;
  const ir::Operation& ir_op_;

  std::vector<std::string> lines_;
  int depth_ = 0;
  std::size_t effects_start_ = 0;
  std::optional<LoweringFailure> error_;
  std::string clause_;
  Span clause_span_;
  bool in_guard_ = false;
  std::set<std::string> models_;
  std::set<std::pair<std::string, std::string>> schemas_;
  std::set<std::string> used_names_;
  std::set<std::string> written_tables_;
  std::set<std::string> put_locals_;
  std::set<std::string> fresh_;
  std::set<std::string> new_locals_;
  std::set<std::string> added_;
  std::map<std::string, Row> rows_;
  std::map<std::string, NewRow> new_rows_;
  std::map<std::string, std::string> locals_;      // spec local/output -> Python expression
  std::map<std::string, std::string> local_rows_;  // spec local/output -> row variable
  std::map<std::string, std::string> scope_;       // bound variables, inlined parameters
  std::map<std::string, BoundRow> bound_rows_;     // key variables bound to their row
  std::map<std::string, LoadedRows> loaded_rows_;  // relation -> its rows, loaded by this step
  std::vector<std::string> binders_;               // names bound by enclosing binders
  std::map<std::string, std::string> collection_rows_;
  std::map<std::string, const convention::Entity*> collection_entity_;
  std::string now_var_;
  int inline_depth_ = 0;
  const Expr* context_expr_ = nullptr;
  std::vector<std::unique_ptr<Expr>> inlined_;
  std::map<const Step*, std::string> hoisted_;  // branch -> its pre-state condition variable
};

}  // namespace

tl::expected<LoweredBody, LoweringFailure> LowerOperationBody(
    const synth::OperationPlan& plan, const ir::Module& module,
    const convention::ServiceModel& model, const convention::Operation& operation) {
  if (operation.ir_index >= module.operations.size()) {
    return tl::unexpected(LoweringFailure{
        Span{}, fmt::format("operation `{}` is not in the module", operation.name)});
  }
  return Lowerer(plan, module, model, operation).Run();
}

}  // namespace s2r::emit::python_fastapi
