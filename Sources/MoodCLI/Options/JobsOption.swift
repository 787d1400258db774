import ArgumentParser
import Foundation

/// `-j/--jobs N`: files processed at once (1–256; default: all cores).
struct JobsOption: ParsableArguments {
    @Option(name: [.customShort("j"), .customLong("jobs")], parsing: .unconditional, help: ArgumentHelp("Files processed at once, 1–256 (default: all cores).", valueName: "n"))
    var requested: Int?

    /// The number of files processed at once.
    var count: Int { requested ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let requested, !(1...256).contains(requested) {
            throw ValidationError("--jobs must be between 1 and 256 (got \(requested))")
        }
    }
}
