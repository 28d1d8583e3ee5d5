import Testing

@testable import Basics

@Suite struct NearestNameTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("crad", "card", 1), ("badge", "bagde", 1), ("", "abc", 3), ("same", "same", 0),
        ("ca", "abc", 3),
    ])
    func editDistanceCountsSwapsOfNeighboursAsOneEdit(a: String, b: String, distance: Int) {
        #expect(NearestName.editDistance(Array(a), Array(b)) == distance)
        #expect(NearestName.editDistance(Array(b), Array(a)) == distance)
    }

    @Test func onlyNamesNearEnoughAreGuessed() {
        let known = ["trees", "max_depth", "min_samples_leaf"]
        #expect(NearestName.closest(to: "tress", in: known) == "trees")
        #expect(NearestName.closest(to: "max_detph", in: known) == "max_depth")
        #expect(NearestName.closest(to: "learning_rate", in: known) == nil)
        #expect(NearestName.closest(to: "trees", in: known) == nil)
        #expect(NearestName.closest(to: "x", in: []) == nil)
    }
}
