#include "sessionexport.h"

#include "framerenderer.h"
#include "session.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTextDocument>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace loopscope {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

// One write of the whole file through QSaveFile, checked byte for byte: QSaveFile misses a short
// write among many small ones (a full disk), so encoders write to memory first.
bool writeWhole(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.flush() || !file.commit())
        return fail(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

QSize evenSize(QSize s)
{
    return { std::max(2, s.width() & ~1), std::max(2, s.height() & ~1) };
}

} // namespace

SessionExport::SessionExport(const Session& session, ExportOptions options)
    : m_session(session)
    , m_options(options)
{
    m_options.size = evenSize(options.size);
    m_count = session.log ? session.log->size() : 0;
    if (m_count) {
        m_first = std::min<quint64>(options.from, m_count - 1);
        m_last = std::min<quint64>(options.to, m_count - 1);
    }
}

QList<quint64> SessionExport::handoutPages() const
{
    QList<quint64> pages;
    if (!frameCount()) return pages;
    for (const Bookmark& b : m_session.bookmarks)
        if (b.eventIndex >= m_first && b.eventIndex <= m_last) pages << b.eventIndex;
    if (!pages.isEmpty()) {
        std::sort(pages.begin(), pages.end());
        return pages;
    }
    const std::vector<RecordedEvent> events = m_session.log->events(m_first, m_last + 1);
    for (size_t i = 0; i < events.size(); ++i)
        if (events[i].kind == RecordKind::Iteration) pages << m_first + i;
    if (pages.isEmpty()) pages << m_first;
    return pages;
}

QString SessionExport::findFfmpeg()
{
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
}

bool SessionExport::writeVideo(const QString& path, Video kind, QString* error) const
{
    const QString what = kind == Video::Mp4 ? QStringLiteral("MP4") : QStringLiteral("GIF");
    const QString ffmpeg = findFfmpeg();
    if (ffmpeg.isEmpty())
        return fail(error,
            QStringLiteral("cannot write %1 %2: ffmpeg was not found on PATH (install it, e.g. apt-get install ffmpeg)")
                .arg(what, path));
    if (!frameCount()) return fail(error, QStringLiteral("cannot write %1: the session has no events").arg(path));
    // ffmpeg writes a temporary file beside the target; it replaces the target only when complete.
    const QFileInfo target(path);
    QTemporaryFile temp(
        target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".XXXXXX.part"));
    if (!temp.open()) return fail(error, QStringLiteral("cannot write %1: %2").arg(path, temp.errorString()));
    temp.close();
    const QSize size = m_options.size;
    QStringList args { "-y", "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s",
        QStringLiteral("%1x%2").arg(size.width()).arg(size.height()), "-r", QString::number(m_options.fps), "-i", "-" };
    if (kind == Video::Mp4) {
        args << "-c:v"
             << "libx264"
             << "-pix_fmt"
             << "yuv420p"
             << "-crf"
             << "23"
             << "-movflags"
             << "+faststart"
             << "-f"
             << "mp4";
    } else {
        const int width = std::min(size.width(), 640);
        args << "-vf"
             << QStringLiteral("scale=%1:-1:flags=lanczos,split[a][b];[a]palettegen[p];[b][p]paletteuse").arg(width)
             << "-f"
             << "gif";
    }
    args << temp.fileName();
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(ffmpeg, args);
    if (!process.waitForStarted(10000))
        return fail(error,
            QStringLiteral("cannot write %1: ffmpeg (%2) did not start: %3").arg(path, ffmpeg, process.errorString()));
    FrameRenderer renderer(m_session, size);
    auto pipe = [&process](const QImage& frame) {
        const qint64 bytes = qint64(frame.width()) * frame.height() * 4;
        if (frame.bytesPerLine() * frame.height() != bytes
            || process.write(reinterpret_cast<const char*>(frame.constBits()), bytes) != bytes)
            return false;
        // Keep at most a few frames buffered; a dead ffmpeg ends the loop.
        while (process.bytesToWrite() > 4 * bytes && process.state() == QProcess::Running)
            process.waitForBytesWritten(1000);
        return process.state() == QProcess::Running;
    };
    bool piping = true;
    for (quint64 i = m_first; i <= m_last && piping; ++i) {
        for (const QImage& frame : renderer.renderTransition(i, m_options.framesPerStep))
            if (!(piping = pipe(frame))) break;
    }
    process.closeWriteChannel();
    process.waitForFinished(-1);
    // ffmpeg exits 0 even when it could not write the trailer: at -loglevel error anything it says is a failure.
    const QString detail = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 || !detail.isEmpty()) {
        return fail(error,
            QStringLiteral("cannot write %1: ffmpeg failed%2").arg(path, detail.isEmpty() ? QString() : ": " + detail));
    }
    // The temporary is private (0600): give it the target's permissions, or the usual ones for a new file.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat existing;
    const mode_t mode = ::stat(QFile::encodeName(target.absoluteFilePath()).constData(), &existing) == 0
        ? (existing.st_mode & 07777)
        : (0666 & ~mask);
    ::chmod(QFile::encodeName(temp.fileName()).constData(), mode);
    // Replace the target atomically (rename(2) overwrites); the temporary is gone either way.
    if (std::rename(
            QFile::encodeName(temp.fileName()).constData(), QFile::encodeName(target.absoluteFilePath()).constData())
        != 0)
        return fail(
            error, QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    temp.setAutoRemove(false);
    return true;
}

