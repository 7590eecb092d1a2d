import Foundation

/// Work started on another thread while the caller goes on: `value()` waits for it and returns its
/// result or rethrows its error. For the few independent pieces of start-up work (`RuleSet.load`).
final class Concurrent<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the worker before `done` is signalled, read only after waiting for it.
    private var result: Result<Value, any Error>?
    private let lock = NSLock()
    private var waited = false

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// The work's value (or error). Waits the first time; later calls return the same.
    func value() throws -> Value {
        lock.lock()
        if !waited {
            done.wait()
            waited = true
        }
        lock.unlock()
        switch result {
        case .some(let r): return try r.get()
        case .none: preconditionFailure("Concurrent: the work ended without a result")
        }
    }
}
