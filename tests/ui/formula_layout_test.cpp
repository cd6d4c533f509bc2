// The formula layout engine (ui/formula): the boxes of scripts, fractions and roots sit where
// mathematics puts them, widths add, bad sources fall back to text, and every method formula
// reaches the painter as typeset pieces, never as TeX source.
#include <QtTest>

#include <QPaintEngine>
#include <QPainter>
#include <random>

#include "export/svg_frame.hpp"
#include "formula/formula_painter.hpp"
#include "formula/method_formulas.hpp"
#include "interpolant/interpolant.hpp"

using namespace flowlab::ui;
using Kind = flowlab::core::FormulaNode::Kind;

namespace {

QFont testFont(int px = 40) {
    QFont f;
    f.setPixelSize(px);
    return f;
}

/// The boxes of `kind` at `depth`, in order.
std::vector<FormulaBox> boxesOf(const FormulaLayout& l, Kind kind, int depth = -1) {
    std::vector<FormulaBox> out;
    for (const auto& b : l.boxes)
        if (b.kind == kind && (depth < 0 || b.depth == depth)) out.push_back(b);
    return out;
}

FormulaBox atomBox(const FormulaLayout& l, const QString& text) {
    for (const auto& b : l.boxes)
        if (b.kind == Kind::Atom && b.text == text) return b;
    return {};
}

/// A paint device that records the strings handed to the paint engine.
class TextRecorder : public QPaintDevice {
public:
    QStringList texts;

    QPaintEngine* paintEngine() const override { return &m_engine; }

protected:
    int metric(PaintDeviceMetric m) const override {
        switch (m) {
            case PdmWidth: return 2000;
            case PdmHeight: return 400;
            case PdmDpiX: case PdmDpiY: case PdmPhysicalDpiX: case PdmPhysicalDpiY: return 96;
            case PdmDepth: return 32;
            case PdmDevicePixelRatio: return 1;
            case PdmDevicePixelRatioScaled: return int(QPaintDevice::devicePixelRatioFScale());
            default: return 1;
        }
    }

private:
    class Engine : public QPaintEngine {
    public:
        explicit Engine(TextRecorder* owner) : m_owner(owner) {}
        bool begin(QPaintDevice*) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState&) override {}
        void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
        void drawPath(const QPainterPath&) override {}
        void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
        void drawTextItem(const QPointF&, const QTextItem& item) override { m_owner->texts << item.text(); }
        Type type() const override { return User; }

    private:
        TextRecorder* m_owner;
    };
    mutable Engine m_engine{this};
};

}  // namespace

class FormulaLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void superscript_isRaisedAndSmaller() {
        const FormulaLayout l = layoutFormula(QStringLiteral("x^2"), testFont());
        QVERIFY(l.error.isEmpty());
        const FormulaBox x = atomBox(l, QStringLiteral("x")), two = atomBox(l, QStringLiteral("2"));
        QVERIFY(two.fontSize < 0.8 * x.fontSize);
        QVERIFY2(two.baseline < x.baseline - 0.3 * x.fontSize, "the exponent's baseline is well above the base's");
        QVERIFY(two.rect.left() >= x.rect.right() - 1);
    }

    void subscript_isLoweredAndSmaller() {
        const FormulaLayout l = layoutFormula(QStringLiteral("x_t"), testFont());
        const FormulaBox x = atomBox(l, QStringLiteral("x")), t = atomBox(l, QStringLiteral("t"));
        QVERIFY(t.fontSize < 0.8 * x.fontSize);
        QVERIFY(t.baseline > x.baseline + 0.1 * x.fontSize);
        QVERIFY(t.rect.bottom() > x.rect.bottom());
    }

    void bothScripts_doNotOverlap() {
        const FormulaLayout l = layoutFormula(QStringLiteral("x_{k}^{2}"), testFont());
        const FormulaBox k = atomBox(l, QStringLiteral("k")), two = atomBox(l, QStringLiteral("2"));
        QVERIFY(two.rect.bottom() < k.rect.top());
    }

    void fraction_barLiesBetweenNumeratorAndDenominator() {
        const FormulaLayout l = layoutFormula(QStringLiteral("\\frac{a}{b}"), testFont());
        const auto fr = boxesOf(l, Kind::Fraction);
        QCOMPARE(int(fr.size()), 1);
        const FormulaBox a = atomBox(l, QStringLiteral("a")), b = atomBox(l, QStringLiteral("b"));
        QVERIFY(a.rect.bottom() < fr[0].barY);
        QVERIFY(b.rect.top() > fr[0].barY);
        QVERIFY(fr[0].barY < 0);  // on the maths axis, above the baseline
        // Centred over each other.
        QVERIFY(std::abs(a.rect.center().x() - b.rect.center().x()) < 0.1 * a.fontSize);
        // The bar is drawn as a rule at barY spanning both.
        bool rule = false;
        for (const auto& it : l.items)
            if (it.kind == FormulaItem::Kind::Rule && std::abs(it.line.y1() - fr[0].barY) < 1e-9 &&
                it.line.x1() <= a.rect.left() && it.line.x2() >= b.rect.right())
                rule = true;
        QVERIFY(rule);
    }

    void root_coversItsRadicand() {
        const FormulaLayout l = layoutFormula(QStringLiteral("\\sqrt{t(1-t)}"), testFont());
        const auto root = boxesOf(l, Kind::Root);
        QCOMPARE(int(root.size()), 1);
        QRectF radicand;
        for (const auto& b : l.boxes)
            if (b.depth == root[0].depth + 1) radicand = b.rect;
        QVERIFY(!radicand.isEmpty());
        QVERIFY(root[0].rect.contains(radicand));
        // The sign's stroke passes over the whole radicand, above it.
        QRectF sign;
        for (const auto& it : l.items)
            if (it.kind == FormulaItem::Kind::Stroke) sign |= it.path.boundingRect();
        QVERIFY(sign.top() < radicand.top());
        QVERIFY(sign.left() < radicand.left());
        QVERIFY(sign.right() >= radicand.right());
    }

    void widths_add() {
        const QFont f = testFont();
        const double a = layoutFormula(QStringLiteral("a"), f).width, b = layoutFormula(QStringLiteral("b"), f).width;
        const double ab = layoutFormula(QStringLiteral("ab"), f).width;
        QVERIFY(std::abs(ab - (a + b)) < 1e-6);
        // A relation adds its thick spaces on both sides.
        const double eq = layoutFormula(QStringLiteral("="), f).width;
        QVERIFY(layoutFormula(QStringLiteral("a=b"), f).width > a + b + eq + 0.4 * 40);
    }

    void parentheses_growAroundFractions() {
        const QFont f = testFont();
        const FormulaLayout flat = layoutFormula(QStringLiteral("(a)"), f);
        const FormulaLayout tall = layoutFormula(QStringLiteral("(\\frac{a}{b})"), f);
        const auto box = [](const FormulaLayout& l) { return boxesOf(l, Kind::Fenced).at(0).rect; };
        QVERIFY(box(tall).height() > 1.4 * box(flat).height());
        const FormulaBox frac = boxesOf(tall, Kind::Fraction).at(0);
        QVERIFY(box(tall).top() <= frac.rect.top() && box(tall).bottom() >= frac.rect.bottom());
    }

    void unknownCommand_fallsBackToText() {
        const FormulaLayout l = layoutFormula(QStringLiteral("x + \\foo"), testFont());
        QVERIFY(l.error.contains(QStringLiteral("\\foo")));
        QCOMPARE(int(l.items.size()), 1);
        QCOMPARE(l.items[0].text, QStringLiteral("x + \\foo"));
        QVERIFY(l.width > 0);
    }

    void randomStrings_neverCrash() {
        const QString alphabet = QStringLiteral("\\{}_^()[]|.+-=ab1 fracsqrtdotleftrightα−");
        std::mt19937 gen(5);
        QImage img(400, 100, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&img);
        for (int i = 0; i < 3000; ++i) {
            QString s;
            const int len = int(gen() % 30);
            for (int k = 0; k < len; ++k) s += alphabet[int(gen() % alphabet.size())];
            const FormulaLayout l = layoutFormula(s, testFont(20));
            QVERIFY(std::isfinite(l.width) && std::isfinite(l.ascent) && std::isfinite(l.descent));
            drawFormula(p, s, QRectF(0, 0, 400, 100), testFont(20), Qt::black);
        }
    }

    void methodFormulas_reachThePainterTypeset() {
        // Every family and γ, through drawFormula onto a device that records the strings: no
        // TeX source (backslashes, braces, ^ or _) is ever handed to drawText.
        using namespace flowlab::core;
        QStringList sources;
        for (int fam = 0; fam <= int(InterpolantFamily::Ve); ++fam) {
            for (int g = 0; g <= int(GammaKind::SineSquared); ++g) {
                InterpolantOptions o;
                o.family = InterpolantFamily(fam);
                o.gamma = GammaKind(g);
                const InterpolantFormulas f = interpolantFormulas(o);
                sources << QString::fromStdString(f.path) << QString::fromStdString(parameterList(f.parameters));
                EpsilonSchedule e;
                e.kind = EpsilonKind::Matched;
                sources << QString::fromStdString(epsilonFormula(e, o)) << QString::fromStdString(noiseScheduleFormula(o));
            }
        }
        sources << QString::fromStdString(fieldFormula(kVelocity));
        TextRecorder rec;
        QPainter p(&rec);
        for (const QString& s : sources) {
            if (s.isEmpty()) continue;
            QVERIFY2(layoutFormula(s, testFont()).error.isEmpty(), qPrintable(s));
            drawFormula(p, s, QRectF(0, 0, 2000, 400), testFont(), Qt::black);
        }
        p.end();
        QVERIFY(rec.texts.size() > 50);
        for (const QString& t : rec.texts) {
            for (const char* raw : {"\\", "{", "}", "^", "_"})
                QVERIFY2(!t.contains(QLatin1String(raw)), qPrintable(t));
        }
        QVERIFY(rec.texts.contains(QStringLiteral("α")) || rec.texts.contains(QStringLiteral("σ")));
    }

    void svgCaption_isAnOutlineNotSource() {
        // The SVG export draws the caption's formula as a path; no TeX source reaches the file.
        using namespace flowlab::core;
        InterpolantOptions o;
        o.family = InterpolantFamily::Vp;
        const QString source = QString::fromStdString(interpolantCaption(o));
        FrameData f;
        f.theme = std::make_shared<const Theme>(Theme::dark());
        f.layers = LayerVisibility{};
        f.layers.heatmap = f.layers.grid = f.layers.arrows = false;
        f.text.baseName = QStringLiteral("gaussian");
        f.text.targetName = QStringLiteral("8gaussians");
        f.text.formula = source;
        const QByteArray svg = svgDocument({SvgPanel{f, QRect(0, 0, 640, 360), QString(), QRect(), 0, QString(), 0}}, QSize(640, 360));
        QVERIFY(svg.contains("<g class=\"formula\"><title>VP diffusion: x"));
        QVERIFY(svg.contains("<path fill="));
        for (const char* raw : {"\\sqrt", "\\text", "^{", "_{"}) QVERIFY2(!svg.contains(raw), raw);
    }

    void sample_isWrittenWhenAsked() {
        // FLOWLAB_FORMULA_SAMPLE=out.png renders the method formulas for a person to look at.
        const QString out = qEnvironmentVariable("FLOWLAB_FORMULA_SAMPLE");
        if (out.isEmpty()) QSKIP("set FLOWLAB_FORMULA_SAMPLE to write a sample image");
        using namespace flowlab::core;
        QStringList s;
        for (auto fam : {InterpolantFamily::Linear, InterpolantFamily::Trig, InterpolantFamily::EncDec,
                         InterpolantFamily::FmOt, InterpolantFamily::Vp, InterpolantFamily::SubVp, InterpolantFamily::Ve}) {
            InterpolantOptions o;
            o.family = fam;
            if (fam == InterpolantFamily::Linear) o.gamma = GammaKind::Brownian;
            s << QString::fromStdString(interpolantFormulas(o).path);
        }
        InterpolantOptions vp;
        vp.family = InterpolantFamily::Vp;
        EpsilonSchedule e;
        e.kind = EpsilonKind::Matched;
        s << QString::fromStdString(noiseScheduleFormula(vp)) << QString::fromStdString(epsilonFormula(e, vp))
          << QString::fromStdString(fieldFormula(kVelocity)) << QStringLiteral("e^{-\\frac{1}{2}\\int_0^t \\beta(s)\\, ds}")
          << QStringLiteral("b = \\dot{\\alpha}\\, \\mathbb{E}[x_0 | x_t] + \\dot\\beta\\, \\mathbb{E}[x_1|x_t] + \\dot{\\gamma}\\, \\mathbb{E}[z|x_t]")
          << QStringLiteral("\\|\\nabla \\log \\rho_t\\|^2 \\approx \\sum_{k=1}^{K} r_k(x)\\, \\left(\\frac{x - m_k}{\\sigma_k^2}\\right)^\\top");
        const QFont font = testFont(30);
        QImage img(1400, int(s.size()) * 64 + 20, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        QPainter p(&img);
        for (int i = 0; i < s.size(); ++i) drawFormula(p, s[i], QRectF(20, 10 + i * 64, 1360, 60), font, Qt::black);
        p.end();
        QVERIFY(img.save(out));
    }
};

QTEST_MAIN(FormulaLayoutTest)
#include "formula_layout_test.moc"
