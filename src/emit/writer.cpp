// Staged, per-file atomic writing of generated projects.
#include "emit/writer.h"

#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <system_error>

namespace s2r::emit {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadExisting(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail("cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes one file below `root`, creating its directories; `made` holds the directories already
// created, so each is created once.
Result<void> WriteWhole(const fs::path& root, const std::string& relative,
                        const GeneratedFile& file, std::set<fs::path>& made) {
  fs::path path = root / relative;
  fs::path parent = path.parent_path();
  if (made.insert(parent).second) {
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) {
      return Fail("cannot create " + parent.string() + ": " + error.message());
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << file.content;
  out.close();
  if (!out) {
    return Fail("cannot write " + path.string());
  }
  if (file.executable) {
    std::error_code error;
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, error);
  }
  return {};
}

bool Moves(FileAction action) {
  return action == FileAction::kCreate || action == FileAction::kUpdate;
}

// A fresh directory next to `out_dir` (same file system, so renames are atomic).
Result<fs::path> MakeStagingDir(const fs::path& out_dir) {
  fs::path parent = fs::absolute(out_dir).parent_path();
  std::error_code error;
  fs::create_directories(parent, error);
  std::random_device seed;
  for (int attempt = 0; attempt < 16; ++attempt) {
    fs::path candidate = parent / (".s2r-staging-" + std::to_string(seed()));
    if (fs::create_directory(candidate, error)) {
      return candidate;
    }
  }
  return Fail("cannot create a staging directory in " + parent.string());
}

}  // namespace

std::string_view ActionName(FileAction action) {
  switch (action) {
    case FileAction::kCreate: return "create";
    case FileAction::kUpdate: return "update";
    case FileAction::kUnchanged: return "unchanged";
    case FileAction::kPreserve: return "preserve";
  }
  return "?";
}

Result<std::vector<PlannedFile>> Plan(const FileTree& tree, const fs::path& out_dir) {
  std::vector<PlannedFile> plan;
  for (const auto& [path, file] : tree.files()) {
    fs::path target = out_dir / path;
    std::error_code error;
    if (!fs::exists(target, error)) {
      plan.push_back({path, FileAction::kCreate});
      continue;
    }
    if (file.ownership == Ownership::kUserOwned) {
      plan.push_back({path, FileAction::kPreserve});
      continue;
    }
    Result<std::string> existing = ReadExisting(target);
    if (!existing) {
      return tl::unexpected(existing.error());
    }
    plan.push_back({path, *existing == file.content ? FileAction::kUnchanged : FileAction::kUpdate});
  }
  return plan;
}

Result<std::vector<PlannedFile>> Write(const FileTree& tree, const fs::path& out_dir) {
  Result<std::vector<PlannedFile>> plan = Plan(tree, out_dir);
  if (!plan) {
    return plan;
  }
  Result<fs::path> staging = MakeStagingDir(out_dir);
  if (!staging) {
    return tl::unexpected(staging.error());
  }
  auto cleanup = [&] {
    std::error_code ignored;
    fs::remove_all(*staging, ignored);
  };
  std::set<fs::path> made = {*staging};
  for (const PlannedFile& planned : *plan) {
    if (!Moves(planned.action)) {
      continue;
    }
    if (Result<void> written = WriteWhole(*staging, planned.path, *tree.Find(planned.path), made);
        !written) {
      cleanup();
      return tl::unexpected(written.error());
    }
  }
  // A new output directory is the staging directory itself, moved into place at once.
  std::error_code error;
  if (!fs::exists(out_dir, error)) {
    fs::rename(*staging, out_dir, error);
    if (!error) {
      return plan;
    }
  }
  made.clear();
  for (const PlannedFile& planned : *plan) {
    if (!Moves(planned.action)) {
      continue;
    }
    fs::path target = out_dir / planned.path;
    if (made.insert(target.parent_path()).second) {
      fs::create_directories(target.parent_path(), error);
    }
    fs::rename(*staging / planned.path, target, error);
    if (error) {
      cleanup();
      return Fail("cannot move " + planned.path + " into " + out_dir.string() + ": " +
                  error.message());
    }
  }
  cleanup();
  return plan;
}

}  // namespace s2r::emit
