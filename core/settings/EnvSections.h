#pragma once

#include "core/settings/EnvFile.h"

#include <QList>

/// A group of keys under one of the file's section comments (e.g. "# --- Logging ---").
struct EnvSection {
    QString title;
    QStringList keys;
};

/// Groups the keys of \a env by the section comments that precede them, in file order. Keys
/// before the first section comment form a "General" section.
QList<EnvSection> envSections(const EnvFile& env);

/// Line diff of two texts: lines only in \a before as "-line", then lines only in \a after as
/// "+line" (differing middle after the common head and tail); secrets redacted.
QStringList envLineDiff(const QByteArray& before, const QByteArray& after);
