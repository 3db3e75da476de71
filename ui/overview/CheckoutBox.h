#pragma once

#include <QGroupBox>

class QComboBox;
class QLabel;
class QPushButton;
class Sandbox;

/// The Overview's checkout facts: "Create .env from .env.example" when there is no .env, the
/// model profiles (choosing one writes MODEL_PROFILE), whether the model server answers and lists
/// the model, and what the running stack gets wrong (StackAdviceMonitor).
class CheckoutBox : public QGroupBox {
    Q_OBJECT
public:
    explicit CheckoutBox(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    void syncProfiles();
    void syncAdvice();

    Sandbox& m_sandbox;
    QPushButton* m_createEnv;
    QLabel* m_envState;
    QComboBox* m_profiles;
    QLabel* m_profilesLabel;
    QLabel* m_modelServer;
    QLabel* m_advice;
};
