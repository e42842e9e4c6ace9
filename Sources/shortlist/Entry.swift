import ArgumentParser
import Foundation
import Shortlist

/// The executable's entry point. Exit codes (DESIGN §1): 0 ok, 1 usage or config error with a
/// one-line reason, 2 runtime failure.
@main
enum Entry {
    static func main() async {
        do {
            var command = try ShortlistCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            let (message, code) = CLIFailure.describe(error)
            if code == 0 {
                print(message)
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            exit(code)
        }
    }
}
