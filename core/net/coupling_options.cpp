#include "net/coupling_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace flowlab::core {

namespace {

constexpr const char* kForms = "use independent, ot, sinkhorn:REG (e.g. sinkhorn:0.05), reflow:MODEL, components-ot or "
                               "components-sinkhorn:REG";

const std::vector<std::string>& couplingKindNames() {
    static const std::vector<std::string> names = {"independent", "ot", "sinkhorn", "reflow", "components-ot",
                                                     "components-sinkhorn", "components-matrix"};
    return names;
}

// "matrix": [[π_00, π_01, …], [π_10, …], …], rows of equal length.
Result<Matrix> componentMatrixFromJson(const JsonValue* json) {
    constexpr const char* kShape = "coupling: components-matrix needs \"matrix\", rows of numbers of equal length";
    if (!json || !json->isArray() || json->asArray().empty()) return Error{kShape};
    const JsonValue::Array& all = json->asArray();
    const std::size_t rows = all.size();
    if (!all[0].isArray() || all[0].asArray().empty()) return Error{kShape};
    const std::size_t cols = all[0].asArray().size();
    if (rows * cols > 10000000) return Error{"coupling: the matrix is too large"};
    Matrix m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < rows; ++i) {
        if (!all[i].isArray() || all[i].asArray().size() != cols)
            return Error{"coupling: row " + std::to_string(i + 1) + " of the matrix has another length than row 1"};
        for (std::size_t k = 0; k < cols; ++k) {
            const JsonValue& entry = all[i].asArray()[k];
            if (!entry.isNumber())
                return Error{"coupling: matrix entry (" + std::to_string(i + 1) + ", " + std::to_string(k + 1) +
                             ") is not a number"};
            m(Eigen::Index(i), Eigen::Index(k)) = entry.asNumber();
        }
    }
    return m;
}

}  // namespace

std::string CouplingOptions::validate() const {
    switch (kind) {
        case CouplingKind::Independent:
        case CouplingKind::MinibatchOt:
        case CouplingKind::ComponentOt:
            return {};
        case CouplingKind::ComponentMatrix:
            if (componentMatrix.size() == 0)
                return "the components-matrix coupling needs its matrix π_ij (a scene file's coupling \"matrix\")";
            if (!componentMatrix.allFinite() || componentMatrix.minCoeff() < 0.0)
                return "the coupling matrix must hold finite, non-negative numbers";
            return {};
        case CouplingKind::Sinkhorn:
        case CouplingKind::ComponentSinkhorn:
            if (!(std::isfinite(regularisation) && regularisation >= 1e-4 && regularisation <= 10.0))
                return "the Sinkhorn regularisation must be in [1e-4, 10] (a fraction of the mean squared distance)";
            return {};
        case CouplingKind::Reflow:
            if (reflowModel.empty()) return "reflow needs a model file (reflow:MODEL)";
            if (reflowSteps < 1 || reflowSteps > 10000) return "reflow steps must be in [1, 10000]";
            if (reflowPairs < 1 || reflowPairs > 1000000) return "the reflow pool must hold 1 to 10⁶ pairs";
            return {};
    }
    return "unknown coupling";
}

std::string CouplingOptions::spec() const {
    switch (kind) {
        case CouplingKind::Sinkhorn:
        case CouplingKind::ComponentSinkhorn: {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%s:%g", toString(kind).c_str(), regularisation);
            return buf;
        }
        case CouplingKind::Reflow: return "reflow:" + reflowModel;
        default: return toString(kind);
    }
}

std::string toString(CouplingKind kind) { return couplingKindNames()[static_cast<std::size_t>(kind)]; }

