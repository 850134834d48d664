using BenchmarkDotNet.Running;
using Workbooks.Benchmarks;

// Run all benchmarks: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*'
// CPU time of the drift benchmark (load-insensitive): dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- drift-cpu [ROWS] [RUNS]
// CPU time of single-row prediction, ML.NET vs compiled trees: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- compression-cpu [CALLS]
// Write the end-to-end drift CSV files: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-drift-csv FOLDER [ROWS] [COLUMNS]
if (args.Length >= 2 && args[0] == "make-drift-csv")
{
    int rows = args.Length > 2 ? int.Parse(args[2]) : 1_000_000, columns = args.Length > 3 ? int.Parse(args[3]) : 20;
    DriftBenchmarkData.WriteCsvFiles(args[1], rows, columns);
    Console.WriteLine($"wrote reference.csv and current.csv ({rows} rows x {columns} columns) to {args[1]}");
    return;
}
// Parquet logs for profiling: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-profile-parquet FOLDER ROWS COLUMNS FILES
if (args.Length >= 2 && args[0] == "make-profile-parquet")
{
    long rows = args.Length > 2 ? long.Parse(args[2]) : 10_000_000;
    int columns = args.Length > 3 ? int.Parse(args[3]) : 20, files = args.Length > 4 ? int.Parse(args[4]) : 4;
    foreach (bool current in new[] { false, true }) await ProfileBenchmarkData.WriteParquetFiles(args[1], rows, columns, files, current);
    Console.WriteLine($"wrote reference-*.parquet and current-*.parquet ({rows} rows x {columns} columns each, {files} files) to {args[1]}");
    return;
}
// One side of generated logs, Parquet and CSV with the same rows: ... -- make-profile-logs FOLDER ROWS COLUMNS (benchmarks/profile_100m.sh)
if (args.Length >= 2 && args[0] == "make-profile-logs")
{
    long rows = args.Length > 2 ? long.Parse(args[2]) : 10_000_000;
    int columns = args.Length > 3 ? int.Parse(args[3]) : 20;
    await ProfileBenchmarkData.WriteParquetFiles(args[1], rows, columns, 1, current: false);
    ProfileBenchmarkData.WriteCsv(Path.Combine(args[1], "reference-000.csv"), rows, columns);
    Console.WriteLine($"wrote reference-000.parquet and reference-000.csv ({rows} rows x {columns} columns) to {args[1]}");
    return;
}
if (args.Length >= 1 && args[0] == "drift-cpu")
{
    DriftCpuTime.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 3);
    return;
}
// The GPU-training issue's figures (trainers vs ML.NET, tree scoring, MMD; GPU rows when CUDA is found):
// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- training [ROWS] [--mmd ROWS_PER_SIDE] [--threads N] [--no-gpu]
if (args.Length >= 1 && args[0] == "training")
{
    TrainingComparison.Run(args);
    return;
}
// The training verb's tree-scoring part alone (ML.NET Transform vs the compiled ensemble, CPU):
// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- tree-scoring [ROWS] [--threads N]
if (args.Length >= 1 && args[0] == "tree-scoring")
{
    int at = Array.IndexOf(args, "--threads");
    TrainingComparison.Scoring(args.Length > 1 && !args[1].StartsWith('-') ? int.Parse(args[1]) : 200_000,
        at > 0 ? int.Parse(args[at + 1]) : Environment.ProcessorCount, gpu: null);
    return;
}
if (args.Length >= 1 && args[0] == "compression-cpu")
{
    CompressionCpuTime.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000);
    return;
}
// The model service under HTTP load (no cache / memory / Redis, Zipf and replay traffic, monitor overhead):
// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- serving-load [REQUESTS] [CONCURRENCY,...]
if (args.Length >= 1 && args[0] == "serving-load")
{
    await Workbooks.Benchmarks.Serving.ServingLoadTest.Run(args.Length > 1 ? int.Parse(args[1]) : 4000,
        args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 8, 32]);
    return;
}
// Every compression variant of the three examples measured (bytes, p50/p99, rows/s, quality):
// ... -- compression-variants [CALLS] [TECHNIQUES] [--mlp 64,32]
if (args.Length >= 1 && args[0] == "compression-variants")
{
    int mlp = Array.IndexOf(args, "--mlp");
    var positional = args.Where((a, i) => i >= 1 && a != "--mlp" && (mlp < 0 || i != mlp + 1)).ToArray();
    CompressionVariantsRun.Run(positional.Length > 0 ? int.Parse(positional[0]) : 3000, positional.Length > 1 ? positional[1].Split(',') : null,
        mlp > 0 && mlp + 1 < args.Length ? args[mlp + 1].Split(',').Select(int.Parse).ToArray() : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
