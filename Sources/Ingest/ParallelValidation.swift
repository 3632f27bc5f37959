import Foundation
public import SyncModel

extension IngestValidator {
    /// Validates JSON lines as `validate(lines:progress:)` does, with the same results, but with
    /// `threads` > 1 on every core: lines are parsed on their own in parallel while this thread
    /// takes them in order, so that what spans lines (a default country changed by an earlier
    /// line, an id used twice) still decides. `progress` hears the bytes done, from this thread.
    public mutating func validate(
        lines buffer: UnsafeRawBufferPointer,
        threads: Int,
        progress: ((Int) -> Void)? = nil
    ) -> ValidatedEvents {
        let chunks = LineChunks.split(buffer, size: LineChunks.chunkBytes)
        guard threads > 1, chunks.count > 1 else { return validate(lines: buffer, progress: progress) }
        reserve(lines: buffer.count / 100)
        var result = ValidatedEvents()
        result.events.reserveCapacity(buffer.count / 100)
        // Workers parse chunks while this thread takes the parsed ones in order: taking them is
        // sequential by nature, so it overlaps with the parsing instead of waiting for it.
        let parsed = ParsedChunks()
        // The buffer is only read, and every chunk is published, after its last read, before this
        // function (which waits for all of them) returns.
        nonisolated(unsafe) let bytes = buffer
        let validator = self
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                parsed.publish(validator.parse(chunks[index], of: bytes), at: index)
            }
        }
        var firstLine = 1
        for index in chunks.indices {
            let chunk = parsed.take(index)
            for line in chunk.lines {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[line.range])
                let number = firstLine + line.number - 1
                switch accept(line.result.renumbered(number), parsedWith: line.country, line: bytes, number: number) {
                case .success(let event)?: result.events.append(event)
                case .failure(let error)?: result.problems.append(error)
                case nil: break
                }
            }
            firstLine += chunk.lineCount
            progress?(chunks[index].upperBound)
        }
        return result
    }

    /// Parses one chunk's lines on their own, numbering them from 1 within the chunk.
    fileprivate func parse(_ range: Range<Int>, of bytes: UnsafeRawBufferPointer) -> ParsedChunk {
        var chunk = ParsedChunk()
        var start = range.lowerBound
        while start < range.upperBound {
            let end = bytes[start..<range.upperBound].firstIndex(of: 0x0A) ?? range.upperBound
            chunk.lineCount += 1
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            let (parsed, country) = parseAlone(line: line, number: chunk.lineCount)
            if let parsed {
                chunk.lines.append(
                    ParsedLine(number: chunk.lineCount, range: start..<end, result: parsed, country: country)
                )
            }
            start = end + 1
        }
        return chunk
    }
}

/// Parsed chunks handed from the workers to the thread that takes them in order.
private final class ParsedChunks: @unchecked Sendable {
    // @unchecked: `chunks` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var chunks: [Int: ParsedChunk] = [:]

    func publish(_ chunk: ParsedChunk, at index: Int) {
        condition.lock()
        chunks[index] = chunk
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for chunk `index` and hands it over.
    func take(_ index: Int) -> ParsedChunk {
        condition.lock()
        defer { condition.unlock() }
        while chunks[index] == nil { condition.wait() }
        return chunks.removeValue(forKey: index) ?? ParsedChunk()
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
