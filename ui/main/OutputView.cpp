#include "OutputView.h"

QPlainTextEdit* makeOutputView(const QString& objectName, int maxLines, QWidget* parent)
{
    auto* view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setMaximumBlockCount(maxLines);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFont(QStringLiteral("monospace")));
    return view;
}
