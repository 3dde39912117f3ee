import Testing
import ThiDuaCore

/// Table-driven tests of the criteria expression language: parsing, checking, evaluating,
/// and the exact numbers underneath.
@Suite struct ExpressionTests {
    // MARK: Fixtures

    /// The scopes the cases run in.
    enum Place: String, Sendable, CustomStringConvertible {
        /// Everything readable: every variable, criteria A1 and A2, group A.
        case full
        /// Only `max` and `score.A1` (A2 and B1 exist but are not readable here).
        case narrow
        /// Metrics and facts declared and closed.
        case declared
        /// No entry data at all.
        case noEntry

        var scope: Scope {
            switch self {
            case .full:
                Scope(
                    variables: Set(Variable.allCases), factTypes: ["dia_ban": .text, "han_chot": .date, "han_sai": .date],
                    criteria: ["A1", "A2"], groups: ["A"], allCriteria: ["A1", "A2", "B1"])
            case .narrow:
                Scope(variables: [.max], criteria: ["A1"], allCriteria: ["A1", "A2", "B1"])
            case .declared:
                Scope(
                    variables: [.target, .actual], declaredMetrics: ["x", "zero"], factTypes: ["dia_ban": .text],
                    factsClosed: true)
            case .noEntry:
                Scope(variables: [.total], entryData: false)
            }
        }

        var description: String { rawValue }
    }

    /// An entry's values, by name.
    struct Entry: EvaluationContext {
        var values: [Reference: Value]
        func value(of reference: Reference) -> Value? { values[reference] }
    }

    static let entry = Entry(values: [
        .metric("x"): .number(Exact(5)),
        .metric("zero"): .number(.zero),
        .metric("ho_tham_gia"): .number(Exact(45)),
        .metric("tong_so_ho"): .number(Exact(60)),
        .metric("text"): .text("năm"),
        .fact("ky_luat"): .bool(false),
        .textFact("dia_ban"): .text("Hà Nội"),
        .fact("bad"): .text("có"),
        .fact("han_chot"): .date(day(2024, 11, 30)),
        .fact("han_sai"): .text("mai"),
        .score("A1"): .number(Exact(8)),
        .score("A2"): .number(fraction(7, 2)),
        .subtotal("A"): .number(fraction(23, 2)),
        .variable(.target): .number(Exact(100)),
        .variable(.actual): .number(Exact("97,5")!),
        .variable(.max): .number(Exact(20)),
        .variable(.reportDaysLate): .number(Exact(3)),
        .variable(.entryKind): .text("collective"),
        .variable(.campaignReportDeadline): .date(day(2024, 11, 28)),
    ])

    static func fraction(_ n: Int128, _ d: Int128) -> Exact { Exact(numerator: n, denominator: d)! }
    static func number(_ n: Int) -> Value { .number(Exact(n)) }
    static func number(_ n: Int128, over d: Int128) -> Value { .number(fraction(n, d)) }
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    /// Parses, checks and evaluates, failing the test on any mistake.
    static func evaluate(_ source: String, in place: Place = .full) throws -> Value {
        let expression = try Expression.parse(source)
        let checked = try expression.checked(in: place.scope).get()
        return try checked.evaluate(entry)
    }

    // MARK: 1. Evaluation

    struct Evaluation: Sendable, CustomTestStringConvertible {
        var source: String
        var value: Value
        var place: Place = .full
        var testDescription: String { source }
    }

