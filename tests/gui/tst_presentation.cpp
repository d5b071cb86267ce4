// Presentation mode for lectures: full screen with only the chosen panels, clicker keys
// (PageDown/PageUp/Space step, B / Shift+B bookmarks, Esc leaves) and the note as a caption.

#include "gui/sessionfixtures.h"
#include "sessionui/notespanel.h"
#include "sessionui/presentation.h"
#include "sessionui/recordcontroller.h"
#include "sessionui/sessionui.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QToolBar>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::test;

class TestPresentation : public QObject {
    Q_OBJECT

private:
    struct Lecture {
        MainWindow window;
        SessionUi* ui = nullptr;
    };
    /// A recorded lecture on wait_first.py: notes at 4 and 6, bookmarks at 10 and 30.
    static bool prepare(Lecture& l)
    {
        l.window.setTimelineFactory(&engineRun);
        l.window.setAnimationDuration(0);
        l.ui = new SessionUi(&l.window);
        if (!l.window.openScenario(dataPath(QStringLiteral("wait_first.py"))) || !finishLiveRun(l.window)) return false;
        l.window.show();
        if (!l.ui->startRecording()) return false;
        RecordController* rec = l.ui->recorder();
        rec->setNote(4, QStringLiteral("main is created"));
        rec->setNote(6, QStringLiteral("first iteration"));
        rec->setNote(30, QStringLiteral("back at the bookmark"));
        rec->toggleBookmark(10);
        rec->toggleBookmark(30);
        l.window.session()->goTo(0);
        return true;
    }
    static QDockWidget* dock(MainWindow& w, const char* name)
    {
        return w.findChild<QDockWidget*>(QString::fromLatin1(name));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_presentation"));
        QSettings().clear();
    }
    void init() { QSettings().remove(QStringLiteral("presentation")); }

    void entersFullScreenWithTheChosenPanels()
    {
        Lecture l;
        QVERIFY(prepare(l));
        PresentationController* p = l.ui->presentation();
        p->setPanels({ QStringLiteral("sourceDock"), QStringLiteral("consoleDock") });
        l.window.setPresentationMode(true);
        QVERIFY(p->isActive());
        QVERIFY(l.window.windowState() & Qt::WindowFullScreen);
        QVERIFY(l.window.menuBar()->isHidden());
        QVERIFY(l.window.findChild<QToolBar*>(QStringLiteral("debugToolBar"))->isHidden());
        QVERIFY(!l.window.findChild<QToolBar*>(QStringLiteral("timelineToolBar"))->isHidden());
        for (QDockWidget* d : l.window.findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
            const bool chosen
                = d->objectName() == QLatin1String("sourceDock") || d->objectName() == QLatin1String("consoleDock");
            QCOMPARE(!d->isHidden(), chosen);
        }
        // The choice is remembered for the next window.
        Lecture other;
        QVERIFY(prepare(other));
        QCOMPARE(other.ui->presentation()->panels(),
            (QStringList { QStringLiteral("sourceDock"), QStringLiteral("consoleDock") }));

        QTest::keyClick(&l.window, Qt::Key_Escape);
        QVERIFY(!p->isActive());
        QVERIFY(!l.window.presentationMode());
        QVERIFY(!(l.window.windowState() & Qt::WindowFullScreen));
        QVERIFY(!l.window.menuBar()->isHidden());
        QVERIFY(!l.window.findChild<QToolBar*>(QStringLiteral("debugToolBar"))->isHidden());
        QVERIFY(!dock(l.window, "eventsDock")->isHidden() || !dock(l.window, "tasksDock")->isHidden());
    }

    void panelDialogChoosesPanelsAndStep()
    {
        Lecture l;
        QVERIFY(prepare(l));
        bool sawDialog = false;
        whenModal<QDialog>(this, [&sawDialog](QDialog* dialog) {
            sawDialog = true;
            for (QCheckBox* box : dialog->findChildren<QCheckBox*>())
                box->setChecked(box->objectName() == QLatin1String("eventsDock")
                    || box->objectName() == QLatin1String("notesDock"));
            auto* step = dialog->findChild<QComboBox*>();
            step->setCurrentIndex(step->findData(int(Granularity::Iteration)));
            dialog->accept();
        });
        l.ui->presentation()->choosePanels(&l.window);
        QVERIFY(sawDialog);
        QCOMPARE(l.ui->presentation()->panels(),
            (QStringList { QStringLiteral("eventsDock"), QStringLiteral("notesDock") }));
        QCOMPARE(l.ui->presentation()->stepGranularity(), Granularity::Iteration);
        l.window.setPresentationMode(true);
        QVERIFY(!dock(l.window, "eventsDock")->isHidden());
        QVERIFY(!dock(l.window, "notesDock")->isHidden());
        QVERIFY(dock(l.window, "sourceDock")->isHidden());
        QTest::keyClick(&l.window, Qt::Key_PageDown);
        QCOMPARE(l.window.session()->currentEvent().kind, EventKind::Iteration);
    }

