// Stale-hook review: a user's hooks module compared with the operations of the current spec.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diag/renderer.h"
#include "emit/python_fastapi/hook_review.h"
#include "emit/python_fastapi/hook_signature.h"
#include "unit/convention/model_support.h"

namespace s2r::emit::python_fastapi {
namespace {

constexpr std::string_view kSpec = R"(service Notebook {
  entity Note {
    id: Int
    title: String
    body: String
  }
  state {
    notes: Int -> lone Note
    next_id: Int
  }
  operation CreateNote {
    input: title: String, body: String
    output: note: Note
    ensures:
      note.id = pre(next_id)
      note.title = title
      note.body = body
      notes' = pre(notes) + {note.id -> note}
      next_id' = pre(next_id) + 1
  }
  operation GetNote {
    input: id: Int
    output: note: Note
    requires: id in notes
    ensures: note = notes[id]
  }
  operation ListNotes {
    output: result: Set[Note]
    ensures: result = { n in ran(notes) | true }
  }
  operation ArchiveNote {
    input: id: Int
    requires: id in notes
    ensures:
      id not in notes'
      #notes' = #pre(notes) - 1
  }
  conventions {
    CreateNote.http_path = "/notes"
    GetNote.http_path = "/notes/{id}"
    ListNotes.http_path = "/notes"
    ArchiveNote.http_method = "DELETE"
    ArchiveNote.http_path = "/notes/{id}"
  }
}
)";

struct Review {
  std::unique_ptr<testing::BuiltModel> built;
  SourceManager sources;
  SourceId hooks = kNoSource;
  diag::CollectingSink sink;

  [[nodiscard]] std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const diag::Diagnostic& d : sink.diagnostics()) {
      codes.emplace_back(diag::Info(d.code).spelling);
    }
    return codes;
  }
  [[nodiscard]] const diag::Diagnostic& Only() const {
    EXPECT_EQ(sink.diagnostics().size(), 1u) << Rendered();
    return sink.diagnostics().front();
  }
  [[nodiscard]] std::string Rendered() const {
    std::string out;
    for (const diag::Diagnostic& d : sink.diagnostics()) {
      out += diag::Render(d, sources, {});
    }
    return out;
  }
};

std::unique_ptr<Review> RunReview(const std::string& hooks_text) {
  auto review = std::make_unique<Review>();
  review->built = testing::BuildModel(kSpec, convention::Dialect::kSqlite);
  EXPECT_TRUE(review->built->sink.diagnostics().empty());
  review->hooks = review->sources.Add("out/app/extensions/hooks.py", hooks_text);
  ReviewHooks(review->built->model, review->sources, review->hooks, review->sink);
  return review;
}

TEST(HookSignature, FollowsTheServiceCallingConvention) {
  auto built = testing::BuildModel(kSpec, convention::Dialect::kSqlite);
  EXPECT_EQ(HookSignature(built->Op("CreateNote"), HookKind::kAfter),
            "async def after_create_note(session, result, *, title, body)");
  EXPECT_EQ(HookSignature(built->Op("GetNote"), HookKind::kBefore),
            "async def before_get_note(session, *, id_)");
  EXPECT_EQ(HookSignature(built->Op("ListNotes"), HookKind::kReplace),
            "async def replace_list_notes(session, *, limit, offset)");
  EXPECT_EQ(HookSignature(built->Op("ArchiveNote"), HookKind::kAfter),
            "async def after_archive_note(session, *, id_)");
}

TEST(HookReview, CurrentHooksAndOtherFunctionsAreQuiet) {
  auto review = RunReview(
      "from fastapi import HTTPException\n\n"
      "async def before_create_note(session, *, title, body):\n    pass\n\n"
      "async def after_create_note(session, result, *, title: str, body: str):\n"
      "    return result\n\n"
      "async def replace_get_note(session, *, id_): ...\n"
      "async def after_archive_note(session, *, id_): ...\n"
      "async def before_list_notes(session, *, limit, offset): ...\n"
      "async def after_get_note(session, result, **kwargs): ...\n"
      "def register(app): ...\n"
      "def _before_helper(): ...\n"
      "def before_(x): ...\n");
  EXPECT_TRUE(review->sink.diagnostics().empty()) << review->Rendered();
}

