import XCTest
import FeatureExtraction
import DEAMData
import MoodTestSupport

/// openSMILE must be present where these tests run (`.ci/run` installs it);
/// a missing library skips them with the install command (and fails them under CI).
final class ExtractionTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-fx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func wav(_ name: String, _ samples: [Double]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try SyntheticAudio.writeWAV(samples, to: url)
        return url
    }

    func testWindowTimingAndDEAMColumnNames() throws {
        let extractor = OpenSMILEExtractor(library: try OpenSMILELibrary.required())
        let lld = try extractor.lowLevelDescriptors(ofWAV: try wav("tone.wav", SyntheticAudio.tone(frequency: 440, amplitude: 0.3, seconds: 5)))
        XCTAssertEqual(lld.names.count, 130)
        XCTAssertEqual(lld.names.first, "F0final_sma")
        XCTAssertEqual(lld.names.last, "mfcc_sma_de[14]")
        let frames = try DEAMWindowing.frames(from: lld)
        // The names and order of DEAM's per-frame header, `_stddev` then `_amean` per descriptor.
        XCTAssertEqual(lld.names.map { DEAMWindowing.deamName(forOpenSMILEName: $0) + "_amean" }, DEAMFeatureNames.all)
        XCTAssertEqual(FrameFeatureFile.header.count, 261)
        XCTAssertEqual(Array(FrameFeatureFile.header.prefix(3)), ["frameTime", "F0final_sma_stddev", "F0final_sma_amean"])
        XCTAssertEqual(FrameFeatureFile.header.last, "pcm_fftMag_mfcc_sma_de[14]_amean")
        XCTAssertTrue(DEAMFeatureNames.all.contains("pcm_fftMag_mfcc_sma[1]_amean"))
        XCTAssertEqual(frames.amean.columns, 130)
        XCTAssertEqual(frames.stddev.columns, 130)
        // 1 s windows every 0.5 s over ~5 s of 10 ms frames, the partial end windows included.
        let expected = (lld.frameCount + 49) / 50
        XCTAssertEqual(frames.frameTimes.count, expected)
        XCTAssertEqual(frames.frameTimes.prefix(3), [0, 0.5, 1.0])
        XCTAssertEqual(frames.songVector.names.count, 130)
    }

    func testConstantToneHasSteadyEnergyThatScalesWithAmplitude() throws {
        let extractor = OpenSMILEExtractor(library: try OpenSMILELibrary.required())
        func windows(_ amplitude: Double) throws -> FrameFeatureFile {
            try DEAMWindowing.frames(from: try extractor.lowLevelDescriptors(
                ofWAV: try wav("tone-\(amplitude).wav", SyntheticAudio.tone(frequency: 440, amplitude: amplitude, seconds: 4))))
        }
        let quiet = try windows(0.1), loud = try windows(0.4)
        let rms = DEAMFeatureNames.all.firstIndex(of: "pcm_RMSenergy_sma_amean")!
        let f0 = DEAMFeatureNames.all.firstIndex(of: "F0final_sma_amean")!
        // Interior windows (away from the edges) of a steady tone are steady.
        let interior = 1..<(quiet.frameTimes.count - 1)
        let quietRMS = interior.map { quiet.amean[$0, rms] }
        let loudRMS = interior.map { loud.amean[$0, rms] }
        XCTAssertLessThan(interior.map { quiet.stddev[$0, rms] }.max()!, quietRMS[0] * 0.02)
        XCTAssertLessThan((quietRMS.max()! - quietRMS.min()!) / quietRMS.max()!, 0.02)
        // RMS energy of a sine is amplitude / sqrt(2) (in openSMILE's sample scale): 4× amplitude → 4× RMS.
        XCTAssertEqual(loudRMS[0] / quietRMS[0], 4, accuracy: 0.1)
        // The pitch tracker finds the tone.
        XCTAssertEqual(quiet.amean[2, f0], 440, accuracy: 15)
    }

    func testSameAudioGivesIdenticalFeaturesAcrossRunsAndThreads() throws {
        let lib = try OpenSMILELibrary.required()
        let files = try (0..<3).map { try wav("n\($0).wav", SyntheticAudio.noise(amplitude: 0.2 + 0.1 * Double($0), seconds: 3, seed: UInt64($0))) }
        let extractor = AudioFeatureExtractor(library: lib, cacheDirectory: nil)
        let serial = try files.map { try extractor.extract($0).frames }
        let parallel = extractor.extractAll(files + files, parallelism: 4).map { try? $0.get().frames }
        for (i, frames) in parallel.enumerated() {
            XCTAssertEqual(frames?.amean, serial[i % 3].amean)
            XCTAssertEqual(frames?.stddev, serial[i % 3].stddev)
            XCTAssertEqual(frames?.frameTimes, serial[i % 3].frameTimes)
        }
    }

    func testCacheMakesASecondRunReuseTheFeatures() throws {
        let cache = directory.appendingPathComponent("cache")
        let extractor = AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache)
        let audio = try wav("chord.wav", SyntheticAudio.gentle(seconds: 3))
        let first = try extractor.extract(audio)
        XCTAssertFalse(first.fromCache)
        // The same content under another name hits the cache.
        let copy = directory.appendingPathComponent("copy.wav")
        try FileManager.default.copyItem(at: audio, to: copy)
        let second = try extractor.extract(copy)
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.contentHash, first.contentHash)
        XCTAssertEqual(second.songVector, first.songVector)
    }

    func testTooShortAndUnreadableAudioAreClearErrors() throws {
        let extractor = AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil)
        let short = try wav("short.wav", SyntheticAudio.tone(frequency: 440, amplitude: 0.3, seconds: 0.5))
        XCTAssertThrowsError(try extractor.extract(short)) { error in
            guard case FeatureExtractionError.tooShort = error else { return XCTFail("\(error)") }
        }
        let bogus = directory.appendingPathComponent("bogus.wav")
        try Data("not audio at all".utf8).write(to: bogus)
        XCTAssertThrowsError(try extractor.extract(bogus)) { error in
            XCTAssertTrue("\(error)".contains("bogus.wav"), "\(error)")
        }
        XCTAssertThrowsError(try extractor.extract(directory.appendingPathComponent("missing.wav")))
    }
}
