import ArgumentParser
import Foundation
import Logging
import Shortlist

/// `shortlist erase --candidate ID` / `--phone P`: erases a person everywhere (DESIGN §8).
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a candidate's personal data everywhere; a do-not-call entry stays as a hash of the number.")
    @Option(help: "The candidate's id (as in the API's candidate_id).") var candidate: String?
    @Option(help: "The candidate's phone number (written without + it is read in [calling] default_country).") var phone: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load().config
        let database = try options.openDatabase()
        let id = try await candidateID(database, defaultCountry: config.calling.defaultCountry)
        let eraser = CandidateEraser(
            database: database, recordings: config.recordingStore, workBell: nil, logger: Logger(label: "erase"))
        print(EraseReport.text(try await eraser.erase(candidateID: id, by: .cli)))
    }

    private func candidateID(_ database: AppDatabase, defaultCountry: String) async throws -> String {
        switch (candidate, phone) {
        case (let id?, nil):
            guard !id.isEmpty, id.count <= 100 else { throw UsageError("--candidate must be a candidate id") }
            return id
        case (nil, let raw?):
            switch PhoneNumber.normalize(raw, defaultCountry: defaultCountry) {
            case .failure(let error): throw UsageError("--phone \(error.reason)")
            case .success(let number):
                guard let id = try await database.candidateID(phone: number.e164) else {
                    throw UsageError("no candidate has the number \(PhoneNumber.mask(number.e164))")
                }
                return id
            }
        default:
            throw UsageError("give either --candidate ID or --phone P")
        }
    }
}
