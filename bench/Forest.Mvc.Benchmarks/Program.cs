using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Forest.Mvc.Benchmarks.SelectAllBenchmark).Assembly).Run(args);
