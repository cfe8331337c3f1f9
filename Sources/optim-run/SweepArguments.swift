import ArgumentParser
import Foundation
import Runner

/// `--trial` and `--jobs`, checked and turned into the sweep driver's options.
enum SweepArguments {
  static func options(trial: String?, jobs: Int, isSweep: Bool) throws -> SweepRunOptions {
    guard isSweep || (trial == nil && jobs == 1) else {
      throw ValidationError("--trial and --jobs are for specs with a sweep section")
    }
    var options = SweepRunOptions(jobs: jobs, executable: executablePath())
    if let trial {
      do {
        options.selection = try TrialSelection.parse(trial, environment: ProcessInfo.processInfo.environment)
      } catch {
        throw ValidationError(error.description)
      }
    }
    return options
  }

  /// This program's own file, for the trial processes `--jobs` starts.
  private static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }
}
