#include "SwitchCheckBox.h"

#include <QPainter>
#include <QStyleOptionFocusRect>

namespace {
constexpr int kTrackWidth = 34;
constexpr int kTrackHeight = 18;
constexpr int kGap = 8;
} // namespace

SwitchCheckBox::SwitchCheckBox(const QString& text, QWidget* parent)
    : QCheckBox(text, parent)
{
    setCursor(Qt::PointingHandCursor);
}

QSize SwitchCheckBox::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const int textWidth = fm.horizontalAdvance(QString(text()).remove(u'&'));
    return {kTrackWidth + kGap + textWidth + 4, std::max(kTrackHeight, fm.height()) + 4};
}

QRect SwitchCheckBox::trackRect() const
{
    return {1, (height() - kTrackHeight) / 2, kTrackWidth, kTrackHeight};
}

bool SwitchCheckBox::hitButton(const QPoint& pos) const
{
    return rect().contains(pos);
}

void SwitchCheckBox::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const bool on = isChecked();
    const QRect track = trackRect();
    QColor fill = on ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid);
    if (!isEnabled())
        fill.setAlpha(110);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(track, kTrackHeight / 2.0, kTrackHeight / 2.0);
    const int knob = kTrackHeight - 4;
    const int x = on ? track.right() - knob - 1 : track.left() + 2;
    p.setBrush(pal.color(QPalette::Base));
    p.drawEllipse(QRect(x, track.top() + 2, knob, knob));

    const QRect textRect = rect().adjusted(kTrackWidth + kGap, 0, 0, 0);
    p.setPen(pal.color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
    style()->drawItemText(&p, textRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextShowMnemonic, pal, isEnabled(), text());
    if (hasFocus()) {
        QStyleOptionFocusRect focus;
        focus.initFrom(this);
        focus.rect = track.adjusted(-1, -1, 1, 1);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &p, this);
    }
}
