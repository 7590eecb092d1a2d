import Foundation

/// One thing to lint: a file on disk, bytes from elsewhere (stdin, a staged blob, loaded lazily
/// by the worker so blobs are not all held at once), or a path that could not even be opened.
public enum LintInput: Sendable {
    case file(String)
    case bytes(path: String, load: @Sendable () -> Result<[UInt8], ParseError>)
    case failure(ParseError)

    public var path: String {
        switch self {
        case .file(let p): return p
        case .bytes(let p, _): return p
        case .failure(let e): return e.path
        }
    }
}

/// Lints many inputs on several threads and hands the results back strictly in input order.
/// Inputs are processed in chunks: a chunk's documents are linted in parallel, its results are
/// delivered in order, then dropped, so memory holds at most one chunk of sources.
public struct LintRunner: Sendable {
    public let linter: Linter
    public var jobs: Int
    public var format: DocumentFormat?
    /// Inputs per chunk for each job; larger chunks balance better, smaller ones hold less.
    public var chunkPerJob = 16

    public init(linter: Linter, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                format: DocumentFormat? = nil) {
        self.linter = linter
        self.jobs = max(1, jobs)
        self.format = format
    }

    public func lint(_ input: LintInput) -> FileResult {
        switch input {
        case .file(let path):
            return linter.lintFile(path: path, format: format)
        case .bytes(let path, let load):
            switch load() {
            case .success(let bytes): return linter.lintBytes(bytes, path: path, format: format)
            case .failure(let error): return FileResult(path: path, findings: [], error: error)
            }
        case .failure(let error):
            return FileResult(path: error.path, findings: [], error: error)
        }
    }

    /// Calls `deliver` once per input, in input order, with findings in report order.
    public func run(_ inputs: [LintInput], deliver: (FileResult) throws -> Void) rethrows {
        if jobs == 1 || inputs.count <= 1 {
            for input in inputs { try deliver(sorted(lint(input))) }
            return
        }
        let chunkSize = max(jobs, jobs * chunkPerJob)
        var start = 0
        while start < inputs.count {
            let end = min(start + chunkSize, inputs.count)
            let slots = Slots(count: end - start)
            let workers = min(jobs, end - start)
            let base = start
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = slots.claim() {
                    slots.store(sorted(lint(inputs[base + i])), at: i)
                }
            }
            for result in slots.take() { try deliver(result) }
            start = end
        }
    }

    func sorted(_ result: FileResult) -> FileResult {
        var r = result
        r.findings.sort(by: Finding.reportOrder)
        return r
    }

    /// Work queue and result slots of one chunk; every slot is written by exactly one worker.
    final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var results: [FileResult?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ result: FileResult, at i: Int) {
            lock.lock()
            results[i] = result
            lock.unlock()
        }

        func take() -> [FileResult] {
            lock.lock()
            defer { lock.unlock() }
            return results.compactMap { $0 }
        }
    }
}
