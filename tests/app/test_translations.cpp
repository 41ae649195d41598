// Every user-visible string of the app (window, command line, session messages) has a
// German translation: lupdate, run over today's sources into a copy of
// translations/pmproxy_de.ts, must find nothing new or unfinished. When this fails, run
// `cmake --build BUILD --target update_translations` and translate what it lists.
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

TEST_CASE("every user-visible string of the app has a German translation") {
    QTemporaryDir dir;
    const QString ts = dir.filePath(u"pmproxy_de.ts"_s);
    REQUIRE(QFile::copy(QStringLiteral(PMPROXY_TS_FILE), ts));
    QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);

    QStringList args{u"-no-obsolete"_s, u"-locations"_s, u"none"_s};
    QDirIterator it(QStringLiteral(PMPROXY_APP_SOURCE_DIR), {u"*.cpp"_s, u"*.h"_s}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        args << it.next();
    args << u"-I"_s << QStringLiteral(PMPROXY_APP_SOURCE_DIR) << u"-I"_s
         << QStringLiteral(PMPROXY_CORE_SOURCE_DIR) << u"-ts"_s << ts;
    QProcess lupdate;
    lupdate.start(QStringLiteral(LUPDATE_BIN), args);
    REQUIRE(lupdate.waitForFinished(60000));
    REQUIRE(lupdate.exitCode() == 0);

    QFile file(ts);
    REQUIRE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString context, source;
    QStringList missing;
    int messages = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name"_s) {
            context = xml.readElementText();
        } else if (xml.name() == u"source"_s) {
            source = xml.readElementText();
            ++messages;
        } else if (xml.name() == u"translation"_s) {
            const bool unfinished = xml.attributes().value(u"type"_s) == u"unfinished"_s;
            if (unfinished || xml.readElementText().trimmed().isEmpty())
                missing << context + u": "_s + source;
        }
    }
    REQUIRE_FALSE(xml.hasError());
    INFO("untranslated:\n" << missing.join(u'\n').toStdString());
    CHECK(messages > 50);
    CHECK(missing.isEmpty());
}
