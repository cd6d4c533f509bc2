#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "net/model_info.hpp"

namespace flowlab::core {

/// The contents of a model file: metadata plus flat float32 arrays. The network's parameters
/// are laid out layer by layer (weight row-major, then bias), the order FieldMlp uses.
///
/// File format (one file, written atomically; docs/model-file.md):
///   "FLOWLAB-MODEL 2\n", the byte length of the JSON header in decimal and "\n", the JSON header
///   (ModelInfo plus the list of arrays with their lengths), the arrays as little-endian float32,
///   back to back, then the line "FNV1A64 <16 hex digits>\n": the standard FNV-1a 64-bit hash of
///   every byte before that line, so an edited description is refused like damaged weights.
///   Version 1 files (weights-only checksum) are still read when that checksum matches.
struct CheckpointData {
    ModelInfo info;
    std::vector<float> weights;      ///< inference weights (the EMA when info.state.weightsAreEma)
    std::vector<float> frequencies;  ///< the time-embedding frequencies (fixed, not trained)
    // Training state; empty in an inference-only file.
    std::vector<float> rawWeights;   ///< the optimiser's weights when `weights` is their EMA
    std::vector<float> adamM;        ///< Adam first moments
    std::vector<float> adamV;        ///< Adam second moments

    bool hasTrainingState() const { return !adamM.empty(); }
};

/// Writes atomically (temporary file + rename); a failure leaves any existing file untouched.
Status writeCheckpoint(const std::string& path, const CheckpointData& data);

/// Reads and checks a model file. Refuses, with the reason, a file that is not a FlowLab model,
/// a newer format, a truncated or corrupt file (checksum), and arrays whose sizes do not match
/// the architecture. Never crashes on hostile input.
Result<CheckpointData> readCheckpoint(const std::string& path);

/// The same from bytes already in memory (`name` is used in messages).
Result<CheckpointData> parseCheckpoint(const std::string& bytes, const std::string& name);

}  // namespace flowlab::core
