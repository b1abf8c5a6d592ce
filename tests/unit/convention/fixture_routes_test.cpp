// Classification (M1-M10), HTTP method/path/status and route kinds for the shared fixtures.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

// `Op kind rule METHOD /path status route_kind`, one line per operation in model order.
std::vector<std::string> RouteTable(const ServiceModel& model) {
  std::vector<std::string> rows;
  for (const Operation& op : model.operations) {
    rows.push_back(fmt::format("{} {} {} {} {} {} {}", op.name, KindName(op.kind), RuleName(op.kind),
                               MethodName(op.method), op.path, op.status,
                               RouteKindName(op.route_kind)));
  }
  return rows;
}

TEST(FixtureRoutes, UrlShortener) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  auto built = BuildModel(text);
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "Shorten Create M1 POST /shorten 201 create",
                "Resolve PartialUpdate M4 GET /{code} 302 redirect",
                "Delete Delete M5 DELETE /{code} 204 delete",
                "ListAll Read M2 GET /urls 200 list",
            }));
  const Operation& resolve = built->Op("Resolve");
  EXPECT_EQ(resolve.response.kind, ResponseKind::kRedirect);
  EXPECT_EQ(resolve.response.location_output, "url");
  ASSERT_EQ(resolve.response.headers.size(), 1u);
  EXPECT_EQ(resolve.response.headers[0].name, "Location");
  EXPECT_EQ(resolve.response.headers[0].output, "url");
  EXPECT_EQ(resolve.path_params, std::vector<std::string>{"code"});
  ASSERT_EQ(resolve.params.size(), 1u);
  EXPECT_EQ(resolve.params[0].location, ParamLocation::kPath);

  const Operation& shorten = built->Op("Shorten");
  EXPECT_EQ(shorten.request.kind, RequestBodyKind::kOperation);
  EXPECT_EQ(shorten.request.schema, "ShortenRequest");
  EXPECT_EQ(shorten.response.kind, ResponseKind::kOutputs);
  EXPECT_EQ(shorten.response.schema, "ShortenResponse");
  EXPECT_EQ(shorten.response.outputs, (std::vector<std::string>{"code", "short_url"}));
  EXPECT_EQ(built->Op("Delete").response.kind, ResponseKind::kNoContent);
  EXPECT_EQ(built->Op("ListAll").response.kind, ResponseKind::kEntityList);
  EXPECT_EQ(built->Op("ListAll").response.schema, "UrlMappingRead");

  // All four target UrlMapping (ListAll through its Set[UrlMapping] output).
  for (const Operation& op : built->model.operations) {
    EXPECT_EQ(op.entity, "UrlMapping") << op.name;
    EXPECT_EQ(op.router_module, "url_mappings") << op.name;
  }
  EXPECT_EQ(built->Op("Delete").strategy, SynthesisStrategy::kDirectEmit);
  EXPECT_EQ(built->Op("Shorten").strategy, SynthesisStrategy::kLlmSynthesis);
  // Static routes are registered before the catch-all `/{code}`.
  std::vector<std::string> order;
  for (std::size_t index : built->model.route_order) {
    order.push_back(built->model.operations[index].name);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Shorten", "ListAll", "Resolve", "Delete"}));
}

TEST(FixtureRoutes, UrlShortenerDefaultsWithoutConventions) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  std::string stripped = text.substr(0, text.find("conventions {")) + "}\n";
  auto built = BuildModel(stripped);
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "Shorten Create M1 POST /url-mappings 201 create",
                "Resolve PartialUpdate M4 PATCH /url-mappings/{code} 200 update",
                "Delete Delete M5 DELETE /url-mappings/{code} 204 delete",
                "ListAll Read M2 GET /url-mappings 200 list",
            }));
}

TEST(FixtureRoutes, TodoList) {
  S2R_FIXTURE_OR_SKIP(text, "todo_list");
  auto built = BuildModel(text);
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "CreateTodo Create M1 POST /todos 201 create",
                "GetTodo Read M2 GET /todos/{id} 200 read",
                "ListTodos Read M2 GET /todos 200 list",
                "UpdateTodo PartialUpdate M4 PATCH /todos/{id} 200 update",
                "StartWork Transition M10 POST /todos/{id}/start 200 transition",
                "Complete Transition M10 POST /todos/{id}/complete 200 transition",
                "Reopen Transition M10 POST /todos/{id}/reopen 200 transition",
                "Archive Transition M10 POST /todos/{id}/archive 200 transition",
                "DeleteTodo Delete M5 DELETE /todos/{id} 204 delete",
            }));
  const Operation& list = built->Op("ListTodos");
  ASSERT_EQ(list.params.size(), 3u);
  for (const Parameter& param : list.params) {
    EXPECT_EQ(param.location, ParamLocation::kQuery) << param.name;
    EXPECT_FALSE(param.required) << param.name;
  }
  EXPECT_EQ(list.params[0].validation.value.enum_name, "Status");
  const Operation& update = built->Op("UpdateTodo");
  EXPECT_EQ(update.request.schema, "UpdateTodoRequest");
  EXPECT_EQ(update.request.fields,
            (std::vector<std::string>{"title", "description", "priority", "tags"}));
  EXPECT_EQ(built->Op("Archive").response.kind, ResponseKind::kEmpty);
  EXPECT_EQ(built->Op("StartWork").response.schema, "TodoRead");
  // `requires: len(title) >= 1 / <= 200` bounds the input at the edge.
  const Parameter& title = built->Op("CreateTodo").params[0];
  ASSERT_TRUE(title.validation.value.min_length && title.validation.value.max_length);
  EXPECT_EQ(title.validation.value.min_length->value, 1);
  EXPECT_EQ(title.validation.value.max_length->value, 200);
  for (std::string_view direct : {"Archive", "DeleteTodo", "GetTodo"}) {
    EXPECT_EQ(built->Op(direct).strategy, SynthesisStrategy::kDirectEmit) << direct;
  }
  EXPECT_EQ(built->Op("CreateTodo").strategy, SynthesisStrategy::kLlmSynthesis);
}

