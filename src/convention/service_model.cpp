// Lookups and enum spellings of the service model.
#include "convention/service_model.h"

#include <algorithm>

namespace s2r::convention {
namespace {

template <typename T>
const T* FindNamed(const std::vector<T>& items, std::string_view name) {
  auto found = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return found == items.end() ? nullptr : &*found;
}

}  // namespace

const Column* Table::FindColumn(std::string_view column) const { return FindNamed(columns, column); }
const Table* DatabaseSchema::FindTable(std::string_view name) const { return FindNamed(tables, name); }
const EntityField* Entity::FindField(std::string_view field) const { return FindNamed(fields, field); }
const Parameter* Operation::FindParam(std::string_view param) const { return FindNamed(params, param); }
const Entity* ServiceModel::FindEntity(std::string_view entity) const {
  return FindNamed(entities, entity);
}
const Operation* ServiceModel::FindOperation(std::string_view operation) const {
  return FindNamed(operations, operation);
}
const StateBinding* ServiceModel::FindState(std::string_view state_field) const {
  return FindNamed(state, state_field);
}
const SecuritySchemeModel* ServiceModel::FindSecurity(std::string_view scheme) const {
  return FindNamed(security, scheme);
}

std::string_view KindName(OperationKind kind) {
  switch (kind) {
    case OperationKind::kCreate: return "Create";
    case OperationKind::kRead: return "Read";
    case OperationKind::kReplace: return "Replace";
    case OperationKind::kPartialUpdate: return "PartialUpdate";
    case OperationKind::kDelete: return "Delete";
    case OperationKind::kCreateChild: return "CreateChild";
    case OperationKind::kFilteredRead: return "FilteredRead";
    case OperationKind::kSideEffect: return "SideEffect";
    case OperationKind::kBatchMutation: return "BatchMutation";
    case OperationKind::kTransition: return "Transition";
  }
  return "Read";
}

std::string_view RuleName(OperationKind kind) {
  switch (kind) {
    case OperationKind::kCreate: return "M1";
    case OperationKind::kRead: return "M2";
    case OperationKind::kReplace: return "M3";
    case OperationKind::kPartialUpdate: return "M4";
    case OperationKind::kDelete: return "M5";
    case OperationKind::kCreateChild: return "M6";
    case OperationKind::kFilteredRead: return "M7";
    case OperationKind::kSideEffect: return "M8";
    case OperationKind::kBatchMutation: return "M9";
    case OperationKind::kTransition: return "M10";
  }
  return "M2";
}

std::string_view MethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet: return "GET";
    case HttpMethod::kPost: return "POST";
    case HttpMethod::kPut: return "PUT";
    case HttpMethod::kPatch: return "PATCH";
    case HttpMethod::kDelete: return "DELETE";
  }
  return "GET";
}

std::string_view RouteKindName(RouteKind kind) {
  switch (kind) {
    case RouteKind::kCreate: return "create";
    case RouteKind::kRead: return "read";
    case RouteKind::kList: return "list";
    case RouteKind::kUpdate: return "update";
    case RouteKind::kDelete: return "delete";
    case RouteKind::kTransition: return "transition";
    case RouteKind::kRedirect: return "redirect";
    case RouteKind::kAction: return "action";
  }
  return "action";
}

std::string_view LocationName(ParamLocation location) {
  switch (location) {
    case ParamLocation::kPath: return "path";
    case ParamLocation::kQuery: return "query";
    case ParamLocation::kBody: return "body";
  }
  return "body";
}

std::string_view ResponseKindName(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::kNoContent: return "no_content";
    case ResponseKind::kEmpty: return "empty";
    case ResponseKind::kEntity: return "entity";
    case ResponseKind::kEntityList: return "entity_list";
    case ResponseKind::kOutputs: return "outputs";
    case ResponseKind::kRedirect: return "redirect";
  }
  return "empty";
}

std::string_view SecurityKindName(SecurityKind kind) {
  switch (kind) {
    case SecurityKind::kBearerJwt:
    case SecurityKind::kBearerToken: return "Bearer";
    case SecurityKind::kApiKey: return "ApiKey";
    case SecurityKind::kBasic: return "Basic";
  }
  return "Bearer";
}

std::string_view ApiKeyLocationName(ApiKeyLocation location) {
  switch (location) {
    case ApiKeyLocation::kHeader: return "header";
    case ApiKeyLocation::kQuery: return "query";
    case ApiKeyLocation::kCookie: return "cookie";
  }
  return "header";
}

}  // namespace s2r::convention
