#pragma once

#include <cmath>
#include <string>
#include <utility>

#include "common/result.hpp"
#include "io/json.hpp"
#include "io/message_text.hpp"

namespace flowlab::core::scene_json {

/// Typed access to an optional member; a present member of the wrong type is an error.
class Fields {
public:
    Fields(const JsonValue& object, std::string where) : m_obj(object), m_where(std::move(where)) {}

    Result<double> number(const std::string& key, double fallback, double lo, double hi) const {
        const JsonValue* v = m_obj.find(key);
        if (!v) return fallback;
        if (!v->isNumber()) return Error{m_where + "." + key + " must be a number"};
        const double d = v->asNumber();
        if (!(d >= lo && d <= hi)) {
            return Error{m_where + "." + key + " = " + shownNumber(d) + " is outside [" + shownNumber(lo) + ", " +
                         shownNumber(hi) + "]"};
        }
        return d;
    }
    Result<long long> integer(const std::string& key, long long fallback, long long lo, long long hi) const {
        auto d = number(key, double(fallback), double(lo), double(hi));
        if (!d) return d.error();
        if (*d != std::floor(*d)) return Error{m_where + "." + key + " must be a whole number"};
        return static_cast<long long>(*d);
    }
    Result<std::string> string(const std::string& key, const std::string& fallback) const {
        const JsonValue* v = m_obj.find(key);
        if (!v) return fallback;
        if (!v->isString()) return Error{m_where + "." + key + " must be a string"};
        if (v->asString().size() > 4096) return Error{m_where + "." + key + " is too long"};
        return v->asString();
    }
private:
    const JsonValue& m_obj;
    std::string m_where;
};

#define FLOWLAB_TRY(var, expr)            \
    auto var##Result = (expr);            \
    if (!var##Result) return var##Result.error(); \
    auto var = std::move(var##Result.value())

}  // namespace flowlab::core::scene_json
