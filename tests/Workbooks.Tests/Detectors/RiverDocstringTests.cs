using Workbooks.ModelOps.Detectors;
using Xunit;

namespace Workbooks.Tests.Detectors;

/// <summary>
/// Each detector on the stream its River docstring uses must print exactly what the docstring prints.
/// The expected lines are quoted from River's source (online-ml/river, main branch, files named per test).
/// </summary>
public class RiverDocstringTests
{
    // river/drift/adwin.py: drift.ADWIN() on Random(12345) stream ->
    //   "Change detected at index 1023, input value: 4"
    [Fact]
    public void Adwin_matches_river_docstring() =>
        Assert.Equal(["Change detected at index 1023, input value: 4"],
            DetectorFixtures.DocstringOutput(new Adwin(), DetectorFixtures.Stream12345, printWarnings: false));

    // river/drift/kswin.py: drift.KSWIN(alpha=0.0001, seed=42) on Random(12345) stream ->
    //   "Change detected at index 1016, input value: 6"
    [Fact]
    public void Kswin_matches_river_docstring() =>
        Assert.Equal(["Change detected at index 1016, input value: 6"],
            DetectorFixtures.DocstringOutput(new Kswin(alpha: 0.0001, seed: 42), DetectorFixtures.Stream12345, printWarnings: false));

    // river/drift/page_hinkley.py: drift.PageHinkley() on Random(12345) stream ->
    //   "Change detected at index 1006, input value: 5"
    [Fact]
    public void PageHinkley_matches_river_docstring() =>
        Assert.Equal(["Change detected at index 1006, input value: 5"],
            DetectorFixtures.DocstringOutput(new PageHinkley(), DetectorFixtures.Stream12345, printWarnings: false));

    // river/drift/binary/ddm.py: drift.binary.DDM() on Random(42) stream ->
    //   "Warning detected at index 1084", "Change detected at index 1334", "Warning detected at index 1492"
    [Fact]
    public void Ddm_matches_river_docstring() =>
        Assert.Equal(["Warning detected at index 1084", "Change detected at index 1334", "Warning detected at index 1492"],
            DetectorFixtures.DocstringOutput(new Ddm(), DetectorFixtures.Stream42, printWarnings: true));

    // river/drift/binary/eddm.py: drift.binary.EDDM(alpha=0.8, beta=0.75) on Random(42) stream ->
    //   "Warning detected at index 1059", "Change detected at index 1278"
    [Fact]
    public void Eddm_matches_river_docstring() =>
        Assert.Equal(["Warning detected at index 1059", "Change detected at index 1278"],
            DetectorFixtures.DocstringOutput(new Eddm(alpha: 0.8, beta: 0.75), DetectorFixtures.Stream42, printWarnings: true));

    // river/drift/binary/hddm_a.py: drift.binary.HDDM_A() on Random(42) stream ->
    //   "Warning detected at index 451", "Change detected at index 1206"
    [Fact]
    public void HddmA_matches_river_docstring() =>
        Assert.Equal(["Warning detected at index 451", "Change detected at index 1206"],
            DetectorFixtures.DocstringOutput(new HddmA(), DetectorFixtures.Stream42, printWarnings: true));

    // river/drift/binary/hddm_w.py: drift.binary.HDDM_W() on Random(42) stream ->
    //   "Warning detected at index 451", "Change detected at index 1077"
    [Fact]
    public void HddmW_matches_river_docstring() =>
        Assert.Equal(["Warning detected at index 451", "Change detected at index 1077"],
            DetectorFixtures.DocstringOutput(new HddmW(), DetectorFixtures.Stream42, printWarnings: true));
}
