import Foundation
import Testing

@testable import Models

/// `modelpress new` leaves a column of one value out of the inputs (trial28 #6: `region`, 'EU' in
/// every row, was kept, and every later row from another region refused).
struct ConstantColumnTests {
    @Test func aColumnOfOneValueInEveryRowIsAnUnlikelyInputAndOneWithMissingCellsIsNot() throws {
        var text = "region,fee,flag,x,y\n"
        for row in 0..<60 {
            text += "EU,5,\(row % 3 == 0 ? "" : "on"),\(row % 7),\(row % 2 == 0 ? "a" : "b")\n"
        }
        let folder = try root(["t.csv": text])
        let declaration = DataDeclaration(training: "data/t.csv", label: "y")
        let left = declaration.unlikelyInputs(try declaration.profile(root: folder))
        #expect(left.map(\.name) == ["region", "fee"], "\(left)")
        #expect(left.first?.reason == "'EU' in every row, so it cannot tell rows apart")
        // The category is the one a later row would be refused for; the number is a measurement.
        #expect(left.map(\.isNumbers) == [false, true])
        // Kept when the pipeline declares its kind: the user decided.
        var declared = declaration
        declared.kinds = ["region": .categorical]
        #expect(declared.unlikelyInputs(try declared.profile(root: folder)).map(\.name) == ["fee"])
    }

    /// One number written several ways (`5`, `5.0`, `+5`, `5e0`; `0`, `-0`, `0.0`) is one value
    /// (trial32 #1: such columns were kept, where a column of `5` alone was left out).
    @Test func oneNumberSpelledSeveralWaysIsOneValue() throws {
        let fives = ["5", "5.0", "+5", "5e0"], zeros = ["0", "-0", "-0.0", "0.0", "+0"]
        var text = "fee,zero,x,y\n"
        for row in 0..<60 {
            text += "\(fives[row % 4]),\(zeros[row % 5]),\(row % 7),\(row % 2 == 0 ? "a" : "b")\n"
        }
        let folder = try root(["t.csv": text])
        let declaration = DataDeclaration(training: "data/t.csv", label: "y")
        let left = declaration.unlikelyInputs(try declaration.profile(root: folder))
        #expect(left.map(\.name) == ["fee", "zero"], "\(left)")
        #expect(left.first?.reason.hasSuffix("in every row, so it cannot tell rows apart") == true)
        // Declared categorical, its spellings are categories of their own: kept.
        var declared = declaration
        declared.kinds = ["fee": .categorical]
        #expect(declared.unlikelyInputs(try declared.profile(root: folder)).map(\.name) == ["zero"])
    }
}
