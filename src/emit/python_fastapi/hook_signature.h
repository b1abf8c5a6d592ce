// The calling convention between the generated services and the user hooks of one operation:
// which keyword arguments every hook receives and whether `after_<op>` gets the result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "convention/service_model.h"

namespace s2r::emit::python_fastapi {

enum class HookKind { kBefore, kReplace, kAfter };

// `before`, `replace` or `after`: the prefix of the hook names (`before_<op>`).
[[nodiscard]] std::string_view HookPrefix(HookKind kind);

// True when the operation answers a page of a list, so the service takes `limit` and `offset`.
[[nodiscard]] bool IsPaginated(const convention::Operation& op);

// The keyword arguments the service passes to each hook of `op`, in order: every input
// (escaped as a Python local), then `limit` and `offset` for a paginated list.
[[nodiscard]] std::vector<std::string> HookKeywords(const convention::Operation& op);

// The positional arguments a hook receives before the keywords: `session`, plus `result` for
// `after_<op>` of an operation that returns one.
[[nodiscard]] std::vector<std::string> HookPositionals(const convention::Operation& op,
                                                       HookKind kind);

// `async def before_<op>(session, *, a, b)`: the signature a hook should have today.
[[nodiscard]] std::string HookSignature(const convention::Operation& op, HookKind kind);

}  // namespace s2r::emit::python_fastapi
