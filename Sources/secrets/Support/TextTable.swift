/// Rows of text printed in aligned columns under a header, as the list commands show them.
struct TextTable {
    private var rows: [[String]]

    /// A table with the column titles `header`.
    init(header: [String]) { rows = [header] }

    /// Adds a row, one cell per column; a line break in a cell becomes a space.
    mutating func append(_ row: [String]) {
        rows.append(
            row.map { $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ") })
    }

    /// The table as lines of text, columns separated by two spaces, trailing blanks trimmed.
    var rendered: String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (column, cell) in row.enumerated() {
                if column < widths.count {
                    widths[column] = max(widths[column], cell.count)
                } else {
                    widths.append(cell.count)
                }
            }
        }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
