import Foundation
import Synchronization

/// SIGTERM (a batch system's time limit, mpirun passing one on) and SIGINT (Ctrl-C) ask a study to stop cleanly:
/// rank 0 stores what has arrived, releases the other ranks and exits with 128 + the signal (the released ranks
/// with 0), and `--resume` finishes the study later. A second signal ends the process at once.
public enum StopSignal {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers, before any thread starts. The handler only records the signal: the run loops look at
    /// it between results. The signals are unblocked too: a parent may have started toystudy with them blocked
    /// (the mask is inherited), and a blocked SIGTERM would never stop it.
    public static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGTERM, SIGINT] {
            sigaddset(&signals, number)
            signal(number) { number in
                if StopSignal.received.exchange(number, ordering: .relaxed) != 0 {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// The signal that asked for a stop, if any.
    public static var requested: Int32? {
        let number = received.load(ordering: .relaxed)
        return number != 0 ? number : nil
    }

    /// A stop asked for elsewhere (another rank was signalled) stops this rank too.
    public static func request(_ number: Int32) {
        _ = received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
    }

    /// The conventional exit code of a process ended by `number`: 143 for SIGTERM, 130 for SIGINT.
    public static func exitCode(_ number: Int32) -> Int32 { 128 + number }

    /// "SIGTERM" or "SIGINT".
    public static func name(_ number: Int32) -> String { number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)" }
}

/// A study stopped by a signal after storing `stored` of its `total` toys.
public struct StudyStopped: Error {
    public var signal: Int32
    public var stored: Int
    public var total: Int
}
