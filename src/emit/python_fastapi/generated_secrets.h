// Secrets an operation generates and must hand over once.
//
// Sensitive fields (tokens, hashes, secrets) are write-only in the API: <E>Read leaves them out.
// But a value the operation itself sampled at random (Login's `access_token`, a fresh API key)
// exists nowhere else: if the answer hides it, nobody can ever use it. Such an operation answers
// with `<E>WithSecrets`, the read view plus exactly the sensitive fields it generated. Values
// derived from inputs (`password_hash = hash(password)`) stay hidden.
#pragma once

#include <vector>

#include "convention/service_model.h"
#include "synth/plan.h"

namespace s2r::emit::python_fastapi {

// The name of the read view that also shows generated secrets.
[[nodiscard]] std::string WithSecretsSchema(const convention::Entity& entity);

// Sets `response.revealed` and `response.schema` (<E>WithSecrets) on every operation that
// returns an entity whose sensitive fields its plan samples fresh.
void RevealGeneratedSecrets(convention::ServiceModel& model,
                            const std::vector<synth::OperationPlan>& plans);

// Per entity (by name), every sensitive field some operation reveals, in declaration order.
[[nodiscard]] std::vector<std::string> RevealedFields(const convention::ServiceModel& model,
                                                      const convention::Entity& entity);

}  // namespace s2r::emit::python_fastapi
