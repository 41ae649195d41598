#pragma once

#include <QSqlDatabase>
#include <QString>

namespace gw {

// The accounting database's schema, versioned: table schema_version holds one row with
// the version, and each migration moves the database one version up inside its own
// transaction (a failed step leaves the previous version intact).
//
//   1  traffic(id, time, session, ip, port, platform, sub, jti, path, bytesUp, bytesDown)
//   2  + traffic.requests, traffic.wsMessages; index on time (for ?since= and retention)
//   3  traffic.sub and traffic.jti may be NULL (tokens without those claims); rows kept
//   4  + traffic.agent (NULL unless the session went through an agent)
//
// A database newer than this build is refused rather than guessed at.
class TrafficSchema {
public:
    static constexpr int kCurrentVersion = 5;

    // 0 for an empty database; -1 when it cannot be read.
    static int version(const QSqlDatabase &db);
    // Migrates DB up to TARGET (kCurrentVersion by default; tests stop earlier to build
    // an old database). Empty string on success, else the problem.
    static QString migrate(QSqlDatabase &db, int target = kCurrentVersion);
};

} // namespace gw
