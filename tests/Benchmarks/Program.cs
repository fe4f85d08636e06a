using BenchmarkDotNet.Running;

// ./platform bench [BenchmarkDotNet arguments], e.g. ./platform bench --filter '*MonteCarlo*'
BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.MonteCarloBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
