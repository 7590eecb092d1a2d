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
/// Workers take inputs one after the other while the calling thread delivers finished results in
/// order; at most a window of inputs beyond the last delivered one is in flight, so memory holds
/// only that many sources whatever the number of files.
public struct LintRunner: Sendable {
    public let linter: Linter
    public var jobs: Int
    public var format: DocumentFormat?
    /// Inputs in flight per job (linted or waiting to be delivered); more balances better, fewer holds less.
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
        // Profiles of the chunked version (all workers finish a chunk, then the caller formats
        // it while they wait) showed idle cores on chunks holding one large memo; a sliding
        // window keeps the workers busy while the report is written.
        let pipeline = Pipeline(count: inputs.count, window: max(jobs, jobs * chunkPerJob))
        let group = DispatchGroup()
        let runner = self
        for _ in 0..<min(jobs, inputs.count) {
            DispatchQueue.global().async(group: group) {
                while let i = pipeline.claim() {
                    pipeline.store(runner.sorted(runner.lint(inputs[i])), at: i)
                }
            }
        }
        do {
            for i in inputs.indices { try deliver(pipeline.take(i)) }
        } catch {
            pipeline.cancel()
            group.wait()
            throw error
        }
        group.wait()
    }

    func sorted(_ result: FileResult) -> FileResult {
        var r = result
        r.findings.sort(by: Finding.reportOrder)
        return r
    }

    /// Work queue and result slots; every slot is written by exactly one worker and taken once.
    ///
    /// Wake-ups are batched: the delivering thread sleeps until `batch` results in a row are ready
    /// (or the last ones are), and workers are woken only when they wait for room in the window.
    /// Waking on every stored result cost some 24,000 context switches on 10,000 memos and showed as
    /// system time and idle cores.
    final class Pipeline: @unchecked Sendable {
        private let condition = NSCondition()
        private var next = 0
        private var delivered = 0
        /// Results ready in a row from `delivered` on.
        private var readyRun = 0
        private var waitingWorkers = 0
        private var takerWaiting = false
        private var cancelled = false
        private var results: [FileResult?]
        private let window: Int
        private let batch: Int

        init(count: Int, window: Int) {
            results = Array(repeating: nil, count: count)
            self.window = max(1, window)
            // Never more than the window holds, or the taker could wait for results nobody may start.
            batch = max(1, min(16, self.window / 2))
        }

        /// The next input to lint, waiting while the window ahead of delivery is full.
        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while !cancelled && next < results.count && next >= delivered + window {
                waitingWorkers += 1
                condition.wait()
                waitingWorkers -= 1
            }
            guard !cancelled, next < results.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ result: FileResult, at i: Int) {
            condition.lock()
            results[i] = result
            while delivered + readyRun < results.count && results[delivered + readyRun] != nil { readyRun += 1 }
            // Wake the taker for a full batch, for the last results, or when workers wait for room.
            if takerWaiting && (readyRun >= batch || delivered + readyRun == results.count
                                || (waitingWorkers > 0 && readyRun >= 1)) {
                condition.broadcast()
            }
            condition.unlock()
        }

        /// Waits for result `i` (the next in order) and hands it over (the slot is emptied).
        func take(_ i: Int) -> FileResult {
            condition.lock()
            defer { condition.unlock() }
            // A ready result is taken at once (so a woken taker drains the whole run); only an
            // empty slot makes it sleep, until a batch is ready.
            while results[i] == nil {
                takerWaiting = true
                condition.wait()
                takerWaiting = false
            }
            let result = results[i]!
            results[i] = nil
            delivered = i + 1
            readyRun = max(0, readyRun - 1)
            if waitingWorkers > 0 { condition.broadcast() }
            return result
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