    @Test(arguments: [
        // Exact arithmetic and precedence.
        Evaluation(source: "1/3 + 1/3 + 1/3 == 1", value: .bool(true)),
        Evaluation(source: "0.1 + 0.2 == 0.3", value: .bool(true)),
        Evaluation(source: "10 / 4", value: number(5, over: 2)),
        Evaluation(source: "1 / 3", value: number(1, over: 3)),
        Evaluation(source: "2 + 3 * 4", value: number(14)),
        Evaluation(source: "(2 + 3) * 4", value: number(20)),
        Evaluation(source: "10 - 2 - 3", value: number(5)),
        Evaluation(source: "24 / 2 / 3", value: number(4)),
        Evaluation(source: "-2 * 3 + -(1 - 4)", value: number(-3)),
        Evaluation(source: "2 - -3", value: number(5)),
        Evaluation(source: "-metrics.x * 2", value: number(-10)),
        Evaluation(source: "metrics.ho_tham_gia / metrics.tong_so_ho * 20", value: number(15)),
        Evaluation(source: "min(20, actual / target * 20)", value: number(39, over: 2)),
        // Comparisons of numbers and dates.
        Evaluation(source: "date(\"25/11/2024\") < date(\"2024-11-28\")", value: .bool(true)),
        Evaluation(source: "date(\"28/11/2024\") <= date(\"2024-11-28\") and 3 >= 3 and 2 != 3", value: .bool(true)),
        Evaluation(source: "facts.han_chot > campaign.report_deadline", value: .bool(true)),
        Evaluation(source: "5/2 > 2.5 or 5/2 < 2.5", value: .bool(false)),
        // Logic, with short-circuit.
        Evaluation(source: "false and metrics.missing > 1", value: .bool(false)),
        Evaluation(source: "true or 1 / 0 > 1", value: .bool(true)),
        Evaluation(source: "not (1 > 2) and not facts.ky_luat", value: .bool(true)),
        Evaluation(source: "not 1 == 2", value: .bool(true)),
        // `in`.
        Evaluation(source: "entry.kind in [\"collective\", \"individual\"]", value: .bool(true)),
        Evaluation(source: "facts.dia_ban in [\"Huế\", \"Đà Nẵng\"]", value: .bool(false)),
        Evaluation(source: "metrics.x in [1, 2, 3]", value: .bool(false)),
        Evaluation(source: "5/2 in [2.5, 3]", value: .bool(true)),
        Evaluation(source: "1 in []", value: .bool(false)),
        // Functions.
        Evaluation(source: "min(3, 1/2, 7)", value: number(1, over: 2)),
        Evaluation(source: "max(3, 1/2, 7, -8)", value: number(7)),
        Evaluation(source: "max(max, score.A1, 1)", value: number(20)),
        Evaluation(source: "clamp(metrics.x, 0, 3)", value: number(3)),
        Evaluation(source: "clamp(-1, 0, 3)", value: number(0)),
        Evaluation(source: "clamp(5/2, 0, 3)", value: number(5, over: 2)),
        Evaluation(source: "round(2.345, 2)", value: number(47, over: 20)),
        Evaluation(source: "round(-2.345, 2)", value: number(-47, over: 20)),
        Evaluation(source: "round(-2.5)", value: number(-3)),
        Evaluation(source: "round(2.5)", value: number(3)),
        Evaluation(source: "round(2.49)", value: number(2)),
        Evaluation(source: "round(1/3, 4)", value: number(3333, over: 10000)),
        Evaluation(source: "floor(-1.5)", value: number(-2)),
        Evaluation(source: "floor(7/2)", value: number(3)),
        Evaluation(source: "ceil(-1.5)", value: number(-1)),
        Evaluation(source: "ceil(2.1)", value: number(3)),
        Evaluation(source: "abs(-7/2)", value: number(7, over: 2)),
        Evaluation(source: "abs(score.A2)", value: number(7, over: 2)),
        Evaluation(source: "if(metrics.zero == 0, 0, 1 / metrics.zero)", value: number(0)),
        Evaluation(source: "if(metrics.x > 0, 9, 1 / 0)", value: number(9)),
        Evaluation(source: "if(entry.kind == \"collective\", \"tập thể\", \"cá nhân\")", value: .text("tập thể")),
        Evaluation(source: "date(\"25/11/2024\")", value: .date(day(2024, 11, 25))),
        Evaluation(source: "days_between(date(\"25/11/2024\"), date(\"28/11/2024\"))", value: number(3)),
        Evaluation(source: "days_between(date(\"2024-03-01\"), date(\"28/02/2024\"))", value: number(-2)),
        Evaluation(source: "days_between(campaign.report_deadline, facts.han_chot)", value: number(2)),
        Evaluation(source: "has(metrics.x)", value: .bool(true)),
        Evaluation(source: "has(metrics.missing)", value: .bool(false)),
        Evaluation(source: "has(facts.ky_luat) and not has(facts.khen_thuong)", value: .bool(true)),
        // A report not yet verified has no verified score; has() guards the read.
        Evaluation(source: "if(has(verified_score), verified_score, actual)", value: .number(Exact("97,5")!)),
        Evaluation(source: "has(target)", value: .bool(true)),
        // Names.
        Evaluation(source: "facts.dia_ban == \"Hà Nội\"", value: .bool(true)),
        Evaluation(source: "score.A1 + score.A2 == subtotal.A", value: .bool(true)),
        Evaluation(source: "report.days_late * 2", value: number(6)),
        Evaluation(source: "[1, 2 + 1]", value: .list([number(1), number(3)])),
        Evaluation(source: "max * 2", value: number(40), place: .narrow),
        Evaluation(source: "score.A1", value: number(8), place: .narrow),
        Evaluation(source: "min(metrics.x, target)", value: number(5), place: .declared),
        // A fact declared yes/no but reported as text is simply unequal to `true` (see report).
    ])
    func evaluates(_ c: Evaluation) throws {
        #expect(try Self.evaluate(c.source, in: c.place) == c.value)
    }

