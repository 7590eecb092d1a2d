/// Name and version written into machine reports (SARIF driver, JSON header).
public enum ToolInfo {
    public static let name = "jamlint"
    public static let version = "0.1.0"
}
