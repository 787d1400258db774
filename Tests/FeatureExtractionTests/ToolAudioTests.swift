import XCTest
import FeatureExtraction
import DEAMData
import MoodTestSupport

/// Audio made by Debian's tools (`espeak-ng` speech, `ffmpeg` encodings), which
/// `.ci/run` installs; a missing tool skips the test with the install command (fails it under CI).
final class ToolAudioTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-fx-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func tool(_ name: String) throws -> String {
        try SystemTools.require(name)
    }

    func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(executable) \(arguments.joined(separator: " "))")
    }

    func extractor() throws -> AudioFeatureExtractor {
        AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil)
    }

    func testSpeechFromEspeakIsVoicedAtASpeakingPitch() throws {
        let speech = directory.appendingPathComponent("speech.wav")
        try run(try tool("espeak-ng"), ["-w", speech.path, "Music can make us calm, or it can make us dance all night long."])
        let frames = try extractor().extract(speech).frames
        XCTAssertGreaterThan(frames.frameTimes.count, 3)
        let f0 = DEAMFeatureNames.all.firstIndex(of: "F0final_sma_amean")!
        let voicedWindows = (0..<frames.amean.rows).map { frames.amean[$0, f0] }.filter { $0 > 0 }
        XCTAssertFalse(voicedWindows.isEmpty, "speech should have voiced windows")
        // F0final is 0 in unvoiced frames, so a window's mean is at most the pitch; espeak's voice is near 100–200 Hz.
        XCTAssertLessThan(voicedWindows.max()!, 400)
        XCTAssertGreaterThan(voicedWindows.max()!, 60)
    }

    func testCompressedFormatsAreConvertedWithFFmpeg() throws {
        let ffmpeg = try tool("ffmpeg")
        let wav = directory.appendingPathComponent("chord.wav")
        try WAVFile.write(SyntheticAudio.gentle(seconds: 3), sampleRate: SyntheticAudio.sampleRate, to: wav)
        let flac = directory.appendingPathComponent("chord.flac")
        let mp3 = directory.appendingPathComponent("chord.mp3")
        try run(ffmpeg, ["-v", "error", "-y", "-i", wav.path, flac.path])
        try run(ffmpeg, ["-v", "error", "-y", "-i", wav.path, mp3.path])
        let extractor = try extractor()
        let fromWAV = try extractor.extract(wav).frames
        // FLAC is lossless and already at 44.1 kHz: the same samples give the same features.
        let fromFLAC = try extractor.extract(flac).frames
        XCTAssertEqual(fromFLAC.amean, fromWAV.amean)
        // MP3 is lossy (and padded by the encoder) but still yields the same layout.
        let fromMP3 = try extractor.extract(mp3).frames
        XCTAssertEqual(fromMP3.amean.columns, 130)
        XCTAssertGreaterThanOrEqual(fromMP3.frameTimes.count, fromWAV.frameTimes.count)
    }

    func testMissingFFmpegIsAClearError() throws {
        let noFFmpeg = AudioFeatureExtractor(library: try OpenSMILELibrary.locate(), input: AudioInput(environment: ["PATH": "/nonexistent"]), cacheDirectory: nil)
        let fake = directory.appendingPathComponent("song.mp3")
        try Data(repeating: 0xFF, count: 1000).write(to: fake)
        XCTAssertThrowsError(try noFFmpeg.extract(fake)) { error in
            XCTAssertEqual(error as? FeatureExtractionError, .ffmpegMissing(file: fake.path))
            XCTAssertTrue("\(error)".contains("apt-get install ffmpeg"))
        }
    }
}