    @Test(arguments: [
        ("10 / 4", "2,5"), ("1 / 3", "≈0,3333"), ("-2 / 3", "≈-0,6667"), ("0.1 + 0.2", "0,3"),
        ("date(\"2024-11-05\")", "05/11/2024"), ("2 > 1", "đúng"), ("[1/2, 3]", "[0,5, 3]"),
        ("facts.dia_ban", "\"Hà Nội\""),
        // Large enough that the displayed digits do not fit once scaled in 128 bits.
        ("9223372036854775807 * 9223372036854775807 / 2", "42535295865117307923698453892116250624,5"),
    ])
    func shows(_ source: String, _ shown: String) throws {
        #expect(try Self.evaluate(source).description == shown)
    }

    // MARK: 2. Parse errors

    struct ParseError: Sendable, CustomTestStringConvertible {
        var source: String
        var offset: Int
        var message: String
        var testDescription: String { source.isEmpty ? "(empty)" : source }
    }

    @Test(arguments: [
        ParseError(source: "facts.dia_ban == \"Hà Nội", offset: 17, message: "chuỗi mở bằng dấu \" ở đây chưa được đóng"),
        ParseError(source: "metrics.x = 1", offset: 10, message: "cần '==' để so sánh bằng, gặp '='"),
        ParseError(source: "facts.dia_ban == 'Hà Nội'", offset: 17, message: "chuỗi viết trong dấu nháy kép \"…\", gặp dấu nháy đơn"),
        ParseError(source: "1 + 2)", offset: 5, message: "thừa ')' sau khi biểu thức đã kết thúc"),
        ParseError(source: ")", offset: 0, message: "cần một giá trị, gặp ')'"),
        ParseError(source: "(1 + 2", offset: 0, message: "dấu '(' ở đây chưa được đóng bằng ')'"),
        ParseError(source: "(1 + 2 3", offset: 7, message: "cần ')', gặp số 3"),
        ParseError(source: "1 2", offset: 2, message: "thừa số 2 sau khi biểu thức đã kết thúc"),
        ParseError(source: "1 < 2 < 3", offset: 6, message: "không viết liền hai phép so sánh; dùng 'and'"),
        ParseError(source: "metrics.x + 1 == 2 in [1]", offset: 19, message: "không viết liền hai phép so sánh"),
        ParseError(source: "mn(1, 2)", offset: 0, message: "không có hàm 'mn' (các hàm: min, max, clamp"),
        ParseError(source: "min(1 2)", offset: 6, message: "cần ',' hoặc ')' giữa các đối số của 'min', gặp số 2"),
        ParseError(source: "min(1, 2", offset: 0, message: "lời gọi hàm 'min(' ở đây chưa được đóng bằng ')'"),
        ParseError(source: "", offset: 0, message: "biểu thức kết thúc giữa chừng: cần một giá trị"),
        ParseError(source: "1 +", offset: 3, message: "biểu thức kết thúc giữa chừng: cần một giá trị"),
        ParseError(source: "1 + and 2", offset: 4, message: "cần một giá trị, gặp từ khóa 'and'"),
        ParseError(source: "metrics.", offset: 8, message: "cần một tên sau dấu '.' trong 'metrics'"),
        ParseError(source: "metrics.x.5", offset: 10, message: "cần một tên sau dấu '.' trong 'metrics.x'"),
        ParseError(source: "metrics.x in [1, 2", offset: 13, message: "danh sách mở bằng '[' ở đây chưa được đóng"),
        ParseError(source: "[1, 2 3]", offset: 6, message: "cần ',' hoặc ']' trong danh sách, gặp số 3"),
        ParseError(source: "metrics.x # 2", offset: 10, message: "ký tự không dùng được trong biểu thức: '#'"),
        ParseError(source: "10 % 3", offset: 3, message: "ký tự không dùng được trong biểu thức: '%'"),
        ParseError(source: "123456789012345678901234567890123", offset: 0, message: "số quá dài: 123456789012345678901234567890123 (tối đa 30 chữ số)"),
        // Offsets count Unicode scalars: the decomposed "à" and "ộ" are 1 + 2 extra scalars.
        ParseError(source: "facts.dia_ban == \"Ha\u{300} No\u{323}\u{302}i\" % 2", offset: 29, message: "ký tự không dùng được trong biểu thức: '%'"),
    ])
    func parseErrors(_ c: ParseError) {
        #expect(throws: ExpressionIssue.self) { try Expression.parse(c.source) }
        do {
            _ = try Expression.parse(c.source)
        } catch {
            #expect(error.offset == c.offset)
            #expect(error.message.contains(c.message), "\(error.message)")
        }
    }

