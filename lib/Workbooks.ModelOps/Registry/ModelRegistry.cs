using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Registry;

/// <summary>
/// An embedded model registry in a folder, no server: model files stored by SHA-256 under <c>files/</c> and a
/// DuckDB catalog (<c>catalog.duckdb</c>) of registered models, their monotonically numbered versions (tags,
/// metrics, lineage), aliases such as <c>champion</c> with the history of every move, and retraining decisions.
/// Registering a version and moving an alias are each one transaction under a cross-process lock, so a process
/// killed at any moment leaves a registry that opens with every complete version and every alias pointing at one,
/// and concurrent processes get distinct version numbers. Files are verified against their SHA-256 on load.
/// </summary>
/// <example>
/// <code>
/// var dir = Path.Combine(Path.GetTempPath(), $"registry-{Guid.NewGuid():N}");
/// var registry = ModelRegistry.Open(dir);
/// var file = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.zip");
/// File.WriteAllText(file, "model bytes");
/// var v1 = registry.Register("bike", file, new RegisterOptions { Metrics = new Dictionary&lt;string, double&gt; { ["mae"] = 41.5 } });
/// registry.SetAlias("bike", "champion", v1.Version);
/// var champion = registry.Get("bike@champion");
/// Console.WriteLine($"{champion} mae={champion.Metrics["mae"]} aliases={string.Join(",", champion.Aliases)}");
/// // prints: bike:1 mae=41.5 aliases=champion
/// </code>
/// </example>
public sealed partial class ModelRegistry
{
    private const string LockFileName = "registry.lock";
    private readonly ModelFileStore _files;
    private readonly string _catalogPath, _lockPath;

    private ModelRegistry(string directory)
    {
        Directory = directory;
        _files = new ModelFileStore(Path.Combine(directory, "files"));
        _catalogPath = Path.Combine(directory, RegistryCatalog.FileName);
        _lockPath = Path.Combine(directory, LockFileName);
    }

    /// <summary>The registry folder.</summary>
    public string Directory { get; }

