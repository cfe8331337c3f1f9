import Foundation
import Reporting
@testable import Spec
import Testing

@testable import Runner

/// The ranking rule and the leaderboard's CSV and JSON, on hand-made records.
@Suite struct SweepLeaderboardTests {
  static func record(_ index: Int, _ status: TrialStatus, _ metric: Double?, lr: Double = 0.1)
    -> SweepTrialRecord
  {
    SweepTrialRecord(
      index: index, assignments: [.init(path: "optimizer.learning_rate", values: [.double(lr)])],
      status: status, exitReason: status.rawValue, metric: metric)
  }

  static let records = [
    record(0, .completed, 0.5), record(1, .diverged, .nan), record(2, .completed, .nan),
    record(3, .completed, 0.25), record(4, .failed, nil), record(5, .completed, 0.5),
    record(6, .interrupted, 0.01), record(7, .completed, 2),
  ]

  @Test func minRanksAscendingThenUnrankedInTrialOrder() {
    let board = SweepLeaderboard(
      metric: "loss", mode: "min", parameterPaths: ["optimizer.learning_rate"], records: Self.records)
    #expect(board.ranked.map(\.index) == [3, 0, 5, 7, 1, 2, 4, 6])
    #expect(board.best?.index == 3)
  }

  @Test func maxRanksDescending() {
    let board = SweepLeaderboard(
      metric: "accuracy", mode: "max", parameterPaths: ["optimizer.learning_rate"], records: Self.records)
    #expect(board.ranked.map(\.index) == [7, 0, 5, 3, 1, 2, 4, 6])
  }

  @Test func noRankedTrialHasNoBest() {
    let board = SweepLeaderboard(
      metric: "loss", mode: "min", parameterPaths: ["optimizer.learning_rate"],
      records: [Self.record(0, .diverged, .infinity), Self.record(1, .failed, nil)])
    #expect(board.best == nil)
    #expect(board.jsonBest == .null)
    #expect(board.ranked.map(\.index) == [0, 1])
  }

  @Test func csvQuotesSubtreesAndWritesPythonNumbers() {
    let sgd = Value.map([.init("type", .string("sgd")), .init("learning_rate", .double(0.001))])
    let board = SweepLeaderboard(
      metric: "loss", mode: "min", parameterPaths: ["optimizer"],
      records: [
        SweepTrialRecord(
          index: 0, assignments: [.init(path: "optimizer", values: [sgd])], status: .completed,
          exitReason: "completed", metric: 1e-05),
        SweepTrialRecord(
          index: 1, assignments: [.init(path: "optimizer", values: [.string("say \"hi\"")])],
          status: .diverged,
          exitReason: "diverged", metric: .nan),
        SweepTrialRecord(
          index: 2, assignments: [.init(path: "optimizer", values: [.string("x")])], status: .failed,
          exitReason: "error", metric: nil),
      ])
    #expect(
      board.csv == """
        rank,trial,optimizer,loss,best_epoch,epochs,status,run_folder
        1,0,"{type: sgd, learning_rate: 0.001}",1e-05,,0,completed,trial-000
        2,1,"say ""hi\""",nan,,0,diverged,trial-001
        3,2,x,,,0,failed,trial-002

        """)
  }

  @Test func jsonRowsParseAndKeepValues() throws {
    let board = SweepLeaderboard(
      metric: "loss", mode: "min", parameterPaths: ["optimizer.learning_rate"],
      records: [Self.record(0, .completed, 0.5, lr: 0.01), Self.record(1, .completed, 0.125, lr: 0.1)])
    let text = JSONValue.object(["leaderboard": board.jsonRows, "best": board.jsonBest]).pretty
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let rows = json?["leaderboard"] as? [[String: Any]] ?? []
    #expect(rows.map { $0["trial"] as? Int } == [1, 0])
    #expect(rows.map { $0["metric"] as? Double } == [0.125, 0.5])
    #expect((rows.first?["assignments"] as? [String: Any])?["optimizer.learning_rate"] as? Double == 0.1)
    #expect((json?["best"] as? [String: Any])?["rank"] as? Int == 1)
  }

  @Test func trialFolderNames() {
    #expect(SweepTrialRecord.folderName(0) == "trial-000")
    #expect(SweepTrialRecord.folderName(42) == "trial-042")
    #expect(SweepTrialRecord.folderName(1234) == "trial-1234")
  }
}
