import ArgumentParser
import Foundation
import Logging
import RetellSimulator
import Shortlist

struct RetellSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retell-sim",
        abstract: "Run the Retell simulator alone (for tests and rehearsals).",
        discussion: """
            It answers Retell's API on 127.0.0.1 and plays calls on a compressed timeline, posting signed \
            webhooks to each agent's webhook_url (or to --webhook-url for every agent). POST /sim/inbound \
            {"from_number","to_number"} places a call to one of its numbers, asking --inbound-webhook-url \
            (default: the config's public_url + /webhooks/retell/inbound) which agent answers. Outcome mix, \
            seed and speed come from the config's [simulator] section.
            """)

    @Option(help: "Port to listen on (0: any free port).") var port: Int = 8090
    @Option(help: "Send every webhook here instead of the agent's webhook_url.") var webhookURL: String?
    @Option(help: "The simulator's numbers' inbound webhook URL (POST /sim/inbound places a call).") var inboundWebhookURL: String?
    @Option(help: "The API key clients must send; webhooks are signed with it.") var apiKey: String
    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard !apiKey.isEmpty else { throw ValidationError("--api-key must not be empty") }
        for (option, value) in [("--webhook-url", webhookURL), ("--inbound-webhook-url", inboundWebhookURL)] {
            guard let value else { continue }
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("\(option) must be an http(s) URL")
            }
        }
    }

    func run() async throws {
        let config = try options.load().config
        _ = ProcessBootstrap.bootstrap()
        var settings = RetellConnection.simulatorConfiguration(config, apiKey: apiKey, port: port)
        settings.webhookURLOverride = webhookURL
        settings.inboundWebhookURL = inboundWebhookURL ?? settings.inboundWebhookURL
        let simulator = RetellSimulator(configuration: settings, logger: Logger(label: "retell-sim"))
        try await simulator.run { port in
            // Written straight to the descriptor: a pipe would otherwise buffer it until exit.
            FileHandle.standardOutput.write(Data("retell simulator listening on http://127.0.0.1:\(port)\n".utf8))
        }
    }
}
