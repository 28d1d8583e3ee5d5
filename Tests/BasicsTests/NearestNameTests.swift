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

/// Did-you-mean compares folded names: diacritics, case and separators do not count as
/// slips (trial28 #7: "Ile de France" typed for the category "Île-de-France" got no hint).
@Suite struct FoldedNearestNameTests {
    static let regions = ["Île-de-France", "Provence-Alpes-Côte d'Azur", "Bretagne", "Grand Est"]

    @Test(arguments: [
        ("Ile de France", "Île-de-France"), ("ile-de-france", "Île-de-France"), ("ILE_DE_FRANCE", "Île-de-France"),
        ("Provence Alpes Cote dAzur", "Provence-Alpes-Côte d'Azur"), ("grandest", "Grand Est"),
        ("Ile de Frnace", "Île-de-France"),
    ])
    func accentsCaseAndSeparatorsAreNotSlips(typed: String, meant: String) {
        #expect(NearestName.meant(by: typed, in: Self.regions) == meant)
    }

    @Test func farNamesAndKnownNamesStillGetNone() {
        #expect(NearestName.meant(by: "Normandie", in: Self.regions) == nil)
        #expect(NearestName.meant(by: "Bretagne", in: Self.regions) == nil)
        #expect(NearestName.meant(by: "--", in: Self.regions) == nil)
    }
}
