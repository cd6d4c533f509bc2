#include "net/coupling_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace flowlab::core {

namespace {

constexpr const char* kForms = "use independent, ot, sinkhorn:REG (e.g. sinkhorn:0.05) or reflow:MODEL";

const std::vector<std::string>& couplingKindNames() {
    static const std::vector<std::string> names = {"independent", "ot", "sinkhorn", "reflow"};
    return names;
}

}  // namespace

std::string CouplingOptions::validate() const {
    switch (kind) {
        case CouplingKind::Independent:
        case CouplingKind::MinibatchOt:
            return {};
        case CouplingKind::Sinkhorn:
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
        case CouplingKind::Sinkhorn: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "sinkhorn:%g", regularisation);
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
    } else if (head == "sinkhorn") {
        o.kind = CouplingKind::Sinkhorn;
        if (colon != std::string::npos) {
            char* end = nullptr;
            const double v = std::strtod(rest.c_str(), &end);
            if (rest.empty() || end != rest.c_str() + rest.size())
                return Error{"coupling '" + spec + "': REG must be a number (e.g. sinkhorn:0.05)"};
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
    if (auto p = o.validate(); !p.empty()) return Error{"coupling: " + p};
    return o;
}

}  // namespace flowlab::core
