import ThiDuaCore
import ThiDuaODF

/// A scoring run as XML for other systems: every entry with its points, rules, status and
/// trace, valid against the published schema `Exports/schema/thidua-results.xsd`.
/// Numbers are exact: `97.5`, or `1/3` when a value has no finite decimal expansion.
///
/// ```swift
/// let bytes = try ResultsXML.document(result, run: 3)
/// ```
public enum ResultsXML {
    public static let namespace = "urn:thidua:results:1"

    public static func document(_ result: ScoringResult, run: Int64? = nil) throws(ExportFailure) -> [UInt8] {
        do {
            return try StreamingXMLWriter.document { writer in
                write(result, run: run, to: Indented(writer))
                writer.raw([0x0A])   // the file ends with a line break
            }
        } catch {
            throw .xml(error.description)
        }
    }

    private static func write(_ result: ScoringResult, run: Int64?, to w: Indented) {
        w.start("results")
        w.attribute("xmlns", namespace)
        w.attribute("campaign", result.campaign)
        w.attribute("criteriaSet", result.criteriaSet)
        w.attribute("criteriaSetVersion", result.criteriaSetVersion)
        w.attribute("criteriaSetSHA256", result.criteriaSetSHA256)
        w.attribute("run", run.map(String.init))
        for e in result.entries {
            w.start("entry")
            w.attribute("code", e.entry)
            w.attribute("unit", e.unit)
            w.attribute("bloc", e.bloc)
            w.attribute("status", e.status)
            w.attribute("total", e.total?.description)
            w.attribute("base", e.base?.description)
            // Bonus and penalty are worked out only for an entry that got its base (not an
            // incomplete or failed one): none is written rather than a 0 that was never computed.
            w.attribute("bonus", e.base == nil ? nil : e.bonus.description)
            w.attribute("penalty", e.base == nil ? nil : e.penalty.description)
            w.attribute("tier", e.tier)
            w.attribute("tierTitle", e.tierTitle)
            for c in e.criteria {
                w.start("criterion")
                w.attribute("id", c.id)
                w.attribute("max", c.max.description)
                w.attribute("points", c.points?.description)
                w.attribute("jurors", String(c.jurors))
                w.end()
            }
            for g in e.groups {
                w.start("group")
                w.attribute("id", g.id)
                w.attribute("points", g.points?.description)
                w.attribute("capped", g.capped ? "true" : "false")
                w.end()
            }
            for t in e.targets {
                w.start("target")
                w.attribute("code", t.target)
                w.attribute("weight", t.weight.description)
                w.attribute("actual", t.actual.description)
                w.attribute("attainment", t.attainment.description)
                w.attribute("computed", t.computed.description)
                w.attribute("selfScore", t.selfScore.description)
                w.attribute("verifiedScore", t.verifiedScore?.description)
                w.attribute("points", t.points.description)
                w.end()
            }
            for (kind, hits) in [("bonusRule", e.bonuses), ("penaltyRule", e.penalties), ("veto", e.vetoes)] {
                for h in hits { w.element(kind, h.title, attributes: [("id", h.id), ("points", h.points.description)]) }
            }
            for reason in e.incomplete { w.element("incomplete", reason) }
            for error in e.errors { w.element("error", error.message, attributes: [("item", error.item)]) }
            for line in e.trace {
                w.start("trace")
                w.attribute("item", line.item)
                w.attribute("value", line.value)
                w.attribute("rule", line.rule)
                for input in line.inputs { w.element("input", input) }
                w.end()
            }
            w.end()
        }
        w.end()
    }

    /// Each element on a line of its own, two spaces a level, as people read the file.
    private final class Indented {
        let w: StreamingXMLWriter
        /// For each open element, whether it holds elements (then its end tag goes on its own line).
        var open: [Bool] = []

        init(_ w: StreamingXMLWriter) { self.w = w }

        func start(_ name: String) {
            if !open.isEmpty {
                open[open.count - 1] = true
                w.text("\n" + String(repeating: "  ", count: open.count))
            }
            w.start(name)
            open.append(false)
        }

        func attribute(_ name: String, _ value: String?) { w.attribute(name, value) }

        func end() {
            if open.removeLast() { w.text("\n" + String(repeating: "  ", count: open.count)) }
            w.end()
        }

        /// An element holding only text.
        func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
            start(name)
            for (n, v) in attributes { attribute(n, v) }
            w.text(value)
            w.end()
            open.removeLast()
        }
    }
}
