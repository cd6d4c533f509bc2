#include "formula/formula_tree.hpp"

#include <cctype>
#include <cstring>
#include <map>
#include <utility>

namespace flowlab::core {
namespace {

using Kind = FormulaNode::Kind;

/// Deeper nesting than this is refused: no formula needs it, and it bounds the recursion.
constexpr int kMaxDepth = 48;
/// Longer sources are refused rather than laid out (a caption, not a document).
constexpr std::size_t kMaxSource = 4000;

struct Symbol {
    const char* text;
    AtomClass atom;
};

const std::map<std::string, Symbol>& symbols() {
    static const std::map<std::string, Symbol> s = {
        {"alpha", {"α", AtomClass::Variable}},   {"beta", {"β", AtomClass::Variable}},
        {"gamma", {"γ", AtomClass::Variable}},   {"delta", {"δ", AtomClass::Variable}},
        {"epsilon", {"ε", AtomClass::Variable}}, {"varepsilon", {"ε", AtomClass::Variable}},
        {"zeta", {"ζ", AtomClass::Variable}},    {"eta", {"η", AtomClass::Variable}},
        {"theta", {"θ", AtomClass::Variable}},   {"vartheta", {"ϑ", AtomClass::Variable}},
        {"iota", {"ι", AtomClass::Variable}},    {"kappa", {"κ", AtomClass::Variable}},
        {"lambda", {"λ", AtomClass::Variable}},  {"mu", {"μ", AtomClass::Variable}},
        {"nu", {"ν", AtomClass::Variable}},      {"xi", {"ξ", AtomClass::Variable}},
        {"pi", {"π", AtomClass::Variable}},      {"varpi", {"ϖ", AtomClass::Variable}},
        {"rho", {"ρ", AtomClass::Variable}},     {"varrho", {"ϱ", AtomClass::Variable}},
        {"sigma", {"σ", AtomClass::Variable}},   {"varsigma", {"ς", AtomClass::Variable}},
        {"tau", {"τ", AtomClass::Variable}},     {"upsilon", {"υ", AtomClass::Variable}},
        {"phi", {"ϕ", AtomClass::Variable}},     {"varphi", {"φ", AtomClass::Variable}},
        {"chi", {"χ", AtomClass::Variable}},     {"psi", {"ψ", AtomClass::Variable}},
        {"omega", {"ω", AtomClass::Variable}},   {"Gamma", {"Γ", AtomClass::Upright}},
        {"Delta", {"Δ", AtomClass::Upright}},    {"Theta", {"Θ", AtomClass::Upright}},
        {"Lambda", {"Λ", AtomClass::Upright}},   {"Xi", {"Ξ", AtomClass::Upright}},
        {"Pi", {"Π", AtomClass::Upright}},       {"Sigma", {"Σ", AtomClass::Upright}},
        {"Upsilon", {"Υ", AtomClass::Upright}},  {"Phi", {"Φ", AtomClass::Upright}},
        {"Psi", {"Ψ", AtomClass::Upright}},      {"Omega", {"Ω", AtomClass::Upright}},
        {"nabla", {"∇", AtomClass::Upright}},    {"partial", {"∂", AtomClass::Upright}},
        {"infty", {"∞", AtomClass::Upright}},    {"top", {"⊤", AtomClass::Upright}},
        {"ell", {"ℓ", AtomClass::Variable}},     {"|", {"‖", AtomClass::Upright}},
        {"ldots", {"…", AtomClass::Upright}},    {"cdots", {"⋯", AtomClass::Upright}},
        {"cdot", {"·", AtomClass::Binary}},      {"times", {"×", AtomClass::Binary}},
        {"pm", {"±", AtomClass::Binary}},        {"mp", {"∓", AtomClass::Binary}},
        {"circ", {"∘", AtomClass::Binary}},      {"odot", {"⊙", AtomClass::Binary}},
        {"approx", {"≈", AtomClass::Relation}},  {"le", {"≤", AtomClass::Relation}},
        {"leq", {"≤", AtomClass::Relation}},     {"ge", {"≥", AtomClass::Relation}},
        {"geq", {"≥", AtomClass::Relation}},     {"in", {"∈", AtomClass::Relation}},
        {"to", {"→", AtomClass::Relation}},      {"rightarrow", {"→", AtomClass::Relation}},
        {"leftarrow", {"←", AtomClass::Relation}}, {"mapsto", {"↦", AtomClass::Relation}},
        {"iff", {"⟺", AtomClass::Relation}},     {"Leftrightarrow", {"⇔", AtomClass::Relation}}, {"Rightarrow", {"⇒", AtomClass::Relation}},
        {"sim", {"∼", AtomClass::Relation}},     {"propto", {"∝", AtomClass::Relation}},
        {"neq", {"≠", AtomClass::Relation}},     {"ne", {"≠", AtomClass::Relation}},
        {"equiv", {"≡", AtomClass::Relation}},   {"mid", {"|", AtomClass::Relation}},
        {"int", {"∫", AtomClass::Large}},        {"sum", {"∑", AtomClass::Large}},
        {"prod", {"∏", AtomClass::Large}},       {"langle", {"⟨", AtomClass::Open}},
        {"rangle", {"⟩", AtomClass::Close}},     {"{", {"{", AtomClass::Open}},
        {"}", {"}", AtomClass::Close}},
    };
    return s;
}

bool isFunctionName(const std::string& n) {
    static const char* const kNames[] = {"log", "exp", "sin", "cos", "tan", "ln",  "min", "max",
                                         "det", "tr",  "arg", "lim", "sup", "inf", "Var", "Cov"};
    for (const char* k : kNames)
        if (n == k) return true;
    return false;
}

/// The double-struck capital for \mathbb (ℝ, ℕ, ℤ, ℚ, ℂ live in the letterlike block).
std::string doubleStruck(char c) {
    switch (c) {
        case 'R': return "ℝ";
        case 'N': return "ℕ";
        case 'Z': return "ℤ";
        case 'Q': return "ℚ";
        case 'C': return "ℂ";
        default: break;
    }
    // U+1D538 + (c − 'A'), in UTF-8 F0 9D 94 B8 …
    const unsigned cp = 0x1D538u + unsigned(c - 'A');
    std::string out;
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
    return out;
}

FormulaNode atom(std::string text, AtomClass c) {
    FormulaNode n;
    n.kind = Kind::Atom;
    n.text = std::move(text);
    n.atom = c;
    return n;
}

FormulaNode space(double em) {
    FormulaNode n;
    n.kind = Kind::Space;
    n.space = em;
    return n;
}

/// The class of a non-ASCII character written directly (−, ≤, α …).
AtomClass classOfUnicode(const std::string& ch) {
    static const char* const kBinary[] = {"−", "·", "×", "±", "∓", "∘"};
    static const char* const kRelation[] = {"≈", "≤", "≥", "∈", "→", "←", "∼", "∝", "≠", "≡", "↦"};
    for (const char* b : kBinary)
        if (ch == b) return AtomClass::Binary;
    for (const char* r : kRelation)
        if (ch == r) return AtomClass::Relation;
    if (ch == "∫" || ch == "∑" || ch == "∏") return AtomClass::Large;
    // Greek small letters (U+03B1–U+03C9, 2 bytes CE B1 … CF 89) are variables.
    const auto b0 = static_cast<unsigned char>(ch[0]);
    if (ch.size() == 2 && (b0 == 0xCE || b0 == 0xCF)) {
        const unsigned cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(ch[1]) & 0x3Fu);
        if (cp >= 0x3B1 && cp <= 0x3F5) return AtomClass::Variable;
    }
    return AtomClass::Upright;
}

class Parser {
public:
    explicit Parser(const std::string& s) : m_s(s) {}

