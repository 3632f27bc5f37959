/// `text` left-aligned in a column `width` characters wide, for the command line's tables.
public func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
