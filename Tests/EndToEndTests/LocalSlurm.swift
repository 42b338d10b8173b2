import Foundation
import Testing

/// A single-node SLURM cluster of this machine, started for one test in a temporary directory and stopped by
/// it: munged with a key of its own, slurmctld and slurmd with a minimal slurm.conf (no cgroups, no
/// accounting, this host as the one node with 2 CPUs). Needs root, as jobs run as the submitting user and the
/// daemons as root.
final class LocalSlurm {
    /// The daemons and commands the test drives; Debian's slurm-wlm and munge packages (.ci/run installs them).
    static let tools = ["munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "scancel", "sinfo"]
    static var isAvailable: Bool { getuid() == 0 && tools.allSatisfy { ExternalTool.find($0) != nil } }

    let directory: String
    private var daemons: [pid_t] = []

    /// Starts munged, slurmctld and slurmd, and returns once the node takes jobs (at most 30 s); stops what it
    /// started when it cannot.
    init() throws {
        directory = "/tmp/toystudy-slurm-" + UUID().uuidString.prefix(8)
        do {
            try start()
        } catch {
            stop()
            throw error
        }
    }

    private func start() throws {
        for sub in ["", "/state", "/spool"] {
            try FileManager.default.createDirectory(atPath: directory + sub, withIntermediateDirectories: true)
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<1024).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        try key.write(to: URL(fileURLWithPath: directory + "/munge.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: directory + "/munge.key")
        try slurmConf().write(toFile: directory + "/slurm.conf", atomically: true, encoding: .utf8)

        try startDaemon("munged", ["--foreground", "--force", "--key-file=\(directory)/munge.key",
                                   "--socket=\(directory)/munge.socket", "--pid-file=\(directory)/munged.pid",
                                   "--seed-file=\(directory)/munged.seed"])
        try waitFor("munged's socket", seconds: 10) { FileManager.default.fileExists(atPath: directory + "/munge.socket") }
        try startDaemon("slurmctld", ["-D", "-i", "-f", directory + "/slurm.conf"])
        try startDaemon("slurmd", ["-D", "-f", directory + "/slurm.conf"])
        try waitFor("the node to be idle", seconds: 30) {
            (try? command("sinfo", ["-h", "-o", "%T"]).stdout.contains("idle")) ?? false
        }
    }

    /// A SLURM command (sbatch, scontrol, ...) talking to this cluster.
    func command(_ name: String, _ arguments: [String], directory workingDirectory: String? = nil) throws -> Toystudy.Outcome {
        try ExternalTool.run(try #require(ExternalTool.find(name)), arguments,
                             environment: ["SLURM_CONF": directory + "/slurm.conf"], directory: workingDirectory)
    }

    /// Submits a batch script; returns the job id.
    func submit(_ arguments: [String], from workingDirectory: String) throws -> String {
        let outcome = try command("sbatch", ["--parsable"] + arguments, directory: workingDirectory)
        #expect(outcome.status == 0, "sbatch \(arguments): \(outcome.stderr)")
        return String(outcome.stdout.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The state of a job (or of each task of an array), as scontrol reports it: PENDING, RUNNING, COMPLETED, ...
    func states(of job: String) throws -> [String] {
        try command("scontrol", ["show", "job", "-o", job]).stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("JobState=") }.map { String($0.dropFirst("JobState=".count)) }
        }
    }

    /// What the daemons logged, for a failing test's message.
    var logs: String {
        ["slurmctld.log", "slurmd.log"].map { name in
            let text = (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
            return "--- \(name)\n" + text.split(separator: "\n").suffix(20).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Cancels every job, stops the daemons this instance started (SIGTERM, SIGKILL after 10 s) and removes the
    /// directory.
    func stop() {
        if daemons.count == 3 {
            _ = try? command("scancel", ["--user=root", "--signal=KILL", "--full"])
            try? waitFor("the jobs to end", seconds: 15) { ((try? command("squeue", ["-h"]).stdout) ?? "").isEmpty }
        }
        for daemon in daemons.reversed() {
            kill(daemon, SIGTERM)
            var status: Int32 = 0
            let deadline = Date().addingTimeInterval(10)
            while waitpid(daemon, &status, WNOHANG) == 0 {
                if Date() > deadline { kill(daemon, SIGKILL) }
                usleep(20_000)
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Polls `condition` every 50 ms; throws when it is still false after `seconds`.
    func waitFor(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else { throw LocalSlurmError(description: "waited \(seconds) s for \(what)\n\(logs)") }
            usleep(50_000)
        }
    }

    /// Starts a daemon in the foreground, its output appended to NAME.out. Not with Foundation's Process: it
    /// takes a daemon that closes its inherited descriptors for one that has exited and blocks in waitpid,
    /// which stops it from reaping any other process of the test run. The daemon inherits no descriptor
    /// but its standard ones, so it cannot hold another process's pipe open either, and starts with no
    /// signal blocked (the test's threads block some), so that SIGTERM stops it.
    private func startDaemon(_ name: String, _ arguments: [String]) throws {
        let executable = try #require(ExternalTool.find(name))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory + "/\(name).out", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in inherited.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard error == 0 else { throw LocalSlurmError(description: "\(name) did not start: error \(error)") }
        daemons.append(pid)
    }

    /// Random ports, so that a SLURM of the machine's own (6817/6818) or another test's is left alone.
    private func slurmConf() -> String {
        let port = Int.random(in: 20_000..<60_000)
        var name = [UInt8](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        // slurmd finds its node by the short host name.
        let host = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self).split(separator: ".").first.map(String.init) ?? "localhost"
        return """
            ClusterName=toystudy
            SlurmctldHost=\(host)(127.0.0.1)
            SlurmctldPort=\(port)
            SlurmdPort=\(port + 1)
            SlurmUser=root
            SlurmdUser=root
            StateSaveLocation=\(directory)/state
            SlurmdSpoolDir=\(directory)/spool
            SlurmctldPidFile=\(directory)/slurmctld.pid
            SlurmdPidFile=\(directory)/slurmd.pid
            SlurmctldLogFile=\(directory)/slurmctld.log
            SlurmdLogFile=\(directory)/slurmd.log
            AuthType=auth/munge
            # cred_expire also delays a requeued job's restart (120 s by default).
            AuthInfo=socket=\(directory)/munge.socket,cred_expire=5
            CredType=cred/munge
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            # Scheduling passes every second (60 s and 30 s by default) start requeued and dependent jobs at once.
            SchedulerParameters=kill_invalid_depend,sched_interval=1,bf_interval=1
            MpiDefault=none
            ReturnToService=2
            AccountingStorageType=accounting_storage/none
            JobAcctGatherType=jobacct_gather/none
            JobCompType=jobcomp/none
            NodeName=\(host) NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
            PartitionName=toystudy Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """
    }
}

/// Why the cluster did not come up or a job did not end in time, with the daemons' last log lines.
struct LocalSlurmError: Error, CustomStringConvertible {
    var description: String
}
