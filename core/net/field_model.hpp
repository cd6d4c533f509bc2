#pragma once

// Internal (includes torch): what a LearnedField holds.

#include <memory>

#include "field/learned_field.hpp"
#include "net/field_mlp.hpp"

namespace flowlab::core {

/// An immutable trained network with its metadata. Shared (read-only) by every copy of a
/// LearnedField; the module is never modified after construction, which is what makes
/// concurrent evaluation safe.
struct LearnedField::Model {
    ModelInfo info;
    FieldMlp net{nullptr};
};

/// Builds a model from flat weights and frequencies (sizes checked by the caller).
std::shared_ptr<const LearnedField::Model> makeFieldModel(ModelInfo info, const float* weights,
                                                          const float* frequencies);

}  // namespace flowlab::core
