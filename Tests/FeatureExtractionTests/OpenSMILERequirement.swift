import FeatureExtraction
import MoodTestSupport

extension OpenSMILELibrary {
    /// openSMILE's library for a test that needs it: without it the test is skipped with the
    /// install command, and fails under CI (`SystemTools`).
    static func required() throws -> OpenSMILELibrary {
        do { return try locate() } catch {
            try SystemTools.missing("openSMILE's library is not installed", install: "python3 -m pip install --no-deps opensmile")
            throw error
        }
    }
}
