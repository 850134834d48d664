using Workbooks.ModelOps.Tuning;
using Xunit;

namespace Workbooks.Tests.Tuning;

public class FoldsTests
{
    [Fact]
    public void KFold_validates_every_row_exactly_once_and_never_trains_on_it()
    {
        var folds = Folds.KFold(103, 4, seed: 3);
        Assert.Equal(4, folds.Count);
        Assert.Equal(Enumerable.Range(0, 103), folds.SelectMany(f => f.Validate).Order());
        foreach (var f in folds)
        {
            Assert.Empty(f.Train.Intersect(f.Validate));
            Assert.Equal(103, f.Train.Length + f.Validate.Length);
        }
        Assert.Equal(folds.Select(f => f.Validate), Folds.KFold(103, 4, seed: 3).Select(f => f.Validate));
        Assert.NotEqual(folds[0].Validate, Folds.KFold(103, 4, seed: 4)[0].Validate);
    }

    [Fact]
    public void Time_ordered_folds_match_the_doc_example_and_expand()
    {
        var folds = Folds.TimeOrdered(10, 2);
        Assert.Equal("0,1,2 -> 3,4,5 | 0,1,2,3,4,5 -> 6,7,8,9",
            string.Join(" | ", folds.Select(f => $"{string.Join(",", f.Train)} -> {string.Join(",", f.Validate)}")));
    }

    [Fact]
    public void Time_ordered_data_never_trains_on_rows_later_than_it_validates_or_holds_out()
    {
        var data = TuningFixtures.Regression(500);
        var (search, holdout) = data.Split(0.2, seed: 1);
        Assert.True(search.Max() < holdout.Min(), "the held-out rows of time-ordered data are its last rows");
        foreach (var fold in data.Folds(search, 4, seed: 1))
            Assert.True(fold.Train.Max() < fold.Validate.Min(), $"fold trains on row {fold.Train.Max()} but validates from row {fold.Validate.Min()}");
    }

    [Fact]
    public void Shuffled_k_fold_would_leak_future_rows_which_is_why_time_ordered_data_does_not_use_it()
    {
        // the same check as above fails for k-fold: it is a real check, and k-fold is not for time-ordered data
        var data = TuningFixtures.Binary(500);
        Assert.False(data.TimeOrdered);
        var (search, holdout) = data.Split(0.2, seed: 1);
        Assert.Empty(search.Intersect(holdout));
        Assert.True(holdout.Min() < search.Max(), "a random holdout mixes times");
        Assert.Contains(data.Folds(search, 4, seed: 1), f => f.Train.Max() > f.Validate.Min());
    }

    [Fact]
    public void Too_few_rows_or_folds_are_refused_with_a_message()
    {
        Assert.Contains("at least 2 folds", Assert.Throws<ArgumentException>(() => Folds.KFold(100, 1, 1)).Message);
        Assert.Contains("too few", Assert.Throws<ArgumentException>(() => Folds.TimeOrdered(5, 3)).Message);
    }
}
