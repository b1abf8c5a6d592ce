// Hypothesis strategies for operation inputs (see strategies.h).
#include "emit/python_fastapi/testgen/strategies.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "emit/python_fastapi/names.h"
#include "ir/infer_type.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

using convention::Constraints;
using convention::ConstraintOrigin;
using ir::Type;
using ir::TypeKind;

// Unbounded strings and collections stay short: the tests are about behaviour, not size.
constexpr std::int64_t kDefaultMaxText = 24;
constexpr std::int64_t kMaxItems = 4;

tl::unexpected<Skip> SkipBecause(std::string reason) {
  return tl::unexpected<Skip>(Skip{std::move(reason)});
}

bool FromSpec(ConstraintOrigin origin) {
  return origin == ConstraintOrigin::kRefinement || origin == ConstraintOrigin::kInvariant ||
         origin == ConstraintOrigin::kPrecondition;
}

std::string Alphabet(bool path) { return path ? "support.SEGMENT_CHARS" : "support.TEXT_CHARS"; }

std::string StringStrategy(const Constraints& c, bool path) {
  std::int64_t lo = c.min_length ? c.min_length->value : 0;
  if (path) lo = std::max<std::int64_t>(lo, 1);
  std::optional<std::int64_t> hi;
  if (c.max_length) hi = c.max_length->value;
  std::string out;
  std::vector<std::string> filters;
  if (c.patterns.empty()) {
    std::int64_t max = hi.value_or(std::max(lo, kDefaultMaxText) + (lo > kDefaultMaxText ? 8 : 0));
    out = fmt::format("st.text(alphabet={}, min_size={}, max_size={})", Alphabet(path), lo, max);
  } else {
    out = fmt::format("st.from_regex({}, fullmatch=True)", PyRegex(c.patterns[0].regex));
    for (std::size_t i = 1; i < c.patterns.size(); ++i) {
      filters.push_back(
          fmt::format("lambda v: support.matches({}, v)", PyRegex(c.patterns[i].regex)));
    }
    if (c.min_length && hi) {
      filters.push_back(fmt::format("lambda v: {} <= len(v) <= {}", lo, *hi));
    } else if (c.min_length || path) {
      filters.push_back(fmt::format("lambda v: len(v) >= {}", lo));
    } else if (hi) {
      filters.push_back(fmt::format("lambda v: len(v) <= {}", *hi));
    }
    filters.push_back("support.storable");
  }
  if (path) filters.push_back("spec_model.usable_segment");
  for (const std::string& f : filters) out += ".filter(" + f + ")";
  return out;
}

std::string IntBound(const convention::NumericBound& bound, bool minimum) {
  return std::to_string(bound.InclusiveInt(minimum));
}

Translated<std::string> Scalar(const Type& type, const Constraints& c,
                               const convention::ServiceModel& model, bool path) {
  if (!c.runtime_checks.empty()) {
    return SkipBecause(fmt::format("the refinement `{}` has no strategy",
                                   c.runtime_checks.front().text));
  }
  if (c.unsatisfiable) return SkipBecause("the refinements admit no value");
  if (!c.allowed_values.empty()) {
    std::string values;
    for (const std::string& v : c.allowed_values) {
      values += (values.empty() ? "" : ", ") + (c.allowed_values_are_strings ? PyString(v) : v);
    }
    return fmt::format("st.sampled_from([{}])", values);
  }
  switch (type.kind) {
    case TypeKind::kString:
      return StringStrategy(c, path);
    case TypeKind::kInt: {
      std::string lo = c.minimum ? IntBound(*c.minimum, true)
                                 : std::to_string(std::numeric_limits<std::int32_t>::min());
      std::string hi = c.maximum ? IntBound(*c.maximum, false)
                                 : std::to_string(std::numeric_limits<std::int32_t>::max());
      return fmt::format("st.integers(min_value={}, max_value={})", lo, hi);
    }
    case TypeKind::kFloat: {
      std::string args = "allow_nan=False, allow_infinity=False";
      if (c.minimum) {
        args += fmt::format(", min_value={}, exclude_min={}", c.minimum->value,
                            c.minimum->exclusive ? "True" : "False");
      }
      if (c.maximum) {
        args += fmt::format(", max_value={}, exclude_max={}", c.maximum->value,
                            c.maximum->exclusive ? "True" : "False");
      }
      return fmt::format("st.floats({})", args);
    }
    case TypeKind::kBool:
      return std::string("st.booleans()");
    case TypeKind::kDateTime:
      return std::string("support.INSTANTS");
    case TypeKind::kUuid:
      return std::string("st.uuids().map(str)");
    case TypeKind::kEnum: {
      const convention::EnumModel* found = nullptr;
      for (const convention::EnumModel& e : model.enums) {
        if (e.name == type.name) found = &e;
      }
      if (found == nullptr) return SkipBecause(fmt::format("unknown enum `{}`", type.name));
      std::string values;
      for (const std::string& v : found->values) {
        values += (values.empty() ? "" : ", ") + PyString(v);
      }
      return fmt::format("st.sampled_from([{}])", values);
    }
    case TypeKind::kEntity:
      return SkipBecause(fmt::format("an input of entity type `{}`", type.name));
    case TypeKind::kDuration:
      return SkipBecause("a Duration input");
    default:
      return SkipBecause(fmt::format("an input of type `{}`", ir::ToString(type)));
  }
}

