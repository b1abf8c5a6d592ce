// Verify benchmark: wall time of verify::Verify per fixture (and per example) at --parallel 1
// and 2, median over repeated runs; the front end runs once per spec, outside the timing.
// Usage: bench_verify [fixtures-dir] [runs]. Targets: every fixture under 1 s on one core,
// url_shortener under 150 ms.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "ir/build.h"
#include "syntax/parse.h"
#include "verify/verify.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Sample {
  double median_ms = 0.0;
  std::size_t checks = 0;
  int exit_code = 0;
};

Sample Measure(const s2r::ir::Module& module, unsigned parallel, int runs) {
  std::vector<double> times;
  Sample sample;
  for (int i = 0; i < runs; ++i) {
    s2r::verify::VerifyOptions options;
    options.parallel = parallel;
    options.timeout_ms = 30000;
    auto start = Clock::now();
    s2r::verify::VerifyReport report = s2r::verify::Verify(module, options);
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    sample.checks = report.checks.size();
    sample.exit_code = s2r::verify::ExitCode(report);
  }
  std::sort(times.begin(), times.end());
  sample.median_ms = times[times.size() / 2];
  return sample;
}

std::vector<fs::path> Specs(const fs::path& dir) {
  std::vector<fs::path> specs;
  if (!fs::exists(dir)) {
    return specs;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".spec") {
      specs.push_back(entry.path());
    }
  }
  std::sort(specs.begin(), specs.end());
  return specs;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path fixtures = argc > 1 ? fs::path(argv[1]) : fs::path("../shared/fixtures/spec");
  int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<fs::path> specs = Specs(fixtures);
  if (specs.empty()) {
    fmt::print("(fixtures not found at {}; pass their folder as the first argument)\n",
               fixtures.string());
  }
  for (const fs::path& example : Specs("examples")) {
    specs.push_back(example);
  }
  fmt::print("verify wall time, median of {} runs (front end excluded)\n", runs);
  fmt::print("{:<34} {:>6} {:>5} {:>10} {:>10}  {}\n", "spec", "checks", "exit", "p1_ms",
             "p2_ms", "target");
  for (const fs::path& spec : specs) {
    s2r::SourceManager sources;
    s2r::diag::CollectingSink sink;
    s2r::SourceId id = sources.Add(spec.string(), ReadFile(spec));
    s2r::syntax::Service service = s2r::syntax::Parse(sources, id, sink);
    s2r::ir::Module module = s2r::ir::Build(service, sources, sink);
    if (sink.HasErrors()) {
      fmt::print("{:<34} (front-end errors, skipped)\n", spec.filename().string());
      continue;
    }
    Sample serial = Measure(module, 1, runs);
    Sample parallel = Measure(module, 2, runs);
    double target = spec.stem() == "url_shortener" ? 150.0 : 1000.0;
    fmt::print("{:<34} {:>6} {:>5} {:>10.1f} {:>10.1f}  {}\n", spec.filename().string(),
               serial.checks, serial.exit_code, serial.median_ms, parallel.median_ms,
               serial.median_ms < target ? fmt::format("ok (<{:.0f})", target)
                                         : fmt::format("MISSED (<{:.0f})", target));
  }
  return 0;
}