bool SessionExport::writePngs(const QString& dir, QString* error) const
{
    if (!frameCount()) return fail(error, QStringLiteral("cannot write %1: the session has no events").arg(dir));
    if (!QDir().mkpath(dir)) return fail(error, QStringLiteral("cannot create the folder %1").arg(dir));
    FrameRenderer renderer(m_session, m_options.size);
    for (quint64 i = m_first; i <= m_last; ++i) {
        const QString path = QDir(dir).filePath(QStringLiteral("step-%1.png").arg(i, 6, 10, QLatin1Char('0')));
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!renderer.render(i).save(&buffer, "PNG"))
            return fail(error, QStringLiteral("cannot write %1: PNG encoding failed").arg(path));
        if (!writeWhole(path, png, error)) return false;
    }
    return true;
}

bool SessionExport::writePdf(const QString& path, QString* error) const
{
    if (!frameCount()) return fail(error, QStringLiteral("cannot write %1: the session has no events").arg(path));
    // Fail early, before rendering, when the target cannot be created at all.
    QSaveFile probe(path);
    if (!probe.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("cannot write %1: %2").arg(path, probe.errorString()));
    probe.cancelWriting();
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly);
    const QList<quint64> pages = handoutPages();
    QMap<quint64, QString> titles;
    for (const Bookmark& b : m_session.bookmarks)
        titles.insert(b.eventIndex, b.title);
    FrameRenderer renderer(m_session, m_options.size);
    {
        QPdfWriter pdf(&file);
        pdf.setTitle(QFileInfo(m_session.scenarioPath).fileName());
        pdf.setCreator(QStringLiteral("Loopscope"));
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
        pdf.setResolution(150);
        QPainter painter;
        if (!painter.begin(&pdf))
            return fail(error, QStringLiteral("cannot write %1: the PDF could not be started").arg(path));
        for (qsizetype p = 0; p < pages.size(); ++p) {
            if (p > 0) pdf.newPage();
            const quint64 index = pages[p];
            const LoopState state = renderer.stateAt(index);
            const QRect area = painter.viewport();
            QFont titleFont = painter.font();
            titleFont.setPointSizeF(16);
            titleFont.setBold(true);
            painter.setFont(titleFont);
            const QString title = titles.value(index, QStringLiteral("Iteration %1").arg(state.iteration));
            const int titleHeight = painter.fontMetrics().height() * 3 / 2;
            painter.drawText(
                QRect(area.left(), area.top(), area.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter, title);
            QFont body = titleFont;
            body.setBold(false);
            body.setPointSizeF(11);
            painter.setFont(body);
            const int lineHeight = painter.fontMetrics().height();
            painter.drawText(QRect(area.left(), area.top() + titleHeight, area.width(), lineHeight), Qt::AlignLeft,
                renderer.header(index, state));
            const QImage image = renderer.render(index);
            const int top = area.top() + titleHeight + lineHeight * 3 / 2;
            const int noteHeight = lineHeight * 5;
            QSize fit = image.size().scaled(area.width(), area.bottom() - top - noteHeight, Qt::KeepAspectRatio);
            painter.drawImage(QRect(QPoint(area.left(), top), fit), image);
            painter.drawText(QRect(area.left(), top + fit.height() + lineHeight / 2, area.width(), noteHeight),
                Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, renderer.caption(index));
        }
        painter.end();
    }
    file.close();
    return writeWhole(path, bytes, error);
}

} // namespace loopscope
