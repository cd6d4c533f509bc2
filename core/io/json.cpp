#include "io/json.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstring>

#include "io/file_io.hpp"
#include "io/message_text.hpp"

namespace flowlab::core {
namespace {

class Parser {
public:
    Parser(const std::string& text, const JsonLimits& limits) : m_s(text), m_limits(limits) {}

    Result<JsonValue> parseDocument() {
        skipSpace();
        JsonValue v;
        if (!parseValue(v, 0)) return Error{m_error};
        skipSpace();
        if (m_pos != m_s.size()) return fail("unexpected text after the JSON value");
        return v;
    }

private:
    Error fail(const std::string& what) {
        setError(what);
        return Error{m_error};
    }
    bool setError(const std::string& what) {
        if (!m_error.empty()) return false;
        int line = 1, col = 1;
        for (std::size_t i = 0; i < m_pos && i < m_s.size(); ++i) {
            if (m_s[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        m_error = "JSON error at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what;
        return false;
    }
    void skipSpace() {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool literal(const char* word) {
        const std::size_t n = std::strlen(word);
        if (m_s.compare(m_pos, n, word) != 0) return false;
        m_pos += n;
        return true;
    }

    bool parseValue(JsonValue& out, int depth) {
        if (depth > m_limits.maxDepth) return setError("nesting is deeper than " + std::to_string(m_limits.maxDepth));
        if (m_pos >= m_s.size()) return setError("unexpected end of input (truncated file?)");
        const char c = m_s[m_pos];
        if (c == '{') return parseObject(out, depth);
        if (c == '[') return parseArray(out, depth);
        if (c == '"') {
            std::string s;
            if (!parseString(s)) return false;
            out = JsonValue(std::move(s));
            return true;
        }
        if (literal("true")) { out = JsonValue(true); return true; }
        if (literal("false")) { out = JsonValue(false); return true; }
        if (literal("null")) { out = JsonValue(); return true; }
        if (c == '-' || (c >= '0' && c <= '9')) return parseNumber(out);
        if (m_s.compare(m_pos, 3, "NaN") == 0 || m_s.compare(m_pos, 8, "Infinity") == 0)
            return setError("NaN and Infinity are not allowed: numbers must be finite");
        return setError(std::string("unexpected character '") + c + "'");
    }

    bool parseNumber(JsonValue& out) {
        const std::size_t start = m_pos;
        if (m_s[m_pos] == '-') ++m_pos;
        while (m_pos < m_s.size() && (std::isdigit(static_cast<unsigned char>(m_s[m_pos])) || m_s[m_pos] == '.' ||
                                      m_s[m_pos] == 'e' || m_s[m_pos] == 'E' || m_s[m_pos] == '+' || m_s[m_pos] == '-'))
            ++m_pos;
        const std::string token = m_s.substr(start, m_pos - start);
        char* end = nullptr;
        const double v = std::strtod(token.c_str(), &end);
        if (token.empty() || end != token.c_str() + token.size()) {
            m_pos = start;
            return setError("malformed number '" + shownToken(token) + "'");
        }
        if (!std::isfinite(v)) {
            m_pos = start;
            return setError("number out of range '" + shownToken(token) + "'");
        }
        out = JsonValue(v);
        return true;
    }

    static void appendUtf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    bool parseHex4(unsigned& cp) {
        if (m_pos + 4 > m_s.size()) return setError("truncated \\u escape");
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_s[m_pos++];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= unsigned(h - '0');
            else if (h >= 'a' && h <= 'f') cp |= unsigned(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') cp |= unsigned(h - 'A' + 10);
            else return setError("bad \\u escape");
        }
        return true;
    }

    bool parseString(std::string& out) {
        ++m_pos;  // opening quote
        while (true) {
            if (m_pos >= m_s.size()) return setError("unterminated string");
            const char c = m_s[m_pos++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return setError("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_s.size()) return setError("unterminated escape");
            const char e = m_s[m_pos++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = 0;
                    if (!parseHex4(cp)) return false;
                    if (cp >= 0xD800 && cp <= 0xDBFF && m_s.compare(m_pos, 2, "\\u") == 0) {
                        m_pos += 2;
                        unsigned lo = 0;
                        if (!parseHex4(lo)) return false;
                        if (lo < 0xDC00 || lo > 0xDFFF) return setError("bad surrogate pair");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default:
                    return setError(std::string("bad escape '\\") + e + "'");
            }
        }
    }

    bool parseArray(JsonValue& out, int depth) {
        ++m_pos;
        JsonValue::Array items;
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == ']') {
            ++m_pos;
            out = JsonValue(std::move(items));
            return true;
        }
        while (true) {
            skipSpace();
            JsonValue v;
            if (!parseValue(v, depth + 1)) return false;
            items.push_back(std::move(v));
            skipSpace();
            if (m_pos >= m_s.size()) return setError("unterminated array (truncated file?)");
            if (m_s[m_pos] == ',') { ++m_pos; continue; }
            if (m_s[m_pos] == ']') { ++m_pos; break; }
            return setError("expected ',' or ']' in array");
        }
        out = JsonValue(std::move(items));
        return true;
    }

    bool parseObject(JsonValue& out, int depth) {
        ++m_pos;
        JsonValue::Object members;
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == '}') {
            ++m_pos;
            out = JsonValue(std::move(members));
            return true;
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_s.size()) return setError("unterminated object (truncated file?)");
            if (m_s[m_pos] != '"') return setError("expected a quoted key in object");
            std::string key;
            if (!parseString(key)) return false;
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != ':') return setError("expected ':' after key");
            ++m_pos;
            skipSpace();
            JsonValue v;
            if (!parseValue(v, depth + 1)) return false;
            bool replaced = false;
            for (auto& [k, existing] : members) {
                if (k == key) {
                    existing = std::move(v);
                    replaced = true;
                    break;
                }
            }
            if (!replaced) members.emplace_back(std::move(key), std::move(v));
            skipSpace();
            if (m_pos >= m_s.size()) return setError("unterminated object (truncated file?)");
            if (m_s[m_pos] == ',') { ++m_pos; continue; }
            if (m_s[m_pos] == '}') { ++m_pos; break; }
            return setError("expected ',' or '}' in object");
        }
        out = JsonValue(std::move(members));
        return true;
    }

    const std::string& m_s;
    const JsonLimits& m_limits;
    std::size_t m_pos = 0;
    std::string m_error;
};

void escapeTo(std::string& out, const std::string& s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

}  // namespace

const JsonValue* JsonValue::find(const std::string& key) const {
    if (m_type != Type::Object) return nullptr;
    for (const auto& [k, v] : m_object)
        if (k == key) return &v;
    return nullptr;
}

JsonValue& JsonValue::set(const std::string& key, JsonValue value) {
    if (m_type == Type::Null) m_type = Type::Object;
    for (auto& [k, v] : m_object) {
        if (k == key) {
            v = std::move(value);
            return v;
        }
    }
    m_object.emplace_back(key, std::move(value));
    return m_object.back().second;
}

void JsonValue::push(JsonValue value) {
    if (m_type == Type::Null) m_type = Type::Array;
    m_array.push_back(std::move(value));
}

std::string JsonValue::dump(int indent) const {
    std::string out;
    dumpTo(out, indent, 0);
    if (indent > 0) out += '\n';
    return out;
}

void JsonValue::dumpTo(std::string& out, int indent, int level) const {
    const auto newline = [&](int lvl) {
        if (indent <= 0) return;
        out += '\n';
        out.append(std::size_t(indent * lvl), ' ');
    };
    switch (m_type) {
        case Type::Null: out += "null"; break;
        case Type::Bool: out += m_bool ? "true" : "false"; break;
        case Type::Number: {
            char buf[32];
            if (m_number == std::floor(m_number) && std::abs(m_number) < 1e15)
                std::snprintf(buf, sizeof buf, "%.0f", m_number);
            else
                std::snprintf(buf, sizeof buf, "%.17g", m_number);
            out += buf;
            break;
        }
        case Type::String: escapeTo(out, m_string); break;
        case Type::Array: {
            // Short arrays of numbers stay on one line (vectors, matrix rows).
            bool flat = m_array.size() <= 8;
            for (const auto& v : m_array) flat = flat && (v.isNumber() || v.isBool() || v.isNull());
            out += '[';
            for (std::size_t i = 0; i < m_array.size(); ++i) {
                if (i) out += flat ? ", " : ",";
                if (!flat) newline(level + 1);
                m_array[i].dumpTo(out, indent, level + 1);
            }
            if (!flat && !m_array.empty()) newline(level);
            out += ']';
            break;
        }
        case Type::Object: {
            out += '{';
            for (std::size_t i = 0; i < m_object.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                escapeTo(out, m_object[i].first);
                out += indent > 0 ? ": " : ":";
                m_object[i].second.dumpTo(out, indent, level + 1);
            }
            if (!m_object.empty()) newline(level);
            out += '}';
            break;
        }
    }
}

Result<JsonValue> parseJson(const std::string& text, const JsonLimits& limits) {
    if (text.size() > limits.maxBytes) {
        return Error{"JSON text is larger than " + std::to_string(limits.maxBytes >> 20) + " MiB"};
    }
    return Parser(text, limits).parseDocument();
}

Result<JsonValue> readJsonFile(const std::string& path, const JsonLimits& limits) {
    auto text = readTextFile(path, limits.maxBytes);
    if (!text) return text.error();
    auto v = parseJson(*text, limits);
    if (!v) return Error{path + ": " + v.message()};
    return v;
}

}  // namespace flowlab::core
