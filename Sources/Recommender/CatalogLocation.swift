import Foundation

/// Where the catalog lives by default.
public enum CatalogLocation {
    /// `$XDG_DATA_HOME/mood/catalog.sqlite` when XDG_DATA_HOME is an absolute path,
    /// otherwise `$HOME/.local/share/mood/catalog.sqlite` (the XDG default).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("mood/catalog.sqlite").path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/mood/catalog.sqlite").path
    }
}
