#ifndef CSQLITESETUP_H
#define CSQLITESETUP_H

/// Configures SQLite for the whole process before its first connection opens:
/// multi-thread mode (GRDB never shares one connection between threads, so SQLite's own
/// per-connection mutex is not needed) and no memory statistics (which take a global mutex
/// on every allocation). sqlite3_config is variadic, so Swift cannot call it directly.
/// Returns 0 if applied, or SQLite's error code if SQLite was already initialised, in which
/// case nothing changes and SQLite keeps its defaults.
int thidua_sqlite_setup(void);

#endif
