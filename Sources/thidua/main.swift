import ArgumentParser
import Foundation
import GRDB
import ThiDuaServices
import ThiDuaStore

/// Runs an asynchronous command. A function, not inline: in top-level code `try await
/// command.run()` picks the synchronous `run()`, the one that prints the command's help.
func runAsync(_ command: any AsyncParsableCommand) async throws {
    var command = command
    try await command.run()
}

// Exit codes: 0 ok, 1 a user error (message on stderr), 2 a usage error.
do {
    var command = try Thidua.parseAsRoot()
    // `thidua serve` runs the web app's tasks: it is the one asynchronous command.
    if let serving = command as? any AsyncParsableCommand {
        try await runAsync(serving)
    } else {
        try command.run()
    }
} catch let failure as ImportFailure {
    printError(failure.description)
    exit(1)
} catch let error as UserError {
    printError(error.description)
    exit(1)
} catch let error as StoreError {
    printError(error.description)
    exit(1)
} catch let error as DatabaseError {
    // Said in words, with the file the command was given (a lock held too long, a full disk).
    let arguments = CommandLine.arguments
    let db = arguments.firstIndex(of: "--db").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        ?? arguments.first { $0.hasPrefix("--db=") }.map { String($0.dropFirst(5)) } ?? DatabaseOptions.defaultPath
    printError(StoreError(error, path: db).description)
    exit(1)
} catch {
    let code = Thidua.exitCode(for: error)
    if code == .success {
        print(Thidua.fullMessage(for: error))
        exit(0)
    }
    printError(Thidua.fullMessage(for: error))
    exit(code == .validationFailure ? 2 : 1)
}
