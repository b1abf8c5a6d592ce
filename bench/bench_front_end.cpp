// Front-end benchmark: parse + build IR + lints (what `check` does) per fixture and for a large synthetic
// spec. Prints a table; run with `make bench`. Figures are medians over repeated runs.
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
#include "check/check.h"
#include "ir/build.h"
#include "syntax/parse.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// One front-end pass over `text`; returns false when it reported errors.
bool FrontEnd(const std::string& name, const std::string& text) {
  s2r::SourceManager sources;
  s2r::SourceId id = sources.Add(name, text);
  s2r::diag::CollectingSink sink;
  s2r::syntax::Service service = s2r::syntax::Parse(sources, id, sink);
  if (sink.HasErrors()) {
    return false;
  }
  s2r::ir::Module module = s2r::ir::Build(service, sources, sink);
  if (sink.HasErrors()) {
    return false;
  }
  s2r::check::RunLints(module, sink);
  return !sink.HasErrors();
}

double MedianMicros(const std::string& name, const std::string& text, int runs) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    FrontEnd(name, text);
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// `copies` todo-list-shaped operation groups over one entity, about 30 lines per copy. Each
// copy names its inputs apart so the spec is lint-clean (no L04 pairs), as a real spec would be.
std::string SyntheticSpec(int copies) {
  std::string spec =
      "service Synthetic {\n  enum Status { TODO, DONE }\n"
      "  entity Todo {\n    id: Int\n    title: String where len(value) >= 1 and len(value) <= 200\n"
      "    status: Status\n  }\n  state {\n    todos: Int -> lone Todo\n    next_id: Int\n  }\n"
      "  invariant positiveIds: all t in todos | t > 0\n";
  for (int i = 0; i < copies; ++i) {
    spec += fmt::format(
        "  operation Create{0} {{\n    input: title{0}: String\n    output: todo: Todo\n"
        "    requires:\n      len(title{0}) >= 1\n      len(title{0}) <= 200\n"
        "    ensures:\n      todo.id = pre(next_id)\n      todo.title = title{0}\n"
        "      todo.status = TODO\n      todos' = pre(todos) + {{todo.id -> todo}}\n"
        "      next_id' = pre(next_id) + 1\n  }}\n"
        "  operation Complete{0} {{\n    input: id{0}: Int\n    output: todo: Todo\n"
        "    requires:\n      id{0} in todos\n      todos[id{0}].status = TODO\n"
        "    ensures:\n      let old = pre(todos)[id{0}] in\n"
        "      todo = old with {{ status = DONE }}\n      todos' = pre(todos) + {{id{0} -> todo}}\n"
        "      #todos' = #pre(todos)\n  }}\n"
        "  operation Remove{0} {{\n    input: key{0}: Int\n    requires: key{0} in todos\n"
        "    ensures: key{0} not in todos' and #todos' = #pre(todos) - 1\n  }}\n",
        i);
  }
  return spec + "}\n";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  fs::path fixtures = argc > 1 ? fs::path(argv[1]) : fs::path("../shared/fixtures/spec");
  fmt::print("check (parse + IR + lints) median over 200 runs, one thread\n");
  fmt::print("{:<32} {:>7} {:>12}\n", "spec", "lines", "median_us");
  if (fs::exists(fixtures)) {
    std::vector<fs::path> specs;
    for (const auto& entry : fs::directory_iterator(fixtures)) {
      if (entry.path().extension() == ".spec") {
        specs.push_back(entry.path());
      }
    }
    std::sort(specs.begin(), specs.end());
    for (const fs::path& spec : specs) {
      std::string text = ReadFile(spec);
      fmt::print("{:<32} {:>7} {:>12.1f}\n", spec.filename().string(),
                 std::count(text.begin(), text.end(), '\n'), MedianMicros(spec.string(), text, 200));
    }
  } else {
    fmt::print("(fixtures not found at {}; pass their folder as the first argument)\n",
               fixtures.string());
  }
  for (int copies : {10, 100, 400}) {
    std::string text = SyntheticSpec(copies);
    bool clean = FrontEnd("synthetic.spec", text);
    fmt::print("{:<32} {:>7} {:>12.1f}{}\n", fmt::format("synthetic x{}", copies),
               std::count(text.begin(), text.end(), '\n'), MedianMicros("synthetic", text, 20),
               clean ? "" : "  (reported errors!)");
  }
  return 0;
}
