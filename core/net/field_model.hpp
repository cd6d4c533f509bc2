#pragma once

// Internal (includes torch): what a LearnedField holds (LearnedField::Model).

#include <memory>

#include "net/field_mlp.hpp"
#include "net/model_info.hpp"

namespace flowlab::core {

/// An immutable trained network with its metadata. Shared (read-only) by every copy of a
/// LearnedField; the module is never modified after construction, which is what makes
/// concurrent evaluation safe.
struct FieldModel {
    ModelInfo info;
    FieldMlp net{nullptr};
};

/// Builds a model from flat weights and frequencies (sizes checked by the caller).
std::shared_ptr<const FieldModel> makeFieldModel(ModelInfo info, const float* weights, const float* frequencies);

}  // namespace flowlab::core
