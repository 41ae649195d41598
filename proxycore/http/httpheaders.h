#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <initializer_list>

namespace pc {

// An HTTP header (or trailer) section: an ordered list of fields whose names compare
// case-insensitively (ASCII). Keeps each field's original spelling and position and
// allows repeated names. Holds bytes as received; HttpSerializer validates on output.
class HttpHeaders {
public:
    struct Field {
        QByteArray name;
        QByteArray value;
        friend bool operator==(const Field &, const Field &) = default;
    };
    using const_iterator = QList<Field>::const_iterator;

    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<Field> fields);

    // Adds a field at the end, even if the name is already present.
    void append(QByteArray name, QByteArray value);
    // Replaces every field of that name by one: the first keeps its position (and
    // takes the given spelling), the others are removed; appends if there was none.
    void set(QByteArray name, QByteArray value);
    // Removes every field of that name; returns how many were removed.
    qsizetype remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    // Value of the first field of that name; empty if none (see contains()).
    QByteArray value(QByteArrayView name) const;
    // Values of every field of that name, in order.
    QList<QByteArray> values(QByteArrayView name) const;
    // The values of every field of that name joined with ", " (RFC 9110 §5.3).
    QByteArray combinedValue(QByteArrayView name) const;
    // How many fields have that name.
    qsizetype countOf(QByteArrayView name) const;

    qsizetype count() const;
    bool isEmpty() const;
    const Field &at(qsizetype i) const;
    const QList<Field> &fields() const;
    const_iterator begin() const;
    const_iterator end() const;

    // The connection options of every Connection field: split on commas, OWS trimmed,
    // lowercased, empty elements dropped.
    QList<QByteArray> connectionTokens() const;
    // Removes the hop-by-hop fields of RFC 9110 §7.6.1 (Connection, Keep-Alive,
    // Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade, Proxy-Authenticate,
    // Proxy-Authorization) and every field named by a Connection option, except
    // Content-Length: a proxy must frame the body it forwards, so a client listing
    // it in Connection must not be able to make the forwarded message lose its length.
    void removeHopByHop();

    friend bool operator==(const HttpHeaders &, const HttpHeaders &) = default;

private:
    QList<Field> m_fields;
};

} // namespace pc
