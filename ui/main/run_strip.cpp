#include "main/run_strip.hpp"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

RunStrip::RunStrip(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_export = new QPushButton(tr("Export CSV…"), this);
    for (QPushButton* b : {m_run, m_cancel, m_export}) {
        b->setAutoDefault(false);
        buttons->addWidget(b);
    }
    layout->addLayout(buttons);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
}

void RunStrip::onExport(const QString& title, const QString& suggestedName,
                        std::function<core::Status(const QString& path)> write) {
    connect(m_export, &QPushButton::clicked, this, [this, title, suggestedName, write] {
        const QString path = QFileDialog::getSaveFileName(this, title, suggestedName, tr("CSV files (*.csv)"));
        if (path.isEmpty()) return;
        if (core::Status st = write(path); !st) setStatus(QString::fromStdString(st.message()));
        else setStatus(tr("Saved %1").arg(path));
    });
}

void RunStrip::setBusy(bool busy, bool canExport) {
    m_run->setEnabled(true);
    m_cancel->setEnabled(busy);
    m_export->setEnabled(!busy && canExport);
}

void RunStrip::setProgress(double fraction) {
    m_progress->setValue(int(std::lround(1000.0 * std::clamp(fraction, 0.0, 1.0))));
}

void RunStrip::setStatus(const QString& text) { m_status->setText(text); }

QString RunStrip::status() const { return m_status->text(); }

}  // namespace flowlab::ui
