// The formula parser (core/formula) and the formula texts of every method: each parses, unknown
// commands are refused with their name and position, and nothing crashes on random input.
#include <gtest/gtest.h>

#include <random>

#include "formula/formula_tree.hpp"
#include "formula/method_formulas.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::FormulaNode;
using Kind = FormulaNode::Kind;

FormulaNode parsed(const std::string& s) {
    auto r = core::parseFormula(s);
    EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.message());
    return r.ok() ? *r : FormulaNode{};
}

TEST(FormulaParser, scriptsFractionsRootsAndAccents_buildTheirNodes) {
    const FormulaNode n = parsed("x_t^{2}");
    ASSERT_EQ(n.children.size(), 1u);
    const FormulaNode& s = n.children[0];
    EXPECT_EQ(s.kind, Kind::Scripts);
    EXPECT_EQ(s.children[0].text, "x");
    EXPECT_EQ(s.children[1].children[0].text, "t");
    EXPECT_EQ(s.children[2].children[0].text, "2");

    const FormulaNode f = parsed("\\frac{a}{b+c}").children[0];
    EXPECT_EQ(f.kind, Kind::Fraction);
    EXPECT_EQ(f.children[1].children.size(), 3u);
    EXPECT_EQ(parsed("\\sqrt{t(1-t)}").children[0].kind, Kind::Root);
    const FormulaNode d = parsed("\\dot{\\alpha}").children[0];
    EXPECT_EQ(d.kind, Kind::Accent);
    EXPECT_EQ(d.children[0].children[0].text, "α");
    EXPECT_EQ(parsed("(a+b)").children[0].kind, Kind::Fenced);
    EXPECT_EQ(parsed("\\left( x \\right]").children[0].close, "]");
    EXPECT_EQ(parsed("\\mathbb{E}").children[0].atom, core::AtomClass::DoubleStruck);
}

TEST(FormulaParser, operators_haveTheirClasses) {
    const FormulaNode n = parsed("a - b \\le c \\cdot \\log d");
    ASSERT_EQ(n.children.size(), 8u);
    EXPECT_EQ(n.children[1].text, "−");  // the ASCII hyphen becomes a minus sign
    EXPECT_EQ(n.children[1].atom, core::AtomClass::Binary);
    EXPECT_EQ(n.children[3].atom, core::AtomClass::Relation);
    EXPECT_EQ(n.children[6].atom, core::AtomClass::Function);
}

TEST(FormulaParser, unknownCommand_isRefusedWithItsNameAndPosition) {
    const auto r = core::parseFormula("x + \\foo{y}");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("\\foo"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("position 5"), std::string::npos) << r.message();
    for (const char* bad : {"x^", "x_1_2", "{x", "x}", "\\frac{a}", "\\left( x", "\\mathbb{ab}", "\\"})
        EXPECT_FALSE(core::parseFormula(bad).ok()) << bad;
}

TEST(FormulaParser, unmatchedParenthesis_staysAPlainSymbol) {
    const FormulaNode n = parsed("(a + b");
    ASSERT_FALSE(n.children.empty());
    EXPECT_EQ(n.children[0].kind, Kind::Atom);
    EXPECT_EQ(n.children[0].text, "(");
}

TEST(FormulaParser, plainText_usesUnicodeScriptsAndMarks) {
    EXPECT_EQ(core::formulaPlainText(parsed("x_0 + \\dot{\\alpha}")), "x₀ + α̇");
    EXPECT_EQ(core::formulaPlainText(parsed("\\sqrt{t(1-t)}")), "√(t(1 − t))");
    EXPECT_EQ(core::formulaPlainText(parsed("e^{-B} - 1")), "e^(−B) − 1");  // unary minus unspaced
    EXPECT_EQ(core::formulaPlainText(parsed("e^{-t}")), "e⁻ᵗ");
}

