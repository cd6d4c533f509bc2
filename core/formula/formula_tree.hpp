#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace flowlab::core {

/// How an atom of a formula is set: the class decides the font style and the space around it.
enum class AtomClass {
    Variable,     ///< a single Latin or Greek letter: italic (α, x, t)
    Upright,      ///< digits, upright Greek capitals, \mathrm and \text runs
    Function,     ///< log, exp, sin…: upright, a thin space after
    Binary,       ///< + − · ×: medium space on both sides
    Relation,     ///< = ≈ ≤ ≥ ∈ →: thick space on both sides
    Punctuation,  ///< , ; : a thin space after
    Open,         ///< ( [ { |: a delimiter that may grow
    Close,        ///< ) ] } |
    Large,        ///< ∫ ∑ ∏: set larger, limits as scripts
    DoubleStruck, ///< \mathbb{E}
};

/// Accents over a base: time derivatives and decorations.
enum class AccentKind { Dot, DDot, Hat, Bar, Tilde, Vec };

/// One node of a parsed formula: a plain tree that ui/formula lays out into boxes. Qt-free so
/// that the formula texts of core (method_formulas) can be checked by core's tests.
struct FormulaNode {
    enum class Kind {
        Row,       ///< children side by side
        Atom,      ///< one symbol or word in `text` (UTF-8), set by `atom`
        Scripts,   ///< children[0] base, [1] subscript, [2] superscript (an empty Row when absent)
        Fraction,  ///< children[0] numerator over children[1] denominator
        Root,      ///< children[0] under a radical sign
        Accent,    ///< `accent` over children[0]
        Fenced,    ///< children[0] between the delimiters `text` (open) and `close`, grown to fit
        Space,     ///< horizontal space of `space` em
    };
    Kind kind = Kind::Row;
    std::string text;
    std::string close;
    AtomClass atom = AtomClass::Variable;
    AccentKind accent = AccentKind::Dot;
    double space = 0.0;
    bool stretch = false;  ///< Fenced by \left … \right: grown to fit whatever it holds
    std::vector<FormulaNode> children;

    bool isEmptyRow() const { return kind == Kind::Row && children.empty(); }
};

/// Parses the TeX-like subset FlowLab's formulas use: letters, digits and operators; Greek
/// letters (\alpha … \omega, \Gamma … \Omega); _ and ^ with a character or a {group}; \frac{a}{b},
/// \sqrt{x}, \dot{x}, \ddot{x}, \hat, \bar, \tilde, \vec; \int, \sum, \prod with limits;
/// \mathbb{E}, \mathrm{…}, \text{…}; \nabla \partial \| \top \cdot \times \approx \le \ge \in \to
/// \infty \sim \propto \pm \mp \mid \ldots; \log \exp \sin \cos \min \max \det \tr; spaces \, \; \quad;
/// \left( … \right) and matched ( ) [ ] that grow around tall contents. Anything else is refused
/// with an error naming the command and its position (callers then show the source as text).
Result<FormulaNode> parseFormula(const std::string& source);

/// The formula as one line of Unicode text (α̇ for \dot{\alpha}, x₀ where a digit subscript has a
/// Unicode form, a/b for fractions, √(…)): for plain-text places such as tooltips and the CLI.
std::string formulaPlainText(const FormulaNode& node);

}  // namespace flowlab::core
