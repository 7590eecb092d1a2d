#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Finds the `Rules/` folder: `$JAMLINT_RULES`, then `share/jamlint/Rules` beside an installed
/// binary, then the copy bundled into the build.
public enum RulesLocation {
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        // getenv, not ProcessInfo.environment: that copies the whole environment into a dictionary.
        if let value = getenv("JAMLINT_RULES"), case let env = String(cString: value), !env.isEmpty {
            return env
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/jamlint/Rules").path
        if fm.fileExists(atPath: installed) { return installed }
        if let bundled = besideExecutable(), fm.fileExists(atPath: bundled) { return bundled }
        if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Rules").path,
           fm.fileExists(atPath: bundled) {
            return bundled
        }
        return nil
    }

    /// Where `Bundle.module` looks first: `jamlint_JamlintCore.resources/Rules` in the folder of the running
    /// executable (the main bundle is that folder, found through /proc/self/exe). Profile showed creating
    /// `Bundle.main` and `Bundle.module` at ~8 M instructions, 6 % of linting one memo, as CoreFoundation
    /// lists the folder's entries twice; when this folder is missing, `Bundle.module` decides as before.
    private static func besideExecutable() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0, length < buffer.count else { return nil }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return path[..<slash] + "/jamlint_JamlintCore.resources/Rules"
        #else
        return nil
        #endif
    }
}
