#include "CheckoutBox.h"

#include "core/checkout/ModelProfiles.h"
#include "core/compose/StackAdviceMonitor.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>

CheckoutBox::CheckoutBox(Sandbox& sandbox, QWidget* parent)
    : QGroupBox(tr("Checkout"), parent)
    , m_sandbox(sandbox)
    , m_createEnv(new QPushButton(tr("Create .env from .env.example"), this))
    , m_envState(new QLabel(this))
    , m_profiles(new QComboBox(this))
    , m_profilesLabel(new QLabel(tr("Model profile:"), this))
    , m_modelServer(new QLabel(this))
    , m_advice(new QLabel(this))
{
    setObjectName(QStringLiteral("overviewCheckout"));
    m_createEnv->setObjectName(QStringLiteral("createEnvButton"));
    m_envState->setObjectName(QStringLiteral("envState"));
    m_profiles->setObjectName(QStringLiteral("modelProfileCombo"));
    m_modelServer->setObjectName(QStringLiteral("modelServerState"));
    m_advice->setObjectName(QStringLiteral("stackAdvice"));
    for (QLabel* l : {m_envState, m_modelServer, m_advice}) {
        l->setTextFormat(Qt::PlainText);
        l->setWordWrap(true);
    }
    auto* form = new QFormLayout(this);
    form->addRow(m_envState);
    form->addRow(m_createEnv);
    form->addRow(m_profilesLabel, m_profiles);
    form->addRow(tr("Model server:"), m_modelServer);
    form->addRow(m_advice);

    const Checkout& checkout = m_sandbox.checkout();
    const bool needsEnv = checkout.needsEnvFromExample();
    m_envState->setText(needsEnv ? tr("This checkout has no .env. The panel does not start on the example's values: create .env from "
                                      ".env.example (mode 600), then review it.")
                                 : QString());
    m_envState->setVisible(needsEnv);
    m_createEnv->setVisible(needsEnv);
    connect(m_createEnv, &QPushButton::clicked, this, [this] {
        QString error;
        if (!m_sandbox.checkout().createEnvFromExample(&error)) {
            QMessageBox::warning(this, tr("Create .env"), error);
            return;
        }
        m_sandbox.settings().load();
        m_envState->setText(tr("Created %1 from .env.example (mode 600). Review it before starting.").arg(m_sandbox.checkout().envFile()));
        m_createEnv->hide();
        syncProfiles();
    });

    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        const QString name = m_profiles->itemData(index).toString();
        const Settings::Result r = m_sandbox.settings().set(QStringLiteral("MODEL_PROFILE"), name);
        if (!r.ok())
            QMessageBox::warning(this, tr("Model profile"), r.message);
        syncProfiles();
    });
    connect(&m_sandbox.settings(), &Settings::changed, this, &CheckoutBox::syncProfiles);
    connect(&m_sandbox.advice(), &StackAdviceMonitor::changed, this, &CheckoutBox::syncAdvice);
    syncProfiles();
    syncAdvice();
}

void CheckoutBox::syncProfiles()
{
    const QList<ModelProfile> list = ModelProfiles::list(m_sandbox.checkout().root());
    const QString active = m_sandbox.settings().value(QStringLiteral("MODEL_PROFILE"));
    const QSignalBlocker block(m_profiles);
    m_profiles->clear();
    m_profiles->addItem(tr("(none: the LLM_SOURCE model key)"), QString());
    for (const ModelProfile& p : list) {
        const QString text = p.error.isEmpty() ? tr("%1 — %2, context %3").arg(p.name, p.model).arg(p.context) : tr("%1 — unreadable: %2").arg(p.name, p.error);
        m_profiles->addItem(text, p.name);
    }
    m_profiles->setCurrentIndex(std::max(0, m_profiles->findData(active)));
    m_profiles->setVisible(!list.isEmpty());
    m_profilesLabel->setVisible(!list.isEmpty());
}

void CheckoutBox::syncAdvice()
{
    const StackAdviceMonitor& monitor = m_sandbox.advice();
    const ModelServerStatus model = monitor.modelServer();
    m_modelServer->setText(model.source.isEmpty() ? tr("checking…") : model.summary());
    m_modelServer->setStyleSheet(model.answered && (model.listsModel || model.model.isEmpty()) ? QString() : QStringLiteral("color: #9a5b00"));
    QStringList lines;
    for (const StackAdvice& a : monitor.advice())
        lines << (a.kind == StackAdvice::Kind::Warning ? tr("Warning: %1").arg(a.text) : a.text);
    m_advice->setText(lines.join(QLatin1Char('\n')));
    m_advice->setStyleSheet(QStringLiteral("color: #9a5b00"));
    m_advice->setVisible(!lines.isEmpty());
}
