// Compile benchmark: wall time of whole `spec-to-rest compile --ignore-verify` processes, start-up
// included, for every spec that compiles (the fixtures, then our examples); a spec that
// compiles only with `--allow-stubs` (an operation whose body cannot be derived) is measured
// with it and marked. The benchmark pins
// itself to CPU 0 first, as `taskset -c 0` would, so every child runs on that one core; each run
// writes into a fresh directory under one temporary directory ($TMPDIR, else /tmp), and all are
// deleted at the end, not between runs: on ext4 without a journal, creating a file skips over
// every inode deleted in the last minute (one inode-table lookup each), so deleting 60 files per
// run made each later run slower than the one before. Prints the median wall time per
// spec and its ratio to the 20 ms target, plus the median CPU time (user + system) of the
// child, which other load on the shared core does not inflate.
// Usage: bench_compile [--fixtures DIR] [--runs N] [--db sqlite|postgres|mysql] [--binary PATH]
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetMs = 20.0;
constexpr int kWarmUpRuns = 10;

struct Options {
  std::string binary = S2R_BINARY;
  fs::path fixtures = fs::path(S2R_SOURCE_DIR) / ".." / "shared" / "fixtures" / "spec";
  fs::path examples = fs::path(S2R_SOURCE_DIR) / "examples";
  int runs = 21;
  std::string db = "sqlite";
};

bool ParseArgs(int argc, char** argv, Options& options) {
  if (const char* shared = std::getenv("S2R_SHARED_DIR"); shared != nullptr && *shared != '\0') {
    options.fixtures = fs::path(shared) / "fixtures" / "spec";
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--fixtures") {
      options.fixtures = value;
    } else if (flag == "--runs") {
      options.runs = std::max(1, std::atoi(value.c_str()));
    } else if (flag == "--db") {
      options.db = value;
    } else if (flag == "--binary") {
      options.binary = value;
    } else {
      return false;
    }
  }
  return argc % 2 == 1;
}

double Millis(const timeval& time) { return time.tv_sec * 1e3 + time.tv_usec / 1e3; }

// One `compile` process with its output discarded; returns its exit code (-1 if it did not run)
// and, through `cpu_ms`, the CPU time it used.
int CompileOnce(const Options& options, const fs::path& spec, const fs::path& out,
                bool allow_stubs, double* cpu_ms = nullptr) {
  std::vector<std::string> args = {options.binary, "compile",    "--ignore-verify", "--db",
                                   options.db,     "-o",         out.string(),      spec.string()};
  if (allow_stubs) {
    args.insert(args.begin() + 2, "--allow-stubs");
  }
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return -1;
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    return -1;
  }
  if (cpu_ms != nullptr) {
    *cpu_ms = Millis(usage.ru_utime) + Millis(usage.ru_stime);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Figures {
  double median_ms = 0.0;
  double min_ms = 0.0;
  double max_ms = 0.0;
  double cpu_median_ms = 0.0;
};

double Median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// `runs` compiles of `spec`, each into a new directory under `scratch` (kept: see the top).
Figures Measure(const Options& options, const fs::path& spec, const fs::path& scratch,
                bool allow_stubs) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int run = 0; run < options.runs; ++run) {
    fs::path out = scratch / fmt::format("run-{}", run);
    double cpu_ms = 0.0;
    auto start = Clock::now();
    CompileOnce(options, spec, out, allow_stubs, &cpu_ms);
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    cpu.push_back(cpu_ms);
  }
  auto [low, high] = std::minmax_element(wall.begin(), wall.end());
  return {Median(wall), *low, *high, Median(cpu)};
}

std::vector<fs::path> Specs(const fs::path& dir) {
  std::vector<fs::path> specs;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".spec") {
      specs.push_back(entry.path());
    }
  }
  std::sort(specs.begin(), specs.end());
  return specs;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    fmt::print(stderr, "usage: bench_compile [--fixtures DIR] [--runs N] [--db DB] "
                       "[--binary PATH]\n");
    return 2;
  }
  if (access(options.binary.c_str(), X_OK) != 0) {
    fmt::print(stderr, "bench_compile: {} is not an executable; build it first\n",
               options.binary);
    return 1;
  }
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  bool pinned = sched_setaffinity(0, sizeof(cpus), &cpus) == 0;
  std::string pattern = (fs::temp_directory_path() / "s2r-bench-compile-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    fmt::print(stderr, "bench_compile: cannot create a temporary directory\n");
    return 1;
  }
  fs::path scratch = pattern;

  fmt::print("compile --ignore-verify --db {} (whole process), {}, median of {} runs, "
             "target {:.0f} ms\n",
             options.db, pinned ? "pinned to CPU 0" : "NOT pinned (sched_setaffinity failed)",
             options.runs, kTargetMs);
  fmt::print("{:<42} {:>9} {:>7} {:>7} {:>8} {:>7}\n", "spec", "median_ms", "min_ms", "max_ms",
             "/target", "cpu_ms");
  std::vector<fs::path> specs = Specs(options.fixtures);
  if (specs.empty()) {
    fmt::print("(no fixtures under {}; set S2R_SHARED_DIR or pass --fixtures)\n",
               options.fixtures.string());
  }
  for (const fs::path& example : Specs(options.examples)) {
    specs.push_back(example);
  }
  // Untimed runs first: the first spec measured otherwise pays for a cold page cache, CPU
  // frequency ramp-up and the like (it came out 1.5x slower than when measured later).
  if (!specs.empty()) {
    for (int run = 0; run < kWarmUpRuns; ++run) {
      CompileOnce(options, specs.front(), scratch / fmt::format("warm-up-{}", run), true);
    }
  }
  int measured = 0;
  int over_target = 0;
  for (std::size_t index = 0; index < specs.size(); ++index) {
    const fs::path& spec = specs[index];
    std::string label = spec.parent_path().filename().string() + "/" + spec.filename().string();
    fs::path spec_scratch = scratch / fmt::format("spec-{}", index);
    bool allow_stubs = false;
    int exit_code = CompileOnce(options, spec, spec_scratch / "trial", allow_stubs);
    if (exit_code != 0) {
      allow_stubs = true;
      exit_code = CompileOnce(options, spec, spec_scratch / "trial-stubs", allow_stubs);
    }
    if (exit_code != 0) {
      fmt::print("{:<42} skipped: compile exits {}\n", label, exit_code);
      continue;
    }
    if (allow_stubs) {
      label += " (stubs)";
    }
    Figures figures = Measure(options, spec, spec_scratch, allow_stubs);
    ++measured;
    over_target += figures.median_ms > kTargetMs ? 1 : 0;
    fmt::print("{:<42} {:>9.2f} {:>7.2f} {:>7.2f} {:>7.2f}x {:>7.1f}\n", label, figures.median_ms,
               figures.min_ms, figures.max_ms, figures.median_ms / kTargetMs,
               figures.cpu_median_ms);
  }
  fs::remove_all(scratch);
  fmt::print("{} specs measured, {} over the {:.0f} ms target\n", measured, over_target,
             kTargetMs);
  return 0;
}
