// Which operations answer with <E>WithSecrets (see generated_secrets.h).
#include "emit/python_fastapi/generated_secrets.h"

#include <algorithm>
#include <set>
#include <string>

namespace s2r::emit::python_fastapi {
namespace {

// Fields of `entity` sampled fresh by `steps` (branches included).
void SampledFields(const convention::ServiceModel& model, const convention::Entity& entity,
                   const std::vector<synth::Step>& steps, std::set<std::string>& fields) {
  for (const synth::Step& step : steps) {
    if (step.kind == synth::StepKind::kSampleFresh && !step.field.empty()) {
      const convention::StateBinding* relation = model.FindState(step.relation);
      if (relation != nullptr && relation->entity == entity.name) fields.insert(step.field);
    }
    SampledFields(model, entity, step.then_steps, fields);
    SampledFields(model, entity, step.else_steps, fields);
  }
}

}  // namespace

std::string WithSecretsSchema(const convention::Entity& entity) {
  return entity.name + "WithSecrets";
}

void RevealGeneratedSecrets(convention::ServiceModel& model,
                            const std::vector<synth::OperationPlan>& plans) {
  for (convention::Operation& op : model.operations) {
    if (op.response.kind != convention::ResponseKind::kEntity) continue;
    const convention::Entity* entity = model.FindEntity(op.response.entity);
    const synth::OperationPlan* plan = synth::FindPlan(plans, op.name);
    if (entity == nullptr || plan == nullptr) continue;
    std::set<std::string> sampled;
    SampledFields(model, *entity, plan->steps, sampled);
    std::vector<std::string> revealed;
    for (const convention::EntityField& field : entity->fields) {
      if (field.sensitive && sampled.count(field.name) != 0) revealed.push_back(field.name);
    }
    if (!revealed.empty()) {
      op.response.revealed = std::move(revealed);
      op.response.schema = WithSecretsSchema(*entity);
    }
  }
}

std::vector<std::string> RevealedFields(const convention::ServiceModel& model,
                                        const convention::Entity& entity) {
  std::set<std::string> any;
  for (const convention::Operation& op : model.operations) {
    if (op.response.entity == entity.name) any.insert(op.response.revealed.begin(), op.response.revealed.end());
  }
  std::vector<std::string> ordered;
  for (const convention::EntityField& field : entity.fields) {
    if (any.count(field.name) != 0) ordered.push_back(field.name);
  }
  return ordered;
}

}  // namespace s2r::emit::python_fastapi
