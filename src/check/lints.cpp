// The ordered list of lints.
#include "check/lints.h"

namespace s2r::check {

const std::vector<Lint>& AllLints() {
  static const std::vector<Lint> kLints = {};
  return kLints;
}

}  // namespace s2r::check
