import Foundation
import ShortlistFuzz

/// Screening conversations that read like real 5–10 minute calls: 8–12 KB of varied text, split
/// into turns whose words carry start and end times in seconds, as Retell's `transcript_object`.
/// Seeded, so every run stores the same bytes.
struct TranscriptGenerator {
    struct Conversation {
        var text: String
        var turns: [[String: Any]]
        var seconds: Double
    }

    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func conversation() -> Conversation {
        let target = 8_000 + next(4_000)
        var text = ""
        var turns: [[String: Any]] = []
        var clock = 0.4 + Double(next(600)) / 1000
        var agentTurn = true
        while text.utf8.count < target {
            let content = agentTurn ? agentLine() : userLine()
            var words: [[String: Any]] = []
            for word in content.split(separator: " ") {
                let length = 0.12 + Double(word.count) * 0.045 + Double(next(90)) / 1000
                words.append(["word": String(word), "start": round3(clock), "end": round3(clock + length)])
                clock += length + Double(next(70)) / 1000
            }
            clock += 0.5 + Double(next(1_400)) / 1000
            let role = agentTurn ? "agent" : "user"
            turns.append(["role": role, "content": content, "words": words])
            text += (agentTurn ? "Agent: " : "User: ") + content + "\n"
            agentTurn.toggle()
        }
        return Conversation(text: text, turns: turns, seconds: clock)
    }

    private mutating func agentLine() -> String {
        let openers = ["Thanks for that.", "Okay, great.", "That's helpful, thank you.", "I see.", "Got it.", "Perfect.",
                       "Thanks, I've noted that down.", "Understood.", "That makes sense."]
        let questions = [
            "Could you tell me a little about your most recent role and what a typical day looked like?",
            "How many years have you been driving commercially, and what kind of vehicles?",
            "Do you currently hold a valid licence, and are there any points or endorsements on it?",
            "The role is mostly \(pick(["early", "day", "late", "weekend"])) shifts starting around \(5 + next(5)) in the morning. Would that work for you?",
            "What hourly rate or yearly salary would you be looking for in your next position?",
            "When would you be able to start if everything goes well?",
            "How far are you from our \(pick(["Riverside", "Northgate", "Eastfield", "Harbour Road", "Millbrook"])) depot, and how would you get there?",
            "Have you worked with handheld scanners or route planning apps before?",
            "Is there anything about the role you'd like me to pass on to the hiring manager?",
            "Have you ever had to deal with a difficult customer on a delivery? How did you handle it?",
            "Are you comfortable lifting parcels of up to \(15 + next(20)) kilos throughout the day?",
            "Would you be open to overtime during the busy season in \(pick(["November", "December", "the summer", "spring"]))?",
        ]
        return pick(openers) + " " + pick(questions)
    }

    private mutating func userLine() -> String {
        let starts = ["Yeah, sure.", "Um, so", "Right, well,", "Honestly,", "Okay, so", "Yes.", "Sure, no problem.", "Let me think."]
        let bodies = [
            "I was at \(pick(["Swift Logistics", "Parcelway", "Harper & Sons", "CityLink", "Northern Freight"])) for about \(2 + next(8)) years, mostly multi-drop in a \(pick(["Transit van", "7.5 tonne truck", "Luton box van", "Sprinter"])), around \(80 + next(90)) drops a day.",
            "I've had my licence since \(1998 + next(24)) and there's nothing on it, it's completely clean.",
            "I'd be looking for something around \(11 + next(6)).\(next(10))0 an hour, or about \(38 + next(20)) thousand a year, depending on the hours.",
            "I could start in \(pick(["a week", "two weeks", "a month", "three weeks"])), I just need to give notice to my current manager.",
            "It's about \(10 + next(40)) minutes in the car, so that's no problem at all, and there's a bus if the car's in the garage.",
            "Yeah, we used the scanners every day, and a routing app on the phone that reordered the stops as we went.",
            "Early starts are fine, I'm usually up at \(4 + next(3)) anyway because of the kids, so that actually suits me better.",
            "There was one time a customer wasn't happy because the parcel was late, so I apologised, explained the delay, and called the depot to sort a redelivery.",
            "Overtime's fine, especially around Christmas, I did a lot of that last year and it was good money.",
            "Not really, I think you've covered most of it, maybe just whether the van goes home with you or stays at the depot.",
            "I did a bit of warehouse work before that as well, picking and packing, and I've got my forklift ticket from \(2010 + next(12)).",
            "The heaviest stuff was the flat-pack furniture, but we usually did those two-man, so it was manageable.",
        ]
        let extra = next(3) == 0 ? " " + pick(["Does that make sense?", "If that helps.", "Yeah.", "That's about it really.", "Sorry, the line's a bit bad here."]) : ""
        return pick(starts) + " " + pick(bodies) + extra
    }

    private mutating func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

    private mutating func pick(_ options: [String]) -> String { options[next(options.count)] }

    private func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
