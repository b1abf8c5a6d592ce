// dlopen of the verifier module, once per process.
#include "driver/verifier.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace s2r::driver {
namespace {

std::filesystem::path ModulePath() {
  if (const char* path = std::getenv("S2R_VERIFIER"); path != nullptr && *path != '\0') {
    return path;
  }
  std::error_code error;
  std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path(kVerifierModuleName)
               : binary.parent_path() / kVerifierModuleName;
}

Result<const verify::EntryPoints*> Load() {
  std::filesystem::path path = ModulePath();
  // RTLD_LOCAL: the module's copies of the front-end libraries stay its own.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return Fail(fmt::format("cannot load the verifier module {}: {}", path.string(),
                            reason != nullptr ? reason : "unknown reason"));
  }
  using EntryPointsFunction = const verify::EntryPoints* (*)();
  auto entry = reinterpret_cast<EntryPointsFunction>(dlsym(handle, verify::kEntryPointsSymbol));
  const verify::EntryPoints* points = entry != nullptr ? entry() : nullptr;
  if (points == nullptr || points->layout_version != verify::kEntryPointsLayoutVersion ||
      points->run_gate == nullptr || points->verify == nullptr) {
    return Fail(fmt::format("{} is not a verifier module of this spec-to-rest build (rebuild it "
                            "with `make build`)",
                            path.string()));
  }
  return points;
}

}  // namespace

Result<const verify::EntryPoints*> LoadVerifier() {
  static const Result<const verify::EntryPoints*> kLoaded = Load();
  return kLoaded;
}

}  // namespace s2r::driver
