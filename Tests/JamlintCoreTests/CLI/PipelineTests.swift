import Foundation
import Testing
@testable import JamlintCore

/// The runner's hand-over of results: in input order, for any window, whatever order the workers
/// finish in, and without waiting forever when the delivering thread sleeps for a batch.
@Suite struct PipelineTests {
    @Test(arguments: [1, 2, 3, 5, 17, 32, 64])
    func resultsComeInOrderForAnyWindow(window: Int) {
        for count in [0, 1, 2, 15, 16, 17, 100] {
            let pipeline = LintRunner.Pipeline(count: count, window: window)
            let group = DispatchGroup()
            for worker in 0..<3 {
                DispatchQueue.global().async(group: group) {
                    while let i = pipeline.claim() {
                        // Uneven work, so results finish out of order.
                        if (i * 7 + worker) % 5 == 0 { usleep(UInt32(200 + (i % 3) * 300)) }
                        pipeline.store(FileResult(path: "f\(i)", findings: []), at: i)
                    }
                }
            }
            var paths: [String] = []
            for i in 0..<count { paths.append(pipeline.take(i).path) }
            group.wait()
            #expect(paths == (0..<count).map { "f\($0)" }, "window \(window), count \(count)")
        }
    }
}
