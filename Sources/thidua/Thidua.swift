import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct Thidua: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thidua",
        abstract: "ThiĐua: chấm điểm mô hình \"Dân vận khéo\" và giao ước thi đua, xếp hạng, khen thưởng.",
        subcommands: [Init.self, Import.self, List.self, CriteriaCommand.self, ScoreCommand.self, Explain.self, StandingsCommand.self, AwardsCommand.self, PublishCommand.self, WhatIf.self, JuryReportCommand.self, ExportCommand.self, Serve.self, Jurors.self, Admin.self, Demo.self]
    )
}

/// The database option every command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Tệp cơ sở dữ liệu SQLite.")
    var db: String = "thidua.sqlite"

    func open() throws -> Store { try Store(path: db) }
}

/// A mistake a user made, said in one line on stderr with exit code 1.

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension ImportKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
