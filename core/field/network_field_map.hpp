#pragma once

#include <string>

#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "net/model_info.hpp"

namespace flowlab::core {

/// A field as an affine function of a network's output N at one t: F = a·N + c·x, so that
/// ∇·F = a·∇·N + c·d. `valid` is false (with `why`) where the field cannot be derived at that t
/// (e.g. s = −η/γ where γ = 0).
struct FieldAffine {
    double a = 1.0;
    double c = 0.0;
    bool valid = true;
    std::string why;
};

/// How the field `kind` (one of kVelocity, kScore, kDenoiser, kDivergence) follows from a network
/// that learned `field` with output parameterisation `output` (docs/maths.md §3): the rules listed
/// at LearnedField. Shared by every learned field (the MLP and the image U-Net), so the
/// conversions exist once.
FieldAffine fieldFromNetwork(TrainTarget field, OutputParameterization output, const InterpolantCoeffs& c,
                             FieldKind kind, double t);

/// " at t = 0.25", for messages about a field at one time.
std::string atTimeSuffix(double t);

}  // namespace flowlab::core
