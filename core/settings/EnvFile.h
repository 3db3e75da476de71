#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

/// One physical line of a `.env` file, kept byte for byte.
struct EnvLine {
    enum class Kind { Blank, Comment, Assignment, Other };
    Kind kind = Kind::Other;
    QByteArray text; ///< the line without its end-of-line bytes
    QByteArray eol;  ///< "\n", "\r\n" or empty (last line without a final newline)
    // Assignment lines only:
    QString key;
    QString value;            ///< decoded value, as the shell and compose read it
    qsizetype valueStart = 0; ///< byte offset of the raw value in text
    qsizetype valueEnd = 0;   ///< byte offset just after the raw value (quotes included)
    char quote = 0;           ///< '"', '\'' or 0 for an unquoted value
};

/// Lossless model of a `.env` file: parse() then serialize() gives back the same bytes, and
/// set() rewrites only the line of the key it changes.
class EnvFile {
public:
    /// Parses any bytes; lines that are not assignments are kept as they are.
    static EnvFile parse(const QByteArray& bytes);
    /// The file's bytes: the parsed bytes plus any edits.
    QByteArray serialize() const;

    const std::vector<EnvLine>& lines() const { return m_lines; }
    /// True when \a key is assigned somewhere in the file.
    bool contains(const QString& key) const { return lineOf(key) >= 0; }
    /// The effective value of \a key (last assignment wins, as when sourced).
    std::optional<QString> value(const QString& key) const;
    /// value() or \a fallback when the key is absent.
    QString value(const QString& key, const QString& fallback) const;
    /// Keys in file order, each once.
    QStringList keys() const;
    /// Keys whose effective value differs between \a a and \b b (added or removed included).
    static QStringList changedKeys(const EnvFile& a, const EnvFile& b);
    /// Keys assigned more than once.
    QStringList duplicateKeys() const;
    /// 1-based numbers of lines that are neither blank, comment nor assignment.
    QList<int> malformedLines() const;
    /// Index of the line holding the effective assignment of \a key, or -1.
    int lineOf(const QString& key) const;

    /// Writes \a value for \a key: rewrites its effective line (keeping prefix, quoting style
    /// where safe and trailing comment) or inserts a new line next to related keys.
    /// Returns false with *error when the value cannot be written safely; nothing changes then.
    bool set(const QString& key, const QString& value, QString* error = nullptr);

    /// True for a valid key name: [A-Za-z_][A-Za-z0-9_]*.
    static bool isValidKey(const QString& key);
    /// The raw text to write for \a value so that `set -a; . .env` and docker-compose v1/v2 all
    /// read \a value back; \a preferredQuote is tried first. Empty optional with *error if none.
    static std::optional<QByteArray> encodeValue(const QString& value, char preferredQuote = 0, QString* error = nullptr);
    /// Decodes a raw value (quotes, escapes, inline comment) the way the shell reads it.
    static QString decodeValue(const QByteArray& raw, char* quote = nullptr, qsizetype* rawEnd = nullptr);

private:
    static EnvLine parseLine(const QByteArray& text, const QByteArray& eol);
    int insertionIndex(const QString& key) const;
    QByteArray defaultEol() const;

    std::vector<EnvLine> m_lines;
};
