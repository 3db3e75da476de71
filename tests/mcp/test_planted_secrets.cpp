// Fuzz-style, deterministic: generated report records (random nesting, fields, long strings,
// invalid UTF-8, malformed and oversize lines) carrying the checkout's registered .env secrets and
// token=-style values, and generated MCP files carrying secrets after secret-named flags, in URL
// user information and in secret-named keys. No planted secret may reach any stdout or stderr of
// the real sandbox-ctl (reports, --json, --alerts; mcp list, review, --json) nor the MCP audit and
// reviewed-state files written by `mcp review --yes`.
#include "CtlRun.h"
#include "McpFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

namespace {
const QString kLetters = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

class Generator {
public:
    explicit Generator(quint32 seed)
        : m_rng(seed)
    {
    }
    int below(int n) { return int(m_rng.bounded(n)); }
    bool chance(int percent) { return below(100) < percent; }
    QString word(int minLen, int maxLen)
    {
        QString s;
        const int n = minLen + below(maxLen - minLen + 1);
        for (int i = 0; i < n; ++i)
            s += kLetters.at(below(int(kLetters.size())));
        return s;
    }
    /// Noise: words, punctuation, spaces, control characters, non-ASCII, sometimes very long.
    QString noise()
    {
        static const QStringList bits{QStringLiteral(" "),      QStringLiteral("/"),      QStringLiteral("--"),      QStringLiteral("="),
                                      QStringLiteral(","),      QStringLiteral("\""),     QStringLiteral("\x1b[2K"), QStringLiteral("\t"),
                                      QStringLiteral("\u00e9"), QStringLiteral("\u202e"), QStringLiteral("{"),       QStringLiteral("@")};
        QString s;
        const int n = below(6);
        for (int i = 0; i < n; ++i)
            s += chance(60) ? word(1, 12) : bits.at(below(int(bits.size())));
        if (chance(3))
            s += QString(2000 + below(20000), QLatin1Char('x'));
        return s;
    }
    QJsonValue scalar()
    {
        switch (below(4)) {
        case 0: return below(100000);
        case 1: return chance(50);
        case 2: return QJsonValue::Null;
        }
        return noise();
    }

private:
    QRandomGenerator m_rng;
};

/// A report record's fields with \a secret planted somewhere: a known field the summaries show,
/// a random nested value, or a key.
QJsonObject record(Generator& g, int kind, int seq, const QString& secret)
{
    const QString planted = g.noise() + (g.chance(50) ? QStringLiteral(" ") : QString()) + secret + (g.chance(50) ? QStringLiteral(" ") : QString())
                            + g.noise();
    QJsonObject o{{QStringLiteral("timestamp"), QStringLiteral("2026-01-01T%1:%2:%3Z")
                                                    .arg(seq / 3600 % 24, 2, 10, QLatin1Char('0'))
                                                    .arg(seq / 60 % 60, 2, 10, QLatin1Char('0'))
                                                    .arg(seq % 60, 2, 10, QLatin1Char('0'))}};
    const int where = g.below(4);
    const QString shown = where == 0 ? planted : g.noise();
    if (kind == 0) {
        o.insert(QStringLiteral("mem_used_pct"), g.below(100));
        o.insert(QStringLiteral("process_count"), g.below(50));
        o.insert(QStringLiteral("top_processes"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("user"), g.noise()}, {QStringLiteral("pid"), seq}, {QStringLiteral("mem"), 1.5}, {QStringLiteral("command"), shown}}});
    } else if (kind == 1) {
        o.insert(QStringLiteral("status"), QStringLiteral("warning"));
        o.insert(QStringLiteral("expected_ports"), QJsonArray{QStringLiteral("3000")});
        o.insert(QStringLiteral("unexpected"),
                 QJsonArray{QJsonObject{{QStringLiteral("address"), QStringLiteral("0.0.0.0:%1").arg(4000 + seq)}, {QStringLiteral("process"), shown}}});
    } else {
        o.insert(QStringLiteral("process_count"), g.below(50));
        o.insert(QStringLiteral("listeners"), QJsonArray{shown, g.noise()});
    }
    // Random nesting, with the secret deep inside or as a key.
    QJsonValue nested = where == 1 ? QJsonValue(planted) : g.scalar();
    for (int depth = g.below(6); depth > 0; --depth) {
        if (g.chance(50))
            nested = QJsonArray{g.scalar(), nested};
        else
            nested = QJsonObject{{g.word(1, 8), nested}, {g.word(1, 8), g.scalar()}};
    }
    o.insert(g.word(3, 10), nested);
    if (where == 2)
        o.insert(planted, g.scalar());
    if (where == 3)
        o.insert(QStringLiteral("note"), planted);
    return o;
}

