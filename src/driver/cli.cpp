// CLI11 wiring. Only this file knows CLI11; commands receive plain option structs.
#include "driver/cli.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "driver/commands.h"
#include "driver/verify_command.h"

namespace s2r::driver {
namespace {

bool ColorWanted(const std::string& mode) {
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  if (const char* force = std::getenv("CLICOLOR_FORCE"); force && std::string(force) != "0") {
    return true;
  }
  if (std::getenv("NO_COLOR") != nullptr) {
    return false;
  }
  return isatty(STDERR_FILENO) != 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"spec-to-rest: compile behavioural .spec files into verified REST services"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "spec-to-rest 0.1.0");
  // Global flags (--no-color, --color, --diagnostics-format) may also follow the subcommand.
  app.fallthrough();

  std::string color_mode = "auto";
  bool no_color = false;
  std::string diagnostics_format = "human";
  app.add_option("--color", color_mode, "Colour diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--no-color", no_color, "Same as --color=never");
  app.add_option("--diagnostics-format", diagnostics_format, "human or json")
      ->check(CLI::IsMember({"human", "json"}));

  CommonOptions common;
  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Parse and lint a spec");
  check_cmd->add_option("spec", check.spec_path, "Spec file (- for stdin)")->required();

  InspectOptions inspect;
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "Print the parsed spec");
  inspect_cmd->add_option("spec", inspect.spec_path, "Spec file (- for stdin)")->required();
  inspect_cmd->add_option("--format", inspect.format, "summary, json, ir, ast or model")
      ->check(CLI::IsMember({"summary", "json", "ir", "ast", "model"}));
  inspect_cmd->add_option("--db", inspect.db, "Dialect for --format model: postgres, sqlite or mysql")
      ->check(CLI::IsMember({"postgres", "sqlite", "mysql"}));

  VerifyCommandOptions verify;
  CLI::App* verify_cmd =
      app.add_subcommand("verify", "Check the spec's consistency with the Z3 solver");
  verify_cmd->add_option("spec", verify.spec_path, "Spec file (- for stdin)")->required();
  verify_cmd->add_option("--timeout", verify.timeout_ms, "Per-check solver timeout in ms (0: none)")
      ->check(CLI::NonNegativeNumber);
  verify_cmd
      ->add_option("--parallel", verify.parallel,
                   "Worker threads (default: hardware threads; 0 or 1: serial)")
      ->check(CLI::NonNegativeNumber);
  verify_cmd->add_flag("--json", verify.json, "JSON report on stdout instead of the text report");
  verify_cmd->add_option("--json-out", verify.json_out, "Write the JSON report to FILE");
  verify_cmd->add_flag("--explain", verify.explain, "Map unsat cores to source spans");
  verify_cmd->add_option("--dump-smt", verify.dump_smt_dir,
                         "Write one SMT-LIB file per solved check into DIR");
  verify_cmd->add_flag("-q,--quiet", verify.quiet, "Omit the rows of passing checks");
  bool no_suggestions = false;
  bool no_narration = false;
  verify_cmd->add_flag("--no-suggestions", no_suggestions, "Omit hints");
  verify_cmd->add_flag("--no-narration", no_narration, "Omit narrations");

  ExplainOptions explain;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Explain a diagnostic code");
  explain_cmd->add_option("code", explain.code, "A code such as E0201 or L02")->required();

  CompileOptions compile;
  auto add_compile_options = [](CLI::App* cmd, CompileOptions& o) {
    cmd->add_option("spec", o.spec_path, "Spec file")->required();
    cmd->add_option("-o,--out", o.out_dir, "Output directory")->required();
    cmd->add_option("-f,--framework", o.framework, "Framework (fastapi)");
    cmd->add_option("--db", o.db, "Database: postgres, sqlite or mysql");
    cmd->add_option("--lang", o.lang, "Language (python)");
    cmd->add_flag("--ignore-verify", o.ignore_verify, "Skip the verification gate");
    cmd->add_flag("--no-tests", o.no_tests, "Do not generate tests");
    cmd->add_flag("--allow-stubs", o.allow_stubs, "Emit 501 stubs for underivable bodies");
  };
  CLI::App* compile_cmd = app.add_subcommand("compile", "Compile a spec into a service project");
  add_compile_options(compile_cmd, compile);
  compile_cmd->add_flag("--dry-run", compile.dry_run, "Print the manifest, write nothing");
  CompileOptions diff;
  CLI::App* diff_cmd =
      app.add_subcommand("diff", "Show what compile would change (exit 1 when anything would)");
  add_compile_options(diff_cmd, diff);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      return app.exit(error);
    }
    std::cerr << "error: " << error.what() << "\n";
    std::cerr << "run `spec-to-rest --help` for usage\n";
    return 2;
  }

  common.render.color = !no_color && ColorWanted(color_mode);
  common.json_diagnostics = diagnostics_format == "json";
  if (*check_cmd) {
    return RunCheck(common, check);
  }
  if (*inspect_cmd) {
    return RunInspect(common, inspect);
  }
  if (*compile_cmd) {
    return RunCompile(common, compile);
  }
  if (*diff_cmd) {
    return RunDiff(common, diff);
  }
  if (*verify_cmd) {
    verify.suggestions = !no_suggestions;
    verify.narration = !no_narration;
    return RunVerify(common, verify);
  }
  if (*explain_cmd) {
    return RunExplain(common, explain);
  }
  return 2;
}

}  // namespace s2r::driver
