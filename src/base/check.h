// S2R_CHECK: an internal invariant. Failing one is a bug in spec-to-rest, never a user error.
#pragma once

#include <stdexcept>
#include <string>

namespace s2r {

// Thrown only for broken internal invariants; main() turns it into exit code 70.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace s2r

#define S2R_CHECK(condition)                                                               \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      throw ::s2r::InternalError(std::string(__FILE__) + ":" + std::to_string(__LINE__) + \
                                 ": check failed: " #condition);                          \
    }                                                                                      \
  } while (false)