    // MARK: 3. Check errors

    struct CheckError: Sendable, CustomTestStringConvertible {
        var source: String
        var place: Place = .full
        var expecting: ValueType? = nil
        /// Every issue, in order: offset and a substring of the message.
        var issues: [Expected]
        struct Expected: Sendable {
            var offset: Int
            var message: String
        }
        init(_ source: String, in place: Place = .full, expecting: ValueType? = nil, _ issues: (Int, String)...) {
            self.source = source
            self.place = place
            self.expecting = expecting
            self.issues = issues.map { Expected(offset: $0.0, message: $0.1) }
        }
        var testDescription: String { "\(source) [\(place)]" }
    }

    @Test(arguments: [
        CheckError("metric.x", (0, "không có không gian tên 'metric' (có: metrics, facts, score, subtotal, entry, report, campaign, models, pledge)")),
        CheckError("1 + score.Z9", (4, "không có tiêu chí 'Z9' trong bộ tiêu chí")),
        CheckError("score.B1 > 1", (0, "không đọc được điểm tiêu chí 'B1' ở đây")),
        CheckError("score.A2", in: .narrow, (0, "không đọc được điểm tiêu chí 'A2' ở đây")),
        CheckError("subtotal.B", (0, "không có nhóm tiêu chí 'B' đọc được ở đây")),
        CheckError("target * 2", in: .narrow, (0, "không dùng được 'target' ở đây (dùng được: max)")),
        CheckError("max + total", in: .noEntry, (0, "không dùng được 'max' ở đây (dùng được: total)")),
        CheckError("tong + 1", in: .narrow, (0, "không có tên 'tong' (tên riêng dùng được: max; hoặc metrics.…, facts.…, score.…)")),
        CheckError("entry.name", (0, "không có tên 'entry.name'")),
        CheckError("metrics.x.y", (0, "không có tên 'metrics.x.y'")),
        CheckError("metrics.x + metrics.y", in: .declared, (12, "chỉ số 'y' chưa khai báo trong inputs.metrics")),
        CheckError("facts.ky_luat", in: .declared, expecting: .bool, (0, "dữ kiện 'ky_luat' chưa khai báo trong inputs.facts")),
        CheckError("total > 1 and metrics.x > 1", in: .noEntry, (14, "không đọc được metrics.… ở đây")),
        CheckError("clamp(1, 2)", (0, "hàm clamp cần 3 đối số, gặp 2")),
        CheckError("1 + min()", (4, "hàm min cần ít nhất 1 đối số, gặp 0")),
        CheckError("round(1, 2, 3)", (0, "hàm round cần 1 hoặc 2 đối số, gặp 3")),
        CheckError("min(1, \"a\")", (7, "đối số thứ 2 của min phải là số, gặp chuỗi")),
        CheckError("days_between(1, date(\"2024-11-28\"))", (13, "đối số thứ 1 của days_between phải là ngày, gặp số")),
        CheckError("if(1, 2, 3)", (3, "đối số thứ 1 của if phải là đúng/sai, gặp số")),
        CheckError("if(true, 1, \"a\")", (0, "hai nhánh của if phải cùng kiểu: số và chuỗi")),
        CheckError("has(1)", (4, "hàm has cần một tên metrics.…, facts.… hoặc một tên riêng như verified_score")),
        CheckError("has(score.A1 + 1)", (4, "hàm has cần một tên metrics.…, facts.… hoặc một tên riêng như verified_score")),
        CheckError("not 5", (4, "'not' cần đúng/sai, gặp số")),
        CheckError("-\"a\"", (1, "dấu '-' cần một số, gặp chuỗi")),
        CheckError("\"a\" + 1", (0, "'+' cần số ở bên trái, gặp chuỗi")),
        CheckError("1 and facts.ky_luat", (0, "'and' cần đúng/sai ở bên trái, gặp số")),
        CheckError("facts.dia_ban == 1", (0, "không so sánh được chuỗi với số")),
        CheckError("1 < date(\"2024-11-28\")", (0, "không so sánh được số với ngày")),
        CheckError("\"a\" < \"b\"", (0, "'<' so sánh số hoặc ngày, gặp chuỗi")),
        CheckError("[1] == [1]", (0, "không so sánh được danh sách bằng '=='; dùng 'in'")),
        CheckError("metrics.x in 5", (13, "'in' cần một danh sách ở bên phải, gặp số")),
        CheckError("\"a\" in [1, 2]", (0, "'in' tìm chuỗi trong danh sách số")),
        CheckError("metrics.x in [1, \"a\"]", (17, "các phần tử của danh sách phải cùng kiểu: phần tử này là chuỗi, phần tử đầu là số")),
        CheckError("round(metrics.x, 1.5)", (17, "số chữ số thập phân của round phải là một số nguyên viết sẵn từ 0 đến 12")),
        CheckError("round(metrics.x, 13)", (17, "số chữ số thập phân của round phải là một số nguyên viết sẵn từ 0 đến 12")),
        CheckError("round(metrics.x, max)", (17, "số chữ số thập phân của round phải là một số nguyên viết sẵn từ 0 đến 12")),
        CheckError("date(\"31/02/2024\")", (5, "ngày không hợp lệ: \"31/02/2024\" (viết 25/11/2024 hoặc 2024-11-25)")),
        CheckError("date(entry.kind)", (5, "hàm date cần một ngày viết sẵn trong dấu nháy kép, ví dụ date(\"25/11/2024\")")),
        CheckError("metrics.x + 1", expecting: .bool, (0, "biểu thức cần cho đúng/sai, nhưng cho số")),
        CheckError("entry.kind", expecting: .number, (0, "biểu thức cần cho số, nhưng cho chuỗi")),
        // Several mistakes in one expression are all reported, each at its own place.
        CheckError("metric.x + score.Z9", (0, "không có không gian tên 'metric'"), (11, "không có tiêu chí 'Z9'")),
        CheckError(
            "min(metric.x, \"a\") + if(1, 2, 3) > score.Z9",
            (4, "không có không gian tên 'metric'"), (14, "đối số thứ 2 của min phải là số, gặp chuỗi"),
            (24, "đối số thứ 1 của if phải là đúng/sai, gặp số"), (35, "không có tiêu chí 'Z9'")),
        CheckError(
            "target > 1 and score.A2 > 1 or \"x\"", in: .narrow,
            (0, "không dùng được 'target' ở đây"), (15, "không đọc được điểm tiêu chí 'A2' ở đây"),
            (31, "'or' cần đúng/sai ở bên phải, gặp chuỗi")),
        CheckError("clamp(metric.x, 1)", (0, "hàm clamp cần 3 đối số, gặp 2"), (6, "không có không gian tên 'metric'")),
        CheckError("not metrics.x + 1", expecting: .number, (4, "'not' cần đúng/sai, gặp số"), (0, "biểu thức cần cho số, nhưng cho đúng/sai")),
    ])
    func checkErrors(_ c: CheckError) throws {
        let expression = try Expression.parse(c.source)
        guard case .failure(let failure) = expression.checked(in: c.place.scope, expecting: c.expecting) else {
            Issue.record("\(c.source) was accepted")
            return
        }
        #expect(failure.issues.map(\.offset) == c.issues.map(\.offset))
        for (found, wanted) in zip(failure.issues, c.issues) {
            #expect(found.message.contains(wanted.message), "\(found.message)")
        }
    }

