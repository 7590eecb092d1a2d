/// Reads a plain `jamlint [lint] PATH… [--option VALUE]…` command line without ArgumentParser.
///
/// Why: the profile of linting one 5 KB memo showed `parseAsRoot` at ~25 M instructions (a fifth of the
/// run): it reflects over the property wrappers of every subcommand before reading a single argument.
/// This reader accepts only the unambiguous subset of what the `lint` command accepts — separate `--name value`
/// pairs with valid values, each single-value option at most once — and gives up (nil) on anything
/// else: help, version, `--name=value`, `--`, a lone `-`, unknown or repeated options, values that
/// start with `-` or do not convert, other subcommands. ArgumentParser (in the executable) then reads it as
/// before, so every message and error stays its own.
public enum FastLintCommandLine {
    /// Subcommand names and the words ArgumentParser treats specially as the first argument.
    public static let reservedFirstWords: Set<String> = ["inspect", "rules", "explain", "install-hook", "help"]

    /// The options of a plain lint command line (the arguments after the program name), or nil when
    /// ArgumentParser must read it.
    public static func options(_ arguments: [String]) -> LintOptions? {
        var rest = arguments[...]
        if rest.first == "lint" {
            rest = rest.dropFirst()
        } else if let first = rest.first, reservedFirstWords.contains(first) {
            return nil
        }
        var o = LintOptions()
        var seen = Set<String>()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                o.paths.append(argument)
                continue
            }
            if argument == "--stdin" || argument == "--staged" || argument == "--timings" {
                guard seen.insert(argument).inserted else { return nil }
                switch argument {
                case "--stdin": o.stdin = true
                case "--staged": o.staged = true
                default: o.timings = true
                }
                continue
            }
            guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
            if argument == "--exclude" {
                o.excludes.append(value)
                continue
            }
            // Single-value options: a repeat is left to ArgumentParser.
            guard seen.insert(argument == "-f" ? "--format" : argument == "-o" ? "--output"
                              : argument == "-j" ? "--jobs" : argument).inserted else { return nil }
            switch argument {
            case "--format", "-f":
                guard let v = OutputFormat(rawValue: value) else { return nil }
                o.format = v
            case "--output", "-o": o.outputPath = value
            case "--color":
                guard let v = ColorChoice(rawValue: value) else { return nil }
                o.color = v
            case "--lang":
                guard let v = MessageLanguage(rawValue: value) else { return nil }
                o.language = v
            case "--fail-on":
                guard let v = Severity(rawValue: value) else { return nil }
                o.failOn = v
            case "--max-warnings":
                guard let v = Int(value) else { return nil }
                o.maxWarnings = v
            case "--jobs", "-j":
                guard let v = Int(value) else { return nil }
                o.jobs = v
            case "--stdin-filename": o.stdinFilename = value
            case "--baseline": o.baselinePath = value
            case "--write-baseline": o.writeBaselinePath = value
            case "--config": o.configPath = value
            case "--rules": o.rulesDirectory = value
            case "--input-format":
                guard let v = DocumentFormat(rawValue: value) else { return nil }
                o.inputFormat = v
            case "--max-file-size":
                guard let v = Int(value) else { return nil }
                o.maxFileSize = v
            default:
                return nil
            }
        }
        // Nothing to lint: left to the full path, whatever it says about it.
        guard !o.paths.isEmpty || o.stdin || o.staged else { return nil }
        return o
    }
}
