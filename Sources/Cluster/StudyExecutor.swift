import Foundation
import Study

/// Runs a study's pending toys on the local cores, or across MPI ranks with rank 0 coordinating.
///
/// Under MPI, rank 0 hands out chunks of toys (ranges) on request and stores results as they come back; its own
/// fitting threads take toys from the same queue. Workers send each chunk's results with their request for the
/// next. Because every toy's result is a function of (seed, toy) alone, the layout changes only the speed.
///
/// A stop (`StopSignal`) ends the run early: no new toys are started, rank 0 stores what arrives and answers every
/// worker's next request with "stop", and the run throws `StudyStopped` for the command to report.
public enum StudyExecutor {
    static let resultsTag: Int32 = 1
    static let workTag: Int32 = 2

    /// Fits the pending toys with `threads` threads in this process and returns the summary.
    public static func runLocally(store: ResultStore, runner: ToyRunner, threads: Int) throws -> (StudySummary, String) {
        let pending = store.pendingToys.reduce(0) { $0 + $1.count }
        return try collect(store: store, runner: runner, threads: max(1, min(threads, pending))) { _ in false }
    }

    /// Toys per worker thread in one chunk while much remains: 256 seed-model toys are 0.2 s of work, beside
    /// which a late answer from rank 0 costs under 1%; a chunk's results are 256 messages' worth of doubles.
    static let largestChunk = 256

    /// Rank 0: coordinate the other ranks while fitting with `threads` local threads (0: coordinate only).
    public static func coordinate(store: ResultStore, runner: ToyRunner, threads: Int, communicator: Communicator) throws
        -> (StudySummary, String) {
        // A chunk per worker thread is a quarter of an even share of what remains, at most `largestChunk`: large
        // while much remains, so a worker seldom waits for rank 0 (whose coordinating thread shares the cores with
        // the fitting threads and may answer a request milliseconds late), small near the end, so the ranks
        // finish together. At least one toy per worker thread.
        let perThreadShare = 4 * communicator.size * max(threads, 1)
        let parameterCount = store.study.truth.count
        var activeWorkers = communicator.size - 1
        return try collect(store: store, runner: runner, threads: threads) { queue in
            while let source = communicator.probe(tag: resultsTag) {
                let message = communicator.receive(from: source, tag: resultsTag)
                // A negative thread count: the worker was signalled and stops, so the study stops.
                if message[0] < 0 { StopSignal.request(Int32(-message[0])) }
                try store.append(ToyResult.decoded(message.dropFirst(), parameters: parameterCount))
                if StopSignal.requested != nil { queue.close() }
                let chunkPerThread = max(1, min(Self.largestChunk, queue.remaining / perThreadShare))
                let chunk = queue.take(upTo: chunkPerThread * max(Int(message[0]), 1))
                communicator.send(chunk.isEmpty ? [] : [Double(chunk.lowerBound), Double(chunk.upperBound)], to: source, tag: workTag)
                if chunk.isEmpty { activeWorkers -= 1 }
            }
            return activeWorkers > 0
        }
    }

    /// Fits the store's pending toys on `threads` local threads, storing results as they arrive, until the threads
    /// are done (or a stop is requested) and `serveRemote` (called between drains with the shared queue) says no
    /// other rank still works.
    private static func collect(store: ResultStore, runner: ToyRunner, threads: Int,
                                serveRemote: (ToyQueue) throws -> Bool) throws -> (StudySummary, String) {
        let progress = Progress(total: store.toys.count, alreadyDone: store.finishedCount)
        let queue = ToyQueue(store.pendingToys)
        let inbox = ResultInbox()
        let fitting = threads > 0 ? FittingThreads(runner: runner, queue: queue, inbox: inbox, threads: threads) : nil
        var remoteActive = try serveRemote(queue)
        while true {
            let stopping = StopSignal.requested != nil
            if stopping { queue.close() }
            // A stop does not wait for the local fits in flight: --resume fits those toys again.
            let localFinished = stopping || (fitting?.isFinished ?? true)
            // Poll often while other ranks may be waiting for work; otherwise just wait for local results.
            try store.append(inbox.drain(waiting: remoteActive ? 0.0005 : 0.2))
            remoteActive = try serveRemote(queue)
            progress.update(done: store.finishedCount)
            if localFinished && !remoteActive { break }
        }
        try store.append(inbox.drain(waiting: 0))
        if let signal = StopSignal.requested, store.finishedCount < store.toys.count {
            try store.sync()
            throw StudyStopped(signal: signal, stored: store.finishedCount, total: store.toys.count)
        }
        return (try store.finish(), progress.finalLine(done: store.finishedCount))
    }

    /// Rank 0 when the study does not run (a bad output directory, a finished study): release every worker.
    public static func releaseWorkers(communicator: Communicator) {
        for _ in 1..<max(communicator.size, 1) {
            var source = communicator.probe(tag: resultsTag)
            while source == nil {
                usleep(200)
                source = communicator.probe(tag: resultsTag)
            }
            _ = communicator.receive(from: source!, tag: resultsTag)
            communicator.send([], to: source!, tag: workTag)
        }
    }

    /// Ranks > 0: ask rank 0 for toys, fit them with `threads` threads, send the results with the next request.
    /// A signal to this rank stops its fits after the toys in flight; their results go to rank 0 with the news.
    public static func work(runner: ToyRunner, threads: Int, communicator: Communicator) {
        var finished: [ToyResult] = []
        while true {
            let header = StopSignal.requested.map { -Double($0) } ?? Double(threads)
            communicator.send([header] + finished.flatMap { $0.encoded() }, to: 0, tag: resultsTag)
            let chunk = communicator.receive(from: 0, tag: workTag)
            if chunk.isEmpty { return }
            let queue = ToyQueue([Int(chunk[0])..<Int(chunk[1])])
            let inbox = ResultInbox()
            let fitting = FittingThreads(runner: runner, queue: queue, inbox: inbox, threads: min(threads, Int(chunk[1] - chunk[0])))
            while !fitting.wait(seconds: 0.05) {
                if StopSignal.requested != nil { queue.close() }
            }
            finished = inbox.drain(waiting: 0)
        }
    }
}
