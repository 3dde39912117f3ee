/// The score log in columns, as the engine reads it: codes are stored once and each row is a
/// few integers, so seven million scores fit in a few hundred megabytes.
///
/// ```swift
/// var log = ScoreLog()
/// log.append(juror: "GK01", entry: "MH-01", criterion: "A1", points: Exact("17.5")!, time: moment)
/// ```
public struct ScoreLog: Sendable, Hashable {
    public private(set) var jurors: [String] = []
    public private(set) var entries: [String] = []
    public private(set) var criteria: [String] = []
    private var jurorIndex: [String: Int32] = [:]
    private var entryIndex: [String: Int32] = [:]
    private var criterionIndex: [String: Int32] = [:]
    private(set) var rows: [Row] = []
    /// Points that do not fit two 64-bit integers, by row.
    private var largePoints: [Int: Exact] = [:]

    struct Row: Sendable, Hashable {
        var entry: Int32
        var juror: Int32
        var criterion: Int32
        /// The instant: seconds since 1970-01-01T00:00:00Z (``Moment/secondsSinceEpoch``).
        var time: Int64
        var numerator: Int64
        /// 0 marks points kept in `largePoints`.
        var denominator: Int64
    }

    public init() {}

    public init(_ scores: [Score]) {
        rows.reserveCapacity(scores.count)
        for s in scores { append(juror: s.juror, entry: s.entry, criterion: s.criterion, points: s.points, time: s.time) }
    }

    public var count: Int { rows.count }

    public mutating func reserveCapacity(_ n: Int) { rows.reserveCapacity(n) }

    public mutating func append(juror: String, entry: String, criterion: String, points: Exact, time: Moment) {
        append(juror: juror, entry: entry, criterion: criterion, points: points, seconds: time.secondsSinceEpoch)
    }

    /// Appends a row at an instant given as seconds since 1970-01-01T00:00:00Z.
    public mutating func append(juror: String, entry: String, criterion: String, points: Exact, seconds: Int64) {
        let j = Self.index(juror, &jurors, &jurorIndex)
        let e = Self.index(entry, &entries, &entryIndex)
        let c = Self.index(criterion, &criteria, &criterionIndex)
        if let n = Int64(exactly: points.numerator), let d = Int64(exactly: points.denominator) {
            rows.append(Row(entry: e, juror: j, criterion: c, time: seconds, numerator: n, denominator: d))
        } else {
            largePoints[rows.count] = points
            rows.append(Row(entry: e, juror: j, criterion: c, time: seconds, numerator: 0, denominator: 0))
        }
    }

    private static func index(_ code: String, _ codes: inout [String], _ index: inout [String: Int32]) -> Int32 {
        if let i = index[code] { return i }
        let i = Int32(codes.count)
        codes.append(code)
        index[code] = i
        return i
    }

    func points(_ row: Int) -> Exact {
        let r = rows[row]
        if r.denominator == 0 { return largePoints[row]! }
        return Exact(numerator: Int128(r.numerator), denominator: Int128(r.denominator))!
    }

    /// The rows of each entry: `order[offsets[e]..<offsets[e + 1]]` are entry e's rows, in log order.
    func rowsByEntry() -> (offsets: [Int], order: [Int32]) {
        var offsets = [Int](repeating: 0, count: entries.count + 1)
        for r in rows { offsets[Int(r.entry) + 1] += 1 }
        for i in 0..<entries.count { offsets[i + 1] += offsets[i] }
        var next = offsets
        var order = [Int32](repeating: 0, count: rows.count)
        for (i, r) in rows.enumerated() {
            order[next[Int(r.entry)]] = Int32(i)
            next[Int(r.entry)] += 1
        }
        return (offsets, order)
    }

    /// The rows that count: the latest per (juror, entry, criterion), as (juror, criterion, points) per entry code.
    func current(entry e: Int, offsets: [Int], order: [Int32]) -> [(juror: String, criterion: String, points: Exact)] {
        var latest: [Int64: Int] = [:]
        for k in offsets[e]..<offsets[e + 1] {
            let i = Int(order[k])
            let key = Int64(rows[i].criterion) << 32 | Int64(rows[i].juror)
            if let seen = latest[key], !(rows[seen].time < rows[i].time) { continue }
            latest[key] = i
        }
        return latest.values.sorted().map { (jurors[Int(rows[$0].juror)], criteria[Int(rows[$0].criterion)], points($0)) }
    }

    public func index(ofEntry code: String) -> Int? { entryIndex[code].map(Int.init) }

    /// Every row as a ``Score`` (without comments), for hashing and tests. The log keeps instants,
    /// not the offsets they were written in: the times come back in UTC.
    public var scores: [Score] {
        rows.indices.map { i in
            let r = rows[i]
            return Score(juror: jurors[Int(r.juror)], entry: entries[Int(r.entry)], criterion: criteria[Int(r.criterion)],
                points: points(i), time: Moment(secondsSinceEpoch: r.time, offset: .utc))
        }
    }
}
