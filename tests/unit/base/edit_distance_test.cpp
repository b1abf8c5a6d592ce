// Edit distance and closest-name suggestions.
#include "base/edit_distance.h"

#include <gtest/gtest.h>

namespace s2r {
namespace {

TEST(EditDistanceTest, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "ab"), 2u);
  EXPECT_EQ(EditDistance("ammount", "amount"), 1u);
  EXPECT_EQ(EditDistance("cnt", "count"), 2u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(EditDistanceTest, ClosestNameIsDeterministic) {
  std::vector<std::string> candidates = {"count", "amount", "cont"};
  EXPECT_EQ(ClosestName("ammount", candidates), "amount");
  // `cnt` is 1 from `cont` and 2 from `count`.
  EXPECT_EQ(ClosestName("cnt", candidates), "cont");
  // Ties go to the name that sorts first, whatever the candidate order.
  EXPECT_EQ(ClosestName("ab", {"ax", "aa"}), "aa");
  EXPECT_EQ(ClosestName("ab", {"aa", "ax"}), "aa");
}

TEST(EditDistanceTest, NoSuggestionWhenTooFarOrExact) {
  EXPECT_EQ(ClosestName("zzzzzz", {"count"}), std::nullopt);
  EXPECT_EQ(ClosestName("count", {"count", "counts"}), std::nullopt);
  // A one-letter name never suggests another one-letter name.
  EXPECT_EQ(ClosestName("x", {"y"}), std::nullopt);
  EXPECT_EQ(ClosestName("x", std::vector<std::string>{}), std::nullopt);
}

}  // namespace
}  // namespace s2r