    void clickerKeysMoveThroughTheSteps()
    {
        Lecture l;
        QVERIFY(prepare(l));
        DebugSession* s = l.window.session();
        l.ui->presentation()->setStepGranularity(Granularity::Event);
        l.window.setPresentationMode(true);
        QCOMPARE(s->position(), 0);
        QTest::keyClick(&l.window, Qt::Key_PageDown);
        QCOMPARE(s->position(), 1);
        QTest::keyClick(l.window.loopView(), Qt::Key_Space);
        QCOMPARE(s->position(), 2);
        QTest::keyClick(&l.window, Qt::Key_PageUp);
        QCOMPARE(s->position(), 1);
        QTest::keyClick(&l.window, Qt::Key_B);
        QCOMPARE(s->position(), 10);
        QTest::keyClick(&l.window, Qt::Key_B);
        QCOMPARE(s->position(), 30);
        QTest::keyClick(&l.window, Qt::Key_B); // no bookmark after the last: stays
        QCOMPARE(s->position(), 30);
        QTest::keyClick(&l.window, Qt::Key_B, Qt::ShiftModifier);
        QCOMPARE(s->position(), 10);

        // A coarser step: one press goes to the next callback.
        l.ui->presentation()->setStepGranularity(Granularity::Handle);
        QTest::keyClick(&l.window, Qt::Key_PageDown);
        QCOMPARE(s->currentEvent().kind, EventKind::RunBegin);
        QVERIFY(s->position() > 10);

        // Outside presentation mode the keys are left alone.
        l.window.setPresentationMode(false);
        const qint64 here = s->position();
        QTest::keyClick(&l.window, Qt::Key_PageDown);
        QTest::keyClick(&l.window, Qt::Key_B);
        QCOMPARE(s->position(), here);
    }

    void spaceTypesIntoTheNoteEditor()
    {
        Lecture l;
        QVERIFY(prepare(l));
        l.ui->notesDock()->show();
        l.ui->presentation()->setPanels({ QStringLiteral("notesDock") });
        l.window.setPresentationMode(true);
        l.window.session()->goTo(2);
        QPlainTextEdit* editor = l.ui->notesPanel()->editor();
        l.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&l.window));
        editor->setFocus();
        QCOMPARE(QApplication::focusWidget(), editor);
        QTest::keyClicks(editor, QStringLiteral("a b"));
        QCOMPARE(l.window.session()->position(), 2);
        QCOMPARE(l.ui->recorder()->note(2), QStringLiteral("a b"));
        QTest::keyClick(editor, Qt::Key_PageDown); // the clicker still steps
        QCOMPARE(l.window.session()->position(), 3);
    }

    void captionShowsTheCurrentNote()
    {
        Lecture l;
        QVERIFY(prepare(l));
        QLabel* caption = l.ui->presentation()->caption();
        l.window.session()->goTo(4);
        QVERIFY(caption->isHidden()); // only while presenting
        l.ui->presentation()->setStepGranularity(Granularity::Event);
        l.window.setPresentationMode(true);
        QVERIFY(!caption->isHidden());
        QCOMPARE(caption->text(), QStringLiteral("main is created"));
        QTest::keyClick(&l.window, Qt::Key_PageDown);
        QCOMPARE(l.window.session()->position(), 5);
        QVERIFY(caption->isHidden());
        QTest::keyClick(&l.window, Qt::Key_Space);
        QVERIFY(!caption->isHidden());
        QCOMPARE(caption->text(), QStringLiteral("first iteration"));
        QTest::keyClick(&l.window, Qt::Key_B);
        QTest::keyClick(&l.window, Qt::Key_B);
        QCOMPARE(caption->text(), QStringLiteral("back at the bookmark"));
        // A note edited while presenting shows at once.
        l.ui->recorder()->setNote(30, QStringLiteral("edited"));
        QCOMPARE(caption->text(), QStringLiteral("edited"));
        // The caption sits inside the loop view, along its bottom edge.
        QVERIFY(l.window.loopView()->rect().contains(caption->geometry()));
        QVERIFY(caption->geometry().bottom() > l.window.loopView()->height() / 2);
        QTest::keyClick(&l.window, Qt::Key_Escape);
        QVERIFY(caption->isHidden());
    }
};

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
