#pragma once

#include <QString>

/// The writer lock of one checkout, shared by the panel and every sandbox-ctl process.
///
/// It is an exclusive flock(2) on the checkout folder itself: nothing is created in the checkout
/// (no lock file, no logs/), every user who can read the checkout can take it (root and the
/// operator alike), and the kernel drops it when a holder dies. Writers hold it from reading a
/// file to renaming its replacement and appending the audit line, and compare the file on disk
/// after taking it. Within one process it is recursive (a CLI command takes it before reading;
/// the Settings/Allowlists write it calls takes it again).
class CheckoutLock {
public:
    /// Waits up to \a timeoutMs for the lock of \a checkoutRoot.
    explicit CheckoutLock(const QString& checkoutRoot, int timeoutMs = 15000);
    ~CheckoutLock();
    CheckoutLock(const CheckoutLock&) = delete;
    CheckoutLock& operator=(const CheckoutLock&) = delete;

    bool locked() const { return m_locked; }
    /// Why it is not held ("another writer holds ..."), empty when locked().
    QString error() const { return m_error; }
    /// Gives the lock up before the destructor would (e.g. before asking a person).
    void release();

private:
    QString m_key;
    bool m_locked = false;
    QString m_error;
};
