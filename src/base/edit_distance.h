// Edit distance between short names, for "did you mean" suggestions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2r {

// Levenshtein distance (insertions, deletions and substitutions each cost 1), byte-wise.
[[nodiscard]] std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` within `max_distance` edits; ties go to the candidate that
// sorts first, so the answer does not depend on the order of `candidates`. A suggestion must
// also keep part of the name (distance below the name's length), so `x` never suggests `y`.
// Empty when no candidate is close enough or when `name` itself is a candidate.
[[nodiscard]] std::optional<std::string> ClosestName(std::string_view name,
                                                     const std::vector<std::string>& candidates,
                                                     std::size_t max_distance = 2);

}  // namespace s2r
