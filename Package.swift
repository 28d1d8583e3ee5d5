// swift-tools-version:6.0
import PackageDescription

/// Settings every target of ours shares.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "modelpress",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "modelpress", targets: ["modelpress"]),
        .executable(name: "PredictCGI", targets: ["PredictCGI"]),
        .executable(name: "PredictCGI-jobs", targets: ["PredictCGI-jobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: System libraries

        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),

        // MARK: Libraries

        .target(name: "Basics", swiftSettings: swiftSettings),
        // `Parallel.map` over libdispatch, apart from Basics so that predict.cgi does not link it.
        .target(name: "Parallelism", swiftSettings: swiftSettings),
        .target(name: "TextEscaping", swiftSettings: swiftSettings),
        .target(name: "JSONReading", swiftSettings: swiftSettings),
        .target(name: "JSONWriting", swiftSettings: swiftSettings),
        // What predict.cgi needs of Models (the model file, the schema, one-row prediction), with
        // no Foundation or swift-crypto: their start-up is paid on every request.
        .target(name: "Scoring", dependencies: ["JSONReading"], swiftSettings: swiftSettings),
        .target(
            name: "Models",
            dependencies: [
                "Basics", "Parallelism", "Scoring", "JSONReading", "JSONWriting",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Snapshot", dependencies: ["Basics", "Scoring", "JSONReading"], swiftSettings: swiftSettings),
        .target(
            name: "Evaluation", dependencies: ["Basics", "Models", "JSONReading", "JSONWriting"],
            swiftSettings: swiftSettings),
        .target(
            name: "Registry",
            dependencies: ["Basics", "Models", "Evaluation", "Parallelism", "Snapshot", "JSONReading", "JSONWriting"],
            swiftSettings: swiftSettings
        ),
        // What predict.cgi needs of Serving (one prediction, feedback, the request log's single-row
        // writes through SQLite's C API), with no Foundation, GRDB or swift-crypto.
        .target(
            name: "ServingCore",
            dependencies: [
                "Basics", "Scoring", "Snapshot", "JSONReading", "JSONWriting",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Serving",
            dependencies: [
                "Basics", "Models", "ServingCore", "Snapshot", "TextEscaping", "JSONReading", "JSONWriting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PredictCGICore",
            dependencies: ["Scoring", "ServingCore", "TextEscaping", "JSONWriting"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PredictCGIJobs",
            dependencies: ["PredictCGICore", "Serving", "JSONWriting"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Pipelines",
            dependencies: ["Basics", "Models", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Templates",
            dependencies: ["Basics", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Theme"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTheme"]
        ),
        .target(
            name: "Publisher",
            dependencies: [
                "Basics", "CCmark", "Evaluation", "Models", "Parallelism", "Registry", "Serving", "Templates",
                "TextEscaping", "JSONWriting",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables

        .executableTarget(
            name: "modelpress",
            dependencies: [
                "Basics", "Models", "Evaluation", "Registry", "Snapshot", "Publisher", "Serving", "Pipelines",
                "Templates", "JSONWriting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // predict.cgi, the lean path (health, a prediction, feedback), and the executable it
        // hands batch jobs and a new request log to, installed beside it (`JobsExecutable`).
        .executableTarget(
            name: "PredictCGI",
            dependencies: ["PredictCGICore", "ServingCore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PredictCGI-jobs",
            dependencies: ["PredictCGICore", "PredictCGIJobs", "Serving"],
            swiftSettings: swiftSettings
        ),

        // MARK: Build tools (the default theme is compiled into the executables)

        .executableTarget(name: "ThemeEmbedder", swiftSettings: swiftSettings),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),

        // MARK: Benchmarks (not shipped; `swift build` builds them, so they cannot rot)

        .executableTarget(
            name: "SiteBenchmark",
            dependencies: [
                "Basics", "Publisher", "Registry", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/SiteBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TrainingBenchmark",
            dependencies: [
                "Models", "Pipelines", "JSONWriting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/TrainingBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "EvaluationBenchmark",
            dependencies: ["Evaluation"],
            path: "Benchmarks/EvaluationBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "NullCGI", path: "Benchmarks/NullCGI", swiftSettings: swiftSettings),
        .executableTarget(
            name: "FloorCGI",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Benchmarks/FloorCGI",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests

        // A scratch repository with a registry, shared by the registry's tests and the CLI's.
        .target(
            name: "RegistryTestSupport", dependencies: ["Basics", "Models", "Registry"],
            path: "Tests/RegistryTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"], swiftSettings: swiftSettings),
        .testTarget(name: "ParallelismTests", dependencies: ["Parallelism"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONReadingTests", dependencies: ["JSONReading"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONWritingTests", dependencies: ["JSONWriting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Basics", "Models", "JSONReading"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PipelinesTests", dependencies: ["Basics", "Models", "Pipelines"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Basics", "Evaluation", "Models"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryTests", dependencies: ["Basics", "Models", "Registry", "RegistryTestSupport", "Snapshot"],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Basics", "Serving", "Models", "Snapshot", "JSONWriting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PredictCGICoreTests", dependencies: ["PredictCGICore", "PredictCGIJobs", "Serving"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PublisherTests",
            dependencies: [
                "Basics", "Evaluation", "Models", "Publisher", "Registry", "Serving", "Templates", "TextEscaping",
                "JSONWriting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["modelpress", "PredictCGI", "PredictCGI-jobs", "Registry", "RegistryTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
