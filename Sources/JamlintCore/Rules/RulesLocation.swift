import Foundation

/// Finds the `Rules/` folder: `$JAMLINT_RULES`, then `share/jamlint/Rules` beside an installed
/// binary, then the copy bundled into the build.
public enum RulesLocation {
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["JAMLINT_RULES"], !env.isEmpty {
            return env
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/jamlint/Rules").path
        if fm.fileExists(atPath: installed) { return installed }
        if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Rules").path,
           fm.fileExists(atPath: bundled) {
            return bundled
        }
        return nil
    }
}
