#include "StatusIcons.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPolygonF>

#include <cmath>

namespace {
QPixmap paint(StatusKind kind, int badge, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const QRectF box(s * 0.06, s * 0.06, s * 0.88, s * 0.88);
    QPen white(Qt::white, s * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (kind) {
    case StatusKind::Healthy:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x9e, 0x44));
        p.drawEllipse(box);
        p.setPen(white);
        p.drawPolyline(QPolygonF{{s * 0.28, s * 0.52}, {s * 0.44, s * 0.68}, {s * 0.73, s * 0.34}});
        break;
    case StatusKind::Transitional:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2f, 0x6f, 0xc6));
        p.drawEllipse(box);
        p.setPen(white);
        p.drawLine(QPointF(s * 0.5, s * 0.24), QPointF(s * 0.5, s * 0.52));
        p.drawLine(QPointF(s * 0.5, s * 0.52), QPointF(s * 0.68, s * 0.66));
        break;
    case StatusKind::Degraded: {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe0, 0x8a, 0x00));
        p.drawPolygon(QPolygonF{{s * 0.5, s * 0.04}, {s * 0.97, s * 0.93}, {s * 0.03, s * 0.93}});
        p.setPen(white);
        p.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.62));
        p.drawPoint(QPointF(s * 0.5, s * 0.79));
        break;
    }
    case StatusKind::Stopped:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x80, 0x80, 0x80));
        p.drawRoundedRect(box, s * 0.12, s * 0.12);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(s * 0.34, s * 0.34, s * 0.32, s * 0.32));
        break;
    case StatusKind::Unavailable: {
        QPolygonF octagon;
        for (int i = 0; i < 8; ++i) {
            const double a = (22.5 + 45.0 * i) * M_PI / 180.0;
            octagon << QPointF(s * 0.5 + s * 0.46 * std::cos(a), s * 0.5 + s * 0.46 * std::sin(a));
        }
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc6, 0x28, 0x28));
        p.drawPolygon(octagon);
        p.setPen(white);
        p.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67));
        p.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67));
        break;
    }
    }
    if (badge > 0) {
        const QRectF dot(s * 0.52, 0, s * 0.48, s * 0.48);
        p.setPen(QPen(Qt::white, s * 0.04));
        p.setBrush(QColor(0xd0, 0x00, 0x30));
        p.drawEllipse(dot);
        QFont f = p.font();
        f.setPixelSize(int(s * 0.32));
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(dot, Qt::AlignCenter, badge > 9 ? QStringLiteral("9+") : QString::number(badge));
    }
    return pm;
}
} // namespace

namespace StatusIcons {

QIcon icon(StatusKind kind, int badge)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64})
        icon.addPixmap(paint(kind, badge, size));
    return icon;
}

QString label(StatusKind kind)
{
    switch (kind) {
    case StatusKind::Healthy: return QCoreApplication::translate("StatusIcons", "Running");
    case StatusKind::Transitional: return QCoreApplication::translate("StatusIcons", "Changing…");
    case StatusKind::Degraded: return QCoreApplication::translate("StatusIcons", "Degraded");
    case StatusKind::Stopped: return QCoreApplication::translate("StatusIcons", "Stopped");
    case StatusKind::Unavailable: return QCoreApplication::translate("StatusIcons", "Engine unavailable");
    }
    return {};
}

} // namespace StatusIcons

StatusKind StatusIcons::forSeverity(Alert::Severity severity)
{
    switch (severity) {
    case Alert::Severity::Critical: return StatusKind::Unavailable;
    case Alert::Severity::Warning: return StatusKind::Degraded;
    case Alert::Severity::Info: return StatusKind::Healthy;
    }
    return StatusKind::Degraded;
}
