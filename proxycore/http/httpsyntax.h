#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Character classes and small helpers of the HTTP/1.1 grammar (RFC 9110 §5.6,
// RFC 9112), shared by the scanners, the headers and the serializer.
namespace pc::httpsyntax {

bool isTchar(char c);          // token character
bool isVchar(char c);          // visible US-ASCII, 0x21..0x7E
bool isObsText(char c);        // 0x80..0xFF
bool isOws(char c);            // SP or HTAB
bool isFieldValueChar(char c); // VCHAR, obs-text, SP, HTAB
bool isDigit(char c);
int hexValue(char c); // -1 if not a hex digit

bool isToken(QByteArrayView s);      // 1*tchar
bool isFieldValue(QByteArrayView s); // *field-value-char (no CR, LF, NUL or other CTL)
QByteArrayView trimOws(QByteArrayView s);
bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b); // ASCII only
QByteArray toLowerAscii(QByteArrayView s);

} // namespace pc::httpsyntax
