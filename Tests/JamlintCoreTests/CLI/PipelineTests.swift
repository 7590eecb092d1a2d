import Foundation
import Testing
@testable import JamlintCore

/// The runner's hand-over of results: in input order, for any window, whatever order the workers
/// finish in, and without waiting forever when the delivering thread sleeps for a batch or for
/// inputs that have run out.
@Suite struct PipelineTests {
    @Test(arguments: [1, 2, 3, 5, 17, 32, 64])
    func resultsComeInOrderForAnyWindow(window: Int) {
        for count in [0, 1, 2, 15, 16, 17, 100] {
            let inputs = (0..<count).map { LintInput.failure(ParseError(path: "f\($0)", message: "x")) }
            let source = LintRunner.Source(inputs.dropFirst(min(2, count)).makeIterator(), first: Array(inputs.prefix(2)))
            let pipeline = LintRunner.Pipeline(source: source, window: window)
            let group = DispatchGroup()
            for worker in 0..<3 {
                DispatchQueue.global().async(group: group) {
                    while let (i, input) = pipeline.claim() {
                        // Uneven work, so results finish out of order.
                        if (i * 7 + worker) % 5 == 0 { usleep(UInt32(200 + (i % 3) * 300)) }
                        pipeline.store(FileResult(path: input.path, findings: []), at: i)
                    }
                }
            }
            var paths: [String] = []
            while let result = pipeline.take(paths.count) { paths.append(result.path) }
            group.wait()
            #expect(paths == (0..<count).map { "f\($0)" }, "window \(window), count \(count)")
        }
    }
}
