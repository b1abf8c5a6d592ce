// fmt's compiled functions (vformat, the format-error and printable-character helpers), built
// into the release binary from the implementation header that libfmt-dev installs, so that the
// binary does not load libfmt.so (and with it libstdc++.so). See CMakeLists.txt.
#include <fmt/format-inl.h>

// format.h declares these templates `extern` (the library holds their code): instantiated here
// for the char formatting that the program uses, the locale's digit grouping and decimal point.
namespace fmt {
inline namespace v9 {
namespace detail {
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
}  // namespace detail
}  // namespace v9
}  // namespace fmt