Result<CouplingOptions> parseCoupling(const std::string& spec) {
    CouplingOptions o;
    const auto colon = spec.find(':');
    const std::string head = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
    if (head == "independent" || head == "ot") {
        if (colon != std::string::npos) return Error{"coupling '" + spec + "': " + head + " takes no parameter"};
        o.kind = head == "ot" ? CouplingKind::MinibatchOt : CouplingKind::Independent;
    } else if (head == "components-ot") {
        if (colon != std::string::npos) return Error{"coupling '" + spec + "': components-ot takes no parameter"};
        o.kind = CouplingKind::ComponentOt;
    } else if (head == "components-matrix") {
        return Error{"coupling '" + spec + "': an explicit component matrix comes from a scene file (method.coupling "
                     "with kind components-matrix and its \"matrix\")"};
    } else if (head == "sinkhorn" || head == "components-sinkhorn") {
        o.kind = head == "sinkhorn" ? CouplingKind::Sinkhorn : CouplingKind::ComponentSinkhorn;
        if (colon != std::string::npos) {
            char* end = nullptr;
            const double v = std::strtod(rest.c_str(), &end);
            if (rest.empty() || end != rest.c_str() + rest.size())
                return Error{"coupling '" + spec + "': REG must be a number (e.g. " + head + ":0.05)"};
            o.regularisation = v;
        }
    } else if (head == "reflow") {
        o.kind = CouplingKind::Reflow;
        o.reflowModel = rest;
        if (rest.empty()) return Error{"coupling '" + spec + "': reflow needs the parent model (reflow:MODEL)"};
    } else {
        return Error{"unknown coupling '" + spec + "' (" + kForms + ")"};
    }
    if (auto p = o.validate(); !p.empty()) return Error{"coupling '" + spec + "': " + p};
    return o;
}

JsonValue couplingToJson(const CouplingOptions& o) {
    JsonValue j;
    j.set("kind", toString(o.kind));
    j.set("regularisation", o.regularisation);
    j.set("reflow_model", o.reflowModel);
    j.set("reflow_steps", o.reflowSteps);
    j.set("reflow_pairs", o.reflowPairs);
    if (o.kind == CouplingKind::ComponentMatrix) {
        JsonValue rows = JsonValue::Array{};
        for (Eigen::Index i = 0; i < o.componentMatrix.rows(); ++i) {
            JsonValue row = JsonValue::Array{};
            for (Eigen::Index k = 0; k < o.componentMatrix.cols(); ++k) row.push(o.componentMatrix(i, k));
            rows.push(std::move(row));
        }
        j.set("matrix", std::move(rows));
    }
    return j;
}

Result<CouplingOptions> couplingFromJson(const JsonValue& json) {
    if (!json.isObject()) return Error{"coupling: expected an object"};
    const JsonValue* kind = json.find("kind");
    const JsonValue* reg = json.find("regularisation");
    const JsonValue* model = json.find("reflow_model");
    const JsonValue* steps = json.find("reflow_steps");
    const JsonValue* pairs = json.find("reflow_pairs");
    if (!kind || !kind->isString() || !reg || !reg->isNumber() || !model || !model->isString() || !steps ||
        !steps->isNumber() || !pairs || !pairs->isNumber())
        return Error{"coupling: needs 'kind', 'regularisation', 'reflow_model', 'reflow_steps' and 'reflow_pairs'"};
    CouplingOptions o;
    const auto& names = couplingKindNames();
    std::size_t k = 0;
    while (k < names.size() && names[k] != kind->asString()) ++k;
    if (k == names.size()) return Error{"coupling: unknown kind '" + kind->asString() + "' (" + kForms + ")"};
    o.kind = static_cast<CouplingKind>(k);
    o.regularisation = reg->asNumber();
    o.reflowModel = model->asString();
    const double s = steps->asNumber();
    if (s != std::floor(s) || std::abs(s) > 1e9) return Error{"coupling: 'reflow_steps' is not a whole number"};
    o.reflowSteps = static_cast<int>(s);
    const double p = pairs->asNumber();
    if (p != std::floor(p) || std::abs(p) > 1e9) return Error{"coupling: 'reflow_pairs' is not a whole number"};
    o.reflowPairs = static_cast<int>(p);
    if (o.kind == CouplingKind::ComponentMatrix) {
        auto matrix = componentMatrixFromJson(json.find("matrix"));
        if (!matrix) return matrix.error();
        o.componentMatrix = std::move(*matrix);
    }
    if (auto p = o.validate(); !p.empty()) return Error{"coupling: " + p};
    return o;
}

}  // namespace flowlab::core
