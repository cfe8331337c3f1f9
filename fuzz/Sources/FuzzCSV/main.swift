// CSV tables as `data.type: csv` reads them for training and `optim-run predict` for new rows.
//
// Input: one byte of column choices, then the file. Its bits pick the delimiter (`,` `;` tab `|`),
// whether `features` names columns (`a`, `b`) or takes all but the target, and the target's name
// (`target` or `y`).
import Datasets
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = Fuzz.bytes(data, size)
  guard let choice = bytes.first else { return 0 }
  let file = Array(bytes.dropFirst())
  let delimiter = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")][Int(choice & 3)]
  let features: [String]? = choice & 4 != 0 ? ["a", "b"] : nil
  let target = choice & 8 != 0 ? "y" : "target"
  let options = CSVReader.Options(path: "fuzz.csv", target: target, features: features, delimiter: delimiter)
  if let table = try? CSVReader.parse(file, options: options) {
    let split = table.split
    if split.x.shape.rank != 2 || split.x.shape[1] != table.featureNames.count {
      Fuzz.fail("x \(split.x.shape) for the features \(table.featureNames)")
    }
  }
  if let x = try? CSVReader.parseFeatures(file, path: "fuzz.csv", features: features, delimiter: delimiter),
    x.shape.rank != 2
  {
    Fuzz.fail("features of rank \(x.shape.rank)")
  }
  return 0
}
