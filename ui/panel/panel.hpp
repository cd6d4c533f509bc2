#pragma once

#include <QWidget>

#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// A dock panel that edits part of the ExplorerSettings. load() shows settings without emitting
/// edited(); store() writes the panel's part into a copy; edited() fires when the user changes
/// something (the window then applies the new settings).
class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual void load(const ExplorerSettings& settings) = 0;
    virtual void store(ExplorerSettings& settings) const = 0;

signals:
    void edited();

protected:
    /// Emits edited() unless load() is running.
    void notify() {
        if (!m_loading) emit edited();
    }
    /// Guards load(): changes made while it lives do not emit edited().
    class Loading {
    public:
        explicit Loading(SettingsPanel& p) : m_p(p) { m_p.m_loading = true; }
        ~Loading() { m_p.m_loading = false; }

    private:
        SettingsPanel& m_p;
    };

private:
    bool m_loading = false;
};

}  // namespace flowlab::ui