TEST(FormulaParser, randomStrings_neverCrash) {
    // Characters the grammar reacts to, so that most strings reach deep into the parser.
    const std::string alphabet = "\\{}_^()[]|.,+-=ab1 2fracsqrtdotleftrightmathbbEalpha'";
    std::mt19937 gen(11);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        const int len = int(gen() % 40);
        for (int k = 0; k < len; ++k) s += alphabet[gen() % alphabet.size()];
        const auto r = core::parseFormula(s);
        if (r.ok()) {
            ++accepted;
            (void)core::formulaPlainText(*r);
        } else {
            EXPECT_FALSE(r.message().empty());
        }
    }
    EXPECT_GT(accepted, 0);
    // Deep nesting is refused, not recursed into without bound.
    EXPECT_FALSE(core::parseFormula(std::string(5000, '{') + std::string(5000, '}')).ok());
    EXPECT_FALSE(core::parseFormula(std::string(60, '{') + std::string(60, '}')).ok());
}

TEST(MethodFormulas, everyFamilyAndSchedule_parses) {
    for (const auto& c : test::allInterpolantCases()) {
        const core::InterpolantFormulas f = core::interpolantFormulas(c.options);
        EXPECT_FALSE(f.family.empty()) << c.name;
        for (const std::string* s : {&f.alpha, &f.beta, &f.gamma, &f.path}) {
            EXPECT_FALSE(s->empty()) << c.name;
            EXPECT_TRUE(core::parseFormula(*s).ok()) << c.name << ": " << *s;
        }
        EXPECT_TRUE(core::parseFormula(core::parameterList(f.parameters)).ok()) << c.name;
        EXPECT_TRUE(core::parseFormula(core::noiseScheduleFormula(c.options)).ok()) << c.name;
        for (auto kind : {core::EpsilonKind::Constant, core::EpsilonKind::Taper, core::EpsilonKind::Matched}) {
            core::EpsilonSchedule e;
            e.kind = kind;
            e.value = 0.5;
            EXPECT_TRUE(core::parseFormula(core::epsilonFormula(e, c.options)).ok()) << c.name;
        }
        // γ appears in the path exactly when the interpolant has latent noise.
        const bool noisy = test::interpolant(c.options).hasLatentNoise();
        EXPECT_EQ(f.path.find(" z") != std::string::npos, noisy) << c.name << ": " << f.path;
        EXPECT_EQ(f.gamma != "0", noisy) << c.name;
    }
    for (auto kind : {core::kVelocity, core::kScore, core::kDenoiser})
        EXPECT_TRUE(core::parseFormula(core::fieldFormula(kind)).ok());
}

TEST(MethodFormulas, everySolversUpdateRule_parsesAndReverseDiffusionDependsOnTheFamily) {
    for (const std::string& name : core::solverKindNames()) {
        const core::SolverKind kind = *core::parseSolverKind(name);
        for (auto family : {core::InterpolantFamily::Vp, core::InterpolantFamily::Ve}) {
            const std::string f = core::solverFormula(kind, family);
            EXPECT_TRUE(core::parseFormula(f).ok()) << name << ": " << f;
        }
    }
    EXPECT_NE(core::solverFormula(core::SolverKind::ReverseDiffusion, core::InterpolantFamily::Vp),
              core::solverFormula(core::SolverKind::ReverseDiffusion, core::InterpolantFamily::Ve));
    EXPECT_EQ(core::formulaPlainText(*core::parseFormula(core::solverFormula(core::SolverKind::Rk4, core::InterpolantFamily::Vp))),
              "dX = b(t, X) dt");
}

TEST(MethodFormulas, parameters_carryTheOptionsValues) {
    core::InterpolantOptions o;
    o.family = core::InterpolantFamily::FmOt;
    o.sigmaMin = 0.02;
    const auto f = core::interpolantFormulas(o);
    ASSERT_EQ(f.parameters.size(), 1u);
    EXPECT_EQ(f.parameters[0].value, 0.02);
    EXPECT_EQ(core::parameterList(f.parameters), "\\sigma_{\\min} = 0.02");
}

}  // namespace
}  // namespace flowlab
