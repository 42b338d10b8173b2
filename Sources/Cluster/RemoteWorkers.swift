import Foundation
import Study

/// Rank 0's view of the other ranks: answers their requests with chunks of the shared queue, stores the records
/// they bring, and parks a request that finds the queue empty until the next round (or the end) answers it.
final class RemoteWorkers {
    let communicator: Communicator
    /// Workers that hold a chunk (or have not asked yet): the round is not over while any does.
    private var busy: Int
    /// Workers waiting for the next round, with their thread counts.
    private var parked: [(rank: Int, threads: Int)] = []
    /// Tasks per worker thread in one chunk: a quarter of an even share of what remains (see `chunk`).
    private let perThreadShare: Int

    init(communicator: Communicator, threads: Int) {
        self.communicator = communicator
        busy = communicator.size - 1
        perThreadShare = 4 * communicator.size * max(threads, 1)
    }

    /// Tasks per worker thread in one chunk while much remains: 256 seed-model toys are 0.2 s of work, beside
    /// which a late answer from rank 0 costs under 1%; a chunk's records are 256 messages' worth of doubles.
    static let largestChunk = 256

    /// Answers every request that has arrived and the parked ones if the queue has work again; true while a
    /// worker still runs tasks of this round.
    func serve(_ queue: ToyQueue, store: ResultStore) throws -> Bool {
        while let source = communicator.probe(tag: StudyExecutor.resultsTag) {
            let message = communicator.receive(from: source, tag: StudyExecutor.resultsTag)
            // A negative thread count: the worker was signalled and stops, so the study stops.
            if message[0] < 0 { StopSignal.request(Int32(-message[0])) }
            try store.append(message.dropFirst())
            if StopSignal.requested != nil { queue.close() }
            busy -= 1
            parked.append((source, max(Int(message[0]), 1)))
        }
        var waiting: [(rank: Int, threads: Int)] = []
        for worker in parked {
            // A chunk is a quarter of an even share of what remains, at most `largestChunk` per thread: large
            // while much remains, so a worker seldom waits for rank 0 (whose coordinating thread shares the cores
            // with the fitting threads and may answer a request milliseconds late), small near the end, so the
            // ranks finish together. At least one task per worker thread.
            let perThread = max(1, min(Self.largestChunk, queue.remaining / perThreadShare))
            let chunk = queue.take(upTo: perThread * worker.threads)
            if chunk.isEmpty && StopSignal.requested == nil {
                waiting.append(worker)
            } else if chunk.isEmpty {
                communicator.send([], to: worker.rank, tag: StudyExecutor.workTag)
            } else {
                communicator.send([Double(chunk.lowerBound), Double(chunk.upperBound)], to: worker.rank, tag: StudyExecutor.workTag)
                busy += 1
            }
        }
        parked = waiting
        return busy > 0
    }

    /// The study is over (every round ran, or a stop ended the last one with no worker busy): every parked
    /// worker is told to stop.
    func releaseAll() {
        for worker in parked { communicator.send([], to: worker.rank, tag: StudyExecutor.workTag) }
        parked = []
    }
}