/// One record line: valid, pretty-printed over lines, with invalid UTF-8 (anywhere but inside
/// the planted \a secret), malformed, or oversize.
QByteArray line(Generator& g, const QJsonObject& o, int seq, const QString& secret)
{
    QByteArray bytes = QJsonDocument(o).toJson(g.chance(10) ? QJsonDocument::Indented : QJsonDocument::Compact).trimmed();
    const int shape = g.below(100);
    if (shape < 8) {
        int at = g.below(int(bytes.size()));
        const qsizetype planted = bytes.indexOf(secret.toUtf8());
        if (planted >= 0 && at > planted && at < planted + secret.toUtf8().size())
            at = int(planted);
        bytes.insert(at, "\xff\xfe");
    } else if (shape < 14) {
        bytes.chop(1 + g.below(3));
    } else if (seq % 100 == 7 && bytes.endsWith('}')) { // over the 1 MB record limit: only a preview is kept
        bytes.insert(bytes.size() - 1, QByteArray(",\"pad\":\"") + QByteArray(1 << 20, 'p') + '"');
    }
    return bytes + '\n';
}
} // namespace

class TestPlantedSecrets : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_registered;

    QString logs() const { return m_dir.filePath(QStringLiteral("projects/demo/logs")); }

    /// Fails naming the command and the secret when any planted one is in \a text.
    static bool clean(const QString& text, const QStringList& planted, const QString& where)
    {
        for (const QString& p : planted) {
            const qsizetype at = text.indexOf(p);
            if (at >= 0) {
                qWarning("%s shows %s: ...%s...", qPrintable(where), qPrintable(p), qPrintable(text.mid(std::max<qsizetype>(0, at - 80), p.size() + 160)));
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Generator g(2212);
        m_registered = {QStringLiteral("gh") + QStringLiteral("p_") + g.word(36, 36), QStringLiteral("lm-") + g.word(20, 20),
                        QStringLiteral("Svc") + g.word(12, 12)};
        McpFixture::make(m_dir, "PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + m_dir.filePath(QStringLiteral("projects")).toUtf8()
                                    + "\nGITHUB_TOKEN=" + m_registered.at(0).toUtf8() + "\nLM_STUDIO_API_KEY=" + m_registered.at(1).toUtf8()
                                    + "\nBILLING_SERVICE_SECRET=" + m_registered.at(2).toUtf8() + "\n");
        QVERIFY(QDir().mkpath(logs()));
    }

    void reportsNeverShowAPlantedSecret()
    {
        Generator g(20261207);
        QStringList planted = m_registered;
        QByteArray files[3];
        for (int seq = 0; seq < 300; ++seq) {
            QString secret;
            if (g.chance(60)) {
                secret = m_registered.at(g.below(3));
            } else {
                static const QStringList keys{QStringLiteral("token"), QStringLiteral("GITHUB_TOKEN"), QStringLiteral("api_key"), QStringLiteral("DB_PASSWORD"),
                                              QStringLiteral("client_secret")};
                const QString value = g.word(8, 24);
                planted << value;
                secret = keys.at(g.below(int(keys.size()))) + QLatin1Char('=') + value;
            }
            const int kind = g.below(3);
            files[kind] += line(g, record(g, kind, seq, secret), seq, secret);
        }
        QVERIFY(McpFixture::write(logs() + QStringLiteral("/resources.jsonl"), files[0]));
        QVERIFY(McpFixture::write(logs() + QStringLiteral("/portscan.jsonl"), files[1]));
        QVERIFY(McpFixture::write(logs() + QStringLiteral("/security_summary.jsonl"), files[2]));
        const QList<QStringList> commands{{QStringLiteral("reports"), QStringLiteral("--last"), QStringLiteral("1000")},
                                          {QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--last"), QStringLiteral("1000")},
                                          {QStringLiteral("reports"), QStringLiteral("--alerts")},
                                          {QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--alerts")}};
        for (const QStringList& args : commands) {
            const CtlRun r = CtlRun::run(m_dir.path(), args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.count(QLatin1Char('\n')) >= 10, qPrintable(args.join(u' ')));
            QVERIFY(clean(r.out + r.err, planted, args.join(u' ')));
        }
    }

    void mcpNeverShowsOrStoresAPlantedSecret()
    {
        Generator g(7);
        QStringList planted = m_registered;
        for (int round = 0; round < 5; ++round) {
            QJsonObject top;
            for (int n = 0; n < 40; ++n) {
                const QString secret = g.word(8, 24);
                planted << secret;
                const QString name = QStringLiteral("srv%1x%2").arg(round).arg(n);
                QJsonArray command{QStringLiteral("npx"), g.word(3, 10) + QStringLiteral("@1.0.0")};
                if (g.chance(30))
                    command.append(QStringLiteral("--verbose"));
                QJsonObject server{{QStringLiteral("type"), QStringLiteral("local")}};
                switch (g.below(8)) {
                case 0: command << QStringLiteral("--api-key") << secret; break;
                case 1: command << QStringLiteral("--api-key=") + secret; break;
                case 2: command << QStringLiteral("--token") << secret; break;
                case 3: command << QStringLiteral("--password") << secret; break;
                case 4: command << QStringLiteral("DB_PASSWORD=") + secret; break;
                case 5: server.insert(QStringLiteral("environment"), QJsonObject{{QStringLiteral("DB_PASSWORD"), secret}}); break;
                case 6:
                    server = {{QStringLiteral("type"), QStringLiteral("remote")},
                              {QStringLiteral("url"), QStringLiteral("https://%1:%2@%3.example.test/mcp").arg(g.word(2, 8), secret, g.word(3, 8))}};
                    break;
                default:
                    server = {{QStringLiteral("type"), QStringLiteral("remote")},
                              {QStringLiteral("url"), QStringLiteral("https://mcp.example.test/%1").arg(g.word(1, 6))},
                              {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-API-Key"), secret}}}};
                }
                if (g.chance(20)) // a registered secret as a plain argument
                    command << m_registered.at(g.below(3));
                if (server.value(QStringLiteral("type")).toString() == QLatin1String("local"))
                    server.insert(QStringLiteral("command"), command);
                top.insert(name, server);
            }
            QVERIFY(McpFixture::write(m_dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson()));
            const QString reason = QStringLiteral("round %1 token=%2 %3").arg(round).arg(g.word(10, 10), m_registered.at(round % 3));
            planted << reason.section(QLatin1Char('='), 1).section(QLatin1Char(' '), 0, 0);
            const QList<QStringList> commands{{QStringLiteral("mcp"), QStringLiteral("list")},
                                              {QStringLiteral("--json"), QStringLiteral("mcp"), QStringLiteral("list")},
                                              {QStringLiteral("mcp"), QStringLiteral("review")},
                                              {QStringLiteral("--json"), QStringLiteral("mcp"), QStringLiteral("review")},
                                              {QStringLiteral("mcp"), QStringLiteral("review"), QStringLiteral("--yes"), QStringLiteral("--reason"), reason}};
            for (const QStringList& args : commands) {
                const CtlRun r = CtlRun::run(m_dir.path(), args);
                QVERIFY2(r.code >= 0, qPrintable(args.join(u' ')));
                QVERIFY2(r.out.contains(QStringLiteral("srv%1x").arg(round)) || args.last() == reason, qPrintable(args.join(u' ') + r.out));
                QVERIFY(clean(r.out + r.err, planted, args.join(u' ')));
            }
            for (const char* file : {"logs/mcp-audit.jsonl", "logs/mcp-reviewed.json"}) {
                const QString text = QString::fromUtf8(McpFixture::read(m_dir.filePath(QLatin1String(file))));
                QVERIFY2(!text.isEmpty(), file);
                QVERIFY(clean(text, planted, QLatin1String(file)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPlantedSecrets)
#include "test_planted_secrets.moc"
