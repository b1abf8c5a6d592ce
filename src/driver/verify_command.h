// `spec-to-rest verify`. (The compile gate runs the verifier module's gate.)
#pragma once

#include <cstdint>
#include <string>

#include "driver/commands.h"

namespace s2r::driver {

struct VerifyCommandOptions {
  std::string spec_path;
  std::uint32_t timeout_ms = 30000;  // per check; 0 = none
  int parallel = -1;                 // -1 = one worker per hardware thread; 0 and 1 = serial
  bool json = false;                 // JSON report on stdout instead of the text report
  std::string json_out;              // JSON report to this file (implies JSON mode)
  bool explain = false;              // unsat cores as spans
  std::string dump_smt_dir;          // one `<id>.smt2` per solved check
  bool quiet = false;                // no rows for passing checks
  bool suggestions = true;
  bool narration = true;
};

// parse -> build -> lints (errors block, exit 1) -> verify. Returns the verify exit code
// (0 ok, 1 violations, 2 translator limitation, 3 backend error, 4 trust limitation).
int RunVerify(const CommonOptions& common, const VerifyCommandOptions& options);

}  // namespace s2r::driver
