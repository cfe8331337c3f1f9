// swift-tools-version:6.1
// The libFuzzer targets: one executable per parser, built by scripts/fuzz.sh with
// `-sanitize=fuzzer,address` (libFuzzer supplies `main`). Not part of the main build.
import PackageDescription

let targets = ["Spec", "Expression", "NPY", "NPZ", "IDX", "CSV", "Tar", "SafeTensors", "State", "RunFiles"]

let package = Package(
  name: "optim-run-fuzz",
  dependencies: [.package(name: "optim-run", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "OptimRunModules", package: "optim-run")])
  ]
    + targets.map { name in
      .executableTarget(
        name: "Fuzz\(name)",
        dependencies: ["FuzzSupport", .product(name: "OptimRunModules", package: "optim-run")])
    }
)