    /// <summary>How long an operation waits for another process's operation to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Opens the registry in <paramref name="directory"/>; with <paramref name="create"/> a missing one is created.</summary>
    public static ModelRegistry Open(string directory, bool create = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!create && !File.Exists(Path.Combine(full, RegistryCatalog.FileName)))
            throw new ModelRegistryException($"There is no model registry in '{full}' (no {RegistryCatalog.FileName}).");
        if (File.Exists(full)) throw new ModelRegistryException($"'{full}' is a file, not a registry folder.");
        System.IO.Directory.CreateDirectory(full);
        var registry = new ModelRegistry(full);
        registry.OpenCatalog();
        return registry;
    }

    /// <summary>Registers the model file at <paramref name="modelFile"/> as the next version of <paramref name="name"/>.</summary>
    public ModelVersionInfo Register(string name, string modelFile, RegisterOptions? options = null)
    {
        if (!File.Exists(modelFile)) throw new ModelRegistryException($"Model file '{modelFile}' does not exist.");
        using var stream = File.OpenRead(modelFile);
        return Register(name, stream, Path.GetFileName(modelFile), options);
    }

    /// <summary>Registers the bytes of <paramref name="model"/> as the next version of <paramref name="name"/>.</summary>
    public ModelVersionInfo Register(string name, Stream model, string? sourceFile = null, RegisterOptions? options = null)
    {
        ModelReference.CheckName(name);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new RegisterOptions();
        foreach (var (k, v) in options.Metrics)
            if (string.IsNullOrWhiteSpace(k) || !double.IsFinite(v)) throw new ArgumentException($"Metric '{k}' = {v}: metrics need a name and a finite value.");
        var lineage = options.Lineage with { GitCommit = options.Lineage.GitCommit ?? GitCommit.Current };
        // The file goes in first, outside the lock: a crash before the catalog commit leaves only an unreferenced file.
        var (sha, size) = _files.Put(model);
        var now = DateTime.UtcNow;
        return ChangeCatalog(c => ReadVersions(c, name, c.InTransaction(() =>
        {
            if (lineage.ParentVersion is { } parent && c.Scalar("SELECT 1 FROM versions WHERE name = ? AND version = ?", name, parent) is null)
                throw new ModelRegistryException($"Model '{name}' has no version {parent} to be the parent of a new one.");
            if (c.Scalar("SELECT 1 FROM models WHERE name = ?", name) is null)
                c.Execute("INSERT INTO models VALUES (?, NULL, ?)", name, now);
            int next = Convert.ToInt32(c.Scalar("SELECT coalesce(max(version), 0) + 1 FROM versions WHERE name = ?", name));
            c.Execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                name, next, sha, size, sourceFile, options.Description, now, options.CreatedBy, Creator, lineage.Dataset,
                lineage.Range?.Unit, lineage.Range?.Start, lineage.Range?.End, lineage.RowCount, lineage.DataSha256,
                lineage.Trainer, JsonText.Serialize(lineage.Hyperparameters, indented: false), lineage.ParentVersion, lineage.GitCommit);
            foreach (var (k, v) in options.Tags) c.Execute("INSERT INTO version_tags VALUES (?, ?, ?, ?)", name, next, k, v);
            foreach (var (k, v) in options.Metrics) c.Execute("INSERT INTO version_metrics VALUES (?, ?, ?, ?)", name, next, k, v);
            return next;
        }))[0]);
    }

    /// <summary>Points <paramref name="alias"/> of <paramref name="name"/> at <paramref name="version"/> (creating the alias if new).</summary>
    public AliasMove SetAlias(string name, string alias, int version, string by = "api") =>
        MoveAlias(name, alias, by, "set", (c, current, _) =>
        {
            if (c.Scalar("SELECT 1 FROM versions WHERE name = ? AND version = ?", name, version) is null)
                throw new ModelRegistryException($"Model '{name}' has no version {version}{LatestHint(c, name)}.");
            return version;
        });

    /// <summary>Moves <paramref name="alias"/> back to the version it held before its latest move (repeatable: each
    /// rollback undoes one more earlier move, a deletion included). This is how a bad promotion is undone.</summary>
    public AliasMove Rollback(string name, string alias, string by = "api") =>
        MoveAlias(name, alias, by, "rollback", (c, current, history) =>
        {
            if (history.Count == 0) throw new ModelRegistryException($"Model '{name}' has no alias '{alias}' to roll back.");
            var earlier = RollbackStack(history);
            return earlier.Count > 0 && earlier.Peek() is { } target ? target
                : throw new ModelRegistryException($"Alias '{alias}' of model '{name}' has no earlier version to roll back to ({(current is { } now ? $"it is at version {now}" : "it was deleted")}).");
        });

    /// <summary>Removes <paramref name="alias"/>; the removal is kept in its history (a rollback restores it).</summary>
    public AliasMove DeleteAlias(string name, string alias, string by = "api") =>
        MoveAlias(name, alias, by, "delete", (c, current, _) =>
            current is null ? throw new ModelRegistryException($"Model '{name}' has no alias '{alias}'.") : (int?)null);

    private AliasMove MoveAlias(string name, string alias, string by, string kind, Func<RegistryCatalog, int?, List<AliasMove>, int?> target)
    {
        ModelReference.CheckName(name);
        ModelReference.CheckAlias(alias);
        if (alias == ModelReference.Latest) throw new ModelRegistryException($"'{ModelReference.Latest}' always means the highest version; it cannot be moved.");
        return ChangeCatalog(c => c.InTransaction(() =>
        {
            RequireModel(c, name);
            int? current = c.Query("SELECT version FROM aliases WHERE name = ? AND alias = ?", r => (int?)r.GetInt32(0), name, alias).FirstOrDefault();
            var history = ReadAliasHistory(c, name, alias);
            int? to = target(c, current, history);
            var now = DateTime.UtcNow;
            if (to == current) return new AliasMove(name, alias, 0, current, to, "unchanged", now, by);
            if (to is null) c.Execute("DELETE FROM aliases WHERE name = ? AND alias = ?", name, alias);
            else if (current is null) c.Execute("INSERT INTO aliases VALUES (?, ?, ?)", name, alias, to);
            else c.Execute("UPDATE aliases SET version = ? WHERE name = ? AND alias = ?", to, name, alias);
            int seq = history.Count + 1;
            c.Execute("INSERT INTO alias_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, alias, seq, current, to, kind, now, by);
            return new AliasMove(name, alias, seq, current, to, kind, now, by);
        }));
    }

    /// <summary>The versions an alias held before, most recent on top: every move pushes the version it left, every
    /// rollback pops one, so repeated rollbacks walk back through the promotions instead of bouncing between two.</summary>
    private static Stack<int?> RollbackStack(IEnumerable<AliasMove> history)
    {
        var stack = new Stack<int?>();
        foreach (var move in history)
            if (move.Kind == "rollback") { if (stack.Count > 0) stack.Pop(); }
            else stack.Push(move.FromVersion);
        return stack;
    }

    /// <summary>Sets a registered model's description and replaces its tags (null leaves either as it is).</summary>
    public void SetModelInfo(string name, string? description, IReadOnlyDictionary<string, string>? tags = null) =>
        ChangeCatalog(c => c.InTransaction(() =>
        {
            RequireModel(c, name);
            if (description is not null) c.Execute("UPDATE models SET description = ? WHERE name = ?", description, name);
            if (tags is not null)
            {
                c.Execute("DELETE FROM model_tags WHERE name = ?", name);
                foreach (var (k, v) in tags) c.Execute("INSERT INTO model_tags VALUES (?, ?, ?)", name, k, v);
            }
            return 0;
        }));

    /// <summary>Records a retraining decision (promoted or not) with its evidence; returns it with its id and time.</summary>
    public RetrainingDecision RecordDecision(RetrainingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var at = decision.At == default ? DateTime.UtcNow : decision.At;
        return ChangeCatalog(c => c.InTransaction(() =>
        {
            RequireModel(c, decision.Name);
            int id = Convert.ToInt32(c.Scalar("SELECT coalesce(max(id), 0) + 1 FROM decisions WHERE name = ?", decision.Name));
            c.Execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                decision.Name, id, at, decision.Trigger, decision.ChampionVersion, decision.ChallengerVersion,
                decision.TrainRange?.Unit, decision.TrainRange?.Start, decision.TrainRange?.End,
                decision.HoldoutRange?.Unit, decision.HoldoutRange?.Start, decision.HoldoutRange?.End,
                JsonText.Serialize(decision.ChampionMetrics, indented: false), JsonText.Serialize(decision.ChallengerMetrics, indented: false),
                decision.Promoted, decision.DryRun, decision.Reason, decision.CreatedBy);
            return decision with { Id = id, At = at };
        }));
    }

    /// <summary>The version's model file, after checking it is there and matches its SHA-256.</summary>
    public string GetVerifiedFile(ModelVersionInfo version) => _files.Verify(version.Name, version.Version, version.Sha256);

    /// <summary>Resolves <paramref name="reference"/> (<c>NAME</c>, <c>NAME:VERSION</c>, <c>NAME@ALIAS</c>), verifies its
    /// file and loads it with <paramref name="load"/> (for example an ML.NET model loader).</summary>
    public (ModelVersionInfo Version, T Model) Load<T>(string reference, Func<string, T> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var version = Get(reference);
        return (version, load(GetVerifiedFile(version)));
    }

    /// <summary>A cheap fingerprint of the catalog files (sizes and write times); it changes whenever a write commits.</summary>
    internal (long, long, long, long) ChangeStamp()
    {
        var db = new FileInfo(_catalogPath);
        var wal = new FileInfo(_catalogPath + ".wal");
        return (db.Exists ? db.Length : -1, db.Exists ? db.LastWriteTimeUtc.Ticks : 0, wal.Exists ? wal.Length : -1, wal.Exists ? wal.LastWriteTimeUtc.Ticks : 0);
    }

    private T WithCatalog<T>(Func<RegistryCatalog, T> read)
    {
        using var held = RegistryLock.Acquire(_lockPath, LockTimeout);
        return RegistryCatalog.Read(_catalogPath, read);
    }

    private T ChangeCatalog<T>(Func<RegistryCatalog, T> write)
    {
        using var held = RegistryLock.Acquire(_lockPath, LockTimeout);
        return RegistryCatalog.Write(_catalogPath, write);
    }

    /// <summary>Creates the catalog with its schema when it is new, and folds in a log an earlier version left.</summary>
    private void OpenCatalog()
    {
        using var held = RegistryLock.Acquire(_lockPath, LockTimeout);
        RegistryCatalog.FoldLegacyLog(_catalogPath);
        RegistryCatalog.Write(_catalogPath, _ => 0);   // also adds any table a newer schema has
    }

    private static void RequireModel(RegistryCatalog c, string name)
    {
        if (c.Scalar("SELECT 1 FROM models WHERE name = ?", name) is null)
        {
            var known = c.Query("SELECT name FROM models ORDER BY name", r => r.GetString(0));
            throw new ModelRegistryException($"No model named '{name}' is registered{(known.Count > 0 ? $" (registered: {string.Join(", ", known.Take(20))})" : "")}.");
        }
    }

    private static string LatestHint(RegistryCatalog c, string name) =>
        c.Scalar("SELECT max(version) FROM versions WHERE name = ?", name) is { } max ? $" (its versions are 1 to {max})" : "";

    private static string Creator => $"{Environment.UserName}@{Environment.MachineName}";
}
