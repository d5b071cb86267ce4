#pragma once
// SourcePanel: the scenario editor with a picker of the built-in examples.

#include <QWidget>

class QComboBox;
class QLabel;

namespace loopscope {

class SourceEditor;

/// The source editor plus its example picker and file name.
class SourcePanel : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(QWidget* parent = nullptr);

    SourceEditor* editor() const;
    QComboBox* examplePicker() const;
    /// Resource paths of the built-in examples (":/scenarios/…py"), the seed example first.
    static QStringList builtInExamples();
    /// Shows `path` as the file being edited (a resource path shows as "example: name").
    void setFileName(const QString& path);
    QString fileName() const;

signals:
    /// The user picked a built-in example (its resource path).
    void exampleChosen(const QString& path);

private:
    SourceEditor* m_editor;
    QComboBox* m_examples;
    QLabel* m_file;
    QString m_fileName;
};

} // namespace loopscope
