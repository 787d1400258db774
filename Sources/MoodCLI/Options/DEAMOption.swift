import ArgumentParser
import DEAMData
import Foundation

/// `--deam DIR`: where DEAM is (default: `$DEAM_DIR`, then `../shared/data/deam`).
struct DEAMOption: ParsableArguments {
    @Option(name: .customLong("deam"), help: ArgumentHelp("DEAM folder (default: $DEAM_DIR, then ../shared/data/deam).", valueName: "dir"))
    var path: String?

    /// The DEAM folder in use.
    func directory() throws -> URL { try DEAMDirectory.resolve(explicit: path) }

    /// All of DEAM, loaded and joined.
    func load() throws -> DEAMDataset { try DEAMDataset.load(from: directory()) }
}
