using BenchmarkDotNet.Running;

// Run all benchmarks: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
