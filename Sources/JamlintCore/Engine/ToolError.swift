/// A problem with how jamlint was asked to run (bad option value, unreadable baseline, output
/// that would overwrite a memo, not a git repository). Always ends the run with exit code 2.
public struct ToolError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