    Result<FormulaNode> parseAll() {
        FormulaNode row = parseRow(0, '\0');
        if (!m_error.empty()) return Error{m_error};
        if (m_pos < m_s.size()) return Error{"unexpected '" + std::string(1, m_s[m_pos]) + "' at " + position()};
        return row;
    }

private:
    std::string position() const { return "position " + std::to_string(m_pos + 1); }
    bool failed() const { return !m_error.empty(); }
    void fail(const std::string& why) {
        if (m_error.empty()) m_error = why;
    }
    void skipSpaces() {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n')) ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[m_pos]; }

    /// A row of items up to `stop` (not consumed), a '}' or \right (not consumed), or the end.
    FormulaNode parseRow(int depth, char stop) {
        FormulaNode row;
        if (depth > kMaxDepth) {
            fail("the formula nests deeper than " + std::to_string(kMaxDepth) + " levels");
            return row;
        }
        while (!failed()) {
            skipSpaces();
            if (atEnd()) break;
            const char c = peek();
            if (c == '}' || (stop != '\0' && c == stop)) break;
            if (m_s.compare(m_pos, 6, "\\right") == 0) break;
            if (c == '_' || c == '^' || c == '\'') {
                if (row.children.empty()) {
                    fail(std::string("'") + c + "' has nothing before it at " + position());
                    break;
                }
                FormulaNode base = std::move(row.children.back());
                row.children.pop_back();
                row.children.push_back(parseScripts(std::move(base), depth));
                continue;
            }
            m_spliced = false;
            FormulaNode item = parseItem(depth, row);
            if (failed()) break;
            if (m_spliced) {
                m_spliced = false;
                for (auto& ch : item.children) row.children.push_back(std::move(ch));
            } else {
                row.children.push_back(std::move(item));
            }
        }
        return row;
    }

    FormulaNode parseScripts(FormulaNode base, int depth) {
        FormulaNode s;
        s.kind = Kind::Scripts;
        s.children.resize(3);
        s.children[0] = std::move(base);
        bool haveSub = false, haveSup = false;
        std::string primes;
        while (!failed()) {
            skipSpaces();
            const char c = peek();
            if (c == '\'') {
                ++m_pos;
                primes += "′";
                continue;
            }
            if (c != '_' && c != '^') break;
            bool& have = c == '_' ? haveSub : haveSup;
            if (have) {
                fail(std::string("double ") + (c == '_' ? "subscript" : "superscript") + " at " + position());
                break;
            }
            have = true;
            ++m_pos;
            s.children[c == '_' ? 1 : 2] = parseArgument(depth + 1, c == '_' ? "subscript" : "superscript");
        }
        if (!primes.empty()) {
            FormulaNode& sup = s.children[2];
            sup.children.insert(sup.children.begin(), atom(primes, AtomClass::Upright));
        }
        return s;
    }

    /// One argument: a {group}, a command, or a single character.
    FormulaNode parseArgument(int depth, const char* what) {
        skipSpaces();
        if (atEnd() || peek() == '}' || peek() == '_' || peek() == '^') {
            fail(std::string("the ") + what + " at " + position() + " has no argument");
            return {};
        }
        if (peek() == '{') return parseGroup(depth);
        FormulaNode row;
        FormulaNode item = parseItem(depth, row);
        m_spliced = false;
        if (item.kind == Kind::Row) return item;
        row.children.push_back(std::move(item));
        return row;
    }

    FormulaNode parseGroup(int depth) {
        const std::size_t open = m_pos;
        ++m_pos;  // '{'
        FormulaNode row = parseRow(depth + 1, '\0');
        if (failed()) return row;
        if (peek() != '}') {
            m_pos = open;
            fail("missing } for the { at " + position());
            return row;
        }
        ++m_pos;
        return row;
    }

    /// Raw text of a {…} argument (\text, \mathrm), braces balanced.
    std::string rawGroup(const std::string& command) {
        skipSpaces();
        if (peek() != '{') {
            fail("\\" + command + " needs a {…} argument at " + position());
            return {};
        }
        const std::size_t start = ++m_pos;
        int level = 1;
        while (!atEnd()) {
            if (m_s[m_pos] == '{') ++level;
            if (m_s[m_pos] == '}' && --level == 0) break;
            ++m_pos;
        }
        if (atEnd()) {
            fail("missing } in \\" + command);
            return {};
        }
        return m_s.substr(start, m_pos++ - start);
    }

    FormulaNode parseFenced(int depth, const std::string& open, char closeChar) {
        const std::size_t at = m_pos;
        FormulaNode inner = parseRow(depth + 1, closeChar);
        if (failed()) return inner;
        if (peek() == closeChar) {
            ++m_pos;
            FormulaNode f;
            f.kind = Kind::Fenced;
            f.text = open;
            f.close = std::string(1, closeChar);
            f.children.push_back(std::move(inner));
            return f;
        }
        // Unmatched: the delimiter stays a plain symbol and the contents follow it.
        (void)at;
        FormulaNode splice;
        splice.children.push_back(atom(open, AtomClass::Open));
        for (auto& c : inner.children) splice.children.push_back(std::move(c));
        m_spliced = true;
        return splice;
    }

    std::string delimiter(const std::string& command) {
        skipSpaces();
        if (atEnd()) {
            fail("\\" + command + " needs a delimiter at " + position());
            return {};
        }
        if (peek() == '\\') {
            ++m_pos;
            std::string name;
            if (!atEnd() && !std::isalpha(static_cast<unsigned char>(peek()))) name = std::string(1, m_s[m_pos++]);
            while (!atEnd() && std::isalpha(static_cast<unsigned char>(peek()))) name += m_s[m_pos++];
            if (name == "|") return "‖";
            if (name == "{") return "{";
            if (name == "}") return "}";
            if (name == "langle") return "⟨";
            if (name == "rangle") return "⟩";
            fail("\\" + name + " is not a delimiter for \\" + command);
            return {};
        }
        const char c = m_s[m_pos++];
        if (std::strchr("()[]|.", c) == nullptr) {
            fail(std::string("'") + c + "' is not a delimiter for \\" + command);
            return {};
        }
        return c == '.' ? std::string() : std::string(1, c);
    }

    FormulaNode parseItem(int depth, const FormulaNode& row) {
        (void)row;
        const char c = peek();
        if (c == '{') return parseGroup(depth);
        if (c == '\\') return parseCommand(depth);
        if (c == '(') {
            ++m_pos;
            return parseFenced(depth, "(", ')');
        }
        if (c == '[') {
            ++m_pos;
            return parseFenced(depth, "[", ']');
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            const std::size_t start = m_pos;
            while (!atEnd() && (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.')) ++m_pos;
            return atom(m_s.substr(start, m_pos - start), AtomClass::Upright);
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            ++m_pos;
            return atom(std::string(1, c), AtomClass::Variable);
        }
        if (static_cast<unsigned char>(c) >= 0x80) {
            // One UTF-8 character; a stray continuation byte is refused, not split.
            const auto b0 = static_cast<unsigned char>(c);
            const std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
            if (len == 0 || m_pos + len > m_s.size()) {
                fail("invalid UTF-8 at " + position());
                return {};
            }
            for (std::size_t i = 1; i < len; ++i) {
                if ((static_cast<unsigned char>(m_s[m_pos + i]) & 0xC0) != 0x80) {
                    fail("invalid UTF-8 at " + position());
                    return {};
                }
            }
            std::string ch = m_s.substr(m_pos, len);
            m_pos += len;
            return atom(ch, classOfUnicode(ch));
        }
        ++m_pos;
        switch (c) {
            case '+': return atom("+", AtomClass::Binary);
            case '-': return atom("−", AtomClass::Binary);
            case '*': return atom("∗", AtomClass::Binary);
            case '=': return atom("=", AtomClass::Relation);
            case '<': return atom("<", AtomClass::Relation);
            case '>': return atom(">", AtomClass::Relation);
            case ',': return atom(",", AtomClass::Punctuation);
            case ';': return atom(";", AtomClass::Punctuation);
            case ':': return atom(":", AtomClass::Relation);
            case ')': return atom(")", AtomClass::Close);
            case ']': return atom("]", AtomClass::Close);
            case '|': return atom("|", AtomClass::Upright);
            case '/': case '!': case '?': case '@': case '"': case '`':
                return atom(std::string(1, c), AtomClass::Upright);
            default: break;
        }
        --m_pos;
        fail(std::string("unexpected '") + c + "' at " + position());
        return {};
    }

    FormulaNode parseCommand(int depth) {
        const std::size_t at = m_pos;
        ++m_pos;  // '\'
        std::string name;
        if (!atEnd() && !std::isalpha(static_cast<unsigned char>(peek()))) {
            name = std::string(1, m_s[m_pos++]);
        } else {
            while (!atEnd() && std::isalpha(static_cast<unsigned char>(peek()))) name += m_s[m_pos++];
        }
        if (name.empty()) {
            fail("a lone \\ at the end");
            return {};
        }
        if (name == ",") return space(3.0 / 18.0);
        if (name == ":") return space(4.0 / 18.0);
        if (name == ";") return space(5.0 / 18.0);
        if (name == "!") return space(-3.0 / 18.0);
        if (name == " ") return space(0.33);
        if (name == "quad") return space(1.0);
        if (name == "qquad") return space(2.0);
        if (const auto it = symbols().find(name); it != symbols().end()) return atom(it->second.text, it->second.atom);
        if (isFunctionName(name)) return atom(name, AtomClass::Function);
        if (name == "frac") {
            FormulaNode f;
            f.kind = Kind::Fraction;
            f.children.push_back(parseArgument(depth + 1, "numerator of \\frac"));
            if (!failed()) f.children.push_back(parseArgument(depth + 1, "denominator of \\frac"));
            return f;
        }
        if (name == "sqrt") {
            FormulaNode r;
            r.kind = Kind::Root;
            r.children.push_back(parseArgument(depth + 1, "radicand of \\sqrt"));
            return r;
        }
        static const std::pair<const char*, AccentKind> kAccents[] = {
            {"dot", AccentKind::Dot},     {"ddot", AccentKind::DDot},   {"hat", AccentKind::Hat},
            {"bar", AccentKind::Bar},     {"tilde", AccentKind::Tilde}, {"vec", AccentKind::Vec},
            {"overline", AccentKind::Bar}};
        for (const auto& [accentName, kind] : kAccents) {
            if (name == accentName) {
                FormulaNode a;
                a.kind = Kind::Accent;
                a.accent = kind;
                a.children.push_back(parseArgument(depth + 1, ("argument of \\" + name).c_str()));
                return a;
            }
        }
        if (name == "text" || name == "mathrm" || name == "operatorname") {
            std::string raw = rawGroup(name);
            if (name != "text") {
                std::string compact;
                for (char ch : raw)
                    if (ch != ' ') compact += ch;
                raw = compact;
            }
            return atom(raw, name == "operatorname" ? AtomClass::Function : AtomClass::Upright);
        }
        if (name == "mathbb") {
            const std::string raw = rawGroup(name);
            if (failed()) return {};
            if (raw.size() != 1 || raw[0] < 'A' || raw[0] > 'Z') {
                fail("\\mathbb takes one capital letter, got '" + raw + "'");
                return {};
            }
            return atom(doubleStruck(raw[0]), AtomClass::DoubleStruck);
        }
        if (name == "left") {
            const std::string open = delimiter("left");
            if (failed()) return {};
            FormulaNode inner = parseRow(depth + 1, '\0');
            if (failed()) return {};
            if (m_s.compare(m_pos, 6, "\\right") != 0) {
                m_pos = at;
                fail("\\left at " + position() + " has no \\right");
                return {};
            }
            m_pos += 6;
            const std::string close = delimiter("right");
            FormulaNode f;
            f.kind = Kind::Fenced;
            f.text = open;
            f.close = close;
            f.stretch = true;
            f.children.push_back(std::move(inner));
            return f;
        }
        m_pos = at;
        fail("unknown command \\" + name + " at " + position());
        return {};
    }

    const std::string& m_s;
    std::size_t m_pos = 0;
    std::string m_error;
    /// Set by parseItem when it returns a row to be spliced into the enclosing one (the contents
    /// of an unmatched '(' after the '(' itself) rather than one item.
    bool m_spliced = false;
};

// Plain-text rendering -------------------------------------------------------------------------

std::string scriptChar(const std::string& c, bool sub) {
    static const std::map<std::string, std::pair<const char*, const char*>> m = {
        {"0", {"₀", "⁰"}}, {"1", {"₁", "¹"}}, {"2", {"₂", "²"}}, {"3", {"₃", "³"}}, {"4", {"₄", "⁴"}},
        {"5", {"₅", "⁵"}}, {"6", {"₆", "⁶"}}, {"7", {"₇", "⁷"}}, {"8", {"₈", "⁸"}}, {"9", {"₉", "⁹"}},
        {"+", {"₊", "⁺"}}, {"−", {"₋", "⁻"}}, {"t", {"ₜ", "ᵗ"}}, {"k", {"ₖ", "ᵏ"}}, {"i", {"ᵢ", "ⁱ"}},
        {"j", {"ⱼ", "ʲ"}}, {"n", {"ₙ", "ⁿ"}}, {"s", {"ₛ", "ˢ"}}, {"x", {"ₓ", "ˣ"}}, {"T", {"", "ᵀ"}},
        {"⊤", {"", "ᵀ"}}};
    const auto it = m.find(c);
    if (it == m.end()) return {};
    return sub ? it->second.first : it->second.second;
}

/// The Unicode script form of a row of atoms, or empty when some character has none.
std::string unicodeScript(const FormulaNode& row, bool sub) {
    std::string out;
    const auto add = [&](const FormulaNode& n) {
        if (n.kind != Kind::Atom) return false;
        // Atoms hold one character or a digit run.
        std::size_t i = 0;
        while (i < n.text.size()) {
            const auto b0 = static_cast<unsigned char>(n.text[i]);
            const std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
            const std::string s = scriptChar(n.text.substr(i, len), sub);
            if (s.empty()) return false;
            out += s;
            i += len;
        }
        return true;
    };
    if (row.kind == Kind::Row) {
        for (const auto& c : row.children)
            if (!add(c)) return {};
    } else if (!add(row)) {
        return {};
    }
    return out;
}

bool isSimple(const FormulaNode& n) {
    if (n.kind == Kind::Atom || n.kind == Kind::Fenced || n.kind == Kind::Accent) return true;
    if (n.kind == Kind::Scripts) return isSimple(n.children[0]);
    return n.kind == Kind::Row && n.children.size() == 1 && isSimple(n.children[0]);
}

}  // namespace

Result<FormulaNode> parseFormula(const std::string& source) {
    if (source.size() > kMaxSource)
        return Error{"the formula is longer than " + std::to_string(kMaxSource) + " characters"};
    return Parser(source).parseAll();
}

std::string formulaPlainText(const FormulaNode& n) {
    switch (n.kind) {
        case Kind::Row: {
            std::string out;
            bool operand = false;  // something a binary operator can follow (else it is unary: −t)
            for (const auto& c : n.children) {
                const bool binary = c.kind == Kind::Atom && c.atom == AtomClass::Binary;
                out += binary && !operand ? c.text : formulaPlainText(c);
                if (c.kind == Kind::Space) continue;  // a space changes nothing
                operand = !(c.kind == Kind::Atom && (c.atom == AtomClass::Binary || c.atom == AtomClass::Relation ||
                                                     c.atom == AtomClass::Open || c.atom == AtomClass::Punctuation));
            }
            return out;
        }
        case Kind::Atom:
            if (n.atom == AtomClass::Relation || n.atom == AtomClass::Binary) return " " + n.text + " ";
            if (n.atom == AtomClass::Punctuation) return n.text + " ";
            return n.text;
        case Kind::Space: return n.space >= 0.15 ? " " : "";
        case Kind::Scripts: {
            std::string out = formulaPlainText(n.children[0]);
            for (int k : {1, 2}) {
                const FormulaNode& s = n.children[std::size_t(k)];
                if (s.isEmptyRow()) continue;
                const std::string u = unicodeScript(s, k == 1);
                if (!u.empty()) out += u;
                else if (isSimple(s)) out += (k == 1 ? "_" : "^") + formulaPlainText(s);
                else out += std::string(k == 1 ? "_" : "^") + "(" + formulaPlainText(s) + ")";
            }
            return out;
        }
        case Kind::Fraction: {
            const auto part = [](const FormulaNode& p) {
                const std::string s = formulaPlainText(p);
                return isSimple(p) ? s : "(" + s + ")";
            };
            return part(n.children[0]) + "/" + part(n.children[1]);
        }
        case Kind::Root: {
            const std::string s = formulaPlainText(n.children[0]);
            return isSimple(n.children[0]) ? "√" + s : "√(" + s + ")";
        }
        case Kind::Accent: {
            static const char* const kMarks[] = {"\u0307", "\u0308", "\u0302", "\u0304", "\u0303", "\u20D7"};
            return formulaPlainText(n.children[0]) + kMarks[static_cast<int>(n.accent)];
        }
        case Kind::Fenced: return n.text + formulaPlainText(n.children[0]) + n.close;
    }
    return {};
}

}  // namespace flowlab::core
