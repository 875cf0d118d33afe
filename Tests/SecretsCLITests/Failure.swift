/// The description of the error `body` throws; `nil` when it throws none.
func failure<Result>(_ body: () throws -> Result) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}
