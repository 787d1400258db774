// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mood",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mood", targets: ["mood"]),
        .library(name: "MoodCore", targets: ["MoodCore"]),
        .library(name: "MERModel", targets: ["MERModel"]),
        .library(name: "PlaylistImport", targets: ["PlaylistImport"]),
        .library(name: "Recommender", targets: ["Recommender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        /// Circumplex types shared by every module: coordinates, quadrants, sub-emotions.
        .target(name: "MoodCore"),
        /// DEAM loading, numeric kernels, regression/clustering models, evaluation.
        .target(name: "MERModel", dependencies: ["MoodCore"], resources: [.copy("Resources")]),
        /// M3U/M3U8, XSPF and PLS readers and writers; mapping entries to tracks.
        .target(name: "PlaylistImport", dependencies: ["MoodCore", "MERModel"]),
        /// DEAM-compatible openSMILE features from the user's own audio (libSMILEapi loaded at run time).
        .target(name: "FeatureExtraction", dependencies: ["MoodCore", "MERModel"]),
        /// System SQLite (libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        /// Catalog (SQLite), playlist profiles, ranking and plots.
        .target(name: "Recommender", dependencies: ["MoodCore", "MERModel", "PlaylistImport", "CSQLite"],
                resources: [.copy("Resources")]),
        /// The command-line tool.
        .executableTarget(
            name: "mood",
            dependencies: [
                "MoodCore", "MERModel", "PlaylistImport", "Recommender", "FeatureExtraction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "MoodCoreTests", dependencies: ["MoodCore"]),
        .testTarget(name: "MERModelTests", dependencies: ["MERModel", "MoodCore"]),
        .testTarget(name: "PlaylistImportTests", dependencies: ["PlaylistImport", "MERModel", "MoodCore"]),
        .testTarget(name: "RecommenderTests", dependencies: ["Recommender", "MERModel", "PlaylistImport", "MoodCore"]),
        .testTarget(name: "FeatureExtractionTests", dependencies: ["FeatureExtraction", "MERModel", "MoodCore"]),
        .testTarget(name: "MoodCLITests", dependencies: ["MoodCore", "FeatureExtraction"]),
    ],
    swiftLanguageModes: [.v5]
)
