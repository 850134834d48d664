using Workbooks.ModelOps.Registry;

// Usage: Workbooks.RegistryChild REGISTRY NAME SEED
// Loops forever: registers a version with random bytes, then moves an alias (set champion, set challenger, or roll
// champion back). After each operation commits it prints one line, so the test knows what must survive a kill:
//   registered VERSION SHA256
//   alias NAME VERSION
var registry = ModelRegistry.Open(args[0]);
string name = args[1];
var random = new Random(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
Console.WriteLine("ready");
for (int i = 0; ; i++)
{
    var bytes = new byte[random.Next(1_000, 200_000)];
    random.NextBytes(bytes);
    var v = registry.Register(name, new MemoryStream(bytes), $"child-{Environment.ProcessId}-{i}.bin", new RegisterOptions
    {
        CreatedBy = "test-child",
        Metrics = new Dictionary<string, double> { ["i"] = i },
        Tags = new Dictionary<string, string> { ["pid"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Lineage = new ModelLineage { Dataset = "random", Range = DataRange.Rows(0, bytes.Length), Trainer = "none", ParentVersion = registry.TryResolveAlias(name, "champion") },
    });
    Console.WriteLine($"registered {v.Version} {v.Sha256}");
    switch (random.Next(3))
    {
        case 0: Report(registry.SetAlias(name, "champion", v.Version, "test-child")); break;
        case 1: Report(registry.SetAlias(name, "challenger", v.Version, "test-child")); break;
        default:
            try { Report(registry.Rollback(name, "champion", "test-child")); }
            catch (ModelRegistryException) { /* nothing to roll back to yet */ }
            break;
    }
}

static void Report(AliasMove move) => Console.WriteLine($"alias {move.Alias} {move.ToVersion}");