TEST(HookReview, RenamedOperationSuggestsTheClosestHook) {
  auto review =
      RunReview("\n\nasync def before_create_notes(session, *, title, body):\n    pass\n");
  const diag::Diagnostic& d = review->Only();
  EXPECT_EQ(diag::Info(d.code).spelling, "E0701");
  EXPECT_EQ(d.severity, diag::Severity::kWarning);
  EXPECT_EQ(d.message,
            "hook `before_create_notes` is never called: the spec has no operation `create_notes`");
  ASSERT_EQ(d.helps.size(), 1u);
  EXPECT_NE(d.helps[0].find("did you mean `before_create_note` (operation `CreateNote`)?"),
            std::string::npos)
      << d.helps[0];
  EXPECT_NE(d.helps[0].find("async def before_create_note(session, *, title, body)"),
            std::string::npos);
  EXPECT_EQ(review->sources.Slice(d.PrimarySpan()), "before_create_notes");
  std::string rendered = review->Rendered();
  EXPECT_NE(rendered.find("warning[E0701]"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("--> out/app/extensions/hooks.py:3:11"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("^^^^^^^^^^^^^^^^^^^"), std::string::npos) << rendered;
}

TEST(HookReview, RemovedOperationWithoutCloseNameGetsANote) {
  auto review = RunReview("async def after_frobnicate_everything(session, result): ...\n");
  const diag::Diagnostic& d = review->Only();
  EXPECT_EQ(diag::Info(d.code).spelling, "E0701");
  EXPECT_TRUE(d.helps.empty());
  EXPECT_EQ(d.notes.size(), 1u);
}

TEST(HookReview, ChangedInputsListAddedAndRemovedNames) {
  auto review = RunReview(
      "async def before_create_note(\n"
      "    session,\n"
      "    *,\n"
      "    title,\n"
      "    summary=None,\n"
      "    tags=(),\n"
      "):\n    pass\n");
  const diag::Diagnostic& d = review->Only();
  EXPECT_EQ(diag::Info(d.code).spelling, "E0702");
  EXPECT_EQ(d.message,
            "hook `before_create_note` does not match operation `CreateNote`: input `body` added; "
            "inputs `summary`, `tags` removed");
  ASSERT_EQ(d.labels.size(), 3u);
  EXPECT_EQ(review->sources.Slice(d.labels[1].span), "summary");
  EXPECT_EQ(d.labels[1].text, "no longer passed");
  EXPECT_EQ(review->sources.Slice(d.labels[2].span), "tags");
  ASSERT_EQ(d.helps.size(), 1u);
  EXPECT_NE(d.helps[0].find("async def before_create_note(session, *, title, body)"),
            std::string::npos);
}

TEST(HookReview, EscapedInputNamesAreCompared) {
  // The service passes the input `id` as `id_` (a builtin), so `id` is stale.
  auto review = RunReview("async def before_get_note(session, *, id): ...\n");
  EXPECT_EQ(review->Only().message,
            "hook `before_get_note` does not match operation `GetNote`: input `id_` added; "
            "input `id` removed");
}

TEST(HookReview, VarKeywordAcceptsAddedInputs) {
  auto review = RunReview("async def before_create_note(session, *, title, **rest): ...\n");
  EXPECT_TRUE(review->sink.diagnostics().empty()) << review->Rendered();
}

TEST(HookReview, AfterHookResultArgument) {
  auto missing = RunReview("async def after_get_note(session, *, id_): ...\n");
  EXPECT_EQ(missing->Only().message,
            "hook `after_get_note` does not match operation `GetNote`: it must also take "
            "`result` positionally");
  auto extra = RunReview("async def after_archive_note(session, result, *, id_): ...\n");
  const diag::Diagnostic& d = extra->Only();
  EXPECT_EQ(d.message,
            "hook `after_archive_note` does not match operation `ArchiveNote`: the operation no "
            "longer returns a result");
  ASSERT_EQ(d.labels.size(), 2u);
  EXPECT_EQ(extra->sources.Slice(d.labels[1].span), "result");
}

TEST(HookReview, PaginationArgumentsAreExpected) {
  auto review = RunReview("async def before_list_notes(session): ...\n");
  EXPECT_EQ(review->Only().message,
            "hook `before_list_notes` does not match operation `ListNotes`: inputs `limit`, "
            "`offset` added");
}

TEST(HookReview, EveryStaleHookIsReportedInFileOrder) {
  auto review = RunReview(
      "async def before_get_note(session, *, note_id): ...\n"
      "def unrelated(): ...\n"
      "async def replace_delete_note(session, *, id_): ...\n");
  EXPECT_EQ(review->Codes(), (std::vector<std::string>{"E0702", "E0701"}));
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
