#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One `ignore:` glob of a configuration, with gitignore-like meaning:
///
/// - a pattern without `/` (`*.draft.md`, `arkiv`) matches a file or folder name at any depth;
/// - a pattern with `/` (`arkiv/**`, `nämnd/*.md`) is matched against the path relative to the configuration's
///   folder, `*` and `?` stopping at `/` (fnmatch with FNM_PATHNAME);
/// - a `**` path segment matches any number of folders (fnmatch has no such operator, hence `segmentsMatch`);
/// - a matching folder ignores everything under it; a trailing `/` matches folders only.
struct IgnorePattern: Sendable {
    let written: String
    private let pattern: String
    private let anchored: Bool
    private let foldersOnly: Bool
    /// The pattern split at `/`, kept only when it has a `**` segment.
    private let segments: [String]?

    init(_ written: String) {
        self.written = written
        var p = Substring(written)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        var foldersOnly = false
        while p.hasSuffix("/") && p.count > 1 { p = p.dropLast(); foldersOnly = true }
        var anchored = p.contains("/")
        if p.hasPrefix("/") { p = p.dropFirst(); anchored = true }
        self.pattern = String(p)
        self.anchored = anchored
        self.foldersOnly = foldersOnly
        let parts = p.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.segments = anchored && parts.contains("**") ? parts : nil
    }

    /// `relativePath` uses `/` and has no leading `./`; `isDirectory` says whether its last component is a folder.
    func matches(_ relativePath: String, isDirectory: Bool = false) -> Bool {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !components.isEmpty else { return false }
        let last = foldersOnly && !isDirectory ? components.count - 1 : components.count
        guard last > 0 else { return false }
        if !anchored {
            return components[0..<last].contains { Self.glob(pattern, $0, flags: 0) }
        }
        for end in 1...last {
            let prefix = components[0..<end]
            if let segments {
                if Self.segmentsMatch(segments[...], prefix) { return true }
            } else if Self.glob(pattern, prefix.joined(separator: "/"), flags: FNM_PATHNAME) {
                return true
            }
        }
        return false
    }

    private static func segmentsMatch(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if segmentsMatch(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let name = path.first, glob(first, name, flags: 0) else { return false }
        return segmentsMatch(pattern.dropFirst(), path.dropFirst())
    }

    private static func glob(_ pattern: String, _ name: String, flags: Int32) -> Bool {
        pattern.withCString { p in name.withCString { n in fnmatch(p, n, flags) == 0 } }
    }
}
