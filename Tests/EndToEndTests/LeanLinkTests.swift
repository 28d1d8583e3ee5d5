import Foundation
import Testing

/// predict.cgi's lean path must not start Foundation (the serving budget's issue: its
/// initialisers and conformance scans were most of predict.cgi's excess over the floor, and it
/// brought a 100 MB executable). A library it links importing Foundation for one helper brings
/// it all back: session 22 found Basics' did-you-mean folding and a number formatter doing so,
/// predict.cgi grown from 17.9 to 76.8 MB, with every test green. The debug build links Swift's
/// libraries dynamically, so each one it needs is named in the executable.
@Suite struct LeanLinkTests {
    @Test(arguments: ["PredictCGI", "PredictCGI-postgresql"])
    func predictCGILinksNoFoundation(name: String) throws {
        let executable = name == "PredictCGI" ? Executables.predictCGI : Executables.predictCGIPostgreSQL
        let bytes = try Data(contentsOf: executable)
        for library in ["libFoundation.so", "libFoundationEssentials.so", "libFoundationInternationalization.so"] {
            #expect(bytes.range(of: Data(library.utf8)) == nil, "\(name) links \(library)")
        }
        // The check can fail: the CLI, which uses Foundation, names it.
        #expect(try Data(contentsOf: Executables.modelpress).range(of: Data("libFoundation.so".utf8)) != nil)
    }
}
