import XCTest
import FeatureExtraction
import DEAMData
import MoodTestSupport

/// What pins our features to DEAM's: the openSMILE configuration, the window
/// count and timing of a 45 s clip (DEAM's clip length), and the excerpt policy.
final class DEAMFidelityTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-fx-deam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A 44.1 kHz mono WAV of a chord with noise whose loudness changes over time.
    func varyingWAV(_ name: String, seconds: Double) throws -> URL {
        let rate = Double(SyntheticAudio.sampleRate)
        let noise = SyntheticAudio.noise(amplitude: 0.05, seconds: seconds, seed: 3)
        let samples = noise.enumerated().map { i, n -> Double in
            let t = Double(i) / rate
            let envelope = 0.5 + 0.4 * sin(2 * .pi * t / 7)
            return envelope * (0.2 * sin(2 * .pi * 220 * t) + 0.1 * sin(2 * .pi * 331 * t)) + n
        }
        let url = directory.appendingPathComponent(name)
        try SyntheticAudio.writeWAV(samples, to: url)
        return url
    }

    func testTheConfigurationIsIS13ComParEAsDEAMs() throws {
        XCTAssertEqual(OpenSMILEExtractor.configurationPath, "is09-13/IS13_ComParE.conf")
        let extractor = OpenSMILEExtractor(library: try OpenSMILELibrary.required())
        XCTAssertEqual(extractor.configurationFile.lastPathComponent, "IS13_ComParE.conf")
        XCTAssertTrue(FileManager.default.fileExists(atPath: extractor.configurationFile.path))
    }

    func testA45SecondClipGives90WindowsEvery500msUpTo44_5IncludingPartialEndWindows() throws {
        let extractor = OpenSMILEExtractor(library: try OpenSMILELibrary.required())
        let wav = try varyingWAV("clip45.wav", seconds: 45)
        let lld = try extractor.lowLevelDescriptors(ofWAV: wav)
        XCTAssertEqual(lld.names.count, 130)
        XCTAssertEqual(lld.frameStep, 0.01)
        // openSMILE's 10 ms frames of 45 s: just under 4,500 (the 60 ms analysis frames end inside the clip).
        XCTAssertGreaterThan(lld.frameCount, 4450)
        XCTAssertLessThanOrEqual(lld.frameCount, 4500)
        let frames = try DEAMWindowing.frames(from: lld)
        XCTAssertEqual(frames.frameTimes.count, 90)
        XCTAssertEqual(frames.frameTimes.first, 0)
        XCTAssertEqual(frames.frameTimes.last, 44.5)
        XCTAssertEqual(frames.frameTimes, (0..<90).map { Double($0) * 0.5 })
        // The last two windows are partial: they summarise only the frames left.
        let width = lld.names.count
        let rms = DEAMFeatureNames.all.firstIndex(of: "pcm_RMSenergy_sma_amean")!
        for (window, start) in [(88, 4400), (89, 4450)] {
            let values = (start..<lld.frameCount).map { Double(lld.values[$0 * width + rms]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            XCTAssertLessThan(values.count, 100)
            XCTAssertEqual(frames.amean[window, rms], mean, accuracy: 1e-9 * max(1, abs(mean)))
            XCTAssertEqual(frames.stddev[window, rms], sd, accuracy: 1e-9 * max(1, sd))
        }
        // Through the file-level extractor too (a 45 s song is analysed whole).
        let features = try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil).extract(wav)
        XCTAssertEqual(features.excerpts, [.wholeFile])
        XCTAssertEqual(features.frames.frameTimes.count, 90)
        XCTAssertEqual(features.frames.frameTimes.last, 44.5)
        XCTAssertEqual(features.duration ?? 0, 45, accuracy: 0.001)
    }

    func testWindowCountRule() {
        XCTAssertEqual(DEAMWindowing.windowCount(frameCount: 99), 0)
        XCTAssertEqual(DEAMWindowing.windowCount(frameCount: 100), 2)
        XCTAssertEqual(DEAMWindowing.windowCount(frameCount: 4495), 90)
        XCTAssertEqual(DEAMWindowing.windowCount(frameCount: 4500), 90)
        XCTAssertEqual(DEAMWindowing.windowCount(frameCount: 4501), 91)
    }

    func testExcerptPolicyPlacesDEAMLengthClipsInTheMiddle() {
        let one = AnalysisPolicy.default
        XCTAssertEqual(one, .deamExcerpt)
        XCTAssertEqual(one.excerptSeconds, 45)
        XCTAssertEqual(one.excerpts(forDuration: 240), [AudioExcerpt(start: 97.5, seconds: 45)])
        // Short songs, and songs of unknown length, are analysed whole.
        XCTAssertEqual(one.excerpts(forDuration: 45), [.wholeFile])
        XCTAssertEqual(one.excerpts(forDuration: 60), [.wholeFile])
        XCTAssertEqual(one.excerpts(forDuration: nil), [.wholeFile])
        XCTAssertEqual(AnalysisPolicy.wholeSong.excerpts(forDuration: 240), [.wholeFile])
        // Three excerpts: centred at the quarters.
        let three = AnalysisPolicy(excerptCount: 3)
        XCTAssertEqual(three.excerpts(forDuration: 240).map(\.start), [37.5, 97.5, 157.5])
        // A song too short for three non-overlapping excerpts gets fewer, inside the song.
        let short = three.excerpts(forDuration: 100)
        XCTAssertEqual(short.count, 2)
        XCTAssertTrue(short.allSatisfy { $0.start >= 0 && $0.start + 45 <= 100 })
        XCTAssertNotEqual(one.tag, AnalysisPolicy.wholeSong.tag)
    }

    func testAnExcerptHasTheFeaturesOfTheSameStretchCutOnItsOwn() throws {
        _ = try SystemTools.require("ffmpeg")
        let ffmpeg = try XCTUnwrap(AudioInput().ffmpegPath, "ffmpeg is on PATH but AudioInput does not find it")
        let song = try varyingWAV("song150.wav", seconds: 150)
        let extractor = AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil)
        let features = try extractor.extract(song)
        XCTAssertEqual(features.excerpts, [AudioExcerpt(start: 52.5, seconds: 45)])
        XCTAssertEqual(features.frames.frameTimes.count, 90)
        XCTAssertEqual(features.frames.frameTimes.first, 52.5)
        XCTAssertEqual(features.frames.frameTimes.last, 97.0)
        XCTAssertEqual(features.duration ?? 0, 150, accuracy: 0.001)
        XCTAssertEqual(features.analysedSeconds, 45)
        // The same 45 s cut by ffmpeg into a file of its own gives the same windows.
        let cut = directory.appendingPathComponent("cut.wav")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-v", "error", "-y", "-ss", "52.5", "-t", "45", "-i", song.path, "-acodec", "pcm_s16le", cut.path]
        try process.run()
        process.waitUntilExit()
        let alone = try extractor.extract(cut)
        XCTAssertEqual(alone.frames.amean, features.frames.amean)
        // Whole-song analysis covers all 150 s.
        let whole = try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil, policy: .wholeSong).extract(song)
        XCTAssertEqual(whole.frames.frameTimes.count, 300)
        // Two excerpts: windows of both, at their times in the song, in order.
        let two = try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil, policy: AnalysisPolicy(excerptCount: 2)).extract(song)
        XCTAssertEqual(two.excerpts.map(\.start), [27.5, 77.5])
        XCTAssertEqual(two.frames.frameTimes.count, 180)
        XCTAssertEqual(two.frames.frameTimes[89], 72.0)
        XCTAssertEqual(two.frames.frameTimes[90], 77.5)
    }

    func testTheCacheKeepsPoliciesApart() throws {
        let cache = directory.appendingPathComponent("cache")
        let song = try varyingWAV("song70.wav", seconds: 70)
        let excerpted = try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache).extract(song)
        let whole = try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache, policy: .wholeSong).extract(song)
        XCTAssertFalse(whole.fromCache)
        XCTAssertEqual(excerpted.frames.frameTimes.count, 90)
        XCTAssertEqual(whole.frames.frameTimes.count, 140)
        XCTAssertTrue(try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache).extract(song).fromCache)
        // A short song is analysed whole under either policy: one cache entry serves both.
        let short = try varyingWAV("song20.wav", seconds: 20)
        XCTAssertFalse(try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache).extract(short).fromCache)
        XCTAssertTrue(try AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: cache, policy: .wholeSong).extract(short).fromCache)
    }

    func testCorruptAndUnreadableFilesAreTypedErrorsNamingTheFileAndABatchGoesOn() throws {
        let extractor = AudioFeatureExtractor(library: try OpenSMILELibrary.required(), cacheDirectory: nil)
        let good = try varyingWAV("good.wav", seconds: 3)
        // An OGG that is only garbage, a truncated MP3 header, an empty FLAC, a WAV header without samples.
        let garbage = directory.appendingPathComponent("garbage.ogg")
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: garbage)
        let truncated = directory.appendingPathComponent("truncated.mp3")
        try Data([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0x10]).write(to: truncated)
        let empty = directory.appendingPathComponent("empty.flac")
        try Data().write(to: empty)
        let headerOnly = directory.appendingPathComponent("header-only.wav")
        try Data(try Data(contentsOf: good).prefix(44)).write(to: headerOnly)
        let missing = directory.appendingPathComponent("missing.opus")
        let bad = [garbage, truncated, empty, headerOnly, missing]
        let results = extractor.extractAll([good] + bad + [good], parallelism: 2)
        XCTAssertNoThrow(try results[0].get())
        XCTAssertNoThrow(try results[6].get())
        for (file, result) in zip(bad, results[1...5]) {
            guard case .failure(let error) = result else { XCTFail("\(file.lastPathComponent) should fail"); continue }
            XCTAssertTrue(error is FeatureExtractionError, "\(file.lastPathComponent): \(type(of: error)) \(error)")
            XCTAssertTrue("\(error)".contains(file.path), "\(error)")
        }
    }

    func testProgressLineShowsCountsAndETA() {
        XCTAssertEqual(ExtractionProgress.format(label: "extracting", done: 0, total: 4, elapsed: 0),
                       "extracting [························] 0/4 files, 0:00 elapsed, ETA --:--")
        let line = ExtractionProgress.format(label: "extracting", done: 1, total: 4, elapsed: 30)
        XCTAssertTrue(line.hasSuffix("1/4 files, 0:30 elapsed, ETA 1:30"), line)
        XCTAssertTrue(ExtractionProgress.format(label: "x", done: 4, total: 4, elapsed: 3725).hasSuffix("1:02:05 elapsed, done"))
        let progress = ExtractionProgress(total: 2, start: Date())
        XCTAssertNotNil(progress.line(done: 1))
        XCTAssertNil(progress.line(done: 1))        // too soon after the last line
        XCTAssertNotNil(progress.line(done: 2))     // the last one always
    }
}
