// Body lowering (python_fastapi): plans of the fixture specs lowered to Python, checked for the
// runtime helpers they must call and compiled with `python3 -m py_compile`.
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "unit/emit/lowering/lowering_support.h"

namespace s2r::emit::python_fastapi {
namespace {

using testing::ExpectCompiles;
using testing::Has;
using testing::Lower;
using testing::Report;

TEST(BodyLowering, UrlShortener) {
  S2R_SKIP_WITHOUT_SPEC("url_shortener");
  auto l = Lower("url_shortener");
  ASSERT_EQ(l->bodies.size(), 4U) << Report(*l);
  const std::string& shorten = l->bodies["Shorten"];
  EXPECT_TRUE(Has(shorten, "await _rt.fresh_key(")) << shorten;
  EXPECT_TRUE(Has(shorten, "UrlMapping.code")) << shorten;
  EXPECT_TRUE(Has(shorten, "_rt.KeySpec(min_length=6")) << shorten;
  EXPECT_TRUE(Has(shorten, "pattern=r\"^[a-zA-Z0-9]+$\"")) << shorten;
  EXPECT_TRUE(Has(shorten, "click_count=0")) << shorten;
  EXPECT_TRUE(Has(shorten, "self.session.add(")) << shorten;
  EXPECT_TRUE(Has(shorten, "settings.base_url + \"/\"")) << shorten;
  EXPECT_TRUE(Has(shorten, "await self.session.commit()")) << shorten;
  EXPECT_TRUE(Has(shorten, "return ShortenResponse(")) << shorten;
  const std::string& resolve = l->bodies["Resolve"];
  EXPECT_TRUE(Has(resolve, "_rt.get_or_404(")) << resolve;
  EXPECT_TRUE(Has(resolve, "detail=\"Resolve.requires: code in store\"")) << resolve;
  EXPECT_TRUE(Has(resolve, "for_update=True")) << resolve;
  EXPECT_TRUE(Has(resolve, ".click_count = (url_mapping_row.click_count + 1)")) << resolve;
  EXPECT_LT(resolve.find("url = "), resolve.find("commit")) << resolve;
  const std::string& del = l->bodies["Delete"];
  EXPECT_EQ(del.find("session.delete"), del.rfind("session.delete")) << del;  // once
  EXPECT_TRUE(Has(del, "await self.session.delete(")) << del;
  const std::string& list = l->bodies["ListAll"];
  EXPECT_TRUE(Has(list, "sa.select(UrlMapping).order_by(UrlMapping.id)")) << list;
  EXPECT_TRUE(Has(list, "_rt.page(self.session, stmt, limit=limit, offset=offset)")) << list;
  EXPECT_TRUE(Has(list, "UrlMappingRead.model_validate")) << list;
  ExpectCompiles(*l, "url_shortener");
}

TEST(BodyLowering, TodoList) {
  S2R_SKIP_WITHOUT_SPEC("todo_list");
  auto l = Lower("todo_list");
  ASSERT_EQ(l->bodies.size(), 9U) << Report(*l);
  const std::string& create = l->bodies["CreateTodo"];
  EXPECT_TRUE(Has(create, "await _rt.load_singleton(self.session, ServiceState)")) << create;
  EXPECT_TRUE(Has(create, "id=state.next_id")) << create;
  EXPECT_TRUE(Has(create, "state.next_id = (state.next_id + 1)")) << create;
  EXPECT_TRUE(Has(create, "status=\"TODO\"")) << create;
  EXPECT_TRUE(Has(create, "return TodoRead.model_validate(todo)")) << create;
  EXPECT_LT(create.find("Todo("), create.find("state.next_id = ")) << create;
  const std::string& start = l->bodies["StartWork"];
  EXPECT_TRUE(Has(start, "for_update=True")) << start;
  EXPECT_TRUE(Has(start, "_rt.fail(409, ")) << start;
  EXPECT_TRUE(Has(start, "todo_row.status = \"IN_PROGRESS\"")) << start;
  EXPECT_LT(start.find("get_or_404"), start.find("_rt.fail(409")) << start;
  const std::string& reopen = l->bodies["Reopen"];
  EXPECT_TRUE(Has(reopen, "todo_row.completed_at is not None and")) << reopen;
  EXPECT_TRUE(Has(reopen, "via Reopen when updated_at > completed_at")) << reopen;
  const std::string& complete = l->bodies["Complete"];
  EXPECT_TRUE(Has(complete, "todo_row.completed_at = _rt.utcnow()")) << complete;
  const std::string& archive = l->bodies["Archive"];
  EXPECT_TRUE(Has(archive, "if (todo_row.status not in (\"TODO\", \"DONE\")):")) << archive;
  EXPECT_TRUE(Has(archive, "todo_row.completed_at = None")) << archive;
  EXPECT_FALSE(Has(archive, "return")) << archive;
  const std::string& update = l->bodies["UpdateTodo"];
  EXPECT_TRUE(Has(update, "if (title is not None):")) << update;
  EXPECT_TRUE(Has(update, "max(_rt.utcnow(), todo_row.updated_at)")) << update;
  EXPECT_TRUE(Has(update, "_rt.fail(\n                422,")) << update;
  const std::string& list = l->bodies["ListTodos"];
  EXPECT_TRUE(Has(list, "if status_filter is not None:")) << list;
  EXPECT_TRUE(Has(list, "stmt = stmt.where(Todo.status == status_filter)")) << list;
  EXPECT_TRUE(Has(list, "_rt.json_array_contains(Todo.tags, tag_filter)")) << list;
  EXPECT_TRUE(Has(l->bodies["DeleteTodo"], "await self.session.delete(todo_row)"));
  EXPECT_FALSE(Has(l->bodies["GetTodo"], "commit")) << l->bodies["GetTodo"];
  ExpectCompiles(*l, "todo_list");
}

TEST(BodyLowering, SafeCounter) {
  S2R_SKIP_WITHOUT_SPEC("safe_counter");
  auto l = Lower("safe_counter");
  ASSERT_EQ(l->bodies.size(), 2U) << Report(*l);
  EXPECT_TRUE(Has(l->bodies["Increment"], "_rt.load_singleton(self.session, ServiceState)"));
  EXPECT_TRUE(Has(l->bodies["Increment"], "state.count = (state.count + 1)"))
      << l->bodies["Increment"];
  EXPECT_TRUE(Has(l->bodies["Decrement"], "if not (state.count > 0):"))
      << l->bodies["Decrement"];
  ExpectCompiles(*l, "safe_counter");
}

TEST(BodyLowering, LibraryLoans) {
  S2R_SKIP_WITHOUT_SPEC("library_loans");
  auto l = Lower("library_loans");
  ASSERT_EQ(l->bodies.size(), 7U) << Report(*l);
  EXPECT_TRUE(Has(l->bodies["AddBook"], "if (await _rt.exists(self.session, Book.isbn, isbn)):"))
      << l->bodies["AddBook"];
  const std::string& borrow = l->bodies["Borrow"];
  EXPECT_TRUE(Has(borrow, "book_row.copies_available = (book_row.copies_available - 1)")) << borrow;
  EXPECT_TRUE(Has(borrow, "re.fullmatch(")) << borrow;
  const std::string& ret = l->bodies["ReturnLoan"];
  EXPECT_TRUE(Has(ret, "loan_row.status = \"RETURNED\"")) << ret;
  ExpectCompiles(*l, "library_loans");
}

TEST(BodyLowering, AuthService) {
  S2R_SKIP_WITHOUT_SPEC("auth_service");
  auto l = Lower("auth_service");
  ASSERT_EQ(l->bodies.size(), 7U) << Report(*l);
  const std::string& login = l->bodies["Login"];
  EXPECT_TRUE(Has(login, "await _rt.fresh_key(\n            self.session,\n            Session.access_token"))
      << login;
  EXPECT_TRUE(Has(login, "access_expires_at=(_rt.utcnow() + datetime.timedelta(hours=1))")) << login;
  EXPECT_TRUE(Has(login, "(failed_login_row is None) or")) << login;
  EXPECT_TRUE(Has(login, "if failed_login_row is not None:")) << login;
  EXPECT_TRUE(Has(login, "self.session.add(LoginAttempt(")) << login;
  EXPECT_TRUE(Has(login, "user_row.last_login = _rt.utcnow()")) << login;
  const std::string& failed = l->bodies["LoginFailed"];
  EXPECT_TRUE(Has(failed, "failed_login_row = FailedLogin(**values)")) << failed;
  EXPECT_TRUE(Has(failed, "setattr(failed_login_row, _attr, _value)")) << failed;
  // `if active then pre(failed_logins)[email].count`: `active` implies the row exists, which the
  // type checker cannot see through the local, so the branch condition tests it too.
  EXPECT_TRUE(Has(failed, "failed_login_row.count if (active and failed_login_row is not None)"))
      << failed;
  const std::string& refresh = l->bodies["RefreshToken"];
  EXPECT_TRUE(Has(refresh, "session_row.is_revoked = True")) << refresh;
  EXPECT_TRUE(Has(refresh, "user_id=session_row.user_id")) << refresh;
  EXPECT_TRUE(Has(refresh, "refresh_expires_at=((_rt.utcnow()")) << refresh;
  EXPECT_TRUE(Has(l->bodies["Logout"], "sa.exists().where(")) << l->bodies["Logout"];
  EXPECT_TRUE(Has(l->bodies["Logout"], "= _rt.present(")) << l->bodies["Logout"];
  const std::string& request = l->bodies["RequestPasswordReset"];
  EXPECT_TRUE(Has(request, "ResetToken.token")) << request;
  EXPECT_TRUE(Has(request, "ResetToken(token=reset_token, user_id=user_row.id)")) << request;
  const std::string& reset = l->bodies["ResetPassword"];
  EXPECT_TRUE(Has(reset, "user_row.password_hash = hashlib")) << reset;
  EXPECT_TRUE(Has(reset, "await self.session.delete(reset_token_row)")) << reset;
  ExpectCompiles(*l, "auth_service");
}

TEST(BodyLowering, Ecommerce) {
  S2R_SKIP_WITHOUT_SPEC("ecommerce");
  auto l = Lower("ecommerce");  // examples/ecommerce.spec (guard predicates defined)
  ASSERT_EQ(l->bodies.size(), 11U) << Report(*l);
  const std::string& add = l->bodies["AddLineItem"];
  EXPECT_TRUE(Has(add, "item = LineItem(")) << add;
  EXPECT_TRUE(Has(add, "self.session.add(item)")) << add;
  EXPECT_TRUE(Has(add, "new_subtotal = (order_row.subtotal + item.line_total)")) << add;
  EXPECT_TRUE(Has(add, "order_row.total = new_total")) << add;
  EXPECT_TRUE(Has(add, "LineItem.order_id == order_row.id")) << add;
  const std::string& remove = l->bodies["RemoveLineItem"];
  EXPECT_TRUE(Has(remove, "await self.session.delete(removed)")) << remove;
  EXPECT_TRUE(Has(remove, "inventory_entry_row.available = (inventory_entry_row.available + removed.quantity)"))
      << remove;
  EXPECT_TRUE(Has(l->bodies["PlaceOrder"], "sa.select(sa.func.count()).select_from(LineItem)"))
      << l->bodies["PlaceOrder"];
  EXPECT_FALSE(Has(l->bodies["CreateDraftOrder"], "items=")) << l->bodies["CreateDraftOrder"];
  const std::string& cancel = l->bodies["CancelOrder"];
  EXPECT_LT(cancel.find("pre_condition = (order_row.status == \"PAID\")"),
            cancel.find("order_row.status = \"CANCELLED\"")) << cancel;
  EXPECT_TRUE(Has(cancel, "Payment.order_id == order_id, Payment.status == \"CAPTURED\"")) << cancel;
  EXPECT_TRUE(Has(l->bodies["RecordPayment"], "(order_row.total > 0)")) << l->bodies["RecordPayment"];
  const std::string& process_return = l->bodies["ProcessReturn"];
  EXPECT_FALSE(Has(process_return, "order_row_2")) << process_return;
  // Guards are `if` statements, so `delivered_at != none` narrows the later `now() - delivered_at`.
  EXPECT_LT(process_return.find("if order_row.delivered_at is None:"),
            process_return.find("(_rt.utcnow() - order_row.delivered_at)"))
      << process_return;
  const std::string& list = l->bodies["ListOrders"];
  EXPECT_TRUE(Has(list, "stmt = stmt.where(Order.customer_id == customer_id)")) << list;
  ExpectCompiles(*l, "ecommerce");
}

TEST(BodyLowering, LanguageTour) {
  auto l = Lower("language_tour");  // examples/language_tour.spec
  ASSERT_EQ(l->bodies.size(), 7U) << Report(*l);
  // `the` as a value, under `if`: every widget is loaded once, in key order, and searched in
  // Python (the condition quantifies over the same rows); `_rt.the` answers 404 if none fits.
  const std::string& heaviest = l->bodies["Heaviest"];
  const std::string load =
      "widget_rows = (await self.session.execute(sa.select(Widget).order_by(Widget.id)))"
      ".scalars().all()";
  EXPECT_TRUE(Has(heaviest, load)) << heaviest;
  EXPECT_EQ(heaviest.find("sa.select(Widget)"), heaviest.rfind("sa.select(Widget)")) << heaviest;
  EXPECT_TRUE(Has(heaviest, "else _rt.the((_k.id for _k in widget_rows if all("
                            "(_j.weight <= _k.weight) for _j in widget_rows)), detail="))
      << heaviest;
  // `sum` with a lambda over `ran(R)` and a comprehension over R's keys share one load.
  const std::string& stats = l->bodies["Stats"];
  EXPECT_TRUE(Has(stats, "total = sum(_w.weight for _w in widget_rows)")) << stats;
  EXPECT_TRUE(Has(stats, "light = {_k.id for _k in widget_rows if (_k.weight <= 10.0)}")) << stats;
  EXPECT_EQ(stats.find(load), stats.rfind(load)) << stats;
  // Durations added to an Int are seconds; a sole argument keeps no redundant parentheses.
  const std::string& touch = l->bodies["Touch"];
  EXPECT_TRUE(Has(touch, "state.counter = ((((state.counter + (1 * 3600)) - (60 * 60))"))
      << touch;
  EXPECT_TRUE(Has(touch, "abs(amount - 50)")) << touch;
  EXPECT_TRUE(Has(l->bodies["Drop"], "sorted(((set(state.flags) - {id_}) | {0}) & {0, 1})"))
      << l->bodies["Drop"];
  ExpectCompiles(*l, "language_tour");
}

// edge_cases: `sum` with a lambda over an input set lowers; `the` whose value does not have the
// output's declared type is refused, naming the expression.
TEST(BodyLowering, EdgeCases) {
  S2R_SKIP_WITHOUT_SPEC("edge_cases");
  auto l = Lower("edge_cases");
  EXPECT_TRUE(Has(l->bodies["Lambdas"], "total = sum((_i * 2) for _i in items)"))
      << Report(*l);
  ASSERT_TRUE(l->errors.count("TheExpr")) << Report(*l);
  EXPECT_EQ(l->errors["TheExpr"], "output `found` is declared `String` but its value is `Int`");
  EXPECT_EQ(l->failed_clauses["TheExpr"], "the x in one_rel | one_rel[x] = \"target\"");
  ExpectCompiles(*l, "edge_cases");
}

// The report: every fixture, lowered / total, with the reasons of the rest.
TEST(BodyLowering, AllFixtures) {
  for (const char* name : {"url_shortener", "todo_list", "auth_service", "safe_counter",
                           "secret_create", "set_ops", "library_loans", "ecommerce",
                           "language_tour"}) {
    if (!s2r::testing::SpecExists(name)) continue;
    auto l = Lower(name);
    std::cout << "== " << name << ": " << l->bodies.size() << " / " << l->operations
              << " lowered\n" << Report(*l);
    EXPECT_EQ(l->bodies.size(), l->operations) << name << "\n" << Report(*l);
    ExpectCompiles(*l, name);
  }
}

// A plan with no Python form fails with the clause responsible, for the driver's E0901.
TEST(BodyLowering, FailureNamesTheClause) {
  S2R_SKIP_WITHOUT_SPEC("powerset_ops");
  auto l = Lower("powerset_ops");
  ASSERT_TRUE(l->errors.count("AddUser")) << Report(*l);
  EXPECT_TRUE(Has(l->errors["AddUser"], "powerset")) << l->errors["AddUser"];
  EXPECT_EQ(l->failed_clauses["AddUser"], "some t in ^users | t = users and u not in t");
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
