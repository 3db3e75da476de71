#pragma once

#include <QString>

class QAbstractItemView;
class QLabel;

/// Shows \a text (why the view is empty and what fills it, e.g. "No alerts yet: …") centred over
/// \a view while its model has no rows; hidden as soon as a row arrives. The label is a child of the
/// viewport named "<view's objectName>Empty". Returns it.
QLabel* setEmptyViewText(QAbstractItemView* view, const QString& text);
