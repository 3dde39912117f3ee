import ArgumentParser
import Foundation
import ThiDuaServices
import ThiDuaStore

// Exit codes: 0 ok, 1 a user error (message on stderr), 2 a usage error.
do {
    var command = try Thidua.parseAsRoot()
    try command.run()
} catch let failure as ImportFailure {
    printError(failure.description)
    exit(1)
} catch let error as UserError {
    printError(error.description)
    exit(1)
} catch let error as StoreError {
    printError(error.description)
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
