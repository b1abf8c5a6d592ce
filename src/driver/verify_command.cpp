// The verify command: front end, solver run, text or JSON report, SMT-LIB dumps.
#include "driver/verify_command.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "diag/renderer.h"
#include "diag/sink.h"
#include "driver/front_end.h"
#include "driver/verifier.h"
#include "verify/report.h"
#include "verify/verify.h"

namespace s2r::driver {
namespace {

double MonotonicMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// `Shorten.preserves.inv_0` -> `Shorten.preserves.inv_0.smt2`; other characters become `_`.
std::string DumpFileName(const std::string& id) {
  std::string name;
  for (char c : id) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    name += keep ? c : '_';
  }
  return name + ".smt2";
}

// Writes dumps from the verifier's worker threads; remembers the first failure.
class DumpWriter {
 public:
  explicit DumpWriter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void Write(const std::string& id, const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::filesystem::path path = dir_ / DumpFileName(id);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out && error_.empty()) {
      error_ = path.string();
    }
  }
  [[nodiscard]] std::string error() const { return error_; }

 private:
  std::filesystem::path dir_;
  std::mutex mutex_;
  std::string error_;
};

unsigned Workers(int parallel) {
  if (parallel < 0) {
    return std::max(1u, std::thread::hardware_concurrency());
  }
  return parallel == 0 ? 1u : static_cast<unsigned>(parallel);
}

void EmitDiagnostics(const CommonOptions& common, const SourceManager& sources,
                     const diag::CollectingSink& sink) {
  std::vector<diag::Diagnostic> sorted = sink.Sorted();
  if (common.json_diagnostics) {
    std::cerr << diag::RenderJson(sorted, sources);
    return;
  }
  for (const diag::Diagnostic& d : sorted) {
    std::cerr << diag::Render(d, sources, common.render) << "\n";
  }
}

}  // namespace

int RunVerify(const CommonOptions& common, const VerifyCommandOptions& options) {
  SourceManager sources;
  diag::CollectingSink sink;
  FrontEndResult front = RunFrontEnd(sources, options.spec_path, sink);
  if (!front.loaded) {
    std::cerr << fmt::format("error: cannot read `{}`: {}\n", options.spec_path,
                             front.load_error);
    return kExitSpecError;
  }
  EmitDiagnostics(common, sources, sink);
  if (sink.HasErrors() || !front.module) {
    std::cerr << fmt::format("{}: not verified: the spec has errors ({})\n", options.spec_path,
                             diag::CountSummary(sink.diagnostics()));
    return kExitSpecError;
  }

  verify::VerifyOptions verify_options;
  verify_options.timeout_ms = options.timeout_ms;
  verify_options.parallel = Workers(options.parallel);
  verify_options.explain = options.explain;
  verify_options.suggestions = options.suggestions;
  verify_options.narration = options.narration;
  verify_options.clock = MonotonicMs;
  std::unique_ptr<DumpWriter> dumps;
  if (!options.dump_smt_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.dump_smt_dir, error);
    if (error) {
      std::cerr << diag::Render(
          diag::DumpSmtFailed(Span{}, options.dump_smt_dir, error.message()), sources,
          common.render);
      return kExitBackend;
    }
    dumps = std::make_unique<DumpWriter>(options.dump_smt_dir);
    verify_options.dump_smt = [&dumps](const std::string& id, const std::string& text) {
      dumps->Write(id, text);
    };
  }

  Result<const verify::EntryPoints*> verifier = LoadVerifier();
  if (!verifier) {
    std::cerr << "error: " << verifier.error().message << "\n";
    return kExitBackend;
  }
  verify::VerifyReport report = (*verifier)->verify(*front.module, verify_options);
  int exit_code = verify::ExitCode(report);

  if (options.json || !options.json_out.empty()) {
    std::string json = verify::RenderJson(report, sources, options.spec_path);
    if (options.json_out.empty()) {
      std::cout << json;
    } else {
      std::ofstream out(options.json_out, std::ios::binary | std::ios::trunc);
      out << json;
      if (!out) {
        std::cerr << fmt::format("error: cannot write `{}`\n", options.json_out);
        return kExitSpecError;
      }
      std::cerr << fmt::format("\u2714 Wrote JSON report to {}\n", options.json_out);
    }
  } else {
    verify::TextOptions text;
    text.color = common.render.color;
    text.quiet = options.quiet;
    text.spec_path = options.spec_path;
    std::cerr << verify::RenderText(report, sources, text);
  }
  if (dumps && !dumps->error().empty()) {
    std::cerr << diag::Render(diag::DumpSmtFailed(Span{}, dumps->error(), "write failed"),
                              sources, common.render);
    return kExitBackend;
  }
  return exit_code;
}

}  // namespace s2r::driver
