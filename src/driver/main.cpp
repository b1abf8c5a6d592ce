// spec-to-rest entry point: runs the CLI and turns internal failures into exit code 70.
#include <exception>
#include <iostream>

#include "driver/cli.h"

#ifdef S2R_USE_MIMALLOC
#include <mimalloc-new-delete.h>  // defines the global operator new/delete (once per program)
#endif

int main(int argc, char** argv) {
  try {
    return s2r::driver::RunCli(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "internal error: " << error.what()
              << "\nthis is a bug in spec-to-rest; please report it with the spec that caused it\n";
    return 70;
  } catch (...) {
    std::cerr << "internal error: unknown exception\n";
    return 70;
  }
}
