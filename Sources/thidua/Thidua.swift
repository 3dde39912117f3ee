import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct Thidua: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thidua",
        abstract: "ThiĐua: chấm điểm mô hình \"Dân vận khéo\" và giao ước thi đua, xếp hạng, khen thưởng.",
        version: Release.line,
        subcommands: [Init.self, Import.self, List.self, CriteriaCommand.self, ScoreCommand.self, Explain.self, StandingsCommand.self, AwardsCommand.self, PublishCommand.self, WhatIf.self, JuryReportCommand.self, ExportCommand.self, Serve.self, Jurors.self, Admin.self, Demo.self]
    )
}

/// The database option every command takes.
struct DatabaseOptions: ParsableArguments {
    static let defaultPath = "thidua.sqlite"

    @Option(name: .long, help: "Tệp cơ sở dữ liệu SQLite.")
    var db: String = Self.defaultPath

    func open() throws -> Store { try Store(path: db) }
}

/// The options of a command on one campaign: the database, the campaign's code, and the folder
/// of the criteria set it is scored by.
struct CampaignOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?

    func open() throws -> Store { try database.open() }

    /// The campaign's latest run, ranked, with its awards.
    func ranked(_ store: Store, seed: SeedOption) throws -> Ranked {
        try Ranked(store, campaign: campaign, criteriaDirectory: criteria, seed: seed.seed)
    }

    /// The stored campaign and its criteria set.
    func campaignAndSet(_ store: Store) throws -> (campaign: Campaign, set: CriteriaSet) {
        try ThiDuaServices.campaignAndSet(store, campaign, criteriaDirectory: criteria)
    }
}

/// The seed of the draw that orders entries with equal points, when the criteria set says to draw.
struct SeedOption: ParsableArguments {
    @Option(help: "Hạt giống bốc thăm, khi bộ tiêu chí định bốc thăm các mục bằng điểm (khi xếp hạng hoặc ở ranh giới chỉ tiêu).")
    var seed: UInt64?
}

/// A mistake a user made, said in one line on stderr with exit code 1.

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension ImportKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
