// Result<T>: the return type of operations that can fail for operational reasons (I/O, backend).
// User mistakes in a spec are diagnostics, never a Result error.
#pragma once

#include <string>

#include <tl/expected.hpp>

namespace s2r {

struct Error {
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> Fail(std::string message) {
  return tl::unexpected<Error>(Error{std::move(message)});
}

}  // namespace s2r