    @Test func checkedNamesAreResolved() throws {
        let checked = try Expression.parse("score.A1 + score.A2 * max").checked(in: Place.full.scope, expecting: .number).get()
        #expect(checked.type == .number)
        #expect(checked.criteria == ["A1", "A2"])
    }

    // MARK: 4. Runtime failures

    struct Failure: Sendable, CustomTestStringConvertible {
        var source: String
        var failure: EvaluationFailure
        var testDescription: String { source }
    }

    @Test(arguments: [
        Failure(source: "1 / 0", failure: .divisionByZero),
        Failure(source: "metrics.x / metrics.zero", failure: .divisionByZero),
        Failure(source: "if(metrics.x > 0, 1 / (metrics.x - 5), 0)", failure: .divisionByZero),
        Failure(source: "metrics.missing + 1", failure: .missing(.metric("missing"))),
        Failure(source: "metrics.x in [1, metrics.missing]", failure: .missing(.metric("missing"))),
        Failure(source: "score.A2 > 1 and facts.absent", failure: .missing(.fact("absent"))),
        Failure(source: "days_between(entry.registered_on, campaign.report_deadline)", failure: .missing(.variable(.entryRegisteredOn))),
        Failure(source: "not facts.bad", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        // A value of the wrong kind out of a sub-expression is named as written.
        Failure(source: "if(true, facts.bad, false) and true",
            failure: .typeMismatchIn("if(true, facts.bad, false)", expected: .bool, found: .text("có"))),
        // A comparison never quietly gives false for data of the wrong kind.
        Failure(source: "facts.bad == true", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        Failure(source: "true != facts.bad", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        Failure(source: "facts.bad in [true, false]", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        Failure(source: "not not facts.bad", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        Failure(source: "if(facts.bad, 1, 2)", failure: .typeMismatch(.fact("bad"), expected: .bool, found: .text("có"))),
        Failure(source: "metrics.text < 5", failure: .typeMismatch(.metric("text"), expected: .number, found: .text("năm"))),
        Failure(source: "5 < metrics.text", failure: .typeMismatch(.metric("text"), expected: .number, found: .text("năm"))),
        Failure(source: "date(\"2024-11-28\") < facts.han_sai", failure: .typeMismatch(.fact("han_sai"), expected: .date, found: .text("mai"))),
        Failure(source: "100000000000000000000 * 100000000000000000000 * 100000000000000000000", failure: .overflow),
        Failure(source: "round(999999999999999999999999999999 / 7, 12)", failure: .overflow),
        // -2^127 fits in 128 bits but its negation does not: refused rather than trapping.
        Failure(source: "-(-18446744073709551616 * 9223372036854775808)", failure: .overflow),
        Failure(source: "abs(-18446744073709551616 * 9223372036854775808)", failure: .overflow),
        Failure(source: "0 - 9223372036854775808 * 9223372036854775808 - 9223372036854775808 * 9223372036854775808", failure: .overflow),
    ])
    func failures(_ c: Failure) throws {
        let checked = try Expression.parse(c.source).checked(in: Place.full.scope).get()
        #expect(throws: c.failure) { try checked.evaluate(Self.entry) }
    }

    // MARK: 5. Exact

    @Test(arguments: [("97,5", "97.5"), ("1", "1.000"), ("-0,25", "-1/4"), ("0", "-0.00")])
    func sameNumbers(_ a: String, _ b: String) throws {
        let x = try #require(Exact(a))
        let y = try #require(b.contains("/") ? Self.fraction(-1, 4) : Exact(b))
        #expect(x == y)
    }

    @Test func parsedValues() {
        #expect(Exact("97,5") == Self.fraction(195, 2))
        #expect(Exact("1.000")?.description == "1")
        #expect(Exact("1,2,3") == nil)
        #expect(Exact(numerator: 6, denominator: -4)?.description == "-1.5")
        #expect(Exact(numerator: 1, denominator: 0) == nil)
        // Int128.min has no positive counterpart: refused rather than trapping when negated.
        #expect(Exact(numerator: .min, denominator: 3) == nil)
        #expect(Exact(numerator: 1, denominator: .min) == nil)
        #expect(Exact(numerator: .max, denominator: -1)?.description == "-170141183460469231731687303715884105727")
    }

    @Test(arguments: [
        ("2.345", 2, "2.35"), ("-2.345", 2, "-2.35"), ("2.344", 2, "2.34"), ("2.5", 0, "3"), ("-2.5", 0, "-3"),
        ("-0.004", 2, "0"), ("0.125", 2, "0.13"), ("97.5", 3, "97.5"),
    ])
    func roundsHalfAwayFromZero(_ text: String, _ decimals: Int, _ expected: String) throws {
        #expect(try Exact(text)!.rounded(decimals: decimals).description == expected)
    }

    @Test func texts() throws {
        #expect(Exact("97,5")!.text(decimals: 2) == "97,50")
        #expect(Exact("-0.004")!.text(decimals: 2) == "0,00")
        #expect(Self.fraction(2, 3).text(decimals: 3, separator: ".") == "0.667")
        #expect(Self.fraction(1, 3).description == "1/3")
        #expect(Self.fraction(-1, 3).description == "-1/3")
        #expect(Self.fraction(1, 3).vietnamese == "≈0,3333")
        #expect(Self.fraction(1, 1024).description == "0.0009765625")
        #expect(try Exact(2).squareRoot(decimals: 6).description == "1.414214")
        #expect(try Exact(9).squareRoot(decimals: 2).description == "3")
        #expect(throws: ArithmeticFailure.negativeRoot) { try Exact(-1).squareRoot(decimals: 2) }
        // (2^63 - 1)^2 / 2: the digits scaled by 10 would not fit in 128 bits.
        let big = Self.fraction(85_070_591_730_234_615_847_396_907_784_232_501_249, 2)
        #expect(big.description == "42535295865117307923698453892116250624.5")
        #expect(big.text(decimals: 1) == "42535295865117307923698453892116250624,5")
        #expect(big.text(decimals: 2) == "42535295865117307923698453892116250624,50")
        #expect(big.text(decimals: 0) == "42535295865117307923698453892116250625")
    }

    @Test func comparesBeyondInt128CrossProducts() {
        let e30: Int128 = 1_000_000_000_000_000_000_000_000_000_000
        // a = 1 + 1/(10^30 - 1) is just above b = 1 + 1/10^30; a·d and c·b are about 10^60.
        let a = Self.fraction(e30, e30 - 1)
        let b = Self.fraction(e30 + 1, e30)
        #expect(b < a)
        #expect(!(a < b))
        #expect(a.negated() < b.negated())
        #expect(!(b.negated() < a.negated()))
        #expect(b.negated() < a)
        #expect(max(a, b) == a)
    }

    @Test func arithmeticIsExact() throws {
        let third = try Exact(1).dividing(by: Exact(3))
        #expect(try third.adding(third).adding(third) == .one)
        #expect(try Exact("0.1")!.adding(Exact("0.2")!) == Exact("0.3")!)
        #expect(try Self.fraction(-3, 4).multiplying(Self.fraction(4, 3)) == Exact(-1))
        #expect(try Exact(0).multiplying(Self.fraction(1, 3)) == .zero)
        #expect(throws: ArithmeticFailure.divisionByZero) { try Exact(1).dividing(by: .zero) }
        #expect(try Self.fraction(7, 2).floored() == Exact(3))
        #expect(try Self.fraction(-7, 2).ceiled() == Exact(-3))
    }
}
