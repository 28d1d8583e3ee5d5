import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A result that cannot be written fails the command (trial19 #5): `--output` on a full disk,
/// and standard output on one, exit 1 with the system's reason, not 0 with a success message.
@Suite struct WriteFailureTests {
    /// A device that takes no bytes, as a full disk (`/dev/full`'s major 1, minor 7: glibc's
    /// `makedev(1, 7)`, a macro Swift does not import), made in
    /// `folder` so that a test needs no particular /dev; /dev/full when it cannot be made there;
    /// nil when neither is such a device.
    static func fullDevice(in folder: URL) -> String? {
        let path = folder.appendingPathComponent("full").path
        #if canImport(Glibc)
            if mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0 { return path }
        #endif
        let type = (try? FileManager.default.attributesOfItem(atPath: "/dev/full"))?[.type] as? FileAttributeType
        return type == .typeCharacterSpecial ? "/dev/full" : nil
    }

    static let input =
        "id,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\n"
        + "7,Biscoe,46.1,13.2,211,4500,female\n"

    @Test func aFullDiskFailsOutputAndStandardOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        guard let full = Self.fullDevice(in: folder.url) else {
            Issue.record("no full device could be made or found; the test cannot run")
            return
        }
        let input = folder.url.appendingPathComponent("rows.csv")
        try Data(Self.input.utf8).write(to: input)
        let version = "penguin_species/gradient_boosting@1.0.0"
        for command in [
            ["predict", version, "--input", input.path, "--output", full],
            ["explain", version, "--input", input.path, "--csv", "--output", full],
        ] {
            let ran = try run(Executables.modelpress, command, in: Executables.repositoryRoot)
            #expect(ran.status == 1, "\(command): \(ran.errorOutput)")
            #expect(
                ran.errorOutput.contains("error: cannot write the result to \(full): no space left on device"),
                "\(command): \(ran.errorOutput)")
            #expect(!ran.errorOutput.contains("into \(full)"), "\(command): \(ran.errorOutput)")
        }
        // The device is still a device: written in place, not replaced by a renamed file.
        let type = try FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
        for command in [["predict", version, "--input", input.path], ["history", "--json"]] {
            let shell = "exec \"$0\" \"$@\" > '\(full)'"
            let ran = try run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", shell, Executables.modelpress.path] + command,
                in: Executables.repositoryRoot)
            #expect(ran.status == 1, "\(command): \(ran.errorOutput)")
            #expect(
                ran.errorOutput.contains("error: cannot write standard output: No space left on device"),
                "\(command): \(ran.errorOutput)")
        }
    }

    /// An `--output` that is the `--input` file, by the same path, another path or a symbolic
    /// link, is refused before anything is written (trial20 #6: the input was replaced, and the
    /// rows that could not be scored lost); the input keeps its bytes.
    @Test func theInputFileIsNeverTheOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("rows.csv")
        try Data(Self.input.utf8).write(to: input)
        let link = folder.url.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        let version = "penguin_species/gradient_boosting@1.0.0"
        let other = folder.url.path + "/./rows.csv"
        for output in [input.path, other, link.path] {
            for command in [
                ["predict", version, "--input", input.path, "--output", output],
                ["explain", version, "--input", input.path, "--csv", "--output", output],
            ] {
                let ran = try run(Executables.modelpress, command, in: Executables.repositoryRoot)
                #expect(ran.status == 1, "\(command): \(ran.errorOutput)")
                #expect(
                    ran.errorOutput.contains("error: --output \(output) is the --input file \(input.path)"),
                    "\(command): \(ran.errorOutput)")
            }
        }
        // Through standard input too, as a shell's `<` gives it (trial21 #6).
        for command in [
            ["predict", version, "--input", "-", "--output", other],
            ["explain", version, "--input", "-", "--csv", "--output", link.path],
        ] {
            let ran = try run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "exec \"$0\" \"$@\" < '\(input.path)'", Executables.modelpress.path]
                    + command, in: Executables.repositoryRoot)
            #expect(ran.status == 1, "\(command): \(ran.errorOutput)")
            #expect(
                ran.errorOutput.contains(
                    "error: --output \(command.last ?? "") is the file standard input reads (--input -): the result "
                        + "would replace the rows it is made from"),
                "\(command): \(ran.errorOutput)")
        }
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.input)
        let piped = try run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "exec \"$0\" \"$@\" < '\(input.path)'", Executables.modelpress.path, "predict", version,
                "--input", "-",
                "--output", folder.url.appendingPathComponent("piped.csv").path,
            ], in: Executables.repositoryRoot)
        #expect(piped.status == 0, "\(piped.errorOutput)")
        let elsewhere = folder.url.appendingPathComponent("scored.csv")
        let scored = try run(
            Executables.modelpress, ["predict", version, "--input", input.path, "--output", elsewhere.path],
            in: Executables.repositoryRoot)
        #expect(scored.status == 0, "\(scored.errorOutput)")
    }
}
