#include "sourcepanel.h"

#include "guiresources.h"
#include "sourceeditor.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace loopscope {

SourcePanel::SourcePanel(QWidget* parent)
    : QWidget(parent)
    , m_editor(new SourceEditor(this))
    , m_examples(new QComboBox(this))
    , m_file(new QLabel(this))
{
    m_examples->addItem(tr("Examples…"));
    for (const QString& path : builtInExamples())
        m_examples->addItem(QFileInfo(path).fileName(), path);
    m_examples->setToolTip(tr("Open one of the built-in scenarios"));
    connect(m_examples, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            emit exampleChosen(m_examples->itemData(index).toString());
        m_examples->setCurrentIndex(0);
    });
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* top = new QHBoxLayout;
    top->addWidget(m_file, 1);
    top->addWidget(m_examples);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    setFileName(QString());
}

SourceEditor* SourcePanel::editor() const
{
    return m_editor;
}

QComboBox* SourcePanel::examplePicker() const
{
    return m_examples;
}

QStringList SourcePanel::builtInExamples()
{
    ensureResources();
    const QString seed = QStringLiteral("potatoes.py");
    QStringList names = QDir(QStringLiteral(":/scenarios")).entryList({ QStringLiteral("*.py") }, QDir::Files, QDir::Name);
    // The seed example of the blog post comes first, the rest alphabetically.
    if (names.removeOne(seed))
        names.prepend(seed);
    QStringList paths;
    for (const QString& name : names)
        paths << QStringLiteral(":/scenarios/") + name;
    return paths;
}

void SourcePanel::setFileName(const QString& path)
{
    m_fileName = path;
    if (path.isEmpty())
        m_file->setText(tr("<i>no scenario</i>"));
    else if (path.startsWith(QLatin1Char(':')))
        m_file->setText(tr("example: <b>%1</b>").arg(QFileInfo(path).fileName()));
    else
        m_file->setText(QStringLiteral("<b>%1</b>").arg(QFileInfo(path).fileName()));
    m_file->setToolTip(path);
}

QString SourcePanel::fileName() const
{
    return m_fileName;
}

} // namespace loopscope