// `query`: a collection in the query string travels as repeated parameters, so an empty one
// cannot be sent at all (it reads as absent): draw at least one element.
Translated<std::string> Strategy(const Type& declared, const convention::Validation& v,
                                 const convention::ServiceModel& model, bool path, bool query) {
  bool optional = declared.kind == TypeKind::kOption;
  const Type& type = ir::Unwrapped(declared);
  Translated<std::string> inner = SkipBecause("unsupported type");
  if (type.kind == TypeKind::kSet || type.kind == TypeKind::kSeq) {
    if (path) return SkipBecause("a collection in the URL path");
    if (type.args.empty()) return SkipBecause("a collection of unknown elements");
    auto element = Scalar(ir::Unwrapped(type.args[0]), v.element, model, false);
    if (!element) return element;
    std::int64_t lo = v.value.min_length ? v.value.min_length->value : 0;
    if (query) lo = std::max<std::int64_t>(lo, 1);
    std::int64_t hi = v.value.max_length ? std::min(v.value.max_length->value, lo + kMaxItems)
                                         : lo + kMaxItems;
    inner = fmt::format("st.lists({}, unique={}, min_size={}, max_size={})", *element,
                        type.kind == TypeKind::kSet ? "True" : "False", lo, hi);
  } else {
    inner = Scalar(type, v.value, model, path);
  }
  if (!inner || !optional) return inner;
  return fmt::format("st.none() | {}", *inner);
}

std::string Violating(const std::string& base, const std::string& predicate) {
  return fmt::format("{}.filter(lambda v: {})", base, predicate);
}

}  // namespace

Translated<std::string> ValidStrategy(const convention::Parameter& param,
                                      const convention::ServiceModel& model) {
  return Strategy(param.type, param.validation, model,
                  param.location == convention::ParamLocation::kPath,
                  param.location == convention::ParamLocation::kQuery);
}

Translated<InvalidStrategy> ViolatingStrategy(const convention::Parameter& param,
                                              const convention::ServiceModel& model) {
  const Type& type = ir::Unwrapped(param.type);
  const Constraints& c = param.validation.value;
  bool path = param.location == convention::ParamLocation::kPath;
  std::string text = fmt::format("st.text(alphabet={}, min_size={}, max_size=12)",
                                 Alphabet(path), path ? 1 : 0);
  std::string usable = path ? ".filter(spec_model.usable_segment)" : "";
  if (type.kind == TypeKind::kString) {
    if (!c.allowed_values.empty() && c.allowed_values_are_strings) {
      std::string values;
      for (const std::string& v : c.allowed_values) {
        values += (values.empty() ? "" : ", ") + PyString(v);
      }
      return InvalidStrategy{Violating(text, fmt::format("v not in [{}]", values)) + usable,
                             "one of the allowed values"};
    }
    if (c.min_length && FromSpec(c.min_length->origin) && c.min_length->value > (path ? 1 : 0)) {
      std::int64_t n = c.min_length->value;
      return InvalidStrategy{fmt::format("st.text(alphabet={}, min_size={}, max_size={}){}",
                                         Alphabet(path), path ? 1 : 0, n - 1, usable),
                             fmt::format("len(value) >= {}", n)};
    }
    if (c.max_length && FromSpec(c.max_length->origin)) {
      std::int64_t n = c.max_length->value;
      return InvalidStrategy{fmt::format("st.text(alphabet={}, min_size={}, max_size={}){}",
                                         Alphabet(path), n + 1, n + 8, usable),
                             fmt::format("len(value) <= {}", n)};
    }
    for (const convention::Pattern& pattern : c.patterns) {
      if (!FromSpec(pattern.origin)) continue;
      return InvalidStrategy{
          Violating(text, fmt::format("not support.matches({}, v)", PyRegex(pattern.regex))) +
              usable,
          fmt::format("value matches /{}/", pattern.regex)};
    }
    return SkipBecause("no spec constraint on this string");
  }
  if (type.kind == TypeKind::kEnum) {
    for (const convention::EnumModel& e : model.enums) {
      if (e.name != type.name) continue;
      std::string values;
      for (const std::string& v : e.values) values += (values.empty() ? "" : ", ") + PyString(v);
      return InvalidStrategy{Violating(text, fmt::format("v not in [{}]", values)) + usable,
                             fmt::format("a member of `{}`", type.name)};
    }
    return SkipBecause(fmt::format("unknown enum `{}`", type.name));
  }
  if (type.kind == TypeKind::kInt) {
    // Violations stay within 1000 of the bound and inside int32, the width of plain Int.
    constexpr std::int64_t kInt32Min = std::numeric_limits<std::int32_t>::min();
    constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
    if (c.minimum && FromSpec(c.minimum->origin)) {
      std::int64_t lo = c.minimum->InclusiveInt(true);
      if (lo > kInt32Min) {
        return InvalidStrategy{fmt::format("st.integers(min_value={}, max_value={})",
                                           lo - std::min<std::int64_t>(1000, lo - kInt32Min),
                                           lo - 1),
                               fmt::format("value >= {}", lo)};
      }
    }
    if (c.maximum && FromSpec(c.maximum->origin)) {
      std::int64_t hi = c.maximum->InclusiveInt(false);
      if (hi < kInt32Max) {
        return InvalidStrategy{fmt::format("st.integers(min_value={}, max_value={})", hi + 1,
                                           hi + std::min<std::int64_t>(1000, kInt32Max - hi)),
                               fmt::format("value <= {}", hi)};
      }
    }
    return SkipBecause("no spec bound on this integer");
  }
  return SkipBecause(fmt::format("no violating values of type `{}`", ir::ToString(type)));
}

}  // namespace s2r::emit::python_fastapi::testgen
