#include "EmptyViewText.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>

namespace {
/// Keeps the label over the whole viewport and shows it only while the model is empty.
class EmptyViewFilter : public QObject {
public:
    EmptyViewFilter(QAbstractItemView* view, QLabel* label)
        : QObject(label)
        , m_view(view)
        , m_label(label)
    {
        view->viewport()->installEventFilter(this);
    }
    void sync()
    {
        const QAbstractItemModel* model = m_view->model();
        m_label->setGeometry(m_view->viewport()->rect().adjusted(8, 8, -8, -8));
        m_label->setVisible(!model || model->rowCount() == 0);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_view->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
            sync();
        return false;
    }

private:
    QAbstractItemView* m_view;
    QLabel* m_label;
};
} // namespace

QLabel* setEmptyViewText(QAbstractItemView* view, const QString& text)
{
    auto* label = new QLabel(text, view->viewport());
    label->setObjectName(view->objectName() + QStringLiteral("Empty"));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setAttribute(Qt::WA_TransparentForMouseEvents);
    label->setForegroundRole(QPalette::PlaceholderText);
    view->setAccessibleDescription(text);
    auto* filter = new EmptyViewFilter(view, label);
    if (QAbstractItemModel* model = view->model()) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            QObject::connect(model, signal, label, [filter] { filter->sync(); });
        QObject::connect(model, &QAbstractItemModel::modelReset, label, [filter] { filter->sync(); });
        QObject::connect(model, &QAbstractItemModel::layoutChanged, label, [filter] { filter->sync(); });
    }
    filter->sync();
    return label;
}
