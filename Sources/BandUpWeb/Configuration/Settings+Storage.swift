import ObjectStorage

extension Settings {
    /// Where uploads (editors' media, learners' recordings) are kept, as configured.
    func makeStorage() -> any Storage {
        switch storage {
        case .local(let directory): LocalStorage(directory: directory)
        case .s3(let configuration): S3Storage(s3: S3Client(configuration: configuration))
        }
    }
}
