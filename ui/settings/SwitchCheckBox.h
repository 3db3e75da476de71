#pragma once

#include <QCheckBox>

/// A QCheckBox drawn as an on/off switch (a pill with a sliding knob) followed by its text.
/// It stays a QCheckBox: same signals, keyboard handling (Space) and mnemonics.
class SwitchCheckBox : public QCheckBox {
    Q_OBJECT
public:
    explicit SwitchCheckBox(const QString& text, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool hitButton(const QPoint& pos) const override;

private:
    QRect trackRect() const;
};
