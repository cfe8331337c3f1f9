import Datasets
import Testing
import _TestSupport

@Suite struct CSVReaderTests {
  @Test func readsFeaturesAndTargetWithQuotesAndCRLF() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("t.csv", text: "a,\"b\",target,c\r\n1,2,0,3\r\n\"4.5\",-5e-1,1, 6\r\n\r\n")
    let table = try CSVReader.read(.init(path: path))
    #expect(table.featureNames == ["a", "b", "c"])
    #expect(table.split.x.shape == [2, 3])
    #expect(table.split.x.toArray() == [1, 2, 3, 4.5, -0.5, 6])
    #expect(table.split.y.shape == [2])
    #expect(table.split.y.toArray() == [0, 1])
  }

  @Test func selectedFeaturesInTheGivenOrder() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("t.csv", text: "a,b,c,label\n1,2,3,9\n")
    let table = try CSVReader.read(.init(path: path, target: "label", features: ["c", "a"]))
    #expect(table.featureNames == ["c", "a"])
    #expect(table.split.x.toArray() == [3, 1])
    #expect(table.split.y.toArray() == [9])
  }

  @Test func nonNumericCellNamesLineAndColumn() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("train.csv", text: "x,y,target\n1,2,0\n3,abc,1\n")
    #expect(throws: DataError(path: path, line: 3, column: 2, "'abc' is not a number")) {
      try CSVReader.read(.init(path: path))
    }
    #expect(
      DataError(path: "train.csv", line: 14, column: 3, "'abc' is not a number").description
        == "train.csv:14:3: 'abc' is not a number")
  }

  /// Found by probing: each of these used to be read silently into something else.
  @Test func cellsAndColumnsThatWereReadWrongly() throws {
    let folder = try TemporaryFolder()
    let hex = try folder.write("h.csv", text: "x,target\n0x10,1\n")
    #expect(throws: DataError(path: hex, line: 2, column: 1, "'0x10' is not a number")) {
      try CSVReader.read(.init(path: hex))
    }
    let big = try folder.write("b.csv", text: "x,target\n1e39,1\nnan,0\n")
    #expect(
      throws: DataError(path: big, line: 2, column: 1, "'1e39' is too large for float32 (magnitude at most 3.4e38)")
    ) { try CSVReader.read(.init(path: big)) }
    let plain = try folder.write("p.csv", text: "x,target\n1,1\nnan,0\n")
    #expect(throws: DataError(path: plain, line: 3, column: 1, "'nan' is not a finite number")) {
      try CSVReader.read(.init(path: plain))
    }
    let twice = try folder.write("t.csv", text: "a,target,target\n1,2,3\n")
    #expect(throws: DataError(path: twice, line: 1, column: 3, "column name 'target' appears twice in the header")) {
      try CSVReader.read(.init(path: twice))
    }
    let normal = try folder.write("n.csv", text: "\u{FEFF}target,a,b\n1,2,3\n")
    #expect(try CSVReader.read(.init(path: normal)).featureNames == ["a", "b"])
    #expect(throws: DataError(path: normal, "features lists the target column 'target'; the label cannot be an input")) {
      try CSVReader.read(.init(path: normal, features: ["a", "target"]))
    }
    #expect(throws: DataError(path: normal, "features lists 'a' twice")) {
      try CSVReader.read(.init(path: normal, features: ["a", "a"]))
    }
  }

  @Test func structuralErrors() throws {
    let folder = try TemporaryFolder()
    let noTarget = try folder.write("a.csv", text: "x,y\n1,2\n")
    #expect(
      throws: DataError(path: noTarget, line: 1, "no target column 'target' in the header (columns: x, y)")
    ) {
      try CSVReader.read(.init(path: noTarget))
    }
    let ragged = try folder.write("b.csv", text: "x,target\n1,2\n3\n")
    #expect(throws: DataError(path: ragged, line: 3, "expected 2 fields as in the header, found 1")) {
      try CSVReader.read(.init(path: ragged))
    }
    let headerOnly = try folder.write("c.csv", text: "x,target\n")
    #expect(throws: DataError(path: headerOnly, "no data rows after the header (empty dataset)")) {
      try CSVReader.read(.init(path: headerOnly))
    }
    let empty = try folder.write("d.csv", text: "")
    #expect(throws: DataError.self) { try CSVReader.read(.init(path: empty)) }
    #expect(throws: DataError(path: folder.path + "/none.csv", "no such file")) {
      try CSVReader.read(.init(path: folder.path + "/none.csv"))
    }
  }

  @Test func readsTheRealIris() throws {
    let table = try CSVReader.read(.init(path: RepositoryPaths.path("data/iris.csv")))
    #expect(table.split.x.shape == [150, 4])
    #expect(Array(table.split.x.toArray()[0..<4]) == [5.1, 3.5, 1.4, 0.2])
    #expect(Set(table.split.y.toArray()) == [0, 1, 2])
  }
}
