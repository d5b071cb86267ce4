#include "autosave.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace loopscope {

Autosaver::Autosaver(Snapshot snapshot, const QString& documentPath, QObject* parent)
    : QObject(parent)
    , m_snapshot(std::move(snapshot))
    , m_documentPath(documentPath)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, [this] { saveNow(); });
}

bool Autosaver::saveNow(QString* error)
{
    Session session = m_snapshot();
    QByteArray bytes = SessionFile::toBytes(session);
    // The bytes hold the event count, bookmarks and notes: equal bytes mean nothing changed.
    QByteArray fingerprint = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
    if (fingerprint == m_lastFingerprint) return true;
    const QString path = autosavePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QString message;
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
    if (!ok) {
        message = QStringLiteral("Autosave to %1 failed: %2").arg(path, file.errorString());
        if (error) *error = message;
        emit failed(message);
        return false;
    }
    m_lastFingerprint = fingerprint;
    emit saved(path);
    return true;
}

void Autosaver::discard()
{
    QFile::remove(autosavePath());
    m_lastFingerprint.clear();
}

QString Autosaver::autosavePathFor(const QString& documentPath)
{
    if (!documentPath.isEmpty()) return documentPath + QStringLiteral(".autosave");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/autosave/untitled.lsn.autosave");
}

bool Autosaver::hasRecoverableAutosave(const QString& documentPath)
{
    QFileInfo autosave(autosavePathFor(documentPath));
    if (!autosave.exists()) return false;
    QFileInfo document(documentPath);
    return documentPath.isEmpty() || !document.exists() || autosave.lastModified() >= document.lastModified();
}

bool Autosaver::recover(const QString& documentPath, Session* out, QString* error)
{
    return SessionFile::load(autosavePathFor(documentPath), out, error);
}

} // namespace loopscope
