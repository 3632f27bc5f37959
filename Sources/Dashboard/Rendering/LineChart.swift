import Foundation

/// A line chart drawn as SVG on the server: one series over time, with its title, the range of
/// its values and the time it spans, readable by screen readers through its title and
/// description.
struct LineChart {
    struct Point {
        let at: Date
        let value: Double
    }

    let id: String
    let title: String
    /// What a value counts, for the description ("events", "calls per minute").
    let unit: String
    let points: [Point]

    private let width = 400.0
    private let height = 200.0
    private let left = 48.0
    private let right = 12.0
    private let top = 12.0
    private let bottom = 28.0

    /// The chart as an `<svg>` element.
    var svg: String {
        let titleID = id + "-title"
        let descriptionID = id + "-description"
        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(titleID) \(descriptionID)\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<title id=\"\(titleID)\">\(escapedHTML(title))</title>",
            "<desc id=\"\(descriptionID)\">\(escapedHTML(description))</desc>",
        ]
        let plotRight = width - right
        let plotBottom = height - bottom
        parts.append(line(left, top, left, plotBottom, "axis"))
        parts.append(line(left, plotBottom, plotRight, plotBottom, "axis"))
        guard let first = points.first, let last = points.last else {
            parts.append(text(left + 8, top + 24, "no samples yet", anchor: "start"))
            parts.append("</svg>")
            return parts.joined()
        }
        let highest = max(points.map(\.value).max() ?? 0, 1)
        let span = max(last.at.timeIntervalSince(first.at), 1)
        func x(_ point: Point) -> Double { left + (plotRight - left) * point.at.timeIntervalSince(first.at) / span }
        func y(_ point: Point) -> Double { plotBottom - (plotBottom - top) * point.value / highest }
        parts.append(text(left - 6, top + 10, Self.number(highest), anchor: "end"))
        parts.append(text(left - 6, plotBottom, "0", anchor: "end"))
        parts.append(text(left, height - 8, Self.clock(first.at), anchor: "start"))
        parts.append(text(plotRight, height - 8, Self.clock(last.at) + " UTC", anchor: "end"))
        if points.count == 1 {
            parts.append("<circle class=\"series\" cx=\"\(format(x(first)))\" cy=\"\(format(y(first)))\" r=\"3\"/>")
        } else {
            let coordinates = points.map { "\(format(x($0))),\(format(y($0)))" }.joined(separator: " ")
            parts.append("<polyline class=\"series\" fill=\"none\" points=\"\(coordinates)\"/>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// The chart in words: its span, its latest value and its highest.
    var description: String {
        guard let first = points.first, let last = points.last else { return "\(title): no samples yet." }
        let highest = points.map(\.value).max() ?? 0
        return
            "\(title) from \(Self.clock(first.at)) to \(Self.clock(last.at)) UTC: now \(Self.number(last.value)) \(unit), highest \(Self.number(highest))."
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ kind: String) -> String {
        "<line class=\"\(kind)\" x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\"/>"
    }

    private func text(_ x: Double, _ y: Double, _ content: String, anchor: String) -> String {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\">\(escapedHTML(content))</text>"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value)
    }

    static func clock(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970)
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d", Int(inDay / 3600), Int(inDay % 3600 / 60))
    }
}

extension LineChart {
    /// A chart of a gauge's samples as they are.
    static func levels(id: String, title: String, unit: String, _ samples: [MetricsHistory.Sample]) -> LineChart {
        LineChart(id: id, title: title, unit: unit, points: samples.map { Point(at: $0.at, value: $0.value) })
    }

    /// A chart of a counter's samples as a rate per minute between one sample and the next.
    static func ratePerMinute(id: String, title: String, unit: String, _ samples: [MetricsHistory.Sample]) -> LineChart
    {
        let points = zip(samples, samples.dropFirst()).map { earlier, later in
            let minutes = max(later.at.timeIntervalSince(earlier.at), 1) / 60
            return Point(at: later.at, value: max(0, later.value - earlier.value) / minutes)
        }
        return LineChart(id: id, title: title, unit: unit, points: points)
    }
}
