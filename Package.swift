// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mood",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mood", targets: ["mood"]),
        .library(name: "MoodCore", targets: ["MoodCore"]),
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "DEAMData", targets: ["DEAMData"]),
        .library(name: "MERModel", targets: ["MERModel"]),
        .library(name: "PlaylistImport", targets: ["PlaylistImport"]),
        .library(name: "FeatureExtraction", targets: ["FeatureExtraction"]),
        .library(name: "Recommender", targets: ["Recommender"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "MoodEngine", targets: ["MoodEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        /// The circumplex: coordinates, quadrants, sub-emotions, intensity, distances.
        .target(name: "MoodCore"),
        /// Files and text written safely: atomic writes, SHA-256 content hashes, XML escaping, streamed JSON bytes.
        .target(name: "MoodIO", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        /// Dense linear algebra: Matrix, Cholesky, symmetric eigen, SVD, kernels, seeded generator.
        .target(name: "Numerics"),
        /// DEAM's files: delimited text, feature tables, annotations, metadata, frame feature files, feature names.
        .target(name: "DEAMData", dependencies: ["MoodIO", "Numerics"]),
        /// Models (preprocessing, linear, neighbours, trees, kernel, CNN, ensemble, clustering) and evaluation.
        .target(name: "MERModel", dependencies: ["MoodCore", "MoodIO", "Numerics", "DEAMData"],
                resources: [.copy("Resources")]),
        /// M3U/M3U8, XSPF and PLS readers and writers; mapping entries to tracks.
        .target(name: "PlaylistImport", dependencies: ["MoodIO", "DEAMData", "CLibXML2"]),
        /// System libxml2 (libxml2-dev), read by PlaylistImport's streaming XSPF reader.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        /// DEAM-compatible openSMILE features from the user's own audio (libSMILEapi loaded at run time).
        .target(name: "FeatureExtraction", dependencies: ["MoodCore", "MoodIO", "Numerics", "DEAMData"]),
        /// System SQLite (libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        /// System TagLib, C API (libtagc0-dev).
        .systemLibrary(
            name: "CTagLib", path: "Sources/CTagLib", pkgConfig: "taglib_c",
            providers: [.apt(["libtagc0-dev"])]),
        /// One C function over TagLib's C++ property map (MusicBrainz ids, RIFF INFO), which the C API lacks.
        .target(name: "TagLibShim", dependencies: ["CTagLib"]),
        /// Tags of the user's audio files (title, artist, album, genre, track, duration, MusicBrainz ids) via TagLib.
        .target(name: "AudioTags", dependencies: ["TagLibShim"]),
        /// Catalog (SQLite), playlist profiles and ranking.
        .target(name: "Recommender",
                dependencies: ["MoodCore", "MoodIO", "Numerics", "DEAMData", "MERModel", "PlaylistImport", "CSQLite"],
                resources: [.copy("Resources")]),
        /// The engine: the use cases every front end calls (library sync, audio resolution) and one
        /// encoder (JSON/CSV) per result value, shared by the CLI and the servers to come.
        .target(name: "MoodEngine",
                dependencies: ["MoodCore", "MoodIO", "Numerics", "DEAMData", "PlaylistImport",
                               "FeatureExtraction", "AudioTags", "Recommender"]),
        /// Everything drawn or written for people: SVG plots and charts, the HTML report, the results table.
        .target(name: "Reporting", dependencies: ["MoodCore", "MoodIO", "MERModel", "Recommender"]),
        /// The commands of the tool (swift-argument-parser): everyday use, research, benchmarks; options; output.
        .target(
            name: "MoodCLI",
            dependencies: [
                "MoodCore", "MoodIO", "Numerics", "DEAMData", "MERModel", "PlaylistImport", "Recommender",
                "FeatureExtraction", "Reporting", "AudioTags", "MoodEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        /// The `mood` executable: runs `MoodCLI`'s root command.
        .executableTarget(name: "mood", dependencies: ["MoodCLI"]),
        /// Helpers shared by the test targets (the real DEAM folder, temporary folders, a mini DEAM).
        .target(name: "MoodTestSupport", dependencies: ["DEAMData"], path: "Tests/MoodTestSupport"),
        .testTarget(name: "MoodCoreTests", dependencies: ["MoodCore"]),
        .testTarget(name: "MoodIOTests", dependencies: ["MoodIO"]),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "DEAMDataTests", dependencies: ["DEAMData", "Numerics", "MoodTestSupport"]),
        .testTarget(name: "MERModelTests",
                    dependencies: ["MERModel", "Numerics", "DEAMData", "MoodCore", "MoodTestSupport"]),
        /// The playlist fixtures (`Fixtures/playlists`, with their SOURCES.md) are read in place through `#filePath`.
        .testTarget(name: "PlaylistImportTests", dependencies: ["PlaylistImport", "DEAMData", "Numerics"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RecommenderTests",
                    dependencies: ["Recommender", "MERModel", "DEAMData", "Numerics", "MoodCore", "MoodTestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Recommender", "MERModel", "Numerics", "MoodCore", "MoodTestSupport"]),
        .testTarget(name: "FeatureExtractionTests",
                    dependencies: ["FeatureExtraction", "DEAMData", "MoodCore", "MERModel", "Numerics", "MoodTestSupport"]),
        .testTarget(name: "MoodEngineTests", dependencies: ["MoodEngine", "Recommender", "DEAMData", "MoodCore", "MoodTestSupport"]),
        .testTarget(name: "MoodCLITests", dependencies: ["MoodCLI", "DEAMData", "FeatureExtraction", "MoodTestSupport",
                                                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v5]
)
