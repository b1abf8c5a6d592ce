// The command-line interface: parses argv with CLI11 and dispatches to the commands.
#pragma once

namespace s2r::driver {

// Returns the process exit code: 0 ok, 1 spec error, 2 usage error (and the verify codes).
int RunCli(int argc, char** argv);

}  // namespace s2r::driver
