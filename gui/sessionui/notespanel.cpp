#include "notespanel.h"

#include "debugsession.h"
#include "recordcontroller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace loopscope {

NotesPanel::NotesPanel(RecordController* recorder, DebugSession* session, QWidget* parent)
    : QWidget(parent)
    , m_recorder(recorder)
    , m_session(session)
    , m_status(new QLabel(this))
    , m_step(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_bookmark(new QToolButton(this))
    , m_editor(new QPlainTextEdit(this))
    , m_list(new QListWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_status->setObjectName(QStringLiteral("recordStatus"));
    layout->addWidget(m_status);
    m_banner->setObjectName(QStringLiteral("unavailableBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: palette(alternate-base); border: 1px solid palette(mid); padding: 4px; }"));
    m_banner->hide();
    layout->addWidget(m_banner);

    auto* row = new QHBoxLayout;
    m_step->setWordWrap(true);
    m_step->setTextFormat(Qt::PlainText);
    m_bookmark->setObjectName(QStringLiteral("bookmarkButton"));
    m_bookmark->setCheckable(true);
    m_bookmark->setText(tr("★ Bookmark"));
    m_bookmark->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_bookmark->setToolTip(tr("Bookmark this step (Ctrl+B)"));
    row->addWidget(m_step, 1);
    row->addWidget(m_bookmark);
    layout->addLayout(row);

    m_editor->setObjectName(QStringLiteral("noteEditor"));
    m_editor->setPlaceholderText(tr("Note for this step (shown as the caption when presenting)"));
    layout->addWidget(m_editor, 2);
    layout->addWidget(new QLabel(tr("Bookmarks"), this));
    m_list->setObjectName(QStringLiteral("bookmarkList"));
    layout->addWidget(m_list, 1);

    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading || m_shown < 0 || !m_recorder->hasDocument()) return;
        m_recorder->setNote(quint64(m_shown), m_editor->toPlainText());
    });
    connect(m_bookmark, &QToolButton::clicked, this, [this] {
        if (m_session->position() < 0 || !m_recorder->hasDocument()) {
            m_bookmark->setChecked(false);
            return;
        }
        m_recorder->toggleBookmark(quint64(m_session->position()));
    });
    connect(m_list, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { emit jumpRequested(item->data(Qt::UserRole).toLongLong()); });
    connect(m_list, &QListWidget::itemClicked, this,
        [this](QListWidgetItem* item) { emit jumpRequested(item->data(Qt::UserRole).toLongLong()); });
    connect(m_session, &DebugSession::positionChanged, this, &NotesPanel::showStep);
    connect(m_recorder, &RecordController::bookmarksChanged, this, [this] {
        rebuildList();
        showStep();
    });
    connect(m_recorder, &RecordController::documentChanged, this, [this] {
        m_shown = -1;
        showStep();
    });
    connect(m_recorder, &RecordController::noteChanged, this, [this](quint64 index) {
        if (qint64(index) == m_shown && m_editor->toPlainText() != m_recorder->note(index)) {
            m_shown = -1;
            showStep();
        }
    });
    connect(m_recorder, &RecordController::recordingChanged, this, &NotesPanel::showStep);
    showStep();
}

void NotesPanel::setUnavailableNote(const QString& text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString NotesPanel::unavailableNote() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void NotesPanel::showStep()
{
    const bool doc = m_recorder->hasDocument();
    if (m_recorder->isRecording())
        m_status->setText(tr("<b style='color:#c62828'>● Recording</b> — notes and bookmarks go into the session"));
    else if (doc)
        m_status->setText(m_recorder->documentPath().isEmpty() ? tr("Unsaved session")
                                                               : tr("Session: %1").arg(m_recorder->documentPath()));
    else
        m_status->setText(tr("Not recording. Record (Ctrl+Shift+R) to keep notes and bookmarks."));

    const qint64 pos = m_session->position();
    m_editor->setEnabled(doc && pos >= 0);
    m_bookmark->setEnabled(doc && pos >= 0);
    if (pos < 0) {
        m_step->setText(tr("No step"));
    } else {
        m_step->setText(tr("Step %1 · %2").arg(pos).arg(m_session->currentEvent().text));
    }
    m_bookmark->setChecked(doc && pos >= 0 && m_recorder->isBookmarked(quint64(pos)));
    if (pos != m_shown) {
        m_loading = true;
        m_editor->setPlainText(doc && pos >= 0 ? m_recorder->note(quint64(pos)) : QString());
        m_loading = false;
        m_shown = pos;
    }
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        QFont f = item->font();
        f.setBold(item->data(Qt::UserRole).toLongLong() == pos);
        item->setFont(f);
    }
}

void NotesPanel::rebuildList()
{
    m_list->clear();
    for (const Bookmark& b : m_recorder->bookmarks()) {
        auto* item = new QListWidgetItem(tr("%1  %2").arg(b.eventIndex).arg(b.title), m_list);
        item->setData(Qt::UserRole, qint64(b.eventIndex));
        const QString note = m_recorder->note(b.eventIndex);
        if (!note.isEmpty()) item->setToolTip(note);
    }
}

} // namespace loopscope
