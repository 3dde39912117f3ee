extension StringProtocol {
    /// The first scalar of a text that reads as nothing (spaces of every kind, no-break and
    /// ideographic spaces, zero-width and other invisible format characters), or nil when the
    /// text has something a reader sees. An empty text has no such scalar and is not blank by
    /// this test: ask `isEmpty` for that.
    public var onlyInvisible: Unicode.Scalar? {
        var first: Unicode.Scalar?
        for scalar in unicodeScalars {
            let p = scalar.properties
            guard p.isWhitespace || p.isDefaultIgnorableCodePoint || p.generalCategory == .format || p.generalCategory == .control
            else { return nil }
            if first == nil { first = scalar }
        }
        return first
    }
}
