#if canImport(Glibc)
    import CMalloc
#endif

/// The process's freed memory, given back to the operating system between the phases of a
/// long job. glibc keeps a freed block for reuse unless it was mapped on its own, and its
/// threshold for that rises to the size of the largest block freed (up to 32 MiB): once a large
/// column has been freed, smaller freed blocks stay resident. A forest's trees, freed as they
/// were joined into the model, stayed so until the job ended (`ForestTrainer`); after loading a
/// million rows the text's parse leaves a few MiB.
public enum FreedMemory {
    /// Returns the free memory glibc holds to the operating system (`malloc_trim(0)`, which also
    /// releases whole free pages inside the heap since glibc 2.8); nothing elsewhere.
    /// - Complexity: O(the free blocks glibc holds).
    public static func release() {
        #if canImport(Glibc)
            _ = malloc_trim(0)
        #endif
    }
}
