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
        try run(stream: inputs, deliver: deliver)
    }

    /// `run` over inputs that are produced while they are taken (a folder walk, `FileWalker.Inputs`):
    /// the sequence is read in order, by one thread at a time, never more than the window ahead of
    /// the result being delivered, so neither the inputs nor their results are all held at once.
    public func run<S: Sequence>(stream inputs: S, deliver: (FileResult) throws -> Void) rethrows
        where S.Element == LintInput {
        var iterator = inputs.makeIterator()
        if jobs == 1 {
            while let input = iterator.next() { try deliver(sorted(lint(input))) }
            return
        }
        // One input (or none) needs no threads.
        guard let first = iterator.next() else { return }
        guard let second = iterator.next() else {
            try deliver(sorted(lint(first)))
            return
        }
        // Profiles of the chunked version (all workers finish a chunk, then the caller formats
        // it while they wait) showed idle cores on chunks holding one large memo; a sliding
        // window keeps the workers busy while the report is written.
        let source = Source(iterator, first: [first, second])
        let pipeline = Pipeline(source: source, window: max(jobs, jobs * chunkPerJob))
        let group = DispatchGroup()
        let runner = self
        for _ in 0..<jobs {
            DispatchQueue.global().async(group: group) {
                while let (i, input) = pipeline.claim() {
                    pipeline.store(runner.sorted(runner.lint(input)), at: i)
                }
            }
        }
        do {
            var i = 0
            while let result = pipeline.take(i) {
                try deliver(result)
                i += 1
            }
        } catch {
            pipeline.cancel()
            group.wait()
            throw error
        }
        group.wait()
    }

    /// The inputs, read by whichever worker claims the next one (one claim at a time, so never by
    /// two threads at once).
    final class Source: @unchecked Sendable {
        private var first: [LintInput]
        private var rest: any IteratorProtocol<LintInput>

        init(_ rest: some IteratorProtocol<LintInput>, first: [LintInput]) {
            self.rest = rest
            self.first = first.reversed()
        }

        func next() -> LintInput? {
            if let input = first.popLast() { return input }
            return rest.next()
        }
    }

    func sorted(_ result: FileResult) -> FileResult {
        var r = result
        r.findings.sort(by: Finding.reportOrder)
        return r
    }

    /// Work queue and result slots; every slot is written by exactly one worker and taken once.
    /// Result `i` lives in slot `i % window` from its claim until it is taken: a claim waits while the
    /// window ahead of delivery is full, so a slot is free again before it is reused.
    ///
    /// Wake-ups are batched: the delivering thread sleeps until `batch` results in a row are ready
    /// (or the last ones are), and workers are woken only when they wait for room in the window.
    /// Waking on every stored result cost some 24,000 context switches on 10,000 memos and showed as
    /// system time and idle cores.
    final class Pipeline: @unchecked Sendable {
        private let condition = NSCondition()
        private let claiming = NSLock()
        private let source: Source
        /// Inputs claimed so far.
        private var next = 0
        /// The number of inputs, once the source has run out.
        private var total: Int?
        private var delivered = 0
        /// Results ready in a row from `delivered` on.
        private var readyRun = 0
        private var waitingWorkers = 0
        private var takerWaiting = false
        private var cancelled = false
        private var results: [FileResult?]
        private let window: Int
        private let batch: Int

        init(source: Source, window: Int) {
            self.source = source
            self.window = max(1, window)
            results = Array(repeating: nil, count: self.window)
            // Never more than the window holds, or the taker could wait for results nobody may start.
            batch = max(1, min(16, self.window / 2))
        }

        /// The next input to lint and its index, waiting while the window ahead of delivery is full.
        ///
        /// One claim at a time (`claiming`), and the source is read outside `condition`: reading a
        /// folder, or a configuration's `ignore`, must not hold up the workers storing results and
        /// the delivery taking them. Only the claimer changes `next`, and `delivered` only grows,
        /// so the room found before reading is still there after.
        func claim() -> (Int, LintInput)? {
            claiming.lock()
            defer { claiming.unlock() }
            condition.lock()
            while !cancelled && total == nil && next >= delivered + window {
                waitingWorkers += 1
                condition.wait()
                waitingWorkers -= 1
            }
            let open = !cancelled && total == nil
            condition.unlock()
            guard open else { return nil }
            let input = source.next()
            condition.lock()
            defer { condition.unlock() }
            guard let input else {
                total = next
                // The taker may be waiting for a batch that will now never fill up.
                if takerWaiting { condition.broadcast() }
                return nil
            }
            next += 1
            return (next - 1, input)
        }

        func store(_ result: FileResult, at i: Int) {
            condition.lock()
            results[i % window] = result
            while delivered + readyRun < next && results[(delivered + readyRun) % window] != nil { readyRun += 1 }
            // Wake the taker for a full batch, for the last results, or when workers wait for room.
            if takerWaiting && (readyRun >= batch || delivered + readyRun == total
                                || (waitingWorkers > 0 && readyRun >= 1)) {
                condition.broadcast()
            }
            condition.unlock()
        }

        /// Waits for result `i` (the next in order) and hands it over (the slot is emptied); nil
        /// once every input has been delivered.
        func take(_ i: Int) -> FileResult? {
            condition.lock()
            defer { condition.unlock() }
            // A ready result is taken at once (so a woken taker drains the whole run); only an
            // empty slot makes it sleep, until a batch is ready.
            while results[i % window] == nil {
                if let total, i >= total { return nil }
                takerWaiting = true
                condition.wait()
                takerWaiting = false
            }
            let result = results[i % window]!
            results[i % window] = nil
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
