import Foundation

/// Everything one scoring run reads: the criteria set and a campaign's data. The engine reads
/// nothing else — no database, file or clock — so the same input always gives the same result.
public struct ScoringInput: Sendable {
    public var set: CriteriaSet
    public var campaign: Campaign
    public var units: [Unit]
    public var blocs: [Bloc]
    public var models: [Model]
    public var jurors: [Juror]
    /// The score log; for each (juror, entry, criterion) the latest row counts.
    public var scores: ScoreLog
    public var pledges: [Pledge]
    /// What-if: points assumed for some criteria of some entries (entry → criterion → points),
    /// used instead of what the jury or the formula gives. Empty for a real run.
    public var assumed: [String: [String: Exact]] = [:]
    /// For unit sets: the results of the same year's campaigns the set reads, by their criteria
    /// sets' ids (`units.pledge`, `units.models`).
    public var linked: [String: ScoringResult] = [:]

    public init(
        set: CriteriaSet, campaign: Campaign, units: [Unit] = [], blocs: [Bloc] = [], models: [Model] = [],
        jurors: [Juror] = [], scores: [Score] = [], pledges: [Pledge] = []
    ) {
        self.init(set: set, campaign: campaign, units: units, blocs: blocs, models: models, jurors: jurors,
            scoreLog: ScoreLog(scores), pledges: pledges)
    }

    public init(
        set: CriteriaSet, campaign: Campaign, units: [Unit] = [], blocs: [Bloc] = [], models: [Model] = [],
        jurors: [Juror] = [], scoreLog: ScoreLog, pledges: [Pledge] = []
    ) {
        self.set = set
        self.campaign = campaign
        self.units = units
        self.blocs = blocs
        self.models = models
        self.jurors = jurors
        self.scores = scoreLog
        self.pledges = pledges
    }
}

extension ScoringInput {
    /// SHA-256 of every input but the set (whose own hash is kept apart) and the campaign's state,
    /// in a canonical form: the same data gives the same hash whatever order it was read in.
    ///
    /// Throws only what `JSONEncoder` throws; none of these types holds a floating-point number
    /// (the one thing it refuses), so it does not in practice, but a failure would not pass as the
    /// hash of no bytes.
    public var sha256: String {
        get throws {
        struct Canonical: Encodable {
            var campaign: Campaign
            var units: [Unit]
            var blocs: [Bloc]
            var models: [Model]
            var jurors: [Juror]
            var scores: [Score]
            var pledges: [Pledge]
            var linked: [String: ScoringResult]
        }
        // The campaign's state (open, scoring, frozen) changes no result, so it is left out.
        var campaign = campaign
        campaign.state = .open
        let canonical = Canonical(
            campaign: campaign, units: units.sorted { $0.code < $1.code }, blocs: blocs.sorted { ($0.year, $0.code) < ($1.year, $1.code) },
            models: models.sorted { $0.code < $1.code }, jurors: jurors.sorted { $0.code < $1.code },
            scores: scores.scores.sorted { ($0.juror, $0.entry, $0.criterion, $0.time) < ($1.juror, $1.entry, $1.criterion, $1.time) },
            pledges: pledges.sorted { $0.code < $1.code }, linked: linked)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256.hex([UInt8](try encoder.encode(canonical)))
        }
    }
}
