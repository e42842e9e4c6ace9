import ArgumentParser
import Foundation
import Shortlist

struct RecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings", abstract: "Manage the encrypted call recordings.", subcommands: [Rekey.self])

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every stored recording under the current recording_key (after a rotation).",
            discussion: """
                Put the new key in security.recording_key and the old one in security.old_recording_keys, \
                run this, then remove the old key. Exit 0 when every recording is under the current key, \
                1 when no recording_key is set, 2 when some could not be re-encrypted.
                """)
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load().config
            guard config.recordingKeys.current != nil else {
                throw UsageError("security.recording_key is not set: there is no key to re-encrypt under")
            }
            let rekey = RecordingRekey(database: try options.openDatabase(), store: config.recordingStore)
            let report = try await rekey.run(by: .cli)
            print("re-encrypted \(report.rekeyed) recording(s) under the current key")
            if report.failed > 0 {
                throw RekeyFailure(description: "\(report.failed) recording(s) could not be re-encrypted; first: \(report.firstFailure ?? "-")")
            }
        }
    }
}

struct RekeyFailure: Error, CustomStringConvertible {
    let description: String
}
