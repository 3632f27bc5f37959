import Foundation
public import SyncModel
import Synchronization

extension IngestValidator {
    /// Validates JSON lines as `validate(lines:progress:)` does, with the same results, on
    /// `threads` threads: lines are parsed on their own in parallel, then taken in order, so that
    /// what spans lines (a default country changed by an earlier line, an id used twice) still
    /// decides. `progress` hears the bytes done, from the calling thread.
    public mutating func validate(
        lines buffer: UnsafeRawBufferPointer,
        threads: Int,
        progress: ((Int) -> Void)? = nil
    ) -> ValidatedEvents {
        let chunks = LineChunks.split(buffer, size: LineChunks.chunkBytes)
        guard threads > 1, chunks.count > 1 else { return validate(lines: buffer, progress: progress) }
        var result = ValidatedEvents()
        result.events.reserveCapacity(buffer.count / 100)
        var firstLine = 1
        for round in stride(from: 0, to: chunks.count, by: threads) {
            let ranges = Array(chunks[round..<min(round + threads, chunks.count)])
            let parsed = parse(ranges, of: buffer)
            for chunk in parsed {
                for line in chunk.lines {
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[line.range])
                    let number = firstLine + line.number - 1
                    switch accept(line.result.renumbered(number), parsedWith: line.country, line: bytes, number: number)
                    {
                    case .success(let event)?: result.events.append(event)
                    case .failure(let error)?: result.problems.append(error)
                    case nil: break
                    }
                }
                firstLine += chunk.lineCount
            }
            progress?(ranges.last?.upperBound ?? buffer.count)
        }
        return result
    }

    /// Parses each chunk's lines on its own thread, numbering them from 1 within the chunk.
    private func parse(_ ranges: [Range<Int>], of buffer: UnsafeRawBufferPointer) -> [ParsedChunk] {
        let results = Mutex<[Int: ParsedChunk]>([:])
        // The buffer is only read, and concurrentPerform returns before the caller's access to it
        // ends.
        nonisolated(unsafe) let bytes = buffer
        let validator = self
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            var chunk = ParsedChunk()
            var start = ranges[index].lowerBound
            while start < ranges[index].upperBound {
                let end = bytes[start..<ranges[index].upperBound].firstIndex(of: 0x0A) ?? ranges[index].upperBound
                chunk.lineCount += 1
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                let (parsed, country) = validator.parseAlone(line: line, number: chunk.lineCount)
                if let parsed {
                    chunk.lines.append(
                        ParsedLine(number: chunk.lineCount, range: start..<end, result: parsed, country: country)
                    )
                }
                start = end + 1
            }
            results.withLock { $0[index] = chunk }
        }
        return results.withLock { all in ranges.indices.map { all[$0] ?? ParsedChunk() } }
    }
}

/// The lines of one chunk, parsed on their own.
private struct ParsedChunk: Sendable {
    var lines: [ParsedLine] = []
    /// Lines in the chunk, blank ones included.
    var lineCount = 0
}

private struct ParsedLine: Sendable {
    var number: Int
    var range: Range<Int>
    var result: Result<Event, IngestError>
    var country: CountryCode
}

/// Cuts a buffer of lines into chunks that end at line breaks.
enum LineChunks {
    /// Large enough that a chunk's parsing dwarfs handing it to a thread.
    static let chunkBytes = 1 << 20

    static func split(_ buffer: UnsafeRawBufferPointer, size: Int) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0
        while start < buffer.count {
            var end = min(start + size, buffer.count)
            if end < buffer.count {
                end = (buffer[end...].firstIndex(of: 0x0A)).map { $0 + 1 } ?? buffer.count
            }
            chunks.append(start..<end)
            start = end
        }
        return chunks
    }
}

extension Result<Event, IngestError> {
    /// The same result with a refusal's line number set to `number`.
    fileprivate func renumbered(_ number: Int) -> Self {
        guard case .failure(var error) = self else { return self }
        error.line = number
        return .failure(error)
    }
}
