namespace Workbooks.Tests;

/// <summary>Bytes a piece of code allocates on the calling thread, in its steady state.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// The least that <paramref name="pass"/> allocated over up to three passes (stopping at a pass
    /// that allocated nothing). The runtime itself can allocate on the calling thread while it
    /// recompiles a hot loop (on-stack replacement, tier-up), which on a loaded machine may fall inside
    /// a measured pass (seen once as 2,864 bytes); an allocation in the code under test recurs in
    /// every pass, so the least pass still shows it.
    /// </summary>
    public static long LeastAllocated(Action pass)
    {
        long least = long.MaxValue;
        for (int i = 0; i < 3 && least != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            pass();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
