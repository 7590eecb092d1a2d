import Foundation
import Testing

/// Runs the built `jamlint` executable. It sits next to the test bundle (both are products of
/// `swift build --build-tests`); the package root's `.build/debug/jamlint` is the fallback.
enum JamlintBinary {
    static let path: String? = {
        var candidates: [String] = []
        if let arg = CommandLine.arguments.first {
            candidates.append(((arg as NSString).deletingLastPathComponent as NSString).appendingPathComponent("jamlint"))
        }
        candidates.append((Bundle.main.bundlePath as NSString).appendingPathComponent("jamlint"))
        candidates.append(((Bundle.main.bundlePath as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("jamlint"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/jamlint").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: String? = nil, stdin: [UInt8] = [],
                    environment: [String: String] = [:]) throws -> Output {
        let binary = try #require(path, "jamlint binary not found next to the tests or in .build/debug: run `swift build --build-tests`")
        return try runProcess(binary, arguments, in: directory, stdin: stdin, environment: environment)
    }

    static func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil, stdin: [UInt8] = [],
                           environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for key in ["GITHUB_STEP_SUMMARY", "NO_COLOR", "GITHUB_ACTIONS"] { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        // Drain stderr on another thread so neither pipe can fill up and block the child.
        let errBox = DataBox()
        let errThread = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errBox.data == nil { usleep(1000) }
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data ?? Data(), as: UTF8.self))
    }

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Data?
        var data: Data? {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }
}
