// Test helpers for the body lowering: a spec's plans lowered to Python, byte-compiled, and (for
// bodies that read only their inputs) run under python3.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "convention/convention.h"
#include "emit/python_fastapi/body_lowering.h"
#include "synth/synth.h"
#include "unit/support/build_spec.h"
#include "unit/support/run_command.h"
#include "unit/support/spec_files.h"

namespace s2r::emit::python_fastapi::testing {

struct Lowered {
  std::unique_ptr<s2r::testing::BuiltSpec> built;
  convention::ServiceModel model;
  std::map<std::string, std::string> bodies;          // operation -> text (only lowered ones)
  std::map<std::string, std::string> errors;          // operation -> why not
  std::map<std::string, std::string> failed_clauses;  // operation -> source text blamed
  std::map<std::string, std::vector<std::string>> imports;
  std::size_t operations = 0;
};

// Lowers every operation of the spec `text`.
inline std::unique_ptr<Lowered> LowerText(const std::string& text) {
  auto out = std::make_unique<Lowered>();
  out->built = s2r::testing::BuildSpec(text);
  diag::CollectingSink sink;
  out->model = convention::BuildServiceModel(out->built->module, {}, sink);
  std::vector<synth::OperationPlan> plans =
      synth::DerivePlans(out->built->module, out->built->sources, sink);
  out->operations = out->built->module.operations.size();
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    if (diag::Info(d.code).severity == diag::Severity::kError) {
      out->errors["<derive>"] += d.message + "\n";
    }
  }
  for (const synth::OperationPlan& plan : plans) {
    const convention::Operation* operation = out->model.FindOperation(plan.operation);
    if (operation == nullptr) {
      out->errors[plan.operation] = "no convention operation";
      continue;
    }
    auto body = LowerOperationBody(plan, out->built->module, out->model, *operation);
    if (body) {
      out->bodies[plan.operation] = body->text;
      out->imports[plan.operation] = body->import_lines;
    } else {
      out->errors[plan.operation] = body.error().reason;
      out->failed_clauses[plan.operation] =
          std::string(out->built->sources.Slice(body.error().clause));
    }
  }
  return out;
}

// Lowers a fixture or example spec by name (see unit/support/spec_files.h).
inline std::unique_ptr<Lowered> Lower(const std::string& name) {
  return LowerText(s2r::testing::ReadSpec(name));
}

inline std::filesystem::path ScratchFile(const std::string& name) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "s2r_lowering_test";
  std::filesystem::create_directories(dir);
  return dir / name;
}

// Writes every body into a module of async methods and byte-compiles it.
inline void ExpectCompiles(const Lowered& lowered, const std::string& name) {
  std::string module = "class Service:\n";
  for (const auto& [op, body] : lowered.bodies) {
    module += "    async def _" + op + "(self, *, limit=0, offset=0, **kwargs):\n" + body + "\n\n";
  }
  module += "    pass\n";
  std::filesystem::path file = ScratchFile(name + ".py");
  std::ofstream(file) << module;
  std::string command = "python3 -m py_compile " + file.string() + " 2>&1";
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << module;
}

// Runs the body of `op`, which must read only its inputs, with `inputs` (name -> Python literal)
// as its parameters. `_rt` is reduced to its documented contract (docs/emit-context.md §7):
// `fail` and a missing `present`/`the` value end the run. Returns the response's fields as
// `name=repr` lines, or `fail <status>`.
inline std::string RunPure(const Lowered& lowered, const std::string& op,
                           const std::map<std::string, std::string>& inputs) {
  std::string params;
  std::string args;
  for (const auto& [name, literal] : inputs) {
    params += ", " + name;
    args += (args.empty() ? "" : ", ") + name + "=" + literal;
  }
  std::string script = R"(import asyncio


class Fail(Exception):
    pass


class _rt:
    @staticmethod
    def fail(status, detail):
        raise Fail(status)

    @staticmethod
    def present(value, detail):
        if value is None:
            raise Fail(404)
        return value

    @staticmethod
    def the(candidates, detail):
        for candidate in candidates:
            return candidate
        raise Fail(404)


class Response:
    def __init__(self, **fields):
        self.fields = fields


)";
  script += "class Service:\n    async def run(self, *" + params + "):\n" +
            lowered.bodies.at(op) + "\n\n\n";
  script += op + "Response = Response\n";
  script += "try:\n    result = asyncio.run(Service().run(" + args + "))\n";
  script += "    for name, value in sorted(result.fields.items()):\n";
  script += "        print(f'{name}={value!r}')\n";
  script += "except Fail as failure:\n    print(f'fail {failure.args[0]}')\n";
  std::filesystem::path file = ScratchFile(op + "_run.py");
  std::ofstream(file) << script;
  s2r::testing::CommandResult run = s2r::testing::RunCommand("python3 " + file.string() + " 2>&1");
  EXPECT_EQ(run.exit_code, 0) << script << "\n" << run.output;
  return run.output;
}

inline bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

inline std::string Report(const Lowered& l) {
  std::string out;
  for (const auto& [op, body] : l.bodies) out += "--- " + op + "\n" + body + "\n";
  for (const auto& [op, error] : l.errors) out += "!!! " + op + ": " + error + "\n";
  return out;
}

}  // namespace s2r::emit::python_fastapi::testing
