/// The experiment a study.json describes, for the commands that find results on disk (merge, summarize): a
/// pull study's study.json is its config; a hypothesis test's adds a `test` member.
public enum StoredExperiment {
    public static func restore(studyText: String, field: String) throws(ConfigError) -> any Experiment {
        do {
            if let (config, test) = try HypothesisStudyFile.restore(studyText) {
                return HypothesisExperiment(test: test, study: StudyModel(config: config))
            }
            let config = try StudyConfig.parse(studyText)
            return PullExperiment(study: StudyModel(config: config), seed: config.toys.seed)
        } catch {
            throw ConfigError(field: field, error.description)
        }
    }
}
