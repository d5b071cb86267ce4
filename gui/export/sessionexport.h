#pragma once
// SessionExport: a step range of a recorded session as a video (MP4 or GIF through ffmpeg), a
// folder of PNGs, or a PDF handout, each frame drawn by FrameRenderer. Every output is written
// to a temporary file beside the target and renamed over it only when complete, so a failure
// never leaves half a file or harms the previous one.

#include <QList>
#include <QSize>
#include <QString>
#include <algorithm>
#include <limits>

namespace loopscope {

struct Session;

struct ExportOptions {
    quint64 from = 0; ///< first event of the range (clamped to the log)
    quint64 to = std::numeric_limits<quint64>::max(); ///< last event, inclusive (clamped)
    QSize size { 1280, 720 }; ///< frame size (rounded down to even numbers for H.264)
    int fps = 24; ///< frames per second of videos
    /// Video frames per event: the loop view's transition into each step sampled this many times
    /// (1: a still per step, no animation). With the defaults a video shows 4 steps a second.
    int framesPerStep = 6;
};

class SessionExport {
public:
    enum class Video { Mp4, Gif };

    SessionExport(const Session& session, ExportOptions options);

    /// The range after clamping: [first, last]; empty (first > last) when the log is.
    quint64 first() const { return m_first; }
    quint64 last() const { return m_last; }
    quint64 frameCount() const { return m_last >= m_first && m_count ? m_last - m_first + 1 : 0; }
    /// Frames a video of the range has: frameCount() steps of framesPerStep frames each.
    quint64 videoFrameCount() const { return frameCount() * quint64(std::max(1, m_options.framesPerStep)); }
    /// The events the PDF handout has a page for: the bookmarks in the range, or without any,
    /// the start of each loop iteration in it (the range's first event when it has none).
    QList<quint64> handoutPages() const;

    /// Pipes raw RGBA frames to ffmpeg (found on PATH) and writes `path`, animating each step.
    bool writeVideo(const QString& path, Video kind, QString* error) const;
    /// Writes DIR/step-NNNNNN.png (the event index) for every event of the range.
    bool writePngs(const QString& dir, QString* error) const;
    /// One page per handoutPages() entry: title, the frame, the note.
    bool writePdf(const QString& path, QString* error) const;

    /// ffmpeg's path on PATH, or empty.
    static QString findFfmpeg();

private:
    const Session& m_session;
    ExportOptions m_options;
    quint64 m_count = 0;
    quint64 m_first = 0, m_last = 0;
};

} // namespace loopscope
