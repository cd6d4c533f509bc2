#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace flowlab::core {

/// A JSON value: FlowLab's own small reader/writer (core has no Qt, and the stack has no JSON
/// package). Parsing is hostile-input safe: nesting depth and size are capped, numbers must be
/// finite, and every error names the line and column.
class JsonValue {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>;  // keeps key order

    JsonValue() = default;
    JsonValue(std::nullptr_t) {}
    JsonValue(bool b) : m_type(Type::Bool), m_bool(b) {}                        // NOLINT
    JsonValue(double n) : m_type(Type::Number), m_number(n) {}                  // NOLINT
    JsonValue(int n) : m_type(Type::Number), m_number(n) {}                     // NOLINT
    JsonValue(std::string s) : m_type(Type::String), m_string(std::move(s)) {}  // NOLINT
    JsonValue(const char* s) : m_type(Type::String), m_string(s) {}             // NOLINT
    JsonValue(Array a) : m_type(Type::Array), m_array(std::move(a)) {}          // NOLINT
    JsonValue(Object o) : m_type(Type::Object), m_object(std::move(o)) {}       // NOLINT

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool asBool() const { return m_bool; }
    double asNumber() const { return m_number; }
    const std::string& asString() const { return m_string; }
    const Array& asArray() const { return m_array; }
    Array& asArray() { return m_array; }
    const Object& asObject() const { return m_object; }

    /// Member lookup on an object; nullptr when absent or not an object.
    const JsonValue* find(const std::string& key) const;
    /// Sets (or replaces) a member; turns a null value into an object.
    JsonValue& set(const std::string& key, JsonValue value);
    /// Appends to an array; turns a null value into an array.
    void push(JsonValue value);

    /// Serialises; numbers keep full double precision (17 significant digits).
    std::string dump(int indent = 2) const;

private:
    void dumpTo(std::string& out, int indent, int level) const;

    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    std::string m_string;
    Array m_array;
    Object m_object;
};

/// Limits of the parser.
struct JsonLimits {
    std::size_t maxBytes = 256u << 20;  ///< 256 MiB
    int maxDepth = 64;
};

Result<JsonValue> parseJson(const std::string& text, const JsonLimits& limits = {});
Result<JsonValue> readJsonFile(const std::string& path, const JsonLimits& limits = {});

}  // namespace flowlab::core
