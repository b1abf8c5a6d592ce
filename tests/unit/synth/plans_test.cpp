// Plan derivation (src/synth) on the fixture specs: guard kinds and messages, step shapes.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "unit/support/build_spec.h"
#include "unit/support/spec_files.h"
#include "synth/dump.h"
#include "synth/synth.h"

namespace s2r::synth {
namespace {

struct Derived {
  std::unique_ptr<testing::BuiltSpec> built;
  diag::CollectingSink sink;
  std::map<std::string, std::string> dumps;  // operation -> DumpPlan
  std::vector<OperationPlan> plans;
};

std::unique_ptr<Derived> Derive(const std::string& name) {
  auto derived = std::make_unique<Derived>();
  std::string text = testing::ReadSpec(name);
  EXPECT_FALSE(text.empty()) << name;
  derived->built = testing::BuildSpec(text);
  EXPECT_FALSE(derived->built->sink.HasErrors()) << derived->built->Messages();
  derived->plans = DerivePlans(derived->built->module, derived->built->sources, derived->sink);
  for (const OperationPlan& plan : derived->plans) {
    derived->dumps[plan.operation] = DumpPlan(plan);
  }
  return derived;
}

std::string Errors(const diag::CollectingSink& sink) {
  std::string out;
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    out += d.message + "\n";
  }
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(SynthPlans, UrlShortener) {
  S2R_SKIP_WITHOUT_SPEC("url_shortener");
  auto d = Derive("url_shortener");
  EXPECT_EQ(d->plans.size(), 4U) << Errors(d->sink);
  const std::string& shorten = d->dumps["Shorten"];
  EXPECT_TRUE(Contains(shorten, "guard 422")) << shorten;
  EXPECT_TRUE(Contains(shorten, "\"Shorten.requires: isValidURI(url)\"")) << shorten;
  EXPECT_TRUE(Contains(shorten, "fresh code : ShortCode not in store")) << shorten;
  EXPECT_TRUE(Contains(shorten, "put store[code] := url")) << shorten;
  EXPECT_TRUE(Contains(shorten, "update metadata[code].click_count := 0")) << shorten;
  EXPECT_TRUE(Contains(shorten, "bind short_url")) << shorten;
  const std::string& resolve = d->dumps["Resolve"];
  EXPECT_TRUE(Contains(resolve, "guard 404")) << resolve;
  EXPECT_TRUE(Contains(resolve, "\"Resolve.requires: code in store\"")) << resolve;
  EXPECT_TRUE(Contains(resolve, "update metadata[code].click_count")) << resolve;
  const std::string& del = d->dumps["Delete"];
  EXPECT_TRUE(Contains(del, "erase store[code]")) << del;
  EXPECT_TRUE(Contains(del, "erase metadata[code]")) << del;
  EXPECT_TRUE(Contains(d->dumps["ListAll"], "bind entries")) << d->dumps["ListAll"];
  // Guards precede every other step; every plan has its clause text.
  for (const OperationPlan& plan : d->plans) {
    bool seen_effect = false;
    for (const Step& step : plan.steps) {
      if (step.kind == StepKind::kGuard) {
        EXPECT_FALSE(seen_effect) << DumpPlan(plan);
      } else {
        seen_effect = true;
      }
      EXPECT_FALSE(step.clause.empty()) << DumpPlan(plan);
    }
  }
}

TEST(SynthPlans, TodoList) {
  S2R_SKIP_WITHOUT_SPEC("todo_list");
  auto d = Derive("todo_list");
  EXPECT_EQ(d->plans.size(), 9U) << Errors(d->sink);
  const std::string& create = d->dumps["CreateTodo"];
  EXPECT_TRUE(Contains(create, "construct todo : Todo")) << create;
  EXPECT_TRUE(Contains(create, "set next_id")) << create;
  EXPECT_TRUE(Contains(create, "put todos")) << create;
  // Construct before the writes that read it.
  EXPECT_LT(create.find("construct todo"), create.find("put todos")) << create;
  const std::string& start = d->dumps["StartWork"];
  EXPECT_TRUE(Contains(start, "guard 404 (in id todos) \"StartWork.requires: id in todos\""))
      << start;
  EXPECT_TRUE(Contains(start, "guard 409")) << start;
  EXPECT_TRUE(Contains(start, "TodoLifecycle: StartWork requires status in {TODO}")) << start;
  const std::string& reopen = d->dumps["Reopen"];
  EXPECT_TRUE(Contains(reopen, "TodoLifecycle: DONE -> IN_PROGRESS via Reopen when "
                               "updated_at > completed_at"))
      << reopen;
  const std::string& archive = d->dumps["Archive"];
  EXPECT_TRUE(Contains(archive, "TodoLifecycle: Archive requires status in {TODO, DONE}"))
      << archive;
  EXPECT_TRUE(Contains(archive, "update todos[id].status")) << archive;
  // R19: archiving leaves status != DONE, so the invariant `status != DONE implies
  // completed_at = none` fixes the field the ensures leave free.
  EXPECT_TRUE(Contains(archive, "update todos[id].completed_at := none")) << archive;
  EXPECT_FALSE(Contains(d->dumps["StartWork"], "completed_at")) << d->dumps["StartWork"];
  const std::string& update = d->dumps["UpdateTodo"];
  EXPECT_TRUE(Contains(update, "construct todo : Todo from")) << update;
  EXPECT_TRUE(Contains(update, "guard 422")) << update;
  const std::string& list = d->dumps["ListTodos"];
  EXPECT_TRUE(Contains(list, "collect results := t in todos")) << list;
  EXPECT_TRUE(Contains(d->dumps["DeleteTodo"], "erase todos[id]")) << d->dumps["DeleteTodo"];
}

TEST(SynthPlans, SafeCounter) {
  S2R_SKIP_WITHOUT_SPEC("safe_counter");
  auto d = Derive("safe_counter");
  ASSERT_EQ(d->plans.size(), 2U) << Errors(d->sink);
  EXPECT_TRUE(Contains(d->dumps["Increment"], "set count")) << d->dumps["Increment"];
  EXPECT_TRUE(Contains(d->dumps["Decrement"], "guard 409")) << d->dumps["Decrement"];
  EXPECT_EQ(d->plans[1].written_state, std::vector<std::string>{"count"});
}

TEST(SynthPlans, SetOps) {
  S2R_SKIP_WITHOUT_SPEC("set_ops");
  auto d = Derive("set_ops");
  EXPECT_EQ(d->plans.size(), 7U) << Errors(d->sink);
  EXPECT_TRUE(Contains(d->dumps["Bump"], "guard 404")) << d->dumps["Bump"];
  EXPECT_TRUE(Contains(d->dumps["Bump"], "guard 409")) << d->dumps["Bump"];
  EXPECT_TRUE(Contains(d->dumps["Bump"], "put counters[id] := 5")) << d->dumps["Bump"];
  EXPECT_TRUE(Contains(d->dumps["MembershipInUnion"], "guard 422"))
      << d->dumps["MembershipInUnion"];
}

TEST(SynthPlans, SecretCreate) {
  S2R_SKIP_WITHOUT_SPEC("secret_create");
  auto d = Derive("secret_create");
  ASSERT_EQ(d->plans.size(), 1U) << Errors(d->sink);
  EXPECT_TRUE(Contains(d->dumps["CreateAccount"], "construct account : Account"))
      << d->dumps["CreateAccount"];
}

TEST(SynthPlans, LibraryLoans) {
  S2R_SKIP_WITHOUT_SPEC("library_loans");
  auto d = Derive("library_loans");
  EXPECT_EQ(d->plans.size(), 7U) << Errors(d->sink);
  EXPECT_TRUE(Contains(d->dumps["AddBook"], "guard 409")) << d->dumps["AddBook"];
  const std::string& borrow = d->dumps["Borrow"];
  EXPECT_TRUE(Contains(borrow, "update books[isbn].copies_available")) << borrow;
  const std::string& ret = d->dumps["ReturnLoan"];
  EXPECT_TRUE(Contains(ret, "LoanLifecycle: ReturnLoan requires status in {ACTIVE}")) << ret;
}

TEST(SynthPlans, AuthService) {
  S2R_SKIP_WITHOUT_SPEC("auth_service");
  auto d = Derive("auth_service");
  EXPECT_EQ(d->plans.size(), 7U) << Errors(d->sink);
  const std::string& login = d->dumps["Login"];
  EXPECT_TRUE(Contains(login, "fresh session_access_token : Token not in sessions[*].access_token"))
      << login;
  EXPECT_TRUE(Contains(login, "[access_expires_at = (+ (call now) (call hours 1))]")) << login;
  EXPECT_TRUE(Contains(login, "[refresh_expires_at = (+ (+ (call now) (call hours 1)) (call hours 1))]"))
      << login;
  // RefreshToken leaves refresh_expires_at to the entity invariant `refresh > access`.
  EXPECT_TRUE(Contains(d->dumps["RefreshToken"], "[refresh_expires_at = (+ (+ (call now)"))
      << d->dumps["RefreshToken"];
  EXPECT_TRUE(Contains(d->dumps["RequestPasswordReset"], "fresh reset_token : Token not in reset_tokens"))
      << d->dumps["RequestPasswordReset"];
}

TEST(SynthPlans, Ecommerce) {
  S2R_SKIP_WITHOUT_SPEC("ecommerce");
  auto d = Derive("ecommerce");
  EXPECT_EQ(d->plans.size(), 11U) << Errors(d->sink);
  // The completeness clause needs no step; the collection is the maximal filter.
  EXPECT_TRUE(Contains(d->dumps["ListOrders"], "collect results")) << d->dumps["ListOrders"];
  // One branch on the pre-state status, not a branch nested in a branch on the same condition.
  const std::string& cancel = d->dumps["CancelOrder"];
  EXPECT_EQ(cancel.find("branch"), cancel.rfind("branch")) << cancel;
}

// Every fixture: dump what derives and what does not (the report), without failing.
TEST(SynthPlans, AllFixturesDump) {
  for (const char* name : {"url_shortener", "todo_list", "auth_service", "safe_counter",
                           "secret_create", "set_ops", "library_loans", "ecommerce"}) {
    if (!testing::SpecExists(name)) continue;
    auto d = Derive(name);
    std::string all;
    for (const auto& [op, dump] : d->dumps) {
      all += dump;
    }
    std::cout << "== " << name << ": " << d->plans.size() << " plans / "
              << d->built->module.operations.size() << " operations\n"
              << all << Errors(d->sink);
  }
}

}  // namespace
}  // namespace s2r::synth