TEST(FixtureRoutes, Ecommerce) {
  S2R_FIXTURE_OR_SKIP(text, "ecommerce");
  auto built = BuildModel(text);
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "CreateDraftOrder Create M1 POST /orders 201 create",
                "AddLineItem PartialUpdate M4 POST /orders/{order_id}/items 201 update",
                "RemoveLineItem PartialUpdate M4 DELETE /orders/{order_id}/items/{item_id} 200 "
                "update",
                "PlaceOrder Transition M10 POST /orders/{order_id}/place 200 transition",
                "RecordPayment Transition M10 POST /orders/{order_id}/payments 201 transition",
                "ShipOrder Transition M10 POST /orders/{order_id}/ship 200 transition",
                "ConfirmDelivery Transition M10 POST /orders/{order_id}/deliver 200 transition",
                "CancelOrder Transition M10 POST /orders/{order_id}/cancel 200 transition",
                "ProcessReturn Transition M10 POST /orders/{order_id}/return 200 transition",
                "GetOrder Read M2 GET /orders/{order_id} 200 read",
                "ListOrders Read M2 GET /orders 200 list",
            }));
  EXPECT_EQ(built->Op("RecordPayment").response.schema, "PaymentRead");
  EXPECT_EQ(built->Op("RemoveLineItem").params[1].location, ParamLocation::kPath);
}

TEST(FixtureRoutes, AuthService) {
  S2R_FIXTURE_OR_SKIP(text, "auth_service");
  auto built = BuildModel(text);
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "Register Create M1 POST /auth/register 201 create",
                "Login Create M1 POST /auth/login 200 create",
                "LoginFailed Create M1 POST /users 201 create",
                "RefreshToken Create M1 POST /auth/refresh 201 create",
                "RequestPasswordReset Create M1 POST /auth/password-reset 201 create",
                "ResetPassword Create M1 POST /auth/password-reset/confirm 201 create",
                "Logout PartialUpdate M4 POST /auth/logout 204 update",
            }));
  EXPECT_EQ(built->Op("RefreshToken").auth, (std::vector<std::string>{"bearer", "api_key"}));
  EXPECT_TRUE(built->Op("Logout").params[0].sensitive);
  const Parameter& password = built->Op("Register").params[1];
  EXPECT_TRUE(password.sensitive);
  ASSERT_TRUE(password.validation.value.min_length);
  EXPECT_EQ(password.validation.value.min_length->value, 8);
  EXPECT_EQ(password.validation.value.min_length->origin, ConstraintOrigin::kPrecondition);
}

TEST(FixtureRoutes, SecretCreateUsesTheEntityCreateSchema) {
  S2R_FIXTURE_OR_SKIP(text, "secret_create");
  auto built = BuildModel(text);
  const Operation& create = built->Op("CreateAccount");
  EXPECT_EQ(create.route_kind, RouteKind::kCreate);
  EXPECT_EQ(create.request.kind, RequestBodyKind::kEntityCreate);
  EXPECT_EQ(create.request.schema, "AccountCreate");
  EXPECT_EQ(create.response.schema, "AccountRead");
  EXPECT_TRUE(built->Entity("Account").FindField("password_hash")->sensitive);
  EXPECT_FALSE(built->Entity("Account").FindField("email")->sensitive);
}

TEST(FixtureRoutes, SafeCounterScalarOperations) {
  S2R_FIXTURE_OR_SKIP(text, "safe_counter");
  auto built = BuildModel(text);
  EXPECT_EQ(RouteTable(built->model),
            (std::vector<std::string>{
                "Increment PartialUpdate M4 PATCH /increment 200 update",
                "Decrement PartialUpdate M4 PATCH /decrement 200 update",
            }));
  for (const Operation& op : built->model.operations) {
    EXPECT_TRUE(op.scalar_op) << op.name;
    EXPECT_EQ(op.strategy, SynthesisStrategy::kDirectEmit) << op.name;
    EXPECT_EQ(op.router_module, "state_ops");
    EXPECT_EQ(op.tag, "state");
  }
  const StateBinding* count = built->model.FindState("count");
  ASSERT_NE(count, nullptr);
  EXPECT_EQ(count->storage, StateStorage::kScalarColumn);
  EXPECT_EQ(count->seed, 0);
}

TEST(FixtureRoutes, EdgeCasesServiceLevelOperations) {
  S2R_FIXTURE_OR_SKIP(text, "edge_cases");
  auto built = BuildModel(text);
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(built->Op("NoInput").kind, OperationKind::kTransition);
  EXPECT_EQ(built->Op("NoInput").path, "/count");
  EXPECT_EQ(built->Op("NoOutput").path, "/plain/{key}");
  EXPECT_EQ(built->Op("NoOutput").method, HttpMethod::kPut);
  EXPECT_EQ(built->Op("TheExpr").path, "/the-expr/{id}");
  EXPECT_EQ(built->Op("WithConstructor").entity, "Base");
  EXPECT_EQ(built->Op("WithConstructor").path, "/bases");
  EXPECT_TRUE(built->Op("MapLit").entity.empty());
  EXPECT_EQ(built->Op("MapLit").router_module, "state_ops");
}

}  // namespace
}  // namespace s2r::convention
