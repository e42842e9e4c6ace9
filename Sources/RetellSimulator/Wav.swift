import Foundation

/// A short, valid WAV file standing in for a call recording: 8 kHz, 16-bit, mono PCM, a soft
/// 440 Hz tone that fades in and out.
enum Wav {
    static let sampleRate = 8_000

    /// The bytes of a `seconds`-long recording (the same for every call; it is only a stand-in).
    static func tone(seconds: Double = 1, frequency: Double = 440) -> [UInt8] {
        let count = max(1, Int(Double(sampleRate) * seconds))
        var samples: [UInt8] = []
        samples.reserveCapacity(count * 2)
        let fade = Double(min(count / 4, sampleRate / 20))
        for index in 0..<count {
            let envelope = min(1, Double(index) / fade, Double(count - 1 - index) / fade)
            let value = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * 0.25 * envelope
            let sample = Int16((value * Double(Int16.max)).rounded())
            samples.append(contentsOf: littleEndian(UInt16(bitPattern: sample)))
        }
        return header(dataBytes: samples.count) + samples
    }

    /// The 44-byte RIFF/WAVE header for PCM data of `dataBytes` bytes.
    static func header(dataBytes: Int) -> [UInt8] {
        let channels: UInt16 = 1
        let bitsPerSample: UInt16 = 16
        let blockAlign = channels * bitsPerSample / 8
        var bytes: [UInt8] = []
        bytes += Array("RIFF".utf8) + littleEndian(UInt32(36 + dataBytes)) + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + littleEndian(UInt32(16)) + littleEndian(UInt16(1)) + littleEndian(channels)
        bytes += littleEndian(UInt32(sampleRate)) + littleEndian(UInt32(sampleRate) * UInt32(blockAlign))
        bytes += littleEndian(blockAlign) + littleEndian(bitsPerSample)
        bytes += Array("data".utf8) + littleEndian(UInt32(dataBytes))
        return bytes
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
