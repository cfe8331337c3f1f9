// swift-tools-version:6.1
import PackageDescription

// HaswellKernels is compiled for AVX2 + FMA CPUs; Tensors calls it only after checking the CPU
// (`CPUFeatures`), so the binary still runs on any x86-64. Other architectures build it plainly.
#if arch(x86_64)
  let haswellFlags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
  let haswellFlags: [SwiftSetting] = []
#endif

let package = Package(
  name: "optim-run",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "optim-run", targets: ["optim-run"]),
    // The pipeline's modules, for the fuzz targets in fuzz/ (a package of their own).
    .library(
      name: "OptimRunModules",
      targets: ["YAML", "Spec", "Tensors", "NN", "Optimizers", "Datasets", "Training", "Reporting", "Runner"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // C libraries from Debian, through pkg-config.
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

    // The pipeline, one target per stage; imports point down.
    .target(name: "YAML", dependencies: ["CYAML"]),
    .target(name: "Spec", dependencies: ["YAML"]),
    .target(name: "HaswellKernels", swiftSettings: haswellFlags),
    .target(name: "Tensors", dependencies: ["CBLAS", "HaswellKernels"]),
    .target(name: "NN", dependencies: ["Tensors"]),
    .target(name: "Optimizers", dependencies: ["Tensors"]),
    .target(name: "Datasets", dependencies: ["Tensors", "CZlib"]),
    .target(name: "Training", dependencies: ["NN", "Optimizers", "Datasets"]),
    .target(name: "Reporting", dependencies: ["Training"]),
    .target(name: "Runner", dependencies: ["Spec", "Training", "Reporting"]),
    .executableTarget(
      name: "optim-run",
      dependencies: ["Runner", "Tensors", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .target(name: "_TestSupport", dependencies: ["Tensors", "NN"]),

    .testTarget(name: "YAMLTests", dependencies: ["YAML", "_TestSupport"]),
    .testTarget(name: "SpecTests", dependencies: ["Spec", "_TestSupport"]),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "_TestSupport"]),
    .testTarget(name: "NNTests", dependencies: ["NN", "_TestSupport"]),
    .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "_TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "_TestSupport"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "_TestSupport"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting", "_TestSupport"]),
    .testTarget(name: "RunnerTests", dependencies: ["Runner", "_TestSupport"]),
    .testTarget(name: "OptimRunTests", dependencies: ["optim-run", "Tensors", "_TestSupport"]),
  ]
)
